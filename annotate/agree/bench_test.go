package agree

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"marginalia/annotate"
)

// genLibrary makes a team library from a fixed seed: articles of 4,000
// to 16,000 characters (news stories of 700 to 2,800 words), each read by
// every creator. The story has a set of passages worth marking, 20 to 200
// characters long (a clause to a few sentences); each creator marks four
// in five of them (a few characters off at each end, now and then as
// another kind, with another verdict or speaker) and marks a passage of
// their own instead of the fifth. total annotations are spread evenly.
func genLibrary(seed uint64, articles, creators, total int) ([]annotate.Annotation, map[string]int) {
	rng := rand.New(rand.NewPCG(seed, 99))
	kinds := []annotate.Kind{annotate.KindClaim, annotate.KindClaim, annotate.KindQuote, annotate.KindQuote, annotate.KindEvidence, annotate.KindQuestion, annotate.KindNote}
	statuses := annotate.Statuses()
	lengths := make(map[string]int, articles)
	anns := make([]annotate.Annotation, 0, total)
	type passage struct {
		start, end int
		kind       annotate.Kind
		status     annotate.Status
		speaker    string
	}
	random := func(n int) passage {
		l := 20 + rng.IntN(181)
		s := rng.IntN(n - l)
		p := passage{start: s, end: s + l, kind: kinds[rng.IntN(len(kinds))], speaker: fmt.Sprint("sp", rng.IntN(50))}
		if p.kind == annotate.KindClaim {
			p.status = statuses[rng.IntN(len(statuses))]
		}
		return p
	}
	for a := range articles {
		id := fmt.Sprintf("article-%04d", a)
		n := 4000 + rng.IntN(12000)
		lengths[id] = n
		count := total / articles
		if a < total%articles {
			count++
		}
		shared := make([]passage, (count+creators-1)/creators)
		for i := range shared {
			shared[i] = random(n)
		}
		for c := range creators {
			mine := count / creators
			if c < count%creators {
				mine++
			}
			for i := range mine {
				p := random(n)
				if rng.IntN(5) > 0 {
					p = shared[i]
					p.start = max(0, p.start+rng.IntN(11)-5)
					p.end = min(n, max(p.start+1, p.end+rng.IntN(11)-5))
					if rng.IntN(10) == 0 {
						p.kind = kinds[rng.IntN(len(kinds))]
					}
					switch {
					case p.kind != annotate.KindClaim:
						p.status = ""
					case p.status == "" || rng.IntN(4) == 0:
						p.status = statuses[rng.IntN(len(statuses))]
					}
					if rng.IntN(10) == 0 {
						p.speaker = fmt.Sprint("sp", rng.IntN(50))
					}
				}
				anns = append(anns, annotate.Annotation{
					ID: fmt.Sprintf("%s-%d-%03d", id, c, i), ArticleID: id, Creator: fmt.Sprint("analyst", c),
					Kind: p.kind, Status: p.status, SpeakerID: p.speaker, Span: annotate.Span{Start: p.start, End: p.end},
				})
			}
		}
	}
	rng.Shuffle(len(anns), func(i, j int) { anns[i], anns[j] = anns[j], anns[i] })
	return anns, lengths
}

// TestGenLibrary checks the benchmark's library has the size it claims.
func TestGenLibrary(t *testing.T) {
	anns, lengths := genLibrary(1, 10, 3, 1001)
	creators := map[string]int{}
	for _, a := range anns {
		creators[a.Creator]++
		if a.Span.Start < 0 || a.Span.End > lengths[a.ArticleID] || a.Span.Len() <= 0 {
			t.Fatalf("got span %v outside article of %d", a.Span, lengths[a.ArticleID])
		}
	}
	if len(anns) != 1001 || len(lengths) != 10 || len(creators) != 3 {
		t.Errorf("got %d annotations, %d articles, %d creators, want 1001 10 3", len(anns), len(lengths), len(creators))
	}
}

