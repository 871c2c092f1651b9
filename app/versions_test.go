package app

import (
	"strings"
	"testing"

	"marginalia/annotate"
	"marginalia/app/action"
)

func TestVersionsInTheWindow(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	importData(wb, map[string]string{"bus.txt": "Bus lanes approved\n\nThe council voted 7-2 on Tuesday. \"Nobody asked us,\" said a baker.\n\nWork starts in March and will cost $4 million."})
	art := article(t, wb)
	mark := func(q string) annotate.Annotation {
		res, err := wb.sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: q, Kind: annotate.KindClaim, Creator: "tester"})
		if err != nil {
			t.Fatal(err)
		}
		return res.Annotation
	}
	vote := mark("voted 7-2 on Tuesday")
	baker := mark("Nobody asked us")
	wb.drain()
	v2 := "Bus lanes approved\n\nThe council voted 7-2 on Tuesday.\n\nWork starts in March and will cost $6 million, the city said."
	wb.versions.importVersion(art.ID, wb.sh.svc.ReadData("bus2.txt", []byte(v2)))
	wb.drain()
	if got := article(t, wb); got.CurrentVersion() != 2 || got.Text != v2 {
		t.Fatalf("the reader shows version %d", got.CurrentVersion())
	}
	if got := wb.pane.reader.Text(); got != v2 {
		t.Fatalf("the reader still draws the old text: %.60q", got)
	}
	if a, ok := wb.doc.annotation(vote.ID); !ok || a.Version != 2 {
		t.Errorf("the unchanged claim is not on version 2: %+v", a)
	}
	if _, ok := wb.doc.annotation(baker.ID); ok {
		t.Error("the orphan is drawn on the new text at its old offsets")
	}
	wb.SelectAnnotation("")
	if !inspectorShows(wb, "Not placed on the latest version (1)") {
		t.Error("the inspector does not list the orphan")
	}
	// Select text in the reader and re-attach the orphan to it.
	span, _ := annotate.NewText(v2).Find("the city said", 1)
	dragSelect(t, wb, span.Start, span.End)
	wb.versions.reattach(baker)
	wb.drain()
	if a, ok := wb.doc.annotation(baker.ID); !ok || a.Version != 2 || a.Quote.Exact != "the city said" {
		t.Errorf("re-attached = %+v", a)
	}
	// The diff lays both versions out with the changes as bands.
	d, _, _, err := wb.sh.svc.Diff(art.ID, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	text, hs := mergedDiff(d, wb.sh.variant())
	if !strings.Contains(text, "$46 million") || !strings.Contains(text, "baker") || len(hs) < 2 {
		t.Errorf("merged diff %q with %d bands", text, len(hs))
	}
}
