package search

import (
	"context"
	"sync"
)

// Index is a search index in memory: a MemStorage and an Engine behind
// the API the application used before the index moved into the
// database. New code should keep the index in the database (Update in
// the write transaction, Engine.Search in a read one); Index suits tests
// and tools without a database.
type Index struct {
	mu  sync.RWMutex
	st  *MemStorage
	eng *Engine
}

// New returns an empty Index.
func New() *Index { return &Index{st: NewMemStorage(), eng: NewEngine()} }

// Put adds the docs, or replaces the records with their IDs. It checks
// every doc first and changes nothing when one is invalid.
func (ix *Index) Put(docs ...Doc) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.st.Len() == 0 && len(docs) > 1 {
		seen := make(map[string]bool, len(docs))
		dup := false
		for i := range docs {
			dup = dup || seen[docs[i].ID]
			seen[docs[i].ID] = true
		}
		if !dup {
			for i := range docs {
				if err := checkDoc(&docs[i]); err != nil {
					return err
				}
			}
			return Build(ix.st, docs, nil)
		}
	}
	return Update(ix.st, docs, nil)
}

// Delete removes the records with the IDs; IDs not in the index are
// ignored.
func (ix *Index) Delete(ids ...string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	_ = Update(ix.st, nil, ids) // MemStorage never fails
}

// Len returns the number of records in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n := 0
	_ = ix.st.Ascend([]byte{kID}, func(k, _ []byte) bool {
		if k[0] != kID {
			return false
		}
		n++
		return true
	})
	return n
}

// Search returns the records that match q, best first (see
// Engine.Search).
func (ix *Index) Search(ctx context.Context, q Query, limit int) ([]Result, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.eng.Search(ctx, ix.st, q, limit)
}

// Storage returns the MemStorage the index lives in.
func (ix *Index) Storage() *MemStorage { return ix.st }
