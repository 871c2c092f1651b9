package hypothesis

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"marginalia/annotate"
)

// W3C Web Annotation values come in several shapes: a property may hold a
// string (an IRI), an object, or a list of either. These helpers decode
// into generic values and read what Marginalia uses.

// list returns v as a list: itself if it is one, else a list of one.
func list(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	}
	return []any{v}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// types returns the type or types of a node, without the oa: prefix or
// the vocabulary's IRI some JSON-LD tools write them with.
func types(m map[string]any) []string {
	var out []string
	for _, key := range []string{"type", "@type"} {
		for _, t := range list(m[key]) {
			if s := term(str(t)); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// term returns a Web Annotation vocabulary term as the anno.jsonld
// context names it: "oa:commenting" (the oa.jsonld context, or a JSON-LD
// tool compacting with its own) and "http://www.w3.org/ns/oa#commenting"
// (expanded) are "commenting".
func term(s string) string {
	for _, prefix := range []string{"oa:", "http://www.w3.org/ns/oa#"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			return rest
		}
	}
	return s
}

func hasType(m map[string]any, t string) bool { return slices.Contains(types(m), t) }

func readW3C(top map[string]json.RawMessage, lim Limits) (*File, error) {
	var node map[string]any
	raw, _ := json.Marshal(top)
	if err := json.Unmarshal(raw, &node); err != nil {
		return nil, refused("%w", err)
	}
	nodes := []any{node}
	if graph, ok := node["@graph"]; ok && len(types(node)) == 0 {
		// A JSON-LD document holding several nodes (rdflib, pyld and
		// other JSON-LD tools write one so).
		nodes = list(graph)
	}
	var items []any
	for _, n := range nodes {
		m, ok := n.(map[string]any)
		if !ok {
			return nil, refused("an item of @graph is not an object")
		}
		its, err := w3cItems(m)
		if err != nil {
			return nil, err
		}
		items = append(items, its...)
		if len(items) > lim.MaxAnnotations {
			return nil, refused("%d annotations; the limit is %d", len(items), lim.MaxAnnotations)
		}
	}
	return w3cAnnotations(items)
}

// pagesMissing says a collection's pages are not in the file.
func pagesMissing(page string) error {
	return refused("the collection's pages are not in the file (%s is not): export the annotations with their pages embedded", annotate.Clip(page, 80))
}

// w3cItems returns the annotations a node holds: a collection's, from
// its embedded pages (refused when a page is only named by its IRI, as
// Marginalia does not fetch), a page's, or the node itself.
func w3cItems(node map[string]any) ([]any, error) {
	switch {
	case hasType(node, "AnnotationCollection"):
		var items []any
		page := node["first"]
		if page == nil {
			// Some servers put the items on the collection itself.
			return list(node["items"]), nil
		}
		for range maxPages {
			switch p := page.(type) {
			case map[string]any:
				items = append(items, list(p["items"])...)
				page = p["next"]
			case string:
				return nil, pagesMissing(p)
			case nil:
				return items, nil
			default:
				return nil, refused("a page of the collection is not an object")
			}
		}
		return nil, refused("the collection has more than %d pages", maxPages)
	case hasType(node, "AnnotationPage"):
		return list(node["items"]), nil
	case hasType(node, "Annotation"):
		return []any{node}, nil
	}
	return nil, refused("neither a Hypothesis export nor a W3C Web Annotation file (no annotations, no Annotation, AnnotationPage or AnnotationCollection type)")
}

// maxPages bounds the embedded pages followed in a collection (the JSON
// depth limit bounds them first).
const maxPages = 1 << 16

func readW3CItems(raws []json.RawMessage) (*File, error) {
	items := make([]any, 0, len(raws))
	for i, raw := range raws {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, refused("annotation %d: %w", i+1, err)
		}
		items = append(items, v)
	}
	return w3cAnnotations(items)
}

func w3cAnnotations(items []any) (*File, error) {
	f := &File{Format: "w3c"}
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok || !hasType(m, "Annotation") {
			return nil, refused("item %d is not an Annotation", i+1)
		}
		f.Annotations = append(f.Annotations, w3cAnnotation(m))
	}
	return f, nil
}

// agentName is the name of a creator: its name or nickname, or its IRI.
func agentName(v any) string {
	for _, a := range list(v) {
		switch t := a.(type) {
		case string:
			return t
		case map[string]any:
			for _, key := range []string{"name", "nickname", "id"} {
				if s := str(t[key]); s != "" {
					return s
				}
			}
		}
	}
	return ""
}

