package search_test

import (
	"context"
	"os"
	"testing"
	"time"

	"marginalia/annotate/search"
	"marginalia/annotate/search/searchtest"
)

// relevanceOptions is the archive of the relevance test: 100,000
// annotations over 1,000 articles, or with -short 10,000 over 100.
func relevanceOptions() searchtest.Options {
	if testing.Short() {
		return searchtest.Options{Seed: 11, Articles: 100, Annotations: 10_000, Speakers: 100}
	}
	return searchtest.Options{Seed: 11, Articles: 1_000, Annotations: 100_000, Speakers: 500}
}

// TestRelevance runs the relevance set (searchtest's 91 queries, a
// development half and a held-out half) against the engine and asserts
// recall in the first five >= 0.95 and mean reciprocal rank >= 0.85 over
// the whole set; it logs the same figures for plain fuzzy.Find over the
// folded values (the search Marginalia had before) beside them. Set
// MARGINALIA_RELEVANCE_NOBASE=1 to skip the baseline.
func TestRelevance(t *testing.T) {
	arc, err := searchtest.Generate("../..", relevanceOptions())
	if err != nil {
		t.Fatal(err)
	}
	qs, err := searchtest.Queries()
	if err != nil {
		t.Fatal(err)
	}
	st := search.NewMemStorage()
	start := time.Now()
	if err := search.Build(st, searchtest.Docs(arc), nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("archive: %d annotations, %d articles, %d speakers; built in %v", len(arc.Annotations), len(arc.Articles), len(arc.Speakers), time.Since(start).Round(time.Millisecond))
	eng := search.NewEngine()
	ev, err := searchtest.Evaluate(qs, func(text string) ([]string, error) {
		res, err := eng.Search(context.Background(), st, search.ParseQuery(text), 10)
		var ids []string
		for _, r := range res {
			ids = append(ids, r.ID)
		}
		return ids, err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ev.Misses {
		t.Logf("engine miss: %s", m)
	}
	var base searchtest.Evaluation
	if os.Getenv("MARGINALIA_RELEVANCE_NOBASE") == "" {
		fb := searchtest.NewFuzzyBaseline(arc)
		base, _ = searchtest.Evaluate(qs, func(text string) ([]string, error) { return fb.Search(text, 10), nil })
	}
	t.Logf("%-22s %10s %10s %10s %10s %10s %10s", "", "dev R@5", "dev MRR", "held R@5", "held MRR", "all R@5", "all MRR")
	for _, row := range []struct {
		name string
		ev   searchtest.Evaluation
	}{{"engine", ev}, {"fuzzy.Find (before)", base}} {
		t.Logf("%-22s %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f", row.name, row.ev.Dev.Recall5, row.ev.Dev.MRR,
			row.ev.Heldout.Recall5, row.ev.Heldout.MRR, row.ev.All.Recall5, row.ev.All.MRR)
	}
	if ev.All.Recall5 < 0.95 {
		t.Errorf("recall@5 over %d queries: got %.3f, want >= 0.95", ev.All.N, ev.All.Recall5)
	}
	if ev.All.MRR < 0.85 {
		t.Errorf("MRR over %d queries: got %.3f, want >= 0.85", ev.All.N, ev.All.MRR)
	}
}
