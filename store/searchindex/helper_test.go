package searchindex_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"marginalia/annotate/search"
	"marginalia/annotate/search/searchtest"
	"marginalia/store/searchindex"
)

// The benchmarks time whole processes: this test binary, started again
// with helperEnv set, opens a database, searches and exits, as the
// command line would (see runHelper).
const helperEnv = "MARGINALIA_SEARCHINDEX_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		if err := runHelper(mode); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// typingStats is what the "typing" helper reports.
type typingStats struct {
	Keystrokes int     `json:"keystrokes"`
	P50ms      float64 `json:"p50_ms"`
	P99ms      float64 `json:"p99_ms"`
	MaxMs      float64 `json:"max_ms"`
	CPUP50ms   float64 `json:"cpu_p50_ms"` // CPU time of the searching thread
	CPUP99ms   float64 `json:"cpu_p99_ms"`
	FirstMs    float64 `json:"first_ms"` // the first query, which loads the snapshot
	HeapMB     float64 `json:"heap_mb"`  // heap in use after the run
	PeakHeapMB float64 `json:"peak_heap_mb"`
	RSSMB      float64 `json:"rss_mb"`      // peak resident set (VmHWM), the mapped file included
	AnonMB     float64 `json:"rss_anon_mb"` // resident memory of the process's own at the end
	FileMB     float64 `json:"rss_file_mb"` // resident pages of mapped files (the database) at the end
}

// runHelper is the child process: "search" answers the query in
// MARGINALIA_Q over the database MARGINALIA_DB and prints the results as
// JSON, as `marginalia search --json` would; "typing" types every query
// of the relevance set a character at a time, searching at each
// keystroke, and prints typingStats.
func runHelper(mode string) error {
	db, err := bolt.Open(os.Getenv("MARGINALIA_DB"), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	switch mode {
	case "search":
		var res []search.Result
		err := db.View(func(tx *bolt.Tx) error {
			r, ok := searchindex.Reader(tx)
			if !ok {
				return fmt.Errorf("no search index")
			}
			var err error
			res, err = search.Search(ctx, r, search.ParseQuery(os.Getenv("MARGINALIA_Q")), 20)
			return err
		})
		if err != nil {
			return err
		}
		return json.NewEncoder(os.Stdout).Encode(res)
	case "typing":
		qs, err := searchtest.Queries()
		if err != nil {
			return err
		}
		eng := search.NewEngine()
		runtime.LockOSThread()
		var lat, cpu []float64
		var peak uint64
		var ms runtime.MemStats
		for _, pfx := range keystrokes(qs) {
			start, c0 := time.Now(), threadCPU()
			err := db.View(func(tx *bolt.Tx) error {
				r, _ := searchindex.Reader(tx)
				_, err := eng.Search(ctx, r, search.ParseQuery(pfx), 50)
				return err
			})
			if err != nil {
				return err
			}
			lat = append(lat, float64(time.Since(start).Microseconds())/1000)
			cpu = append(cpu, float64((threadCPU()-c0).Microseconds())/1000)
			if len(lat)%50 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		st := typingStats{Keystrokes: len(lat), FirstMs: lat[0], HeapMB: float64(ms.HeapInuse) / 1e6, PeakHeapMB: float64(peak) / 1e6, RSSMB: procStatus("VmHWM:"), AnonMB: procStatus("RssAnon:"), FileMB: procStatus("RssFile:")}
		slices.Sort(lat)
		slices.Sort(cpu)
		st.CPUP50ms, st.CPUP99ms = percentile(cpu, 0.5), percentile(cpu, 0.99)
		st.P50ms, st.P99ms, st.MaxMs = percentile(lat, 0.5), percentile(lat, 0.99), lat[len(lat)-1]
		return json.NewEncoder(os.Stdout).Encode(st)
	}
	return fmt.Errorf("unknown helper mode %q", mode)
}

// keystrokes returns every prefix of every query of the relevance set
// (by character), as an analyst typing them produces, without the empty
// prefix.
func keystrokes(qs []searchtest.Query) []string {
	var out []string
	for _, q := range qs {
		rs := []rune(q.Text)
		for i := 1; i <= len(rs); i++ {
			out = append(out, string(rs[:i]))
		}
	}
	return out
}

func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// procStatus returns a memory figure of /proc/self/status in MB (Linux),
// 0 if unknown.
func procStatus(key string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == key {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// runChild runs this test binary as a helper and returns its output and
// wall time.
func runChild(tb testing.TB, mode, dbPath, q string) ([]byte, time.Duration) {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "MARGINALIA_DB="+dbPath, "MARGINALIA_Q="+q)
	start := time.Now()
	out, err := cmd.Output()
	d := time.Since(start)
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		tb.Fatalf("helper %s: %v: %s", mode, err, stderr)
	}
	return out, d
}

// archiveDB generates an archive, writes its index into a new bbolt file
// under dir in one transaction, and returns the file, the docs and the
// build's wall time (the index only, not the generation).
func archiveDB(tb testing.TB, dir string, opt searchtest.Options) (string, []search.Doc, *searchtest.Archive, time.Duration) {
	path, docs, arc, wall, _ := archiveDBCPU(tb, dir, opt)
	return path, docs, arc, wall
}

// archiveDBCPU is archiveDB that also returns the build's CPU time, all
// threads.
func archiveDBCPU(tb testing.TB, dir string, opt searchtest.Options) (string, []search.Doc, *searchtest.Archive, time.Duration, time.Duration) {
	tb.Helper()
	arc, err := searchtest.Generate("../..", opt)
	if err != nil {
		tb.Fatal(err)
	}
	docs := searchtest.Docs(arc)
	path := filepath.Join(dir, "marginalia.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, InitialMmapSize: 1 << 30})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	start, cpu := time.Now(), processCPU()
	err = db.Update(func(tx *bolt.Tx) error { return searchindex.Rebuild(tx, docs, nil) })
	if err != nil {
		tb.Fatal(err)
	}
	return path, docs, arc, time.Since(start), processCPU() - cpu
}

func fileMB(path string) float64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return float64(fi.Size()) / 1e6
}
