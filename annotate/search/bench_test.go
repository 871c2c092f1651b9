package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"time"
)

// BenchmarkMatchWord times matching one typed word against a vocabulary
// of 100,000 words (made of syllables, like rare names, plus real ones),
// ten times the generated archive's and closer to a real news archive's:
// the whole-vocabulary walk for typos and prefixes, and the fuzzy scan,
// without the per-snapshot cache. Baseline: the 5 ms keystroke budget.
func BenchmarkMatchWord(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	syl := []string{"ka", "ro", "vel", "mi", "dan", "tor", "lis", "ben", "ra", "sho", "vik", "len", "mar", "ost", "ul", "ber", "gan", "pol", "nes", "tiv", "sa", "tel", "ite", "ion", "st"}
	set := map[string]bool{}
	for _, w := range []string{"satellite", "sanctions", "minister", "ministry", "convoy", "imagery", "desalination", "reservoir", "the", "said"} {
		set[w] = true
	}
	for len(set) < 100_000 {
		w := ""
		for range 2 + r.IntN(4) {
			w += syl[r.IntN(len(syl))]
		}
		set[w] = true
	}
	sn := &snapshot{n: 1_000_000}
	for w := range set {
		sn.terms = append(sn.terms, w)
	}
	slices.Sort(sn.terms)
	sn.df = make([]uint32, len(sn.terms))
	for i := range sn.df {
		sn.df[i] = uint32(1 + r.IntN(1000))
	}
	for _, w := range []string{"s", "sat", "satel", "satelitte", "sanctoins", "mnstr", "desalinaiton", "convoy"} {
		b.Run(w, func(b *testing.B) {
			var n int
			c0 := processCPU()
			for b.Loop() {
				n = len(sn.matchWordUncached(w, false))
			}
			b.ReportMetric(float64((processCPU()-c0).Microseconds())/1000/float64(b.N), "cpu_ms/op")
			b.ReportMetric(float64(n), "matches")
			b.ReportMetric(5, "budget_ms")
		})
	}
	_ = fmt.Sprint
}

// processCPU returns the process's CPU time, all threads: on a shared
// machine a steadier cost than wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
