package textdiff_test

import (
	"fmt"
	"os"
	"strings"

	"marginalia/annotate"
	"marginalia/annotate/textdiff"
)

func ExampleCompare() {
	d := textdiff.Compare(
		"The port would reopen on Monday, the minister said.",
		"The port reopened on Tuesday, the minister said.")
	fmt.Println(d.Wdiff())
	for _, r := range d.Runs() {
		fmt.Printf("%-6v old %2d-%-2d new %2d-%-2d %q\n", r.Op, r.Old.Start, r.Old.End, r.New.Start, r.New.End, d.Text(r))
	}
	// Output:
	// The port [-would reopen on Monday-]{+reopened on Tuesday+}, the minister said.
	// equal  old  0-9  new  0-9  "The port "
	// delete old  9-31 new  9-9  "would reopen on Monday"
	// insert old 31-31 new  9-28 "reopened on Tuesday"
	// equal  old 31-51 new 28-48 ", the minister said."
}

func ExampleDiff_Touching() {
	old := "The port would reopen on Monday, the minister said. Unions disagreed."
	d := textdiff.Compare(old, "The port would reopen on Tuesday, the minister said. Unions disagreed.")
	claim := annotate.Span{Start: strings.Index(old, "would"), End: strings.Index(old, ",")}
	for _, h := range d.Touching(claim) {
		fmt.Printf("%q became %q\n", d.Old().Slice(h.Old.Start, h.Old.End), d.New().Slice(h.New.Start, h.New.End))
	}
	// Output: "Monday" became "Tuesday"
}

func ExampleDiff_WriteHunks() {
	old := "Opponents warned that the closure would cost jobs.\n\nThe mayor called the vote historic and said the city could not wait.\n\nThe board rules in the spring."
	nw := "The mayor called the vote historic and said the city could not wait.\n\nOpponents warned that the closure would cost jobs.\n\nThe board rules in the spring, officials said."
	d := textdiff.Compare(old, nw)
	_ = d.WriteHunks(os.Stdout, 20)
	// Output:
	// @@ old 0-52 new 0-0 @@
	// [-(moved to #1) Opponents warned that the closure would cost jobs.
	//
	// -]The mayor called …
	//
	// @@ old 122-122 new 70-122 @@
	// … could not wait.
	//
	// {+(moved from #1) Opponents warned that the closure would cost jobs.
	//
	// +}The board rules in …
	//
	// @@ old 151-151 new 151-167 @@
	// … rules in the spring{+, officials said+}.
}
