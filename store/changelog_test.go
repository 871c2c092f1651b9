package store

import (
	"slices"
	"testing"

	"marginalia/annotate"
)

func TestChangelogKeepsLocalWritesOnly(t *testing.T) {
	s := openTemp(t)
	before := mustArticle(t, s, "Before", "Written before the log was on.")
	start, err := s.EnableChangelog()
	if err != nil {
		t.Fatal(err)
	}
	a := mustArticle(t, s, "A", "Some words to annotate here.")
	ann := mustAnnotate(t, s, a, "words", annotate.KindClaim)
	// A teammate's bundle merged from the hub is remote.
	other := openTemp(t)
	theirs := mustArticle(t, other, "Theirs", "Their own article text.")
	b, err := other.ExportBundle(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Merge(b, MergeOptions{Remote: true}); err != nil {
		t.Fatal(err)
	}
	// Deleting is a local change too.
	if err := s.Do("Delete", func(tx *Tx) error { return tx.DeleteAnnotation(ann.ID) }); err != nil {
		t.Fatal(err)
	}
	c, err := s.ChangesSince(start)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(c.Articles, a.ID) || slices.Contains(c.Articles, theirs.ID) || slices.Contains(c.Articles, before.ID) {
		t.Errorf("changed articles %v: want %s, not the teammate's %s nor the one before the log", c.Articles, a.ID, theirs.ID)
	}
	if !slices.Equal(c.Annotations, []string{ann.ID}) {
		t.Errorf("changed annotations %v, want the deleted one once", c.Annotations)
	}
	if err := s.TrimChangelog(c.Last); err != nil {
		t.Fatal(err)
	}
	if c2, _ := s.ChangesSince(c.Last); !c2.Empty() || c2.Last != c.Last {
		t.Errorf("after trimming: %+v", c2)
	}
	// An undo is a change of its own.
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if c3, _ := s.ChangesSince(c.Last); !slices.Equal(c3.Annotations, []string{ann.ID}) {
		t.Errorf("after undo the log has %+v", c3)
	}
}
