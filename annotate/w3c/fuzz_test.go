package w3c

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// FuzzWrite checks that the W3C export of any strings is JSON that parses
// back: a collection of as many annotations as the bundle has annotations
// and links, each standing alone with its @context, carrying the note it
// was given. A collection id that is not an absolute IRI is the one error
// allowed.
func FuzzWrite(f *testing.F) {
	f.Fuzz(func(t *testing.T, collection, title, url, quote, note, tag, creator, speaker string) {
		b := &bundle.Bundle{
			Articles: []annotate.Article{{ID: "art-1", Title: title, URL: url}},
			Speakers: []annotate.Speaker{{ID: "spk-1", Name: speaker}},
			Annotations: []annotate.Annotation{
				{ID: "ann-1", ArticleID: "art-1", Kind: annotate.KindClaim, Status: annotate.StatusFalse, Span: annotate.Span{Start: 1, End: 2},
					Quote: annotate.Quote{Exact: quote, Prefix: tag, Suffix: note}, SpeakerID: "spk-1", Note: note, Tags: []string{tag},
					Creator: creator, Created: testTime, Modified: testTime},
				{ID: "ann-2", ArticleID: "elsewhere", Kind: annotate.KindNote, Note: note},
			},
			Links: []annotate.Link{{ID: "lnk-1", From: annotate.Ref{Type: annotate.RefArticle, ID: "art-1"},
				To: annotate.Ref{Type: annotate.RefAnnotation, ID: "ann-2"}, Relation: annotate.RelSupports, Note: note, Creator: creator}},
		}
		var buf bytes.Buffer
		err := Write(&buf, b, Options{ID: collection, Label: title, Creator: creator, Generated: testTime})
		if err != nil {
			if !strings.Contains(err.Error(), "is not an absolute IRI") || len(err.Error()) > 160 {
				t.Fatalf("got %v, want only a short refusal of the collection id", err)
			}
			return
		}
		var got struct {
			Context string `json:"@context"`
			Type    string `json:"type"`
			Total   int    `json:"total"`
			First   struct {
				Items []struct {
					Context string `json:"@context"`
					Type    string `json:"type"`
					Body    []json.RawMessage
				} `json:"items"`
			} `json:"first"`
		}
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("the export does not parse: %v\n%.300s", err, buf.String())
		}
		want := len(b.Annotations) + len(b.Links)
		if got.Context != Context || got.Type != "AnnotationCollection" || got.Total != want || len(got.First.Items) != want {
			t.Fatalf("got %s %s with total %d and %d items, want %d", got.Context, got.Type, got.Total, len(got.First.Items), want)
		}
		for _, item := range got.First.Items {
			if item.Context != Context || item.Type != "Annotation" {
				t.Fatalf("got an item %q of type %q", item.Context, item.Type)
			}
			if note == "" || !utf8.ValidString(note) {
				continue
			}
			found := false
			for _, raw := range item.Body {
				var body struct{ Value, Purpose string }
				if json.Unmarshal(raw, &body) == nil && body.Purpose == "commenting" && body.Value == note {
					found = true
				}
			}
			if !found {
				t.Fatalf("the note %q is not in the item's bodies", note)
			}
		}
	})
}

// TestWriteFuzzSeeds writes FuzzWrite's seed corpus. It runs only when
// asked: MARGINALIA_WRITE_FUZZ_SEEDS=1.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("MARGINALIA_WRITE_FUZZ_SEEDS") == "" {
		t.Skip("set MARGINALIA_WRITE_FUZZ_SEEDS=1 to rewrite testdata/fuzz")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzWrite")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string][]string{
		"plain":     {"", "Port strike", "https://news.example.org/1?a=b&c=d", "We have won.", "Check <this> & that", "pay", "dana", "José Álvarez"},
		"urn":       {"urn:uuid:0190c2a0-0000-7000-8000-000000000000", "T", "not a url", "🚢 e\u0301", "\u2028", "", "", ""},
		"bad-id":    {"relative/path", "T", "", "q", "n", "t", "c", "s"},
		"escapes":   {"https://x.example/c", "\"quoted\"\n", "javascript:alert(1)", "\\ \x01 \x7f", "</script>", "\uFEFF", "caf\xe9", "\x00"},
		"long-id":   {strings.Repeat("x", 500), "", "", "", "", "", "", ""},
		"empty-all": {"", "", "", "", "", "", "", ""},
	} {
		lines := []string{"go test fuzz v1"}
		for _, s := range v {
			lines = append(lines, "string("+strconv.Quote(s)+")")
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
