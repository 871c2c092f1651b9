package hypothesis

import (
	"errors"
	"slices"
	"strings"
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
		// Saved by Windows PowerShell 5's Out-File: UTF-16 with a
		// byte-order mark, CR LF line ends.
		{"testdata/hypothesis-single-utf16.json", "Qx7vYkQbEe-3mB9tZ1oQ2w", "Freight rates on the route rose by a fifth last week", 734,
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

// TestReadW3CShapes reads Web Annotation files in the shapes other tools
// write: a JSON-LD @graph, types with the oa: prefix, a collection
// holding its items itself, an HTML body.
func TestReadW3CShapes(t *testing.T) {
	lib := article(t, "testdata/port-strike.txt", "https://news.example.org/port-strike")
	const exact = "restored the overtime rate cut in January"
	for _, tc := range []struct {
		file string
		note string
		tags []string
		kind annotate.Kind
	}{
		{"testdata/w3c-graph.json", "Which month exactly?", nil, annotate.KindNote},
		{"testdata/w3c-oa-prefixed.json", "Which month exactly?", nil, annotate.KindNote},
		{"testdata/w3c-collection-items.json", "Which month exactly?\n\nAsk the union's office.", []string{"overtime"}, annotate.KindNote},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := ReadFile(tc.file, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "w3c" || len(f.Annotations) != 1 {
				t.Fatalf("got format %q with %d annotations, want w3c with 1", f.Format, len(f.Annotations))
			}
			p := Place([]annotate.Article{lib}, f.Annotations, PlaceOptions{Now: testTime})
			if len(p.Placed) != 1 {
				t.Fatalf("got unplaced %+v, want the quote placed", p.Unplaced)
			}
			n := p.Placed[0]
			if n.Quote.Exact != exact || n.Note != tc.note || !slices.Equal(n.Tags, tc.tags) || n.Kind != tc.kind {
				t.Errorf("got quote %q, note %q, tags %q, kind %s; want %q, %q, %q, %s", n.Quote.Exact, n.Note, n.Tags, n.Kind, exact, tc.note, tc.tags, tc.kind)
			}
		})
	}
}

// TestReadRefusesPartialCollection: a collection whose later pages are
// not in the file is refused like one whose first page is not, rather
// than read in part without a word.
func TestReadRefusesPartialCollection(t *testing.T) {
	_, err := ReadFile("testdata/w3c-collection-next.json", Limits{})
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "pages are not in the file") {
		t.Errorf("got %v, want a refusal saying the pages are not in the file", err)
	}
}

// TestPositionOnlyIsNotAPageNote: an annotation that names its passage
// by position alone is reported as such, not as a note on the page.
func TestPositionOnlyIsNotAPageNote(t *testing.T) {
	lib := article(t, "testdata/port-strike.txt", "https://news.example.org/port-strike")
	f, err := ReadFile("testdata/w3c-position-only.json", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p := Place([]annotate.Article{lib}, f.Annotations, PlaceOptions{Now: testTime})
	if len(p.Unplaced) != 1 || !strings.Contains(p.Unplaced[0].Reason, "position") {
		t.Errorf("got placed %+v, unplaced %+v, want it unplaced for naming a position only", p.Placed, p.Unplaced)
	}
}
