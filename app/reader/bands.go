package reader

import (
	"cmp"
	"image/color"
	"slices"
	"sort"
)

// This file decides how (possibly overlapping) highlights are drawn, line by
// line: where n highlights overlap, the line's band is split into n
// horizontal stripes of equal height, one per highlight. Like layout.go it
// is pure and window-free.

// highlightSet holds highlights clamped to the text and sorted by start,
// longer first on ties, then in the order given. That order is also the
// stripe order, top to bottom: of two overlapping highlights, the one that
// starts earlier (or, starting together, is longer) always gets the upper
// stripe, so a highlight's stripe never moves below or above another's along
// the text.
type highlightSet struct {
	hs     []Highlight
	maxEnd []int // maxEnd[i] is the largest End in hs[:i+1]
}

// newHighlightSet clamps the highlights to [0, n], drops empty ones and
// sorts them.
func newHighlightSet(in []Highlight, n int) highlightSet {
	hs := make([]Highlight, 0, len(in))
	for _, h := range in {
		h.Start = min(max(h.Start, 0), n)
		h.End = min(max(h.End, 0), n)
		if h.Start < h.End {
			hs = append(hs, h)
		}
	}
	slices.SortStableFunc(hs, func(a, b Highlight) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(b.End, a.End)
	})
	maxEnd := make([]int, len(hs))
	for i := range hs {
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

// bandRun is a piece of one highlight on one line, drawn as stripe `stripe`
// (0 at the top) of `of` equal stripes sharing the line's height.
type bandRun struct {
	hi         int // index into highlightSet.hs
	start, end int // rune range
	stripe, of int
	// shade is set when the stripe above has the same fill colour: the
	// renderer then shades this one so that the two read as two.
	shade bool
}

// sameColor reports whether two fill colours are equal.
func sameColor(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == b
	}
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}

// lineRuns appends to out the runs for the line covering [ls, le), using the
// highlights whose indices are in cands (a superset of the ones on the
// line). Between any two consecutive highlight boundaries, the n covering
// highlights get stripes 0..n-1 of n in set order. Consecutive pieces of one
// highlight with the same stripe are merged.
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
	slices.SortFunc(locals, func(a, b local) int { return cmp.Compare(a.hi, b.hi) })
	slices.Sort(pts)
	pts = slices.Compact(pts)
	for k := 0; k+1 < len(pts); k++ {
		p, q := pts[k], pts[k+1]
		n := 0
		for _, lc := range locals {
			if lc.start <= p && lc.end >= q {
				n++
			}
		}
		stripe, above, shadeAbove := 0, -1, false
		for j := range locals {
			lc := &locals[j]
			if lc.start > p || lc.end < q {
				continue
			}
			shade := above >= 0 && !shadeAbove && sameColor(s.hs[above].Fill, s.hs[lc.hi].Fill)
			if o := lc.open; o >= 0 && out[o].end == p && out[o].stripe == stripe && out[o].of == n && out[o].shade == shade {
				out[o].end = q
			} else {
				out = append(out, bandRun{hi: lc.hi, start: p, end: q, stripe: stripe, of: n, shade: shade})
				lc.open = len(out) - 1
			}
			stripe, above, shadeAbove = stripe+1, lc.hi, shade
		}
	}
	return out
}
