package search

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
)

// Builder writes a whole index from scratch: the database upgrade that
// first creates it, or a repair. It numbers the documents in the order
// they are added and writes every key in ascending order, document
// records as they come and the rest from Finish: a bbolt transaction
// splits its pages only at the commit, so keys put in order append to
// them, where keys in random order would move the whole page each time.
// It holds the encoded postings until Finish (about a fifth of the
// index), not the documents.
type Builder struct {
	s        Storage
	next     uint32
	block    uint32
	metaBuf  []byte
	metaBlk  uint32
	metas    []metaBlock
	ids      []idNum
	seen     map[string]bool
	progress func(done int)
	done     int

	// Terms by number, so that a word costs one map lookup.
	termID  map[string]int32
	term    []string
	df      []uint32
	post    [][]posting // postings of the current block
	blocks  [][][]byte  // encoded postings blocks, in block order
	touched []int32     // terms with postings in the current block
	// The current document's terms: lastDoc[t] == n marks term t as
	// seen in document n, entry[t] its fields and frequency.
	lastDoc []uint32
	entry   []termEntry
	docT    []int32
}

type metaBlock struct {
	n   uint32
	buf []byte
}

type idNum struct {
	id string
	n  uint32
}

// NewBuilder removes any index in s and returns a Builder that writes a
// new one. progress, if not nil, is called with the number of documents
// added so far every 4,096 documents and once from Finish.
func NewBuilder(s Storage, progress func(done int)) (*Builder, error) {
	if err := clearIndex(s); err != nil {
		return nil, fmt.Errorf("search: clear the index: %w", err)
	}
	return newBuilder(s, progress), nil
}

func newBuilder(s Storage, progress func(done int)) *Builder {
	return &Builder{s: s, next: 1, metaBuf: make([]byte, metaSlot<<metaShift), seen: map[string]bool{},
		progress: progress, termID: map[string]int32{}}
}

// clearIndex deletes every key of s, a chunk at a time (a bbolt bucket
// must not be changed while a cursor walks it).
func clearIndex(s Storage) error {
	for {
		var keys [][]byte
		if err := s.Ascend(nil, func(k, _ []byte) bool {
			keys = append(keys, slices.Clone(k))
			return len(keys) < 4096
		}); err != nil {
			return err
		}
		if len(keys) == 0 {
			return nil
		}
		for _, k := range keys {
			if err := s.Delete(k); err != nil {
				return err
			}
		}
	}
}

// Add adds one document under the next number.
func (b *Builder) Add(d Doc) error {
	return b.addAt(b.next, &d)
}

// addAt adds d under number n, which must be above every number added
// before.
func (b *Builder) addAt(n uint32, d *Doc) error {
	if err := checkDoc(d); err != nil {
		return err
	}
	if n < b.next {
		return fmt.Errorf("search: build: document number %d after %d", n, b.next-1)
	}
	if b.seen[d.ID] {
		return fmt.Errorf("%w: %s: added twice", ErrInvalidDoc, d.ID)
	}
	b.seen[d.ID] = true
	if blk := n >> blockShift; blk != b.block {
		b.flushBlock()
		b.block = blk
	}
	if mb := n >> metaShift; mb != b.metaBlk {
		b.flushMeta()
		b.metaBlk = mb
	}
	b.docT = b.docT[:0]
	for _, v := range d.Values {
		if v.Text == "" {
			continue
		}
		f, _ := fieldCode(v.Field)
		bit := uint16(1) << f
		tokenize(v.Text, func(w []byte, _, _ int) {
			b.addTerm(b.id(w), n, bit)
		})
		if isLabelField(f) {
			b.addTerm(b.id([]byte(labelTerm(f, v.Text))), n, bit)
		}
	}
	for _, t := range b.docT {
		if len(b.post[t]) == 0 {
			b.touched = append(b.touched, t)
		}
		e := b.entry[t]
		b.post[t] = append(b.post[t], posting{doc: n, mask: e.mask, tf: e.tf})
		b.df[t]++
	}
	typ, _ := typeCode(d.Type)
	slot := b.metaBuf[int(n&(1<<metaShift-1))*metaSlot:][:metaSlot]
	slot[0] = typ + 1
	binary.LittleEndian.PutUint64(slot[1:], uint64(timeCode(d.Time)))
	if err := b.s.Put(docKey(n), encodeDoc(d)); err != nil {
		return err
	}
	b.ids = append(b.ids, idNum{d.ID, n})
	b.next = n + 1
	b.done++
	if b.progress != nil && b.done%(1<<blockShift) == 0 {
		b.progress(b.done)
	}
	return nil
}

