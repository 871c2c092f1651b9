package related

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"marginalia/annotate"
)

// Doc is what ranking needs of one article.
type Doc struct {
	ID       string
	Title    string
	Text     string
	Speakers map[string]string // speaker ID -> name, of its annotations
	Tags     []string          // of the article and its annotations
}

// Suggestion is one ranked article.
type Suggestion struct {
	ID      string
	Title   string
	Score   float64
	Reasons []string
}

// Weights of the signals; text similarity is in [0, 1].
const (
	speakerWeight = 0.25 // per shared speaker, at most maxShared counted
	tagWeight     = 0.15 // per shared tag
	maxShared     = 3
)

// Rank scores every doc in others against target, best first. Docs with
// the target's ID are skipped. Ties keep the order of others.
func Rank(target Doc, others []Doc) []Suggestion {
	corpus := append([]Doc{target}, others...)
	vecs := tfidf(corpus)
	out := make([]Suggestion, 0, len(others))
	for i, d := range others {
		if d.ID == target.ID {
			continue
		}
		s := Suggestion{ID: d.ID, Title: d.Title}
		cos, terms := cosine(vecs[0], vecs[i+1])
		s.Score = cos
		if cos >= 0.05 {
			s.Reasons = append(s.Reasons, fmt.Sprintf("similar text (%.0f%%): %s", cos*100, strings.Join(terms, ", ")))
		}
		var shared []string
		for id, name := range target.Speakers {
			if _, ok := d.Speakers[id]; ok {
				shared = append(shared, name)
			}
		}
		slices.Sort(shared)
		if len(shared) > 0 {
			s.Score += speakerWeight * float64(min(len(shared), maxShared))
			s.Reasons = append(s.Reasons, "same speakers: "+strings.Join(shared, ", "))
		}
		tags := sharedTags(target.Tags, d.Tags)
		if len(tags) > 0 {
			s.Score += tagWeight * float64(min(len(tags), maxShared))
			s.Reasons = append(s.Reasons, "same tags: "+strings.Join(tags, ", "))
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	return out
}

func sharedTags(a, b []string) []string {
	have := map[string]bool{}
	for _, t := range b {
		have[annotate.Fold(t)] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range a {
		f := annotate.Fold(t)
		if have[f] && !seen[f] {
			seen[f] = true
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

type vector map[string]float64

// tfidf builds a unit-length TF-IDF vector per doc over title and text.
func tfidf(docs []Doc) []vector {
	counts := make([]map[string]int, len(docs))
	df := map[string]int{}
	for i, d := range docs {
		counts[i] = map[string]int{}
		for _, tok := range tokens(d.Title + "\n" + d.Text) {
			if counts[i][tok] == 0 {
				df[tok]++
			}
			counts[i][tok]++
		}
	}
	n := float64(len(docs))
	vecs := make([]vector, len(docs))
	for i, c := range counts {
		v := vector{}
		var norm float64
		for tok, k := range c {
			w := (1 + math.Log(float64(k))) * math.Log((1+n)/(1+float64(df[tok])))
			v[tok] = w
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for tok := range v {
			if norm > 0 {
				v[tok] /= norm
			}
		}
		vecs[i] = v
	}
	return vecs
}

// cosine returns the cosine of two unit vectors and the terms that
// contribute most to it.
func cosine(a, b vector) (float64, []string) {
	type term struct {
		tok string
		w   float64
	}
	var sum float64
	var terms []term
	for tok, wa := range a {
		if wb, ok := b[tok]; ok {
			sum += wa * wb
			terms = append(terms, term{tok, wa * wb})
		}
	}
	slices.SortFunc(terms, func(x, y term) int {
		if x.w != y.w {
			if x.w > y.w {
				return -1
			}
			return 1
		}
		return strings.Compare(x.tok, y.tok)
	})
	var top []string
	for _, t := range terms[:min(len(terms), 5)] {
		top = append(top, t.tok)
	}
	return sum, top
}

// tokens splits folded text into words of two or more letters or digits,
// dropping common English stop words.
func tokens(s string) []string {
	f := strings.FieldsFunc(annotate.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	out := f[:0]
	for _, w := range f {
		if len([]rune(w)) >= 2 && !isStopWord(w) {
			out = append(out, w)
		}
	}
	return out
}

func isStopWord(w string) bool {
	switch w {
	case "the", "and", "of", "to", "in", "a", "an", "is", "it", "its", "that", "for", "on", "as", "with",
		"was", "were", "be", "been", "by", "at", "from", "has", "have", "had", "he", "she", "they", "his",
		"her", "their", "this", "these", "those", "or", "but", "not", "are", "will", "would", "said",
		"says", "say", "which", "who", "whom", "what", "when", "where", "than", "then", "there", "also",
		"after", "before", "about", "into", "over", "more", "most", "some", "such", "no", "can", "could",
		"we", "our", "you", "your", "i", "me", "my", "him", "them", "all", "any", "one", "two", "new",
		"last", "year", "years", "told", "may", "up", "out", "so", "if", "do", "did", "does", "per", "cent":
		return true
	}
	return false
}
