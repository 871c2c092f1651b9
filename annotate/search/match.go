package search

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// How a typed word matches a word of the vocabulary.
const (
	mExact  uint8 = iota // the same word
	mTypo                // the whole word, within the edit budget
	mPrefix              // the start of the word (within the edit budget)
	mFuzzy               // sahilm/fuzzy: the typed letters in order inside the word
)

const (
	maxTypedRunes = 32  // longer typed words match exactly or as a prefix only
	maxTermRunes  = 48  // deeper than this the edit distance is not followed
	maxExpansions = 256 // vocabulary words one typed word may stand for
	minFuzzyRunes = 4   // shorter typed words are matched as prefixes, not fuzzily
	// postingsBudget caps the postings one typed word may stand for, as
	// a multiple of the number of documents.
	postingsBudget = 1
	maxBudget      = 200_000
	shortBudget    = 25_000 // for a word of one or two letters
	// maxCachedWords bounds the typed words whose matches a snapshot
	// keeps: as the analyst types, the words before the last repeat.
	maxCachedWords = 1024
)

// termMatch is a vocabulary word a typed word matches.
type termMatch struct {
	term    string
	kind    uint8
	edits   uint8
	quality float32 // 1 for the same word, less for a prefix, a typo, a fuzzy match
	df      uint32
}

// editBudget is the number of edits allowed for a typed word of n
// letters: none up to 3, one from 4 to 7, two from 8.
func editBudget(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 7:
		return 1
	}
	return 2
}

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// quality scores a match: the same word 1; a whole word with one edit
// 0.62, two 0.42; a prefix 0.7 to 0.9 the more of the word it covers
// (0.45 with one edit, 0.3 with two); a fuzzy match 0.2 to 0.3.
func quality(kind uint8, edits, typed, termLen int) float32 {
	switch kind {
	case mExact:
		return 1
	case mTypo:
		if edits == 1 {
			return 0.62
		}
		return 0.42
	case mPrefix:
		switch edits {
		case 0:
			return 0.7 + 0.2*float32(typed)/float32(max(termLen, 1))
		case 1:
			return 0.45
		}
		return 0.3
	}
	return 0.2
}

// matchWord returns the vocabulary words the folded typed word w matches:
// the same word, a word within the edit budget (Damerau: a swap of two
// neighbours is one edit), a word w starts (within the budget), and for
// w of 4 letters or more that matches nothing else, words that start with
// w's first letter and hold w's letters in order (scored by
// sahilm/fuzzy). Best first, at most maxExpansions.
func (sn *snapshot) matchWord(w string, exactOnly bool) []termMatch {
	if w == "" {
		return nil
	}
	key := w
	if exactOnly {
		key = "\x00" + w
	}
	sn.matchMu.Lock()
	ms, ok := sn.matches[key]
	sn.matchMu.Unlock()
	if ok {
		return ms
	}
	ms = sn.matchWordUncached(w, exactOnly)
	sn.matchMu.Lock()
	if len(sn.matches) >= maxCachedWords {
		clear(sn.matches)
	}
	sn.matches[key] = ms
	sn.matchMu.Unlock()
	return ms
}

// matchWordUncached is matchWord without the cache.
func (sn *snapshot) matchWordUncached(w string, exactOnly bool) []termMatch {
	if exactOnly {
		if i, ok := slices.BinarySearch(sn.terms, w); ok {
			return []termMatch{{term: w, kind: mExact, quality: 1, df: sn.df[i]}}
		}
		return nil
	}
	wr := []rune(w)
	L := len(wr)
	k := editBudget(L)
	if allDigits(w) || L > maxTypedRunes {
		k = 0
	}
	// The walk reports single words and, for the many words under a
	// prefix that matches, whole ranges of the vocabulary; a bounded heap
	// keeps the best maxExpansions of them, so a short prefix over a
	// large vocabulary costs a scan, not a map and a sort of thousands.
	sel := &selection{sn: sn, typed: L}
	var spans []span
	if k == 0 {
		lo, _ := slices.BinarySearch(sn.terms, w)
		hi := lo + sort.Search(len(sn.terms)-lo, func(x int) bool { return !strings.HasPrefix(sn.terms[lo+x], w) })
		if lo < hi && sn.terms[lo] == w {
			sel.add(lo, mExact, 0)
			lo++
		}
		if lo < hi {
			spans = append(spans, span{lo, hi, 0})
		}
	} else {
		sn.walk(wr, k, sel.add, func(lo, hi, edits int) { spans = append(spans, span{lo, hi, edits}) })
	}
	found := sel.count
	for _, sp := range spans {
		found += sp.hi - sp.lo
		for i := sp.lo; i < sp.hi; i++ {
			sel.add(i, mPrefix, sp.edits)
		}
	}
	// Fuzzy matches are the fallback for abbreviations ("mnstr"): only
	// for a word that matches nothing else, where they cannot crowd out
	// better matches, and a scan of every word with its first letter is
	// not spent on a word already found.
	if L >= minFuzzyRunes && !allDigits(w) && found == 0 {
		taken := make(map[int]bool, len(sel.heap))
		for _, c := range sel.heap {
			taken[c.i] = true
		}
		sn.fuzzyInWord(w, wr, func(i int) bool { return taken[i] }, sel.add)
	}
	out := sel.sorted()
	// Keep the best matches up to maxExpansions words and, past the
	// exact one, postingsBudget postings per document (at most maxBudget,
	// shortBudget for one or two letters): a short prefix would otherwise
	// stand for most of the archive, at the cost of reading it all on a
	// keystroke whose results are about to change.
	budget := uint64(min(postingsBudget*max(sn.n, 1), maxBudget))
	if L <= 2 {
		budget = min(budget, shortBudget)
	}
	var sum uint64
	for i, m := range out {
		if i >= maxExpansions || i > 0 && m.kind != mExact && sum+uint64(m.df) > budget {
			out = out[:i]
			break
		}
		sum += uint64(m.df)
	}
	return out
}

