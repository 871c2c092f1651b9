package agree

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// krippendorff2004 is the worked example of Krippendorff (2004),
// "Measuring the reliability of qualitative text analysis data": a
// continuum of 300 positions from 150, two raters, categories c and k,
// units given as (begin, length).
func krippendorff2004() []Section {
	s := Section{Begin: 150, Length: 300, Raters: 2}
	add := func(rater int, cat string, begin, length int) {
		s.Segments = append(s.Segments, Segment{Rater: rater, Category: cat, Begin: begin, Length: length})
	}
	add(0, "c", 225, 70)
	add(0, "c", 370, 30)
	add(0, "k", 180, 60)
	add(0, "k", 300, 50)
	add(1, "c", 220, 80)
	add(1, "c", 355, 20)
	add(1, "c", 400, 20)
	add(1, "k", 180, 60)
	add(1, "k", 300, 50)
	return []Section{s}
}

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestKrippendorff2004(t *testing.T) {
	res, err := UnitizingAlpha(krippendorff2004())
	if err != nil {
		t.Fatal(err)
	}
	c, ok := res.Category("c")
	if !ok {
		t.Fatal("no figure for category c")
	}
	k, ok := res.Category("k")
	if !ok {
		t.Fatal("no figure for category k")
	}
	tests := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"c D_o", c.Observed, 0.0144, 0.0001},
		{"c D_e", c.Expected, 0.0532, 0.0001},
		{"c alpha", c.Alpha, 0.7286, 0.0001},
		{"k D_o", k.Observed, 0, 0.0001},
		{"k D_e", k.Expected, 0.0490, 0.0001},
		{"k alpha", k.Alpha, 1, 0.0001},
		{"overall alpha", res.Overall.Alpha, 0.8591, 0.0005},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !near(tt.got, tt.want, tt.tol) {
				t.Errorf("got %.5f, want %.4f ± %g", tt.got, tt.want, tt.tol)
			}
		})
	}
	if c.Units != 5 || k.Units != 4 || res.Overall.Units != 9 {
		t.Errorf("got units c %d k %d overall %d, want 5 4 9", c.Units, k.Units, res.Overall.Units)
	}
	if !res.Overall.Defined || !c.Defined || !k.Defined {
		t.Errorf("got undefined figures: %+v", res)
	}
}

// krippendorff1995 is the figure of Krippendorff (1995), "On the
// reliability of unitizing contiguous data", p. 57: four pairs of
// observers on a continuum of 24, each pair one category, drawn there as
//
//	A Bertha:  0 0|1 1 1 1 1 1 1 1|0 0 0 0|1 1 1 1 1 1|0 0 0 0
//	  Bill:    0 0 0 0|1 1 1 1|0 0 0 0 0 0 0|1 1|0 0 0 0 0 0 0
//	B John:    1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1|0 0 0 0 0 0
//	  Jill:    1 1|1|1|1|1|1 1 1|1|0 0 0 0 0 0 0 0 0 0 0 0 0 0
//	C Gerret:  0 0|1 1 1 1 1 1|0 0|1 1|0 0|1 1 1 1|0 0|1 1|0 0
//	  Gill:    1 1|0 0|1 1 1 1|0 0|1 1 1 1|0 0|1 1|0 0|1 1|0 0
//	D Heather: 1 1|1 1 1 1 1 1 1 1|1 1 1 1|1 1 1 1 1 1|1 1 1 1
//	  Hill:    1 1 1 1|1 1 1 1|1 1 1 1 1 1 1|1 1|1 1 1 1 1 1 1
//
// Every position is stretched to stretch positions.
func krippendorff1995(stretch int) []Section {
	units := map[string][2][][2]int{
		"A": {{{2, 10}, {14, 20}}, {{4, 8}, {15, 17}}},
		"B": {{{0, 18}}, {{0, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 9}, {9, 10}}},
		"C": {{{2, 8}, {10, 12}, {14, 18}, {20, 22}}, {{0, 2}, {4, 8}, {10, 14}, {16, 18}, {20, 22}}},
		"D": {{{0, 2}, {2, 10}, {10, 14}, {14, 20}, {20, 24}}, {{0, 4}, {4, 8}, {8, 15}, {15, 17}, {17, 24}}},
	}
	s := Section{Begin: 0, Length: 24 * stretch, Raters: 2}
	for cat, raters := range units {
		for r, us := range raters {
			for _, u := range us {
				s.Segments = append(s.Segments, Segment{Rater: r, Category: cat, Begin: u[0] * stretch, Length: (u[1] - u[0]) * stretch})
			}
		}
	}
	return []Section{s}
}

