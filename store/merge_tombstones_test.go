package store

import (
	"errors"
	"slices"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// clone copies a database's whole content into a new one, as a colleague
// who merged everything would have it.
func clone(t *testing.T, s *Store) *Store {
	t.Helper()
	b, err := s.ExportBundle(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := openTemp(t)
	if _, err := c.Merge(b, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	return c
}

func exportAll(t *testing.T, s *Store) *bundle.Bundle {
	t.Helper()
	b, err := s.ExportBundle(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func annotationIDs(t *testing.T, s *Store, articleID string) []string {
	t.Helper()
	var ids []string
	for _, a := range storedAnns(t, s, articleID) {
		ids = append(ids, a.ID)
	}
	slices.Sort(ids)
	return ids
}

func storedAnns(t *testing.T, s *Store, articleID string) []annotate.Annotation {
	t.Helper()
	var anns []annotate.Annotation
	if err := s.View(func(tx *Tx) error {
		var err error
		anns, err = tx.AnnotationsOf(articleID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return anns
}

func deleteAs(t *testing.T, s *Store, id, who string, at time.Time) {
	t.Helper()
	if err := s.Do("Delete", func(tx *Tx) error { tx.Actor(who, at); _, err := tx.Delete(id); return err }); err != nil {
		t.Fatal(err)
	}
}

func TestDeletionsTravel(t *testing.T) {
	a := openTemp(t)
	art := mustArticle(t, a, "A", "Some words to annotate here, and some more.")
	x := mustAnnotate(t, a, art, "words", annotate.KindClaim)
	y := mustAnnotate(t, a, art, "more", annotate.KindQuote)
	b := clone(t, a)
	old := exportAll(t, a) // before the deletion
	deleteAs(t, a, x.ID, "ana", t0.Add(time.Hour))

	// B merges A's bundle: X goes, with A's name on the tombstone.
	rep, err := b.Merge(exportAll(t, a), MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Annotations.Deleted != 1 || !slices.Equal(annotationIDs(t, b, art.ID), []string{y.ID}) {
		t.Fatalf("report %+v, annotations %v; want X deleted", rep.Annotations, annotationIDs(t, b, art.ID))
	}
	_ = b.View(func(tx *Tx) error {
		if ts, ok := tx.Tombstone(x.ID); !ok || ts.Deleter != "ana" {
			t.Errorf("tombstone at B = %+v", ts)
		}
		return nil
	})
	// An older bundle that still holds X does not bring it back, at A or B.
	for _, s := range []*Store{a, b} {
		if _, err := s.Merge(old, MergeOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := annotationIDs(t, s, art.ID); !slices.Equal(got, []string{y.ID}) {
			t.Errorf("the old bundle brought X back: %v", got)
		}
	}
	// Merging the same bundle twice changes nothing.
	rep, err = b.Merge(exportAll(t, a), MergeOptions{})
	if err != nil || rep.Changed() {
		t.Errorf("second merge: %+v, %v", rep, err)
	}
}

func TestEditAfterDeletionIsAConflictAndWins(t *testing.T) {
	a := openTemp(t)
	art := mustArticle(t, a, "A", "Some words to annotate here, and some more.")
	x := mustAnnotate(t, a, art, "words", annotate.KindClaim)
	b := clone(t, a)
	deleteAs(t, a, x.ID, "ana", t0.Add(time.Hour))
	// B edits X after A deleted it.
	x.Note, x.Modified = "still matters", t0.Add(2*time.Hour)
	if err := b.Do("Edit", func(tx *Tx) error { return tx.PutAnnotation(x) }); err != nil {
		t.Fatal(err)
	}
	// Either way round: X survives, the conflict is reported, and both
	// databases keep the tombstone.
	repB, err := b.Merge(exportAll(t, a), MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	repA, err := a.Merge(exportAll(t, b), MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]Report{"at B": repB, "at A": repA} {
		if len(r.Conflicts()) != 1 || r.Conflicts()[0].ID != x.ID {
			t.Errorf("%s: conflicts %v, want one about X", name, r.Conflicts())
		}
	}
	for _, s := range []*Store{a, b} {
		anns := storedAnns(t, s, art.ID)
		if len(anns) != 1 || anns[0].Note != "still matters" {
			t.Errorf("X = %+v, want B's edit", anns)
		}
		_ = s.View(func(tx *Tx) error {
			if _, ok := tx.Tombstone(x.ID); !ok {
				t.Error("the tombstone was lost")
			}
			return nil
		})
	}
}

func TestBadTombstonesAreRefused(t *testing.T) {
	s := openTemp(t)
	art := mustArticle(t, s, "A", "Some words to annotate here.")
	ann := mustAnnotate(t, s, art, "words", annotate.KindClaim)
	for _, tc := range []struct {
		name string
		ts   annotate.Tombstone
	}{
		{"dated in the future", annotate.Tombstone{ID: ann.ID, Type: annotate.RecordAnnotation, Deleted: time.Now().Add(48 * time.Hour)}},
		{"for a record of another type", annotate.Tombstone{ID: ann.ID, Type: annotate.RecordLink, Deleted: t0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := mgDump(t, s)
			_, err := s.Merge(&bundle.Bundle{Tombstones: []annotate.Tombstone{tc.ts}}, MergeOptions{})
			if !errors.Is(err, bundle.ErrRefused) {
				t.Errorf("got %v, want a refusal", err)
			}
			if after := mgDump(t, s); !slices.Equal(sortedKeysOf(after), sortedKeysOf(before)) {
				t.Error("a refused bundle changed the database")
			}
		})
	}
}

func sortedKeysOf(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	slices.Sort(out)
	return out
}
