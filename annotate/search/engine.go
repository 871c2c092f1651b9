package search

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// DefaultLimit is how many results Search returns when asked for 0.
const DefaultLimit = 50

// fieldWeight is how much a word found in a field counts: the analyst's
// own notes and the quotes they chose, titles and names most; an
// article's body, where any word may occur in passing, least.
var fieldWeight = [fieldCount]float32{
	fQuote: 1, fNote: 1, fText: 0.35, fTag: 0.8, fSpeaker: 0.8, fKind: 0.3, fStatus: 0.3,
	fCreator: 0.3, fTitle: 1.2, fSource: 0.5, fByline: 0.5, fName: 1.2, fAlias: 0.9, fRole: 0.7,
	fAffiliation: 0.7,
}

// maskWeights[mask] is the weight of the best field in mask, a little
// more when the word occurs in several fields. Computed once; never
// changed.
var maskWeights = func() *[1 << fieldCount]float32 {
	var t [1 << fieldCount]float32
	for mask := range t {
		w := float32(0)
		n := 0
		for m := uint16(mask); m != 0; m &= m - 1 {
			w = max(w, fieldWeight[bits.TrailingZeros16(m)])
			n++
		}
		if n > 1 {
			w *= 1.1
		}
		t[mask] = w
	}
	return &t
}()

func maskWeight(mask uint16) float32 { return maskWeights[mask&(1<<fieldCount-1)] }

// Search returns the records of the index r reads that match q, best
// first, at most limit (DefaultLimit when limit <= 0). With no free
// words, it lists the records that pass the filters, newest first.
//
// Search checks ctx between the query's words and candidates, and
// returns ctx.Err() once ctx is done, so a query superseded by the next
// keystroke stops early.
func (e *Engine) Search(ctx context.Context, r Reader, q Query, limit int) ([]Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	sn, err := e.snapshotFor(r)
	if err != nil {
		return nil, err
	}
	s := &search{e: e, r: r, sn: sn, ctx: ctx, limit: limit, tq: parseText(q.Text)}
	if err := s.compileFilter(q); err != nil {
		return nil, err
	}
	if len(s.tq.words) == 0 {
		return s.list()
	}
	return s.run()
}

// Search is Engine.Search with an Engine of its own: for a process that
// answers one query (the command line), where no snapshot is worth
// keeping.
func Search(ctx context.Context, r Reader, q Query, limit int) ([]Result, error) {
	return NewEngine().Search(ctx, r, q, limit)
}

// search is one query's state.
type search struct {
	e     *Engine
	r     Reader
	sn    *snapshot
	ctx   context.Context
	limit int
	tq    textQuery

	// allowed[t] is the field mask a word may match in for records of
	// type t (in:); 0 excludes the type.
	allowed [typeCount]uint16
	// docs has the bit of every record that passes the record filters;
	// nil when there are none.
	docs []uint64

	words []wordPlan
	sc    *scratch
}

type wordPlan struct {
	qword
	matches []termMatch
	cost    uint64 // postings to read
}

func (s *search) passes(n uint32) bool {
	return s.docs == nil || s.docs[n>>6]&(1<<(n&63)) != 0
}

// scopeMasks returns the fields the in: value name allows, per type: a
// prefix of notes, quotes, articles, speakers or annotations.
func scopeMasks(name string) [typeCount]uint16 {
	var m [typeCount]uint16
	for _, sc := range []string{"notes", "quotes", "articles", "speakers", "annotations"} {
		if !strings.HasPrefix(sc, name) {
			continue
		}
		switch sc {
		case "notes":
			m[tAnnotation] |= 1 << fNote
			m[tArticle] |= 1 << fNote
			m[tSpeaker] |= 1 << fNote
		case "quotes":
			m[tAnnotation] |= 1 << fQuote
		case "articles":
			m[tArticle] = math.MaxUint16
		case "speakers":
			m[tSpeaker] = math.MaxUint16
		case "annotations":
			m[tAnnotation] = math.MaxUint16
		}
	}
	return m
}

