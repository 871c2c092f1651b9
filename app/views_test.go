package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"marginalia/annotate"
)

func TestOverviewViewsInTheWindow(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	dragSelect(t, wb, 100, 130)
	wb.Annotate(annotate.KindClaim)
	claim := wb.selected
	if _, err := wb.sh.svc.SetTags(claim, []string{"energy/coal"}); err != nil {
		t.Fatal(err)
	}
	wb.drain()

	// Ctrl+T shows the table, which follows changes made meanwhile.
	wb.shortcut(ctrl(fyne.KeyT))
	if wb.center.Objects[0] != wb.table.object() {
		t.Fatal("Ctrl+T did not show the annotations table")
	}
	if len(wb.table.model.shown) != 1 {
		t.Fatalf("the table shows %d rows, want the one highlight", len(wb.table.model.shown))
	}
	if _, err := wb.sh.svc.SetStatus(claim, annotate.StatusFalse); err != nil {
		t.Fatal(err)
	}
	wb.drain()
	if r := wb.table.model.row(0); r.status != annotate.StatusFalse {
		t.Errorf("the row shows verdict %q after a change", r.status)
	}
	// Enter on the row opens it in the reader.
	wb.table.focusRows()
	wb.sh.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if wb.center.Objects[0] != wb.pane.object() || wb.selected != claim {
		t.Errorf("Enter did not open the highlight in the reader (selected %q)", wb.selected)
	}

	// The Tags view shows a tag's highlights in the table.
	wb.shortcut(ctrl2(fyne.KeyT, fyne.KeyModifierShift))
	if wb.center.Objects[0] != wb.tagsView.object() {
		t.Fatal("Ctrl+Shift+T did not show the tags")
	}
	wb.tagsView.choose("energy/coal")
	test.Tap(button(t, wb.tagsView.detail, "Highlights"))
	if wb.center.Objects[0] != wb.table.object() || wb.table.query.Text != "tag:energy/coal" {
		t.Errorf("the tag's highlights: view %T, query %q", wb.center.Objects[0], wb.table.query.Text)
	}
	// Escape leaves a view; on a dialog with nothing focused it closes it.
	wb.table.query.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if wb.view != viewReader {
		t.Error("Escape in the table's filter did not go back to the reader")
	}
	dialog.ShowInformation("Note", "something", wb.sh.win)
	wb.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if wb.sh.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape did not close the dialog")
	}
}

func TestInspectorEditsMetadataWithoutLosingTheField(t *testing.T) {
	wb, st := newTestWorkbench(t)
	wb.imports.openSample()
	wb.SelectAnnotation("")
	var byline *metaField
	for _, f := range wb.insp.meta.fields {
		if f.label == "Byline" {
			byline = f
		}
	}
	if byline == nil {
		t.Fatal("no byline field in the inspector")
	}
	c := wb.sh.win.Canvas()
	c.Focus(byline.entry)
	typeFocused(c, "Ana Ruiz")
	if c.Focused() != byline.entry {
		t.Fatal("typing a byline lost the field")
	}
	if got := article(t, wb).Byline; got != "Ana Ruiz" {
		t.Errorf("byline %q", got)
	}
	if l := st.UndoLabel(); l != "Edit article byline" {
		t.Errorf("undo label %q: the burst should be one step", l)
	}
	wb.Undo()
	if byline.entry.Text != "" {
		t.Errorf("after undo the field shows %q", byline.entry.Text)
	}
}

// ctrl2 is Ctrl with another modifier and key.
func ctrl2(k fyne.KeyName, extra fyne.KeyModifier) fyne.Shortcut { return ctrlKey(k, extra) }
