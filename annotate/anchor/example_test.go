package anchor_test

import (
	"fmt"

	"marginalia/annotate"
	"marginalia/annotate/anchor"
)

func ExampleReanchorer_Place() {
	old := "The port would reopen on Monday, the minister said. Unions disagreed with the timetable."
	nw := "UPDATE: The port reopened on Tuesday, the minister said. Unions strongly disagreed with the timetable."
	oldText := annotate.NewText(old)
	r := anchor.NewReanchorer(old, nw, anchor.Options{})
	for _, passage := range []string{"the minister said", "Unions disagreed with the timetable", "would reopen on Monday"} {
		span, _ := oldText.Find(passage, 1)
		q, _ := oldText.QuoteAt(span)
		res := r.Place(span, q)
		if res.Placed() {
			fmt.Printf("%-9v %q changed=%v\n", res.Method, res.Quote.Exact, res.Changed)
		} else {
			fmt.Printf("%-9v %q: %s\n", res.Method, q.Exact, res.Reason)
		}
	}
	// Output:
	// mapped    "the minister said" changed=false
	// mapped    "Unions strongly disagreed with the timetable" changed=true
	// orphan    "would reopen on Monday": the quote was not found
}

func ExampleLocator_Locate() {
	// Our text, and an annotation made in a browser on the same article:
	// the page ran two paragraphs together and used straight quotes.
	text := "The union said: “We have won.”\n\nDock workers return on Monday."
	l := anchor.NewLocator(text, anchor.Options{})
	q := annotate.Quote{Exact: "\"We have won.\"Dock workers return", Prefix: "Home | News | The union said: ", Suffix: " on Monday. Share this"}
	res := l.Locate(q, 27)
	fmt.Printf("%v %v %q\n", res.Method, res.Span, res.Quote.Exact)
	// Output: quote {16 51} "“We have won.”\n\nDock workers return"
}

func ExampleReanchor() {
	old := "Officials said the port would reopen. The union said the strike would go on."
	nw := "Officials said on Friday that the port would reopen. The union said the strike would go on."
	sels := []anchor.Selector{}
	t := annotate.NewText(old)
	for _, p := range []string{"the port would reopen", "The union said the strike would go on."} {
		span, _ := t.Find(p, 1)
		q, _ := t.QuoteAt(span)
		sels = append(sels, anchor.Selector{Span: span, Quote: q})
	}
	for _, res := range anchor.Reanchor(old, nw, sels, anchor.Options{}) {
		fmt.Println(res.Method, res.Span, res.Quote.Exact)
	}
	// Output:
	// mapped {30 51} the port would reopen
	// mapped {53 91} The union said the strike would go on.
}
