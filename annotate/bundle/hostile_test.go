package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
)

// The hostile bundles below are the ones issue 18 found and their
// relatives. Each is refused, and TestHostileBundlesAreRefusedCheaply
// checks that the Go heap never grows by more than 100 MB plus the
// bundle's own size while Read refuses it. The file uses only what the
// bundle package had before streaming, so the same test measures the old
// Read (the figures in doc.go).

const hostileTime = "2026-03-01T09:00:00Z"

// annotationHead is a valid annotation on art-1 up to the opening quote
// of its note.
func annotationHead(id string) string {
	return `{"id":"` + id + `","article_id":"art-1","kind":"note","span":{"start":0,"end":1},` +
		`"quote":{"exact":"a","prefix":"","suffix":""},"created":"` + hostileTime + `","modified":"` + hostileTime + `","note":"`
}

// badAnnotation is valid on its own but quotes art-1 wrongly.
func badAnnotation() genEntry {
	return genEntry{name: "annotations/0001.json", records: 1, pieces: []piece{
		lit("[" + annotationHead("ann-1") + `"}]`)}}
}

// articleEntry is one article art-N whose text (decoded) is made of the
// pieces text and written as the pieces raw.
func articleEntry(n int, raw []piece, text []piece) genEntry {
	h := sha256.New()
	expand(h, text)
	head := fmt.Sprintf(`[{"id":"art-%d","title":"Article %d","imported":"%s","text_hash":"%s","text":"`,
		n, n, hostileTime, hex.EncodeToString(h.Sum(nil)))
	return genEntry{name: fmt.Sprintf("articles/%04d.json", n), records: 1,
		pieces: append(append([]piece{lit(head)}, raw...), lit(`"}]`))}
}

type hostileCase struct {
	name  string
	build func(t testing.TB) []byte
}

func hostileCases() []hostileCase {
	const entry = 127 << 20
	// The largest article, and the genuine bundle's articles; smaller
	// under the race detector, which decodes ten times slower.
	textBytes, articles := annotate.MaxTextBytes, 1000
	if raceEnabled {
		textBytes, articles = 4<<20, 50
	}
	tiny := `{"id":"s","name":"n"},`
	tinyN := entry / len(tiny)
	return []hostileCase{
		{"16 entries of one 127 MiB note each", func(t testing.TB) []byte {
			pieces := []piece{lit("[" + annotationHead("ann-1")), rep("a", entry-400), lit(`"}]`)}
			var es []genEntry
			for i := range 16 {
				es = append(es, genEntry{name: fmt.Sprintf("annotations/%04d.json", i+1), records: 1, pieces: pieces})
			}
			return genBundle(t, es, nil)
		}},
		{"one 100 MB note", func(t testing.TB) []byte {
			return genBundle(t, []genEntry{{name: "annotations/0001.json", records: 1,
				pieces: []piece{lit("[" + annotationHead("ann-1")), rep("a", 100_000_000), lit(`"}]`)}}}, nil)
		}},
		{"one 100 MB note of escapes", func(t testing.TB) []byte {
			return genBundle(t, []genEntry{{name: "annotations/0001.json", records: 1,
				pieces: []piece{lit("[" + annotationHead("ann-1")), rep(`\u0001`, 100_000_000/6), lit(`"}]`)}}}, nil)
		}},
		{"127 MiB of nesting", func(t testing.TB) []byte {
			return genBundle(t, []genEntry{{name: "annotations/0001.json", records: 1, pieces: []piece{rep("[", entry)}}}, nil)
		}},
		{"a 127 MiB string in an unknown field", func(t testing.TB) []byte {
			return genBundle(t, []genEntry{{name: "speakers/0001.json", records: 1,
				pieces: []piece{lit(`[{"id":"s1","name":"n","zzz":"`), rep("a", entry), lit(`"}]`)}}}, nil)
		}},
		{"a 127 MiB field name", func(t testing.TB) []byte {
			return genBundle(t, []genEntry{{name: "speakers/0001.json", records: 1,
				pieces: []piece{lit(`[{"id":"s1","name":"n","`), rep("z", entry), lit(`":1}]`)}}}, nil)
		}},
		{"6 million tiny records", func(t testing.TB) []byte {
			return genBundle(t, []genEntry{{name: "speakers/0001.json", records: tinyN + 1,
				pieces: []piece{lit("["), rep(tiny, tinyN), lit(strings.TrimSuffix(tiny, ",") + "]")}}}, nil)
		}},
		{"6 million tiny records, the manifest announcing one", func(t testing.TB) []byte {
			return genBundle(t, []genEntry{{name: "speakers/0001.json", records: 1,
				pieces: []piece{lit("["), rep(tiny, tinyN), lit(strings.TrimSuffix(tiny, ",") + "]")}}}, nil)
		}},
		{"127 MiB of white space", func(t testing.TB) []byte {
			return genBundle(t, []genEntry{{name: "annotations/0001.json",
				pieces: []piece{lit("["), rep(" ", entry), lit("]")}}}, nil)
		}},
		{"a 20 MB article escaped to 120 MB, badly quoted", func(t testing.TB) []byte {
			n := textBytes
			return genBundle(t, []genEntry{articleEntry(1, []piece{rep(`\u0001`, n)}, []piece{rep("\x01", n)}), badAnnotation()}, nil)
		}},
		{"a 20 MB article of 10 million lines, badly quoted", func(t testing.TB) []byte {
			n := textBytes/2 - 1
			return genBundle(t, []genEntry{articleEntry(1, []piece{rep(`a\n`, n), lit("a")}, []piece{rep("a\n", n), lit("a")}), badAnnotation()}, nil)
		}},
		{"16 different 20 MB articles, badly quoted", func(t testing.TB) []byte {
			var es []genEntry
			for i := range 16 {
				head := fmt.Sprintf("Article %02d ", i+1)
				body := []piece{lit(head), rep("a", textBytes-len(head))}
				es = append(es, articleEntry(i+1, body, body))
			}
			return genBundle(t, append(es, badAnnotation()), nil)
		}},
		{"a genuine 100,000-annotation bundle, its last quote damaged", func(t testing.TB) []byte {
			var buf bytes.Buffer
			if err := Write(&buf, realisticBundle(t, articles, 100, 200, 2*articles), Manifest{Created: testTime}, nil); err != nil {
				t.Fatal(err)
			}
			return damageLastQuote(t, buf.Bytes())
		}},
	}
}

