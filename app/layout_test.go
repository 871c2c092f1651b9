package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestNarrowWindow: at 800x600 everything fits, the toolbar folds what
// does not fit into its More menu, and panes can be hidden and shown.
func TestNarrowWindow(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	if min := wb.Content().MinSize(); min.Width > 800 || min.Height > 600 {
		t.Fatalf("content needs %v, more than 800x600", min)
	}
	wb.sh.win.Resize(fyne.NewSize(800, 600))
	tb := wb.toolbar
	if len(tb.hidden) == 0 || !tb.more.Visible() {
		t.Fatalf("at 800 px the toolbar hides nothing (hidden %v)", tb.hidden)
	}
	for _, i := range tb.hidden {
		if tb.objs[i].Visible() {
			t.Errorf("item %d is both hidden and shown", i)
		}
	}
	wb.sh.win.Resize(fyne.NewSize(1600, 900))
	if len(tb.hidden) != 0 || tb.more.Visible() {
		t.Errorf("at 1600 px the toolbar still hides %v", tb.hidden)
	}
	// Hiding the library and the inspector leaves the reader alone.
	wb.TogglePane(prefShowLibrary)
	wb.TogglePane(prefShowInspector)
	if got := wb.panes.Objects[0]; got != wb.center {
		t.Errorf("with both panes hidden the window shows %T, want the reader", got)
	}
	wb.TogglePane(prefShowLibrary)
	if got := wb.panes.Objects[0]; got != wb.splitLib || wb.splitLib.Trailing != wb.center {
		t.Error("showing the library again did not put it beside the reader")
	}
}

// TestWheelOverANoteScrollsTheInspector: the relay over a note passes the
// wheel to the inspector's scroller.
func TestWheelOverANoteScrollsTheInspector(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	wb.sh.win.Resize(fyne.NewSize(1000, 500))
	var relay *scrollRelay
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if r, ok := o.(*scrollRelay); ok {
			relay = r
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				walk(x)
			}
		}
	}
	walk(wb.insp.scroll.Content)
	if relay == nil {
		t.Fatal("no scroll relay over the article note")
	}
	before := wb.insp.scroll.Offset.Y
	relay.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -120)})
	if wb.insp.scroll.Offset.Y <= before {
		t.Errorf("the wheel over the note left the inspector at %v", wb.insp.scroll.Offset.Y)
	}
}
