package app

import (
	"cmp"
	"slices"
	"sync"
)

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
// a 16-byte key per row first (the start of the folded string, the rank
// of a kind or verdict, the time), held beside the row's position so
// that most comparisons read neither the row nor its strings.
func (m *annModel) order(col int) []int32 {
	if m.orders[col] != nil {
		return m.orders[col]
	}
	type keyed struct {
		k1, k2 uint64
		p      int32
	}
	ks := make([]keyed, 0, len(m.rows)-m.dead)
	for i := range m.rows {
		if r := &m.rows[i]; r.id != "" {
			k1, k2 := r.sortKey(col)
			ks = append(ks, keyed{k1, k2, int32(i)})
		}
	}
	rows := m.rows
	less := func(a, b keyed) int {
		if a.k1 != b.k1 {
			return cmp.Compare(a.k1, b.k1)
		}
		if a.k2 != b.k2 {
			return cmp.Compare(a.k2, b.k2)
		}
		return compareRows(&rows[a.p], &rows[b.p], col, false)
	}
	o := make([]int32, 0, len(ks))
	// Two halves sorted at once, then merged: the first sort of a column
	// over 100,000 rows took 55 ms on one core.
	if half := len(ks) / 2; half >= 4096 {
		lo, hi := ks[:half], ks[half:]
		var wg sync.WaitGroup
		wg.Go(func() { slices.SortFunc(hi, less) })
		slices.SortFunc(lo, less)
		wg.Wait()
		for len(lo) > 0 && len(hi) > 0 {
			if less(hi[0], lo[0]) < 0 {
				o, hi = append(o, hi[0].p), hi[1:]
			} else {
				o, lo = append(o, lo[0].p), lo[1:]
			}
		}
		for _, k := range lo {
			o = append(o, k.p)
		}
		for _, k := range hi {
			o = append(o, k.p)
		}
	} else {
		slices.SortFunc(ks, less)
		for _, k := range ks {
			o = append(o, k.p)
		}
	}
	m.orders[col] = o
	m.split[col] = m.splitOf(col, o)
	return o
}

// sortKey is a 16-byte summary of r's value in column col that orders
// as compareRows does wherever two keys differ: rows without a value
// get the largest key (no UTF-8 string starts with 0xFF bytes).
func (r *annRow) sortKey(col int) (uint64, uint64) {
	if r.empty(col) {
		return ^uint64(0), ^uint64(0)
	}
	prefix := func(s string) (uint64, uint64) {
		var k [2]uint64
		for i := 0; i < 16; i++ {
			k[i/8] <<= 8
			if i < len(s) {
				k[i/8] |= uint64(s[i])
			}
		}
		return k[0], k[1]
	}
	switch col {
	case colKind:
		return uint64(r.kindRank), 0
	case colVerdict:
		return uint64(r.statusRank), 0
	case colCreated:
		return uint64(r.created.UnixNano()) ^ 1<<63, 0 // signed to unsigned order
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
	return 0, 0
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
