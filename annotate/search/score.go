package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file re-implements github.com/sahilm/fuzzy v0.1.3's scoring
// (FindFromIterNoSort) without allocating, and bounds it from above.
// The rules, as the library applies them to a candidate string s and a
// pattern p of m runes:
//
//   - it walks s once; at pattern position k each rune equal to p[k]
//     (under simple case folding) is a candidate, scored 10 if it is the
//     first rune of s, +20 if the rune before it is lower case and it is
//     upper case, +20 if it follows one of "/-_ .\", and, if the rune
//     before it is the previous committed match, an adjacency bonus
//     2*acc+5 that is also added to acc (acc is never reset);
//   - the best candidate so far (first of equals) is committed when the
//     next rune of s equals p[k+1], or at the end of s; the first commit
//     pays 5 per rune skipped before it, at most 15;
//   - the string matches when all m runes were committed; its score is
//     the sum of the committed candidates' scores plus m - len(s), len(s)
//     in bytes up to the first NUL.
//
// The equivalence tests compare this against the real fuzzy.Find.

const (
	firstCharBonus  = 10
	separatorBonus  = 20
	camelBonus      = 20
	adjacentBonus   = 5
	leadingPenalty  = -5
	maxLeadPenalty  = -15
	maxBoundedRunes = 36 // beyond this, bounds would risk int overflow (3^39)
)

// Character classes. Two runes that fold to each other always share a
// class, so a class missing from a string proves a pattern rune cannot
// match there. pairClass has 32 values for the bigram sets, maskBit 64.
const (
	classDigit = 26
	classSep   = 27
	classASCII = 28
	classOther = 29 // 29, 30, 31
)

// foldKey returns the smallest rune of r's simple case folding orbit: the
// same for every rune that equalFold matches with r.
func foldKey(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	k := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		k = min(k, f)
	}
	return k
}

func pairClass(key rune) uint8 {
	switch {
	case 'A' <= key && key <= 'Z':
		return uint8(key - 'A')
	case '0' <= key && key <= '9':
		return classDigit
	case isSeparator(key):
		return classSep
	case key < utf8.RuneSelf:
		return classASCII
	}
	return classOther + uint8(key%3)
}

func maskBit(key rune) uint64 {
	switch {
	case 'A' <= key && key <= 'Z':
		return 1 << uint(key-'A')
	case '0' <= key && key <= '9':
		return 1 << uint(26+key-'0')
	case isSeparator(key):
		return 1 << 36
	case key < utf8.RuneSelf:
		return 1 << uint(37+key%4)
	}
	return 1 << uint(41+key%23)
}

func isSeparator(r rune) bool {
	switch r {
	case '/', '-', '_', ' ', '.', '\\':
		return true
	}
	return false
}

// equalFold is fuzzy's (and strings.EqualFold's) rune comparison.
func equalFold(tr, sr rune) bool {
	if tr == sr {
		return true
	}
	if tr < sr {
		tr, sr = sr, tr
	}
	if tr < utf8.RuneSelf {
		return 'A' <= sr && sr <= 'Z' && tr == sr+'a'-'A'
	}
	r := unicode.SimpleFold(sr)
	for r != sr && r < tr {
		r = unicode.SimpleFold(r)
	}
	return r == tr
}

// Flags of an indexed string.
const (
	flagASCII   = 1 << iota // every byte is ASCII: the byte scorer applies
	flagNoBound             // has an upper-case rune: no score bound
)

// shape is what the index keeps about a string to reject it, or bound its
// score, without reading it.
type shape struct {
	mask  uint64     // maskBit of every rune
	pairs [16]uint64 // pairClass bigrams, bit a*32+b
	first uint8      // pairClass of the first rune, 255 if none
	flags uint8
}

func shapeOf(s string) shape {
	sh := shape{first: 255, flags: flagASCII}
	prev := -1
	for _, r := range s {
		if r >= utf8.RuneSelf {
			sh.flags &^= flagASCII
			if unicode.IsUpper(r) {
				sh.flags |= flagNoBound
			}
		} else if 'A' <= r && r <= 'Z' {
			sh.flags |= flagNoBound
		}
		key := foldKey(r)
		c := int(pairClass(key))
		sh.mask |= maskBit(key)
		if prev < 0 {
			sh.first = uint8(c)
		} else {
			bit := prev*32 + c
			sh.pairs[bit>>6] |= 1 << uint(bit&63)
		}
		prev = c
	}
	return sh
}

func (sh *shape) has(bit uint16) bool {
	return sh.pairs[bit>>6]&(1<<(bit&63)) != 0
}

