package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store/storetest"
)

// The smaller items of issue 16 point 8, each where it can fail.

func TestSelectionCountLeavesTheStatusBar(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	importData(wb, map[string]string{
		"a.txt": "One\n\nThe first article has a long paragraph of text to select from, on one line.",
		"b.txt": "Two\n\nThe second article has another paragraph of text."})
	first := article(t, wb).ID
	dragSelect(t, wb, 9, 19)
	if !strings.HasPrefix(wb.status.Text, "10 characters selected") {
		t.Fatalf("status %q", wb.status.Text)
	}
	wb.pane.reader.SetSelection(5, 5)
	wb.selectionChanged()
	if strings.Contains(wb.status.Text, "selected") {
		t.Errorf("with nothing selected the status still says %q", wb.status.Text)
	}
	dragSelect(t, wb, 24, 34)
	for _, info := range wb.library.infos {
		if info.ID != first {
			wb.OpenArticle(info.ID)
		}
	}
	if strings.Contains(wb.status.Text, "selected") {
		t.Errorf("after opening another article the status still says %q", wb.status.Text)
	}
}

func TestContextMenuShowsKeysApart(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	dragSelect(t, wb, 10, 30)
	items := wb.contextItems("")
	n := 0
	for _, it := range items {
		if strings.HasPrefix(it.Label, "Highlight as ") {
			n++
			if strings.Contains(it.Label, "Ctrl") || strings.Contains(it.Label, "\t") || it.Shortcut == nil {
				t.Errorf("item %q: the key must be the item's shortcut, drawn apart (shortcut %v)", it.Label, it.Shortcut)
			}
		}
	}
	if n != len(annotate.HighlightKinds()) {
		t.Errorf("%d highlight items, want one per kind", n)
	}
}

func TestDeleteSpeakerMessage(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "Nothing is attributed"}, {1, "Their 1 highlight stay"}, {3, "Their 3 highlights stay"}} {
		if got := deleteSpeakerMessage("Ana", tc.n); !strings.Contains(got, tc.want) {
			t.Errorf("%d highlights: %q", tc.n, got)
		}
	}
}

func TestRegistryStaysOpenAfterADeletion(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	a, _ := wb.sh.svc.AddSpeaker(annotate.Speaker{Name: "Ana Ruiz"})
	b, _ := wb.sh.svc.AddSpeaker(annotate.Speaker{Name: "Ben Hart"})
	wb.drain()
	wb.speakers.show()
	wb.speakers.choose(a.ID)
	if _, err := wb.sh.svc.Delete(a.ID, "tester"); err != nil {
		t.Fatal(err)
	}
	wb.drain()
	if wb.speakers.dlg == nil || len(wb.speakers.infos) != 1 || wb.speakers.infos[0].ID != b.ID {
		t.Errorf("after deleting a speaker the registry is closed or stale: %+v", wb.speakers.infos)
	}
}

func TestUndoSaysWhat(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	art := article(t, wb)
	one, _ := wb.sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "coal terminal", Kind: annotate.KindClaim})
	two, _ := wb.sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "six of the last eight years", Kind: annotate.KindEvidence})
	if _, err := wb.sh.svc.Link(one.Annotation.ID, two.Annotation.ID, annotate.RelSupports, "", "tester"); err != nil {
		t.Fatal(err)
	}
	wb.drain()
	wb.Undo()
	if !strings.Contains(wb.status.Text, "coal terminal") || !strings.Contains(wb.status.Text, "supports") {
		t.Errorf("undoing the link says %q, not what was linked", wb.status.Text)
	}
}

func TestLastArticleIsPerDatabase(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	importData(wb, map[string]string{"a.txt": "Alpha\n\nThe first text.", "b.txt": "Beta\n\nThe second text."})
	var beta string
	for _, info := range wb.library.infos {
		if info.Title == "Beta" {
			beta = info.ID
		}
	}
	wb.OpenArticle(beta)
	// Another database in the same app: its own last article, not Beta.
	other := action.New(storetest.Open(t), nil)
	if _, err := other.Import([]action.Source{other.ReadData("c.txt", []byte("Gamma\n\nA third text."))}); err != nil {
		t.Fatal(err)
	}
	wb2 := New(wb.sh.app, test.NewTempWindow(t, nil), other, inlineRunner{})
	wb2.Start()
	if wb2.doc == nil || wb2.doc.article.Title != "Gamma" {
		t.Fatalf("the other database opened %+v", wb2.doc)
	}
	// The first database reopens on Beta.
	wb3 := New(wb.sh.app, test.NewTempWindow(t, nil), wb.sh.svc, inlineRunner{})
	wb3.Start()
	if wb3.doc == nil || wb3.doc.article.ID != beta {
		t.Errorf("the first database reopened on %+v, want Beta", wb3.doc)
	}
}

func TestRegistryRemovesUnusedSpeakers(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	art := article(t, wb)
	for _, name := range []string{"Zoe Used", "Ben Hart", "Cy Moss"} {
		if _, err := wb.sh.svc.AddSpeaker(annotate.Speaker{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := wb.sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "coal terminal", Kind: annotate.KindClaim, Speaker: "Zoe Used"}); err != nil {
		t.Fatal(err)
	}
	wb.drain()
	p := wb.speakers
	p.show()
	if p.infos[0].Name != "Zoe Used" {
		t.Errorf("the registry lists %q first, want the one speaker with highlights", p.infos[0].Name)
	}
	if p.prune.Text != "Remove unused (2)" || p.prune.Disabled() {
		t.Errorf("the button says %q (disabled %v), want Remove unused (2)", p.prune.Text, p.prune.Disabled())
	}
	p.removeUnused()
	wb.drain()
	if len(p.infos) != 1 || p.infos[0].Name != "Zoe Used" || !p.prune.Disabled() {
		t.Errorf("after removing: %+v, button disabled %v", p.infos, p.prune.Disabled())
	}
	wb.Undo()
	wb.drain()
	if len(p.infos) != 3 {
		t.Errorf("undo brought back %d speakers, want 3", len(p.infos))
	}
}

func TestShiftArrowsAdjustTheSelectedHighlight(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	art := article(t, wb)
	res, err := wb.sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "coal terminal", Kind: annotate.KindClaim})
	if err != nil {
		t.Fatal(err)
	}
	wb.drain()
	// Without a selected highlight, Shift+arrows belong to the reader.
	wb.SelectAnnotation("")
	if wb.pane.reader.OnShiftArrow(1) {
		t.Fatal("Shift+Right was taken with no highlight selected")
	}
	wb.SelectAnnotation(res.Annotation.ID)
	if !wb.pane.reader.OnShiftArrow(1) {
		t.Fatal("Shift+Right was not taken with a highlight selected")
	}
	wb.shortcut(ctrlKey(fyne.KeyLeft, fyne.KeyModifierShift))
	wb.drain()
	a, ok := wb.doc.annotation(res.Annotation.ID)
	if !ok || wb.selected != res.Annotation.ID {
		t.Fatalf("the highlight is gone or no longer selected (%q)", wb.selected)
	}
	if !strings.Contains(a.Quote.Exact, "coal terminal") || len(strings.Fields(a.Quote.Exact)) != 4 {
		t.Errorf("after growing both ends by a word: %q", a.Quote.Exact)
	}
	wb.Undo()
	wb.drain()
	if a, _ := wb.doc.annotation(res.Annotation.ID); a.Quote.Exact != "coal terminal" {
		t.Errorf("undo left %q", a.Quote.Exact)
	}
}
