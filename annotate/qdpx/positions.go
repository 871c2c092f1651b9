package qdpx

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"marginalia/annotate"
)

// A source's text as another tool counted it, and as Marginalia stores
// it. REFI-QDA leaves the unit of PlainTextSelection positions open:
// QualCoder counts code points, ATLAS.ti counts a CR LF line break as one
// character and MAXQDA as two, some tools count a byte-order mark, and
// .NET tools may count UTF-16 code units. Read tries each counting that
// makes a difference for the text and keeps the one the selections fit.
// A byte-order mark is dropped and never counted: tools write one, none
// is known to count it, and every extra counting is one more way to be
// wrong on a source with few selections.

// sourceText is a source's raw text (byte-order mark removed) with the map
// from its rune boundaries to the normalised text's.
type sourceText struct {
	raw    []rune
	text   string  // annotate.NormalizeText of raw
	toNorm []int32 // raw rune boundary -> normalised rune boundary, -1 inside a unit
	crlf   []int   // raw index of the CR of every CR LF
	astral []int   // raw index of every rune outside the BMP
	folded string  // raw with white space collapsed, for finding names
}

func newSourceText(data []byte) (*sourceText, error) {
	if b, ok := strings.CutPrefix(string(data), "\uFEFF"); ok {
		data = []byte(b)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("its text is not UTF-8")
	}
	st := &sourceText{raw: []rune(string(data))}
	for i, r := range st.raw {
		if r == '\r' && i+1 < len(st.raw) && st.raw[i+1] == '\n' {
			st.crlf = append(st.crlf, i)
		}
		if r > 0xFFFF {
			st.astral = append(st.astral, i)
		}
	}
	st.text, st.toNorm = normalizeMapped(st.raw)
	if want := annotate.NormalizeText(string(data)); st.text != want {
		// normalizeMapped mirrors annotate.NormalizeText step by step; if
		// they ever part, no position can be trusted.
		return nil, fmt.Errorf("its text normalises differently than expected")
	}
	st.folded = collapse(string(data))
	return st, nil
}

// normalizeMapped does what annotate.NormalizeText does (line endings,
// NFC, trailing white space, blank lines) and maps every rune boundary of
// raw to one of the result, or to -1 where it falls inside what became a
// single character (between CR and LF, inside a composed character).
// Boundaries inside removed white space go to the end of the text kept
// before it.
func normalizeMapped(raw []rune) (string, []int32) {
	// Line endings.
	a := make([]rune, 0, len(raw))
	m := make([]int32, len(raw)+1)
	for i := 0; i < len(raw); i++ {
		m[i] = int32(len(a))
		if raw[i] == '\r' {
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
				m[i] = -1
			}
			a = append(a, '\n')
			continue
		}
		a = append(a, raw[i])
	}
	m[len(raw)] = int32(len(a))

	// NFC, segment by segment: boundaries between segments are exact,
	// and so are those inside a segment NFC leaves as it is.
	sa := string(a)
	mb := make([]int32, len(a)+1)
	b := make([]rune, 0, len(a))
	var it norm.Iter
	it.InitString(norm.NFC, sa)
	in := 0
	for !it.Done() {
		from := it.Pos()
		seg := it.Next()
		orig := sa[from:it.Pos()]
		n := utf8.RuneCountInString(orig)
		if string(seg) == orig {
			for k := range n {
				mb[in+k] = int32(len(b) + k)
			}
		} else {
			mb[in] = int32(len(b))
			for k := 1; k < n; k++ {
				mb[in+k] = -1
			}
		}
		in += n
		for _, r := range string(seg) {
			b = append(b, r)
		}
	}
	mb[len(a)] = int32(len(b))

	// Lines: trailing white space dropped, at most one blank line between
	// paragraphs, none at either end.
	out := make([]rune, 0, len(b))
	mc := make([]int32, len(b)+1)
	blank, have := 0, false
	for ls := 0; ; {
		le := ls
		for le < len(b) && b[le] != '\n' {
			le++
		}
		te := le
		for te > ls && unicode.IsSpace(b[te-1]) {
			te--
		}
		if te == ls {
			blank++
		} else {
			if have {
				out = append(out, '\n')
				if blank > 0 {
					out = append(out, '\n')
				}
			}
			blank, have = 0, true
			for k := ls; k < te; k++ {
				mc[k] = int32(len(out))
				out = append(out, b[k])
			}
			ls = te
		}
		for k := ls; k <= le; k++ {
			mc[k] = int32(len(out))
		}
		if le == len(b) {
			break
		}
		ls = le + 1
	}

	for i, v := range m {
		if v >= 0 {
			v = mb[v]
		}
		if v >= 0 {
			v = mc[v]
		}
		m[i] = v
	}
	return string(out), m
}

