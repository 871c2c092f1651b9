// Package searchindex keeps Marginalia's search index (package
// annotate/search) in a bbolt bucket of the store's database, so that it
// is written in the same transaction as the records it indexes and is
// never stale after a crash. It is the one place where search meets
// bbolt: annotate/search defines the small Storage interface it reads
// and writes through (Get, Put, Delete, and Ascend over a cursor), and
// Bucket implements it over a *bbolt.Bucket.
//
// Writer gives the bucket in a read-write transaction, for search.Update
// with the records the transaction changed; Reader gives it in any
// transaction, for search.Engine.Search and search.Check; Rebuild drops
// and rewrites it whole, for the upgrade of a database that has none and
// for repairs.
//
// # Why these choices
//
// bbolt splits a transaction's pages only at the commit, so a bulk load
// that puts keys in random order moves a whole growing page on every
// put: minutes for 100,000 annotations. search.Build therefore writes
// every key in ascending order, and Rebuild creates a fresh bucket
// (faster than deleting keys) with a high fill percent. Growing the
// memory map during a large commit copies every dirty node; opening the
// database with bolt.Options.InitialMmapSize above its expected size
// avoids that. A database written with NoFreelistSync makes every later
// open scan all its pages to rebuild the freelist (the whole file then
// shows up in a reader's resident set); the benchmarks keep the default.
//
// # Measured
//
// BenchmarkIndex100k and BenchmarkIndex1M (MARGINALIA_BENCH_1M=1), run
// with -benchtime=1x on the shared 2-core machine (load average 6 to 16,
// so wall times swing several times; CPU times are steadier):
//
//	                                 100k annotations        1M annotations
//	Rebuild in one transaction       3.1-3.5 s (1.3 s CPU)   36-126 s (21 s CPU)
//	database file                    62 MB                   472 MB
//	keystroke p50 / p99, wall        0.37 / 8-19 ms          2.0 / 53-380 ms
//	keystroke p50 / p99, thread CPU  0.36 / 4.3 ms           1.1-1.3 / 13-14 ms
//	command-line search process      17 ms                   42-199 ms
//	one edit (Update, commit)        1.3-14 ms               4.8 ms
//	10,000-annotation import         0.67 s
//	heap while typing (peak)         11 MB                   88 MB
//	RSS: anonymous + mapped file     13 + 52 MB              94 + 364 MB
//
// TestCompare runs the relevance set beside fuzzy.Find and bleve 2.6.3
// (see the figures in annotate/search's documentation).
package searchindex
