package annotate

import (
	"strings"
)

// Tags nest by path: "politics/elections" is a child of "politics". A
// tag is still one string on its record, so nesting costs nothing to
// store, travels in bundles as it is, and older readers see a plain tag;
// what nesting adds is in how tags are matched, renamed and listed.

// TagSep separates the levels of a nested tag.
const TagSep = "/"

// CleanTag returns tag as it is stored: white space collapsed, and no
// spaces or empty levels around the separators ("politics / elections"
// becomes "politics/elections").
func CleanTag(tag string) string {
	parts := strings.Split(tag, TagSep)
	out := parts[:0]
	for _, p := range parts {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, TagSep)
}

// TagUnder reports whether tag is parent itself or nested below it,
// ignoring case and accents: "Politics/Élections" is under "politics",
// "politicsX" is not.
func TagUnder(tag, parent string) bool {
	t, p := Fold(CleanTag(tag)), Fold(CleanTag(parent))
	if p == "" {
		return false
	}
	return t == p || strings.HasPrefix(t, p+TagSep)
}

// TagParent is the tag one level up ("politics" for "politics/elections"),
// "" for a top-level tag.
func TagParent(tag string) string {
	tag = CleanTag(tag)
	i := strings.LastIndex(tag, TagSep)
	if i < 0 {
		return ""
	}
	return tag[:i]
}

// TagDepth is how many levels lie above tag: 0 for "politics", 1 for
// "politics/elections".
func TagDepth(tag string) int { return strings.Count(CleanTag(tag), TagSep) }

// RetagIn returns tags with from, and every tag nested under it, moved to
// into ("politics/elections" becomes "government/elections" when
// politics is renamed government), without repeats, in their order, and
// whether anything changed. Case and accents are ignored when matching
// from, so "Labour" and "labour" are renamed together.
func RetagIn(tags []string, from, into string) ([]string, bool) {
	from, into = CleanTag(from), CleanTag(into)
	if from == "" || into == "" {
		return tags, false
	}
	changed := false
	out := make([]string, 0, len(tags))
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		if TagUnder(t, from) {
			rest := CleanTag(t)[len(CleanTag(t))-tailLen(t, from):]
			n := into + rest
			if n != t {
				changed = true
			}
			t = n
		}
		if f := Fold(t); !seen[f] {
			seen[f] = true
			out = append(out, t)
		} else {
			changed = true // two tags became one
		}
	}
	return out, changed
}

// tailLen is the length in bytes of what follows from in tag (which is
// under from): "" for from itself, "/elections" below it.
func tailLen(tag, from string) int {
	tag = CleanTag(tag)
	levels := strings.Count(CleanTag(from), TagSep) + 1
	parts := strings.SplitN(tag, TagSep, levels+1)
	if len(parts) <= levels {
		return 0
	}
	return len(TagSep) + len(parts[levels])
}