// naiveReport is the obvious way to the report's costly parts, the
// baseline for BenchmarkReport100k: claims grouped by comparing every
// pair in the library, and D_e summed as DKPro Statistics does, every
// unit against every gap. It returns the overall alpha and the number of
// claim groups.
func naiveReport(anns []annotate.Annotation, lengths map[string]int) (float64, int) {
	var claims []annotate.Annotation
	for _, a := range anns {
		if a.Kind == annotate.KindClaim {
			claims = append(claims, a)
		}
	}
	groups := len(naiveComponents(claims))

	creators := map[string]int{}
	for _, a := range anns {
		if _, ok := creators[a.Creator]; !ok {
			creators[a.Creator] = len(creators)
		}
	}
	byArticle := map[string][]Segment{}
	for _, a := range anns {
		byArticle[a.ArticleID] = append(byArticle[a.ArticleID], Segment{
			Rater: creators[a.Creator], Category: string(a.Kind), Begin: a.Span.Start, Length: a.Span.Len(),
		})
	}
	var sections []Section
	for _, id := range slices.Sorted(maps.Keys(byArticle)) {
		sections = append(sections, Section{Length: lengths[id], Raters: len(creators), Segments: byArticle[id]})
	}
	// The pooled study as UnitizingAlpha builds it, with D_e's inner sum
	// done unit against gap.
	res, err := unitizingAlphaWith(sections, naiveExpected)
	if err != nil {
		panic(err)
	}
	return res.Overall.Alpha, groups
}

// naiveExpected is D_e as DKPro Statistics computes it: for each unit,
// a walk over all gaps.
func naiveExpected(st *study, cs *catSums) float64 {
	n := float64(len(cs.units))
	var e float64
	for _, li := range cs.units {
		l := float64(li)
		e += (n - 1) * l * (l - 1) * (2*l - 1) / 3
		var fit float64
		for _, g := range cs.gaps {
			if g >= li {
				fit += float64(g - li + 1)
			}
		}
		e += l * l * fit
	}
	T := st.mass
	return 2 / st.length * e / (T*(T-1) - cs.squares)
}

// TestNaiveExpectedAgrees checks the baseline against the fast D_e.
func TestNaiveExpectedAgrees(t *testing.T) {
	fast, err := UnitizingAlpha(krippendorff1995(3))
	if err != nil {
		t.Fatal(err)
	}
	slow, err := unitizingAlphaWith(krippendorff1995(3), naiveExpected)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range fast.Categories {
		if !near(c.Expected, slow.Categories[i].Expected, 1e-12) {
			t.Errorf("%s: got D_e %g, naive %g", c.Category, c.Expected, slow.Categories[i].Expected)
		}
	}
}

// BenchmarkReport100k times Compute over 1,000 articles, 3 creators and
// 100,000 annotations (target: ≤ 1 s), with the naive version timed once
// beside it (naive-ms; skipped with -short). It also times Units, as a
// merge runs it.
func BenchmarkReport100k(b *testing.B) {
	anns, lengths := genLibrary(1, 1000, 3, 100_000)
	var naiveMs float64
	if !testing.Short() {
		start := time.Now()
		naiveReport(anns, lengths)
		naiveMs = float64(time.Since(start).Microseconds()) / 1000
	}
	b.Run("compute", func(b *testing.B) {
		var rep Report
		for b.Loop() {
			var err error
			rep, err = Compute(anns, lengths, Options{})
			if err != nil {
				b.Fatal(err)
			}
		}
		ms := float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
		b.ReportMetric(ms, "ms/report")
		if naiveMs > 0 {
			b.ReportMetric(naiveMs, "naive-ms")
			b.ReportMetric(naiveMs/ms, "x-faster")
		}
		b.Logf("alpha %v, verdicts %v, %d pairs, %d articles", rep.Alpha.Overall, rep.Verdicts, len(rep.Pairs), len(rep.PerArticle))
	})
	b.Run("units", func(b *testing.B) {
		var us []Unit
		for b.Loop() {
			us = Units(anns)
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/units")
		d := 0
		for _, u := range us {
			if u.Disagreement() {
				d++
			}
		}
		b.Logf("%d units, %d disagreements", len(us), d)
	})
}
