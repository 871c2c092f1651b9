package extract

import (
	"bytes"

	"github.com/yuin/goldmark"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"marginalia/annotate"
)

// fromMarkdown renders Markdown with goldmark (CommonMark) and keeps the
// readable text: headings and paragraphs stay, emphasis marks, link syntax
// and raw HTML go. The first top-level heading is the title.
func fromMarkdown(data []byte) (Result, error) {
	var buf bytes.Buffer
	if err := goldmark.Convert(data, &buf); err != nil {
		return Result{}, annotate.Invalidf("render markdown: %w", err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		return Result{}, annotate.Invalidf("parse rendered markdown: %w", err)
	}
	r := Result{Text: nodeText(doc)}
	if h := findFirst(doc, atom.H1); h != nil {
		r.Title = textOf(h)
	} else {
		r.Title = fromText(r.Text).Title
	}
	return r, nil
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