// pattern is a compiled fuzzy pattern.
type pattern struct {
	text  string
	runes []rune
	// tab[k][c] reports equalFold(runes[k], c) for an ASCII byte c;
	// tab[m] is the row of the rune 0 fuzzy compares with after the last.
	tab  [][256]bool
	both [][256]bool // both[k] = tab[k] | tab[k+1]
	mask uint64
	// plain holds the pattern's bytes when every rune is ASCII and not an
	// upper case letter: in a string without upper case letters such a
	// rune matches only its own byte. Else nil.
	plain []byte

	bounded bool // score bounds apply (not too many runes)
	class   []uint8
	sepPair []uint16 // bigram bit (separator, runes[k])
	adjPair []uint16 // bigram bit (runes[k-1], runes[k])
	prevSep []bool   // runes[k-1] is a separator
	// maxBase bounds the score of any string before its length penalty
	// (score <= maxBase - len); maxBaseAll also holds for strings with
	// upper-case runes (flagNoBound), where camel case bonuses apply.
	maxBase, maxBaseAll int
	// eventBase[e] bounds the score (before its length penalty) of any
	// string with at most e of the bigrams runes[k-1]runes[k]: rune 0
	// gains at most 15, every later rune at most 20 (after a separator or
	// as camel case, never both), plus the adjacency bonuses of e events,
	// 5, 15, 45 and so on.
	eventBase []int
}

func compilePattern(text string) *pattern {
	p := &pattern{text: text, runes: []rune(text)}
	m := len(p.runes)
	p.tab = make([][256]bool, m+1)
	for k := 0; k <= m; k++ {
		var r rune
		if k < m {
			r = p.runes[k]
		}
		for c := 0; c < utf8.RuneSelf; c++ {
			p.tab[k][c] = equalFold(r, rune(c))
		}
	}
	p.plain = []byte(text)
	for _, c := range p.plain {
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			p.plain = nil
			break
		}
	}
	p.both = make([][256]bool, m)
	for k := range m {
		for c := range 256 {
			p.both[k][c] = p.tab[k][c] || p.tab[k+1][c]
		}
	}
	p.class = make([]uint8, m)
	p.sepPair = make([]uint16, m)
	p.adjPair = make([]uint16, m)
	p.prevSep = make([]bool, m)
	for k, r := range p.runes {
		key := foldKey(r)
		p.mask |= maskBit(key)
		p.class[k] = pairClass(key)
		p.sepPair[k] = uint16(classSep)*32 + uint16(p.class[k])
		if k > 0 {
			p.adjPair[k] = uint16(p.class[k-1])*32 + uint16(p.class[k])
			p.prevSep[k] = isSeparator(p.runes[k-1])
		}
	}
	p.bounded = m > 0 && m <= maxBoundedRunes
	if p.bounded {
		p.maxBase = p.bound(nil) + m
		p.eventBase = make([]int, m)
		acc := 0
		p.eventBase[0] = separatorBonus + leadingPenalty + separatorBonus*(m-1) + m
		for e := 1; e < m; e++ {
			a := 2*acc + adjacentBonus
			acc += a
			p.eventBase[e] = p.eventBase[e-1] + a
		}
		p.maxBaseAll = p.eventBase[m-1]
	}
	return p
}

// bound returns an upper bound of the score of a string of shape sh,
// before its length penalty: the score is at most bound + m - len. A nil
// shape stands for a string that has every bigram.
func (p *pattern) bound(sh *shape) int {
	if sh == nil {
		var all [maxBoundedRunes]uint64
		for k := range all {
			all[k] = 1
		}
		return p.boundBits(true, &all, &all, 0)
	}
	var sep, adj [maxBoundedRunes]uint64
	for k := range p.runes {
		if sh.has(p.sepPair[k]) {
			sep[k] = 1
		}
		if sh.has(p.adjPair[k]) {
			adj[k] = 1
		}
	}
	return p.boundBits(sh.first == p.class[0], &sep, &adj, 0)
}

// boundBits is bound for string j of a bucket word: sep[k] bit j says
// whether the string has the bigram (separator, runes[k]), adj[k] bit j
// whether it has runes[k-1]runes[k]; first says whether its first rune
// has the class of runes[0].
//
// Rune 0 scores at most 10 at the start of the string, 20-5 after a
// separator further in, else at most 0-5. Rune k > 0 scores at most 20
// after a separator (camel case bonuses are excluded by flagNoBound), or
// the adjacency bonus (+20 if runes[k-1] is itself a separator) when the
// bigram runes[k-1]runes[k] occurs; an adjacency event needs its bigram,
// so the accumulator grows at most at those k.
func (p *pattern) boundBits(first bool, sep, adj *[maxBoundedRunes]uint64, j uint) int {
	u := -5
	if first {
		u = firstCharBonus
	}
	if sep[0]>>j&1 != 0 {
		u = max(u, separatorBonus+leadingPenalty)
	}
	acc := 0
	for k := 1; k < len(p.runes); k++ {
		v := 0
		if sep[k]>>j&1 != 0 {
			v = separatorBonus
		}
		if adj[k]>>j&1 != 0 {
			a := 2*acc + adjacentBonus
			acc += a
			if p.prevSep[k] {
				a += separatorBonus
			}
			v = max(v, a)
		}
		u += v
	}
	return u
}

// minEvents returns how many of the bigrams runes[k-1]runes[k] a string
// must have to possibly score need before its length penalty, or -1 if
// no string can.
func (p *pattern) minEvents(need int) int {
	for e, b := range p.eventBase {
		if b >= need {
			return e
		}
	}
	return -1
}

