package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// ErrInvalidDoc is wrapped by the errors Update and Build return for a Doc
// they cannot index.
var ErrInvalidDoc = errors.New("invalid search doc")

func checkDoc(d *Doc) error {
	if d.ID == "" {
		return fmt.Errorf("%w: empty id", ErrInvalidDoc)
	}
	if _, ok := typeCode(d.Type); !ok {
		return fmt.Errorf("%w: %s: unknown type %q", ErrInvalidDoc, d.ID, d.Type)
	}
	for _, v := range d.Values {
		if _, ok := fieldCode(v.Field); !ok {
			return fmt.Errorf("%w: %s: unknown field %q", ErrInvalidDoc, d.ID, v.Field)
		}
	}
	return nil
}

// Update brings the index in s up to date with one transaction's changes:
// put holds the current form of every record added or changed, deleted
// the IDs of the records removed (IDs not in the index are ignored). Call
// it in the read-write transaction that changes the records, so that the
// index commits or rolls back with them. It checks every doc first and
// writes nothing when one is invalid.
//
// Its cost is a few reads and writes per distinct word of the changed
// records: each word's postings block of the record's number (at most
// 4,096 records) is rewritten.
func Update(s Storage, put []Doc, deleted []string) error {
	for i := range put {
		if err := checkDoc(&put[i]); err != nil {
			return err
		}
	}
	if len(put) == 0 && len(deleted) == 0 {
		return nil
	}
	w := newOrderedWrites(s)
	u := &updater{s: w, known: map[string]uint32{}, terms: map[uint32]map[string]termEntry{},
		changes: map[string]*termChanges{}, meta: map[uint32]metaChange{}}
	next, err := readNext(s)
	if err != nil {
		return err
	}
	u.next = next
	for _, id := range deleted {
		if err := u.remove(id); err != nil {
			return err
		}
	}
	for i := range put {
		if err := u.put(&put[i]); err != nil {
			return err
		}
	}
	if err := u.flush(); err != nil {
		return err
	}
	return w.apply()
}

// orderedWrites holds an update's writes and applies them in key order.
// A bbolt transaction splits its pages only at the commit, so a key put
// among others moves every key after it on its page: keys written in
// random order (record IDs) into a small or empty index cost the square
// of their number, 7 s for 30,000 records, where in order they append.
// Reads see the writes held.
type orderedWrites struct {
	s    Storage
	held map[string][]byte // nil: deleted
}

func newOrderedWrites(s Storage) *orderedWrites {
	return &orderedWrites{s: s, held: map[string][]byte{}}
}

func (o *orderedWrites) Get(key []byte) []byte {
	if v, ok := o.held[string(key)]; ok {
		return v
	}
	return o.s.Get(key)
}

func (o *orderedWrites) Ascend(from []byte, fn func(key, value []byte) bool) error {
	return errors.New("search: ordered writes cannot be walked")
}

func (o *orderedWrites) Put(key, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	o.held[string(key)] = value
	return nil
}

func (o *orderedWrites) Delete(key []byte) error {
	o.held[string(key)] = nil
	return nil
}

