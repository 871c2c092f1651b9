package formats_test

import (
	"fmt"

	"marginalia/annotate/formats"
)

func Example() {
	for _, f := range formats.Exporters() {
		fmt.Printf("export --format %-11s %s (%s)\n", f.Name, f.Title, f.Ext)
	}
	imp, _ := formats.ForImport("study.qdpx")
	ann, _ := formats.ForAnnotations("hypothesis-export.json")
	fmt.Println("import:", imp.Name, "· import-annotations:", ann.Name)
	// Output:
	// export --format bundle      Marginalia bundle (.marginalia)
	// export --format w3c         W3C Web Annotation (.jsonld)
	// export --format csv         CSV (.csv)
	// export --format qdpx        REFI-QDA project (.qdpx)
	// export --format claimreview ClaimReview (fact checks) (.json)
	// export --format markdown    Markdown report (.md)
	// export --format html        HTML report (.html)
	// import: qdpx · import-annotations: hypothesis
}
