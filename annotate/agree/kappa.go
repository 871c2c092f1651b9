package agree

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrInvalidTable marks a contingency or count table the kappas cannot
// read: not square, ragged, or with a negative count.
var ErrInvalidTable = errors.New("invalid rating table")

// The methods a Kappa can be computed with.
const (
	MethodCohen  = "cohen"
	MethodFleiss = "fleiss"
)

// Kappa is a chance-corrected agreement on categories: (P_o - P_e) / (1 -
// P_e), with the observed and expected agreement it is made of and the
// number of items it rests on. Defined is false, and Kappa 0, when it
// cannot be computed (no items, or every rating in one category, where
// chance agreement is already 1); Note then says why. Kappa is never NaN.
type Kappa struct {
	Method   string  `json:"method"`
	Kappa    float64 `json:"kappa"`
	Observed float64 `json:"observed"` // P_o, or Fleiss' P̄
	Expected float64 `json:"expected"` // P_e
	Items    int     `json:"items"`
	Raters   int     `json:"raters"`
	Defined  bool    `json:"defined"`
	Note     string  `json:"note,omitempty"`
}

// String formats the figure for people: "0.4920 (200 items)" or
// "n/a (why)".
func (k Kappa) String() string {
	if !k.Defined {
		return "n/a (" + k.Note + ")"
	}
	return strconv.FormatFloat(k.Kappa, 'f', 4, 64) + " (" + plural(k.Items, "item") + ")"
}

// CohenKappa computes Cohen's (1960) kappa for two raters from their
// contingency table: table[i][j] is the number of items the first rater
// put in category i and the second in category j.
func CohenKappa(table [][]int) (Kappa, error) {
	k := Kappa{Method: MethodCohen, Raters: 2}
	n := len(table)
	rows := make([]float64, n)
	cols := make([]float64, n)
	var total, diag float64
	for i, row := range table {
		if len(row) != n {
			return Kappa{}, fmt.Errorf("%w: row %d has %d columns, want %d", ErrInvalidTable, i, len(row), n)
		}
		for j, c := range row {
			if c < 0 {
				return Kappa{}, fmt.Errorf("%w: negative count %d", ErrInvalidTable, c)
			}
			f := float64(c)
			rows[i] += f
			cols[j] += f
			total += f
			if i == j {
				diag += f
			}
		}
	}
	k.Items = int(total)
	if total == 0 {
		k.Note = "no items"
		return k, nil
	}
	k.Observed = diag / total
	for i := range rows {
		k.Expected += rows[i] / total * cols[i] / total
	}
	return finish(k), nil
}

// FleissKappa computes Fleiss' (1971) kappa for many raters from a count
// table: counts[i][j] is the number of raters who put item i in category
// j. Fleiss asks every item to have the same number of raters; here an
// item may have any number from two up (items with fewer are skipped):
// each item's agreement is over its own pairs of raters, and the category
// proportions are over all ratings. With a constant number of raters this
// is exactly Fleiss' kappa.
func FleissKappa(counts [][]int) (Kappa, error) {
	k := Kappa{Method: MethodFleiss}
	if len(counts) == 0 {
		k.Note = "no items"
		return k, nil
	}
	ncat := len(counts[0])
	totals := make([]float64, ncat)
	var ratings, sumP float64
	for i, row := range counts {
		if len(row) != ncat {
			return Kappa{}, fmt.Errorf("%w: item %d has %d categories, want %d", ErrInvalidTable, i, len(row), ncat)
		}
		var n, sq float64
		for _, c := range row {
			if c < 0 {
				return Kappa{}, fmt.Errorf("%w: negative count %d", ErrInvalidTable, c)
			}
			n += float64(c)
			sq += float64(c) * float64(c)
		}
		if n < 2 {
			continue
		}
		for j, c := range row {
			totals[j] += float64(c)
		}
		ratings += n
		sumP += (sq - n) / (n * (n - 1))
		k.Items++
		k.Raters = max(k.Raters, int(n))
	}
	if k.Items == 0 {
		k.Note = "no item with two ratings"
		return k, nil
	}
	k.Observed = sumP / float64(k.Items)
	for _, t := range totals {
		p := t / ratings
		k.Expected += p * p
	}
	return finish(k), nil
}

// finish computes kappa from P_o and P_e. P_e = 1 means every rating fell
// in one category: kappa is 0/0 there (DKPro Statistics refuses it as
// insufficient data), so it is reported as not defined.
func finish(k Kappa) Kappa {
	if k.Expected >= 1 {
		k.Note = "every rating was in one category, so chance agreement is 1"
		return k
	}
	k.Kappa = (k.Observed - k.Expected) / (1 - k.Expected)
	k.Defined = true
	return k
}
