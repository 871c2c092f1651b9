package csvexport

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// fuzzBundle makes a bundle of n annotations (1 to 4) out of the fuzzer's
// strings. Nothing is validated: the export must survive anything.
func fuzzBundle(n uint8, title, url, quote, note, tag, creator, speaker string) *bundle.Bundle {
	b := &bundle.Bundle{
		Articles: []annotate.Article{{ID: "art-1", Title: title, URL: url}},
		Speakers: []annotate.Speaker{{ID: "spk-1", Name: speaker}},
	}
	for i := range int(n%4) + 1 {
		b.Annotations = append(b.Annotations, annotate.Annotation{
			ID: fmt.Sprintf("ann-%d", i), ArticleID: []string{"art-1", "elsewhere"}[i%2], Kind: annotate.KindClaim,
			Span: annotate.Span{Start: i, End: i + 1}, Quote: annotate.Quote{Exact: quote}, SpeakerID: "spk-1",
			Note: note, Tags: []string{tag, tag + "2"}, Creator: creator, Created: testTime,
		})
	}
	return b
}

// FuzzWrite checks that the CSV export of any strings reads back with
// encoding/csv: a header and one row of ten cells per annotation, each
// cell what was exported (formula guard and line breaks aside).
func FuzzWrite(f *testing.F) {
	f.Fuzz(func(t *testing.T, n uint8, bom bool, title, url, quote, note, tag, creator, speaker string) {
		b := fuzzBundle(n, title, url, quote, note, tag, creator, speaker)
		var buf bytes.Buffer
		if err := Write(&buf, b, Options{BOM: bom}); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
		if err != nil {
			t.Fatalf("the export does not read back: %v\n%q", err, buf.String())
		}
		if len(rows) != 1+len(b.Annotations) {
			t.Fatalf("got %d rows, want a header and %d annotations", len(rows), len(b.Annotations))
		}
		header := strings.Join(rows[0], ",")
		if want := strings.Join(Header(), ","); strings.TrimPrefix(header, "\uFEFF") != want || bom != strings.HasPrefix(header, "\uFEFF") {
			t.Fatalf("got header %q, want %q (BOM %v)", header, want, bom)
		}
		cell := func(s string) string { return Escape(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)) }
		for _, row := range rows[1:] {
			if len(row) != len(Header()) {
				t.Fatalf("got %d cells, want %d", len(row), len(Header()))
			}
			if row[3] != cell(quote) || row[5] != cell(note) || row[8] != cell(creator) || row[4] != cell(speaker) {
				t.Fatalf("got quote %q, note %q, creator %q, speaker %q; want %q, %q, %q, %q",
					row[3], row[5], row[8], row[4], cell(quote), cell(note), cell(creator), cell(speaker))
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
		"plain":    {"Port strike", "https://news.example.org/1", "Volumes fell", "A note", "pay", "dana", "José Álvarez"},
		"formulas": {"=HYPERLINK(\"x\")", "+1", "-5%", "@SUM(1)", "\tTab", "\rCR", "=cmd|' /C calc'!A0"},
		"quoting":  {"a, b", "\"quoted\"", "line one\nline two", "cr\r\nlf and lone\rcr", " leading space", `\.`, ""},
		"unicode":  {"Café ☕", "", "🚢 e\u0301", "\u2028 sep", "caf\xe9", "\x00nul", "\uFEFFbom"},
	} {
		var lines []string
		lines = append(lines, "go test fuzz v1", "uint8(2)", "bool("+strconv.FormatBool(name == "unicode")+")")
		for _, s := range v {
			lines = append(lines, "string("+strconv.Quote(s)+")")
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
