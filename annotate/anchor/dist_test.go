package anchor

import (
	"math/rand/v2"
	"testing"
)

// naiveDistances is the textbook dynamic programme distances replaces.
func naiveDistances(p, t []rune, anchored bool) []int32 {
	prev := make([]int, len(p)+1)
	for i := range prev {
		prev[i] = i
	}
	out := []int32{int32(len(p))}
	for j := range t {
		cur := make([]int, len(p)+1)
		if anchored {
			cur[0] = j + 1
		}
		for i := 1; i <= len(p); i++ {
			c := prev[i-1]
			if p[i-1] != t[j] {
				c++
			}
			cur[i] = min(c, prev[i]+1, cur[i-1]+1)
		}
		out = append(out, int32(cur[len(p)]))
		prev = cur
	}
	return out
}

func TestDistancesMatchDynamicProgramme(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alpha := []rune("abcé日 ")
	gen := func(n int) []rune {
		r := make([]rune, n)
		for i := range r {
			r[i] = alpha[rng.IntN(len(alpha))]
		}
		return r
	}
	for _, m := range []int{1, 2, 5, 63, 64, 65, 127, 128, 129, 200} {
		for range 20 {
			p, txt := gen(m), gen(rng.IntN(300))
			for _, anchored := range []bool{false, true} {
				got := newBitPattern(p).distances(txt, anchored)
				want := naiveDistances(p, txt, anchored)
				for j := range want {
					if got[j] != want[j] {
						t.Fatalf("m=%d anchored=%v j=%d: got %d, want %d", m, anchored, j, got[j], want[j])
					}
				}
			}
		}
	}
}