// collapse folds runs of white space to one space and trims the ends.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// counting is one way of counting positions in a text.
type counting struct {
	crlfOne bool // a CR LF line break is one position (ATLAS.ti)
	utf16   bool // a rune outside the BMP is two positions
}

// describe says how c counts the positions of st, for a message: only
// what differs from counting code points, and line breaks when st has
// CR LF, where tools disagree.
func (c counting) describe(st *sourceText) string {
	var parts []string
	switch {
	case c.crlfOne:
		parts = append(parts, "a CR LF line break as one character (as ATLAS.ti does)")
	case len(st.crlf) > 0:
		parts = append(parts, "a CR LF line break as two characters (as MAXQDA does)")
	}
	if c.utf16 {
		parts = append(parts, "characters outside the BMP as two (UTF-16)")
	}
	return strings.Join(parts, ", ")
}

// countings lists the countings that differ for st, the code-point count
// first.
func (st *sourceText) countings() []counting {
	out := []counting{{}}
	add := func(f func(c counting) counting) {
		for _, c := range slices.Clone(out) {
			out = append(out, f(c))
		}
	}
	if len(st.crlf) > 0 {
		add(func(c counting) counting { c.crlfOne = true; return c })
	}
	if len(st.astral) > 0 {
		add(func(c counting) counting { c.utf16 = true; return c })
	}
	return out
}

// countBefore returns how many of sorted xs are below limit.
func countBefore(xs []int, limit int) int {
	n, _ := slices.BinarySearch(xs, limit)
	return n
}

// units returns the position, counted c's way, of raw boundary i, and
// false if i is not a boundary in that counting (between a CR and its LF
// when a CR LF is one position).
func (st *sourceText) units(c counting, i int) (int, bool) {
	u := i
	if c.crlfOne {
		if k := countBefore(st.crlf, i); k > 0 && st.crlf[k-1] == i-1 {
			return 0, false
		}
		u -= countBefore(st.crlf, i-1)
	}
	if c.utf16 {
		u += countBefore(st.astral, i)
	}
	return u, true
}