// TestKrippendorff1995Observed checks D_o on the 1995 figure, whose
// categories exercise units inside gaps, many small units against one
// long one, and tracks without gaps. (The 1995 paper's D_e has a known
// misprint, so only D_o is compared with it.)
func TestKrippendorff1995Observed(t *testing.T) {
	res, err := UnitizingAlpha(krippendorff1995(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		cat  string
		want float64
	}{{"A", 0.03125}, {"B", 2.26736}, {"C", 0.02777}, {"D", 0.38715}} {
		t.Run(tt.cat, func(t *testing.T) {
			a, _ := res.Category(tt.cat)
			if !near(a.Observed, tt.want, 0.00001) {
				t.Errorf("got D_o %.5f, want %.5f", a.Observed, tt.want)
			}
		})
	}
}

// TestKrippendorff1995Fine checks D_e and alpha on the 1995 figure with
// every position split into 50,000, where the discrete D_e approaches the
// continuous one the paper reports (its alphas 0.553, -0.926, 0.679 and
// 0.066, to two decimals).
func TestKrippendorff1995Fine(t *testing.T) {
	res, err := UnitizingAlpha(krippendorff1995(50_000))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		cat       string
		de, alpha float64
	}{{"A", 0.06990, 0.553}, {"B", 1.17731, -0.926}, {"C", 0.08642, 0.679}, {"D", 0.41445, 0.066}} {
		t.Run(tt.cat, func(t *testing.T) {
			a, _ := res.Category(tt.cat)
			if !near(a.Expected, tt.de, 0.005) || !near(a.Alpha, tt.alpha, 0.02) {
				t.Errorf("got D_e %.5f alpha %.3f, want %.5f ± 0.005, %.3f ± 0.02", a.Expected, a.Alpha, tt.de, tt.alpha)
			}
		})
	}
}

func TestDelta(t *testing.T) {
	unit := func(b, l int) seg { return seg{b, b + l, true} }
	gap := func(b, l int) seg { return seg{b, b + l, false} }
	tests := []struct {
		name string
		g, h seg
		want float64
	}{
		{"units shifted", unit(225, 70), unit(220, 80), 50},
		{"units apart in length", unit(370, 30), unit(355, 20), 850},
		{"unit inside gap", gap(400, 50), unit(400, 20), 400},
		{"unit inside gap, other order", unit(400, 20), gap(400, 50), 400},
		{"unit partly in gap", unit(5, 6), gap(4, 2), 0},
		{"two gaps", gap(0, 10), gap(5, 10), 0},
		{"same unit", unit(5, 6), unit(5, 6), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := delta(tt.g, tt.h); got != tt.want {
				t.Errorf("got %g, want %g", got, tt.want)
			}
		})
	}
}

// TestSectionsEqualConcatenation checks that two sections with the same
// raters give what one continuum gives when the sections are laid end to
// end and no gap crosses the seam (a unit at each section's edge).
func TestSectionsEqualConcatenation(t *testing.T) {
	a := Section{Begin: 0, Length: 100, Raters: 2, Segments: []Segment{
		{0, "x", 0, 10}, {1, "x", 0, 12}, {0, "x", 40, 20}, {1, "x", 45, 20}, {0, "x", 90, 10}, {1, "x", 95, 5},
	}}
	b := Section{Begin: 0, Length: 50, Raters: 2, Segments: []Segment{
		{0, "x", 0, 5}, {1, "x", 0, 5}, {1, "x", 20, 10}, {0, "x", 45, 5}, {1, "x", 40, 10},
	}}
	joined := Section{Begin: 0, Length: 150, Raters: 2, Segments: append([]Segment(nil), a.Segments...)}
	for _, g := range b.Segments {
		g.Begin += 100
		joined.Segments = append(joined.Segments, g)
	}
	split, err := UnitizingAlpha([]Section{a, b})
	if err != nil {
		t.Fatal(err)
	}
	one, err := UnitizingAlpha([]Section{joined})
	if err != nil {
		t.Fatal(err)
	}
	if !near(split.Overall.Observed, one.Overall.Observed, 1e-12) || !near(split.Overall.Expected, one.Overall.Expected, 1e-12) {
		t.Errorf("got D_o %g D_e %g in sections, want %g %g as one continuum",
			split.Overall.Observed, split.Overall.Expected, one.Overall.Observed, one.Overall.Expected)
	}
}

