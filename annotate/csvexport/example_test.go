package csvexport_test

import (
	"fmt"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/annotate/csvexport"
)

func ExampleWrite() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	art, _ := annotate.NewArticle("Port strike", "Volumes fell by a third, the minister said.", now)
	text := annotate.NewText(art.Text)
	span, _ := text.Find("Volumes fell by a third", 1)
	claim, _ := annotate.NewAnnotation(art.ID, text, span, annotate.KindClaim, "dana", now)
	claim.Note = "=customs data say 12%"

	b := &bundle.Bundle{Articles: []annotate.Article{art}, Annotations: []annotate.Annotation{claim}}
	var out strings.Builder
	csvexport.Write(&out, b, csvexport.Options{})
	// Lines end in CRLF, as RFC 4180 says; shown here without the CR.
	fmt.Print(strings.ReplaceAll(out.String(), "\r\n", "\n"))
	// Output:
	// article,url,kind,quote,speaker,note,tags,status,creator,created
	// Port strike,,claim,Volumes fell by a third,,'=customs data say 12%,,unverified,dana,2026-03-01T09:00:00Z
}
