package textdiff

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// benchTexts returns a 20,000-character article made of the attribution
// test articles and a copy with 20 random edits (words, blocks moved).
func benchTexts(b *testing.B) (string, string) {
	b.Helper()
	files, err := filepath.Glob("../attrib/testdata/*.txt")
	if err != nil || len(files) == 0 {
		b.Fatalf("no test articles: %v", err)
	}
	var sb strings.Builder
	for utf8.RuneCountInString(sb.String()) < 20_000 {
		for _, f := range files {
			t, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(t)
			sb.WriteString("\n\n")
		}
	}
	old := string([]rune(sb.String())[:20_000])
	return old, mutate(rand.New(rand.NewPCG(3, 3)), old, 20)
}

// BenchmarkCompare20k diffs a 20,000-character article against a copy
// with 20 edits, beside plain Myers on the same word tokens (the
// baseline: no histogram anchors, no moves, no cleanup).
func BenchmarkCompare20k(b *testing.B) {
	old, nw := benchTexts(b)
	var base float64
	b.Run("myers-tokens", func(b *testing.B) {
		tz := newTokenizer()
		_, ia, _ := tz.split([]rune(old))
		_, ib, _ := tz.split([]rune(nw))
		for b.Loop() {
			d := &differ{a: ia, b: ib}
			if !d.myers(0, len(ia), 0, len(ib), len(ia)+len(ib)) {
				b.Fatal("myers gave up")
			}
		}
		base = float64(b.Elapsed().Nanoseconds()) / float64(b.N) / 1e6
		b.ReportMetric(base, "ms/op")
	})
	b.Run("Compare", func(b *testing.B) {
		for b.Loop() {
			Compare(old, nw)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/op")
		b.ReportMetric(base, "myers-ms/op")
	})
}
