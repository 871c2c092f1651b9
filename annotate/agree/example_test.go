package agree_test

import (
	"errors"
	"fmt"

	"marginalia/annotate"
	"marginalia/annotate/agree"
)

func claim(id, creator string, start, end int, s annotate.Status) annotate.Annotation {
	return annotate.Annotation{ID: id, ArticleID: "article", Creator: creator, Kind: annotate.KindClaim,
		Span: annotate.Span{Start: start, End: end}, Status: s}
}

// Two analysts judged the same passage differently: one unit, a
// disagreement on the verdict.
func ExampleDisagreements() {
	anns := []annotate.Annotation{
		claim("a1", "me", 10, 40, annotate.StatusDisputed),
		claim("b1", "colleague", 12, 38, annotate.StatusFalse),
		claim("a2", "me", 100, 120, annotate.StatusSupported),
		claim("b2", "colleague", 100, 121, annotate.StatusSupported),
	}
	for _, u := range agree.Disagreements(anns) {
		fmt.Println(u.ArticleID, u.Span, u.Differs)
		for _, p := range u.Positions {
			fmt.Println(" ", p.Creator, p.Members, p.Verdicts)
		}
	}
	// Output:
	// article {10 40} [verdict]
	//   colleague [b1] [false]
	//   me [a1] [disputed]
}

// Krippendorff's (2004) worked example: two raters on a continuum of 300
// positions from 150, categories c and k.
func ExampleUnitizingAlpha() {
	s := agree.Section{Begin: 150, Length: 300, Raters: 2}
	for _, g := range []agree.Segment{
		{Rater: 0, Category: "c", Begin: 225, Length: 70}, {Rater: 0, Category: "c", Begin: 370, Length: 30},
		{Rater: 0, Category: "k", Begin: 180, Length: 60}, {Rater: 0, Category: "k", Begin: 300, Length: 50},
		{Rater: 1, Category: "c", Begin: 220, Length: 80}, {Rater: 1, Category: "c", Begin: 355, Length: 20},
		{Rater: 1, Category: "c", Begin: 400, Length: 20},
		{Rater: 1, Category: "k", Begin: 180, Length: 60}, {Rater: 1, Category: "k", Begin: 300, Length: 50},
	} {
		s.Segments = append(s.Segments, g)
	}
	res, err := agree.UnitizingAlpha([]agree.Section{s})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Categories {
		fmt.Printf("%s: D_o %.4f D_e %.4f alpha %v\n", c.Category, c.Observed, c.Expected, c.Alpha)
	}
	fmt.Println("overall:", res.Overall)
	// Output:
	// c: D_o 0.0144 D_e 0.0532 alpha 0.7286 (5 units)
	// k: D_o 0.0000 D_e 0.0490 alpha 1.0000 (4 units)
	// overall: 0.8587 (9 units)
}

// Wikipedia's example for Cohen's kappa: 50 proposals, 20 accepted by
// both readers, 15 rejected by both, 5 and 10 split.
func ExampleCohenKappa() {
	k, err := agree.CohenKappa([][]int{{20, 5}, {10, 15}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P_o %.2f P_e %.2f kappa %v\n", k.Observed, k.Expected, k)
	// Output: P_o 0.70 P_e 0.50 kappa 0.4000 (50 items)
}

// A library with two analysts; Compute gives u-alpha per kind and the
// kappa on their verdicts, each with what it rests on. A quote only one
// of them marked is worse than chance: alpha below 0.
func ExampleCompute() {
	anns := []annotate.Annotation{
		claim("a1", "me", 10, 40, annotate.StatusDisputed),
		claim("b1", "colleague", 12, 38, annotate.StatusFalse),
		claim("a2", "me", 100, 120, annotate.StatusSupported),
		claim("b2", "colleague", 100, 121, annotate.StatusSupported),
		claim("a3", "me", 200, 230, annotate.StatusFalse),
		claim("b3", "colleague", 200, 230, annotate.StatusFalse),
		{ID: "b4", ArticleID: "article", Creator: "colleague", Kind: annotate.KindQuote, Span: annotate.Span{Start: 300, End: 340}},
	}
	rep, err := agree.Compute(anns, map[string]int{"article": 400}, agree.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("creators:", rep.Creators, "articles:", rep.Articles)
	fmt.Println("alpha:", rep.Alpha.Overall)
	for _, k := range rep.Alpha.Kinds {
		fmt.Printf("  %s: %v\n", k.Kind, k.Alpha)
	}
	fmt.Println("verdicts:", rep.Verdicts.Method, rep.Verdicts.Kappa)

	_, err = agree.Compute(anns, map[string]int{"article": 400}, agree.Options{Creators: []string{"me"}})
	fmt.Println(errors.Is(err, agree.ErrTooFewCreators), err)
	// Output:
	// creators: [colleague me] articles: 1
	// alpha: 0.6174 (7 units)
	//   claim: 0.9969 (6 units)
	//   quote: -0.2396 (1 unit)
	// verdicts: cohen 0.5000 (3 items)
	// true agreement needs annotations by two or more creators: only "me" was chosen
}
