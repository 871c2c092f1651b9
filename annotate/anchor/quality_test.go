package anchor

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"marginalia/annotate"
)

// The quality benchmark of issue 14. Articles 0-99 are the development
// half: thresholds and rules were tuned on them only. Articles 100-199
// are the held-out half. Two more blind sets came later, each first
// generated after a change the previous blind set had prompted, so that
// some set is always blind to every rule:
//
//   - fresh (200-299) after the held-out half showed one misplacement (a
//     two-word passage whose replaced first word was left out) and the
//     rule against fragments was added (searcher.mapped);
//   - fresh2 (300-399) after fresh showed the same case slipping through
//     that rule, which had measured the fragment before trimming its
//     white space; the order was fixed.

const (
	annsPerArticle = 50
	devFirst       = 0
	heldOutFirst   = 100
	halfSize       = 100
)

// sets are the article sets the benchmarks report.
var sets = []struct {
	name  string
	first int
}{{"dev", devFirst}, {"heldout", heldOutFirst}, {"fresh", 200}, {"fresh2", 300}}

var editCounts = []int{1, 5, 20}

// scenario is one article before and after some random edits.
type scenario struct {
	old, new string
	anns     []annotate.Span
	truth    []truth
}

func genScenario(pool, vocab []string, index, edits int) scenario {
	rng := rand.New(rand.NewPCG(42, uint64(index)))
	a := genArticle(rng, pool, 3000+rng.IntN(9000), annsPerArticle)
	erng := rand.New(rand.NewPCG(uint64(index), uint64(edits)))
	d := newDoc(a.text)
	for range edits {
		d.edit(erng, pool, a.used, vocab, a.anns)
	}
	sc := scenario{old: a.text, new: string(d.r), anns: a.anns}
	for _, s := range a.anns {
		sc.truth = append(sc.truth, d.truth(s))
	}
	return sc
}

// placement is where an approach put an annotation.
type placement struct {
	span   annotate.Span
	placed bool
	method Method
}

// approach places the annotations of a scenario.
type approach struct {
	name  string
	place func(sc scenario) []placement
}

func approaches() []approach {
	return []approach{
		{"reanchor", placeReanchor},
		{"quote-only", placeQuoteOnly},
		{"locator", placeLocator},
	}
}

func quotes(sc scenario) []annotate.Quote {
	t := annotate.NewText(sc.old)
	out := make([]annotate.Quote, len(sc.anns))
	for i, s := range sc.anns {
		out[i], _ = t.QuoteAt(s)
	}
	return out
}

func placeReanchor(sc scenario) []placement {
	r := NewReanchorer(sc.old, sc.new, Options{})
	out := make([]placement, len(sc.anns))
	for i, q := range quotes(sc) {
		res := r.Place(sc.anns[i], q)
		out[i] = placement{res.Span, res.Placed(), res.Method}
	}
	return out
}

// placeQuoteOnly is what a tool without the old text can do at its
// simplest: the exact quote, the occurrence nearest the old offset.
func placeQuoteOnly(sc scenario) []placement {
	t := annotate.NewText(sc.new)
	out := make([]placement, len(sc.anns))
	for i, q := range quotes(sc) {
		best := annotate.Span{}
		for n := 1; ; n++ {
			s, ok := t.Find(q.Exact, n)
			if !ok {
				break
			}
			if best.Len() == 0 || abs(s.Start-sc.anns[i].Start) < abs(best.Start-sc.anns[i].Start) {
				best = s
			}
		}
		out[i] = placement{best, best.Len() > 0, Quote}
	}
	return out
}

// placeLocator is this package's search without the old text (the
// import mode): quote, context, approximate match, old offset as a hint.
func placeLocator(sc scenario) []placement {
	l := NewLocator(sc.new, Options{})
	out := make([]placement, len(sc.anns))
	for i, q := range quotes(sc) {
		res := l.Locate(q, sc.anns[i].Start)
		out[i] = placement{res.Span, res.Placed(), res.Method}
	}
	return out
}

// tally counts one approach's outcomes.
type tally struct {
	total, placed, misplaced int
	unedited, uneditedExact  int // passage not edited; placed exactly
	light, lightGood         int // 0 < changed <= 10%; placed with overlap >= 0.9
	gone, goneOrphaned       int // more than half deleted; left an orphan
	moderate, moderatePlaced int // changed more than 10%, at most half deleted; placed
	methods                  map[Method]int
	failures                 []string
}

