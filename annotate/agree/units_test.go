package agree

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"marginalia/annotate"
)

// an builds an annotation for tests: "creator kind start-end" plus
// optional "status" and "@speaker" words, e.g. "ana claim 10-20 false @kim".
func an(id, article, spec string) annotate.Annotation {
	f := strings.Fields(spec)
	a := annotate.Annotation{ID: id, ArticleID: article, Creator: f[0], Kind: annotate.Kind(f[1])}
	if a.Creator == "-" {
		a.Creator = ""
	}
	if _, err := fmt.Sscanf(f[2], "%d-%d", &a.Span.Start, &a.Span.End); err != nil {
		panic(err)
	}
	for _, w := range f[3:] {
		if s, ok := strings.CutPrefix(w, "@"); ok {
			a.SpeakerID = s
		} else {
			a.Status = annotate.Status(w)
		}
	}
	return a
}

// anns builds annotations on article "a1" with IDs n1, n2, ...
func anns(specs ...string) []annotate.Annotation {
	out := make([]annotate.Annotation, len(specs))
	for i, s := range specs {
		out[i] = an(fmt.Sprintf("n%d", i+1), "a1", s)
	}
	return out
}

// memberIDs returns each unit's member IDs, sorted, as "n1 n2".
func memberIDs(us []Unit) []string {
	var out []string
	for _, u := range us {
		ids := make([]string, len(u.Members))
		for i, m := range u.Members {
			ids[i] = m.ID
		}
		slices.Sort(ids)
		out = append(out, strings.Join(ids, " "))
	}
	return out
}

func TestUnits(t *testing.T) {
	tests := []struct {
		name    string
		in      []annotate.Annotation
		units   []string
		differs [][]Aspect
	}{
		{"issue 12: disputed against false",
			anns("me claim 10-40 disputed", "colleague claim 12-38 false"),
			[]string{"n1 n2"}, [][]Aspect{{AspectVerdict}}},
		{"same verdict agrees",
			anns("me claim 10-40 false", "colleague claim 15-30 false"),
			[]string{"n1 n2"}, [][]Aspect{nil}},
		{"unset verdict is unverified",
			anns("me claim 10-40", "colleague claim 15-30 unverified"),
			[]string{"n1 n2"}, [][]Aspect{nil}},
		{"claim against quote",
			anns("me claim 10-40", "colleague quote 10-40"),
			[]string{"n1 n2"}, [][]Aspect{{AspectKind}}},
		{"different speakers",
			anns("me quote 10-40 @kim", "colleague quote 10-40 @kim2"),
			[]string{"n1 n2"}, [][]Aspect{{AspectSpeaker}}},
		{"one speaker unnamed is no speaker disagreement",
			anns("me quote 10-40 @kim", "colleague quote 10-40"),
			[]string{"n1 n2"}, [][]Aspect{nil}},
		{"claim inside a quote, marked by both alike",
			anns("me quote 0-50 @kim", "me claim 10-20", "you quote 0-48 @kim", "you claim 11-20"),
			[]string{"n1 n2 n3 n4"}, [][]Aspect{nil}},
		{"everything differs",
			anns("me claim 0-10 false @x", "me quote 0-10 @x", "you claim 5-15 supported @y"),
			[]string{"n1 n2 n3"}, [][]Aspect{{AspectKind, AspectVerdict, AspectSpeaker}}},
		{"spans that only touch are apart",
			anns("me claim 0-10", "you claim 10-20"), nil, nil},
		{"one creator's overlaps are no unit",
			anns("me claim 0-10", "me quote 5-20"), nil, nil},
		{"annotations without a creator are left out",
			anns("me claim 0-10", "- claim 0-10"), nil, nil},
		{"chain through another creator is one unit",
			anns("me claim 0-10", "you claim 8-20", "me claim 18-30"),
			[]string{"n1 n2 n3"}, [][]Aspect{nil}},
		{"a note overlapping only its own creator stays out",
			anns("me claim 0-30", "me note 5-10", "you claim 20-25"),
			[]string{"n1 n3"}, [][]Aspect{nil}},
		{"two separate units",
			anns("me claim 0-10", "you claim 5-10", "me claim 40-50", "you claim 45-60 false"),
			[]string{"n1 n2", "n3 n4"}, [][]Aspect{nil, {AspectVerdict}}},
		{"long highlight links nested ones of two creators",
			anns("ann note 0-100", "bob claim 10-20", "cat claim 50-60", "bob claim 70-80"),
			[]string{"n1 n2 n3 n4"}, [][]Aspect{{AspectKind}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			us := Units(tt.in)
			if got := memberIDs(us); !slices.Equal(got, tt.units) {
				t.Fatalf("got units %q, want %q", got, tt.units)
			}
			for i, u := range us {
				if !slices.Equal(u.Differs, tt.differs[i]) {
					t.Errorf("unit %d: got differs %v, want %v", i, u.Differs, tt.differs[i])
				}
				if u.Disagreement() != (len(tt.differs[i]) > 0) {
					t.Errorf("unit %d: got Disagreement %v", i, u.Disagreement())
				}
			}
		})
	}
}

func TestUnitAcrossArticles(t *testing.T) {
	in := []annotate.Annotation{an("x", "a1", "me claim 0-10"), an("y", "a2", "you claim 0-10")}
	if us := Units(in); len(us) != 0 {
		t.Errorf("got %d units across articles, want 0", len(us))
	}
}

