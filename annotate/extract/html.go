package extract

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"marginalia/annotate"
)

// decodeHTMLCharset converts a page that is not valid UTF-8 from the
// legacy encoding it declares (its byte-order mark or <meta charset>) or,
// declaring none, from windows-1252, as browsers do
// (golang.org/x/net/html/charset). It never lets bad bytes through as
// U+FFFD: a page declared or sniffed as UTF-8, and an undeclared page
// that is mostly UTF-8 with a damaged byte, are returned as they are, to
// be refused with the position of that byte; a page with bytes its
// encoding does not define is refused with their line and column.
func decodeHTMLCharset(data []byte) ([]byte, error) {
	enc, name, _ := charset.DetermineEncoding(data, "text/html")
	if name == "utf-8" || !declaresCharset(data) && mostlyUTF8(data) {
		return data, nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, annotate.Invalidf("not valid %s text: %w", name, err)
	}
	if i := bytes.Index(out, []byte("\uFFFD")); i >= 0 {
		return nil, annotate.Invalidf("not valid %s text at %s of the decoded page", name, position(out, i))
	}
	return out, nil
}

// declaresCharset reports whether the page names its encoding where
// browsers look for it: a byte-order mark or a charset in its first
// 1024 bytes.
func declaresCharset(data []byte) bool {
	head := data[:min(len(data), 1024)]
	return bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) || bytes.HasPrefix(head, []byte("\xFE\xFF")) ||
		bytes.HasPrefix(head, []byte("\xFF\xFE")) || bytes.Contains(bytes.ToLower(head), []byte("charset"))
}

// mostlyUTF8 reports whether data has at least as many valid multi-byte
// UTF-8 characters as bytes that are not UTF-8: a UTF-8 page with a
// damaged byte rather than a page in a legacy encoding, where valid
// multi-byte sequences are rare.
func mostlyUTF8(data []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			valid++
		}
		i += size
	}
	return valid >= invalid
}

// fromHTML extracts a page's main text with go-readability (a port of
// Mozilla's Readability) and its metadata from the usual meta tags.
func fromHTML(data []byte) (Result, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return Result{}, annotate.Invalidf("parse html: %w", err)
	}
	meta := readMeta(doc)
	ld := readLinkedData(doc)
	dropOverlays(doc)
	art, err := readability.FromDocument(doc, nil)
	if err != nil || art.Node == nil {
		return Result{}, annotate.Invalidf("%w", ErrNoContent)
	}
	// The JSON-LD headline comes before <title>, which carries the
	// site's name ("Headline | Site — slogan").
	r := Result{
		Title:  first(meta["og:title"], ld.Headline, meta["twitter:title"], meta["title"], art.Title()),
		Byline: first(notURL(meta["author"]), notURL(meta["article:author"]), meta["byl"], meta["dc.creator"], ld.Author, notURL(art.Byline())),
		Source: first(meta["og:site_name"], ld.Publisher, meta["application-name"], art.SiteName()),
		URL:    first(meta["canonical"], meta["og:url"], ld.URL),
		Text:   nodeText(art.Node),
	}
	r.Title = withoutSiteName(r.Title, r.Source)
	r.Byline = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(r.Byline), "By "))
	for _, k := range []string{"article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "sailthru.date", "time"} {
		if t, err := dateparse.ParseAny(meta[k]); err == nil && meta[k] != "" {
			r.Published = t
			break
		}
	}
	if r.Published.IsZero() {
		r.Published = ld.Published
	}
	if r.Published.IsZero() {
		if t, err := art.PublishedTime(); err == nil {
			r.Published = t
		}
	}
	if !r.Published.IsZero() {
		r.Published = r.Published.Truncate(time.Second)
	}
	return r, nil
}

// withoutSiteName drops the site's name that a <title> ends with
// ("Headline | Site", "Headline - Site") when the page names its site.
func withoutSiteName(title, site string) string {
	if site = strings.TrimSpace(site); site == "" {
		return title
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · "} {
		if t, ok := strings.CutSuffix(strings.TrimSpace(title), sep+site); ok && strings.TrimSpace(t) != "" {
			return strings.TrimSpace(t)
		}
	}
	return title
}

// notURL returns s unless it is a URL, as article:author and author
// often are (the writer's profile page), not a name.
func notURL(s string) string {
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") {
		return ""
	}
	return s
}

