package search

import (
	"context"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/sahilm/fuzzy"
)

// DefaultLimit is how many results Search returns when asked for 0.
const DefaultLimit = 50

// chunkSize is how many strings a search worker takes at a time; the
// context is checked between chunks.
const chunkSize = 2048

// noValue marks a listed record that has no value to show.
const noValue = math.MaxUint16

// Search returns the records that match q, best first, at most limit
// (DefaultLimit when limit <= 0).
//
// The folded q.Text is matched against every folded value with
// github.com/sahilm/fuzzy's scoring; a record's result is its best value
// (on a tie, its first), and records with the same score come in order of
// ID. With no text, Search lists the records that pass the filters, newest
// first, with score 0 and the first value in scope.
//
// Search checks ctx between chunks of work and returns ctx.Err() once ctx
// is done, so a query superseded by the next keystroke stops early.
func (ix *Index) Search(ctx context.Context, q Query, limit int) ([]Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	text := fold(q.Text)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	f := ix.compileFilter(q)
	var hits []hit
	var err error
	if text == "" {
		hits, err = ix.list(ctx, f, limit)
	} else {
		hits, err = ix.scan(ctx, compilePattern(text), f, limit)
	}
	if err != nil {
		return nil, err
	}
	return ix.results(text, hits), nil
}

// hit is a candidate result: a record and the value that scored.
type hit struct {
	score int
	slot  int32
	vi    uint16
}

// topK keeps the best k hits, at most one per record, in a heap with the
// worst at the root.
type topK struct {
	k      int
	items  []hit
	better func(a, b hit) bool
	// where maps a record to its place in items when k is large; for a
	// small k a linear scan is faster.
	where map[int32]int
}

func newTopK(k int, better func(a, b hit) bool) topK {
	t := topK{k: k, better: better}
	if k > 64 {
		t.where = map[int32]int{}
	}
	return t
}

func (t *topK) full() bool { return len(t.items) == t.k }

// find returns the place of the record's hit, or -1.
func (t *topK) find(slot int32) int {
	if t.where != nil {
		if i, ok := t.where[slot]; ok {
			return i
		}
		return -1
	}
	for i := range t.items {
		if t.items[i].slot == slot {
			return i
		}
	}
	return -1
}

func (t *topK) set(i int, h hit) {
	t.items[i] = h
	if t.where != nil {
		t.where[h.slot] = i
	}
}

func (t *topK) swap(i, j int) {
	a, b := t.items[i], t.items[j]
	t.set(i, b)
	t.set(j, a)
}

func (t *topK) offer(h hit) bool {
	if t.full() && !t.better(h, t.items[0]) {
		return false
	}
	if i := t.find(h.slot); i >= 0 {
		if !t.better(h, t.items[i]) {
			return false
		}
		t.set(i, h)
		t.down(i)
		return true
	}
	if !t.full() {
		t.items = append(t.items, h)
		t.set(len(t.items)-1, h)
		t.up(len(t.items) - 1)
		return true
	}
	if t.where != nil {
		delete(t.where, t.items[0].slot)
	}
	t.set(0, h)
	t.down(0)
	return true
}

func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.better(t.items[p], t.items[i]) {
			break
		}
		t.swap(p, i)
		i = p
	}
}

func (t *topK) down(i int) {
	n := len(t.items)
	for {
		w := i
		if l := 2*i + 1; l < n && t.better(t.items[w], t.items[l]) {
			w = l
		}
		if r := 2*i + 2; r < n && t.better(t.items[w], t.items[r]) {
			w = r
		}
		if w == i {
			return
		}
		t.swap(w, i)
		i = w
	}
}

// byScore ranks hits by score, then record ID, then value order.
func (ix *Index) byScore(a, b hit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.slot == b.slot {
		return a.vi < b.vi
	}
	return ix.docs[a.slot].id < ix.docs[b.slot].id
}

// byTime ranks listed records newest first, then by ID.
func (ix *Index) byTime(a, b hit) bool {
	da, db := &ix.docs[a.slot], &ix.docs[b.slot]
	if c := da.time.Compare(db.time); c != 0 {
		return c > 0
	}
	return da.id < db.id
}

// task is a run of strings of one length bucket.
type task struct{ b, lo, hi int32 }

// scanState is shared by the workers of one search.
type scanState struct {
	ix    *Index
	ctx   context.Context
	p     *pattern
	f     *filter
	tasks []task
	next  atomic.Int64

	mu  sync.Mutex
	top topK // the best records so far, under mu
	// floor is the score of the k-th best record once there are k: no
	// string that scores below it can make the results. It only rises.
	floor atomic.Int64
}

func (ix *Index) scan(ctx context.Context, p *pattern, f *filter, limit int) ([]hit, error) {
	st := &scanState{ix: ix, ctx: ctx, p: p, f: f, top: newTopK(limit, ix.byScore)}
	st.floor.Store(math.MinInt64)
	for b := range ix.buckets {
		n := len(ix.buckets[b].ids)
		for lo := 0; lo < n; lo += chunkSize {
			st.tasks = append(st.tasks, task{int32(b), int32(lo), int32(min(lo+chunkSize, n))})
		}
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), len(st.tasks)))
	if workers == 1 {
		st.work()
	} else {
		var wg sync.WaitGroup
		for range workers {
			wg.Go(st.work)
		}
		wg.Wait()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := st.top.items
	slices.SortFunc(out, func(a, b hit) int {
		if ix.byScore(a, b) {
			return -1
		}
		return 1
	})
	return out, nil
}

