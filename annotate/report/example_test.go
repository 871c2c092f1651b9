package report_test

import (
	"os"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/annotate/report"
)

func ExampleMarkdown() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	art, _ := annotate.NewArticle("Port strike enters day 10", "The union said wages rose 40% last year. Talks resume on *Friday*.", now)
	art.Source, art.URL = "The Example Times", "https://news.example.org/port"
	text := annotate.NewText(art.Text)
	span, _ := text.Find("wages rose 40% last year", 1)
	claim, _ := annotate.NewAnnotation(art.ID, text, span, annotate.KindClaim, "dana", now)
	claim.Status, claim.Note = annotate.StatusFalse, "Payroll data show 4%."
	span, _ = text.Find("Talks resume on *Friday*", 1)
	quote, _ := annotate.NewAnnotation(art.ID, text, span, annotate.KindQuote, "dana", now)

	b := &bundle.Bundle{Articles: []annotate.Article{art}, Annotations: []annotate.Annotation{quote, claim}}
	report.Markdown(os.Stdout, b, report.Selection{Title: "Tag: wages"}, report.Options{Generated: now})
	// Output:
	// # Tag: wages
	//
	// 1 article, 2 highlights · generated 1 March 2026 09:00 UTC
	//
	// ## Port strike enters day 10
	//
	// The Example Times · <https://news.example.org/port>
	//
	// **Claim** · verdict: **False**
	//
	// > wages rose 40% last year
	//
	// Note: Payroll data show 4%.
	//
	// **Quote**
	//
	// > Talks resume on \*Friday\*
	//
}
