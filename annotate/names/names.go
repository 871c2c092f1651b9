package names

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"marginalia/annotate"
)

// Reason is how two speakers' names differ.
type Reason string

// The reasons, from the closest match to the loosest.
const (
	ReasonSameName Reason = "same name"         // identical as written
	ReasonCase     Reason = "case or accents"   // "José ÁLVAREZ", "Jose Alvarez"
	ReasonSpacing  Reason = "hyphens or spaces" // also dots, commas, apostrophes: "Kim Jong-un", "Kim Jong Un"
	ReasonOrder    Reason = "word order"        // "Kim Jong Un", "Jong Un Kim", "Natarajan, Priya"
	ReasonInitials Reason = "initials"          // "P. Natarajan", "Priya Natarajan"
	ReasonAlias    Reason = "alias"             // a name of one is an alias of the other
)

// Match is a pair of speakers that may be one person. A comes before B in
// the input. NameA and NameB are the names or aliases that matched;
// Reason is how they differ, or ReasonAlias when either is an alias, and
// Detail says it in a sentence.
type Match struct {
	A      string `json:"a"`
	B      string `json:"b"`
	NameA  string `json:"name_a"`
	NameB  string `json:"name_b"`
	Reason Reason `json:"reason"`
	Detail string `json:"detail"`
}

// rank orders reasons from the closest to the loosest.
func (r Reason) rank() int {
	switch r {
	case ReasonSameName:
		return 0
	case ReasonCase:
		return 1
	case ReasonSpacing:
		return 2
	case ReasonOrder:
		return 3
	}
	return 4
}

// NearDuplicates returns the pairs of speakers whose names or aliases
// differ only in case or accents, hyphens, spaces or punctuation, the
// order of family and given names, or initials for given names, in input
// order. Each pair comes once, with its closest match; a match of the
// two speakers' names beats one through an alias. It never merges
// anything: the caller offers the pairs to a person.
func NearDuplicates(speakers []annotate.Speaker) []Match {
	var all []name
	for si, s := range speakers {
		for ni, text := range s.Names() {
			if n, ok := parse(text); ok {
				n.speaker, n.alias = si, ni > 0
				all = append(all, n)
			}
		}
	}
	// Candidates share a rotation key (rules up to word order) or, for a
	// name with initials, a full word (the initials rule needs all its
	// full words in the other name).
	byKey := map[string][]int{}
	byWord := map[string][]int{}
	for i, n := range all {
		for _, k := range n.rots {
			byKey[k] = append(byKey[k], i)
		}
		for _, t := range n.tokens {
			if !t.initial {
				byWord[t.text] = append(byWord[t.text], i)
			}
		}
	}
	type pairKey struct{ a, b int }
	best := map[pairKey]Match{}
	bestRank := map[pairKey]int{}
	consider := func(i, j int) {
		x, y := &all[i], &all[j]
		if x.speaker == y.speaker {
			return
		}
		if x.speaker > y.speaker {
			x, y = y, x
		}
		r, ok := compare(x, y)
		if !ok {
			return
		}
		// Rank: the rule, then names before aliases.
		score := r.rank() * 3
		if x.alias {
			score++
		}
		if y.alias {
			score++
		}
		k := pairKey{x.speaker, y.speaker}
		if old, seen := bestRank[k]; seen && old <= score {
			return
		}
		bestRank[k] = score
		best[k] = describe(speakers, x, y, r)
	}
	for _, ids := range byKey {
		for a := range ids {
			for b := a + 1; b < len(ids); b++ {
				consider(ids[a], ids[b])
			}
		}
	}
	for i := range all {
		if !all[i].hasInitial() {
			continue
		}
		var bucket []int
		for _, t := range all[i].tokens {
			if ids, ok := byWord[t.text]; !t.initial && ok && (bucket == nil || len(ids) < len(bucket)) {
				bucket = ids
			}
		}
		for _, j := range bucket {
			consider(i, j)
		}
	}
	keys := make([]pairKey, 0, len(best))
	for k := range best {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(p, q pairKey) int {
		if p.a != q.a {
			return p.a - q.a
		}
		return p.b - q.b
	})
	out := make([]Match, len(keys))
	for i, k := range keys {
		out[i] = best[k]
	}
	return out
}

func describe(speakers []annotate.Speaker, x, y *name, r Reason) Match {
	m := Match{A: speakers[x.speaker].ID, B: speakers[y.speaker].ID, NameA: x.text, NameB: y.text, Reason: r}
	how := map[Reason]string{
		ReasonSameName: "are the same name",
		ReasonCase:     "differ only in case or accents",
		ReasonSpacing:  "differ only in hyphens, spaces or punctuation",
		ReasonOrder:    "differ only in word order",
		ReasonInitials: "agree where one gives initials",
	}[r]
	label := func(n *name) string {
		if n.alias {
			return fmt.Sprintf("alias %q of %q", n.text, speakers[n.speaker].Name)
		}
		return fmt.Sprintf("%q", n.text)
	}
	m.Detail = label(x) + " and " + label(y) + " " + how
	if x.alias || y.alias {
		m.Reason = ReasonAlias
	}
	return m
}

