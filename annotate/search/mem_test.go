package search

import (
	"runtime"
	"testing"
)

// TestIndexMemory100k reports the heap the index takes for the benchmark
// archive (100,000 annotations, 2,000 articles, 400 speakers) and holds it
// to 150 MB, counting the original texts the index keeps for results.
func TestIndexMemory100k(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds a 100,000-annotation index")
	}
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	h0 := heap()
	docs := benchArchive().Docs
	h1 := heap()
	ix := New()
	if err := ix.Put(docs...); err != nil {
		t.Fatal(err)
	}
	h2 := heap()
	n := len(docs)
	runtime.KeepAlive(docs)
	docs = nil // now only the index holds the texts it returns
	h3 := heap()
	const mb = 1 << 20
	t.Logf("%d records: the index takes %.1f MB beside the docs it was given (%.1f MB), %.1f MB with the texts it keeps",
		n, float64(h2-h1)/mb, float64(h1-h0)/mb, float64(h3-h0)/mb)
	if total := h3 - h0; total > 150*mb {
		t.Errorf("index with its texts takes %.1f MB, want <= 150 MB", float64(total)/mb)
	}
	runtime.KeepAlive(ix)
}
