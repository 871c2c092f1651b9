package formats

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

var fuzzTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// fuzzBundle builds a valid library of one article from arbitrary
// strings, or false when the strings cannot make one (as the store would
// refuse them too).
func fuzzBundle(title, before, quote, after, note, tag, speaker string) (*bundle.Bundle, bool) {
	text := before + quote + after
	art, err := annotate.NewArticle(title, text, fuzzTime)
	if err != nil {
		return nil, false
	}
	t := annotate.NewText(art.Text)
	span, ok := t.Find(strings.TrimSpace(quote), 1)
	if !ok {
		return nil, false
	}
	ann, err := annotate.NewAnnotation(art.ID, t, span, annotate.KindClaim, "dana", fuzzTime)
	if err != nil {
		return nil, false
	}
	ann.Status, ann.Note, ann.Tags = annotate.StatusDisputed, note, annotate.CleanTags([]string{tag})
	b := &bundle.Bundle{Articles: []annotate.Article{art}}
	if sp := (annotate.Speaker{ID: annotate.NewID(), Name: speaker}); sp.Validate() == nil {
		b.Speakers = []annotate.Speaker{sp}
		ann.SpeakerID = sp.ID
	}
	if ann.Validate() != nil || ann.ValidateIn(t) != nil {
		return nil, false
	}
	b.Annotations = []annotate.Annotation{ann}
	return b, true
}

// FuzzExports writes a library of arbitrary strings in every export
// format and reads each file back as its kind of file: bundles and
// projects import again with the same quote and note, JSON parses, CSV
// parses with a header and one row, HTML holds the note escaped, and
// every text format is valid UTF-8.
func FuzzExports(f *testing.F) {
	f.Add("Port strike", "The union said ", "the strike was over", ". More.", "check <this> & that", "labour/pay", "José Álvarez")
	f.Add("Ünïcödé 🚢", "", "“quoted”,\nacross lines", "\r\n", "=SUM(A1)", "x", "")
	f.Fuzz(func(t *testing.T, title, before, quote, after, note, tag, speaker string) {
		b, ok := fuzzBundle(title, before, quote, after, note, tag, speaker)
		if !ok {
			return
		}
		want := b.Annotations[0]
		for _, fm := range Exporters() {
			var buf bytes.Buffer
			opts := Options{Creator: "dana", Generated: fuzzTime, Org: Organization{Name: "Checks", URL: "https://checks.example"}}
			if err := fm.Write(&buf, b, opts); err != nil {
				t.Fatalf("%s: %v", fm.Name, err)
			}
			out := buf.Bytes()
			switch {
			case fm.CanImport():
				imp, err := fm.Read(bytes.NewReader(out), int64(len(out)), ReadOptions{Now: fuzzTime})
				if err != nil {
					t.Fatalf("%s: its own export does not read back: %v", fm.Name, err)
				}
				if len(imp.Bundle.Annotations) != 1 || imp.Bundle.Annotations[0].Quote.Exact != want.Quote.Exact || imp.Bundle.Annotations[0].Note != want.Note {
					t.Fatalf("%s: read back %+v, want the quote %q and note %q", fm.Name, imp.Bundle.Annotations, want.Quote.Exact, want.Note)
				}
			case fm.Ext == ".json" || fm.Ext == ".jsonld":
				if !json.Valid(out) {
					t.Fatalf("%s: not JSON:\n%.300s", fm.Name, out)
				}
			case fm.Ext == ".csv":
				rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
				if err != nil || len(rows) != 2 {
					t.Fatalf("%s: %d rows, %v", fm.Name, len(rows), err)
				}
			case fm.Ext == ".html":
				if note := strings.TrimSpace(want.Note); note != "" && !strings.Contains(string(out), html.EscapeString(strings.Fields(note)[0])) {
					t.Fatalf("%s: the note %q is not in the page, escaped", fm.Name, note)
				}
			}
			if !fm.CanImport() && !utf8.Valid(out) {
				t.Fatalf("%s: not valid UTF-8", fm.Name)
			}
		}
	})
}