func first(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// readMeta collects <title>, <meta name|property|itemprop=… content=…>,
// <link rel=canonical> and the first <time datetime>, keyed in lower case.
// The first value of a key wins.
func readMeta(doc *html.Node) map[string]string {
	m := map[string]string{}
	set := func(k, v string) {
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if _, ok := m[k]; !ok && k != "" && v != "" {
			m[k] = v
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				set("title", textOf(n))
			case atom.Meta:
				content := attr(n, "content")
				for _, key := range []string{"property", "name", "itemprop"} {
					set(attr(n, key), content)
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") {
					set("canonical", attr(n, "href"))
				}
			case atom.Time:
				set("time", attr(n, "datetime"))
			case atom.Script, atom.Style:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return oneLine(b.String())
}

// isBlock reports whether an element starts a new paragraph of text.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote,
		atom.Pre, atom.Ul, atom.Ol, atom.Li, atom.Table, atom.Tr, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Figure, atom.Figcaption, atom.Dl, atom.Dt, atom.Dd, atom.Hr,
		atom.Main, atom.Aside, atom.Address:
		return true
	}
	return false
}

// atomOf returns an element's atom. The elements go-readability makes
// (the paragraphs it builds from text split by <br><br>, say) carry
// only their name, no atom: without the lookup their paragraphs ran
// together.
func atomOf(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}

// nodeText renders an HTML subtree as readable plain text: paragraphs and
// headings separated by blank lines, list items marked with a bullet, white
// space collapsed except inside <pre>, scripts and styles dropped.
func nodeText(root *html.Node) string {
	var (
		out  strings.Builder
		line strings.Builder
	)
	flush := func() {
		if s := strings.TrimSpace(line.String()); s != "" {
			if out.Len() > 0 {
				out.WriteString("\n\n")
			}
			out.WriteString(s)
		}
		line.Reset()
	}
	var walk func(n *html.Node, pre bool)
	walk = func(n *html.Node, pre bool) {
		switch n.Type {
		case html.TextNode:
			if pre {
				line.WriteString(n.Data)
				return
			}
			s := strings.Join(strings.Fields(n.Data), " ")
			if s == "" {
				if n.Data != "" && line.Len() > 0 {
					line.WriteByte(' ')
				}
				return
			}
			if startsWithSpace(n.Data) && line.Len() > 0 {
				line.WriteByte(' ')
			}
			line.WriteString(s)
			if endsWithSpace(n.Data) {
				line.WriteByte(' ')
			}
			return
		}
		var a atom.Atom // an element's, once: go-readability's own elements need a lookup
		if n.Type == html.ElementNode {
			a = atomOf(n)
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Svg, atom.Button, atom.Form, atom.Nav:
				return
			case atom.Br:
				if pre {
					line.WriteByte('\n')
				} else {
					trimTrailingSpace(&line)
					line.WriteByte('\n')
				}
				return
			case atom.Img:
				return
			}
		}
		block := n.Type == html.ElementNode && isBlock(a)
		if block {
			flush()
			if a == atom.Li {
				line.WriteString("• ")
			}
		}
		isPre := pre || a == atom.Pre
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, isPre)
		}
		if block {
			flush()
		}
	}
	walk(root, false)
	flush()
	// A <br> inside a paragraph leaves "\n " or " \n": tidy those.
	text := strings.ReplaceAll(out.String(), "\n ", "\n")
	return text
}

func startsWithSpace(s string) bool { return s != "" && strings.TrimLeft(s[:1], " \t\n\r\f") == "" }
func endsWithSpace(s string) bool {
	return s != "" && strings.TrimRight(s[len(s)-1:], " \t\n\r\f") == ""
}

func trimTrailingSpace(b *strings.Builder) {
	s := strings.TrimRight(b.String(), " ")
	b.Reset()
	b.WriteString(s)
}

// dropOverlays removes the paywall, cookie and consent notices pages lay
// over the article: go-readability keeps a notice that sits beside the
// article's paragraphs ("Subscribe to keep reading…" became the first
// paragraph of the text). A notice is an element whose id or class names
// one, or a dialog, holding little text (maxOverlayRunes): an element
// holding more is the article, whatever its class says.
func dropOverlays(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && isOverlay(c) && utf8.RuneCountInString(textOf(c)) <= maxOverlayRunes {
			n.RemoveChild(c)
		} else {
			dropOverlays(c)
		}
		c = next
	}
}

const maxOverlayRunes = 600

func isOverlay(n *html.Node) bool {
	switch strings.ToLower(n.Data) {
	case "amp-consent", "amp-user-notification", "dialog":
		return true
	}
	if strings.EqualFold(attr(n, "role"), "dialog") || strings.EqualFold(attr(n, "role"), "alertdialog") || strings.EqualFold(attr(n, "aria-modal"), "true") {
		return true
	}
	names := strings.ToLower(attr(n, "id") + " " + attr(n, "class"))
	for _, w := range []string{"paywall", "regwall", "cookie", "consent", "gdpr", "subscribe-wall", "subscription-wall"} {
		if strings.Contains(names, w) {
			return true
		}
	}
	return false
}
