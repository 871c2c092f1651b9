package names

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"marginalia/annotate"
)

// benchSpeakers makes n speakers from given and family names, one in ten
// with an alias, one in fifty a variant of an earlier one.
func benchSpeakers(n int) []annotate.Speaker {
	rng := rand.New(rand.NewPCG(5, 5))
	given := []string{"Ana", "Tomás", "Priya", "Selin", "Min", "Sam", "Ursula", "Luiz", "Marina", "Hong", "Jae-in", "Yo Jong"}
	family := []string{"Peña", "Ferreira", "Natarajan", "Kaya", "Osei", "O'Brien", "Lindqvist", "Hwang", "da Silva", "von der Leyen", "Kim", "Moon"}
	out := make([]annotate.Speaker, n)
	for i := range out {
		s := annotate.Speaker{ID: fmt.Sprint(i), Name: fmt.Sprintf("%s %s %d", given[rng.IntN(len(given))], family[rng.IntN(len(family))], i)}
		if i%10 == 0 {
			s.Aliases = []string{fmt.Sprint("Source ", i)}
		}
		if i%50 == 49 {
			s.Name = fmt.Sprintf("%s, %s", fmt.Sprint(out[i-1].Name[len(out[i-1].Name)-2:]), out[i-1].Name[:len(out[i-1].Name)-2])
		}
		out[i] = s
	}
	return out
}

// BenchmarkNearDuplicates5k times NearDuplicates over 5,000 speakers,
// as a merge of two large libraries would, beside the baseline of
// comparing every pair of names (naive-ms, timed once; skipped with
// -short).
func BenchmarkNearDuplicates5k(b *testing.B) {
	speakers := benchSpeakers(5_000)
	var naiveMs float64
	if !testing.Short() {
		var all []name
		for si, s := range speakers {
			for _, t := range s.Names() {
				if n, ok := parse(t); ok {
					n.speaker = si
					all = append(all, n)
				}
			}
		}
		start := time.Now()
		found := 0
		for i := range all {
			for j := i + 1; j < len(all); j++ {
				if all[i].speaker != all[j].speaker {
					if _, ok := compare(&all[i], &all[j]); ok {
						found++
					}
				}
			}
		}
		naiveMs = float64(time.Since(start).Microseconds()) / 1000
		b.Logf("naive: %d matching name pairs", found)
	}
	var ms []Match
	for b.Loop() {
		ms = NearDuplicates(speakers)
	}
	per := float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
	b.ReportMetric(per, "ms/op")
	if naiveMs > 0 {
		b.ReportMetric(naiveMs, "naive-ms")
	}
	b.Logf("%d matches", len(ms))
}
