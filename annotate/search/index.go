package search

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strings"
	"sync"
	"time"
)

// ErrInvalidDoc is wrapped by the errors Put returns for a Doc it cannot
// index.
var ErrInvalidDoc = errors.New("invalid search doc")

// internMax is the longest folded value the index shares between records
// (tags, names, kinds and other labels repeat; quotes and notes do not).
const internMax = 64

// Index is an in-memory search index over annotations, articles and
// speakers. Put and Delete update it in place; Search reads it. It is safe
// for concurrent use.
type Index struct {
	mu sync.RWMutex

	docs     []docRec // by slot
	freeDocs []int32
	byID     map[string]int32

	entries     []entry // distinct folded values, by entry number
	freeEntries []int32
	interned    map[string]int32 // short folded value -> entry
	// labels[f] counts, for each entry, the values of field f with its
	// text, for the fields filters look at (kind, status, creator, tag,
	// speaker, alias, name): a filter reads the few distinct labels, not
	// every record.
	labels [fieldCount]map[int32]int32

	// buckets[b] holds the entries whose scanned length falls in bucket b
	// (see bucketOf): searches visit short strings first.
	buckets []bucket
}

type docRec struct {
	id, articleID string
	typ           uint8
	live          bool
	fields        uint16 // bit f: the record has a value of field f
	time          time.Time
	vals          []valRec
}

type valRec struct {
	text  string // original
	entry int32
	ppos  int32 // index of this value's posting in the entry
	field uint8
}

// entry is one distinct folded value and the record values that have it.
type entry struct {
	str      string // folded value
	bucket   int32
	pos      int32 // index in the bucket
	interned bool
	postings []posting
}

// posting is one record value with the entry's text.
type posting struct {
	slot  int32
	vi    uint16 // value index in the record
	scope uint8  // scopeIndex(type, field)
}

func scopeIndex(typ, field uint8) uint8 { return typ*16 + field }

// bucketOf returns the bucket for a string of n bytes: one per length up
// to 1023, then one per power of two.
func bucketOf(n int) int {
	if n < 1024 {
		return n
	}
	return 1024 + bits.Len(uint(n)) - 11
}

// bucketMin returns the shortest length in bucket b.
func bucketMin(b int) int {
	if b < 1024 {
		return b
	}
	return 1 << uint(b-1024+10)
}

// New returns an empty index.
func New() *Index {
	return &Index{byID: map[string]int32{}, interned: map[string]int32{}}
}

