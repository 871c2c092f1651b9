package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The stored index, one key space (one bbolt bucket), by first byte:
//
//	"g"                       generation: counter (8 bytes) and a random nonce (8)
//	"n"                       the next document number (4 bytes, big-endian)
//	"w" term                  the term's document frequency (uvarint)
//	"p" term 0x00 block       postings of the term for documents block<<12 ...
//	"d" docnum                a document record (encodeDoc)
//	"i" ID                    the document number of a record ID (4 bytes)
//	"m" metablock             per document of docnum>>10: type+1 (0: none) and time (8 bytes)
//
// A term is a folded word, or a label: 0x01, a field number and a whole
// folded value (a kind, status, creator, tag, speaker name or alias),
// which the filters read. Words never contain 0x00, so "p" term 0x00 is
// the prefix of exactly one term's postings. Document numbers start at 1
// and are not reused; numbers and blocks are big-endian so that keys sort
// in number order.
const (
	kGen  = 'g'
	kNext = 'n'
	kWord = 'w'
	kPost = 'p'
	kDoc  = 'd'
	kID   = 'i'
	kMeta = 'm'

	labelMark = 0x01

	blockShift = 12 // documents per postings block: 4096
	metaShift  = 10 // documents per meta block: 1024
	metaSlot   = 9  // bytes per document in a meta block
	maxTF      = 15 // term frequencies are kept up to this
)

// errCorrupt is wrapped by the errors of a stored index that cannot be
// decoded.
var errCorrupt = errors.New("search index corrupt")

func wordKey(term string) []byte { return append([]byte{kWord}, term...) }

func postPrefix(term string) []byte {
	k := make([]byte, 0, len(term)+6)
	k = append(k, kPost)
	k = append(k, term...)
	return append(k, 0)
}

func postKey(term string, block uint32) []byte {
	return binary.BigEndian.AppendUint32(postPrefix(term), block)
}

func docKey(n uint32) []byte  { return binary.BigEndian.AppendUint32([]byte{kDoc}, n) }
func idKey(id string) []byte  { return append([]byte{kID}, id...) }
func metaKey(b uint32) []byte { return binary.BigEndian.AppendUint32([]byte{kMeta}, b) }

// labelTerm returns the label term of a field value.
func labelTerm(field uint8, value string) string {
	return string([]byte{labelMark, field}) + strings.ReplaceAll(fold(value), "\x00", "")
}

// isLabelField reports whether filters read the field's values whole.
func isLabelField(f uint8) bool {
	switch f {
	case fKind, fStatus, fCreator, fTag, fSpeaker, fAlias, fName:
		return true
	}
	return false
}

// posting is one document in a term's postings: the fields the term
// occurs in (bit f for field f) and how often, up to maxTF.
type posting struct {
	doc  uint32
	mask uint16
	tf   uint8
}

// appendPostings encodes ps (sorted by doc, all in one block) as
// uvarint deltas from the block's first number, each followed by
// uvarint(mask<<4 | tf).
func appendPostings(b []byte, block uint32, ps []posting) []byte {
	prev := block << blockShift
	for _, p := range ps {
		b = binary.AppendUvarint(b, uint64(p.doc-prev))
		b = binary.AppendUvarint(b, uint64(p.mask)<<4|uint64(p.tf))
		prev = p.doc
	}
	return b
}

// decodePostings calls fn for each posting of a block value; it stops
// early when fn returns false.
func decodePostings(v []byte, block uint32, fn func(p posting) bool) error {
	prev := block << blockShift
	for len(v) > 0 {
		d, n := binary.Uvarint(v)
		if n <= 0 {
			return fmt.Errorf("%w: postings", errCorrupt)
		}
		v = v[n:]
		mt, n := binary.Uvarint(v)
		if n <= 0 {
			return fmt.Errorf("%w: postings", errCorrupt)
		}
		v = v[n:]
		prev += uint32(d)
		if !fn(posting{doc: prev, mask: uint16(mt >> 4), tf: uint8(mt & 15)}) {
			return nil
		}
	}
	return nil
}

// encodeDoc returns the stored record of a document.
func encodeDoc(d *Doc) []byte {
	typ, _ := typeCode(d.Type)
	n := 16 + len(d.ID) + len(d.ArticleID)
	for _, v := range d.Values {
		n += 6 + len(v.Text)
	}
	b := make([]byte, 0, n)
	b = append(b, typ)
	b = binary.AppendUvarint(b, uint64(len(d.ID)))
	b = append(b, d.ID...)
	b = binary.AppendUvarint(b, uint64(len(d.ArticleID)))
	b = append(b, d.ArticleID...)
	b = binary.AppendVarint(b, timeCode(d.Time))
	cnt := 0
	for _, v := range d.Values {
		if v.Text != "" {
			cnt++
		}
	}
	b = binary.AppendUvarint(b, uint64(cnt))
	for _, v := range d.Values {
		if v.Text == "" {
			continue
		}
		f, _ := fieldCode(v.Field)
		b = append(b, f)
		b = binary.AppendUvarint(b, uint64(len(v.Text)))
		b = append(b, v.Text...)
	}
	return b
}

