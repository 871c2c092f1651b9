package searchindex_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"marginalia/annotate"
	"marginalia/annotate/search"
	"marginalia/store/searchindex"
)

func Example() {
	dir, _ := os.MkdirTemp("", "searchindex")
	defer os.RemoveAll(dir)
	db, err := bolt.Open(filepath.Join(dir, "marginalia.db"), 0o600, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	// In the transaction that writes the records: update the index with
	// what changed.
	claim := annotate.Annotation{ID: "ann-1", ArticleID: "art-1", Kind: annotate.KindClaim,
		Quote: annotate.Quote{Exact: "Grain exports reached 4.2 million tonnes."}}
	err = db.Update(func(tx *bolt.Tx) error {
		w, err := searchindex.Writer(tx)
		if err != nil {
			return err
		}
		return search.Update(w, []search.Doc{search.AnnotationDoc(claim, nil)}, nil)
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// In a read transaction: search. Keep one Engine per process.
	eng := search.NewEngine()
	_ = db.View(func(tx *bolt.Tx) error {
		r, ok := searchindex.Reader(tx)
		if !ok {
			return nil // no index yet: rebuild it
		}
		res, err := eng.Search(context.Background(), r, search.ParseQuery("tonnes graim"), 10)
		for _, x := range res {
			fmt.Println(x.Kind, x.ID, x.Text, x.Matches)
		}
		return err
	})
	// Output:
	// claim ann-1 Grain exports reached 4.2 million tonnes. [[0 5] [34 40]]
}
