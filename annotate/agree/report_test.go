package agree

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"marginalia/annotate"
)

// libraryOf builds annotations from specs per article, with IDs
// "article/n".
func libraryOf(specs map[string][]string) []annotate.Annotation {
	var out []annotate.Annotation
	for _, art := range slices.Sorted(maps.Keys(specs)) {
		for i, s := range specs[art] {
			out = append(out, an(fmt.Sprintf("%s/%d", art, i), art, s))
		}
	}
	return out
}

// TestComputeKrippendorff2004 runs the worked example through a library:
// the continuum is an article of 300 characters, c is claims, k quotes.
func TestComputeKrippendorff2004(t *testing.T) {
	var in []annotate.Annotation
	for _, g := range krippendorff2004()[0].Segments {
		kind := map[string]annotate.Kind{"c": annotate.KindClaim, "k": annotate.KindQuote}[g.Category]
		in = append(in, annotate.Annotation{
			ID: fmt.Sprint(len(in)), ArticleID: "a", Creator: fmt.Sprintf("rater%d", g.Rater), Kind: kind,
			Span: annotate.Span{Start: g.Begin - 150, End: g.Begin - 150 + g.Length},
		})
	}
	rep, err := Compute(in, map[string]int{"a": 300}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	claim, _ := rep.Alpha.Kind(annotate.KindClaim)
	quote, _ := rep.Alpha.Kind(annotate.KindQuote)
	if !near(claim.Alpha, 0.7286, 0.0001) || !near(quote.Alpha, 1, 0.0001) || !near(rep.Alpha.Overall.Alpha, 0.8591, 0.0005) {
		t.Errorf("got claim %.4f quote %.4f overall %.4f, want 0.7286 1 0.8591", claim.Alpha, quote.Alpha, rep.Alpha.Overall.Alpha)
	}
	if rep.Articles != 1 || len(rep.Pairs) != 1 || len(rep.PerArticle) != 1 {
		t.Fatalf("got %d articles %d pairs %d per article, want 1 1 1", rep.Articles, len(rep.Pairs), len(rep.PerArticle))
	}
	if rep.Pairs[0].Alpha.Overall != rep.Alpha.Overall || rep.PerArticle[0].Alpha.Overall != rep.Alpha.Overall {
		t.Errorf("got pair %v and article %v, want both %v", rep.Pairs[0].Alpha.Overall, rep.PerArticle[0].Alpha.Overall, rep.Alpha.Overall)
	}
}

// claimsOnItems lays out one claim per rating: item i is the span
// [10i, 10i+5) of article "a"; ratings[i][r] is rater r's verdict there,
// "" for none.
func claimsOnItems(ratings [][]annotate.Status) []annotate.Annotation {
	var out []annotate.Annotation
	for i, rs := range ratings {
		for r, s := range rs {
			if s == "" {
				continue
			}
			out = append(out, annotate.Annotation{
				ID: fmt.Sprintf("%d.%d", i, r), ArticleID: "a", Creator: fmt.Sprintf("r%d", r),
				Kind: annotate.KindClaim, Status: s, Span: annotate.Span{Start: 10 * i, End: 10*i + 5},
			})
		}
	}
	return out
}

// TestComputeCohen runs Wikipedia's Cohen example through verdicts:
// supported is "yes", false is "no".
func TestComputeCohen(t *testing.T) {
	yes, no := annotate.StatusSupported, annotate.StatusFalse
	var ratings [][]annotate.Status
	for _, c := range []struct {
		n    int
		a, b annotate.Status
	}{{20, yes, yes}, {5, yes, no}, {10, no, yes}, {15, no, no}} {
		for range c.n {
			ratings = append(ratings, []annotate.Status{c.a, c.b})
		}
	}
	rep, err := Compute(claimsOnItems(ratings), map[string]int{"a": 1000}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := rep.Verdicts
	if v.Method != MethodCohen || v.Items != 50 || !near(v.Kappa.Kappa, 0.4, 1e-9) {
		t.Errorf("got %s kappa %.4f on %d items, want cohen 0.4 on 50", v.Method, v.Kappa.Kappa, v.Items)
	}
}

// TestComputeFleiss runs Fleiss (1971) through verdicts: six creators,
// diagnoses 1-5 as the five verdicts.
func TestComputeFleiss(t *testing.T) {
	sts := annotate.Statuses()
	var ratings [][]annotate.Status
	for _, item := range fleiss1971 {
		row := make([]annotate.Status, len(item))
		for r, d := range item {
			row[r] = sts[d-1]
		}
		ratings = append(ratings, row)
	}
	rep, err := Compute(claimsOnItems(ratings), map[string]int{"a": 1000}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := rep.Verdicts
	if v.Method != MethodFleiss || v.Items != 30 || v.Raters != 6 || !near(v.Kappa.Kappa, 0.430, 0.001) {
		t.Errorf("got %s kappa %.4f on %d items by %d raters, want fleiss 0.430 on 30 by 6", v.Method, v.Kappa.Kappa, v.Items, v.Raters)
	}
	if len(rep.Pairs) != 15 {
		t.Errorf("got %d pairs, want 15", len(rep.Pairs))
	}
	for _, p := range rep.Pairs {
		if p.Verdicts.Method != MethodCohen || p.Verdicts.Items != 30 {
			t.Errorf("pair %s-%s: got %s on %d items, want cohen on 30", p.A, p.B, p.Verdicts.Method, p.Verdicts.Items)
		}
	}
}

func TestComputeParts(t *testing.T) {
	in := libraryOf(map[string][]string{
		"ab":  {"ann claim 0-10 false", "bob claim 0-10 false", "ann quote 20-30", "bob quote 22-30"},
		"abc": {"ann claim 0-10 false", "bob claim 0-10 supported", "cat claim 0-10 false", "cat note 40-50"},
		"bc":  {"bob claim 0-10 false", "cat claim 50-60 false"},
		"a":   {"ann claim 0-10 false"},
	})
	lengths := map[string]int{"ab": 100, "abc": 100, "bc": 100, "a": 100}
	rep, err := Compute(in, lengths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Creators, []string{"ann", "bob", "cat"}) || rep.Articles != 3 {
		t.Fatalf("got creators %v on %d articles, want ann bob cat on 3", rep.Creators, rep.Articles)
	}
	wantKinds := []annotate.Kind{annotate.KindClaim, annotate.KindQuote, annotate.KindNote}
	var gotKinds []annotate.Kind
	for _, k := range rep.Alpha.Kinds {
		gotKinds = append(gotKinds, k.Kind)
	}
	if !slices.Equal(gotKinds, wantKinds) {
		t.Errorf("got kinds %v, want %v", gotKinds, wantKinds)
	}
	pairs := map[string]Pair{}
	for _, p := range rep.Pairs {
		pairs[p.A+"-"+p.B] = p
	}
	for _, tt := range []struct {
		pair     string
		articles int
		items    int
	}{{"ann-bob", 2, 2}, {"ann-cat", 1, 1}, {"bob-cat", 2, 1}} {
		p := pairs[tt.pair]
		if p.Articles != tt.articles || p.Verdicts.Items != tt.items {
			t.Errorf("pair %s: got %d articles %d items, want %d %d", tt.pair, p.Articles, p.Verdicts.Items, tt.articles, tt.items)
		}
		if len(p.Alpha.Kinds) != len(wantKinds) {
			t.Errorf("pair %s: got %d kinds, want %d", tt.pair, len(p.Alpha.Kinds), len(wantKinds))
		}
	}
	if q, _ := pairs["ann-cat"].Alpha.Kind(annotate.KindQuote); q.Defined || q.Note == "" {
		t.Errorf("ann-cat quote: got %+v, want undefined with a note (neither marked quotes where both read)", q)
	}
	// Overall: one 3-rater item in "abc" (Fleiss) and one 2-rater item
	// in "ab"; "bc"'s claims do not overlap.
	if rep.Verdicts.Method != MethodFleiss || rep.Verdicts.Items != 2 {
		t.Errorf("got %s on %d items, want fleiss on 2", rep.Verdicts.Method, rep.Verdicts.Items)
	}
	var ids []string
	for _, a := range rep.PerArticle {
		ids = append(ids, a.ArticleID+":"+fmt.Sprint(a.Creators))
	}
	if want := []string{"ab:[ann bob]", "abc:[ann bob cat]", "bc:[bob cat]"}; !slices.Equal(ids, want) {
		t.Errorf("got per article %v, want %v", ids, want)
	}
	if m := rep.PerArticle[1].Verdicts.Method; m != MethodFleiss {
		t.Errorf("got %s for the three-creator article, want fleiss", m)
	}
}

func TestComputeAmbiguous(t *testing.T) {
	in := anns("ann claim 0-10 false", "ann claim 5-15 false", "bob claim 0-15 false", "ann claim 50-60 false", "bob claim 50-60 false")
	rep, err := Compute(in, map[string]int{"a1": 100}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdicts.Ambiguous != 1 || rep.Verdicts.Items != 1 {
		t.Errorf("got %d ambiguous %d items, want 1 1", rep.Verdicts.Ambiguous, rep.Verdicts.Items)
	}
	if rep.Verdicts.Defined {
		t.Errorf("got a defined kappa from one item in one category: %+v", rep.Verdicts)
	}
}

func TestComputeOptions(t *testing.T) {
	in := libraryOf(map[string][]string{
		"x": {"ann claim 0-10", "bob claim 0-10", "cat claim 0-10"},
		"y": {"ann claim 0-10", "bob quote 0-10"},
	})
	lengths := map[string]int{"x": 50, "y": 50}
	rep, err := Compute(in, lengths, Options{Articles: []string{"y"}, Creators: []string{"ann", "bob", "dan"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Creators, []string{"ann", "bob"}) || !slices.Equal(rep.Absent, []string{"dan"}) || rep.Articles != 1 {
		t.Errorf("got creators %v absent %v articles %d, want [ann bob] [dan] 1", rep.Creators, rep.Absent, rep.Articles)
	}
	if c, _ := rep.Alpha.Kind(annotate.KindClaim); c.Units != 1 {
		t.Errorf("got %d claim units, want 1 (article y only)", c.Units)
	}
}

func TestComputeErrors(t *testing.T) {
	two := libraryOf(map[string][]string{"x": {"ann claim 0-10", "bob claim 0-10"}})
	tests := []struct {
		name    string
		in      []annotate.Annotation
		lengths map[string]int
		opt     Options
		want    error
	}{
		{"nothing", nil, nil, Options{}, ErrTooFewCreators},
		{"one creator", libraryOf(map[string][]string{"x": {"ann claim 0-10", "ann quote 5-20"}}), map[string]int{"x": 50}, Options{}, ErrTooFewCreators},
		{"one chosen", two, map[string]int{"x": 50}, Options{Creators: []string{"ann"}}, ErrTooFewCreators},
		{"chosen creators absent", two, map[string]int{"x": 50}, Options{Creators: []string{"cat", "dan"}}, ErrTooFewCreators},
		{"no creator names", libraryOf(map[string][]string{"x": {"- claim 0-10", "- claim 0-10"}}), map[string]int{"x": 50}, Options{}, ErrTooFewCreators},
		{"no shared article", libraryOf(map[string][]string{"x": {"ann claim 0-10"}, "y": {"bob claim 0-10"}}), map[string]int{"x": 50, "y": 50}, Options{}, ErrNoSharedArticle},
		{"chosen article unshared", two, map[string]int{"x": 50}, Options{Articles: []string{"x", "nope"}, Creators: []string{"ann", "bob"}}, nil},
		{"no length", two, map[string]int{}, Options{}, ErrBadInput},
		{"span past the end", two, map[string]int{"x": 9}, Options{}, ErrBadInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compute(tt.in, tt.lengths, tt.opt)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("got error %v, want %v", err, tt.want)
			}
		})
	}
}

// TestComputeNeverNaN marshals reports of random libraries, some
// degenerate (one kind, one verdict, identical raters), to JSON, which
// fails on NaN or infinities.
func TestComputeNeverNaN(t *testing.T) {
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 3))
		creators := 2 + rng.IntN(3)
		articles := 1 + rng.IntN(5)
		kinds := annotate.Kinds()[:1+rng.IntN(5)]
		statuses := annotate.Statuses()[:1+rng.IntN(5)]
		lengths := map[string]int{}
		var in []annotate.Annotation
		for a := range articles {
			id := fmt.Sprint("a", a)
			n := 1 + rng.IntN(300)
			lengths[id] = n
			for range rng.IntN(20) {
				start := rng.IntN(n)
				ann := annotate.Annotation{
					ID: annotate.NewID(), ArticleID: id, Creator: fmt.Sprint("c", rng.IntN(creators)),
					Kind: kinds[rng.IntN(len(kinds))], Span: annotate.Span{Start: start, End: start + 1 + rng.IntN(n-start)},
				}
				if ann.Kind == annotate.KindClaim {
					ann.Status = statuses[rng.IntN(len(statuses))]
				}
				in = append(in, ann)
			}
		}
		rep, err := Compute(in, lengths, Options{})
		if errors.Is(err, ErrTooFewCreators) || errors.Is(err, ErrNoSharedArticle) {
			continue
		}
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if _, err := json.Marshal(rep); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
}
