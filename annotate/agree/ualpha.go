package agree

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// ErrInvalidStudy marks a unitizing study UnitizingAlpha cannot compute:
// a section with fewer than two raters or no length, or a segment outside
// its section or of no length.
var ErrInvalidStudy = errors.New("invalid unitizing study")

// Segment is one unit a rater marked on a continuum: Length positions
// from Begin, in Category. Segments of one rater and category that
// overlap are taken as their union (see the package documentation).
type Segment struct {
	Rater    int    `json:"rater"`
	Category string `json:"category"`
	Begin    int    `json:"begin"`
	Length   int    `json:"length"`
}

// Section is a stretch [Begin, Begin+Length) of a continuum that Raters
// raters, numbered 0 to Raters-1, each coded in full: where a rater marked
// no segment of a category, the rater found none there. A study of one
// section is Krippendorff's and DKPro's; several sections (one per
// article) are laid end to end, each with its own raters.
type Section struct {
	Begin    int       `json:"begin"`
	Length   int       `json:"length"`
	Raters   int       `json:"raters"`
	Segments []Segment `json:"segments"`
}

// Alpha is a unitizing alpha with the disagreements it is made of and the
// number of units (segments, after merging a rater's overlapping ones) it
// rests on. Defined is false, and Alpha 0, when there was nothing to
// measure; Note then says why. Alpha is never NaN.
type Alpha struct {
	Alpha    float64 `json:"alpha"`
	Observed float64 `json:"observed"` // D_o
	Expected float64 `json:"expected"` // D_e
	Units    int     `json:"units"`
	Defined  bool    `json:"defined"`
	Note     string  `json:"note,omitempty"`
}

// String formats the figure for people: "0.7286 (5 units)" or "n/a (why)".
func (a Alpha) String() string {
	if !a.Defined {
		return "n/a (" + a.Note + ")"
	}
	return strconv.FormatFloat(a.Alpha, 'f', 4, 64) + " (" + plural(a.Units, "unit") + ")"
}

// CategoryAlpha is the alpha of one category.
type CategoryAlpha struct {
	Category string `json:"category"`
	Alpha
}

// UAlpha is the result of UnitizingAlpha: the alpha over all categories
// and one per category that has a unit, by category name.
type UAlpha struct {
	Overall    Alpha           `json:"overall"`
	Categories []CategoryAlpha `json:"categories"`
}

// Category returns the alpha of category c, and false when no rater
// marked a unit of it.
func (u UAlpha) Category(c string) (Alpha, bool) {
	for _, ca := range u.Categories {
		if ca.Category == c {
			return ca.Alpha, true
		}
	}
	return Alpha{}, false
}

// UnitizingAlpha computes Krippendorff's unitizing alpha (u-alpha) per
// category and over all categories, as DKPro Statistics'
// KrippendorffAlphaUnitizingAgreement does for one section. The package
// documentation gives the formulas.
func UnitizingAlpha(sections []Section) (UAlpha, error) {
	return unitizingAlphaWith(sections, nil)
}