// id returns the number of a term, giving it one if new.
func (b *Builder) id(w []byte) int32 {
	if t, ok := b.termID[string(w)]; ok {
		return t
	}
	t := int32(len(b.term))
	s := string(w)
	b.termID[s] = t
	b.term = append(b.term, s)
	b.df = append(b.df, 0)
	b.post = append(b.post, nil)
	b.blocks = append(b.blocks, nil)
	b.lastDoc = append(b.lastDoc, 0)
	b.entry = append(b.entry, termEntry{})
	return t
}

// addTerm counts one occurrence of term t in field bit of document n.
func (b *Builder) addTerm(t int32, n uint32, bit uint16) {
	if b.lastDoc[t] != n {
		b.lastDoc[t] = n
		b.entry[t] = termEntry{mask: bit, tf: 1}
		b.docT = append(b.docT, t)
		return
	}
	e := &b.entry[t]
	e.mask |= bit
	if e.tf < maxTF {
		e.tf++
	}
}

// flushBlock encodes the current block's postings.
func (b *Builder) flushBlock() {
	for _, t := range b.touched {
		b.blocks[t] = append(b.blocks[t], appendPostings(binary.BigEndian.AppendUint32(nil, b.block), b.block, b.post[t]))
		b.post[t] = b.post[t][:0]
	}
	b.touched = b.touched[:0]
}

func (b *Builder) flushMeta() {
	if slices.ContainsFunc(b.metaBuf, func(c byte) bool { return c != 0 }) {
		b.metas = append(b.metas, metaBlock{b.metaBlk, slices.Clone(b.metaBuf)})
	}
	clear(b.metaBuf)
}

// Finish writes the rest, in key order: the generation, the IDs, the
// document table, the next number, the postings and the vocabulary. The
// Builder must not be used after.
func (b *Builder) Finish() error {
	b.flushBlock()
	b.flushMeta()
	if err := bumpGeneration(b.s); err != nil {
		return err
	}
	slices.SortFunc(b.ids, func(x, y idNum) int { return strings.Compare(x.id, y.id) })
	for _, p := range b.ids {
		if err := b.s.Put(idKey(p.id), binary.BigEndian.AppendUint32(nil, p.n)); err != nil {
			return err
		}
	}
	for _, m := range b.metas {
		if err := putMeta(b.s, metaKey(m.n), m.buf); err != nil {
			return err
		}
	}
	if err := b.s.Put([]byte{kNext}, binary.BigEndian.AppendUint32(nil, b.next)); err != nil {
		return err
	}
	order := make([]int32, len(b.term))
	for t := range order {
		order[t] = int32(t)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(b.term[x], b.term[y]) })
	for _, t := range order {
		for _, v := range b.blocks[t] {
			// v is the block number, then the postings.
			if err := b.s.Put(binary.BigEndian.AppendUint32(postPrefix(b.term[t]), binary.BigEndian.Uint32(v)), v[4:]); err != nil {
				return err
			}
		}
		b.blocks[t] = nil
	}
	for _, t := range order {
		if err := b.s.Put(wordKey(b.term[t]), binary.AppendUvarint(nil, uint64(b.df[t]))); err != nil {
			return err
		}
	}
	if b.progress != nil {
		b.progress(b.done)
	}
	return nil
}

// Build replaces the index in s with one of docs. progress, if not nil,
// is called now and then with the number of documents done and
// len(docs).
func Build(s Storage, docs []Doc, progress func(done, total int)) error {
	var p func(int)
	if progress != nil {
		p = func(done int) { progress(done, len(docs)) }
	}
	b, err := NewBuilder(s, p)
	if err != nil {
		return err
	}
	for i := range docs {
		if err := b.addAt(b.next, &docs[i]); err != nil {
			return err
		}
	}
	return b.Finish()
}
