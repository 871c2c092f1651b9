package qdpx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/annotate/qdpx"
)

func Example() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	art, _ := annotate.NewArticle("Port strike", "The union said wages rose 40% last year.", now)
	art.ID = "0190a6b2-0000-7000-8000-000000000001"
	text := annotate.NewText(art.Text)
	span, _ := text.Find("wages rose 40% last year", 1)
	claim, _ := annotate.NewAnnotation(art.ID, text, span, annotate.KindClaim, "dana", now)
	claim.Status, claim.Tags, claim.Note = annotate.StatusFalse, []string{"economy/wages"}, "Payroll data show 4%."
	b := &bundle.Bundle{Articles: []annotate.Article{art}, Annotations: []annotate.Annotation{claim}}

	var buf bytes.Buffer
	if err := qdpx.Write(&buf, b, qdpx.Options{Creator: "dana", Generated: now}); err != nil {
		fmt.Println(err)
		return
	}
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	for _, f := range zr.File {
		fmt.Println(f.Name)
	}

	// Another tool's project, or this one, reads back as records.
	res, err := qdpx.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()), qdpx.ReadOptions{Now: now})
	if err != nil {
		fmt.Println(err)
		return
	}
	n := res.Bundle.Annotations[0]
	fmt.Printf("%s %q %s %v %q\n", n.Kind, n.Quote.Exact, n.Status, n.Tags, n.Note)
	// Output:
	// project.qde
	// sources/0190a6b2-0000-7000-8000-000000000001.txt
	// claim "wages rose 40% last year" false [economy/wages] "Payroll data show 4%."
}