// unitizingAlphaWith is UnitizingAlpha with D_e computed by expected, or
// by study.expected when it is nil (the benchmark's baseline swaps in
// DKPro's unit-by-gap sum).
func unitizingAlphaWith(sections []Section, expected func(*study, *catSums) float64) (UAlpha, error) {
	var cats []string
	seen := map[string]bool{}
	for i, s := range sections {
		if s.Raters < 2 {
			return UAlpha{}, fmt.Errorf("%w: section %d has %d raters, needs two or more", ErrInvalidStudy, i, s.Raters)
		}
		if s.Length <= 0 {
			return UAlpha{}, fmt.Errorf("%w: section %d has length %d", ErrInvalidStudy, i, s.Length)
		}
		for _, g := range s.Segments {
			switch {
			case g.Rater < 0 || g.Rater >= s.Raters:
				return UAlpha{}, fmt.Errorf("%w: section %d: segment of rater %d, section has raters 0-%d", ErrInvalidStudy, i, g.Rater, s.Raters-1)
			case g.Length <= 0:
				return UAlpha{}, fmt.Errorf("%w: section %d: segment at %d has length %d", ErrInvalidStudy, i, g.Begin, g.Length)
			case g.Begin < s.Begin || g.Begin+g.Length > s.Begin+s.Length:
				return UAlpha{}, fmt.Errorf("%w: section %d: segment %d+%d outside %d+%d", ErrInvalidStudy, i, g.Begin, g.Length, s.Begin, s.Length)
			}
			if !seen[g.Category] {
				seen[g.Category] = true
				cats = append(cats, g.Category)
			}
		}
	}
	slices.Sort(cats)
	ci := make(map[string]int, len(cats))
	for i, c := range cats {
		ci[c] = i
	}
	st := newStudy(len(cats))
	st.expectedFn = expected
	tracks := make([][]ival, 0, 8)
	for _, s := range sections {
		sec := sectionTracks{begin: s.Begin, length: s.Length, raters: s.Raters}
		sec.tracks = make([][]ival, len(cats)*s.Raters)
		for _, g := range s.Segments {
			k := ci[g.Category]*s.Raters + g.Rater
			sec.tracks[k] = append(sec.tracks[k], ival{g.Begin, g.Begin + g.Length})
		}
		for k := range sec.tracks {
			sec.tracks[k] = mergeOverlaps(sec.tracks[k])
		}
		for c := range cats {
			tracks = append(tracks[:0], sec.tracks[c*s.Raters:(c+1)*s.Raters]...)
			st.add(c, sec.begin, sec.length, tracks)
		}
		st.addSection(s.Length, s.Raters)
	}
	res := st.result()
	out := UAlpha{Overall: res.overall, Categories: make([]CategoryAlpha, len(cats))}
	for i, c := range cats {
		out.Categories[i] = CategoryAlpha{Category: c, Alpha: res.cats[i]}
	}
	return out, nil
}

// ival is a half-open interval [b, e) on the continuum.
type ival struct{ b, e int }

// sectionTracks holds, for each category and rater, the sorted units.
type sectionTracks struct {
	begin, length, raters int
	tracks                [][]ival // [category*raters + rater]
}

// mergeOverlaps sorts a rater's units of one category and replaces
// overlapping ones by their union; units that only touch stay apart.
func mergeOverlaps(us []ival) []ival {
	if len(us) < 2 {
		return us
	}
	slices.SortFunc(us, func(x, y ival) int { return cmp.Or(cmp.Compare(x.b, y.b), cmp.Compare(x.e, y.e)) })
	out := us[:1]
	for _, u := range us[1:] {
		last := &out[len(out)-1]
		if u.b < last.e {
			last.e = max(last.e, u.e)
			continue
		}
		out = append(out, u)
	}
	return out
}

// catSums accumulates one category's terms over the sections of a study.
type catSums struct {
	observed float64 // sum of δ over ordered pairs of raters
	units    []int   // unit lengths
	gaps     []int   // gap lengths
	squares  float64 // sum of l(l-1) over units
}

// study accumulates the sums of u-alpha over sections.
type study struct {
	cats     []catSums
	length   float64 // L: total length of the sections
	pairMass float64 // sum over sections of m(m-1)L_s
	mass     float64 // T: sum over sections of m L_s
	part     [][]seg // scratch partitions, one per rater
	// expectedFn, when set, replaces study.expected.
	expectedFn func(*study, *catSums) float64
}

func newStudy(ncats int) *study { return &study{cats: make([]catSums, ncats)} }

// addSection counts a section of the given length and raters once, after
// its categories were added.
func (st *study) addSection(length, raters int) {
	l, m := float64(length), float64(raters)
	st.length += l
	st.pairMass += m * (m - 1) * l
	st.mass += m * l
}

// seg is a piece of a rater's partition of a section: a unit or a gap.
type seg struct {
	b, e int
	unit bool
}

// add adds category c of one section: tracks[r] are rater r's merged,
// sorted units of c in [begin, begin+length).
func (st *study) add(c, begin, length int, tracks [][]ival) {
	cs := &st.cats[c]
	for len(st.part) < len(tracks) {
		st.part = append(st.part, nil)
	}
	parts := st.part[:len(tracks)]
	end := begin + length
	for r, us := range tracks {
		p := parts[r][:0]
		pos := begin
		for _, u := range us {
			if u.b > pos {
				p = append(p, seg{pos, u.b, false})
				cs.gaps = append(cs.gaps, u.b-pos)
			}
			p = append(p, seg{u.b, u.e, true})
			l := u.e - u.b
			cs.units = append(cs.units, l)
			cs.squares += float64(l) * float64(l-1)
			pos = u.e
		}
		if pos < end {
			p = append(p, seg{pos, end, false})
			cs.gaps = append(cs.gaps, end-pos)
		}
		parts[r] = p
	}
	for r1 := range parts {
		for r2 := r1 + 1; r2 < len(parts); r2++ {
			if len(tracks[r1]) == 0 && len(tracks[r2]) == 0 {
				continue // two gaps: no disagreement
			}
			cs.observed += 2 * walk(parts[r1], parts[r2])
		}
	}
}

