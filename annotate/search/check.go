package search

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
)

// maxProblems caps the problems Check lists one by one.
const maxProblems = 20

// Check compares the index r reads with docs, the searchable form of
// every record in the store, and returns what is wrong, in words for
// `marginalia check`; none when the index is exactly what Build or
// Update would have written for docs under the document numbers it
// gave them. It reads the whole index and holds an expected copy in
// memory. The error is for an index it could not read.
func Check(r Reader, docs []Doc) ([]string, error) {
	var problems []string
	more := 0
	report := func(format string, args ...any) {
		if len(problems) < maxProblems {
			problems = append(problems, fmt.Sprintf(format, args...))
		} else {
			more++
		}
	}
	if r.Get([]byte{kGen}) == nil && len(docs) > 0 {
		return []string{"the search index is missing: rebuild it"}, nil
	}
	next, err := readNext(r)
	if err != nil {
		return nil, err
	}
	ids := map[string]uint32{}
	var bad error
	err = r.Ascend([]byte{kID}, func(k, v []byte) bool {
		if k[0] != kID {
			return false
		}
		if len(v) != 4 {
			bad = fmt.Errorf("%w: id %q", errCorrupt, k[1:])
			return false
		}
		ids[string(k[1:])] = binary.BigEndian.Uint32(v)
		return true
	})
	if err == nil {
		err = bad
	}
	if err != nil {
		return nil, err
	}
	type numbered struct {
		n uint32
		d *Doc
	}
	var present []numbered
	inStore := make(map[string]bool, len(docs))
	for i := range docs {
		d := &docs[i]
		if err := checkDoc(d); err != nil {
			report("%v", err)
			continue
		}
		inStore[d.ID] = true
		n, ok := ids[d.ID]
		if !ok {
			report("%s %s is not in the search index", d.Type, d.ID)
			continue
		}
		if n == 0 || n >= next {
			report("%s %s has document number %d, outside 1..%d", d.Type, d.ID, n, next-1)
			continue
		}
		if !bytes.Equal(r.Get(docKey(n)), encodeDoc(d)) {
			report("%s %s: the search index holds an outdated copy", d.Type, d.ID)
		}
		present = append(present, numbered{n, d})
	}
	for id := range ids {
		if !inStore[id] {
			report("%s is in the search index but not in the store", id)
		}
	}
	slices.SortFunc(present, func(a, b numbered) int { return cmpU32(a.n, b.n) })
	want := NewMemStorage()
	b := newBuilder(want, nil)
	for _, p := range present {
		if err := b.addAt(p.n, p.d); err != nil {
			report("%v", err)
		}
	}
	if err := b.Finish(); err != nil {
		return nil, err
	}
	// Compare every key but the generation and the next number.
	var got []kv
	if err := r.Ascend(nil, func(k, v []byte) bool {
		if k[0] != kGen && k[0] != kNext && k[0] != kID && k[0] != kDoc {
			got = append(got, kv{slices.Clone(k), bytes.Clone(v)})
		}
		return true
	}); err != nil {
		return nil, err
	}
	var exp []kv
	_ = want.Ascend(nil, func(k, v []byte) bool {
		if k[0] != kGen && k[0] != kNext && k[0] != kID && k[0] != kDoc {
			exp = append(exp, kv{k, v})
		}
		return true
	})
	i, j := 0, 0
	for i < len(got) || j < len(exp) {
		switch {
		case j == len(exp) || i < len(got) && bytes.Compare(got[i].k, exp[j].k) < 0:
			report("the search index has %s, which no record explains", describeKey(got[i].k))
			i++
		case i == len(got) || bytes.Compare(got[i].k, exp[j].k) > 0:
			report("the search index lacks %s", describeKey(exp[j].k))
			j++
		default:
			if !bytes.Equal(got[i].v, exp[j].v) {
				report("the search index has wrong %s", describeKey(got[i].k))
			}
			i++
			j++
		}
	}
	if more > 0 {
		problems = append(problems, fmt.Sprintf("and %d more problems in the search index", more))
	}
	return problems, nil
}

type kv struct{ k, v []byte }

// describeKey names a stored key for a person.
func describeKey(k []byte) string {
	term := func(t []byte) string {
		if len(t) > 1 && t[0] == labelMark {
			return fmt.Sprintf("%s label %q", fieldName(t[1]), t[2:])
		}
		return fmt.Sprintf("word %q", t)
	}
	switch k[0] {
	case kWord:
		return "the frequency of " + term(k[1:])
	case kPost:
		if len(k) > 5 {
			return fmt.Sprintf("the postings of %s (block %d)", term(k[1:len(k)-5]), binary.BigEndian.Uint32(k[len(k)-4:]))
		}
	case kMeta:
		if len(k) == 5 {
			return fmt.Sprintf("the document table (block %d)", binary.BigEndian.Uint32(k[1:]))
		}
	}
	return fmt.Sprintf("key %q", k)
}
