package csvexport

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

var testTime = time.Date(2026, 3, 1, 10, 0, 0, 0, time.FixedZone("CET", 3600))

func testBundle(t *testing.T) *bundle.Bundle {
	t.Helper()
	sp := annotate.Speaker{ID: annotate.NewID(), Name: "José Álvarez"}
	b := &bundle.Bundle{Speakers: []annotate.Speaker{sp}}
	for _, c := range []struct{ title, text string }{
		{"=HYPERLINK(\"http://evil.example\",\"click\")", "Volumes fell by a third, the minister said.\n\n@SUM(1+1) and -5% were typed in."},
		{"Port strike, day 2: “quotes”, commas", "The union said: \"We have won.\" Café ☕ owners agreed."},
	} {
		a, err := annotate.NewArticle(c.title, c.text, testTime)
		if err != nil {
			t.Fatal(err)
		}
		a.URL = "https://news.example.org/" + a.ID
		b.Articles = append(b.Articles, a)
	}
	add := func(a annotate.Article, quote string, kind annotate.Kind, note string, tags []string, speaker string) {
		txt := annotate.NewText(a.Text)
		span, ok := txt.Find(quote, 1)
		if !ok {
			t.Fatalf("no %q", quote)
		}
		n, err := annotate.NewAnnotation(a.ID, txt, span, kind, "dana", testTime)
		if err != nil {
			t.Fatal(err)
		}
		n.Note, n.Tags, n.SpeakerID = note, tags, speaker
		b.Annotations = append(b.Annotations, n)
	}
	// Added out of text order: rows come in article, then text order.
	add(b.Articles[1], "Café ☕ owners", annotate.KindEvidence, "line one\nline two, \"quoted\"", nil, "")
	add(b.Articles[0], "-5%", annotate.KindNote, "+1 from me", []string{"=cmd", "pay"}, "")
	add(b.Articles[0], "Volumes fell by a third", annotate.KindClaim, "=1+2", []string{"pay", "Überstunden"}, sp.ID)
	add(b.Articles[1], "We have won.", annotate.KindQuote, "", nil, sp.ID)
	add(b.Articles[0], "@SUM(1+1)", annotate.KindQuestion, "\tTab first", nil, "")
	return b
}

func TestWrite(t *testing.T) {
	b := testBundle(t)
	var buf bytes.Buffer
	if err := Write(&buf, b, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasSuffix(out, "\r\n") || strings.Count(out, "\r\n") < 6 {
		t.Errorf("want CRLF line endings, got %q", out)
	}
	r := csv.NewReader(strings.NewReader(out))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output is not valid CSV: %v", err)
	}
	a0, a1 := b.Articles[0], b.Articles[1]
	want := [][]string{
		Header(),
		{"'" + a0.Title, a0.URL, "claim", "Volumes fell by a third", "José Álvarez", "'=1+2", "pay; Überstunden", "unverified", "dana", "2026-03-01T09:00:00Z"},
		{"'" + a0.Title, a0.URL, "question", "'@SUM(1+1)", "", "'\tTab first", "", "", "dana", "2026-03-01T09:00:00Z"},
		{"'" + a0.Title, a0.URL, "note", "'-5%", "", "'+1 from me", "'=cmd; pay", "", "dana", "2026-03-01T09:00:00Z"},
		{a1.Title, a1.URL, "quote", "We have won.", "José Álvarez", "", "", "", "dana", "2026-03-01T09:00:00Z"},
		{a1.Title, a1.URL, "evidence", "Café ☕ owners", "", "line one\nline two, \"quoted\"", "", "", "dana", "2026-03-01T09:00:00Z"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d:\n%s", len(rows), len(want), out)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d:\ngot  %q\nwant %q", i, rows[i], want[i])
		}
	}
}

func TestWriteBOMAndEmpty(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"plain", Options{}, "article,url,kind,quote,speaker,note,tags,status,creator,created\r\n"},
		{"bom", Options{BOM: true}, "\uFEFFarticle,url,kind,quote,speaker,note,tags,status,creator,created\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, &bundle.Bundle{}, tc.opts); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@A1", "'@A1"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{" =1", " =1"},
		{"a=1", "a=1"},
		{"'already", "'already"},
	} {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, bytes.ErrTooLarge }

func TestWriteReportsWriteErrors(t *testing.T) {
	if err := Write(failWriter{}, testBundle(t), Options{}); err == nil {
		t.Error("got no error from a failing writer")
	}
}

func TestLineBreaksSurvive(t *testing.T) {
	// encoding/csv with CRLF drops a lone carriage return: "a\rb" would
	// come back as "ab".
	for _, note := range []string{"a\rb", "a\r\nb", "a\nb"} {
		var buf bytes.Buffer
		if err := Write(&buf, fuzzBundle(0, "T", "", "q", note, "t", "dana", "S"), Options{}); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got := rows[1][5]; got != "a\nb" {
			t.Errorf("note %q: got %q back, want %q", note, got, "a\nb")
		}
	}
}
