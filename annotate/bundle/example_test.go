package bundle_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

func Example() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	art, _ := annotate.NewArticle("Port strike", "The union said: “We have won.”", now)
	text := annotate.NewText(art.Text)
	span, _ := text.Find("We have won.", 1)
	claim, _ := annotate.NewAnnotation(art.ID, text, span, annotate.KindClaim, "dana", now)

	var file bytes.Buffer
	b := &bundle.Bundle{Articles: []annotate.Article{art}, Annotations: []annotate.Annotation{claim}}
	if err := bundle.Write(&file, b, bundle.Manifest{Creator: "dana", AppVersion: "0.1"}, nil); err != nil {
		fmt.Println(err)
		return
	}

	got, err := bundle.Read(bytes.NewReader(file.Bytes()), int64(file.Len()), bundle.Limits{}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Manifest.Creator, got.Counts())
	fmt.Println(got.Annotations[0].Quote.Exact)

	// Anything damaged or hostile is refused.
	_, err = bundle.Read(bytes.NewReader(file.Bytes()[:100]), 100, bundle.Limits{}, nil)
	fmt.Println(err)
	// Output:
	// dana 1 articles, 1 annotations, 0 speakers, 0 links
	// We have won.
	// bundle refused: not a zip archive, or truncated: zip: not a valid zip file
}

func ExampleQuoteInput() {
	fmt.Println(bundle.QuoteInput("a short note"))
	fmt.Println(bundle.QuoteInput(strings.Repeat("pasted by mistake ", 7000)))
	// Output:
	// "a short note"
	// "pasted by mistake pasted by mistake pasted by mistake pasted by mistake "… (126000 bytes)
}

func ExampleLimits() {
	// A bundle's records may take MemoryFloor plus MemoryPerByte bytes per
	// byte of the file; a tool importing huge, repetitive bundles on
	// purpose can allow more.
	limits := bundle.Limits{MaxRecordMemory: 2 << 30}
	fmt.Println(bundle.MemoryFloor>>20, "MiB +", bundle.MemoryPerByte, "× size by default;", limits.MaxRecordMemory>>20, "MiB here")
	// Output: 32 MiB + 16 × size by default; 2048 MiB here
}
