package names_test

import (
	"fmt"

	"marginalia/annotate"
	"marginalia/annotate/names"
)

// Two analysts created the same person under different spellings; a
// third speaker only shares a family name and is left alone.
func ExampleNearDuplicates() {
	speakers := []annotate.Speaker{
		{ID: "mine", Name: "Kim Jong Un"},
		{ID: "theirs", Name: "Kim Jong-un"},
		{ID: "sister", Name: "Kim Yo Jong"},
		{ID: "analyst", Name: "Natarajan, Priya"},
		{ID: "cited", Name: "P. Natarajan"},
	}
	for _, m := range names.NearDuplicates(speakers) {
		fmt.Printf("%s ~ %s (%s): %s\n", m.A, m.B, m.Reason, m.Detail)
	}
	// Output:
	// mine ~ theirs (hyphens or spaces): "Kim Jong Un" and "Kim Jong-un" differ only in hyphens, spaces or punctuation
	// analyst ~ cited (initials): "Natarajan, Priya" and "P. Natarajan" agree where one gives initials
}
