package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
)

func TestHTMLMainTextAndMetadata(t *testing.T) {
	r, err := File("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ what, got, want string }{
		{"title", r.Title, "Port strike ends after three weeks"},
		{"byline", r.Byline, "Dana Whitfield"},
		{"source", r.Source, "The Harbour Times"},
		{"url", r.URL, "https://harbourtimes.example/news/port-strike-ends"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if want := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC); !r.Published.Equal(want) {
		t.Errorf("published = %v, want %v", r.Published, want)
	}
	for _, want := range []string{
		"Dock workers at the city's container port voted on Friday",
		"4.5 per cent pay rise",
		"“The strike is over, but the queue is not,” said Tomás Ferreira",
		"Backlog could take weeks",
	} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, junk := range []string{"TRACKING-SCRIPT-TEXT", "font-family", "Subscribe now", "ADVERT-TEXT", "RELATED-LINK", "FOOTER-TEXT", "Privacy"} {
		if strings.Contains(r.Text, junk) {
			t.Errorf("text keeps page clutter %q", junk)
		}
	}
	if !strings.Contains(r.Text, "rosters.\n\n“We have won") {
		t.Errorf("paragraphs are not separated by a blank line:\n%s", r.Text)
	}
}

func TestMarkdownBecomesPlainText(t *testing.T) {
	r, err := File("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Council approves new cycle lanes" {
		t.Errorf("title = %q", r.Title)
	}
	// The heading is the title, shown above the text: not repeated in it.
	if !strings.HasPrefix(r.Text, "The city council") {
		t.Errorf("text starts %.40q, want the first paragraph after the title", r.Text)
	}
	for _, want := range []string{
		"a plan for twelve kilometres of protected cycle lanes, according to the minutes of the meeting.",
		"What changes",
		"crossing_at_the_river",
		"an escaped *star*",
		"said councillor Ana Lucía Peña.",
	} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, r.Text)
		}
	}
	for _, syntax := range []string{"**", "](", "# ", "<span>", "`"} {
		if strings.Contains(r.Text, syntax) {
			t.Errorf("text keeps markdown syntax %q:\n%s", syntax, r.Text)
		}
	}
}

func TestPlainTextKeepsTextWhole(t *testing.T) {
	r, err := Bytes("note.txt", []byte("Headline here\r\n\r\nBody line one.\r\nBody line two.  \r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Headline here" || r.Text != "Headline here\n\nBody line one.\nBody line two." {
		t.Errorf("got title %q text %q", r.Title, r.Text)
	}
	long := strings.Repeat("word ", 100)
	r, err = Bytes("untitled-piece.txt", []byte(long))
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "untitled-piece" {
		t.Errorf("a 500-character first line should not be the title; got %q", r.Title)
	}
}

func TestRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(annotate.MaxTextBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"empty", "e.txt", []byte(""), "empty"},
		{"blank", "b.md", []byte(" \n\t\n"), "empty"},
		{"binary", "p.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary"},
		{"control characters", "c.txt", []byte(strings.Repeat("\x01\x02\x03abc", 50)), "binary"},
		{"latin-1", "l.txt", []byte("Caf\xe9"), "UTF-8"},
		{"html without text", "x.html", []byte("<html><head><script>x()</script></head><body></body></html>"), "text"},
		{"markdown of only markup", "m.md", []byte("<div></div>\n\n---\n"), "text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Bytes(tc.file, tc.data)
			if !errors.Is(err, annotate.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an ErrInvalid mentioning %q", err, tc.want)
			}
		})
	}
	if _, err := File(huge); !errors.Is(err, annotate.ErrInvalid) || !strings.Contains(err.Error(), "20 MB") {
		t.Errorf("huge file: got %v, want the 20 MB limit", err)
	}
	if _, err := File(dir); err == nil {
		t.Error("a directory was imported")
	}
}

func TestFixtureArticle(t *testing.T) {
	const path = "../../../shared/fixtures/articles/kim-jong-un-shock-troops.txt"
	if _, err := os.Stat(path); err != nil {
		t.Skip("fixture not available")
	}
	r, err := File(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := r.Article(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Title, "Kim Jong Un Accuses US") || !strings.Contains(a.Text, "“shock troops”") {
		t.Errorf("fixture imported as %q", a.Title)
	}
}

func TestHTMLInALegacyCharsetAndHugeMetadata(t *testing.T) {
	page := "<html><head><meta charset=\"iso-8859-1\"><title>" + strings.Repeat("T", 3000) +
		"</title></head><body><article><p>Le caf\xe9 cr\xe8me co\xfbte trois euros, a dit le patron du bistrot.</p>" +
		"<p>" + strings.Repeat("Une phrase de plus pour que le texte soit un article. ", 20) + "</p></article></body></html>"
	r, err := Bytes("page.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "Le café crème coûte trois euros") {
		t.Errorf("latin-1 page decoded as %q", r.Text[:60])
	}
	if n := len([]rune(r.Title)); n > annotate.MaxTitleRunes {
		t.Errorf("title is %d characters, over the limit", n)
	}
	if _, err := r.Article(time.Now()); err != nil {
		t.Errorf("article from a page with a huge title: %v", err)
	}
}

func TestInvalidUTF8IsRefusedWithItsPosition(t *testing.T) {
	para := strings.Repeat("Une phrase de plus pour que le texte soit un article. ", 5)
	for _, tc := range []struct {
		name, file string
		data       string
		want       string
	}{
		{"text", "a.txt", "First line\nab\xffc", "not valid UTF-8 text at line 2, column 3 (byte 13)"},
		{"text after accents", "a.txt", "é\nàé\xe9", "line 2, column 3 (byte 7)"},
		{"markdown", "a.md", "# Title\n\nSome *text* caf\xe9", "line 3, column 16 (byte 24)"},
		{"html declared as UTF-8", "a.html", `<meta charset="utf-8"><p>caf` + "\xe9</p>", "line 1, column 29 (byte 28)"},
		{"html, undeclared, UTF-8 but for one byte", "a.html", "<p>Café crème, déjà vu.</p>\n<p>" + para + "br\xfbl\xe9e</p>", "line 2, column"},
		{"html in Shift_JIS with a byte it does not define", "a.html", `<meta charset="shift_jis"><p>` + para + "\x82\xa0\x85\xff</p>", "not valid shift_jis text at line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Bytes(tc.file, []byte(tc.data))
			if !errors.Is(err, annotate.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an ErrInvalid mentioning %q", err, tc.want)
			}
		})
	}
}

func TestUndeclaredLegacyHTMLIsRead(t *testing.T) {
	page := "<html><body><article><p>Le caf\xe9 cr\xe8me co\xfbte trois euros, a dit le patron.</p><p>" +
		strings.Repeat("Une phrase de plus pour que le texte soit un article. ", 20) + "</p></article></body></html>"
	r, err := Bytes("page.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "Le café crème coûte trois euros") {
		t.Errorf("got %.60q, want the page read as windows-1252", r.Text)
	}
}

func TestTitleFromAFileNameThatIsNotUTF8(t *testing.T) {
	r, err := Bytes("caf\xe9.txt", []byte(strings.Repeat("word ", 100)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Article(time.Now()); err != nil || r.Title != "caf\uFFFD" {
		t.Errorf("got title %q and %v, want a valid title", r.Title, err)
	}
}
