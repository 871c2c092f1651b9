package search

import (
	"slices"
	"strings"
	"unicode"
)

// Query is a parsed search: free text to match fuzzily, and filters that
// narrow the records. Values within one filter are alternatives; different
// filters must all hold. Search folds every string, so a Query built by
// hand needs no folding.
type Query struct {
	Text     string   // the fuzzy pattern: Search matches its fold
	Kinds    []string // an annotation's kind starts with one of these
	Speakers []string // the speaker's name or an alias contains one
	Tags     []string // a tag starts with one of these
	Statuses []string // an annotation's status starts with one
	Creators []string // an annotation's creator starts with one
	// In limits where to look: "notes" (note values), "quotes" (quote
	// values), "articles", "speakers", "annotations" (those records), or
	// a prefix of them; several values add up.
	In []string
}

// ParseQuery reads the search box: words of free text mixed with filters
// written key:value, for the keys kind, speaker, tag, status, creator and
// in. The words of free text are joined with single spaces (Search folds
// them). A value may hold alternatives separated by "|" or "," and may be
// quoted to include spaces: speaker:"jose alvarez". Filter values are
// folded; a filter with no value yet (the analyst is still typing it) is
// ignored; a word whose key is not one of these, "http://x" or "10:30",
// stays text. Double quotes around free text only group it.
func ParseQuery(s string) Query {
	var q Query
	var text []string
	for _, tok := range splitQuery(s) {
		if tok.key == "" {
			text = append(text, tok.value)
			continue
		}
		var vals []string
		for _, v := range strings.FieldsFunc(tok.value, func(r rune) bool { return r == '|' || r == ',' }) {
			if v = fold(v); v != "" {
				vals = append(vals, v)
			}
		}
		switch tok.key {
		case "kind":
			q.Kinds = append(q.Kinds, vals...)
		case "speaker":
			q.Speakers = append(q.Speakers, vals...)
		case "tag":
			q.Tags = append(q.Tags, vals...)
		case "status":
			q.Statuses = append(q.Statuses, vals...)
		case "creator":
			q.Creators = append(q.Creators, vals...)
		case "in":
			q.In = append(q.In, vals...)
		}
	}
	q.Text = strings.Join(text, " ")
	return q
}

type queryToken struct {
	key   string // a filter key, or "" for free text
	value string
}

func isFilterKey(k string) bool {
	switch k {
	case "kind", "speaker", "tag", "status", "creator", "in":
		return true
	}
	return false
}

// splitQuery splits s at white space outside double quotes. A word of
// the form key:value with a known key becomes a filter token.
func splitQuery(s string) []queryToken {
	var toks []queryToken
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		var key string
		// A filter key is a run of letters followed by a colon.
		j := i
		for j < len(rs) && unicode.IsLetter(rs[j]) {
			j++
		}
		if j > i && j < len(rs) && rs[j] == ':' {
			if k := fold(string(rs[i:j])); isFilterKey(k) {
				key = k
				i = j + 1
			}
		}
		var b strings.Builder
		quoted := false
		for ; i < len(rs); i++ {
			r := rs[i]
			if r == '"' {
				quoted = !quoted
				continue
			}
			if !quoted && unicode.IsSpace(r) {
				break
			}
			b.WriteRune(r)
		}
		if b.Len() == 0 && key != "" {
			continue // "kind:" still being typed
		}
		if b.Len() > 0 {
			toks = append(toks, queryToken{key: key, value: b.String()})
		}
	}
	return toks
}

// filter is a Query compiled for one search.
type filter struct {
	kinds, speakers, tags, statuses, creators []string

	scopes uint64 // allowed scopeIndex bits (in:)
	// docs has the bit of every record slot that passes the record
	// filters; nil when there are none.
	docs []uint64
	any  bool // anything to check at all
}

// scopeBits returns the record values the in: value name allows: a
// prefix of notes, quotes, articles, speakers or annotations.
func scopeBits(name string) uint64 {
	var b uint64
	add := func(typ uint8, fields ...uint8) {
		for _, f := range fields {
			b |= 1 << scopeIndex(typ, f)
		}
	}
	all := func(typ uint8) {
		for f := fQuote; f < fieldCount; f++ {
			add(typ, f)
		}
	}
	for _, sc := range []string{"notes", "quotes", "articles", "speakers", "annotations"} {
		if !strings.HasPrefix(sc, name) {
			continue
		}
		switch sc {
		case "notes":
			add(tAnnotation, fNote)
			add(tArticle, fNote)
		case "quotes":
			add(tAnnotation, fQuote)
		case "articles":
			all(tArticle)
		case "speakers":
			all(tSpeaker)
		case "annotations":
			all(tAnnotation)
		}
	}
	return b
}

// compileFilter compiles q's filters against the index (under its read
// lock): every record filter becomes the set of records that have a
// matching value, found through the values' postings.
func (ix *Index) compileFilter(q Query) *filter {
	f := &filter{scopes: ^uint64(0)}
	clean := func(vals []string) []string {
		var out []string
		for _, v := range vals {
			if v = fold(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	f.kinds = clean(q.Kinds)
	f.speakers = clean(q.Speakers)
	f.tags = clean(q.Tags)
	f.statuses = clean(q.Statuses)
	f.creators = clean(q.Creators)
	if in := clean(q.In); len(in) > 0 {
		f.scopes = 0
		for _, name := range in {
			f.scopes |= scopeBits(name)
		}
	}
	type scope struct{ typ, field uint8 }
	groups := []struct {
		want   []string
		match  func(s, w string) bool
		scopes []scope
	}{
		{f.kinds, strings.HasPrefix, []scope{{tAnnotation, fKind}}},
		{f.statuses, strings.HasPrefix, []scope{{tAnnotation, fStatus}}},
		{f.creators, strings.HasPrefix, []scope{{tAnnotation, fCreator}}},
		{f.tags, strings.HasPrefix, []scope{{tAnnotation, fTag}, {tArticle, fTag}}},
		{f.speakers, strings.Contains, []scope{{tAnnotation, fSpeaker}, {tAnnotation, fAlias}, {tSpeaker, fName}, {tSpeaker, fAlias}}},
	}
	words := (len(ix.docs) + 63) / 64
	for _, g := range groups {
		if len(g.want) == 0 {
			continue
		}
		set := make([]uint64, words)
		for _, sc := range g.scopes {
			idx := scopeIndex(sc.typ, sc.field)
			for e := range ix.labels[sc.field] {
				ent := &ix.entries[e]
				if !slices.ContainsFunc(g.want, func(w string) bool { return g.match(ent.str, w) }) {
					continue
				}
				for _, ps := range ent.postings {
					if ps.scope == idx {
						set[ps.slot>>6] |= 1 << uint(ps.slot&63)
					}
				}
			}
		}
		if f.docs == nil {
			f.docs = set
		} else {
			for i := range f.docs {
				f.docs[i] &= set[i]
			}
		}
	}
	f.any = f.docs != nil || f.scopes != ^uint64(0)
	return f
}

// allows reports whether a value in scope s may match.
func (f *filter) allows(s uint8) bool { return f.scopes&(1<<s) != 0 }

// passes reports whether the record in slot passes the record filters.
func (f *filter) passes(slot int32) bool {
	return f.docs == nil || f.docs[slot>>6]&(1<<uint(slot&63)) != 0
}

// posting reports whether the record value of the posting is in scope and
// its record passes the filters.
func (f *filter) posting(ps posting) bool {
	return f.allows(ps.scope) && f.passes(ps.slot)
}
