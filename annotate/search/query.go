package search

import (
	"strings"
	"unicode"
)

// Query is a parsed search: free text and filters that narrow the
// records. Values within one filter are alternatives; different filters
// must all hold. Search folds every string, so a Query built by hand needs
// no folding.
type Query struct {
	// Text is the free text: words that must all match, in any order,
	// each a word of the record or its start, with typos allowed;
	// "double quoted phrases" that must occur as they are; -words that
	// must not occur.
	Text     string
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

// ParseQuery reads the search box: free text mixed with filters written
// key:value, for the keys kind, speaker, tag, status, creator and in. The
// free text keeps its "quoted phrases" and -words (see Query.Text). A
// filter value may hold alternatives separated by "|" or "," and may be
// quoted to include spaces: speaker:"jose alvarez". Filter values are
// folded; a filter with no value yet (the analyst is still typing it) is
// ignored; a word whose key is not one of these, "http://x" or "10:30",
// stays text.
func ParseQuery(s string) Query {
	var q Query
	var text []string
	for _, tok := range splitQuery(s) {
		if tok.key == "" {
			text = append(text, tok.value)
			continue
		}
		var vals []string
		for _, v := range strings.FieldsFunc(strings.ReplaceAll(tok.value, `"`, ""), func(r rune) bool { return r == '|' || r == ',' }) {
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
	value string // a filter's value, or the free text as typed (quotes kept)
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
		start := i
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
		}
		v := string(rs[start:i])
		if strings.Trim(v, `"`) == "" && key != "" {
			continue // "kind:" still being typed
		}
		if v != "" {
			toks = append(toks, queryToken{key: key, value: v})
		}
	}
	return toks
}

// textQuery is Query.Text parsed into folded words.
type textQuery struct {
	words    []qword    // required words: the free words and the phrases' words
	phrases  [][]string // each phrase's words, in order
	excludes []string   // words that must not occur
	// plain is the free words in the order typed, for the exact title
	// match.
	plain []string
}

type qword struct {
	text  string
	exact bool // from a phrase: the word itself, no typo or prefix
}

// parseText splits free text into required words, "phrases" and
// -words. An unclosed quote runs to the end (the analyst is typing it).
func parseText(s string) textQuery {
	var tq textQuery
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			ws := words(string(rs[i+1 : j]))
			if len(ws) == 1 {
				tq.words = append(tq.words, qword{text: ws[0], exact: true})
				tq.plain = append(tq.plain, ws[0])
			} else if len(ws) > 1 {
				tq.phrases = append(tq.phrases, ws)
				for _, w := range ws {
					tq.words = append(tq.words, qword{text: w, exact: true})
				}
				tq.plain = append(tq.plain, ws...)
			}
			i = j + 1
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' {
				j++
			}
			tok := string(rs[i:j])
			if strings.HasPrefix(tok, "-") {
				tq.excludes = append(tq.excludes, words(tok[1:])...)
			} else {
				for _, w := range words(tok) {
					tq.words = append(tq.words, qword{text: w})
					tq.plain = append(tq.plain, w)
				}
			}
			i = j
		}
	}
	return tq
}
