package search

import (
	"cmp"
	"container/heap"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Re-ranking reads the best candidates' records: it is where words close
// together, phrases and exact titles count, and where snippets are cut.
const (
	rerankMin     = 64  // candidates re-ranked at least (twice the limit if more)
	proximityGain = 0.3 // score x (1 + gain * proximity), proximity in [0, 1]
	titleBonus    = 1000
	snippetRunes  = 160
	// maxReads caps the records read to find phrases: a phrase of
	// common words in few records stops being looked for after this
	// many of the best candidates.
	maxReads = 5000
)

type scored struct {
	doc   uint32
	score float32
}

// topHeap keeps the best candidates with the worst at the root.
type topHeap []scored

func (h topHeap) Len() int { return len(h) }
func (h topHeap) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].doc < h[j].doc
}
func (h topHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *topHeap) Push(x any)   { *h = append(*h, x.(scored)) }
func (h *topHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// better orders scored candidates best first: higher score, then the
// newer record (higher number).
func better(a, b scored) int {
	if a.score != b.score {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	return cmp.Compare(b.doc, a.doc)
}

// rerank takes the best candidates by their postings score, reads their
// records, and returns the final results. With phrases, candidates that
// turn out not to hold them are dropped, and further ones read, until
// enough are found or none are left.
func (s *search) rerank(cands []uint32) ([]Result, error) {
	want := s.rerankSize()
	var order []scored
	if len(s.tq.phrases) > 0 || len(cands) <= want {
		order = make([]scored, len(cands))
		for i, d := range cands {
			order[i] = scored{d, s.sc.total[d]}
		}
		slices.SortFunc(order, better)
	} else {
		h := make(topHeap, 0, want+1)
		for _, d := range cands {
			c := scored{d, s.sc.total[d]}
			if len(h) < want {
				heap.Push(&h, c)
			} else if topHeap([]scored{h[0], c}).Less(0, 1) {
				h[0] = c
				heap.Fix(&h, 0)
			}
		}
		order = h
		slices.SortFunc(order, better)
	}
	rw := s.rankWords()
	// With one word and no phrase, the postings score is the order but
	// for exact titles: only articles and speakers need reading.
	needRead := rw.n > 1 || len(rw.phrases) > 0
	type final struct {
		doc   uint32
		score float64
		d     *storedDoc
		ev    *evaluation
	}
	var out []final
	for i, c := range order {
		if len(out) >= want || i >= maxReads {
			break
		}
		if i%64 == 0 {
			if err := s.ctx.Err(); err != nil {
				return nil, err
			}
		}
		f := final{doc: c.doc, score: float64(c.score)}
		if needRead || s.sn.types[c.doc]-1 != tAnnotation {
			d, err := s.doc(c.doc)
			if err != nil {
				return nil, err
			}
			ev := rw.evaluate(&d, s.allowed[d.typ])
			if !ev.phrasesOK {
				continue
			}
			f.score *= 1 + proximityGain*ev.proximity
			if ev.exactTitle {
				f.score += titleBonus
			}
			f.d, f.ev = &d, &ev
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b final) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.doc, a.doc)
	})
	if len(out) > s.limit {
		out = out[:s.limit]
	}
	res := make([]Result, len(out))
	for i, f := range out {
		if f.d == nil {
			d, err := s.doc(f.doc)
			if err != nil {
				return nil, err
			}
			ev := rw.evaluate(&d, s.allowed[d.typ])
			f.d, f.ev = &d, &ev
		}
		r := s.label(f.d)
		if v := f.ev.value; v >= 0 {
			r.Field = fieldName(f.d.fields[v])
			r.Text, r.Matches = makeSnippet(f.d.texts[v], f.ev.hits)
		}
		r.Score = int(math.Round(f.score * 100))
		res[i] = r
	}
	return res, nil
}

// rankWords is what re-ranking needs of the query: which query words
// each matched vocabulary word stands for.
type rankWords struct {
	n       int               // query words
	of      map[string]uint32 // vocabulary word -> bits of the query words it matches
	phrases [][]string
	plain   []string
}

func (s *search) rankWords() *rankWords {
	rw := &rankWords{n: len(s.tq.words), of: map[string]uint32{}, phrases: s.tq.phrases, plain: s.tq.plain}
	// s.words is in selectivity order; bits follow the typed order.
	for i, w := range s.tq.words {
		for _, p := range s.words {
			if p.qword == w {
				for _, m := range p.matches {
					rw.of[m.term] |= 1 << (i & 31)
				}
			}
		}
	}
	return rw
}

// hit is a matched word in a value: rune offsets and the query words it
// matches.
type hit struct {
	start, end int
	words      uint32
}

type evaluation struct {
	phrasesOK  bool
	proximity  float64 // 1 when the words are next to each other in one value
	exactTitle bool
	value      int   // the value to show, -1 if none
	hits       []hit // its matched words
}

