package search_test

import (
	"context"
	"fmt"

	"marginalia/annotate"
	"marginalia/annotate/search"
)

func Example() {
	speaker := annotate.Speaker{ID: "spk-1", Name: "José Álvarez", Role: "Foreign Minister"}
	claim := annotate.Annotation{
		ID: "ann-1", ArticleID: "art-1", Kind: annotate.KindClaim, Status: annotate.StatusDisputed,
		Quote:     annotate.Quote{Exact: "New measures will halve oil revenue."},
		Note:      "Check the sanctions figure against the treasury data.",
		SpeakerID: "spk-1", Creator: "dana", Tags: []string{"oil"},
	}
	ix := search.New()
	if err := ix.Put(search.SpeakerDoc(speaker), search.AnnotationDoc(claim, &speaker)); err != nil {
		fmt.Println(err)
		return
	}

	// A half-remembered word with a typo, narrowed to claims' notes.
	res, err := ix.Search(context.Background(), search.ParseQuery("kind:claim in:notes sanctons"), 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res {
		fmt.Println(r.Type, r.ID, r.Field, r.Score, r.Matches)
	}

	// Accents and case do not matter; matches are rune offsets into the
	// original text.
	res, _ = ix.Search(context.Background(), search.ParseQuery("in:speakers alvarez"), 10)
	for _, r := range res {
		rs := []rune(r.Text)
		m := r.Matches[0]
		fmt.Printf("%s %s %q -> %q\n", r.ID, r.Field, r.Text, string(rs[m[0]:m[1]]))
	}
	// Output:
	// annotation ann-1 note 1780 [[10 15] [16 19]]
	// spk-1 name "José Álvarez" -> "Álvarez"
}