// atLeast returns the strings of a bucket word that have at least e of
// the bigrams runes[k-1]runes[k], k >= 1 (adj[k] bit j: string j has it).
func atLeast(adj *[maxBoundedRunes]uint64, m, e int) uint64 {
	var cnt [maxBoundedRunes + 1]uint64 // cnt[i]: strings with >= i so far
	cnt[0] = ^uint64(0)
	for k := 1; k < m; k++ {
		for i := min(k, e); i >= 1; i-- {
			cnt[i] |= cnt[i-1] & adj[k]
		}
	}
	return cnt[e]
}

// subsequence reports whether the pattern's bytes occur in order in s, an
// ASCII string without upper case letters (a non-ASCII string may match
// "s" with "ſ"); p.plain must not be nil. It is what
// matching means, checked with a vectorised byte search, much faster than
// scoring a string that turns out not to match.
func (p *pattern) subsequence(s string) bool {
	for _, c := range p.plain {
		i := strings.IndexByte(s, c)
		if i < 0 {
			return false
		}
		s = s[i+1:]
	}
	return true
}

// scoreASCII scores the ASCII string s (no NUL) exactly as fuzzy does.
//
// fuzzy's step at byte j looks at s[j] as a candidate for the current
// pattern rune, then commits when s[j+1] is the next one. Read by byte t,
// that is: commit if s[t] is the next pattern rune (and there is a
// candidate), then weigh s[t] as a candidate. A byte that is neither the
// current nor the next pattern rune does nothing, so the loop skips those
// with one table lookup.
func (p *pattern) scoreASCII(s string) (int, bool) {
	m := len(p.runes)
	k := 0
	cur, next, both := &p.tab[0], &p.tab[1], &p.both[0]
	total, nm := 0, 0
	best, bi := -1, -1
	lastMatch := -1
	acc := 0
	for t := 0; t < len(s); t++ {
		c := s[t]
		if !both[c] {
			continue
		}
		if bi >= 0 && next[c] {
			if nm == 0 {
				best += max(bi*leadingPenalty, maxLeadPenalty)
			}
			total += best
			nm++
			lastMatch = bi
			best, bi = -1, -1
			k++ // < m: next is never the row after the last rune here
			cur, next, both = &p.tab[k], &p.tab[k+1], &p.both[k]
		}
		if cur[c] {
			sc := 0
			if t == 0 {
				sc = firstCharBonus
			} else {
				last := s[t-1]
				if 'a' <= last && last <= 'z' && 'A' <= c && c <= 'Z' {
					sc += camelBonus
				}
				if isSepByte(last) {
					sc += separatorBonus
				}
				if nm > 0 && lastMatch == t-1 {
					a := acc*2 + adjacentBonus
					sc += a
					acc += a
				}
			}
			if sc > best {
				best, bi = sc, t
			}
		}
	}
	if bi >= 0 { // the commit at the end of s
		if nm == 0 {
			best += max(bi*leadingPenalty, maxLeadPenalty)
		}
		total += best
		nm++
	}
	return total + nm - len(s), nm == m
}

func isSepByte(c byte) bool {
	return c == ' ' || c == '-' || c == '.' || c == '/' || c == '_' || c == '\\'
}

// scoreRunes scores any string s (no NUL) exactly as fuzzy does.
func (p *pattern) scoreRunes(s string) (int, bool) {
	runes := p.runes
	m := len(runes)
	k := 0
	total, nm := 0, 0
	best, bi := -1, -1
	lastMatch := -1
	acc := 0
	var last rune
	lastIndex := 0
	n := len(s)
	nextc, nextSize := utf8.DecodeRuneInString(s)
	for j := 0; j < n; {
		c, size := nextc, nextSize
		if equalFold(c, runes[k]) {
			sc := 0
			if j == 0 {
				sc = firstCharBonus
			}
			if unicode.IsLower(last) && unicode.IsUpper(c) {
				sc += camelBonus
			}
			if j != 0 && isSeparator(last) {
				sc += separatorBonus
			}
			if nm > 0 && lastMatch == lastIndex {
				a := acc*2 + adjacentBonus
				sc += a
				acc += a
			}
			if sc > best {
				best, bi = sc, j
			}
		}
		var nextp rune
		if k < m-1 {
			nextp = runes[k+1]
		}
		if j+size < n {
			if s[j+size] < utf8.RuneSelf {
				nextc, nextSize = rune(s[j+size]), 1
			} else {
				nextc, nextSize = utf8.DecodeRuneInString(s[j+size:])
			}
		} else {
			nextc, nextSize = 0, 0
		}
		if (equalFold(nextp, nextc) || nextc == 0) && bi >= 0 {
			if nm == 0 {
				best += max(bi*leadingPenalty, maxLeadPenalty)
			}
			total += best
			nm++
			lastMatch = bi
			best, bi = -1, -1
			k++
			if k == m {
				break // only ever at the end of s
			}
		}
		lastIndex = j
		last = c
		j += size
	}
	return total + nm - n, nm == m
}