// apply writes what is held to the storage underneath, in key order.
func (o *orderedWrites) apply() error {
	keys := make([]string, 0, len(o.held))
	for k := range o.held {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var err error
		if v := o.held[k]; v == nil {
			err = o.s.Delete([]byte(k))
		} else {
			err = o.s.Put([]byte(k), v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

type change struct {
	doc uint32
	e   termEntry
	del bool
}

// termChanges are an update's changes to one term: to its postings, in
// order, and to its document frequency.
type termChanges struct {
	cs []change
	df int
}

// change records a change to term t's postings and frequency.
func (u *updater) change(t string, c change, df int) {
	tc := u.changes[t]
	if tc == nil {
		tc = &termChanges{}
		u.changes[t] = tc
	}
	tc.cs = append(tc.cs, c)
	tc.df += df
}

type metaChange struct {
	typ  uint8
	time int64
	del  bool
}

type updater struct {
	s       Storage
	next    uint32
	known   map[string]uint32               // ID -> number, for records touched in this update
	terms   map[uint32]map[string]termEntry // the current terms of those records
	changes map[string]*termChanges         // per term
	meta    map[uint32]metaChange           // per document number
	dirty   bool
}

// lookup returns the number and current terms of the record with the ID.
func (u *updater) lookup(id string) (uint32, map[string]termEntry, bool, error) {
	if n, ok := u.known[id]; ok {
		t, live := u.terms[n]
		return n, t, live, nil
	}
	v := u.s.Get(idKey(id))
	if v == nil {
		return 0, nil, false, nil
	}
	if len(v) != 4 {
		return 0, nil, false, fmt.Errorf("%w: id %q", errCorrupt, id)
	}
	n := binary.BigEndian.Uint32(v)
	rec := u.s.Get(docKey(n))
	if rec == nil {
		return 0, nil, false, fmt.Errorf("%w: id %q: no record %d", errCorrupt, id, n)
	}
	d, err := decodeDoc(rec)
	if err != nil {
		return 0, nil, false, err
	}
	t := docTerms(d.fields, d.texts)
	u.known[id], u.terms[n] = n, t
	return n, t, true, nil
}

func (u *updater) remove(id string) error {
	n, old, live, err := u.lookup(id)
	if err != nil || !live {
		return err
	}
	for t := range old {
		u.change(t, change{doc: n, del: true}, -1)
	}
	delete(u.terms, n)
	u.meta[n] = metaChange{del: true}
	u.dirty = true
	if err := u.s.Delete(docKey(n)); err != nil {
		return err
	}
	return u.s.Delete(idKey(id))
}

func (u *updater) put(d *Doc) error {
	n, old, live, err := u.lookup(d.ID)
	if err != nil {
		return err
	}
	if n == 0 {
		if u.next == math.MaxUint32 {
			return fmt.Errorf("search index: out of document numbers")
		}
		n = u.next
		u.next++
		u.known[d.ID] = n
		if err := u.s.Put(idKey(d.ID), binary.BigEndian.AppendUint32(nil, n)); err != nil {
			return err
		}
	} else if !live {
		// Deleted earlier in this update: it comes back under its number.
		if err := u.s.Put(idKey(d.ID), binary.BigEndian.AppendUint32(nil, n)); err != nil {
			return err
		}
	}
	fs, ts := docFields(d)
	cur := docTerms(fs, ts)
	for t := range old {
		if _, ok := cur[t]; !ok {
			u.change(t, change{doc: n, del: true}, -1)
		}
	}
	for t, e := range cur {
		oe, had := old[t]
		if had && oe == e {
			continue
		}
		df := 0
		if !had {
			df = 1
		}
		u.change(t, change{doc: n, e: e}, df)
	}
	u.terms[n] = cur
	typ, _ := typeCode(d.Type)
	u.meta[n] = metaChange{typ: typ, time: timeCode(d.Time)}
	u.dirty = true
	return u.s.Put(docKey(n), encodeDoc(d))
}

// flush writes the postings, frequencies, meta blocks, next number and
// generation that the update changed.
func (u *updater) flush() error {
	if !u.dirty {
		return nil
	}
	terms := make([]string, 0, len(u.changes))
	for t := range u.changes {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	for _, t := range terms {
		tc := u.changes[t]
		if err := u.flushTerm(t, tc.cs); err != nil {
			return err
		}
		if d := tc.df; d != 0 {
			if err := addDF(u.s, t, d); err != nil {
				return err
			}
		}
	}
	if err := u.flushMeta(); err != nil {
		return err
	}
	if err := u.s.Put([]byte{kNext}, binary.BigEndian.AppendUint32(nil, u.next)); err != nil {
		return err
	}
	return bumpGeneration(u.s)
}

func (u *updater) flushTerm(t string, cs []change) error {
	first := cs[0].doc >> blockShift
	if !slices.ContainsFunc(cs, func(c change) bool { return c.doc>>blockShift != first }) {
		return u.flushBlock(t, first, cs) // the usual case: one block
	}
	byBlock := map[uint32][]change{}
	for _, c := range cs {
		b := c.doc >> blockShift
		byBlock[b] = append(byBlock[b], c)
	}
	for b, cs := range byBlock {
		if err := u.flushBlock(t, b, cs); err != nil {
			return err
		}
	}
	return nil
}

// flushBlock applies changes cs, in order, to term t's postings block b.
func (u *updater) flushBlock(t string, b uint32, cs []change) error {
	key := postKey(t, b)
	var ps []posting
	if v := u.s.Get(key); v != nil {
		if err := decodePostings(v, b, func(p posting) bool { ps = append(ps, p); return true }); err != nil {
			return err
		}
	}
	for _, c := range cs { // in order: the last change of a document wins
		i, found := slices.BinarySearchFunc(ps, c.doc, func(p posting, d uint32) int { return cmpU32(p.doc, d) })
		switch {
		case c.del && found:
			ps = slices.Delete(ps, i, i+1)
		case c.del:
		case found:
			ps[i] = posting{doc: c.doc, mask: c.e.mask, tf: c.e.tf}
		default:
			ps = slices.Insert(ps, i, posting{doc: c.doc, mask: c.e.mask, tf: c.e.tf})
		}
	}
	if len(ps) == 0 {
		return u.s.Delete(key)
	}
	return u.s.Put(key, appendPostings(nil, b, ps))
}

func cmpU32(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func addDF(s Storage, t string, d int) error {
	key := wordKey(t)
	df := int64(0)
	if v := s.Get(key); v != nil {
		x, n := binary.Uvarint(v)
		if n <= 0 {
			return fmt.Errorf("%w: frequency of %q", errCorrupt, t)
		}
		df = int64(x)
	}
	df += int64(d)
	if df <= 0 {
		return s.Delete(key)
	}
	return s.Put(key, binary.AppendUvarint(nil, uint64(df)))
}

func (u *updater) flushMeta() error {
	byBlock := map[uint32][]uint32{}
	for n := range u.meta {
		byBlock[n>>metaShift] = append(byBlock[n>>metaShift], n)
	}
	for b, ns := range byBlock {
		key := metaKey(b)
		buf := make([]byte, metaSlot<<metaShift)
		copy(buf, u.s.Get(key))
		for _, n := range ns {
			c := u.meta[n]
			slot := buf[int(n&(1<<metaShift-1))*metaSlot:][:metaSlot]
			if c.del {
				clear(slot)
				continue
			}
			slot[0] = c.typ + 1
			binary.LittleEndian.PutUint64(slot[1:], uint64(c.time))
		}
		if err := putMeta(u.s, key, buf); err != nil {
			return err
		}
	}
	return nil
}

// putMeta stores a meta block without its empty tail, or deletes it.
func putMeta(s Storage, key, buf []byte) error {
	end := len(buf)
	for end > 0 && buf[end-metaSlot] == 0 {
		end -= metaSlot
	}
	if end == 0 {
		return s.Delete(key)
	}
	return s.Put(key, slices.Clone(buf[:end]))
}

func readNext(r Reader) (uint32, error) {
	v := r.Get([]byte{kNext})
	if v == nil {
		return 1, nil
	}
	if len(v) != 4 {
		return 0, fmt.Errorf("%w: next number", errCorrupt)
	}
	return binary.BigEndian.Uint32(v), nil
}

// generation identifies a state of the stored index: a counter and a
// random nonce, so that a rolled-back write that reused a counter value
// cannot pass for a committed one.
type generation [16]byte

func readGeneration(r Reader) generation {
	var g generation
	copy(g[:], r.Get([]byte{kGen}))
	return g
}

func bumpGeneration(s Storage) error {
	g := readGeneration(s)
	c := binary.BigEndian.Uint64(g[:8]) + 1
	b := binary.BigEndian.AppendUint64(nil, c)
	b = binary.BigEndian.AppendUint64(b, rand.Uint64())
	return s.Put([]byte{kGen}, b)
}

// Numbered returns how many records the index has numbered (deleted ones
// included until the next Build): a cheap measure of its size, to choose
// between Update and a fresh Build for a large change.
func Numbered(r Reader) (int, error) {
	next, err := readNext(r)
	return int(next) - 1, err
}
