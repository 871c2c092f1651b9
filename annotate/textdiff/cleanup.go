package textdiff

// Semantic cleanup, as diff-match-patch's cleanupSemantic does for
// characters but on tokens and bounded: a short equality (at most
// maxMergeWords words) between two changes, each at least as long as it,
// is folded into them, so "[-a-] the [-b-]" reads "[-a the b-]{+…+}"
// instead of a mosaic. Long equalities are never merged, so an unchanged
// passage between two inserted paragraphs stays unchanged.

const maxMergeWords = 1

// cleanup merges adjacent changes and short equalities between them.
// tok gives the rune length of a token range of a (isA) or b, and words
// its number of word tokens.
func cleanup(parts []part, runeLen func(isA bool, t0, t1 int) int, words func(t0, t1 int) int) []part {
	for {
		changed := false
		out := parts[:0:0]
		for i := 0; i < len(parts); i++ {
			p := parts[i]
			if p.equal && i > 0 && i+1 < len(parts) && !parts[i-1].equal && !parts[i+1].equal {
				l := runeLen(true, p.a0, p.a1)
				before, after := parts[i-1], parts[i+1]
				if words(p.a0, p.a1) <= maxMergeWords &&
					l <= max(runeLen(true, before.a0, before.a1), runeLen(false, before.b0, before.b1)) &&
					l <= max(runeLen(true, after.a0, after.a1), runeLen(false, after.b0, after.b1)) {
					p.equal = false
					changed = true
				}
			}
			if n := len(out); n > 0 && !out[n-1].equal && !p.equal {
				out[n-1].a1, out[n-1].b1 = p.a1, p.b1
				continue
			}
			out = append(out, p)
		}
		parts = out
		if !changed {
			return parts
		}
	}
}

// Boundary classes of tokens, for sliding.
const (
	bWord uint8 = iota
	bPunct
	bStop // . ! ? and closing quotation marks after them
	bSpace
	bNewline
	bBlank // a blank line
)

// boundaryScore rates cutting between two tokens: a blank line is the
// best place for a change to begin or end, a mid-sentence word break the
// worst (diff-match-patch's cleanupSemanticLossless, on tokens); and a
// change should begin with a word and end with the space after its last,
// so "Strike ends. {+Talks failed. +}Workers return." keeps the inserted
// sentence whole.
func boundaryScore(prev, next uint8) int {
	bonus := 0
	if prev >= bSpace && next == bWord {
		bonus = 2
	}
	return bonus + baseScore(prev, next)
}

func baseScore(prev, next uint8) int {
	switch {
	case prev == bBlank || next == bBlank:
		return 5
	case prev == bNewline || next == bNewline:
		return 4
	case prev == bStop && next == bSpace:
		return 3
	case prev == bSpace || next == bSpace:
		return 2
	case prev != bWord || next != bWord:
		return 1
	}
	return 0
}

// slide moves each pure insertion or deletion, where the text around it
// allows (the same tokens at both of its ends), to the position with the
// best boundaries: "disagreed{+. Third one here+}." becomes
// "disagreed.{+ Third one here.+}".
func slide(parts []part, a, b []int32, ca, cb []uint8) []part {
	for i := 1; i+1 < len(parts); i++ {
		p := &parts[i]
		prev, next := &parts[i-1], &parts[i+1]
		if p.equal || !prev.equal || !next.equal || (p.a0 == p.a1) == (p.b0 == p.b1) {
			continue
		}
		// Work on the side that has the tokens; the other side is a point.
		toks, cls := b, cb
		s, e := p.b0, p.b1
		if p.a0 != p.a1 {
			toks, cls = a, ca
			s, e = p.a0, p.a1
		}
		score := func(s, e int) int {
			l, r := 5, 5 // the ends of the text are the best boundaries
			if s > 0 {
				l = boundaryScore(cls[s-1], cls[s])
			}
			if e < len(cls) {
				r = boundaryScore(cls[e-1], cls[e])
			}
			return l + r
		}
		// An equal run between two changes must not vanish; the first and
		// the last may.
		maxLo, maxHi := prev.a1-prev.a0-1, next.a1-next.a0-1
		if i == 1 {
			maxLo++
		}
		if i+2 == len(parts) {
			maxHi++
		}
		lo := 0
		for lo < maxLo && toks[s-lo-1] == toks[e-lo-1] {
			lo++
		}
		hi := 0
		for hi < maxHi && toks[s+hi] == toks[e+hi] {
			hi++
		}
		best, bestScore := 0, score(s, e)
		for k := -lo; k <= hi; k++ {
			if sc := score(s+k, e+k); sc > bestScore {
				best, bestScore = k, sc
			}
		}
		if best == 0 {
			continue
		}
		prev.a1 += best
		prev.b1 += best
		p.a0 += best
		p.a1 += best
		p.b0 += best
		p.b1 += best
		next.a0 += best
		next.b0 += best
	}
	out := parts[:0]
	for _, p := range parts {
		if p.a0 != p.a1 || p.b0 != p.b1 {
			out = append(out, p)
		}
	}
	return out
}

func boundaryClass(rs []rune, t token) uint8 {
	r := rs[t.start]
	switch classOf(r) {
	case classWord:
		return bWord
	case classSpace:
		n := 0
		for _, r := range rs[t.start:t.end] {
			if r == '\n' {
				n++
			}
		}
		switch {
		case n >= 2:
			return bBlank
		case n == 1:
			return bNewline
		}
		return bSpace
	}
	switch r {
	case '.', '!', '?', '”', '’', '"', '\'', ')':
		return bStop
	}
	return bPunct
}