// TestOverlapsMerged checks that a rater's overlapping units of one
// category count as their union.
func TestOverlapsMerged(t *testing.T) {
	split := []Section{{Begin: 0, Length: 100, Raters: 2, Segments: []Segment{
		{0, "x", 10, 20}, {0, "x", 20, 20}, {1, "x", 10, 30},
	}}}
	res, err := UnitizingAlpha(split)
	if err != nil {
		t.Fatal(err)
	}
	if res.Overall.Alpha != 1 || res.Overall.Units != 2 {
		t.Errorf("got alpha %g on %d units, want 1 on 2", res.Overall.Alpha, res.Overall.Units)
	}
}

// TestChanceAlphaNearZero checks that raters who place units at random,
// independently of each other, get an alpha near 0 on average, and that a
// rater copying another gets 1.
func TestChanceAlphaNearZero(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(rater int, s *Section) {
		pos := 0
		for {
			pos += 1 + rng.IntN(60)
			l := 1 + rng.IntN(30)
			if pos+l > s.Length {
				return
			}
			s.Segments = append(s.Segments, Segment{Rater: rater, Category: "x", Begin: pos, Length: l})
			pos += l
		}
	}
	var sum float64
	const trials = 200
	for range trials {
		s := Section{Length: 2000, Raters: 2}
		random(0, &s)
		random(1, &s)
		res, err := UnitizingAlpha([]Section{s})
		if err != nil {
			t.Fatal(err)
		}
		sum += res.Overall.Alpha
	}
	if mean := sum / trials; math.Abs(mean) > 0.05 {
		t.Errorf("got mean alpha %.3f for independent raters, want 0 ± 0.05", mean)
	}
	s := Section{Length: 2000, Raters: 3}
	random(0, &s)
	for _, g := range s.Segments {
		g.Rater = 1
		s.Segments = append(s.Segments, g)
		g.Rater = 2
		s.Segments = append(s.Segments, g)
	}
	res, err := UnitizingAlpha([]Section{s})
	if err != nil {
		t.Fatal(err)
	}
	if res.Overall.Alpha != 1 {
		t.Errorf("got alpha %g for identical raters, want 1", res.Overall.Alpha)
	}
}

func TestUnitizingAlphaDefinedCases(t *testing.T) {
	tests := []struct {
		name        string
		sections    []Section
		wantAlpha   float64
		wantDefined bool
	}{
		{"no units", []Section{{Length: 10, Raters: 2}}, 0, false},
		{"all positions single units, identical", []Section{{Length: 2, Raters: 2, Segments: []Segment{
			{0, "x", 0, 1}, {0, "x", 1, 1}, {1, "x", 0, 1}, {1, "x", 1, 1},
		}}}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := UnitizingAlpha(tt.sections)
			if err != nil {
				t.Fatal(err)
			}
			if math.IsNaN(res.Overall.Alpha) || res.Overall.Alpha != tt.wantAlpha || res.Overall.Defined != tt.wantDefined {
				t.Errorf("got alpha %g defined %v, want %g %v", res.Overall.Alpha, res.Overall.Defined, tt.wantAlpha, tt.wantDefined)
			}
			if !res.Overall.Defined && res.Overall.Note == "" {
				t.Error("got an undefined figure without a note")
			}
		})
	}
}

func TestUnitizingAlphaInvalid(t *testing.T) {
	tests := []struct {
		name string
		s    Section
	}{
		{"one rater", Section{Length: 10, Raters: 1}},
		{"no length", Section{Length: 0, Raters: 2}},
		{"rater out of range", Section{Length: 10, Raters: 2, Segments: []Segment{{2, "x", 0, 1}}}},
		{"empty segment", Section{Length: 10, Raters: 2, Segments: []Segment{{0, "x", 3, 0}}}},
		{"segment past the end", Section{Length: 10, Raters: 2, Segments: []Segment{{0, "x", 5, 6}}}},
		{"segment before the start", Section{Begin: 5, Length: 10, Raters: 2, Segments: []Segment{{0, "x", 4, 2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := UnitizingAlpha([]Section{tt.s})
			if !errors.Is(err, ErrInvalidStudy) {
				t.Errorf("got error %v, want ErrInvalidStudy", err)
			}
		})
	}
}
