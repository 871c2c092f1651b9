package searchindex_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/search"
	"marginalia/store"
	"marginalia/store/searchindex"
	"marginalia/store/storetest"
)

func findIDs(t *testing.T, st *store.Store, q string) []string {
	t.Helper()
	var ids []string
	err := st.View(func(tx *store.Tx) error {
		r, ok := searchindex.Open(tx)
		if !ok {
			t.Fatal("no current index")
		}
		res, err := search.Search(context.Background(), r, search.ParseQuery(q), 10)
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

// TestIndexFollowsTheStore: with the Indexer installed, every write
// (records, undo, redo) updates the index in its transaction; a program
// without it drops the index rather than leave it stale; BuildIndex
// brings it back.
func TestIndexFollowsTheStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	st := storetest.OpenPath(t, path)
	if !st.IndexReady() {
		t.Fatal("a new database starts without its index")
	}
	art := newArticle("art-1", "Harbour strike", "The dockers walked out over pay on Monday.")
	if err := st.Do("Import", func(tx *store.Tx) error { return tx.PutArticle(art) }); err != nil {
		t.Fatal(err)
	}
	if got := findIDs(t, st, "dockrs"); !slices.Equal(got, []string{"art-1"}) {
		t.Fatalf("a word of the text finds %v", got)
	}
	if _, err := st.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := findIDs(t, st, "dockers"); len(got) != 0 {
		t.Errorf("after undo the article is still found: %v", got)
	}
	if _, err := st.Redo(); err != nil {
		t.Fatal(err)
	}
	if got := findIDs(t, st, "dockers"); len(got) != 1 {
		t.Errorf("after redo the article is not found: %v", got)
	}
	storetest.CheckAndClose(t, st)

	// Another program writes without the index: it drops it on open.
	other, err := store.Open(path, &store.Options{NoSync: true, InitialMmapSize: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	art2 := newArticle("art-2", "Bakery", "Sourdough needs time.")
	if err := other.Do("Import", func(tx *store.Tx) error { return tx.PutArticle(art2) }); err != nil {
		t.Fatal(err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}

	st = storetest.OpenPath(t, path)
	if st.IndexReady() {
		t.Fatal("the index survived writes made without it")
	}
	var calls int
	if err := st.BuildIndex(func(done, total int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	if !st.IndexReady() || calls == 0 {
		t.Fatalf("after BuildIndex: ready %v, %d progress calls", st.IndexReady(), calls)
	}
	if got := findIDs(t, st, "sourdough"); !slices.Equal(got, []string{"art-2"}) {
		t.Errorf("the rebuilt index finds %v", got)
	}
}

func newArticle(id, title, text string) annotate.Article {
	return annotate.Article{ID: id, Title: title, Text: text, TextHash: annotate.HashText(text), Imported: time.Now().UTC()}
}

// TestLargeChangeRebuilds: a change too large to update record by record
// is indexed by a fresh build in the same transaction, with the same
// result.
func TestLargeChangeRebuilds(t *testing.T) {
	st := storetest.Open(t)
	if err := st.Do("One", func(tx *store.Tx) error {
		return tx.PutArticle(newArticle("art-1", "Harbour strike", "Dockers walked out."))
	}); err != nil {
		t.Fatal(err)
	}
	const n = 5200
	err := st.Do("Many", func(tx *store.Tx) error {
		for i := range n {
			if err := tx.PutSpeaker(annotate.Speaker{ID: fmt.Sprintf("sp-%05d", i), Name: fmt.Sprintf("Person Number%05d", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := findIDs(t, st, `"number05199"`); !slices.Equal(got, []string{"sp-05199"}) {
		t.Errorf("the last speaker of the large change finds %v", got)
	}
	if got := findIDs(t, st, "dockers"); !slices.Equal(got, []string{"art-1"}) {
		t.Errorf("the article from before the rebuild finds %v", got)
	}
	if _, err := st.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := findIDs(t, st, `"number05199"`); len(got) != 0 {
		t.Errorf("after undoing the large change: %v", got)
	}
}

// TestMergeKeepsIndexFresh: a merge that re-points an article (same
// text, another ID), matches a speaker by name, deletes a speaker whose
// annotation stays unattributed, and cleans tags leaves the search index
// as a build from the records would (the index reads what the merge wrote
// as the merge holds it, not decoded again).
func TestMergeKeepsIndexFresh(t *testing.T) {
	text := "The union disputes that account. Its secretary, Lina Okafor, said the offer was below inflation."
	now := time.Now().UTC().Add(-time.Hour)
	a := storetest.Open(t)
	b := storetest.Open(t)
	artA := newArticle("art-a", "Port", text)
	artB := newArticle("art-b", "Port copy", text)
	spA := annotate.Speaker{ID: "sp-a", Name: "Lina Okafor"}
	spB := annotate.Speaker{ID: "sp-b", Name: "lina okafor", Aliases: []string{"L. Okafor"}}
	spDel := annotate.Speaker{ID: "sp-del", Name: "Tomas Ferreira"}
	mk := func(id, art, quote, sp string, tags ...string) annotate.Annotation {
		txt := annotate.NewText(text)
		span, ok := txt.Find(quote, 1)
		if !ok {
			t.Fatal(quote)
		}
		n, err := annotate.NewAnnotation(art, txt, span, annotate.KindClaim, "dana", now)
		if err != nil {
			t.Fatal(err)
		}
		n.ID, n.SpeakerID, n.Tags = id, sp, tags
		return n
	}
	if err := a.Update(func(tx *store.Tx) error {
		for _, f := range []func() error{
			func() error { return tx.PutArticle(artA) },
			func() error { return tx.PutSpeaker(spA) },
			func() error { return tx.PutSpeaker(spDel) },
			func() error { return tx.PutAnnotation(mk("ann-a", "art-a", "union disputes", "sp-del", "labour")) },
		} {
			if err := f(); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *store.Tx) error {
		for _, f := range []func() error{
			func() error { return tx.PutArticle(artB) },
			func() error { return tx.PutSpeaker(spB) },
			func() error {
				return tx.PutAnnotation(mk("ann-b", "art-b", "below inflation", "sp-b", "Pay", "pay", " wages "))
			},
		} {
			if err := f(); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	bun, err := b.ExportBundle(nil)
	if err != nil {
		t.Fatal(err)
	}
	bun.Tombstones = append(bun.Tombstones, annotate.Tombstone{ID: "sp-del", Type: annotate.RecordSpeaker, Deleter: "ben", Deleted: time.Now().UTC()})
	rep, err := a.Merge(bun, store.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Annotations.Added != 1 {
		t.Errorf("merge report: %+v, want the one annotation added", rep.Annotations)
	}
	// The merged annotation is found under its re-pointed article and
	// matched speaker; storetest checks the whole index against a build
	// when the store closes.
	if got := findIDs(t, a, "below inflation"); !slices.Contains(got, "ann-b") {
		t.Errorf("the merged annotation is not found: %v", got)
	}
}
