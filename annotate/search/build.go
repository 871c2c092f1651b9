package search

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// Builder writes a whole index from scratch: the database upgrade that
// first creates it, or a repair. It numbers the documents in the order
// they are added and writes each postings block as soon as its 4,096
// documents are in, so its memory is one block's postings and the
// vocabulary's frequencies, not the whole index.
type Builder struct {
	s        Storage
	next     uint32
	block    uint32
	post     map[string][]posting // postings of the current block
	df       map[string]uint32
	metaBuf  []byte
	metaBlk  uint32
	ids      map[string]bool
	progress func(done int)
	done     int
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
	return &Builder{s: s, next: 1, post: map[string][]posting{}, df: map[string]uint32{},
		metaBuf: make([]byte, metaSlot<<metaShift), ids: map[string]bool{}, progress: progress}
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
	if b.ids[d.ID] {
		return fmt.Errorf("%w: %s: added twice", ErrInvalidDoc, d.ID)
	}
	b.ids[d.ID] = true
	if blk := n >> blockShift; blk != b.block {
		if err := b.flushBlock(); err != nil {
			return err
		}
		b.block = blk
	}
	if mb := n >> metaShift; mb != b.metaBlk {
		if err := b.flushMeta(); err != nil {
			return err
		}
		b.metaBlk = mb
	}
	fs, ts := docFields(d)
	for t, e := range docTerms(fs, ts) {
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
	if err := b.s.Put(idKey(d.ID), binary.BigEndian.AppendUint32(nil, n)); err != nil {
		return err
	}
	b.next = n + 1
	b.done++
	if b.progress != nil && b.done%(1<<blockShift) == 0 {
		b.progress(b.done)
	}
	return nil
}

func (b *Builder) flushBlock() error {
	terms := make([]string, 0, len(b.post))
	for t := range b.post {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	for _, t := range terms {
		if err := b.s.Put(postKey(t, b.block), appendPostings(nil, b.block, b.post[t])); err != nil {
			return err
		}
	}
	clear(b.post)
	return nil
}

func (b *Builder) flushMeta() error {
	if err := putMeta(b.s, metaKey(b.metaBlk), b.metaBuf); err != nil {
		return err
	}
	clear(b.metaBuf)
	return nil
}

// Finish writes what is left: the last blocks, the vocabulary and the
// generation. The Builder must not be used after.
func (b *Builder) Finish() error {
	if err := b.flushBlock(); err != nil {
		return err
	}
	if err := b.flushMeta(); err != nil {
		return err
	}
	terms := make([]string, 0, len(b.df))
	for t := range b.df {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	for _, t := range terms {
		if err := b.s.Put(wordKey(t), binary.AppendUvarint(nil, uint64(b.df[t]))); err != nil {
			return err
		}
	}
	if err := b.s.Put([]byte{kNext}, binary.BigEndian.AppendUint32(nil, b.next)); err != nil {
		return err
	}
	if b.progress != nil {
		b.progress(b.done)
	}
	return bumpGeneration(b.s)
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
