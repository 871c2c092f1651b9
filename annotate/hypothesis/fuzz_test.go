package hypothesis

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"marginalia/annotate"
)

// FuzzRead reads any bytes as a Hypothesis or W3C file and places what it
// finds on the test article: no panic, bounded by the limits, and every
// placed annotation valid on the article's text.
func FuzzRead(f *testing.F) {
	for _, file := range []string{"testdata/hypothesis-export.json", "../../../shared/conformance/web-annotation-tests/tools/samples/correct/collection1.json"} {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`[{"uri":"https://news.example.org/port-strike","target":[{"selector":[{"type":"TextQuoteSelector","exact":"second week"}]}]}]`))
	f.Add([]byte(`{"type":"Annotation","target":{"source":"https://news.example.org/port-strike","selector":{"type":"FragmentSelector","refinedBy":{"type":"TextQuoteSelector","exact":"ships"}}},"body":[{"type":"TextualBody","purpose":"classifying","value":"claim"}]}`))
	lib := []annotate.Article{article(f, "testdata/port-strike.txt", "https://news.example.org/port-strike")}
	text := annotate.NewText(lib[0].Text)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(bytes.NewReader(data), Limits{MaxBytes: 1 << 20, MaxAnnotations: 1000, MaxDepth: 32})
		if err != nil {
			return
		}
		p := Place(lib, file.Annotations, PlaceOptions{Now: testTime})
		for _, n := range p.Placed {
			if err := n.ValidateIn(text); err != nil {
				t.Fatalf("placed an invalid annotation: %v", err)
			}
		}
		if len(p.Placed)+len(p.Unplaced) != len(file.Annotations) {
			t.Fatalf("placed %d and left %d of %d", len(p.Placed), len(p.Unplaced), len(file.Annotations))
		}
		for _, u := range p.Unplaced {
			if strings.TrimSpace(u.Reason) == "" {
				t.Fatalf("unplaced without a reason: %+v", u.Annotation)
			}
		}
	})
}
