package hypothesis

import (
	"encoding/json"
	"slices"
	"strings"

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

// types returns the type or types of a node.
func types(m map[string]any) []string {
	var out []string
	for _, t := range list(m["type"]) {
		if s := str(t); s != "" {
			out = append(out, s)
		}
	}
	for _, t := range list(m["@type"]) {
		if s := str(t); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func hasType(m map[string]any, t string) bool { return slices.Contains(types(m), t) }

func readW3C(top map[string]json.RawMessage, lim Limits) (*File, error) {
	var node map[string]any
	raw, _ := json.Marshal(top)
	if err := json.Unmarshal(raw, &node); err != nil {
		return nil, refused("%w", err)
	}
	var items []any
	switch {
	case hasType(node, "AnnotationCollection"):
		switch first := node["first"].(type) {
		case map[string]any:
			items = list(first["items"])
		case string:
			return nil, refused("the collection's pages are not in the file (first is %s): export the annotations with their pages embedded", annotate.Clip(first, 80))
		case nil:
		default:
			return nil, refused("the collection's first page is not an object")
		}
	case hasType(node, "AnnotationPage"):
		items = list(node["items"])
	case hasType(node, "Annotation"):
		items = []any{node}
	default:
		return nil, refused("neither a Hypothesis export nor a W3C Web Annotation file (no annotations, no Annotation, AnnotationPage or AnnotationCollection type)")
	}
	if len(items) > lim.MaxAnnotations {
		return nil, refused("%d annotations; the limit is %d", len(items), lim.MaxAnnotations)
	}
	return w3cAnnotations(items)
}

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
		if a.Motivation = str(mv); a.Motivation != "" {
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
		purpose := str(bm["purpose"])
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
