package extract

import (
	"encoding/json"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// linkedData is what a page's schema.org JSON-LD says of its article:
// news sites give the headline, authors and date there (often there
// alone, for search engines), in a NewsArticle, in an array of nodes or
// in an @graph beside the WebSite and BreadcrumbList.
type linkedData struct {
	Headline, Author, Publisher, URL string
	Published                        time.Time
}

// isArticleType reports whether a schema.org type is an article's.
func isArticleType(t string) bool {
	switch strings.TrimPrefix(strings.TrimPrefix(t, "https://schema.org/"), "http://schema.org/") {
	case "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
		"BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting", "BlogPosting", "Report",
		"ScholarlyArticle", "TechArticle", "SocialMediaPosting":
		return true
	}
	return false
}

// readLinkedData reads the first article node of the page's
// application/ld+json scripts. A script that is not JSON is passed over.
func readLinkedData(doc *html.Node) linkedData {
	var found map[string]any
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Script && strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
			var v any
			if json.Unmarshal([]byte(unwrapScript(textContent(n))), &v) == nil {
				found = articleNode(v, 0)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if found == nil {
		return linkedData{}
	}
	// Some CMSs escape the values as if they were HTML.
	ld := linkedData{Headline: html.UnescapeString(joinValue(found["headline"])), Author: html.UnescapeString(joinValue(found["author"])), URL: idOf(found["url"])}
	if ld.Headline == "" {
		ld.Headline = html.UnescapeString(joinValue(found["name"]))
	}
	if ld.URL == "" {
		ld.URL = idOf(found["mainEntityOfPage"])
	}
	if p, ok := found["publisher"].(map[string]any); ok {
		ld.Publisher = html.UnescapeString(joinValue(p["name"]))
	}
	if s, ok := found["datePublished"].(string); ok {
		ld.Published, _ = ParseDate(s)
	}
	return ld
}

// articleNode finds an article node in a JSON-LD value: the node itself,
// an item of an array, or a node of its @graph.
func articleNode(v any, depth int) map[string]any {
	if depth > 4 {
		return nil
	}
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			if m := articleNode(x, depth+1); m != nil {
				return m
			}
		}
	case map[string]any:
		var types []any
		switch t := v["@type"].(type) {
		case string:
			types = []any{t}
		case []any:
			types = t
		}
		for _, t := range types {
			if s, ok := t.(string); ok && isArticleType(s) {
				return v
			}
		}
		if g, ok := v["@graph"]; ok {
			return articleNode(g, depth+1)
		}
	}
	return nil
}

// idOf reads a URL given as a string or as a node with an @id.
func idOf(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		if s, ok := v["@id"].(string); ok {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// textContent is the text of a node's children as written (a script's
// source).
func textContent(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// unwrapScript removes the wrappers CMSs put around a script's JSON for
// old browsers: an HTML comment, or a CDATA section behind line comments
// ("//<![CDATA[ … //]]>").
func unwrapScript(s string) string {
	s = strings.TrimSpace(s)
	for _, w := range [][2]string{{"<!--", "-->"}, {"//<![CDATA[", "//]]>"}, {"<![CDATA[", "]]>"}, {"/*<![CDATA[*/", "/*]]>*/"}} {
		if strings.HasPrefix(s, w[0]) && strings.HasSuffix(s, w[1]) {
			s = strings.TrimSpace(s[len(w[0]) : len(s)-len(w[1])])
		}
	}
	return s
}