// evaluate reads a record's values: where the query words are, whether
// its phrases occur, how close the words are, and which value to show.
func (rw *rankWords) evaluate(d *storedDoc, allowed uint16) evaluation {
	ev := evaluation{phrasesOK: len(rw.phrases) == 0, value: -1}
	all := uint32(1)<<min(rw.n, 32) - 1
	phraseFound := make([]bool, len(rw.phrases))
	bestKey := [3]float64{-1}
	var toks []string
	for i, f := range d.fields {
		if allowed&(1<<f) == 0 {
			continue
		}
		var hits []hit
		var tokIdx []int
		toks = toks[:0]
		tokenize(d.texts[i], func(w []byte, start, end int) {
			if len(rw.phrases) > 0 {
				toks = append(toks, string(w))
			}
			if b, ok := rw.of[string(w)]; ok {
				hits = append(hits, hit{start, end, b})
				tokIdx = append(tokIdx, len(toks)-1)
			}
		})
		for p, ph := range rw.phrases {
			if !phraseFound[p] && containsRun(toks, ph) {
				phraseFound[p] = true
			}
		}
		if len(hits) == 0 {
			continue
		}
		var have uint32
		for _, h := range hits {
			have |= h.words
		}
		prox := 0.0
		if have&all == all && rw.n > 1 {
			prox = proximity(hits, all, rw.n)
		}
		ev.proximity = max(ev.proximity, prox)
		if (f == fTitle || f == fName) && rw.n > 0 && slices.Equal(words(d.texts[i]), rw.plain) {
			ev.exactTitle = true
		}
		// Show the value with the most query words, then the closest
		// together, then the weightiest field.
		key := [3]float64{float64(bitsCount(have & all)), prox, float64(fieldWeight[f])}
		if slices.Compare(key[:], bestKey[:]) > 0 {
			bestKey, ev.value, ev.hits = key, i, hits
		}
	}
	if len(rw.phrases) > 0 {
		ev.phrasesOK = !slices.Contains(phraseFound, false)
	}
	return ev
}

func bitsCount(x uint32) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// containsRun reports whether ph occurs in toks as consecutive words.
func containsRun(toks, ph []string) bool {
	for i := 0; i+len(ph) <= len(toks); i++ {
		if slices.Equal(toks[i:i+len(ph)], ph) {
			return true
		}
	}
	return false
}

// proximity returns n divided by the span, in words, of the shortest run
// of hits that covers all the query words: 1 when they are adjacent.
// hits carry rune offsets; the span is counted in hits and the gap
// between them in runes, at about six runes a word.
func proximity(hits []hit, all uint32, n int) float64 {
	best := math.MaxFloat64
	for i := range hits {
		var have uint32
		for j := i; j < len(hits); j++ {
			have |= hits[j].words
			if have&all == all {
				span := float64(hits[j].end-hits[i].start) / 6
				best = min(best, max(span, float64(n)))
				break
			}
		}
	}
	if best == math.MaxFloat64 {
		return 0
	}
	return float64(n) / best
}

// makeSnippet returns text, or about snippetRunes of it around its hits,
// on one line, with the hits as rune ranges into the snippet.
func makeSnippet(text string, hits []hit) (string, [][2]int) {
	n := utf8.RuneCountInString(text)
	start, end := 0, n
	if n > snippetRunes {
		// Centre on the densest stretch of hits.
		first := 0
		if len(hits) > 0 {
			bestCnt := 0
			for i := range hits {
				cnt := 0
				for j := i; j < len(hits) && hits[j].end-hits[i].start <= snippetRunes-40; j++ {
					cnt++
				}
				if cnt > bestCnt {
					bestCnt, first = cnt, hits[i].start
				}
			}
		}
		start = max(0, first-40)
		end = min(n, start+snippetRunes)
		if end == n {
			start = max(0, n-snippetRunes)
		}
	}
	// The runes from start-15 to end+15, to cut at word boundaries.
	lo := max(0, start-15)
	var rs []rune
	pos := 0
	for _, r := range text {
		if pos >= lo {
			if pos >= end+15 {
				break
			}
			rs = append(rs, r)
		}
		pos++
	}
	at := func(i int) rune { return rs[i-lo] }
	if start > 0 {
		for k := 0; k < 15 && start < end && !unicode.IsSpace(at(start-1)); k++ {
			start++
		}
	}
	if end < n {
		for k := 0; k < 15 && end > start && !unicode.IsSpace(at(end)); k++ {
			end--
		}
	}
	var b strings.Builder
	shift := -start
	if start > 0 {
		b.WriteString("…")
		shift++
	}
	for _, r := range rs[start-lo : end-lo] {
		if r == '\n' || r == '\r' || r == '\t' {
			r = ' '
		}
		b.WriteRune(r)
	}
	if end < n {
		b.WriteString("…")
	}
	var ms [][2]int
	for _, h := range hits {
		if h.start < start || h.end > end {
			continue
		}
		m := [2]int{h.start + shift, h.end + shift}
		if len(ms) > 0 && ms[len(ms)-1][1] >= m[0] {
			ms[len(ms)-1][1] = max(ms[len(ms)-1][1], m[1])
			continue
		}
		ms = append(ms, m)
	}
	return b.String(), ms
}
