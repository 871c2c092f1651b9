package searchindex_test

// bleve v2, the nearest full-text library in Go, as the peer to beat: the
// same archive indexed with an accent-folding analyser, the same queries
// translated to its query language, in an exact mode (each word must
// occur) and a fuzzy one (each word within the engine's edit budget).
// A test-only dependency.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"marginalia/annotate"
	"marginalia/annotate/search"
	"marginalia/annotate/search/searchtest"
)

const bleveAnalyzer = "folded"

func bleveMapping() (mapping.IndexMapping, error) {
	im := bleve.NewIndexMapping()
	err := im.AddCustomAnalyzer(bleveAnalyzer, map[string]any{
		"type":          "custom",
		"char_filters":  []string{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = bleveAnalyzer
	dm := bleve.NewDocumentMapping()
	for _, f := range []string{"quote", "note", "title", "text", "byline", "source", "name", "alias", "role", "affiliation", "speaker", "tag"} {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = bleveAnalyzer
		fm.Store = false
		dm.AddFieldMappingsAt(f, fm)
	}
	for _, f := range []string{"type", "kind", "status", "creator", "tagkw", "speakerkw"} {
		fm := bleve.NewKeywordFieldMapping()
		fm.Store = false
		fm.IncludeInAll = false
		dm.AddFieldMappingsAt(f, fm)
	}
	im.DefaultMapping = dm
	im.StoreDynamic = false
	return im, nil
}

// bleveDoc is a record as bleve indexes it.
func bleveDoc(d search.Doc) map[string]any {
	m := map[string]any{"type": string(d.Type)}
	multi := func(k, v string) {
		if old, ok := m[k]; ok {
			switch o := old.(type) {
			case string:
				m[k] = []string{o, v}
			case []string:
				m[k] = append(o, v)
			}
			return
		}
		m[k] = v
	}
	for _, v := range d.Values {
		switch v.Field {
		case search.FieldKind, search.FieldStatus, search.FieldCreator:
			m[string(v.Field)] = annotate.Fold(v.Text)
		case search.FieldTag:
			multi("tag", v.Text)
			multi("tagkw", annotate.Fold(v.Text))
		case search.FieldSpeaker, search.FieldName:
			multi(string(v.Field), v.Text)
			multi("speakerkw", annotate.Fold(v.Text))
		case search.FieldAlias:
			multi("alias", v.Text)
			multi("speakerkw", annotate.Fold(v.Text))
		default:
			multi(string(v.Field), v.Text)
		}
	}
	return m
}

// buildBleve indexes docs into a new bleve index under dir, in batches.
func buildBleve(dir string, docs []search.Doc) (bleve.Index, error) {
	im, err := bleveMapping()
	if err != nil {
		return nil, err
	}
	ix, err := bleve.New(filepath.Join(dir, "bleve"), im)
	if err != nil {
		return nil, err
	}
	b := ix.NewBatch()
	for _, d := range docs {
		if err := b.Index(d.ID, bleveDoc(d)); err != nil {
			return nil, err
		}
		if b.Size() >= 2000 {
			if err := ix.Batch(b); err != nil {
				return nil, err
			}
			b = ix.NewBatch()
		}
	}
	if err := ix.Batch(b); err != nil {
		return nil, err
	}
	return ix, nil
}

// bleveQuery translates a search-box query. fuzzy gives each word the
// engine's edit budget (1 edit from 4 letters, 2 from 8); otherwise words
// must match exactly.
func bleveQuery(text string, fuzzy bool) query.Query {
	q := search.ParseQuery(text)
	var must, mustNot []query.Query
	fields := []string{""} // "" is bleve's _all
	typeFilter := ""
	for _, in := range q.In {
		switch {
		case strings.HasPrefix("notes", in):
			fields = []string{"note"}
		case strings.HasPrefix("quotes", in):
			fields = []string{"quote"}
		case strings.HasPrefix("articles", in):
			typeFilter = "article"
		case strings.HasPrefix("speakers", in):
			typeFilter = "speaker"
		case strings.HasPrefix("annotations", in):
			typeFilter = "annotation"
		}
	}
	word := func(w string) query.Query {
		var alts []query.Query
		for _, f := range fields {
			m := query.NewMatchQuery(w)
			if f != "" {
				m.SetField(f)
			}
			if fuzzy {
				n := utf8.RuneCountInString(w)
				switch {
				case n >= 8:
					m.SetFuzziness(2)
				case n >= 4:
					m.SetFuzziness(1)
				}
			}
			alts = append(alts, m)
		}
		if len(alts) == 1 {
			return alts[0]
		}
		return query.NewDisjunctionQuery(alts)
	}
	rest := q.Text
	for {
		i := strings.IndexByte(rest, '"')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i+1:], '"')
		if j < 0 {
			j = len(rest) - i - 1
		}
		must = append(must, query.NewMatchPhraseQuery(rest[i+1:i+1+j]))
		rest = rest[:i] + " " + rest[min(len(rest), i+j+2):]
	}
	for _, w := range strings.Fields(rest) {
		if strings.HasPrefix(w, "-") && len(w) > 1 {
			mustNot = append(mustNot, query.NewMatchQuery(w[1:]))
			continue
		}
		must = append(must, word(w))
	}
	prefixes := func(field string, vals []string) {
		if len(vals) == 0 {
			return
		}
		var alts []query.Query
		for _, v := range vals {
			p := query.NewPrefixQuery(v)
			p.SetField(field)
			alts = append(alts, p)
		}
		must = append(must, query.NewDisjunctionQuery(alts))
	}
	prefixes("kind", q.Kinds)
	prefixes("status", q.Statuses)
	prefixes("creator", q.Creators)
	prefixes("tagkw", q.Tags)
	if len(q.Speakers) > 0 {
		var alts []query.Query
		for _, v := range q.Speakers {
			w := query.NewWildcardQuery("*" + v + "*")
			w.SetField("speakerkw")
			alts = append(alts, w)
		}
		must = append(must, query.NewDisjunctionQuery(alts))
	}
	if typeFilter != "" {
		t := query.NewTermQuery(typeFilter)
		t.SetField("type")
		must = append(must, t)
	}
	if len(must) == 0 {
		return query.NewMatchNoneQuery()
	}
	bq := query.NewBooleanQuery(must, nil, mustNot)
	return bq
}

// bleveSearch returns the IDs of the best limit records.
func bleveSearch(ix bleve.Index, text string, fuzzy bool, limit int) ([]string, error) {
	req := bleve.NewSearchRequestOptions(bleveQuery(text, fuzzy), limit, 0, false)
	res, err := ix.Search(req)
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	ids := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids, nil
}

// dirSize returns the bytes of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

var _ = searchtest.Docs