// timeCode is a time as stored: Unix milliseconds, 0 for the zero time.
func timeCode(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// storedDoc is a decoded document record. Its strings are copies.
type storedDoc struct {
	typ       uint8
	id        string
	articleID string
	time      int64
	fields    []uint8
	texts     []string
}

func decodeDoc(b []byte) (storedDoc, error) {
	var d storedDoc
	bad := fmt.Errorf("%w: document record", errCorrupt)
	str := func() (string, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return "", false
		}
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s, true
	}
	if len(b) < 1 {
		return d, bad
	}
	d.typ, b = b[0], b[1:]
	var ok bool
	if d.id, ok = str(); !ok {
		return d, bad
	}
	if d.articleID, ok = str(); !ok {
		return d, bad
	}
	t, k := binary.Varint(b)
	if k <= 0 {
		return d, bad
	}
	d.time, b = t, b[k:]
	cnt, k := binary.Uvarint(b)
	if k <= 0 || cnt > uint64(len(b)) {
		return d, bad
	}
	b = b[k:]
	d.fields = make([]uint8, 0, cnt)
	d.texts = make([]string, 0, cnt)
	for range cnt {
		if len(b) < 1 || b[0] >= fieldCount {
			return d, bad
		}
		f := b[0]
		b = b[1:]
		s, ok := str()
		if !ok {
			return d, bad
		}
		d.fields = append(d.fields, f)
		d.texts = append(d.texts, s)
	}
	return d, nil
}

// docValue returns the first value of field f in an encoded document
// record, copying only that value; "" if there is none or the record is
// corrupt.
func docValue(b []byte, f uint8) string {
	skip := func() bool {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return false
		}
		b = b[k+int(n):]
		return true
	}
	if len(b) < 1 {
		return ""
	}
	b = b[1:]
	if !skip() || !skip() {
		return ""
	}
	if _, k := binary.Varint(b); k > 0 {
		b = b[k:]
	} else {
		return ""
	}
	cnt, k := binary.Uvarint(b)
	if k <= 0 {
		return ""
	}
	b = b[k:]
	for range cnt {
		if len(b) < 1 {
			return ""
		}
		g := b[0]
		b = b[1:]
		if g == f {
			n, k := binary.Uvarint(b)
			if k <= 0 || uint64(len(b)-k) < n {
				return ""
			}
			return string(b[k : k+int(n)])
		}
		if !skip() {
			return ""
		}
	}
	return ""
}

// value returns the document's first value of field f, or "".
func (d *storedDoc) value(f uint8) string {
	for i, g := range d.fields {
		if g == f {
			return d.texts[i]
		}
	}
	return ""
}

// termEntry is what one document contributes to one term's postings.
type termEntry struct {
	mask uint16
	tf   uint8
}

// docTerms returns the terms of a document's values with their fields
// and frequencies: every word of every value, and for the label fields
// the whole value as a label term.
func docTerms(fields []uint8, texts []string) map[string]termEntry {
	m := make(map[string]termEntry, 16)
	for i, f := range fields {
		bit := uint16(1) << f
		tokenize(texts[i], func(w []byte, _, _ int) {
			e, ok := m[string(w)]
			if !ok {
				m[string(w)] = termEntry{mask: bit, tf: 1}
				return
			}
			e.mask |= bit
			if e.tf < maxTF {
				e.tf++
			}
			m[string(w)] = e
		})
		if isLabelField(f) {
			t := labelTerm(f, texts[i])
			e := m[t]
			e.mask |= bit
			if e.tf < maxTF {
				e.tf++
			}
			m[t] = e
		}
	}
	return m
}

// docFields returns the field numbers and texts of a Doc's non-empty values.
func docFields(d *Doc) ([]uint8, []string) {
	fs := make([]uint8, 0, len(d.Values))
	ts := make([]string, 0, len(d.Values))
	for _, v := range d.Values {
		if v.Text == "" {
			continue
		}
		f, _ := fieldCode(v.Field)
		fs = append(fs, f)
		ts = append(ts, v.Text)
	}
	return fs, ts
}
