package claimreview_test

import (
	"os"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/annotate/claimreview"
)

func ExampleWrite() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	art, _ := annotate.NewArticle("Port strike enters day 10", "The union said wages rose 40% last year.", now)
	art.URL = "https://news.example.org/port"
	text := annotate.NewText(art.Text)
	span, _ := text.Find("wages rose 40% last year", 1)
	claim, _ := annotate.NewAnnotation(art.ID, text, span, annotate.KindClaim, "dana", now)
	claim.ID, claim.Status, claim.Note = "0190a6b2-0000-7000-8000-000000000002", annotate.StatusFalse, "Payroll data show 4%."

	b := &bundle.Bundle{Articles: []annotate.Article{art}, Annotations: []annotate.Annotation{claim}}
	claimreview.Write(os.Stdout, b, claimreview.Options{
		Org:       claimreview.Organization{Name: "Fact Desk", URL: "https://factdesk.example.org/checks/port"},
		Published: now,
	})
	// Output:
	// [
	//   {
	//     "@context": "https://schema.org",
	//     "@type": "ClaimReview",
	//     "url": "https://factdesk.example.org/checks/port#claim-0190a6b2-0000-7000-8000-000000000002",
	//     "claimReviewed": "wages rose 40% last year",
	//     "datePublished": "2026-03-01",
	//     "author": {
	//       "@type": "Organization",
	//       "name": "Fact Desk",
	//       "url": "https://factdesk.example.org/checks/port"
	//     },
	//     "reviewRating": {
	//       "@type": "Rating",
	//       "ratingValue": 1,
	//       "bestRating": 5,
	//       "worstRating": 1,
	//       "alternateName": "False",
	//       "name": "False"
	//     },
	//     "itemReviewed": {
	//       "@type": "Claim",
	//       "appearance": {
	//         "@type": "NewsArticle",
	//         "url": "https://news.example.org/port",
	//         "headline": "Port strike enters day 10"
	//       }
	//     },
	//     "reviewBody": "Payroll data show 4%."
	//   }
	// ]
}
