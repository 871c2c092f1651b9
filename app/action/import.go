package action

import (
	"fmt"
	"path/filepath"

	"marginalia/annotate"
	"marginalia/annotate/extract"
	"marginalia/store"
)

// Source is one file to import, read but not yet stored. Read fills
// Article, or Err when the file cannot become an article.
type Source struct {
	Name    string // the file's name, for messages
	Article annotate.Article
	Err     error
}

// ReadFile reads and extracts the article in a file at path. It touches
// no store: run it off the UI goroutine, and store the results with Import.
func (s *Service) ReadFile(path string) Source {
	src := Source{Name: filepath.Base(path)}
	res, err := extract.File(path)
	if err == nil {
		src.Article, err = res.Article(s.Now())
	}
	src.Err = err
	return src
}

// ReadData extracts the article in data, named name (its extension picks
// the format: text, Markdown or HTML).
func (s *Service) ReadData(name string, data []byte) Source {
	src := Source{Name: name}
	res, err := extract.Bytes(name, data)
	if err == nil {
		src.Article, err = res.Article(s.Now())
	}
	src.Err = err
	return src
}

// Imported is what became of one article Import stored.
type Imported struct {
	Name    string
	Article annotate.Article // as stored: an article already in the library keeps its own ID and title
	New     bool             // false when the text was already in the library
}

// Import stores the articles of srcs that were read without error as one
// undoable step, all or none, and reports each. A text already in the
// library is not stored twice: its stored article is reported instead.
func (s *Service) Import(srcs []Source) ([]Imported, error) {
	var ok []Source
	for _, src := range srcs {
		if src.Err == nil {
			ok = append(ok, src)
		}
	}
	if len(ok) == 0 {
		return nil, nil
	}
	label := fmt.Sprintf("Import %d articles", len(ok))
	if len(ok) == 1 {
		label = "Import " + quoted(ok[0].Article.Title, 40)
	}
	var out []Imported
	err := s.st.Do(label, func(tx *store.Tx) error {
		out = out[:0]
		for _, src := range ok {
			stored, isNew, err := tx.ImportArticle(src.Article)
			if err != nil {
				return fmt.Errorf("import %s: %w", src.Name, err)
			}
			out = append(out, Imported{Name: src.Name, Article: stored, New: isNew})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
