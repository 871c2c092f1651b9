package reader

import (
	"cmp"
	"slices"
	"sort"
)

// This file decides how (possibly overlapping) highlights are drawn: which
// one gets the full-height band behind the text and which ones are shown as
// underline bars, line by line. Like layout.go it is pure and window-free.

// maxBarSlots is the number of distinct underline bar positions below a
// line; deeper overlaps share the last position.
const maxBarSlots = 3

// layeredHighlight is a Highlight clamped to the text, with its layer: the
// smallest non-negative integer not used by any overlapping highlight that
// starts earlier (greedy interval colouring), so overlapping highlights
// always have different layers.
type layeredHighlight struct {
	Highlight
	layer int
}

// highlightSet holds highlights sorted by start (longer first on ties).
type highlightSet struct {
	hs     []layeredHighlight
	maxEnd []int // maxEnd[i] is the largest End in hs[:i+1]
}

// newHighlightSet clamps the highlights to [0, n], drops empty ones, sorts
// them and assigns layers.
func newHighlightSet(in []Highlight, n int) highlightSet {
	hs := make([]layeredHighlight, 0, len(in))
	for _, h := range in {
		h.Start = min(max(h.Start, 0), n)
		h.End = min(max(h.End, 0), n)
		if h.Start < h.End {
			hs = append(hs, layeredHighlight{Highlight: h})
		}
	}
	slices.SortStableFunc(hs, func(a, b layeredHighlight) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(b.End, a.End)
	})
	var layerEnd []int // end of the last highlight placed in each layer
	maxEnd := make([]int, len(hs))
	for i := range hs {
		l := 0
		for l < len(layerEnd) && layerEnd[l] > hs[i].Start {
			l++
		}
		if l == len(layerEnd) {
			layerEnd = append(layerEnd, 0)
		}
		layerEnd[l] = hs[i].End
		hs[i].layer = l
		maxEnd[i] = hs[i].End
		if i > 0 {
			maxEnd[i] = max(maxEnd[i], maxEnd[i-1])
		}
	}
	return highlightSet{hs: hs, maxEnd: maxEnd}
}

// overlapping appends to out the indices of the highlights intersecting the
// rune range [a, b), in decreasing order of start.
func (s highlightSet) overlapping(a, b int, out []int) []int {
	k := sort.Search(len(s.hs), func(i int) bool { return s.hs[i].Start >= b })
	for i := k - 1; i >= 0 && s.maxEnd[i] > a; i-- {
		if s.hs[i].End > a {
			out = append(out, i)
		}
	}
	return out
}

// shortestAt returns the ID of the shortest highlight containing rune o
// (on ties, the one starting last).
func (s highlightSet) shortestAt(o int) (string, bool) {
	best := -1
	for _, i := range s.overlapping(o, o+1, nil) {
		if best < 0 || s.hs[i].End-s.hs[i].Start < s.hs[best].End-s.hs[best].Start {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	return s.hs[best].ID, true
}

// bandRun is a piece of one highlight on one line, drawn as a band or a bar.
type bandRun struct {
	hi         int // index into highlightSet.hs
	start, end int // rune range
	slot       int // 0: full-height band; k >= 1: k-th underline bar
}

// lineRuns appends to out the runs for the line covering [ls, le), using the
// highlights whose indices are in cands (a superset of the ones on the
// line). At every point, the covering highlight with the lowest layer gets
// the band; the others are bars in the slot of their layer. Consecutive
// pieces of one highlight drawn the same way are merged.
func (s highlightSet) lineRuns(cands []int, ls, le int, out []bandRun) []bandRun {
	type local struct {
		hi, start, end, open int
	}
	var buf [16]local
	locals := buf[:0]
	var ptsBuf [32]int
	pts := ptsBuf[:0]
	for _, i := range cands {
		h := s.hs[i]
		if h.End <= ls || h.Start >= le {
			continue
		}
		a, b := max(h.Start, ls), min(h.End, le)
		locals = append(locals, local{hi: i, start: a, end: b, open: -1})
		pts = append(pts, a, b)
	}
	if len(locals) == 0 {
		return out
	}
	slices.Sort(pts)
	pts = slices.Compact(pts)
	for k := 0; k+1 < len(pts); k++ {
		p, q := pts[k], pts[k+1]
		minLayer := -1
		for _, lc := range locals {
			if lc.start <= p && lc.end >= q {
				if l := s.hs[lc.hi].layer; minLayer < 0 || l < minLayer {
					minLayer = l
				}
			}
		}
		if minLayer < 0 {
			continue
		}
		for j := range locals {
			lc := &locals[j]
			if lc.start > p || lc.end < q {
				continue
			}
			slot := 0
			if l := s.hs[lc.hi].layer; l != minLayer {
				slot = min(l, maxBarSlots)
			}
			if lc.open >= 0 && out[lc.open].slot == slot && out[lc.open].end == p {
				out[lc.open].end = q
				continue
			}
			out = append(out, bandRun{hi: lc.hi, start: p, end: q, slot: slot})
			lc.open = len(out) - 1
		}
	}
	return out
}
