package search

import (
	"context"
	"testing"
	"unicode/utf8"

	"marginalia/annotate"
)

// FuzzSearch types anything into the search box of a small index with
// accents, Korean, emoji and odd case-folding runes: no panic, and every
// result well formed (its match ranges inside its snippet, in order).
// Seeds in testdata/fuzz/FuzzSearch.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"satelitte convoy", `"imagery shows" -river`, "kind:claim speaker:\"jos", "in:notes ſanctions", "서울 평화", "ÁLVAREZ", "-", `"`, "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh", "1,200 4.2"} {
		f.Add(s)
	}
	docs := append(testDocs(),
		AnnotationDoc(annotate.Annotation{ID: "ann-uni", ArticleID: "art-port", Kind: annotate.KindNote,
			Quote: annotate.Quote{Exact: "서울 평화 협상 제재 핵 👍 🇺🇦 ſanctions Straße İstanbul e\u0301te\u0301 ﬁnance"},
			Note:  "ϒpsilon ℝeal 東京の会議\x00nul"}, nil))
	st := NewMemStorage()
	if err := Build(st, docs, nil); err != nil {
		f.Fatal(err)
	}
	eng := NewEngine()
	f.Fuzz(func(t *testing.T, q string) {
		res, err := eng.Search(context.Background(), st, ParseQuery(q), 10)
		if err != nil {
			t.Fatal(err)
		}
		checkResults(t, res)
	})
}

// FuzzTokenize: words come in order, inside the text, never empty, and
// folded (tokenizing a word again gives the word).
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"José Álvarez's farm", "1,200.5 tonnes", "cafe\u0301", "東京 Peña’s", "\u0301\u0301x", "İı ẞß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := utf8.RuneCountInString(s)
		prev := 0
		tokenize(s, func(w []byte, start, end int) {
			if len(w) == 0 || start < prev || end <= start || end > n {
				t.Fatalf("word %q at [%d,%d) after %d in %d runes", w, start, end, prev, n)
			}
			prev = end
			if again := words(string(w)); len(again) != 1 || again[0] != string(w) {
				t.Fatalf("word %q tokenizes to %q", w, again)
			}
		})
	})
}