// rawAt returns the raw boundary at position u counted c's way, or false
// when u falls inside a unit or outside the text.
func (st *sourceText) rawAt(c counting, u int) (int, bool) {
	if u < 0 {
		return 0, false
	}
	if c == (counting{}) {
		return u, u <= len(st.raw)
	}
	// units is monotonic in i: search the least i with units(i) >= u.
	lo, hi := 0, len(st.raw)+1
	for lo < hi {
		mid := (lo + hi) / 2
		v, ok := st.units(c, mid)
		if !ok { // between CR and LF: its position is the CR's
			v, _ = st.units(c, mid-1)
		}
		if v < u {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	i := lo
	if i > len(st.raw) {
		return 0, false
	}
	v, ok := st.units(c, i)
	if !ok || v != u {
		return 0, false
	}
	return i, true
}

// placed is where a selection lands under one counting.
type placed struct {
	span    annotate.Span // in the normalised text
	ok      bool
	reason  string
	named   bool // its name quotes the text it covers
	quoted  bool // its name quotes text found in the source
	aligned int  // its ends on word boundaries: 0, 1 or 2
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// place maps a selection under counting c and gathers the evidence
// that c is right: the selection's name quoting the text it covers, and
// how many of its ends fall on word boundaries.
func (st *sourceText) place(c counting, s *qSel) placed {
	var p placed
	nameText := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(collapse(s.name), "…"), "..."))
	p.quoted = utf8.RuneCountInString(nameText) >= 12 && strings.Contains(st.folded, nameText)
	if !s.startOK || !s.endOK {
		p.reason = "its positions are not numbers Marginalia can use"
		return p
	}
	i, ok1 := st.rawAt(c, s.start)
	j, ok2 := st.rawAt(c, s.end)
	switch {
	case s.end <= s.start:
		p.reason = fmt.Sprintf("it ends (%d) before it starts (%d)", s.end, s.start)
		return p
	case !ok1 || !ok2:
		p.reason = fmt.Sprintf("positions %d-%d fall outside the text or inside a character", s.start, s.end)
		return p
	}
	ns, ne := st.toNorm[i], st.toNorm[j]
	if ns < 0 || ne < 0 {
		p.reason = fmt.Sprintf("positions %d-%d cut a character or a line break in two", s.start, s.end)
		return p
	}
	if ne <= ns {
		p.reason = "it covers only white space"
		return p
	}
	p.span, p.ok = annotate.Span{Start: int(ns), End: int(ne)}, true
	// A selection starts at the start of a word (or at punctuation) and
	// ends at the end of one; off by a line break, it starts or ends on
	// white space or inside a word.
	if !unicode.IsSpace(st.raw[i]) && (i == 0 || !isWord(st.raw[i-1]) || !isWord(st.raw[i])) {
		p.aligned++
	}
	if !unicode.IsSpace(st.raw[j-1]) && (j == len(st.raw) || !isWord(st.raw[j]) || !isWord(st.raw[j-1])) {
		p.aligned++
	}
	if nameText != "" {
		covered := collapse(string(st.raw[i:j]))
		p.named = covered == nameText || utf8.RuneCountInString(nameText) >= 10 && strings.HasPrefix(covered, nameText)
	}
	return p
}

// score weighs the evidence of a placement: a name that quotes the text
// outweighs any number of word boundaries, and a selection that does not
// fit at all outweighs both.
func (p placed) score() int {
	switch {
	case !p.ok:
		return -20
	case p.named:
		return 10 + p.aligned
	}
	return p.aligned
}

// Evidence a counting needs to place selections another counting would
// put elsewhere: a lead of minMargin (one more selection on word
// boundaries), and, without names to confirm it, minAligned of the ends
// of those selections on word boundaries; an analyst who cuts words
// leaves too little to tell line-break conventions apart.
const (
	minMargin  = 3
	minAligned = 0.5
)

// placeAll places the selections of a source under the counting they fit
// best, and says how it counted when that is worth saying (see
// describe). Selections that the counting cannot tell from another, by
// the evidence above, are not placed.
func (st *sourceText) placeAll(sels []*qSel) ([]placed, string) {
	cs := st.countings()
	all := make([][]placed, len(cs))
	scores := make([]int, len(cs))
	for k, c := range cs {
		all[k] = make([]placed, len(sels))
		for i, s := range sels {
			all[k][i] = st.place(c, s)
			scores[k] += all[k][i].score()
		}
	}
	best := 0
	for k := range cs {
		if scores[k] > scores[best] {
			best = k
		}
	}
	out := all[best]
	// The selections some other counting puts elsewhere, and the best
	// score among those countings.
	var differ []int
	second := scores[best] - 1<<30
	for i := range out {
		for k := range cs {
			if k != best && (all[k][i].ok != out[i].ok || all[k][i].span != out[i].span) {
				differ = append(differ, i)
				break
			}
		}
	}
	for k := range cs {
		if k != best && slices.ContainsFunc(differ, func(i int) bool { return all[k][i].ok != out[i].ok || all[k][i].span != out[i].span }) {
			second = max(second, scores[k])
		}
	}
	if len(differ) > 0 {
		named, aligned := 0, 0
		for _, i := range differ {
			if out[i].named {
				named++
			}
			aligned += out[i].aligned
		}
		sure := scores[best]-second >= minMargin && (named > 0 || float64(aligned) >= minAligned*float64(2*len(differ)))
		if !sure {
			for _, i := range differ {
				if out[i].ok {
					out[i] = placed{reason: "its positions fit the text counted in more than one way (a CR LF line break as one or two characters, say) at different places, and nothing tells which is meant"}
				}
			}
		}
	}
	for i := range out {
		if out[i].ok && out[i].quoted && !out[i].named {
			out[i] = placed{reason: fmt.Sprintf("its name %q quotes the text elsewhere, not at positions %d-%d", annotate.Clip(sels[i].name, 40), sels[i].start, sels[i].end)}
		}
	}
	if len(sels) == 0 {
		return out, ""
	}
	return out, cs[best].describe(st)
}
