package hypothesis

import (
	"slices"
	"testing"
	"time"

	"marginalia/annotate"
)

// TestReadHypothesisShapes reads the shapes Hypothesis serves besides
// the export: one annotation as GET /api/annotations/{id} returns it,
// selectors in another order.
func TestReadHypothesisShapes(t *testing.T) {
	lib := article(t, "testdata/port-strike.txt", "https://news.example.org/port-strike")
	for _, tc := range []struct {
		file    string
		id      string
		exact   string
		hint    int
		tags    []string
		created time.Time
	}{
		{"testdata/hypothesis-single.json", "Qx7vYkQbEe-3mB9tZ1oQ2w", "Freight rates on the route rose by a fifth last week", 734,
			[]string{"freight"}, time.Date(2026, 2, 19, 14, 3, 11, 482913000, time.UTC)},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := ReadFile(tc.file, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "hypothesis" || len(f.Annotations) != 1 {
				t.Fatalf("got format %q with %d annotations, want hypothesis with 1", f.Format, len(f.Annotations))
			}
			a := f.Annotations[0]
			if a.ID != tc.id || a.Quote.Exact != tc.exact || a.Hint != tc.hint || !slices.Equal(a.Tags, tc.tags) || !a.Created.Equal(tc.created) {
				t.Errorf("got %+v, want id %s, quote %q, hint %d, tags %q, created %v", a, tc.id, tc.exact, tc.hint, tc.tags, tc.created)
			}
			p := Place([]annotate.Article{lib}, f.Annotations, PlaceOptions{Now: testTime})
			if len(p.Placed) != 1 || p.Placed[0].Quote.Exact != tc.exact {
				t.Errorf("got placed %+v, unplaced %+v, want the quote placed", p.Placed, p.Unplaced)
			}
		})
	}
}
