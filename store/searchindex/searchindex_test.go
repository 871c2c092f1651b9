package searchindex_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"marginalia/annotate"
	"marginalia/annotate/search"
	"marginalia/store/searchindex"
)

func openDB(t *testing.T) *bolt.DB {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "test.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func note(id, text string) search.Doc {
	return search.AnnotationDoc(annotate.Annotation{ID: id, ArticleID: "art-1", Kind: annotate.KindNote, Note: text}, nil)
}

func find(t *testing.T, db *bolt.DB, eng *search.Engine, q string) []string {
	t.Helper()
	var ids []string
	err := db.View(func(tx *bolt.Tx) error {
		r, ok := searchindex.Reader(tx)
		if !ok {
			return errors.New("no index")
		}
		res, err := eng.Search(context.Background(), r, search.ParseQuery(q), 10)
		for _, x := range res {
			ids = append(ids, x.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestTransactions: the index commits and rolls back with the
// transaction that writes it, and one Engine follows both.
func TestTransactions(t *testing.T) {
	db := openDB(t)
	eng := search.NewEngine()
	update := func(put []search.Doc, del []string, fail bool) error {
		return db.Update(func(tx *bolt.Tx) error {
			w, err := searchindex.Writer(tx)
			if err != nil {
				return err
			}
			if err := search.Update(w, put, del); err != nil {
				return err
			}
			if fail {
				return errors.New("the record write failed")
			}
			return nil
		})
	}
	if err := update([]search.Doc{note("a", "satellite imagery of the convoy"), note("b", "grain exports")}, nil, false); err != nil {
		t.Fatal(err)
	}
	if got := find(t, db, eng, "satelite convoy"); !slices.Equal(got, []string{"a"}) {
		t.Fatalf("after commit: got %v, want [a]", got)
	}
	if err := update([]search.Doc{note("c", "convoy again")}, []string{"a"}, true); err == nil {
		t.Fatal("the failing transaction committed")
	}
	if got := find(t, db, eng, "convoy"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("after rollback: got %v, want [a]", got)
	}
	if err := update([]search.Doc{note("c", "convoy again")}, []string{"a"}, false); err != nil {
		t.Fatal(err)
	}
	if got := find(t, db, eng, "convoy"); !slices.Equal(got, []string{"c"}) {
		t.Errorf("after the second commit: got %v, want [c]", got)
	}
	err := db.View(func(tx *bolt.Tx) error {
		r, _ := searchindex.Reader(tx)
		p, err := search.Check(r, []search.Doc{note("b", "grain exports"), note("c", "convoy again")})
		if err == nil && len(p) > 0 {
			t.Errorf("Check: %v", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRebuild(t *testing.T) {
	db := openDB(t)
	err := db.View(func(tx *bolt.Tx) error {
		if _, ok := searchindex.Reader(tx); ok {
			t.Error("a new database has an index")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	docs := []search.Doc{note("a", "tonnes of grain"), note("b", "dredging the channel")}
	var calls []int
	for range 2 { // twice: the second replaces the first
		err := db.Update(func(tx *bolt.Tx) error {
			return searchindex.Rebuild(tx, docs, func(done, total int) { calls = append(calls, done, total) })
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(calls[len(calls)-2:], []int{2, 2}) {
		t.Errorf("progress calls %v, want to end with 2 of 2", calls)
	}
	if got := find(t, db, search.NewEngine(), "dreging"); !slices.Equal(got, []string{"b"}) {
		t.Errorf("got %v, want [b]", got)
	}
}
