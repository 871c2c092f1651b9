package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
)

func tombstoneIDs(t *testing.T, s *Store) []string {
	t.Helper()
	var ids []string
	if err := s.View(func(tx *Tx) error {
		stones, err := tx.Tombstones()
		for _, ts := range stones {
			ids = append(ids, string(ts.Type)+":"+ts.ID)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

func TestDeletionsLeaveTombstones(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Some words to annotate here.")
	b := mustArticle(t, s, "B", "Other words.")
	ann := mustAnnotate(t, s, a, "words", annotate.KindClaim)
	l := mustLink(t, s, a.ID, b.ID, annotate.RelRelated)
	when := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	if err := s.Do("Delete article", func(tx *Tx) error {
		tx.Actor("dana", when)
		return tx.DeleteArticle(a.ID)
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{"annotation:" + ann.ID, "article:" + a.ID, "link:" + l.ID}
	slices.Sort(want)
	if got := tombstoneIDs(t, s); !slices.Equal(got, want) {
		t.Fatalf("tombstones %v, want %v (the article, its annotation and its link)", got, want)
	}
	_ = s.View(func(tx *Tx) error {
		ts, ok := tx.Tombstone(ann.ID)
		if !ok || ts.Deleter != "dana" || !ts.Deleted.Equal(when) || ts.ArticleID != a.ID {
			t.Errorf("annotation tombstone = %+v", ts)
		}
		return nil
	})
	mustCheck(t, s)
	// Undo brings the records back and takes the tombstones away.
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := tombstoneIDs(t, s); len(got) != 0 {
		t.Errorf("after undo: tombstones %v", got)
	}
	mustCheck(t, s)
}

func TestPurgeTombstones(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Some words to annotate here.")
	old := mustAnnotate(t, s, a, "Some", annotate.KindQuote)
	recent := mustAnnotate(t, s, a, "words", annotate.KindQuote)
	for _, d := range []struct {
		id string
		at time.Time
	}{{old.ID, t0.Add(24 * time.Hour)}, {recent.ID, t0.Add(100 * 24 * time.Hour)}} {
		if err := s.Do("Delete", func(tx *Tx) error { tx.Actor("dana", d.at); return tx.DeleteAnnotation(d.id) }); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := s.Do("Purge", func(tx *Tx) error {
		var err error
		n, err = tx.PurgeTombstones(t0.Add(30 * 24 * time.Hour))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := tombstoneIDs(t, s); n != 1 || !slices.Equal(got, []string{"annotation:" + recent.ID}) {
		t.Errorf("purged %d, left %v; want only the recent deletion left", n, got)
	}
}

func TestCheckFindsBadTombstones(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(tx *Tx, a annotate.Article, ann annotate.Annotation) error
		want   string
	}{
		{"record of another type", func(tx *Tx, a annotate.Article, ann annotate.Annotation) error {
			return putJSON(tx.tombstones, ann.ID, annotate.Tombstone{ID: ann.ID, Type: annotate.RecordLink, Deleted: t0})
		}, "belongs to an annotation"},
		{"record still there", func(tx *Tx, a annotate.Article, ann annotate.Annotation) error {
			return putJSON(tx.tombstones, ann.ID, annotate.Tombstone{ID: ann.ID, Type: annotate.RecordAnnotation, Deleted: ann.Modified.Add(time.Hour)})
		}, "still stored"},
		{"undecodable", func(tx *Tx, a annotate.Article, ann annotate.Annotation) error {
			return tx.tombstones.Put([]byte("x"), []byte("{"))
		}, "cannot decode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(t.TempDir()+"/m.db", &Options{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			a := mustArticle(t, s, "A", "Some words to annotate.")
			ann := mustAnnotate(t, s, a, "words", annotate.KindEvidence)
			if err := s.Update(func(tx *Tx) error { return tc.damage(tx, a, ann) }); err != nil {
				t.Fatal(err)
			}
			problems, _ := s.Check()
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Errorf("problems %q do not mention %q", problems, tc.want)
			}
		})
	}
}

func TestTombstoneValidation(t *testing.T) {
	now := t0
	for _, tc := range []struct {
		name string
		ts   annotate.Tombstone
		ok   bool
	}{
		{"fine", annotate.Tombstone{ID: "a1", Type: annotate.RecordAnnotation, Deleted: now}, true},
		{"skewed clock", annotate.Tombstone{ID: "a1", Type: annotate.RecordAnnotation, Deleted: now.Add(5 * time.Minute)}, true},
		{"future", annotate.Tombstone{ID: "a1", Type: annotate.RecordAnnotation, Deleted: now.Add(48 * time.Hour)}, false},
		{"unknown type", annotate.Tombstone{ID: "a1", Type: "rumour", Deleted: now}, false},
		{"bad id", annotate.Tombstone{ID: "../x", Type: annotate.RecordLink, Deleted: now}, false},
		{"no time", annotate.Tombstone{ID: "a1", Type: annotate.RecordLink}, false},
	} {
		if err := tc.ts.Validate(now); (err == nil) != tc.ok {
			t.Errorf("%s: Validate = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
