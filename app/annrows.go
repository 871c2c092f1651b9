package app

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/search"
	"marginalia/store"
)

// The annotations table's model, apart from its widgets so that it can be
// measured: every annotation of the library as a compact row with the
// folded strings filtering and sorting need computed once, when the row
// is read. Filtering is then substring and prefix tests on folded
// strings, in memory order, and sorting walks an order per column built
// once (annmodel.go). Measured on 100,000 rows (BenchmarkAnnotationRows,
// 2 shared cores): a query with words and filters 11 ms, a word found in
// 46% of the rows 25-31 ms, every row 0.2-0.4 ms, against 1.1-3.7 s
// for the same queries folding text per query; building a column's
// order (at load, or after a change to more than 64 rows) 49-55 ms.

// annRow is one annotation as the table shows it.
type annRow struct {
	id, articleID string
	kind          annotate.Kind
	status        annotate.Status
	quote         string // one line, clipped for display
	speakerID     string
	speaker       string // the speaker's name, "" for none
	tags          []string
	creator       string
	created       time.Time
	title         string // the article's title
	// kindRank and statusRank order kinds and verdicts as the program
	// lists them (annotate.Kinds, annotate.Statuses), not by name.
	kindRank, statusRank int8

	// Folded (annotate.Fold) forms, for filtering and sorting. fText is
	// the quote and the note, one scan for a word; fQuote is its start.
	fText, fQuote, fSpeaker, fTags, fCreator, fTitle string
	fTagList                                         []string
}

// rowQuoteRunes is how much of a quote a row keeps for display; the
// folded quote used for filtering is whole.
const rowQuoteRunes = 240

// newAnnRow builds the row of a, in an article titled fTitle (folded
// once per article by the caller), attributed to sp (nil for none).
func newAnnRow(a annotate.Annotation, title, fTitle string, sp *annotate.Speaker) annRow {
	r := annRow{
		id: a.ID, articleID: a.ArticleID, kind: a.Kind, status: a.Status,
		quote:   annotate.Clip(strings.Join(strings.Fields(a.Quote.Exact), " "), rowQuoteRunes),
		tags:    a.Tags,
		creator: a.Creator, created: a.Created, title: title,
		fCreator: annotate.Fold(a.Creator), fTitle: fTitle,
		kindRank: int8(rank(annotate.Kinds(), a.Kind)), statusRank: int8(rank(annotate.Statuses(), a.Status)),
	}
	r.fQuote = annotate.Fold(a.Quote.Exact)
	r.fText = r.fQuote
	if a.Note != "" {
		r.fText += "\n" + annotate.Fold(a.Note)
		r.fQuote = r.fText[:len(r.fQuote)]
	}
	if sp != nil {
		r.speakerID, r.speaker = sp.ID, sp.Name
		names := make([]string, 0, 1+len(sp.Aliases))
		for _, n := range sp.Names() {
			names = append(names, annotate.Fold(n))
		}
		r.fSpeaker = strings.Join(names, "\n")
	}
	if len(a.Tags) > 0 {
		r.fTagList = make([]string, len(a.Tags))
		for i, t := range a.Tags {
			r.fTagList[i] = annotate.Fold(annotate.CleanTag(t))
		}
		r.fTags = strings.Join(r.fTagList, ", ")
	}
	return r
}

// annFilter is a parsed filter: the search query language (words and
// kind: speaker: tag: status: creator:) and a range of creation dates.
type annFilter struct {
	q        search.Query
	words    []string  // the free text's folded words; each must match
	from, to time.Time // created within [from, to); zero for open ends
}

