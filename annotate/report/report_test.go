package report

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

var testTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// hostile is text an article, a note or a name could carry that would
// become markup if it were not escaped.
var hostile = []string{
	`<script>alert("x")</script>`,
	`<img src=x onerror=alert(1)>`,
	`**not bold** _not em_ ` + "`not code`",
	`[a link](javascript:alert(1))`,
	`![an image](https://evil.example/x.png)`,
	`&lt;entity&gt; &#60;script&#62;`,
	"# not a heading",
	"- not a list",
	"1. not a list",
	"> not a quote",
	"| not | a table |",
	"</blockquote></div><a href=\"https://evil.example\">x</a>",
}

// testBundle has two articles whose annotations are stored out of reading
// order, a speaker, verdicts, notes, tags and links; with evil, every text
// carries the hostile strings.
func testBundle(t *testing.T, evil bool) *bundle.Bundle {
	t.Helper()
	spice := func(s string) string {
		if evil {
			return s + "\n" + strings.Join(hostile, "\n")
		}
		return s
	}
	b := &bundle.Bundle{Speakers: []annotate.Speaker{{ID: annotate.NewID(), Name: spice("José Álvarez")}}}
	for i, title := range []string{"Port strike enters second week", "Talks resume"} {
		text := "The union said wages rose 40% last year.\n\nThe port said ships wait a week.\n\nAnalysts expect a deal."
		if evil {
			text += "\n\n" + strings.Join(hostile, "\n\n")
		}
		a, err := annotate.NewArticle(spice(title), text+strings.Repeat(" More.", i), testTime)
		if err != nil {
			t.Fatal(err)
		}
		a.Source, a.Byline, a.Published, a.URL = spice("The Example Times"), "Ana Reporter", testTime.Add(-48*time.Hour), fmt.Sprintf("https://news.example.org/port/%d?a=1&b=2", i)
		if evil && i == 1 {
			a.URL = "javascript:alert(1)"
		}
		a.Tags = []string{spice("port")}
		a.Note = spice("Article note.")
		b.Articles = append(b.Articles, a)
		txt := annotate.NewText(a.Text)
		quotes := []string{"Analysts expect a deal", "ships wait a week", "wages rose 40% last year"}
		if evil {
			quotes = append(quotes, hostile[0], hostile[2], hostile[11])
		}
		for j, q := range quotes {
			span, ok := txt.Find(q, 1)
			if !ok {
				t.Fatalf("no %q", q)
			}
			kind := []annotate.Kind{annotate.KindEvidence, annotate.KindQuote, annotate.KindClaim}[j%3]
			n, err := annotate.NewAnnotation(a.ID, txt, span, kind, "dana", testTime)
			if err != nil {
				t.Fatal(err)
			}
			if kind == annotate.KindClaim {
				n.Status = annotate.StatusFalse
				n.SpeakerID = b.Speakers[0].ID
			}
			n.Note, n.Tags = spice(fmt.Sprintf("note %d", j)), []string{spice("pay")}
			b.Annotations = append(b.Annotations, n)
		}
	}
	b.Links = append(b.Links,
		annotate.Link{ID: annotate.NewID(), From: annotate.Ref{Type: annotate.RefAnnotation, ID: b.Annotations[2].ID}, To: annotate.Ref{Type: annotate.RefAnnotation, ID: b.Annotations[5].ID}, Relation: annotate.RelContradicts, Note: spice("link note"), Created: testTime},
		annotate.Link{ID: annotate.NewID(), From: annotate.Ref{Type: annotate.RefArticle, ID: b.Articles[0].ID}, To: annotate.Ref{Type: annotate.RefArticle, ID: b.Articles[1].ID}, Relation: annotate.RelFollowUp, Created: testTime},
	)
	return b
}

func quotes(r *Report) [][]string {
	var out [][]string
	for _, s := range r.Sections {
		var qs []string
		for _, h := range s.Highlights {
			qs = append(qs, h.Annotation.Quote.Exact)
		}
		out = append(out, qs)
	}
	return out
}

