package extract

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"marginalia/annotate"
)

var fuzzNames = []string{"article.txt", "article.md", "article.html"}

// FuzzBytes checks that no file makes extraction panic, that every
// refusal wraps annotate.ErrInvalid, and that whatever it extracts is
// valid, NFC-normalised UTF-8 text that makes a valid article. kind picks
// the format: text, Markdown or HTML.
func FuzzBytes(f *testing.F) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		r, err := Bytes(fuzzNames[int(kind)%len(fuzzNames)], data)
		if err != nil {
			if !errors.Is(err, annotate.ErrInvalid) {
				t.Fatalf("got %v, want refusals wrapping annotate.ErrInvalid", err)
			}
			return
		}
		if !utf8.ValidString(r.Text) || !norm.NFC.IsNormalString(r.Text) || annotate.NormalizeText(r.Text) != r.Text {
			t.Fatalf("text %.200q is not normalised UTF-8", r.Text)
		}
		if _, err := r.Article(now); err != nil {
			t.Fatalf("extracted an article that does not validate: %v", err)
		}
	})
}

// TestWriteFuzzSeeds writes FuzzBytes's seed corpus from the test files
// and a few hostile ones. It runs only when asked:
// MARGINALIA_WRITE_FUZZ_SEEDS=1.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("MARGINALIA_WRITE_FUZZ_SEEDS") == "" {
		t.Skip("set MARGINALIA_WRITE_FUZZ_SEEDS=1 to rewrite testdata/fuzz")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzBytes")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, kind int, data []byte) {
		seed := fmt.Sprintf("go test fuzz v1\nuint8(%d)\n[]byte(%s)\n", kind, strconv.Quote(string(data)))
		if err := os.WriteFile(filepath.Join(dir, name), []byte(seed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for kind, file := range map[int]string{1: "testdata/article.md", 2: "testdata/article.html"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		write(filepath.Base(file), kind, data)
	}
	write("text", 0, []byte("Headline here\r\n\r\n\uFEFFBody line one.  \r\nBody e\u0301 line two.\n\n\n"))
	write("text-latin1", 0, []byte("Caf\xe9 cr\xe8me"))
	write("html-latin1", 2, []byte("<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9</title></head><body><article><p>Le caf\xe9 cr\xe8me co\xfbte trois euros, a dit le patron du bistrot, et encore.</p></article></body></html>"))
	write("html-undeclared-damaged-utf8", 2, []byte("<p>Café crème, déjà vu, br\xfbl\xe9e.</p>"))
	write("html-shift-jis", 2, []byte("<meta charset=\"shift_jis\"><p>\x82\xa0\x82\xa2\x82\xa4 \x85\xff</p>"))
	write("html-entities", 2, []byte("<title>&#xD800;&#0;&amp;</title><article><p>A &#x1F6A2; ship &nbsp; and\u00a0more e&#x301; text of an article, long enough to count as one.</p><pre>  keep\n  lines </pre></article>"))
	write("markdown-html", 1, []byte("# T\n\n<div>raw</div>\n\n* a\n* b\n\n```\ncode\n```\n"))
}