// walk finds the words within k edits of wr, whole or as a prefix, by
// walking the sorted vocabulary as a trie: the edit-distance rows of a
// shared prefix are computed once, and a prefix whose row has no entry
// within k cuts off every word under it.
func (sn *snapshot) walk(wr []rune, k int, add func(i int, kind uint8, edits int), addSpan func(lo, hi, edits int)) {
	L := len(wr)
	W := L + 1
	rows := make([]int8, (maxTermRunes+1)*W)
	for j := range W {
		rows[j] = int8(j)
	}
	// prefMin[d]: the fewest edits of wr against a prefix of the current
	// word of length at most d (from max(2, L-1) on), 127 if none.
	var prefMin [maxTermRunes + 1]int8
	prefMin[0] = 127
	var cur, prev [maxTermRunes]rune
	nPrev, valid := 0, 0 // prev's length, and rows computed for prev up to this depth
	minPrefDepth := max(2, L-1)
	terms := sn.terms
	for i := 0; i < len(terms); {
		t := terms[i]
		n := 0
		for _, r := range t {
			if n == maxTermRunes {
				break
			}
			cur[n] = r
			n++
		}
		lcp := 0
		for lcp < n && lcp < nPrev && cur[lcp] == prev[lcp] {
			lcp++
		}
		d := min(lcp, valid)
		cut := -1
		for d < n {
			d++
			row := rows[d*W : (d+1)*W]
			up := rows[(d-1)*W : d*W]
			row[0] = int8(d)
			rmin := row[0]
			c := cur[d-1]
			for j := 1; j <= L; j++ {
				cost := int8(1)
				if wr[j-1] == c {
					cost = 0
				}
				v := min(up[j-1]+cost, up[j]+1, row[j-1]+1)
				if d > 1 && j > 1 && c == wr[j-2] && cur[d-2] == wr[j-1] {
					v = min(v, rows[(d-2)*W+j-2]+1)
				}
				row[j] = v
				rmin = min(rmin, v)
			}
			// Rows are shared by every word under this prefix, so
			// prefMin[d] counts row d whatever the current word's
			// length; a word of n runes reads prefMin[n-1].
			pm := prefMin[d-1]
			if d >= minPrefDepth && row[L] < pm {
				pm = row[L]
			}
			prefMin[d] = pm
			if int(rmin) > k {
				cut = d
				break
			}
		}
		copy(prev[:n], cur[:n])
		nPrev = n
		if cut >= 0 {
			valid = cut - 1
			// Every word under cur[:cut] is at least k+1 edits from wr
			// as a whole; those under a prefix within k still match as
			// prefixes.
			j := sn.subtreeEnd(i, t, cut)
			if pm := prefMin[cut-1]; int(pm) <= k {
				addSpan(i, j, int(pm))
			}
			i = j
			continue
		}
		valid = n
		full := int(rows[n*W+L])
		pm := int(prefMin[n-1])
		if n < minPrefDepth {
			pm = 127
		}
		switch {
		case full == 0:
			add(i, mExact, 0)
		case full <= k && full <= pm:
			add(i, mTypo, full)
		case pm <= k:
			add(i, mPrefix, pm)
		}
		i++
	}
}