func (t *tally) add(sc scenario, i int, p placement) {
	tr := sc.truth[i]
	t.total++
	if t.methods == nil {
		t.methods = map[Method]int{}
	}
	t.methods[p.method]++
	if p.placed {
		t.placed++
	}
	gone := tr.deleted > 0.5
	if p.placed && (gone || overlap(p.span, tr.span) < 0.5) {
		t.misplaced++
		if len(t.failures) < 10 {
			ns := annotate.NewText(sc.new)
			t.failures = append(t.failures, fmt.Sprintf("misplaced (%v, deleted %.2f, changed %.2f): old %q\n  placed %q\n  truth  %q",
				p.method, tr.deleted, tr.changed, annotate.NewText(sc.old).Slice(sc.anns[i].Start, sc.anns[i].End),
				ns.Slice(p.span.Start, p.span.End), ns.Slice(tr.span.Start, tr.span.End)))
		}
	}
	switch {
	case gone:
		t.gone++
		if !p.placed {
			t.goneOrphaned++
		}
	case tr.changed == 0:
		t.unedited++
		if p.placed && p.span == tr.span {
			t.uneditedExact++
		}
	case tr.changed <= 0.1:
		t.light++
		if p.placed && overlap(p.span, tr.span) >= 0.9 {
			t.lightGood++
		}
	default:
		t.moderate++
		if p.placed {
			t.moderatePlaced++
		}
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

func (t *tally) exactPct() float64 { return pct(t.uneditedExact, t.unedited) }
func (t *tally) lightPct() float64 { return pct(t.lightGood, t.light) }

func (t *tally) String() string {
	return fmt.Sprintf("unedited exact %5.1f%% (%d/%d)  ≤10%% changed overlap≥0.9 %5.1f%% (%d/%d)  misplaced %d  >½ deleted orphaned %d/%d  >10%% changed placed %d/%d  placed %5.1f%%  methods %v",
		t.exactPct(), t.uneditedExact, t.unedited, t.lightPct(), t.lightGood, t.light, t.misplaced,
		t.goneOrphaned, t.gone, t.moderatePlaced, t.moderate, pct(t.placed, t.total), t.methods)
}

// evaluate runs every approach on articles [first, first+n) with the
// given number of edits.
func evaluate(pool, vocab []string, first, n, edits int) map[string]*tally {
	out := map[string]*tally{}
	for _, a := range approaches() {
		out[a.name] = &tally{}
	}
	for i := first; i < first+n; i++ {
		sc := genScenario(pool, vocab, i, edits)
		for _, a := range approaches() {
			for k, p := range a.place(sc) {
				out[a.name].add(sc, k, p)
			}
		}
	}
	return out
}

// TestQuality asserts the targets on 25 articles of each half,
// for 1, 5 and 20 edits: at least 99% of unedited passages placed
// exactly, at least 95% of passages changed by at most 10% placed with
// overlap at least 0.9, none misplaced.
func TestQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("quality sample takes a few seconds")
	}
	pool := loadPool(t)
	vocab := vocabulary(pool)
	for _, half := range []struct {
		name  string
		first int
	}{{"dev", devFirst}, {"heldout", heldOutFirst}} {
		for _, edits := range editCounts {
			t.Run(fmt.Sprintf("%s/edits=%d", half.name, edits), func(t *testing.T) {
				res := evaluate(pool, vocab, half.first, 25, edits)
				got := res["reanchor"]
				t.Logf("reanchor:   %v", got)
				t.Logf("quote-only: %v", res["quote-only"])
				t.Logf("locator:    %v", res["locator"])
				if got.exactPct() < 99 {
					t.Errorf("unedited placed exactly: got %.1f%%, want >= 99%%", got.exactPct())
				}
				if got.lightPct() < 95 {
					t.Errorf("≤10%% changed placed with overlap >= 0.9: got %.1f%%, want >= 95%%", got.lightPct())
				}
				if got.misplaced != 0 {
					t.Errorf("misplaced %d, want 0:\n%s", got.misplaced, strings.Join(got.failures, "\n"))
				}
			})
		}
	}
}
