package agree

import (
	"errors"
	"math"
	"testing"
)

func TestCohenKappa(t *testing.T) {
	tests := []struct {
		name         string
		table        [][]int
		po, pe, want float64
		items        int
	}{
		// Wikipedia, "Cohen's kappa", simple example: 50 grant proposals,
		// both yes 20, A yes B no 5, A no B yes 10, both no 15.
		{"wikipedia", [][]int{{20, 5}, {10, 15}}, 0.7, 0.5, 0.4, 50},
		// Cohen (1960), p. 45: 200 items in three categories.
		{"cohen 1960 p45", [][]int{{88, 14, 18}, {10, 40, 10}, {2, 6, 12}}, 0.70, 0.41, 0.492, 200},
		// Cohen (1960), p. 37: agreement below chance.
		{"cohen 1960 p37", [][]int{{25, 12, 3}, {13, 2, 15}, {12, 16, 2}}, 0.29, 0.35, (0.29 - 0.35) / 0.65, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := CohenKappa(tt.table)
			if err != nil {
				t.Fatal(err)
			}
			if !near(k.Observed, tt.po, 0.005) || !near(k.Expected, tt.pe, 0.005) || !near(k.Kappa, tt.want, 0.001) {
				t.Errorf("got P_o %.4f P_e %.4f kappa %.4f, want %.2f %.2f %.3f", k.Observed, k.Expected, k.Kappa, tt.po, tt.pe, tt.want)
			}
			if k.Items != tt.items || !k.Defined || k.Method != MethodCohen {
				t.Errorf("got %d items defined %v method %q, want %d true cohen", k.Items, k.Defined, k.Method, tt.items)
			}
		})
	}
}

// wikipediaFleiss is the worked example of Wikipedia's "Fleiss' kappa":
// 10 items, 14 raters, 5 categories.
var wikipediaFleiss = [][]int{
	{0, 0, 0, 0, 14},
	{0, 2, 6, 4, 2},
	{0, 0, 3, 5, 6},
	{0, 3, 9, 2, 0},
	{2, 2, 8, 1, 1},
	{7, 7, 0, 0, 0},
	{3, 2, 6, 3, 0},
	{2, 5, 3, 2, 2},
	{6, 5, 2, 1, 0},
	{0, 2, 2, 3, 7},
}

