package annotate

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNormalizeText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"crlf and cr", "a\r\nb\rc", "a\nb\nc"},
		{"bom", "\uFEFFhello", "hello"},
		{"nfc", "Jose\u0301", "Jos\u00e9"},
		{"trailing spaces and blank runs", "one  \n\n\n\ntwo\t\n", "one\n\ntwo"},
		{"leading blank lines", "\n\n  indented", "  indented"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NormalizeText(tc.in); got != tc.want {
				t.Errorf("NormalizeText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFindAndQuote(t *testing.T) {
	txt := NewText("김 said 🔥 twice: 🔥 and 🔥.")
	for _, tc := range []struct {
		quote     string
		nth       int
		wantStart int
		wantOK    bool
	}{
		{"🔥", 1, 7, true},
		{"🔥", 2, 16, true},
		{"🔥", 3, 22, true},
		{"🔥", 4, 0, false},
		{"김", 1, 0, true},
		{"absent", 1, 0, false},
		{"", 1, 0, false},
	} {
		span, ok := txt.Find(tc.quote, tc.nth)
		if ok != tc.wantOK || ok && (span.Start != tc.wantStart || span.Len() != RuneLen(tc.quote)) {
			t.Errorf("Find(%q, %d) = %v, %v; want start %d, %v", tc.quote, tc.nth, span, ok, tc.wantStart, tc.wantOK)
			continue
		}
		if ok {
			q, err := txt.QuoteAt(span)
			if err != nil || q.Exact != tc.quote {
				t.Errorf("QuoteAt(%v) = %q, %v; want %q", span, q.Exact, err, tc.quote)
			}
		}
	}
	long := NewText(strings.Repeat("x", 100) + "MID" + strings.Repeat("y", 100))
	q, _ := long.QuoteAt(Span{Start: 100, End: 103})
	if q.Prefix != strings.Repeat("x", ContextRunes) || q.Suffix != strings.Repeat("y", ContextRunes) {
		t.Errorf("context = %q / %q, want %d runes each side", q.Prefix, q.Suffix, ContextRunes)
	}
	for _, bad := range []Span{{-1, 2}, {3, 3}, {5, 2}, {0, 204}} {
		if _, err := long.QuoteAt(bad); err == nil {
			t.Errorf("QuoteAt(%v) succeeded", bad)
		}
	}
}

func TestRuneOffset(t *testing.T) {
	s := "aé🔥b"
	txt := NewText(s)
	for byteOff, want := range map[int]int{0: 0, 1: 1, 3: 2, 7: 3, 8: 4} {
		if got := txt.RuneOffset(byteOff); got != want {
			t.Errorf("RuneOffset(%d) = %d, want %d", byteOff, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"José  ÁLVAREZ": "jose alvarez",
		"Café":          "cafe",
		"Kim Jong Un":   "kim jong un",
		"Ñandú\u0301":   "nandu",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidation(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	art, err := NewArticle("  A   title ", "Some text.\r\n", now)
	if err != nil {
		t.Fatal(err)
	}
	if art.Title != "A title" || art.Text != "Some text." {
		t.Errorf("NewArticle = %q / %q", art.Title, art.Text)
	}
	txt := NewText(art.Text)
	good, err := NewAnnotation(art.ID, txt, Span{5, 9}, KindClaim, "dana", now)
	if err != nil {
		t.Fatal(err)
	}
	if good.Status != StatusUnverified || good.Quote.Exact != "text" {
		t.Errorf("new claim = %+v", good)
	}
	for _, tc := range []struct {
		name   string
		mutate func(a *Annotation)
	}{
		{"bad id", func(a *Annotation) { a.ID = "has space" }},
		{"bad kind", func(a *Annotation) { a.Kind = "gossip" }},
		{"bad status", func(a *Annotation) { a.Status = "meh" }},
		{"status on evidence", func(a *Annotation) { a.Kind = KindEvidence }},
		{"empty span", func(a *Annotation) { a.Span.End = a.Span.Start }},
		{"quote mismatch", func(a *Annotation) { a.Quote.Exact = "TEXT" }},
		{"prefix mismatch", func(a *Annotation) { a.Quote.Prefix = "other " }},
		{"span outside", func(a *Annotation) { a.Span = Span{20, 24} }},
		{"modified before created", func(a *Annotation) { a.Modified = now.Add(-time.Hour) }},
		{"empty tag", func(a *Annotation) { a.Tags = []string{" "} }},
		{"invalid utf8 note", func(a *Annotation) { a.Note = "bad \xff" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := good
			tc.mutate(&a)
			if err := a.ValidateIn(txt); !errors.Is(err, ErrInvalid) {
				t.Errorf("ValidateIn = %v, want ErrInvalid", err)
			}
		})
	}
	for _, text := range []string{"", "  \n", "bad \xff utf8", "nul\x00byte", strings.Repeat("x", MaxTextBytes+1)} {
		if _, err := NewArticle("t", text, now); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewArticle(%.20q…) = %v, want ErrInvalid", text, err)
		}
	}
	l := Link{ID: NewID(), From: Ref{RefArticle, art.ID}, To: Ref{RefArticle, art.ID}, Relation: RelRelated, Created: now}
	if err := l.Validate(); err == nil {
		t.Error("self-link validated")
	}
	if got := CleanTags([]string{" Nuclear ", "nuclear", "", "Kim  Jong"}); strings.Join(got, "|") != "Nuclear|Kim Jong" {
		t.Errorf("CleanTags = %q", got)
	}
}

func TestNewIDIsTimeOrderedUUIDv7(t *testing.T) {
	a, b := NewID(), NewID()
	if len(a) != 36 || a[14] != '7' || !ValidID(a) {
		t.Errorf("NewID() = %q, want a UUIDv7", a)
	}
	if a >= b {
		t.Errorf("IDs not increasing: %s then %s", a, b)
	}
}

func TestWordStep(t *testing.T) {
	txt := NewText("Kim said: “shock troops”, twice.")
	for _, tc := range []struct {
		from, dir int
		want      string // the text up to the result
	}{
		{0, 1, "Kim"},
		{3, 1, "Kim said"},
		{8, 1, "Kim said:"},
		{9, 1, "Kim said: “"},
		{txt.Len(), -1, "Kim said: “shock troops”, twice"},
		{8, -1, "Kim "},
		{4, -1, ""},
		{0, -1, ""},
		{txt.Len(), 1, "Kim said: “shock troops”, twice."},
	} {
		if got := txt.Slice(0, txt.WordStep(tc.from, tc.dir)); got != tc.want {
			t.Errorf("WordStep(%d, %d) reaches %q, want %q", tc.from, tc.dir, got, tc.want)
		}
	}
}