// newAnnFilter parses query; from and to bound the creation time (zero
// for none).
func newAnnFilter(query string, from, to time.Time) annFilter {
	q := search.ParseQuery(query)
	f := annFilter{q: q, from: from, to: to}
	for _, w := range strings.Fields(annotate.Fold(q.Text)) {
		f.words = append(f.words, w)
	}
	fold := func(vals []string) []string {
		out := vals[:0:0]
		for _, v := range vals {
			if v = annotate.Fold(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	f.q.Kinds, f.q.Speakers, f.q.Tags = fold(q.Kinds), fold(q.Speakers), fold(q.Tags)
	f.q.Statuses, f.q.Creators = fold(q.Statuses), fold(q.Creators)
	return f
}

// empty reports whether the filter lets every row through.
func (f *annFilter) empty() bool {
	q := f.q
	return len(f.words)+len(q.Kinds)+len(q.Speakers)+len(q.Tags)+len(q.Statuses)+len(q.Creators) == 0 && f.from.IsZero() && f.to.IsZero()
}

// match reports whether r passes: every word in its quote, note or
// article title; one of the values of each filter given (a kind, status
// or creator that starts with it, a tag that starts with it, so that
// tag:politics also finds politics/elections, a speaker name or alias
// that contains it); created within the dates.
func (f *annFilter) match(r *annRow) bool {
	if !f.from.IsZero() && r.created.Before(f.from) || !f.to.IsZero() && !r.created.Before(f.to) {
		return false
	}
	q := &f.q
	if len(q.Kinds) > 0 && !anyPrefix(string(r.kind), q.Kinds) ||
		len(q.Statuses) > 0 && !anyPrefix(string(r.status), q.Statuses) ||
		len(q.Creators) > 0 && !anyPrefix(r.fCreator, q.Creators) {
		return false
	}
	if len(q.Speakers) > 0 && (r.fSpeaker == "" || !slices.ContainsFunc(q.Speakers, func(s string) bool { return strings.Contains(r.fSpeaker, s) })) {
		return false
	}
	if len(q.Tags) > 0 && !slices.ContainsFunc(r.fTagList, func(t string) bool { return anyPrefix(t, q.Tags) }) {
		return false
	}
	for _, w := range f.words {
		if !strings.Contains(r.fText, w) && !strings.Contains(r.fTitle, w) {
			return false
		}
	}
	return true
}

func anyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// The table's columns, in order.
const (
	colSelect = iota
	colKind
	colQuote
	colSpeaker
	colVerdict
	colTags
	colCreator
	colCreated
	colArticle
	colCount
)

// columnTitle names a column in the header.
func columnTitle(col int) string {
	return [colCount]string{"", "Kind", "Quote", "Speaker", "Verdict", "Tags", "Creator", "Created", "Article"}[col]
}

// rank orders kinds and verdicts as the program lists them, not by name.
func rank[T comparable](all []T, v T) int {
	if i := slices.Index(all, v); i >= 0 {
		return i
	}
	return len(all)
}

// empty reports whether r has no value in column col: such rows sort
// last in either direction.
func (r *annRow) empty(col int) bool {
	switch col {
	case colSpeaker:
		return r.fSpeaker == ""
	case colVerdict:
		return r.status == ""
	case colTags:
		return r.fTags == ""
	case colCreator:
		return r.fCreator == ""
	}
	return false
}

// compareRows orders two rows by column col, rows without a value last
// in either direction; ties go by creation time, then ID, so the order
// is total.
func compareRows(a, b *annRow, col int, desc bool) int {
	if ea, eb := a.empty(col), b.empty(col); ea != eb {
		if ea {
			return 1
		}
		return -1
	}
	c := compareAsc(a, b, col)
	if desc {
		return -c
	}
	return c
}

func compareAsc(a, b *annRow, col int) int {
	c := 0
	switch col {
	case colKind:
		c = cmp.Compare(a.kindRank, b.kindRank)
	case colQuote:
		c = strings.Compare(a.fQuote, b.fQuote)
	case colSpeaker:
		c = strings.Compare(a.fSpeaker, b.fSpeaker)
	case colVerdict:
		c = cmp.Compare(a.statusRank, b.statusRank)
	case colTags:
		c = strings.Compare(a.fTags, b.fTags)
	case colCreator:
		c = strings.Compare(a.fCreator, b.fCreator)
	case colArticle:
		c = strings.Compare(a.fTitle, b.fTitle)
	}
	if c != 0 {
		return c
	}
	if c = a.created.Compare(b.created); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}

// rowReader builds rows from the store, caching article titles and
// speakers for the length of one read.
type rowReader struct {
	tx       *store.Tx
	titles   map[string][2]string // article ID -> title, folded title
	speakers map[string]*annotate.Speaker
}

func newRowReader(tx *store.Tx) *rowReader {
	return &rowReader{tx: tx, titles: map[string][2]string{}, speakers: map[string]*annotate.Speaker{}}
}

func (rr *rowReader) row(a annotate.Annotation) annRow {
	t, ok := rr.titles[a.ArticleID]
	if !ok {
		if art, err := rr.tx.ArticleMeta(a.ArticleID); err == nil {
			t = [2]string{art.Title, annotate.Fold(art.Title)}
		}
		rr.titles[a.ArticleID] = t
	}
	var sp *annotate.Speaker
	if a.SpeakerID != "" {
		var ok bool
		if sp, ok = rr.speakers[a.SpeakerID]; !ok {
			if s, err := rr.tx.Speaker(a.SpeakerID); err == nil {
				sp = &s
			}
			rr.speakers[a.SpeakerID] = sp
		}
	}
	return newAnnRow(a, t[0], t[1], sp)
}

// load reads every annotation.
func (m *annModel) load(tx *store.Tx) error {
	rr := newRowReader(tx)
	m.rows, m.index, m.dead = m.rows[:0], map[string]int{}, 0
	m.invalidate()
	return tx.ForEachAnnotation(func(a annotate.Annotation) error {
		m.put(rr.row(a))
		return nil
	})
}

// update re-reads the rows changes touched: edited, created or deleted
// annotations, and the rows of articles whose title changed and of
// speakers whose names changed. It reports whether anything did.
func (m *annModel) update(tx *store.Tx, c store.Changes) bool {
	if len(c.Annotations)+len(c.Articles)+len(c.Speakers) == 0 {
		return false
	}
	rr := newRowReader(tx)
	ids := slices.Clone(c.Annotations)
	if len(c.Articles)+len(c.Speakers) > 0 {
		touched := map[string]bool{}
		for _, id := range c.Articles {
			touched[id] = true
		}
		for _, id := range c.Speakers {
			touched[id] = true
		}
		for i := range m.rows {
			if touched[m.rows[i].articleID] || touched[m.rows[i].speakerID] {
				ids = append(ids, m.rows[i].id)
			}
		}
	}
	if len(ids) > maxReorder {
		m.invalidate() // rebuilt once, rather than patched row by row
	}
	for _, id := range ids {
		a, err := tx.Annotation(id)
		if err != nil {
			m.remove(id)
			continue
		}
		m.put(rr.row(a))
	}
	return true
}
