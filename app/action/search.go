package action

import (
	"context"
	"fmt"

	"marginalia/annotate/search"
	"marginalia/store"
	"marginalia/store/searchindex"
)

// Search runs q over the database's search index, best first, at most
// limit results. A database without a current index (opened read-only
// before its upgrade) is searched through an index built in memory for
// this one query: correct, only slower.
func (s *Service) Search(ctx context.Context, q search.Query, limit int) ([]search.Result, error) {
	var res []search.Result
	err := s.st.View(func(tx *store.Tx) error {
		r, ok := searchindex.Open(tx)
		if !ok {
			mem, err := memoryIndex(tx)
			if err != nil {
				return err
			}
			r = mem
		}
		var err error
		res, err = s.search.Search(ctx, r, q, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

func memoryIndex(tx *store.Tx) (search.Reader, error) {
	docs, err := searchindex.Docs(tx)
	if err != nil {
		return nil, err
	}
	mem := search.NewMemStorage()
	if err := search.Build(mem, docs, nil); err != nil {
		return nil, err
	}
	return mem, nil
}

// SearchReady reports whether the database's search index is built; when
// it is not, BuildSearchIndex builds it (once, after an upgrade).
func (s *Service) SearchReady() bool { return s.st.IndexReady() }

// BuildSearchIndex (re)builds the search index from every record,
// reporting progress.
func (s *Service) BuildSearchIndex(progress func(done, total int)) error {
	return s.st.BuildIndex(progress)
}

// CheckSearchIndex compares the stored search index with the records and
// describes every difference (none when it is sound); built is false when
// the database has none yet.
func (s *Service) CheckSearchIndex() (problems []string, built bool, err error) {
	err = s.st.View(func(tx *store.Tx) error {
		problems, built, err = searchindex.Check(tx)
		return err
	})
	if err != nil {
		return nil, built, fmt.Errorf("check the search index: %w", err)
	}
	return problems, built, nil
}
