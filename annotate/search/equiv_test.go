package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sahilm/fuzzy"
)

// equivPatterns are the patterns the equivalence tests try on every
// archive: ones that match almost everything, common words, typos, accents,
// separators, Korean, odd case folding, long and NUL-containing ones.
func equivPatterns() []string {
	return []string{
		"e", "a", "t", "s", "ea", "th", "the", "of the", "nuc", "sanct", "sanctons", "minstr",
		"ukrain", "ceasefir", "cafe", "café", "ÁLVAREZ", "alvarez", "jose", "zurich", "krakow",
		"gdansk", "-", "a-b", "s.", "nuclear-talks", "kim", "dana", "claim", "disputed",
		"서울", "평화 협상", "👍", "ſ", "k", "ß", "straße", "istanbul", "ϒ", "aϒ", "ℝ", "xℝ", "oℂ", "𝐁", "ﬁ", "ete", "nul",
		"the government said", "xyzzy", "qq", "1", "prime minister of foreign affairs",
		strings.Repeat("a", 40), strings.Repeat("e ", 18), "the minister said the government will", "e e e e e e e e e e e e e e e e e e e e e e e e e e e e e e e e e e",
	}
}

// TestScorerMatchesFuzzy checks the re-implemented scorer, both paths,
// against fuzzy.Find string by string, and that the bounds hold. Some
// strings keep upper case letters, for the camel case bonus.
func TestScorerMatchesFuzzy(t *testing.T) {
	g := newGenerator(genOptions{Seed: 7, Unicode: true})
	var strs []string
	for range 3000 {
		strs = append(strs, fold(g.sentence(g.length(40, 40, 1))))
	}
	strs = append(strs, "", "a", "aa", "ab", "ba", "a b", "A", "aB", "xAy", "ϒ", "aϒ", "ſ", "s", "-a", "a-", " a",
		"aϒaϒ", "maϒbe aϒ", "xℝ-ℝ", "aBaB", "a-b-a-b", "ab ab ab")
	pats := append([]string{"A", "B", "ab", "ϒ", "Y", "ſs", "S", "aϒaϒ", "aB", "aBaB", "xℝ", "a-b"}, equivPatterns()...)
	for _, pat := range pats {
		p := compilePattern(fold(pat))
		if p.text == "" {
			continue
		}
		for _, s := range strs {
			clean := s
			if i := strings.IndexByte(s, 0); i >= 0 {
				clean = s[:i]
			}
			want := fuzzy.Find(p.text, []string{s})
			got, ok := p.scoreRunes(clean)
			if ok != (len(want) == 1) || ok && got != want[0].Score {
				t.Fatalf("scoreRunes(%q, %q) = %d, %v; want %v", p.text, s, got, ok, want)
			}
			sh := shapeOf(clean)
			if sh.flags&flagASCII != 0 {
				got, ok := p.scoreASCII(clean)
				if ok != (len(want) == 1) || ok && got != want[0].Score {
					t.Fatalf("scoreASCII(%q, %q) = %d, %v; want %v", p.text, s, got, ok, want)
				}
			}
			if p.plain != nil && sh.flags&(flagASCII|flagNoBound) == flagASCII && p.subsequence(clean) != ok {
				t.Fatalf("subsequence(%q, %q) = %v, but fuzzy matched: %v", p.text, s, !ok, ok)
			}
			if ok && sh.mask&p.mask != p.mask {
				t.Fatalf("mask rejects %q for %q, which matches", s, p.text)
			}
			if ok && p.bounded {
				events := 0
				for k := 1; k < len(p.runes); k++ {
					if sh.has(p.adjPair[k]) {
						events++
					}
				}
				if b := p.eventBase[events] - len(clean); b < got {
					t.Fatalf("eventBase(%q, %q) - len = %d < score %d", p.text, s, b, got)
				}
				if b := p.maxBaseAll - len(clean); b < got {
					t.Fatalf("maxBaseAll(%q) - len(%q) = %d < score %d", p.text, s, b, got)
				}
			}
			if ok && p.bounded && sh.flags&flagNoBound == 0 {
				if b := p.bound(&sh) + len(p.runes) - len(clean); b < got {
					t.Fatalf("bound(%q, %q) = %d < score %d", p.text, s, b, got)
				}
				if b := p.maxBase - len(clean); b < got {
					t.Fatalf("maxBase(%q) - len(%q) = %d < score %d", p.text, s, b, got)
				}
			}
		}
	}
}