func TestBuildSelections(t *testing.T) {
	b := testBundle(t, false)
	a0, a1 := b.Articles[0], b.Articles[1]
	reading := []string{"wages rose 40% last year", "ships wait a week", "Analysts expect a deal"}
	for _, tc := range []struct {
		name   string
		sel    Selection
		title  string
		titles []string
		quotes [][]string
	}{
		{"the whole bundle", Selection{}, "Marginalia report", []string{a0.Title, a1.Title}, [][]string{reading, reading}},
		{"one article", Selection{Articles: []string{a1.ID}}, a1.Title, []string{a1.Title}, [][]string{reading}},
		{"search results, ranked", Selection{Title: "Search: wait", Annotations: []string{b.Annotations[4].ID, b.Annotations[0].ID, b.Annotations[1].ID}},
			"Search: wait", []string{a1.Title, a0.Title}, [][]string{{"ships wait a week"}, {"ships wait a week", "Analysts expect a deal"}}},
		{"articles given, highlights chosen", Selection{Title: "Speaker: José", Articles: []string{a0.ID, a1.ID, "missing"}, Annotations: []string{b.Annotations[5].ID}},
			"Speaker: José", []string{a0.Title, a1.Title}, [][]string{nil, {"wages rose 40% last year"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Build(b, tc.sel, Options{Generated: testTime})
			var titles []string
			for _, s := range r.Sections {
				titles = append(titles, s.Article.Title)
			}
			if r.Title != tc.title || !slices.Equal(titles, tc.titles) || fmt.Sprint(quotes(r)) != fmt.Sprint(tc.quotes) {
				t.Errorf("got %q %q %q, want %q %q %q", r.Title, titles, quotes(r), tc.title, tc.titles, tc.quotes)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	b := testBundle(t, false)
	var buf bytes.Buffer
	if err := Markdown(&buf, b, Selection{Title: "Port strike memo"}, Options{Generated: testTime, Creator: "dana"}); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"# Port strike memo\n",
		"2 articles, 6 highlights · generated 1 March 2026 09:00 UTC by dana",
		"## Port strike enters second week\n\nThe Example Times · Ana Reporter · 27 February 2026 · <https://news.example.org/port/0?a=1&b=2>",
		"**Claim** · José Álvarez · verdict: **False**\n\n> wages rose 40% last year\n\nNote: note 2\n\nTags: pay\n\n- Link: contradicts → “wages rose 40% last year” (Talks resume)",
		"- Link: follow-up → Talks resume",
		"**Evidence**\n\n> Analysts expect a deal",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the memo lacks %q:\n%s", want, md)
		}
	}
	// Reading order within an article.
	if i, j := strings.Index(md, "> wages"), strings.Index(md, "> ships"); i < 0 || j < i {
		t.Errorf("highlights out of reading order:\n%s", md)
	}
}

// render turns Markdown into HTML the way a permissive renderer does,
// raw HTML passed through, so that anything the memo failed to escape
// shows up as markup.
func render(t *testing.T, md []byte) *html.Node {
	t.Helper()
	var out bytes.Buffer
	if err := goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe())).Convert(md, &out); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&out)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// checkMarkup fails for any element not in allowed, any event-handler
// attribute, and any href that is not one of hrefs; and returns the
// document's text.
func checkMarkup(t *testing.T, doc *html.Node, allowed []string, hrefs []string) string {
	t.Helper()
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			if !slices.Contains(allowed, n.Data) {
				t.Errorf("unexpected <%s> element", n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") || a.Key == "src" {
					t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
				}
				if a.Key == "href" && !slices.Contains(hrefs, a.Val) {
					t.Errorf("<%s href=%q>: not an article's URL", n.Data, a.Val)
				}
			}
		case html.TextNode:
			text.WriteString(n.Data)
			text.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return text.String()
}

func TestMarkdownCannotBeInjected(t *testing.T) {
	b := testBundle(t, true)
	var buf bytes.Buffer
	if err := Markdown(&buf, b, Selection{Title: hostile[0]}, Options{Generated: testTime}); err != nil {
		t.Fatal(err)
	}
	doc := render(t, buf.Bytes())
	text := checkMarkup(t, doc, []string{"html", "head", "body", "h1", "h2", "p", "blockquote", "strong", "em", "ul", "li", "a"}, []string{"https://news.example.org/port/0?a=1&b=2"})
	flat := strings.Join(strings.Fields(text), " ")
	for _, h := range hostile {
		if !strings.Contains(flat, strings.Join(strings.Fields(h), " ")) {
			t.Errorf("the rendered memo does not show %q as text", h)
		}
	}
	// The emphasis the memo writes itself: the kinds and the verdicts.
	var strong int
	var count func(n *html.Node)
	count = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "strong" || n.Data == "em") {
			strong++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			count(c)
		}
	}
	count(doc)
	want := len(b.Annotations) // a kind each, and a verdict for each claim
	for _, n := range b.Annotations {
		if n.Status != "" {
			want++
		}
	}
	if strong != want {
		t.Errorf("got %d emphasised spans, want %d: hostile text made some", strong, want)
	}
}