func w3cAnnotation(m map[string]any) Annotation {
	a := Annotation{ID: str(m["id"]), Hint: -1, Creator: agentName(m["creator"]),
		Created: parseTime(str(m["created"])), Modified: parseTime(str(m["modified"]))}
	for _, mv := range list(m["motivation"]) {
		if a.Motivation = term(str(mv)); a.Motivation != "" {
			break
		}
	}
	a.Link = a.Motivation == "linking"
	var notes []string
	if s := str(m["bodyValue"]); s != "" {
		notes = append(notes, s)
	}
	for _, b := range list(m["body"]) {
		bm, ok := b.(map[string]any)
		if !ok {
			continue
		}
		if hasType(bm, "Choice") {
			// The first choice stands for the others.
			if items := list(bm["items"]); len(items) > 0 {
				if first, ok := items[0].(map[string]any); ok {
					bm = first
				}
			}
		}
		value := str(bm["value"])
		if value == "" || !(hasType(bm, "TextualBody") || len(types(bm)) == 0) {
			continue
		}
		if format, _, _ := strings.Cut(str(bm["format"]), ";"); strings.EqualFold(strings.TrimSpace(format), "text/html") {
			value = htmlText(value)
		}
		purpose := term(str(bm["purpose"]))
		if purpose == "" && a.Motivation == "tagging" {
			purpose = "tagging"
		}
		switch purpose {
		case "tagging":
			a.Tags = append(a.Tags, value)
		case "classifying":
			if slices.Contains(annotate.Kinds(), annotate.Kind(value)) {
				a.Kind = annotate.Kind(value)
			} else {
				a.Tags = append(a.Tags, value)
			}
		case "assessing":
			if slices.Contains(annotate.Statuses(), annotate.Status(value)) {
				a.Status = annotate.Status(value)
			} else {
				notes = append(notes, value)
			}
		case "identifying":
			a.Speaker = value
		default: // commenting, describing, none
			notes = append(notes, value)
		}
	}
	a.Note = strings.Join(notes, "\n\n")
	// The first target with a quote; else the first target.
	for i, t := range list(m["target"]) {
		var source string
		var sels []any
		switch tv := t.(type) {
		case string:
			source = tv
		case map[string]any:
			source = str(tv["source"])
			if source == "" {
				source = str(tv["id"])
			}
			if sm, ok := tv["source"].(map[string]any); ok {
				source = str(sm["id"])
			}
			sels = list(tv["selector"])
		}
		q, hint := findSelectors(sels, 0)
		if i == 0 || a.Quote.Exact == "" && q.Exact != "" {
			a.URL, a.Quote, a.Hint = source, q, hint
		}
		if a.Quote.Exact != "" {
			break
		}
	}
	return a
}

// findSelectors finds a TextQuoteSelector and a TextPositionSelector
// among sels and what refines them.
func findSelectors(sels []any, depth int) (annotate.Quote, int) {
	q, hint := annotate.Quote{}, -1
	if depth > 8 {
		return q, hint
	}
	for _, s := range sels {
		sm, ok := s.(map[string]any)
		if !ok {
			continue
		}
		switch {
		case hasType(sm, "TextQuoteSelector"):
			if q.Exact == "" {
				q = annotate.Quote{Exact: str(sm["exact"]), Prefix: str(sm["prefix"]), Suffix: str(sm["suffix"])}
			}
		case hasType(sm, "TextPositionSelector"):
			if start, ok := sm["start"].(float64); ok && hint < 0 && start >= 0 && start < 1<<40 {
				hint = int(start)
			}
		}
		if r, ok := sm["refinedBy"]; ok {
			rq, rh := findSelectors(list(r), depth+1)
			if q.Exact == "" {
				q = rq
			}
			if hint < 0 {
				hint = rh
			}
		}
	}
	return q, hint
}

// htmlText returns the text of an HTML body (Annotorious, Recogito and
// other editors write rich-text notes as text/html): its text with
// entities resolved, a paragraph break after each block, white space
// collapsed within lines.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			var paras []string
			for _, p := range strings.Split(b.String(), "\n\n") {
				var lines []string
				for _, l := range strings.Split(p, "\n") {
					if l = strings.Join(strings.Fields(l), " "); l != "" {
						lines = append(lines, l)
					}
				}
				if len(lines) > 0 {
					paras = append(paras, strings.Join(lines, "\n"))
				}
			}
			return strings.Join(paras, "\n\n")
		case html.TextToken:
			b.Write(bytes.ReplaceAll(z.Text(), []byte("\n"), []byte(" ")))
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "br":
				b.WriteString("\n")
			case "p", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr":
				b.WriteString("\n\n")
			}
		}
	}
}
