package anchor

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"marginalia/annotate"
)

// The import benchmark (issue 15): annotations made in a browser, on the
// page's DOM text, placed on the article text Marginalia extracted. The
// DOM text is the article with the page around it: menus and footers,
// "Advertisement" and "Read more" lines between paragraphs (sentences not
// in the article), paragraph breaks as one newline, none at all (as
// textContent joins <p> elements) or three, runs of spaces,
// non-breaking spaces, straight quotation marks where the article has
// curly ones. Every DOM rune remembers the article offset it came from,
// which gives the truth; annotations on the page's boilerplate must stay
// unplaced.

// domScenario is one article and annotations made on its page.
type domScenario struct {
	text  string           // the article as Marginalia stores it
	dom   string           // the page's DOM text
	quote []annotate.Quote // TextQuoteSelectors taken from the DOM text
	hint  []int            // TextPositionSelector starts in the DOM text
	truth []annotate.Span  // where each belongs in text; empty: nowhere
}

var boilerplate = []string{"Advertisement", "Share this article", "Sign up for our newsletter", "Skip to content", "Most read"}

func genDOMScenario(pool, vocab []string, index int) domScenario {
	rng := rand.New(rand.NewPCG(99, uint64(index)))
	a := genArticle(rng, pool, 3000+rng.IntN(9000), annsPerArticle)
	d := newDoc(a.text)
	// Typography first, while offsets are the article's.
	for i := len(d.r) - 1; i >= 0; i-- {
		switch r := d.r[i]; {
		case (r == '“' || r == '”') && rng.IntN(2) == 0:
			d.replace(i, i+1, `"`)
		case r == '’' && rng.IntN(2) == 0:
			d.replace(i, i+1, "'")
		case r == ' ' && rng.IntN(40) == 0:
			d.replace(i, i+1, "\u00a0")
		case r == ' ' && rng.IntN(60) == 0:
			d.replace(i+1, i+1, " ")
		}
	}
	// Paragraph breaks and the page around the article, last first.
	paras := paragraphs(d.r)
	var inserted []string
	for k := len(paras) - 1; k > 0; k-- {
		at, end := paras[k-1].End, paras[k].Start
		sep := []string{"\n", "", "\n\n\n", "\n\n"}[rng.IntN(4)]
		if rng.IntN(4) == 0 {
			extra := boilerplate[rng.IntN(len(boilerplate))]
			if rng.IntN(2) == 0 {
				extra = "Read more: " + unusedSentence(rng, pool, a.used)
				inserted = append(inserted, extra)
			}
			sep = "\n" + extra + "\n"
		}
		d.replace(at, end, sep)
	}
	head := "Menu\nHome\nWorld\nBusiness\nSearch\n"
	foot := "\nRead more: " + unusedSentence(rng, pool, a.used) + "\n© 2025 The Daily Example. All rights reserved."
	inserted = append(inserted, foot)
	d.replace(len(d.r), len(d.r), foot)
	d.replace(0, 0, head)
	sc := domScenario{text: a.text, dom: string(d.r)}
	dom := annotate.NewText(sc.dom)
	add := func(span annotate.Span, truth annotate.Span) {
		q, err := dom.QuoteAt(span)
		if err != nil {
			return
		}
		sc.quote = append(sc.quote, q)
		sc.hint = append(sc.hint, span.Start)
		sc.truth = append(sc.truth, truth)
	}
	for _, s := range a.anns {
		if cur := d.current(s); cur.Len() > 0 {
			add(cur, s)
		}
	}
	// A few annotations on the page's own text.
	rs := []rune(sc.dom)
	for _, b := range inserted {
		at := strings.Index(sc.dom, strings.TrimSpace(b))
		start := annotate.RuneLen(sc.dom[:at])
		words := wordChunks(rs, annotate.Span{Start: start, End: start + annotate.RuneLen(strings.TrimSpace(b))})
		if len(words) > 4 {
			i := rng.IntN(len(words) - 3)
			add(annotate.Span{Start: words[i].Start, End: words[i+2+rng.IntN(2)].End}, annotate.Span{})
		}
	}
	return sc
}

type importTally struct {
	total, placed, exact, misplaced int
	boiler, boilerPlaced            int
	failures                        []string
}

func (t *importTally) String() string {
	return fmt.Sprintf("placed %5.1f%% (%d/%d)  exact %5.1f%%  misplaced %d  page-text annotations placed %d/%d",
		pct(t.placed, t.total), t.placed, t.total, pct(t.exact, t.total-t.boiler), t.misplaced, t.boilerPlaced, t.boiler)
}