// work scans tasks until none are left, the context is done, or the
// remaining strings are too long to score up to the floor.
func (st *scanState) work() {
	ix, p, f := st.ix, st.p, st.f
	m := len(p.runes)
	var sep, adj [maxBoundedRunes]uint64
	for {
		t := int(st.next.Add(1) - 1)
		if t >= len(st.tasks) || st.ctx.Err() != nil {
			return
		}
		tk := st.tasks[t]
		minLen := bucketMin(int(tk.b))
		th := int(st.floor.Load())
		bk := &ix.buckets[tk.b]
		if p.bounded && th != math.MinInt64 {
			if p.maxBaseAll-minLen < th {
				return // every later task holds longer strings
			}
			if p.maxBase-minLen < th && bk.unbounded == 0 {
				continue // only strings with upper case could score enough
			}
		}
		for w := int(tk.lo) >> 6; w<<6 < int(tk.hi); w++ {
			lo, hi := w<<6, min(w<<6+64, int(tk.hi))
			live := ^uint64(0) >> uint(64-(hi-lo))
			bounded := p.bounded && th != math.MinInt64
			if bounded {
				for k := range m {
					sep[k] = bk.col(p.sepPair[k], w)
					adj[k] = bk.col(p.adjPair[k], w)
				}
				// Strings without enough of the pattern's bigrams cannot
				// score up to the floor: drop them 64 at a time.
				switch e := p.minEvents(th + minLen); {
				case e < 0:
					live = 0
				case e > 0:
					live &= atLeast(&adj, m, e)
				}
			}
			for ; live != 0; live &= live - 1 {
				j := bits.TrailingZeros64(live)
				i := lo + j
				if bk.masks[i]&p.mask != p.mask {
					continue
				}
				if f.any {
					if o := bk.owner[i]; o >= 0 {
						if !f.allows(bk.scope[i]) || !f.passes(o) {
							continue
						}
					} else if !slices.ContainsFunc(ix.entries[bk.ids[i]].postings, f.posting) {
						continue
					}
				}
				s := bk.strs[i]
				n := len(s)
				flags := bk.flags[i]
				if bounded {
					if flags&flagNoBound != 0 {
						if p.maxBaseAll-n < th {
							continue
						}
					} else if p.maxBase-n < th || p.boundBits(bk.first[i] == p.class[0], &sep, &adj, uint(j))+m-n < th {
						continue
					}
				}
				if p.plain != nil && flags&(flagASCII|flagNoBound) == flagASCII && !p.subsequence(s) {
					continue
				}
				var score int
				var ok bool
				if flags&flagASCII != 0 {
					score, ok = p.scoreASCII(s)
				} else {
					score, ok = p.scoreRunes(s)
				}
				if ok && score >= th {
					st.offer(score, &ix.entries[bk.ids[i]])
				}
				th = int(st.floor.Load())
			}
		}
	}
}

// offer puts the records with the entry's text into the top list.
func (st *scanState) offer(score int, e *entry) {
	f := st.f
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, ps := range e.postings {
		if f.any && !f.posting(ps) {
			continue
		}
		st.top.offer(hit{score: score, slot: ps.slot, vi: ps.vi})
	}
	if st.top.full() {
		st.floor.Store(int64(st.top.items[0].score))
	}
}

// list returns the records that pass the filters, newest first.
func (ix *Index) list(ctx context.Context, f *filter, limit int) ([]hit, error) {
	top := newTopK(limit, ix.byTime)
	for slot := range ix.docs {
		if slot%chunkSize == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec := &ix.docs[slot]
		if !rec.live || !f.passes(int32(slot)) {
			continue
		}
		if f.scopes != ^uint64(0) && f.scopes>>(16*uint(rec.typ))&uint64(rec.fields) == 0 {
			continue // no value in scope
		}
		top.offer(hit{slot: int32(slot), vi: noValue})
	}
	out := top.items
	slices.SortFunc(out, func(a, b hit) int {
		if ix.byTime(a, b) {
			return -1
		}
		return 1
	})
	for i := range out {
		for vi, v := range ix.docs[out[i].slot].vals {
			if f.allows(scopeIndex(ix.docs[out[i].slot].typ, v.field)) {
				out[i].vi = uint16(vi)
				break
			}
		}
	}
	return out, nil
}

// results turns hits into Results.
func (ix *Index) results(pattern string, hits []hit) []Result {
	out := make([]Result, 0, len(hits))
	for _, h := range hits {
		rec := &ix.docs[h.slot]
		r := Result{Type: typeName(rec.typ), ID: rec.id, ArticleID: rec.articleID, Score: h.score}
		if h.vi != noValue {
			v := rec.vals[h.vi]
			r.Field = fieldName(v.field)
			r.Text = v.text
			if pattern != "" {
				r.Matches = matchRanges(pattern, ix.entries[v.entry].str, v.text)
			}
		}
		out = append(out, r)
	}
	return out
}

// matchRanges returns the characters of orig that fuzzy matched in its
// folded form, as merged half-open rune ranges.
func matchRanges(pattern, folded, orig string) [][2]int {
	ms := fuzzy.Find(pattern, []string{folded})
	if len(ms) == 0 {
		return nil
	}
	f, ranges := foldMap(orig)
	if f != folded {
		return nil // cannot happen: both are fold(orig)
	}
	var out [][2]int
	idx := ms[0].MatchedIndexes
	ri := 0 // rune index of byte offset b in f
	k := 0
	for b := range f {
		for k < len(idx) && idx[k] == b {
			g := ranges[ri]
			if n := len(out); n > 0 && int(g.start) <= out[n-1][1] {
				out[n-1][1] = max(out[n-1][1], int(g.end))
			} else {
				out = append(out, [2]int{int(g.start), int(g.end)})
			}
			k++
		}
		ri++
	}
	return out
}
