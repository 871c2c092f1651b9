package search

import (
	"encoding/binary"
	"fmt"
)

// list answers a query without words: the records that pass the
// filters, newest first.
func (s *search) list() ([]Result, error) {
	excluded := map[uint32]bool{}
	for _, x := range s.tq.excludes {
		if err := s.postings(x, nil, func(p posting) { excluded[p.doc] = true }); err != nil {
			return nil, err
		}
	}
	var cands []uint32
	for _, n := range s.sn.byTime() {
		t := s.sn.types[n]
		if t == 0 || s.allowed[t-1] == 0 || !s.passes(n) || len(excluded) > 0 && excluded[n] {
			continue
		}
		cands = append(cands, n)
		if len(cands) == s.limit {
			break
		}
	}
	out := make([]Result, 0, len(cands))
	for _, n := range cands {
		if err := s.ctx.Err(); err != nil {
			return nil, err
		}
		d, err := s.doc(n)
		if err != nil {
			return nil, err
		}
		res := s.label(&d)
		mask := s.allowed[d.typ]
		for i, f := range d.fields {
			if mask&(1<<f) != 0 && !isLabelField(f) || i == len(d.fields)-1 {
				res.Field = fieldName(f)
				res.Text, res.Matches = makeSnippet(d.texts[i], nil)
				break
			}
		}
		out = append(out, res)
	}
	return out, nil
}

// doc reads and decodes the record of document n.
func (s *search) doc(n uint32) (storedDoc, error) {
	v := s.r.Get(docKey(n))
	if v == nil {
		return storedDoc{}, fmt.Errorf("%w: no record %d", errCorrupt, n)
	}
	return decodeDoc(v)
}

// label fills in what a list shows of a record besides its snippet.
func (s *search) label(d *storedDoc) Result {
	res := Result{Type: typeName(d.typ), ID: d.id, ArticleID: d.articleID}
	switch d.typ {
	case tAnnotation:
		res.Kind = d.value(fKind)
		if res.Kind == "" {
			res.Kind = string(TypeAnnotation) // a doc built without its kind
		}
		res.Speaker = d.value(fSpeaker)
		res.Status = d.value(fStatus)
		res.Title = s.articleTitle(d.articleID)
	case tArticle:
		res.Kind = "article"
		res.Title = d.value(fTitle)
	default:
		res.Kind = "speaker"
		res.Title = d.value(fName)
		res.ArticleID = ""
	}
	return res
}

// articleTitle returns the title of the article with the ID, "" if it is
// not in the index. Titles are cached for the snapshot.
func (s *search) articleTitle(id string) string {
	sn := s.sn
	sn.titleMu.Lock()
	t, ok := sn.titles[id]
	sn.titleMu.Unlock()
	if ok {
		return t
	}
	if v := s.r.Get(idKey(id)); len(v) == 4 {
		if rec := s.r.Get(docKey(binary.BigEndian.Uint32(v))); rec != nil && len(rec) > 0 && rec[0] == tArticle {
			t = docValue(rec, fTitle)
		}
	}
	sn.titleMu.Lock()
	sn.titles[id] = t
	sn.titleMu.Unlock()
	return t
}
