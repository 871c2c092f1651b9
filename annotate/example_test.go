package annotate_test

import (
	"fmt"
	"time"

	"marginalia/annotate"
)

func Example() {
	art, _ := annotate.NewArticle("Port strike", "The union said: “We have won.”\r\n", time.Now())
	text := annotate.NewText(art.Text)
	span, _ := text.Find("We have won.", 1)
	claim, _ := annotate.NewAnnotation(art.ID, text, span, annotate.KindQuote, "dana", time.Now())
	fmt.Println(claim.Span.Start, claim.Span.End, claim.Quote.Exact, "|", claim.Quote.Prefix)
	// Output: 17 29 We have won. | The union said: “
}
