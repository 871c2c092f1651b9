package searchindex_test

import (
	"context"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolt "go.etcd.io/bbolt"

	"marginalia/annotate/search"
	"marginalia/annotate/search/searchtest"
	"marginalia/store/searchindex"
)

// compareOptions is the archive of TestCompare: 10,000 annotations over
// 100 articles, or the benchmark's 100,000 over 1,000 with
// MARGINALIA_COMPARE_100K=1 (bleve then takes minutes to index).
func compareOptions() (searchtest.Options, string) {
	if os.Getenv("MARGINALIA_COMPARE_100K") != "" {
		return searchtest.Options{Seed: 11, Articles: 1_000, Annotations: 100_000, Speakers: 500}, "100k"
	}
	return searchtest.Options{Seed: 11, Articles: 100, Annotations: 10_000, Speakers: 100}, "10k"
}

// TestCompare runs the relevance set over the index in a bbolt file and
// asserts recall@5 >= 0.95 and MRR >= 0.85 over the whole set, and logs
// side by side, for the development and held-out halves: this engine,
// plain fuzzy.Find over the folded values (the search before), and bleve
// v2.6.3 in its exact and fuzzy modes. It also logs each one's build
// time, size and per-query time over the set's queries. Skipped with
// -short (bleve's indexing takes a while).
func TestCompare(t *testing.T) {
	if testing.Short() {
		t.Skip("bleve indexing takes a while")
	}
	opt, size := compareOptions()
	dir := t.TempDir()
	arcOnly, err := searchtest.Generate("../..", opt) // to weigh the archive alone
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	archiveHeap := float64(ms.HeapInuse) / 1e6
	runtime.KeepAlive(arcOnly)
	arcOnly = nil
	stop := peakHeap()
	path, docs, arc, build := archiveDB(t, dir, opt)
	buildPeak := stop()
	qs, err := searchtest.Queries()
	if err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eng := search.NewEngine()
	var engTimes []float64
	engine, err := searchtest.Evaluate(qs, func(text string) ([]string, error) {
		var ids []string
		start := time.Now()
		err := db.View(func(tx *bolt.Tx) error {
			r, _ := searchindex.Reader(tx)
			res, err := eng.Search(context.Background(), r, search.ParseQuery(text), 10)
			for _, x := range res {
				ids = append(ids, x.ID)
			}
			return err
		})
		engTimes = append(engTimes, float64(time.Since(start).Microseconds())/1000)
		return ids, err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range engine.Misses {
		t.Logf("engine miss: %s", m)
	}

	fb := searchtest.NewFuzzyBaseline(arc)
	var fzTimes []float64
	fz, _ := searchtest.Evaluate(qs, func(text string) ([]string, error) {
		start := time.Now()
		ids := fb.Search(text, 10)
		fzTimes = append(fzTimes, float64(time.Since(start).Microseconds())/1000)
		return ids, nil
	})

	stop = peakHeap()
	start := time.Now()
	bix, err := buildBleve(dir, docs)
	if err != nil {
		t.Fatal(err)
	}
	bleveBuild := time.Since(start)
	blevePeak := stop()
	defer bix.Close()
	bleveRun := func(fuzzy bool) (searchtest.Evaluation, []float64) {
		var times []float64
		ev, err := searchtest.Evaluate(qs, func(text string) ([]string, error) {
			start := time.Now()
			ids, err := bleveSearch(bix, text, fuzzy, 10)
			times = append(times, float64(time.Since(start).Microseconds())/1000)
			return ids, err
		})
		if err != nil {
			t.Fatal(err)
		}
		return ev, times
	}
	bExact, bExactTimes := bleveRun(false)
	bFuzzy, bFuzzyTimes := bleveRun(true)
	count, _ := bix.DocCount()

	t.Logf("archive %s: %d annotations, %d articles, %d speakers; %d queries", size, len(arc.Annotations), len(arc.Articles), len(arc.Speakers), len(qs))
	t.Logf("%-20s %8s %8s %8s %8s %8s %8s %9s %9s", "", "dev R@5", "dev MRR", "held R@5", "held MRR", "all R@5", "all MRR", "p50 ms", "p99 ms")
	for _, row := range []struct {
		name  string
		ev    searchtest.Evaluation
		times []float64
	}{{"engine (bbolt)", engine, engTimes}, {"fuzzy.Find (before)", fz, fzTimes}, {"bleve exact", bExact, bExactTimes}, {"bleve fuzzy", bFuzzy, bFuzzyTimes}} {
		slices.Sort(row.times)
		t.Logf("%-20s %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %9.2f %9.2f", row.name, row.ev.Dev.Recall5, row.ev.Dev.MRR,
			row.ev.Heldout.Recall5, row.ev.Heldout.MRR, row.ev.All.Recall5, row.ev.All.MRR, percentile(row.times, 0.5), percentile(row.times, 0.99))
	}
	t.Logf("build: engine %v into bbolt (file %.1f MB, index %.1f MB in the bucket, peak heap %.0f MB with the archive's %.0f MB)",
		build.Round(time.Millisecond), fileMB(path), bucketMB(t, path), buildPeak, archiveHeap)
	t.Logf("build: bleve %v for %d docs (dir %.1f MB, peak heap %.0f MB with the archive's %.0f MB)",
		bleveBuild.Round(time.Millisecond), count, float64(dirSize(dir+"/bleve"))/1e6, blevePeak, archiveHeap)
	if engine.All.Recall5 < 0.95 {
		t.Errorf("recall@5 over %d queries: got %.3f, want >= 0.95", engine.All.N, engine.All.Recall5)
	}
	if engine.All.MRR < 0.85 {
		t.Errorf("MRR over %d queries: got %.3f, want >= 0.85", engine.All.N, engine.All.MRR)
	}
}

var _ = bleve.NewIndexMapping

// peakHeap samples the heap in use every 10 ms until the returned
// function is called, which returns the peak in MB.
func peakHeap() func() float64 {
	done := make(chan struct{})
	peak := make(chan float64)
	go func() {
		var p uint64
		var ms runtime.MemStats
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			p = max(p, ms.HeapInuse)
			select {
			case <-done:
				peak <- float64(p) / 1e6
				return
			case <-tick.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		return <-peak
	}
}

// bucketMB returns the bytes the search bucket's pages use.
func bucketMB(t *testing.T, path string) float64 {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	_ = db.View(func(tx *bolt.Tx) error {
		st := tx.Bucket(searchindex.BucketName).Stats()
		n = st.BranchAlloc + st.LeafAlloc
		return nil
	})
	return float64(n) / 1e6
}