// compileFilter turns q's filters into the allowed masks and the set of
// records with a matching label, read from the labels' postings.
func (s *search) compileFilter(q Query) error {
	for t := range s.allowed {
		s.allowed[t] = math.MaxUint16
	}
	clean := func(vals []string) []string {
		var out []string
		for _, v := range vals {
			if v = fold(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	if in := clean(q.In); len(in) > 0 {
		s.allowed = [typeCount]uint16{}
		for _, name := range in {
			m := scopeMasks(name)
			for t := range m {
				s.allowed[t] |= m[t]
			}
		}
	}
	groups := []struct {
		want   []string
		match  func(s, w string) bool
		fields []uint8
	}{
		{clean(q.Kinds), strings.HasPrefix, []uint8{fKind}},
		{clean(q.Statuses), strings.HasPrefix, []uint8{fStatus}},
		{clean(q.Creators), strings.HasPrefix, []uint8{fCreator}},
		{clean(q.Tags), strings.HasPrefix, []uint8{fTag}},
		{clean(q.Speakers), strings.Contains, []uint8{fSpeaker, fAlias, fName}},
	}
	words := (s.sn.next + 63) / 64
	for _, g := range groups {
		if len(g.want) == 0 {
			continue
		}
		set := make([]uint64, words)
		for _, f := range g.fields {
			for _, l := range s.sn.labels[f] {
				if !slices.ContainsFunc(g.want, func(w string) bool { return g.match(l.value, w) }) {
					continue
				}
				t := string([]byte{labelMark, f}) + l.value
				err := s.postings(t, nil, func(p posting) {
					if p.doc < s.sn.next {
						set[p.doc>>6] |= 1 << (p.doc & 63)
					}
				})
				if err != nil {
					return err
				}
			}
		}
		if s.docs == nil {
			s.docs = set
		} else {
			for i := range s.docs {
				s.docs[i] &= set[i]
			}
		}
	}
	return nil
}

// postings calls fn for every posting of term; when blocks is not nil,
// only for the blocks whose bit it has.
func (s *search) postings(term string, blocks []uint64, fn func(p posting)) error {
	prefix := postPrefix(term)
	var bad error
	err := s.r.Ascend(prefix, func(k, v []byte) bool {
		if !bytes.HasPrefix(k, prefix) || len(k) != len(prefix)+4 {
			return false
		}
		b := binary.BigEndian.Uint32(k[len(prefix):])
		if blocks != nil && (int(b>>6) >= len(blocks) || blocks[b>>6]&(1<<(b&63)) == 0) {
			return true
		}
		bad = decodePostings(v, b, func(p posting) bool { fn(p); return true })
		return bad == nil
	})
	if err == nil {
		err = bad
	}
	return err
}

// idf is a word's rarity, from 1 (in every record) to 2 (in one).
func (s *search) idf(df uint32) float32 {
	n := float64(max(s.sn.n, 1))
	return float32(1 + math.Log1p(n/float64(max(df, 1)))/math.Log1p(n))
}

// run answers a query with words: it matches each word against the
// vocabulary, intersects the words' postings, most selective word
// first, scores each record by its best match per word, and re-ranks the
// best by reading them (proximity, phrases, titles, snippets).
func (s *search) run() ([]Result, error) {
	for _, w := range s.tq.words {
		ms := s.sn.matchWord(w.text, w.exact)
		if len(ms) == 0 {
			return nil, nil // every word is required
		}
		var cost uint64
		for _, m := range ms {
			cost += uint64(m.df)
		}
		s.words = append(s.words, wordPlan{qword: w, matches: ms, cost: cost})
	}
	slices.SortStableFunc(s.words, func(a, b wordPlan) int { return cmp.Compare(a.cost, b.cost) })

	s.sc = s.e.getScratch(s.sn.next)
	defer s.e.scratch.Put(s.sc)
	sc := s.sc
	var cands []uint32
	var blocks []uint64 // blocks that hold a candidate
	for wi, w := range s.words {
		if err := s.ctx.Err(); err != nil {
			return nil, err
		}
		prev := sc.stamp
		stamp := sc.nextStamp()
		first := wi == 0
		matches := w.matches
		// One word alone: read its matches best bound first, and stop
		// once the candidates to re-rank all score at least what any
		// later match could give (a record's score for a word is its
		// best match, so a later one cannot push them out). A short
		// prefix then reads a few of its words, not all of them.
		single := len(s.words) == 1 && len(s.tq.excludes) == 0 && len(s.tq.phrases) == 0
		if single {
			matches = slices.Clone(matches)
			slices.SortStableFunc(matches, func(a, b termMatch) int { return cmp.Compare(s.bound(b), s.bound(a)) })
		}
		checked := 0
		for i, m := range matches {
			var err error
			cands, err = s.scoreTerm(m, first, prev, stamp, blocks, cands)
			if err != nil {
				return nil, err
			}
			if want := s.rerankSize(); single && i+1 < len(matches) && len(cands) >= want && len(cands) >= checked+checked/4 {
				checked = len(cands)
				if s.kthScore(cands, want) >= s.bound(matches[i+1]) {
					break
				}
			}
		}
		keep := cands[:0]
		for _, d := range cands {
			if sc.seen[d] != stamp {
				continue
			}
			if first {
				sc.total[d] = sc.best[d]
			} else {
				sc.total[d] += sc.best[d]
			}
			keep = append(keep, d)
		}
		cands = keep
		if len(cands) == 0 {
			return nil, nil
		}
		blocks = make([]uint64, (s.sn.next>>blockShift)/64+1)
		for _, d := range cands {
			b := d >> blockShift
			blocks[b>>6] |= 1 << (b & 63)
		}
	}
	// -words: drop the records that have one.
	if len(s.tq.excludes) > 0 {
		alive := sc.stamp
		for _, x := range s.tq.excludes {
			if _, ok := slices.BinarySearch(s.sn.terms, x); ok {
				err := s.postings(x, blocks, func(p posting) {
					if p.doc < s.sn.next && sc.seen[p.doc] == alive {
						sc.seen[p.doc] = 0
					}
				})
				if err != nil {
					return nil, err
				}
			}
		}
		keep := cands[:0]
		for _, d := range cands {
			if sc.seen[d] == alive {
				keep = append(keep, d)
			}
		}
		cands = keep
	}
	return s.rerank(cands)
}

// scoreTerm reads the postings of one vocabulary word a query word
// matches (only the blocks in blocks, when not nil) and records each
// document's score for the query word in the scratch arrays: for the
// first query word every document that passes the filters becomes a
// candidate (appended to cands); for later ones only candidates still
// alive (seen == prev, or stamp once matched) count. It decodes the
// postings inline: this loop is most of a search's time.
func (s *search) scoreTerm(m termMatch, first bool, prev, stamp uint32, blocks []uint64, cands []uint32) ([]uint32, error) {
	sc := s.sc
	base := m.quality * s.idf(m.df)
	next := s.sn.next
	types := s.sn.types
	seen, best := sc.seen, sc.best
	prefix := postPrefix(m.term)
	var bad error
	err := s.r.Ascend(prefix, func(k, v []byte) bool {
		if len(k) != len(prefix)+4 || string(k[:len(prefix)]) != string(prefix) {
			return false
		}
		b := binary.BigEndian.Uint32(k[len(prefix):])
		if blocks != nil && (int(b>>6) >= len(blocks) || blocks[b>>6]&(1<<(b&63)) == 0) {
			return true
		}
		doc := b << blockShift
		for len(v) > 0 {
			d, n := uint64(v[0]), 1
			if d >= 0x80 {
				d, n = binary.Uvarint(v)
				if n <= 0 {
					bad = fmt.Errorf("%w: postings of %q", errCorrupt, m.term)
					return false
				}
			}
			v = v[n:]
			if len(v) == 0 {
				bad = fmt.Errorf("%w: postings of %q", errCorrupt, m.term)
				return false
			}
			mt, n := uint64(v[0]), 1
			if mt >= 0x80 {
				mt, n = binary.Uvarint(v)
				if n <= 0 {
					bad = fmt.Errorf("%w: postings of %q", errCorrupt, m.term)
					return false
				}
			}
			v = v[n:]
			doc += uint32(d)
			if doc >= next {
				continue
			}
			if first {
				if s.docs != nil && s.docs[doc>>6]&(1<<(doc&63)) == 0 {
					continue
				}
			} else if st := seen[doc]; st != prev && st != stamp {
				continue
			}
			typ := types[doc]
			if typ == 0 {
				continue
			}
			mask := uint16(mt>>4) & s.allowed[typ-1]
			if mask == 0 {
				continue
			}
			sco := base * maskWeight(mask)
			if tf := uint8(mt & 15); mask&(1<<fText) != 0 && tf > 1 {
				sco *= 1 + 0.1*float32(min(tf-1, 5))
			}
			if seen[doc] != stamp {
				seen[doc] = stamp
				best[doc] = sco
				if first {
					cands = append(cands, doc)
				}
			} else if sco > best[doc] {
				best[doc] = sco
			}
		}
		return true
	})
	if err == nil {
		err = bad
	}
	return cands, err
}

// bound is the most a record can score for a match: its quality and
// rarity in the weightiest field.
func (s *search) bound(m termMatch) float32 {
	return m.quality * s.idf(m.df) * maskWeight(1<<fTitle|1<<fName)
}

// rerankSize is how many candidates re-ranking reads.
func (s *search) rerankSize() int { return max(rerankMin, 2*s.limit) }

// kthScore returns the k-th best score (best[]) among cands.
func (s *search) kthScore(cands []uint32, k int) float32 {
	xs := make([]float32, len(cands))
	for i, d := range cands {
		xs[i] = s.sc.best[d]
	}
	// Quickselect: the k-1th element of xs in descending order.
	lo, hi, want := 0, len(xs)-1, k-1
	for lo < hi {
		p := xs[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for xs[i] > p {
				i++
			}
			for xs[j] < p {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case want <= j:
			hi = j
		case want >= i:
			lo = i
		default:
			return xs[want]
		}
	}
	return xs[want]
}
