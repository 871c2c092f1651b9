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
	article := annotate.Article{ID: "art-1", Title: "Oil exports fall", Text: "Exports fell by 40,000 barrels a day in March."}

	// The index lives in a Storage: a bbolt bucket in the application
	// (package store/searchindex), memory here. Update runs in the
	// transaction that writes the records.
	st := search.NewMemStorage()
	docs := []search.Doc{search.SpeakerDoc(speaker), search.ArticleDoc(article), search.AnnotationDoc(claim, &speaker)}
	if err := search.Update(st, docs, nil); err != nil {
		fmt.Println(err)
		return
	}
	eng := search.NewEngine()
	show := func(q string) {
		res, err := eng.Search(context.Background(), st, search.ParseQuery(q), 10)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s:\n", q)
		for _, r := range res {
			fmt.Printf("  %s %s %q in %q, marked %v\n", r.Kind, r.ID, r.Text, r.Title, r.Matches)
		}
	}
	show("sanctoins treasury")   // a typo, words in any order
	show("kind:claim halve oil") // a filter and words
	show("barrels march")        // words only in an article's text
	show("alvarez")              // no accent needed
	// Output:
	// sanctoins treasury:
	//   claim ann-1 "Check the sanctions figure against the treasury data." in "Oil exports fall", marked [[10 19] [39 47]]
	// kind:claim halve oil:
	//   claim ann-1 "New measures will halve oil revenue." in "Oil exports fall", marked [[18 23] [24 27]]
	// barrels march:
	//   article art-1 "Exports fell by 40,000 barrels a day in March." in "Oil exports fall", marked [[23 30] [40 45]]
	// alvarez:
	//   speaker spk-1 "José Álvarez" in "José Álvarez", marked [[5 12]]
	//   claim ann-1 "José Álvarez" in "Oil exports fall", marked [[5 12]]
}