// importApproaches are the Locator and the quote-only baseline (exact
// quote, occurrence nearest the DOM offset).
func importApproaches() map[string]func(sc domScenario) []placement {
	return map[string]func(sc domScenario) []placement{
		"locator": func(sc domScenario) []placement {
			l := NewLocator(sc.text, Options{})
			out := make([]placement, len(sc.quote))
			for i, q := range sc.quote {
				res := l.Locate(q, sc.hint[i])
				out[i] = placement{res.Span, res.Placed(), res.Method}
			}
			return out
		},
		"quote-only": func(sc domScenario) []placement {
			t := annotate.NewText(sc.text)
			out := make([]placement, len(sc.quote))
			for i, q := range sc.quote {
				best := annotate.Span{}
				for n := 1; ; n++ {
					s, ok := t.Find(q.Exact, n)
					if !ok {
						break
					}
					if best.Len() == 0 || abs(s.Start-sc.hint[i]) < abs(best.Start-sc.hint[i]) {
						best = s
					}
				}
				out[i] = placement{best, best.Len() > 0, Quote}
			}
			return out
		},
	}
}

func evaluateImport(pool, vocab []string, first, n int) map[string]*importTally {
	out := map[string]*importTally{}
	for i := first; i < first+n; i++ {
		sc := genDOMScenario(pool, vocab, i)
		for name, place := range importApproaches() {
			t := out[name]
			if t == nil {
				t = &importTally{}
				out[name] = t
			}
			for k, p := range place(sc) {
				tr := sc.truth[k]
				t.total++
				if tr.Len() == 0 {
					t.boiler++
				}
				if !p.placed {
					continue
				}
				t.placed++
				switch {
				case tr.Len() == 0:
					t.boilerPlaced++
					t.misplaced++
				case overlap(p.span, tr) < 0.5:
					t.misplaced++
				case p.span == tr:
					t.exact++
				}
				if (tr.Len() == 0 || overlap(p.span, tr) < 0.5) && len(t.failures) < 10 {
					tx := annotate.NewText(sc.text)
					t.failures = append(t.failures, fmt.Sprintf("quote %q placed on %q", sc.quote[k].Exact, tx.Slice(p.span.Start, p.span.End)))
				}
			}
		}
	}
	return out
}

// TestImportQuality asserts, on 25 pages of each half, that no
// annotation made in a browser is placed wrong and at least 97% are
// placed.
func TestImportQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("quality sample takes a few seconds")
	}
	pool := loadPool(t)
	vocab := vocabulary(pool)
	for _, half := range []struct {
		name  string
		first int
	}{{"dev", devFirst}, {"heldout", heldOutFirst}} {
		t.Run(half.name, func(t *testing.T) {
			res := evaluateImport(pool, vocab, half.first, 25)
			got := res["locator"]
			t.Logf("locator:    %v", got)
			t.Logf("quote-only: %v", res["quote-only"])
			if got.misplaced != 0 {
				t.Errorf("misplaced %d, want 0:\n%s", got.misplaced, strings.Join(got.failures, "\n"))
			}
			if p := pct(got.placed, got.total-got.boiler); p < 97 {
				t.Errorf("placed %.1f%% of the article's annotations, want >= 97%%", p)
			}
		})
	}
}

// BenchmarkImportQuality reports the import benchmark on 100 pages per
// half: placed% (of annotations on the article), exact%, misplaced
// (target 0, including any annotation on page text that was placed),
// for the Locator and the quote-only baseline.
func BenchmarkImportQuality(b *testing.B) {
	pool := loadPool(b)
	vocab := vocabulary(pool)
	for _, half := range sets {
		b.Run(half.name, func(b *testing.B) {
			var res map[string]*importTally
			for b.Loop() {
				res = evaluateImport(pool, vocab, half.first, halfSize)
			}
			for _, name := range []string{"locator", "quote-only"} {
				t := res[name]
				prefix := ""
				if name != "locator" {
					prefix = name + "-"
				}
				b.ReportMetric(pct(t.placed-t.boilerPlaced, t.total-t.boiler), prefix+"placed%")
				b.ReportMetric(pct(t.exact, t.total-t.boiler), prefix+"exact%")
				b.ReportMetric(float64(t.misplaced), prefix+"misplaced")
				b.Logf("%-10s %v", name, t)
			}
		})
	}
}
