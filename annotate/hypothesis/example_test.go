package hypothesis_test

import (
	"fmt"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/hypothesis"
)

func ExamplePlace() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	art, _ := annotate.NewArticle("Port strike", "Dockers walked out on Monday.\n\nThe union said “talks have failed” after the vote on Sunday.", now)
	art.URL = "https://news.example.org/port-strike"

	export := `{"export_date": "2026-02-20T10:00:00Z", "export_userid": "acct:dana@hypothes.is", "client_version": "1.1524.0",
	  "annotations": [
	    {"id": "kGxL2Oq-EeyLYzv1Tn2AEw", "uri": "https://www.news.example.org/port-strike/?utm_source=mail",
	     "user": "acct:dana@hypothes.is", "text": "Who voted?", "tags": ["vote"], "created": "2026-02-18T09:12:33+00:00",
	     "target": [{"source": "https://news.example.org/port-strike", "selector": [
	       {"type": "TextQuoteSelector", "exact": "\"talks have failed\" after the vote", "prefix": "The union said ", "suffix": " on Sunday."}]}]},
	    {"id": "pQ7v3Oq-EeyLa0f9Z1x8kQ", "uri": "https://other.example.com/story", "user": "acct:dana@hypothes.is",
	     "target": [{"source": "https://other.example.com/story", "selector": [{"type": "TextQuoteSelector", "exact": "anything"}]}]}
	  ]}`
	file, err := hypothesis.Read(strings.NewReader(export), hypothesis.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := hypothesis.Place([]annotate.Article{art}, file.Annotations, hypothesis.PlaceOptions{Now: now})
	for _, n := range p.Placed {
		fmt.Printf("placed %s %q by %s, note %q, tags %v\n", n.Kind, n.Quote.Exact, n.Creator, n.Note, n.Tags)
	}
	for _, u := range p.Unplaced {
		fmt.Printf("unplaced %s: %s\n", u.Annotation.ID, u.Reason)
	}
	fmt.Println("missing:", p.MissingURLs)
	// Output:
	// placed note "“talks have failed” after the vote" by dana, note "Who voted?", tags [vote]
	// unplaced pQ7v3Oq-EeyLa0f9Z1x8kQ: its page is not in the library
	// missing: [https://other.example.com/story]
}
