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
	good := annotate.Tombstone{ID: ann.ID, Type: annotate.RecordAnnotation, Deleter: "ana", Deleted: t0.Add(time.Hour)}
	for _, tc := range []struct {
		name   string
		stones []annotate.Tombstone
	}{
		{"dated in the future", []annotate.Tombstone{{ID: ann.ID, Type: annotate.RecordAnnotation, Deleted: time.Now().Add(48 * time.Hour)}}},
		{"for a record of another type", []annotate.Tombstone{{ID: ann.ID, Type: annotate.RecordLink, Deleted: t0}}},
		{"of an unknown type", []annotate.Tombstone{{ID: ann.ID, Type: "rumour", Deleted: t0}}},
		{"with an ID that is not one", []annotate.Tombstone{{ID: "../" + ann.ID, Type: annotate.RecordAnnotation, Deleted: t0}}},
		{"without a time", []annotate.Tombstone{{ID: ann.ID, Type: annotate.RecordAnnotation}}},
		// All or nothing: a good tombstone beside a bad one deletes nothing.
		{"beside a good one", []annotate.Tombstone{good, {ID: "", Type: annotate.RecordAnnotation, Deleted: t0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := mgDump(t, s)
			_, err := s.Merge(&bundle.Bundle{Tombstones: tc.stones}, MergeOptions{})
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

// TestMergeReportsDisagreements: the merge report lists the disagreements
// the merged annotations take part in, on an article the database had
// (with a stored annotation) and on one the merge adds (between two
// annotations of the bundle).
func TestMergeReportsDisagreements(t *testing.T) {
	annotateAs := func(s *Store, a annotate.Article, quote string, kind annotate.Kind, who string) annotate.Annotation {
		t.Helper()
		txt := annotate.NewText(a.Text)
		span, ok := txt.Find(quote, 1)
		if !ok {
			t.Fatalf("quote %q not in text", quote)
		}
		ann, err := annotate.NewAnnotation(a.ID, txt, span, kind, who, t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Update(func(tx *Tx) error { return tx.PutAnnotation(ann) }); err != nil {
			t.Fatal(err)
		}
		return ann
	}
	mine := openTemp(t)
	shared := mustArticle(t, mine, "Shared", "The minister said the port would reopen in May.")
	stored := annotateAs(mine, shared, "the port would reopen", annotate.KindClaim, "dana")

	theirs := clone(t, mine)
	other := annotateAs(theirs, shared, "port would reopen in May", annotate.KindQuote, "ben")
	fresh := mustArticle(t, theirs, "Fresh", "Grain exports doubled, the ministry claimed on Friday.")
	x := annotateAs(theirs, fresh, "Grain exports doubled", annotate.KindClaim, "ben")
	y := annotateAs(theirs, fresh, "exports doubled", annotate.KindEvidence, "cy")
	annotateAs(theirs, fresh, "on Friday", annotate.KindNote, "ben") // overlaps nothing

	rep, err := mine.Merge(exportAll(t, theirs), MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, u := range rep.Disagreements {
		var ids []string
		for _, a := range u.Members {
			ids = append(ids, a.ID)
		}
		slices.Sort(ids)
		got = append(got, ids)
	}
	want := [][]string{{stored.ID, other.ID}, {x.ID, y.ID}}
	for _, w := range want {
		slices.Sort(w)
	}
	slices.SortFunc(got, slices.Compare)
	slices.SortFunc(want, slices.Compare)
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("disagreements in the report: %v, want %v", got, want)
	}
}

// TestDuplicateTombstonesKeepTheLater: a bundle carrying two tombstones
// of one record (Verify accepts it) keeps the later deletion, whether or
// not this database still had the record.
func TestDuplicateTombstonesKeepTheLater(t *testing.T) {
	for _, hasRecord := range []bool{true, false} {
		s := openTemp(t)
		art := mustArticle(t, s, "A", "Some words to annotate here.")
		ann := mustAnnotate(t, s, art, "words", annotate.KindClaim)
		if !hasRecord {
			if err := s.Update(func(tx *Tx) error { return tx.annotations.Delete([]byte(ann.ID)) }); err != nil {
				t.Fatal(err)
			}
			// keep indexes consistent for Check
			if err := s.Update(func(tx *Tx) error { return tx.articleAnn.Delete(key(art.ID, ann.ID)) }); err != nil {
				t.Fatal(err)
			}
		}
		early := annotate.Tombstone{ID: ann.ID, Type: annotate.RecordAnnotation, ArticleID: art.ID, Deleter: "ana", Deleted: t0.Add(time.Hour)}
		late := annotate.Tombstone{ID: ann.ID, Type: annotate.RecordAnnotation, ArticleID: art.ID, Deleter: "ana", Deleted: t0.Add(2 * time.Hour)}
		b := &bundle.Bundle{Tombstones: []annotate.Tombstone{early, late}}
		if _, err := b.Verify(); err != nil {
			t.Fatalf("verify: %v", err)
		}
		if _, err := s.Merge(b, MergeOptions{}); err != nil {
			t.Fatal(err)
		}
		var got annotate.Tombstone
		_ = s.View(func(tx *Tx) error { got, _ = tx.Tombstone(ann.ID); return nil })
		if !got.Deleted.Equal(late.Deleted) {
			t.Errorf("record stored=%v: tombstone deleted at %s, want the later %s", hasRecord, got.Deleted, late.Deleted)
		}
	}
}
