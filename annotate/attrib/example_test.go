package attrib_test

import (
	"fmt"
	"strings"

	"marginalia/annotate"
	"marginalia/annotate/attrib"
)

func Example() {
	text := annotate.NormalizeText(`By Dana Whitfield

“The port has to compete,” said Inês Carvalho, the labour minister. Carvalho added that the cuts would stay.

A senior official said talks would resume on Monday.`)

	for _, p := range attrib.Detect(text) {
		fmt.Printf("%s (%s), %d mentions, %d quote\n", p.Name, p.Role, p.Mentions, len(p.Quotes))
	}

	a := attrib.Analyze(text)
	for _, passage := range []string{"The port has to compete", "the cuts would stay", "talks would resume on Monday"} {
		i := annotate.RuneLen(text[:strings.Index(text, passage)])
		span := annotate.Span{Start: i, End: i + annotate.RuneLen(passage)}
		name, ok := a.Suggest(span)
		at, _ := a.Attribute(span)
		fmt.Printf("%q: %q %v (source %q)\n", passage, name, ok, at.Source)
	}
	// Output:
	// Inês Carvalho (the labour minister), 2 mentions, 1 quote
	// "The port has to compete": "Inês Carvalho" true (source "Inês Carvalho")
	// "the cuts would stay": "Inês Carvalho" true (source "Carvalho")
	// "talks would resume on Monday": "" false (source "A senior official")
}