// fleiss1971 is Fleiss (1971), p. 379: 30 patients, 6 psychiatrists, 5
// diagnoses, as each patient's six diagnoses (1-5).
var fleiss1971 = [][]int{
	{4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5}, {2, 2, 2, 4, 4, 4},
	{1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4}, {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5},
	{1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4}, {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5},
	{3, 3, 3, 3, 3, 5}, {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
	{5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4}, {1, 4, 4, 4, 4, 5},
	{2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
}

// countTable turns each item's ratings (categories 1..ncat) into counts.
func countTable(items [][]int, ncat int) [][]int {
	out := make([][]int, len(items))
	for i, rs := range items {
		out[i] = make([]int, ncat)
		for _, r := range rs {
			out[i][r-1]++
		}
	}
	return out
}

func TestFleissKappa(t *testing.T) {
	tests := []struct {
		name         string
		counts       [][]int
		po, pe, want float64
		items, maxN  int
	}{
		{"wikipedia", wikipediaFleiss, 0.378, 0.213, 0.210, 10, 14},
		{"fleiss 1971", countTable(fleiss1971, 5), 0.5556, 0.2201, 0.430, 30, 6},
		// R's irr::kappam.fleiss on four raters' binary ratings of ten
		// images (rpubs 52252): kappa 0.529.
		{"irr four raters", countTable([][]int{
			{2, 2, 2, 1}, {1, 1, 1, 1}, {2, 1, 2, 1}, {1, 1, 1, 1}, {2, 2, 2, 2},
			{1, 2, 2, 2}, {2, 2, 2, 2}, {2, 2, 2, 2}, {1, 1, 1, 1}, {2, 2, 1, 1},
		}, 2), 0.7667, 0.5050, 0.529, 10, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := FleissKappa(tt.counts)
			if err != nil {
				t.Fatal(err)
			}
			if !near(k.Observed, tt.po, 0.001) || !near(k.Expected, tt.pe, 0.001) || !near(k.Kappa, tt.want, 0.001) {
				t.Errorf("got P %.4f P_e %.4f kappa %.4f, want %.4f %.4f %.3f", k.Observed, k.Expected, k.Kappa, tt.po, tt.pe, tt.want)
			}
			if k.Items != tt.items || k.Raters != tt.maxN || !k.Defined {
				t.Errorf("got %d items %d raters defined %v, want %d %d true", k.Items, k.Raters, k.Defined, tt.items, tt.maxN)
			}
		})
	}
}

// TestFleissVariableRaters checks the generalisation to items with
// different numbers of raters: items with one rating are skipped, and
// an item rated by more raters weighs as much as any other.
func TestFleissVariableRaters(t *testing.T) {
	base, err := FleissKappa([][]int{{2, 0}, {1, 1}, {0, 2}})
	if err != nil {
		t.Fatal(err)
	}
	with, err := FleissKappa([][]int{{2, 0}, {1, 1}, {0, 2}, {1, 0}, {0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	if with != base {
		t.Errorf("got %+v with single ratings, want %+v", with, base)
	}
	mixed, err := FleissKappa([][]int{{3, 0}, {1, 1}, {0, 2}})
	if err != nil {
		t.Fatal(err)
	}
	// P̄ = (1 + 0 + 1) / 3; p = (4/7, 3/7).
	pe := 16.0/49 + 9.0/49
	want := (2.0/3 - pe) / (1 - pe)
	if !near(mixed.Kappa, want, 1e-12) || mixed.Raters != 3 {
		t.Errorf("got kappa %.6f raters %d, want %.6f 3", mixed.Kappa, mixed.Raters, want)
	}
}

func TestKappaUndefined(t *testing.T) {
	tests := []struct {
		name string
		run  func() (Kappa, error)
	}{
		{"cohen no items", func() (Kappa, error) { return CohenKappa([][]int{{0, 0}, {0, 0}}) }},
		{"cohen empty table", func() (Kappa, error) { return CohenKappa(nil) }},
		{"cohen one category", func() (Kappa, error) { return CohenKappa([][]int{{7, 0}, {0, 0}}) }},
		{"fleiss no items", func() (Kappa, error) { return FleissKappa(nil) }},
		{"fleiss single ratings only", func() (Kappa, error) { return FleissKappa([][]int{{1, 0}, {0, 1}}) }},
		{"fleiss one category", func() (Kappa, error) { return FleissKappa([][]int{{3, 0}, {3, 0}}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := tt.run()
			if err != nil {
				t.Fatal(err)
			}
			if k.Defined || k.Kappa != 0 || math.IsNaN(k.Observed) || math.IsNaN(k.Expected) || k.Note == "" {
				t.Errorf("got %+v, want an undefined kappa of 0 with a note and no NaN", k)
			}
		})
	}
}

func TestKappaInvalid(t *testing.T) {
	tests := []struct {
		name string
		run  func() (Kappa, error)
	}{
		{"cohen not square", func() (Kappa, error) { return CohenKappa([][]int{{1, 2, 3}, {4, 5, 6}}) }},
		{"cohen negative", func() (Kappa, error) { return CohenKappa([][]int{{1, -2}, {4, 5}}) }},
		{"fleiss ragged", func() (Kappa, error) { return FleissKappa([][]int{{1, 2}, {4}}) }},
		{"fleiss negative", func() (Kappa, error) { return FleissKappa([][]int{{1, -2}}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.run(); !errors.Is(err, ErrInvalidTable) {
				t.Errorf("got error %v, want ErrInvalidTable", err)
			}
		})
	}
}
