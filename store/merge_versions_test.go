package store

import (
	"slices"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/anchor"
)

const (
	mvText1 = "The plan would cost $4 million, the mayor said. Work starts in March on Main Street."
	mvText2 = "The plan would cost $6 million, the mayor said on Tuesday. Work starts in March on Main Street."
)

// newVersion adds text as the next version of article id, carrying the
// annotations as the action layer does.
func newVersion(t *testing.T, s *Store, id, text string) {
	t.Helper()
	err := s.Do("New version", func(tx *Tx) error {
		cur, err := tx.Article(id)
		if err != nil {
			return err
		}
		anns, err := tx.AnnotationsOf(id)
		if err != nil {
			return err
		}
		r := anchor.NewReanchorer(cur.Text, text, anchor.Options{})
		var placed []annotate.Annotation
		for _, a := range anns {
			if p := r.Place(a.Span, a.Quote); p.Placed() {
				a.Span, a.Quote, a.Version = p.Span, p.Quote, cur.CurrentVersion()+1
				placed = append(placed, a)
			}
		}
		_, err = tx.AddVersion(annotate.Article{ID: id, Text: text, Imported: t0.Add(time.Hour)}, placed)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

type placement struct {
	id      string
	version int
	exact   string
}

func placements(t *testing.T, s *Store, articleID string) []placement {
	t.Helper()
	var out []placement
	for _, a := range storedAnns(t, s, articleID) {
		out = append(out, placement{a.ID, a.VersionOf(), a.Quote.Exact})
	}
	slices.SortFunc(out, func(a, b placement) int { return compareStrings(a.id, b.id) })
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestVersionsTravelInBundles(t *testing.T) {
	a := openTemp(t)
	art := mustArticle(t, a, "Bus lanes", mvText1)
	cost := mustAnnotate(t, a, art, "Work starts in March", annotate.KindEvidence)
	b := clone(t, a)
	// B marks something on version 1 while A imports version 2.
	mine := mustAnnotate(t, b, art, "on Main Street", annotate.KindQuote)
	newVersion(t, a, art.ID, mvText2)

	// B merges A's work: A is ahead, so version 2 becomes B's latest and
	// B's own annotation is carried over.
	if _, err := b.Merge(exportAll(t, a), MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	// A merges B's work: B's bundle is behind; its new annotation is
	// carried to version 2.
	if _, err := a.Merge(exportAll(t, b), MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	want := []placement{{cost.ID, 2, "Work starts in March"}, {mine.ID, 2, "on Main Street"}}
	slices.SortFunc(want, func(x, y placement) int { return compareStrings(x.id, y.id) })
	for name, s := range map[string]*Store{"A": a, "B": b} {
		if got := placements(t, s, art.ID); !slices.Equal(got, want) {
			t.Errorf("%s: annotations %+v, want %+v", name, got, want)
		}
		_ = s.View(func(tx *Tx) error {
			vs, err := tx.ArticleVersions(art.ID)
			if err != nil || len(vs) != 2 || vs[1].TextHash != annotate.HashText(mvText2) {
				t.Errorf("%s: versions %+v, %v", name, vs, err)
			}
			return nil
		})
	}
	// Merging again changes nothing, either way.
	for _, pair := range [][2]*Store{{a, b}, {b, a}} {
		if rep, err := pair[0].Merge(exportAll(t, pair[1]), MergeOptions{}); err != nil || rep.Changed() {
			t.Errorf("merging again: %+v, %v", rep, err)
		}
	}
}

func TestDivergedVersionsAreAConflict(t *testing.T) {
	a := openTemp(t)
	art := mustArticle(t, a, "Bus lanes", mvText1)
	b := clone(t, a)
	newVersion(t, a, art.ID, mvText2)
	newVersion(t, b, art.ID, mvText1+" A correction was appended.")
	text := annotate.NewText(mvText1 + " A correction was appended.")
	span, _ := text.Find("correction", 1)
	theirs, err := annotate.NewAnnotation(art.ID, text, span, annotate.KindQuestion, "lee", t0)
	if err != nil {
		t.Fatal(err)
	}
	theirs.Version = 2
	if err := b.Do("Mark", func(tx *Tx) error { return tx.PutAnnotation(theirs) }); err != nil {
		t.Fatal(err)
	}
	rep, err := a.Merge(exportAll(t, b), MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range rep.Conflicts() {
		ids = append(ids, c.ID)
	}
	if !slices.Contains(ids, art.ID) || !slices.Contains(ids, theirs.ID) {
		t.Errorf("conflicts %v, want the article and the annotation on B's version", rep.Conflicts())
	}
	_ = a.View(func(tx *Tx) error {
		got, _ := tx.Article(art.ID)
		if got.Text != mvText2 {
			t.Errorf("A's text became %q", got.Text)
		}
		return nil
	})
}