// walk sums δ over the pairs of pieces of two partitions of the same
// section that share at least one position; each such pair is met once.
func walk(p, q []seg) float64 {
	var sum float64
	i, j := 0, 0
	for i < len(p) && j < len(q) {
		sum += delta(p[i], q[j])
		switch {
		case p[i].e < q[j].e:
			i++
		case q[j].e < p[i].e:
			j++
		default:
			i++
			j++
		}
	}
	return sum
}

// delta is Krippendorff's distance between two intersecting pieces: the
// squared differences of their begins and ends when both are units, the
// squared length of a unit that lies wholly inside a gap of the other
// rater, and 0 otherwise (two gaps, or a unit only partly in a gap: the
// part outside is compared with the unit it meets there).
func delta(g, h seg) float64 {
	switch {
	case g.unit && h.unit:
		db, de := float64(g.b-h.b), float64(g.e-h.e)
		return db*db + de*de
	case g.unit && h.b <= g.b && g.e <= h.e:
		l := float64(g.e - g.b)
		return l * l
	case h.unit && g.b <= h.b && h.e <= g.e:
		l := float64(h.e - h.b)
		return l * l
	}
	return 0
}

// studyResult is the outcome of a study: one alpha per category index and
// the overall one.
type studyResult struct {
	cats    []Alpha
	overall Alpha
}

func (st *study) result() studyResult {
	res := studyResult{cats: make([]Alpha, len(st.cats))}
	var sumDo, sumDe float64
	var units, present int
	for c := range st.cats {
		cs := &st.cats[c]
		if len(cs.units) == 0 {
			res.cats[c] = Alpha{Note: "no units"}
			continue
		}
		do, de := st.disagreements(cs)
		res.cats[c] = alphaOf(do, de, len(cs.units))
		sumDo += do
		sumDe += de
		units += len(cs.units)
		present++
	}
	if present == 0 {
		res.overall = Alpha{Note: "no units"}
		return res
	}
	res.overall = alphaOf(sumDo/float64(present), sumDe/float64(present), units)
	return res
}

// disagreements returns D_o and D_e of one category.
func (st *study) disagreements(cs *catSums) (do, de float64) {
	do = cs.observed / (st.length * st.pairMass)
	if st.expectedFn != nil {
		return do, st.expectedFn(st, cs)
	}
	return do, st.expected(cs)
}

// expected returns D_e of one category. The inner sum over the gaps a
// unit fits in is a binary search in the sorted gap lengths and a suffix
// sum, instead of DKPro's walk over all gaps for each unit.
func (st *study) expected(cs *catSums) float64 {
	slices.Sort(cs.gaps)
	// suffix[i] is the sum of gaps[i:].
	suffix := make([]float64, len(cs.gaps)+1)
	for i := len(cs.gaps) - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1] + float64(cs.gaps[i])
	}
	n := float64(len(cs.units))
	var e float64
	for _, li := range cs.units {
		l := float64(li)
		// Placing the unit against each of the other n-1 units, at every
		// relative position where they overlap.
		e += (n - 1) * l * (l - 1) * (2*l - 1) / 3
		// Placing it inside each gap at least as long as itself: gap-l+1
		// positions, each a disagreement of l².
		k, _ := slices.BinarySearch(cs.gaps, li)
		fits := float64(len(cs.gaps) - k)
		e += l * l * (suffix[k] - fits*(l-1))
	}
	T := st.mass
	return 2 / st.length * e / (T*(T-1) - cs.squares)
}

// alphaOf is 1 - D_o/D_e, with D_e = 0 defined: with at least one unit it
// happens only when every rater's track is covered by units of length 1,
// which makes the tracks identical (D_o = 0), so alpha is 1.
func alphaOf(do, de float64, units int) Alpha {
	a := Alpha{Observed: do, Expected: de, Units: units, Defined: true}
	if de == 0 {
		if do == 0 {
			a.Alpha = 1
			a.Note = "no expected disagreement: the raters' units are identical"
		} else {
			a.Note = "no expected disagreement"
		}
		return a
	}
	a.Alpha = 1 - do/de
	return a
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