func TestUnitPositions(t *testing.T) {
	in := anns("me claim 0-10 false @x", "me claim 2-8 false @x", "me quote 0-10 @x", "you claim 5-15 supported @y")
	us := Units(in)
	if len(us) != 1 {
		t.Fatalf("got %d units, want 1", len(us))
	}
	u := us[0]
	want := []Position{
		{Creator: "me", Members: []string{"n1", "n3", "n2"}, Kinds: []annotate.Kind{annotate.KindClaim, annotate.KindQuote},
			Verdicts: []annotate.Status{annotate.StatusFalse}, Speakers: []string{"x"}},
		{Creator: "you", Members: []string{"n4"}, Kinds: []annotate.Kind{annotate.KindClaim},
			Verdicts: []annotate.Status{annotate.StatusSupported}, Speakers: []string{"y"}},
	}
	if fmt.Sprint(u.Positions) != fmt.Sprint(want) {
		t.Errorf("got positions\n%v\nwant\n%v", u.Positions, want)
	}
	if u.Span != (annotate.Span{Start: 0, End: 15}) || u.ArticleID != "a1" {
		t.Errorf("got span %v article %q, want 0-15 a1", u.Span, u.ArticleID)
	}
}

func TestUnitKeyAndVersion(t *testing.T) {
	in := anns("me claim 0-10 false", "you claim 5-15 false", "you note 40-50")
	base := Units(in)[0]
	rev := slices.Clone(in)
	slices.Reverse(rev)
	if got := Units(rev)[0]; got.Key != base.Key || got.Version != base.Version {
		t.Errorf("got key %s version %s from reversed input, want %s %s", got.Key, got.Version, base.Key, base.Version)
	}
	edited := slices.Clone(in)
	edited[1].Status = annotate.StatusSupported
	edited[1].Note = "a note does not change the version"
	got := Units(edited)[0]
	if got.Key != base.Key || got.Version == base.Version {
		t.Errorf("after a verdict change got key %s version %s, want key %s and a new version", got.Key, got.Version, base.Key)
	}
	noted := slices.Clone(in)
	noted[0].Note = "only a note"
	if got := Units(noted)[0]; got.Version != base.Version {
		t.Errorf("a note changed the version")
	}
	joined := append(slices.Clone(in), an("n9", "a1", "cat claim 1-3 false"))
	if got := Units(joined)[0]; got.Key == base.Key {
		t.Errorf("a new member kept the key")
	}
}

func TestDisagreementsTouchingFind(t *testing.T) {
	in := anns("me claim 0-10 false", "you claim 5-15 false", "me claim 40-50 false", "you claim 45-60 supported")
	ds := Disagreements(in)
	if got := memberIDs(ds); !slices.Equal(got, []string{"n3 n4"}) {
		t.Errorf("got disagreements %q, want [n3 n4]", got)
	}
	us := Units(in)
	if got := memberIDs(Touching(us, map[string]bool{"n2": true})); !slices.Equal(got, []string{"n1 n2"}) {
		t.Errorf("got touching %q, want [n1 n2]", got)
	}
	if got := Touching(us, map[string]bool{"zz": true}); len(got) != 0 {
		t.Errorf("got %d touching units for an unknown ID, want 0", len(got))
	}
	if u, ok := Find(us, "n4"); !ok || !slices.Equal(memberIDs([]Unit{u}), []string{"n3 n4"}) {
		t.Errorf("got %v %v for n4, want unit n3 n4", memberIDs([]Unit{u}), ok)
	}
	if _, ok := Find(us, "zz"); ok {
		t.Error("found a unit for an unknown ID")
	}
}

// naiveComponents is the obvious O(n²) grouping: compare every pair of
// annotations. It is the oracle for components and the benchmark's
// baseline.
func naiveComponents(anns []annotate.Annotation) [][]int {
	n := len(anns)
	uf := newUnionFind(n)
	for i := range n {
		a := &anns[i]
		if a.Creator == "" {
			continue
		}
		for j := i + 1; j < n; j++ {
			b := &anns[j]
			if b.Creator != "" && a.Creator != b.Creator && a.ArticleID == b.ArticleID &&
				a.Span.Start < b.Span.End && b.Span.Start < a.Span.End {
				uf.union(i, j)
			}
		}
	}
	groups := map[int][]int{}
	for i := range n {
		if r := uf.find(i); uf.size[r] > 1 {
			groups[r] = append(groups[r], i)
		}
	}
	out := make([][]int, 0, len(groups))
	for _, g := range groups {
		out = append(out, g)
	}
	return out
}

func canonical(groups [][]int) []string {
	var out []string
	for _, g := range groups {
		g = slices.Clone(g)
		slices.Sort(g)
		out = append(out, fmt.Sprint(g))
	}
	slices.Sort(out)
	return out
}

// TestComponentsMatchNaive compares the sweep with the pairwise oracle on
// random libraries, dense and sparse, with long and nested spans.
func TestComponentsMatchNaive(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 7))
		n := 20 + rng.IntN(300)
		creators := 1 + rng.IntN(4)
		articles := 1 + rng.IntN(4)
		maxLen := []int{5, 30, 300}[rng.IntN(3)]
		in := make([]annotate.Annotation, n)
		for i := range in {
			start := rng.IntN(1000)
			in[i] = annotate.Annotation{
				ID:        fmt.Sprintf("id%03d", i),
				ArticleID: fmt.Sprintf("a%d", rng.IntN(articles)),
				Creator:   fmt.Sprintf("c%d", rng.IntN(creators)),
				Kind:      annotate.KindClaim,
				Span:      annotate.Span{Start: start, End: start + 1 + rng.IntN(maxLen)},
			}
		}
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		got, want := canonical(components(in, idx)), canonical(naiveComponents(in))
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d: got %d groups, want %d:\n%v\n%v", seed, len(got), len(want), got, want)
		}
	}
}
