package extract

import (
	"bytes"

	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"marginalia/annotate"
)

// fromMarkdown renders Markdown with goldmark (CommonMark) and keeps the
// readable text: headings and paragraphs stay, emphasis marks, link syntax
// and raw HTML's markup go (the text inside an HTML block stays). Front matter (YAML or TOML) gives the title, author,
// date, source, URL and tags, and is not text; without a title there,
// the first top-level heading is the title. titleKnown is false when the
// title was only guessed from the first line.
func fromMarkdown(data []byte) (r Result, titleKnown bool, err error) {
	fm, body, found := splitFrontMatter(data)
	if !found {
		fm, body, _ = splitPandocTitle(data)
	}
	var buf bytes.Buffer
	// Raw HTML is rendered, not omitted: an HTML block's text (an
	// editor's note in a <div>, a <figcaption>) is the article's, and
	// nodeText drops the markup, scripts and styles as it does a page's.
	md := goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	if err := md.Convert(body, &buf); err != nil {
		return Result{}, false, annotate.Invalidf("render markdown: %w", err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		return Result{}, false, annotate.Invalidf("parse rendered markdown: %w", err)
	}
	r = Result{Text: nodeText(doc), Title: fm.Title, Byline: fm.Byline, Source: fm.Source, URL: fm.URL, Published: fm.Published, Tags: fm.Tags}
	switch h := findFirst(doc, atom.H1); {
	case r.Title != "":
		titleKnown = true
	case h != nil:
		r.Title, titleKnown = textOf(h), true
	default:
		r.Title = fromText(r.Text).Title
	}
	return r, titleKnown, nil
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, a); f != nil {
			return f
		}
	}
	return nil
}