// TestSearchEqualsFuzzyFind is the judge of every shortcut Search takes:
// on random archives its top 50 (and top 7 and top 300) with no filters
// must be fuzzy.Find's over the same folded strings, records in ID order,
// each record counted once at its best string: same records, strings,
// scores and order.
func TestSearchEqualsFuzzyFind(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4, 5}
	n := 3000
	if testing.Short() || raceEnabled {
		seeds, n = seeds[:2], 1000
	}
	for _, seed := range seeds {
		arc := genArchive(genOptions{Seed: seed, Annotations: n, Articles: n / 40, Speakers: 60, Tags: 80, Unicode: seed%2 == 1})
		ix := New()
		// Insert in a shuffled order: ties must follow IDs, not history.
		docs := append([]Doc(nil), arc.Docs...)
		r := rand.New(rand.NewPCG(seed, 99))
		r.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
		if err := ix.Put(docs...); err != nil {
			t.Fatal(err)
		}
		strs, owner := baselineStrings(arc.Docs)
		pats := equivPatterns()
		for range 20 { // words and word pieces from the archive itself
			s := strs[r.IntN(len(strs))]
			rs := []rune(s)
			i := r.IntN(len(rs))
			pats = append(pats, string(rs[i:min(len(rs), i+1+r.IntN(8))]))
		}
		nonEmpty := 0
		for _, pat := range pats {
			wantAll := baselineTop(pat, strs, owner, 300)
			if len(wantAll) > 0 {
				nonEmpty++
			}
			for _, k := range []int{50, 7, 300} {
				want := wantAll[:min(k, len(wantAll))]
				res, err := ix.Search(context.Background(), Query{Text: pat}, k)
				if err != nil {
					t.Fatal(err)
				}
				if len(res) != len(want) {
					t.Fatalf("seed %d, %q, top %d: got %d results, want %d", seed, pat, k, len(res), len(want))
				}
				for i, w := range want {
					if got := (baselineHit{ID: res[i].ID, Str: fold(res[i].Text), Score: res[i].Score}); got != w {
						t.Fatalf("seed %d, %q, top %d: result %d: got %+v, want %+v", seed, pat, k, i, got, w)
					}
				}
			}
		}
		if nonEmpty < len(pats)*2/3 {
			t.Errorf("seed %d: only %d of %d patterns matched anything", seed, nonEmpty, len(pats))
		}
	}
}

// TestSearchEqualsFuzzyFindSmallAlphabets stresses the score bounds: short
// random strings over a few letters, separators and runes that stay upper
// case when folded (camel case bonuses), so that many strings score near
// the k-th best, and patterns over the same letters.
func TestSearchEqualsFuzzyFindSmallAlphabets(t *testing.T) {
	alphabets := [][]rune{
		[]rune("abϒ -"),
		[]rune("aℝx."),
		[]rune("ab_/c"),
		[]rune("eé ſs"),
	}
	rounds := 12
	if testing.Short() || raceEnabled {
		rounds = 4
	}
	for round := range rounds {
		r := rand.New(rand.NewPCG(uint64(round), 7))
		abc := alphabets[round%len(alphabets)]
		word := func(n int) string {
			rs := make([]rune, n)
			for i := range rs {
				rs[i] = abc[r.IntN(len(abc))]
			}
			return string(rs)
		}
		var docs []Doc
		for i := range 400 {
			d := Doc{Type: TypeAnnotation, ID: fmt.Sprintf("d%04d", r.IntN(100000)*10+i%10)}
			for range 1 + r.IntN(3) {
				d.Values = append(d.Values, Value{Field: FieldNote, Text: word(1 + r.IntN(30))})
			}
			docs = append(docs, d)
		}
		ix := New()
		if err := ix.Put(docs...); err != nil {
			t.Fatal(err)
		}
		// Later Puts of an ID replace earlier ones: the baseline sees the
		// last doc of each ID.
		last := map[string]Doc{}
		for _, d := range docs {
			last[d.ID] = d
		}
		docs = docs[:0]
		for _, d := range last {
			docs = append(docs, d)
		}
		strs, owner := baselineStrings(docs)
		for range 30 {
			pat := strings.TrimSpace(word(1 + r.IntN(6)))
			if fold(pat) == "" {
				continue
			}
			wantAll := baselineTop(pat, strs, owner, 40)
			for _, k := range []int{1, 3, 10, 40} {
				want := wantAll[:min(k, len(wantAll))]
				res, err := ix.Search(context.Background(), Query{Text: pat}, k)
				if err != nil {
					t.Fatal(err)
				}
				if len(res) != len(want) {
					t.Fatalf("round %d, %q, top %d: got %d results, want %d", round, pat, k, len(res), len(want))
				}
				for i, w := range want {
					if got := (baselineHit{ID: res[i].ID, Str: fold(res[i].Text), Score: res[i].Score}); got != w {
						t.Fatalf("round %d, %q, top %d: result %d: got %+v, want %+v", round, pat, k, i, got, w)
					}
				}
			}
		}
	}
}
