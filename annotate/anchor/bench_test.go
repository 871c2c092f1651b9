package anchor

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"marginalia/annotate"
)

// BenchmarkQuality is the quality benchmark: 100 articles per
// set (development, held-out, fresh) with 50 annotations each, after 1, 5 and
// 20 random edits. For each approach it reports, on the reanchor line
// with the others beside it:
//
//	exact%     unedited passages placed exactly (target >= 99)
//	light%     passages changed by at most 10% placed with overlap >= 0.9 (target >= 95)
//	misplaced  placements overlapping the true passage < 0.5, or placed when more than half deleted (target 0)
//	placed%    all annotations placed
//
// quote-only is the exact quote nearest the old offset (a tool without
// the old text, at its simplest); locator is this package's search
// without the old text (Locator, the import mode).
func BenchmarkQuality(b *testing.B) {
	pool := loadPool(b)
	vocab := vocabulary(pool)
	for _, half := range sets {
		for _, edits := range editCounts {
			b.Run(fmt.Sprintf("%s/edits=%d", half.name, edits), func(b *testing.B) {
				var res map[string]*tally
				for b.Loop() {
					res = evaluate(pool, vocab, half.first, halfSize, edits)
				}
				for _, a := range approaches() {
					t := res[a.name]
					prefix := ""
					if a.name != "reanchor" {
						prefix = a.name + "-"
					}
					b.ReportMetric(t.exactPct(), prefix+"exact%")
					b.ReportMetric(t.lightPct(), prefix+"light%")
					b.ReportMetric(float64(t.misplaced), prefix+"misplaced")
					b.ReportMetric(pct(t.placed, t.total), prefix+"placed%")
					b.Logf("%-10s %v", a.name, t)
				}
			})
		}
	}
}

// BenchmarkReanchor20k times re-anchoring 200 annotations on a
// 20,000-character article after 20 edits (diff included), beside the
// quote-only baseline. Target: <= 100 ms per op.
func BenchmarkReanchor20k(b *testing.B) {
	pool := loadPool(b)
	vocab := vocabulary(pool)
	rng := rand.New(rand.NewPCG(7, 7))
	a := genArticle(rng, pool, 20_000, 200)
	d := newDoc(a.text)
	for range 20 {
		d.edit(rng, pool, a.used, vocab, a.anns)
	}
	sc := scenario{old: a.text, new: string(d.r), anns: a.anns}
	if n := annotate.RuneLen(sc.old); n < 20_000 {
		b.Fatalf("article is %d characters, want >= 20,000", n)
	}
	var base float64
	b.Run("quote-only", func(b *testing.B) {
		for b.Loop() {
			placeQuoteOnly(sc)
		}
		base = float64(b.Elapsed().Nanoseconds()) / float64(b.N) / 1e6
		b.ReportMetric(base, "ms/op")
	})
	b.Run("reanchor", func(b *testing.B) {
		for b.Loop() {
			placeReanchor(sc)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/op")
		b.ReportMetric(base, "quote-only-ms/op")
	})
}
