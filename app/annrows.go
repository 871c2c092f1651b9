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
// strings and sorting compares precomputed keys, so a query over 100,000
// rows costs tens of milliseconds (BenchmarkAnnotationRows), where
// folding each quote per keystroke cost several times that.

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

// annModel holds every row and the view of them the table shows.
//
// Sorting is paid once per column, not per keystroke: orders[col] lists
// every live row in ascending order of col (rows without a value last),
// built the first time the table is sorted by col and kept up to date
// row by row as annotations change (rebuilt when many change at once).
// A refresh then walks that order, forwards or backwards, keeping the
// rows the filter passes: one pass over the rows, already in order.
type annModel struct {
	rows  []annRow       // positions never move; a deleted row keeps its place with id ""
	index map[string]int // annotation ID -> position in rows
	dead  int            // deleted rows still holding a place

	orders [colCount][]int32 // nil: not built, or out of date
	split  [colCount]int     // in orders[col], where the rows without a value start

	filter  annFilter
	sortCol int
	desc    bool
	shown   []int32 // positions in rows that pass the filter, in order
}

func newAnnModel() *annModel {
	return &annModel{index: map[string]int{}, sortCol: colCreated, desc: true}
}

// order returns orders[col], building it when needed. The sort compares
// an 8-byte key per row first (the start of the folded string, the rank
// of a kind or verdict, the time), held beside the row's position so
// that most comparisons read neither the row nor its strings.
func (m *annModel) order(col int) []int32 {
	if m.orders[col] != nil {
		return m.orders[col]
	}
	type keyed struct {
		k uint64
		p int32
	}
	ks := make([]keyed, 0, len(m.rows)-m.dead)
	for i := range m.rows {
		if r := &m.rows[i]; r.id != "" {
			ks = append(ks, keyed{r.sortKey(col), int32(i)})
		}
	}
	rows := m.rows
	slices.SortFunc(ks, func(a, b keyed) int {
		if a.k != b.k {
			return cmp.Compare(a.k, b.k)
		}
		return compareRows(&rows[a.p], &rows[b.p], col, false)
	})
	o := make([]int32, len(ks))
	for i, k := range ks {
		o[i] = k.p
	}
	m.orders[col] = o
	m.split[col] = m.splitOf(col, o)
	return o
}

// sortKey is an 8-byte summary of r's value in column col that orders
// as compareRows does wherever two keys differ: rows without a value
// get the largest key (no UTF-8 string starts with eight 0xFF bytes).
func (r *annRow) sortKey(col int) uint64 {
	if r.empty(col) {
		return ^uint64(0)
	}
	prefix := func(s string) uint64 {
		var k uint64
		for i := 0; i < 8; i++ {
			k <<= 8
			if i < len(s) {
				k |= uint64(s[i])
			}
		}
		return k
	}
	switch col {
	case colKind:
		return uint64(r.kindRank)
	case colVerdict:
		return uint64(r.statusRank)
	case colCreated:
		return uint64(r.created.UnixNano()) ^ 1<<63 // signed to unsigned order
	case colQuote:
		return prefix(r.fQuote)
	case colSpeaker:
		return prefix(r.fSpeaker)
	case colTags:
		return prefix(r.fTags)
	case colCreator:
		return prefix(r.fCreator)
	case colArticle:
		return prefix(r.fTitle)
	}
	return 0
}

func (m *annModel) splitOf(col int, o []int32) int {
	n, _ := slices.BinarySearchFunc(o, true, func(p int32, _ bool) int {
		if m.rows[p].empty(col) {
			return 1
		}
		return -1
	})
	return n
}

// refresh filters and sorts the rows again. The filter runs over the
// rows in storage order (memory order: a pass over 100,000 rows in
// order of a column was several times slower, jumping through memory),
// marking those that pass; the walk through the column's order then
// reads only the marks.
func (m *annModel) refresh() {
	m.shown = m.shown[:0]
	o := m.order(m.sortCol)
	var pass []uint64
	if !m.filter.empty() {
		pass = make([]uint64, (len(m.rows)+63)/64)
		for i := range m.rows {
			if r := &m.rows[i]; r.id != "" && m.filter.match(r) {
				pass[i>>6] |= 1 << uint(i&63)
			}
		}
	}
	keep := func(p int32) {
		if pass == nil || pass[p>>6]&(1<<uint(p&63)) != 0 {
			m.shown = append(m.shown, p)
		}
	}
	if !m.desc {
		for _, p := range o {
			keep(p)
		}
		return
	}
	split := m.split[m.sortCol]
	for i := split - 1; i >= 0; i-- {
		keep(o[i])
	}
	for i := len(o) - 1; i >= split; i-- {
		keep(o[i])
	}
}

// row returns the shown row at position i.
func (m *annModel) row(i int) *annRow { return &m.rows[m.shown[i]] }

// maxReorder is how many rows a change may touch before the orders are
// rebuilt rather than patched row by row (each patch moves up to the
// whole order in memory).
const maxReorder = 64

// put adds or replaces a row.
func (m *annModel) put(r annRow) {
	if i, ok := m.index[r.id]; ok {
		m.unorder(int32(i))
		m.rows[i] = r
		m.reorder(int32(i))
		return
	}
	m.index[r.id] = len(m.rows)
	m.rows = append(m.rows, r)
	m.reorder(int32(len(m.rows) - 1))
}

// remove deletes the row of id.
func (m *annModel) remove(id string) {
	i, ok := m.index[id]
	if !ok {
		return
	}
	m.unorder(int32(i))
	m.rows[i] = annRow{}
	delete(m.index, id)
	m.dead++
	if m.dead > 1024 && m.dead > len(m.rows)/4 {
		m.compact()
	}
}

// compact drops the places of deleted rows.
func (m *annModel) compact() {
	live := m.rows[:0]
	for _, r := range m.rows {
		if r.id != "" {
			m.index[r.id] = len(live)
			live = append(live, r)
		}
	}
	clear(m.rows[len(live):])
	m.rows, m.dead = live, 0
	m.invalidate()
}

// invalidate drops every order, to be rebuilt when next needed.
func (m *annModel) invalidate() {
	for col := range m.orders {
		m.orders[col] = nil
	}
}

// unorder takes row p out of the built orders.
func (m *annModel) unorder(p int32) {
	for col, o := range m.orders {
		if o == nil {
			continue
		}
		i := m.find(col, p)
		if i < 0 {
			m.orders[col] = nil
			continue
		}
		if i < m.split[col] {
			m.split[col]--
		}
		m.orders[col] = slices.Delete(o, i, i+1)
	}
}

// find locates row p in orders[col] by binary search, -1 when absent.
func (m *annModel) find(col int, p int32) int {
	o := m.orders[col]
	i, found := slices.BinarySearchFunc(o, p, func(q, p int32) int { return compareRows(&m.rows[q], &m.rows[p], col, false) })
	if !found || o[i] != p {
		return -1
	}
	return i
}

// reorder puts row p into the built orders at its place.
func (m *annModel) reorder(p int32) {
	for col, o := range m.orders {
		if o == nil {
			continue
		}
		i, _ := slices.BinarySearchFunc(o, p, func(q, p int32) int { return compareRows(&m.rows[q], &m.rows[p], col, false) })
		if !m.rows[p].empty(col) {
			m.split[col]++
		}
		m.orders[col] = slices.Insert(o, i, p)
	}
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