// largeBundle writes a realistic bundle: 1,000 articles of 8 KB with 100
// annotations each, 200 speakers and 2,000 links (12.7 MB).
func largeBundle(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, realisticBundle(t, 1000, 100, 200, 2000), Manifest{Created: testTime}, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// damageLastQuote changes one character of the last annotation's quote in
// a bundle Write made, keeping its sizes and sha256 right.
func damageLastQuote(t testing.TB, data []byte) []byte {
	t.Helper()
	last := ""
	for _, f := range mustZip(t, data).File {
		if strings.HasPrefix(f.Name, "annotations/") {
			last = f.Name
		}
	}
	return rezip(t, data, func(name string, c []byte) []byte {
		if name == last {
			i := bytes.LastIndex(c, []byte(`"exact":"`)) + len(`"exact":"`)
			c[i] ^= 1 // an ASCII letter stays one
		}
		return c
	})
}

// entryOf returns the content of the named entry.
func entryOf(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	for _, f := range mustZip(t, data).File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			c, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	t.Fatalf("no entry %s", name)
	return nil
}

// rezip rewrites a bundle with edit applied to every entry's content,
// and the manifest's sizes and sha256 sums put right (unless edit
// changes the manifest itself).
func rezip(t testing.TB, data []byte, edit func(name string, content []byte) []byte) []byte {
	t.Helper()
	zr := mustZip(t, data)
	contents := map[string][]byte{}
	for _, f := range zr.File {
		contents[f.Name] = edit(f.Name, entryOf(t, data, f.Name))
	}
	var man Manifest
	if err := json.Unmarshal(entryOf(t, data, ManifestName), &man); err == nil {
		for i, e := range man.Entries {
			sum := sha256.Sum256(contents[e.Name])
			man.Entries[i].SHA256, man.Entries[i].Size = hex.EncodeToString(sum[:]), int64(len(contents[e.Name]))
		}
		fixed, _ := json.Marshal(man)
		if m := edit(ManifestName, fixed); bytes.Equal(contents[ManifestName], edit(ManifestName, entryOf(t, data, ManifestName))) {
			contents[ManifestName] = m
		}
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(contents[f.Name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// readCost is what one Read took.
type readCost struct {
	peak  uint64 // the largest growth of the Go heap seen, sampled every 100 µs
	alloc uint64 // bytes allocated in all: a bound on the peak
	rss   uint64 // growth of the peak resident set (Linux), 0 if unknown
	took  time.Duration
}

func (c readCost) String() string {
	s := fmt.Sprintf("heap peak +%.1f MB, allocated %.1f MB, %v", float64(c.peak)/1e6, float64(c.alloc)/1e6, c.took.Round(time.Millisecond))
	if c.rss > 0 {
		s += fmt.Sprintf(", RSS peak +%.1f MB", float64(c.rss)/1e6)
	}
	return s
}

// measureRead reads data with the default limits and measures the cost.
func measureRead(data []byte) (readCost, error) {
	runtime.GC()
	heap := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(heap)
	base, alloc0 := heap[0].Value.Uint64(), heap[1].Value.Uint64()
	rss0 := resetPeakRSS()

	stop, peakc := make(chan struct{}), make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		peak := base
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-stop:
				peakc <- peak
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	_, err := Read(bytes.NewReader(data), int64(len(data)), Limits{}, nil)
	took := time.Since(start)
	close(stop)
	peak := <-peakc
	metrics.Read(heap)
	c := readCost{peak: peak - base, alloc: heap[1].Value.Uint64() - alloc0, took: took}
	if rss := peakRSS(); rss0 > 0 && rss > rss0 {
		c.rss = rss - rss0
	}
	return c, err
}

// resetPeakRSS resets the kernel's peak resident set of this process and
// returns the current resident set, or 0 where that is not possible.
func resetPeakRSS() uint64 {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return 0
	}
	return procStatus("VmRSS:")
}

func peakRSS() uint64 { return procStatus("VmHWM:") }

func procStatus(key string) uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func TestHostileBundlesAreRefusedCheaply(t *testing.T) {
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.build(t)
			cost, err := measureRead(data)
			t.Logf("%d KB bundle: %v; %.120v", len(data)>>10, cost, err)
			if !errors.Is(err, ErrRefused) {
				t.Errorf("got %v, want a refusal", err)
			}
			if limit := uint64(100e6) + uint64(len(data)); cost.peak > limit {
				t.Errorf("got a heap peak of %.1f MB, want at most %.1f MB (100 MB plus the bundle)", float64(cost.peak)/1e6, float64(limit)/1e6)
			}
		})
	}
}