// Len returns the number of records in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// Put adds the docs, or replaces the records with their IDs. It checks
// every doc first and changes nothing when one is invalid.
func (ix *Index) Put(docs ...Doc) error {
	for i := range docs {
		if err := checkDoc(&docs[i]); err != nil {
			return err
		}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for i := range docs {
		ix.put(&docs[i])
	}
	return nil
}

func checkDoc(d *Doc) error {
	if d.ID == "" {
		return fmt.Errorf("%w: empty id", ErrInvalidDoc)
	}
	if _, ok := typeCode(d.Type); !ok {
		return fmt.Errorf("%w: %s: unknown type %q", ErrInvalidDoc, d.ID, d.Type)
	}
	if len(d.Values) > math.MaxUint16 {
		return fmt.Errorf("%w: %s: %d values; the limit is %d", ErrInvalidDoc, d.ID, len(d.Values), math.MaxUint16)
	}
	for _, v := range d.Values {
		if _, ok := fieldCode(v.Field); !ok {
			return fmt.Errorf("%w: %s: unknown field %q", ErrInvalidDoc, d.ID, v.Field)
		}
	}
	return nil
}

// Delete removes the records with the IDs; IDs not in the index are
// ignored.
func (ix *Index) Delete(ids ...string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, id := range ids {
		slot, ok := ix.byID[id]
		if !ok {
			continue
		}
		ix.unlink(slot)
		ix.docs[slot] = docRec{}
		ix.freeDocs = append(ix.freeDocs, slot)
		delete(ix.byID, id)
	}
}

func (ix *Index) put(d *Doc) {
	slot, ok := ix.byID[d.ID]
	if ok {
		ix.unlink(slot)
	} else {
		if n := len(ix.freeDocs); n > 0 {
			slot = ix.freeDocs[n-1]
			ix.freeDocs = ix.freeDocs[:n-1]
		} else {
			slot = int32(len(ix.docs))
			ix.docs = append(ix.docs, docRec{})
		}
		ix.byID[d.ID] = slot
	}
	typ, _ := typeCode(d.Type)
	rec := docRec{id: d.ID, articleID: d.ArticleID, typ: typ, live: true, time: d.Time}
	rec.vals = make([]valRec, 0, len(d.Values))
	for _, v := range d.Values {
		f := fold(v.Text)
		if f == "" {
			continue
		}
		field, _ := fieldCode(v.Field)
		e := ix.entryFor(f)
		vi := uint16(len(rec.vals))
		ent := &ix.entries[e]
		rec.vals = append(rec.vals, valRec{text: v.Text, entry: e, ppos: int32(len(ent.postings)), field: field})
		ent.postings = append(ent.postings, posting{slot: slot, vi: vi, scope: scopeIndex(typ, field)})
		ix.syncOwner(e)
		rec.fields |= 1 << field
		if isLabel(field) {
			if ix.labels[field] == nil {
				ix.labels[field] = map[int32]int32{}
			}
			ix.labels[field][e]++
		}
	}
	ix.docs[slot] = rec
}

// unlink removes the postings of the record in slot.
func (ix *Index) unlink(slot int32) {
	rec := &ix.docs[slot]
	for _, v := range rec.vals {
		if isLabel(v.field) {
			if ix.labels[v.field][v.entry]--; ix.labels[v.field][v.entry] == 0 {
				delete(ix.labels[v.field], v.entry)
			}
		}
		e := &ix.entries[v.entry]
		last := len(e.postings) - 1
		if int(v.ppos) != last {
			moved := e.postings[last]
			e.postings[v.ppos] = moved
			ix.docs[moved.slot].vals[moved.vi].ppos = v.ppos
		}
		e.postings = e.postings[:last]
		if last == 0 {
			ix.dropEntry(v.entry)
		} else {
			ix.syncOwner(v.entry)
		}
	}
	rec.vals = nil
}

// syncOwner records in the entry's bucket whether one record value alone
// has its text, and which.
func (ix *Index) syncOwner(id int32) {
	e := &ix.entries[id]
	bk := &ix.buckets[e.bucket]
	if len(e.postings) == 1 {
		bk.owner[e.pos], bk.scope[e.pos] = e.postings[0].slot, e.postings[0].scope
	} else {
		bk.owner[e.pos], bk.scope[e.pos] = -1, 0
	}
}

// isLabel reports whether filters look at values of the field.
func isLabel(field uint8) bool {
	switch field {
	case fKind, fStatus, fCreator, fTag, fSpeaker, fAlias, fName:
		return true
	}
	return false
}

// entryFor returns the entry for the folded value f, making one if needed.
func (ix *Index) entryFor(f string) int32 {
	short := len(f) <= internMax
	if short {
		if e, ok := ix.interned[f]; ok {
			return e
		}
		f = strings.Clone(f) // do not pin a longer original
	}
	var id int32
	if n := len(ix.freeEntries); n > 0 {
		id = ix.freeEntries[n-1]
		ix.freeEntries = ix.freeEntries[:n-1]
	} else {
		id = int32(len(ix.entries))
		ix.entries = append(ix.entries, entry{})
	}
	n := len(f)
	if i := strings.IndexByte(f, 0); i >= 0 {
		n = i // fuzzy stops at the first NUL
	}
	b := bucketOf(n)
	for len(ix.buckets) <= b {
		ix.buckets = append(ix.buckets, bucket{})
	}
	sh := shapeOf(f[:n])
	pos := ix.buckets[b].add(id, f[:n], &sh)
	ix.entries[id] = entry{str: f, bucket: int32(b), pos: pos, interned: short}
	if short {
		ix.interned[f] = id
	}
	return id
}

func (ix *Index) dropEntry(id int32) {
	e := &ix.entries[id]
	if moved := ix.buckets[e.bucket].remove(e.pos); moved >= 0 {
		ix.entries[moved].pos = e.pos
	}
	if e.interned {
		delete(ix.interned, e.str)
	}
	*e = entry{}
	ix.freeEntries = append(ix.freeEntries, id)
}
