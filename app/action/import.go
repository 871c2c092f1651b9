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
	// Version, when not nil, says the text was a new version of an
	// article already in the library (same URL) and what became of its
	// annotations.
	Version *VersionResult
}

// Import stores the articles of srcs that were read without error as one
// undoable step, all or none, and reports each. A text already in the
// library is not stored twice: its stored article is reported instead. A
// new text whose URL (compared in canonical form) is that of an article
// in the library becomes that article's newest version.
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
		byURL, err := urlIndex(tx)
		if err != nil {
			return err
		}
		for _, src := range ok {
			if id := byURL[annotate.CanonicalURL(src.Article.URL)]; src.Article.URL != "" && id != "" && tx.ArticleByHash(src.Article.TextHash) == "" {
				v, err := s.addVersion(tx, id, src.Article)
				if err != nil {
					return fmt.Errorf("import %s as a new version: %w", src.Name, err)
				}
				out = append(out, Imported{Name: src.Name, Article: v.Article, Version: &v})
				continue
			}
			stored, isNew, err := tx.ImportArticle(src.Article)
			if err != nil {
				return fmt.Errorf("import %s: %w", src.Name, err)
			}
			if isNew && stored.URL != "" {
				byURL[annotate.CanonicalURL(stored.URL)] = stored.ID
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

// urlIndex maps the canonical URLs of the library's articles to their IDs.
func urlIndex(tx *store.Tx) (map[string]string, error) {
	m := map[string]string{}
	err := tx.ForEachArticle(func(a annotate.Article) error {
		if a.URL != "" {
			m[annotate.CanonicalURL(a.URL)] = a.ID
		}
		return nil
	})
	return m, err
}