// name is one name or alias of a speaker, parsed for comparison.
type name struct {
	speaker int
	alias   bool
	text    string  // as written, spaces collapsed
	fold    string  // case and accents folded
	compact string  // folded, without separators
	tokens  []token // words, in given-family order when written "Family, Given"
	rots    []string
}

// token is a folded word without separators, or one initial.
type token struct {
	text    string
	initial bool
}

func (n *name) hasInitial() bool {
	return slices.ContainsFunc(n.tokens, func(t token) bool { return t.initial })
}

// rotations returns the tokens joined without separators from each
// starting word: "kimjongun", "jongunkim", "unkimjong".
func (n *name) rotations() []string {
	out := make([]string, 0, len(n.tokens))
	for i := range n.tokens {
		var b strings.Builder
		for k := range n.tokens {
			b.WriteString(n.tokens[(i+k)%len(n.tokens)].text)
		}
		out = append(out, b.String())
	}
	return out
}

// isSeparator reports the characters that may stand between the parts of
// a name without changing it: spaces, hyphens and dashes, dots, commas,
// apostrophes.
func isSeparator(r rune) bool {
	switch r {
	case '-', '‐', '‑', '‒', '–', '—', '.', ',', '\'', '’', 'ʼ', '`', '·', '・':
		return true
	}
	return unicode.IsSpace(r)
}

func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if isSeparator(r) {
			return -1
		}
		return r
	}, s)
}

// isSuffix reports generational suffixes written after a comma ("King,
// Jr."), which do not mark a family-name-first name.
func isSuffix(w string) bool {
	switch w {
	case "jr", "sr", "ii", "iii", "iv":
		return true
	}
	return false
}

// parse reads a name. Written "Family, Given" it is reordered to "Given
// Family"; words of single letters, with or without dots ("J.", "J.R.",
// "J.-U."), are initials.
func parse(text string) (name, bool) {
	text = strings.Join(strings.Fields(text), " ")
	n := name{text: text, fold: annotate.Fold(text)}
	n.compact = compact(n.fold)
	if n.compact == "" {
		return n, false
	}
	words := n.fold
	if before, after, ok := strings.Cut(words, ","); ok && !strings.Contains(after, ",") {
		if a := strings.TrimSpace(after); a != "" && !isSuffix(compact(a)) {
			words = a + " " + before
		}
	}
	for _, w := range strings.Fields(strings.ReplaceAll(words, ",", " ")) {
		if ls, ok := initials(w); ok {
			for _, l := range ls {
				n.tokens = append(n.tokens, token{text: l, initial: true})
			}
			continue
		}
		if c := compact(w); c != "" {
			n.tokens = append(n.tokens, token{text: c})
		}
	}
	n.rots = n.rotations()
	return n, len(n.tokens) > 0
}

// initials splits a word of single letters between dots or hyphens ("j.",
// "j.r.", "j.-u.", "j") into its letters.
func initials(w string) ([]string, bool) {
	var out []string
	for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == '.' || r == '-' || r == '‐' }) {
		r, size := utf8.DecodeRuneInString(part)
		if size != len(part) || !unicode.IsLetter(r) {
			return nil, false
		}
		out = append(out, part)
	}
	if len(out) > 1 && !strings.Contains(w, ".") {
		return nil, false // "a-b" is not initials without dots
	}
	return out, len(out) > 0
}

// compare returns how x and y differ, and false when they are not near
// duplicates.
func compare(x, y *name) (Reason, bool) {
	switch {
	case x.text == y.text:
		return ReasonSameName, true
	case x.fold == y.fold:
		return ReasonCase, true
	case x.compact == y.compact:
		return ReasonSpacing, true
	}
	for _, r := range y.rots {
		if slices.Contains(x.rots, r) {
			return ReasonOrder, true
		}
	}
	if (x.hasInitial() || y.hasInitial()) && initialsAgree(x.tokens, y.tokens) {
		return ReasonInitials, true
	}
	return "", false
}

// initialsAgree reports whether the two token lists, one rotated against
// the other, agree word by word, an initial agreeing with any word it
// begins, with at least one full word shared (the family name) and at
// least one initial standing for a full word.
func initialsAgree(x, y []token) bool {
	if len(x) != len(y) {
		return false
	}
	n := len(x)
	for rot := range n {
		shared, expanded, ok := false, false, true
		for i := 0; i < n && ok; i++ {
			a, b := x[i], y[(i+rot)%n]
			switch {
			case !a.initial && !b.initial:
				ok = a.text == b.text
				shared = shared || ok
			case a.initial && b.initial:
				ok = a.text == b.text
			case a.initial:
				ok = strings.HasPrefix(b.text, a.text)
				expanded = true
			default:
				ok = strings.HasPrefix(a.text, b.text)
				expanded = true
			}
		}
		if ok && shared && expanded {
			return true
		}
	}
	return false
}