func TestHTMLCannotBeInjected(t *testing.T) {
	b := testBundle(t, true)
	var buf bytes.Buffer
	if err := HTML(&buf, b, Selection{Title: hostile[0]}, Options{Generated: testTime, Creator: hostile[1]}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	text := checkMarkup(t, doc, []string{"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "section", "div", "span", "blockquote", "ul", "li", "a"},
		[]string{"https://news.example.org/port/0?a=1&b=2"})
	for _, h := range hostile {
		if !strings.Contains(text, h) {
			t.Errorf("the page does not show %q as text", h)
		}
	}
	if strings.Count(page, "<style>") != 1 || strings.Contains(page, "javascript:") && !strings.Contains(text, "javascript:alert(1)") {
		t.Error("the page has more than its one style sheet, or a javascript: URL outside text")
	}
	// Self-contained: nothing to fetch.
	for _, s := range []string{"@import", "url(", "<link", "src="} {
		if strings.Contains(page, s) && !strings.Contains(text, s) {
			t.Errorf("the page refers to something outside it: %q", s)
		}
	}
}

func TestHTMLShowsKindsInTheirColours(t *testing.T) {
	b := testBundle(t, false)
	var buf bytes.Buffer
	if err := HTML(&buf, b, Selection{}, Options{Generated: testTime}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, ks := range annotate.KindSpecs() {
		if want := fmt.Sprintf(".kind-%s blockquote { background: %s;", ks.Kind, hex(ks.Light)); !strings.Contains(page, want) {
			t.Errorf("no %q in the style sheet", want)
		}
	}
	for _, want := range []string{`<div class="hl kind-claim">`, `<span class="verdict">False</span>`, `<blockquote>wages rose 40% last year</blockquote>`,
		`<a href="https://news.example.org/port/0?a=1&amp;b=2">`, "@media print"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func TestProgress(t *testing.T) {
	b := testBundle(t, false)
	for name, write := range map[string]func(*bytes.Buffer, Options) error{
		"markdown": func(w *bytes.Buffer, o Options) error { return Markdown(w, b, Selection{}, o) },
		"html":     func(w *bytes.Buffer, o Options) error { return HTML(w, b, Selection{}, o) },
	} {
		var last, total, calls int
		err := write(&bytes.Buffer{}, Options{Generated: testTime, Progress: func(d, tot int) { last, total, calls = d, tot, calls+1 }})
		if err != nil || calls == 0 || last != len(b.Annotations) || total != len(b.Annotations) {
			t.Errorf("%s: got %d calls ending %d/%d (%v), want the end at %d/%d", name, calls, last, total, err, len(b.Annotations), len(b.Annotations))
		}
	}
}