// subtreeEnd returns the index after the last word from i on that starts
// with the first runes runes of t. Subtrees are mostly small, so it
// gallops from i before it bisects.
func (sn *snapshot) subtreeEnd(i int, t string, runes int) int {
	p := t
	for k, c := 0, 0; k < len(t); c++ {
		if c == runes {
			p = t[:k]
			break
		}
		_, size := utf8.DecodeRuneInString(t[k:])
		k += size
	}
	terms := sn.terms
	lo, step := i, 1 // terms[lo] has the prefix
	hi := i + step
	for hi < len(terms) && strings.HasPrefix(terms[hi], p) {
		lo = hi
		step *= 2
		hi = i + step
	}
	hi = min(hi, len(terms))
	rest := terms[lo+1 : hi]
	return lo + 1 + sort.Search(len(rest), func(x int) bool { return !strings.HasPrefix(rest[x], p) })
}

// fuzzyInWord adds the words that start with w's first letter and hold
// all of w's letters in order, not already matched, at most three times
// as long as w, scored by sahilm/fuzzy. Matching inside one word only
// keeps a typed word from being spread over several words of the text.
func (sn *snapshot) fuzzyInWord(w string, wr []rune, taken func(i int) bool, add func(i int, kind uint8, edits int)) {
	first := string(wr[0])
	lo, _ := slices.BinarySearch(sn.terms, first)
	var cands []string
	var idx []int
	for i := lo; i < len(sn.terms) && strings.HasPrefix(sn.terms[i], first); i++ {
		if taken(i) {
			continue
		}
		t := sn.terms[i]
		if len(t) <= len(w) || utf8.RuneCountInString(t) > 3*len(wr) || !subsequence(w, t) {
			continue
		}
		cands = append(cands, t)
		idx = append(idx, i)
	}
	if len(cands) == 0 {
		return
	}
	for _, m := range fuzzy.FindNoSort(w, cands) {
		add(idx[m.Index], mFuzzy, 0)
	}
}

// subsequence reports whether the runes of w occur in order in t.
func subsequence(w, t string) bool {
	for _, r := range w {
		i := strings.IndexRune(t, r)
		if i < 0 {
			return false
		}
		t = t[i+utf8.RuneLen(r):]
	}
	return true
}

// span is a range of the vocabulary whose words all match as prefixes
// with the same number of edits.
type span struct{ lo, hi, edits int }

// selection keeps the best maxExpansions matches offered, by quality,
// then frequency, then word: a min-heap with the worst at the root.
type selection struct {
	sn    *snapshot
	typed int
	heap  []candidate
	count int // matches offered
}

type candidate struct {
	i int
	m termMatch
}

// worse orders candidates: a below b.
func worse(a, b *termMatch) bool {
	if a.quality != b.quality {
		return a.quality < b.quality
	}
	if a.df != b.df {
		return a.df < b.df
	}
	return a.term > b.term
}

func (sel *selection) add(i int, kind uint8, edits int) {
	sel.count++
	t := sel.sn.terms[i]
	n := len(t) // bytes: a close enough length for a prefix's quality
	if kind == mPrefix && edits == 0 {
		n = utf8.RuneCountInString(t)
	}
	m := termMatch{term: t, kind: kind, edits: uint8(edits), quality: quality(kind, edits, sel.typed, n), df: sel.sn.df[i]}
	h := sel.heap
	if len(h) == maxExpansions {
		if !worse(&h[0].m, &m) {
			return
		}
		h[0] = candidate{i, m}
		sel.down(0)
		return
	}
	h = append(h, candidate{i, m})
	for j := len(h) - 1; j > 0; {
		p := (j - 1) / 2
		if !worse(&h[j].m, &h[p].m) {
			break
		}
		h[j], h[p] = h[p], h[j]
		j = p
	}
	sel.heap = h
}

func (sel *selection) down(j int) {
	h := sel.heap
	for {
		l, w := 2*j+1, j
		if l < len(h) && worse(&h[l].m, &h[w].m) {
			w = l
		}
		if r := l + 1; r < len(h) && worse(&h[r].m, &h[w].m) {
			w = r
		}
		if w == j {
			return
		}
		h[j], h[w] = h[w], h[j]
		j = w
	}
}

// sorted returns the kept matches, best first.
func (sel *selection) sorted() []termMatch {
	out := make([]termMatch, len(sel.heap))
	for i, c := range sel.heap {
		out[i] = c.m
	}
	slices.SortFunc(out, func(a, b termMatch) int {
		switch {
		case worse(&a, &b):
			return 1
		case worse(&b, &a):
			return -1
		}
		return 0
	})
	return out
}
