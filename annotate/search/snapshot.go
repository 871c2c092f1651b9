package search

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
)

// snapshot is what a search keeps in memory of one state of the stored
// index: the vocabulary (to match typed words against) and each
// document's type and time (for the in: filter and listings). Loading it
// reads the "w" and "m" keys only, about 1% of the index.
type snapshot struct {
	gen   generation
	terms []string // words, sorted bytewise
	df    []uint32 // by term
	// labels[f] are the distinct folded values of label field f.
	labels [fieldCount][]labelEntry
	types  []uint8 // by document number: type+1, 0 for none
	times  []int64
	next   uint32
	n      int // documents

	// titles caches article titles by article ID for result labels;
	// valid as long as the snapshot (the stored generation).
	titleMu sync.Mutex
	titles  map[string]string
	// order is the documents newest first, made on the first listing.
	orderOnce sync.Once
	order     []uint32
	// matches caches matchWord's answers (read only once made).
	matchMu sync.Mutex
	matches map[string][]termMatch
}

type labelEntry struct {
	value string
	df    uint32
}

func loadSnapshot(r Reader) (*snapshot, error) {
	sn := &snapshot{gen: readGeneration(r), titles: map[string]string{}, matches: map[string][]termMatch{}}
	next, err := readNext(r)
	if err != nil {
		return nil, err
	}
	sn.next = next
	var bad error
	err = r.Ascend([]byte{kWord}, func(k, v []byte) bool {
		if k[0] != kWord {
			return false
		}
		df, n := binary.Uvarint(v)
		if n <= 0 {
			bad = fmt.Errorf("%w: frequency of %q", errCorrupt, k[1:])
			return false
		}
		if len(k) > 2 && k[1] == labelMark {
			if f := k[2]; f < fieldCount {
				sn.labels[f] = append(sn.labels[f], labelEntry{value: string(k[3:]), df: uint32(df)})
			}
			return true
		}
		sn.terms = append(sn.terms, string(k[1:]))
		sn.df = append(sn.df, uint32(df))
		return true
	})
	if err == nil {
		err = bad
	}
	if err != nil {
		return nil, err
	}
	sn.types = make([]uint8, next)
	sn.times = make([]int64, next)
	err = r.Ascend([]byte{kMeta}, func(k, v []byte) bool {
		if k[0] != kMeta || len(k) != 5 {
			return false
		}
		base := binary.BigEndian.Uint32(k[1:]) << metaShift
		for i := 0; i+metaSlot <= len(v); i += metaSlot {
			n := base + uint32(i/metaSlot)
			if v[i] == 0 || n >= next || v[i] > typeCount {
				continue
			}
			sn.types[n] = v[i]
			sn.times[n] = int64(binary.LittleEndian.Uint64(v[i+1:]))
			sn.n++
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return sn, nil
}

// byTime returns the document numbers, newest first (higher number first
// on equal times).
func (sn *snapshot) byTime() []uint32 {
	sn.orderOnce.Do(func() {
		sn.order = make([]uint32, 0, sn.n)
		for n := range sn.types {
			if sn.types[n] != 0 {
				sn.order = append(sn.order, uint32(n))
			}
		}
		slices.SortFunc(sn.order, func(a, b uint32) int {
			if c := cmp.Compare(sn.times[b], sn.times[a]); c != 0 {
				return c
			}
			return cmp.Compare(b, a)
		})
	})
	return sn.order
}

// Engine answers searches over a stored index. It keeps a snapshot of the
// vocabulary and document table of the index it last read, and loads a
// new one when the stored generation moves (any Update or Build), so
// results are always those of the transaction it is given. It is safe
// for concurrent use; create one per process and keep it.
type Engine struct {
	mu      sync.Mutex
	snap    *snapshot
	scratch sync.Pool // *scratch
}

// NewEngine returns an Engine with nothing loaded yet.
func NewEngine() *Engine { return &Engine{} }

// snapshotFor returns the snapshot of the index r reads.
func (e *Engine) snapshotFor(r Reader) (*snapshot, error) {
	g := readGeneration(r)
	e.mu.Lock()
	sn := e.snap
	e.mu.Unlock()
	if sn != nil && sn.gen == g {
		return sn, nil
	}
	sn, err := loadSnapshot(r)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.snap = sn
	e.mu.Unlock()
	return sn, nil
}

// scratch holds the per-document arrays of one search, reused between
// searches: seen[d] is the stamp of the last query word document d
// matched, best[d] that word's best score, total[d] the sum so far.
type scratch struct {
	seen  []uint32
	best  []float32
	total []float32
	stamp uint32
}

func (e *Engine) getScratch(n uint32) *scratch {
	sc, _ := e.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	if uint32(len(sc.seen)) < n {
		sc.seen = make([]uint32, n+n/8)
		sc.best = make([]float32, len(sc.seen))
		sc.total = make([]float32, len(sc.seen))
		sc.stamp = 0
	}
	if sc.stamp > 1<<31 {
		clear(sc.seen)
		sc.stamp = 0
	}
	return sc
}

// nextStamp returns a stamp no document has yet.
func (sc *scratch) nextStamp() uint32 {
	sc.stamp++
	return sc.stamp
}
