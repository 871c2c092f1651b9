package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"marginalia/annotate"
)

// TestShiftDoesNotStickAfterDialogs presses Shift in the reader, opens
// each dialog by its shortcut, cancels it (Escape, or its own close), and
// clicks a highlight: a plain click must select it and leave no text
// selection, never extend one.
func TestShiftDoesNotStickAfterDialogs(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	span, _ := annotate.NewText(article(t, wb).Text).Find("the terminal had lost money in six of the last eight years", 1)
	dragSelect(t, wb, span.Start, span.End)
	wb.Annotate(annotate.KindClaim)
	claim := wb.selected
	r := wb.pane.reader
	c := wb.sh.win.Canvas()
	for _, sc := range []fyne.Shortcut{
		ctrlKey(fyne.KeyL, fyne.KeyModifierShift), // link to highlight
		ctrlKey(fyne.KeyP, fyne.KeyModifierShift), // speakers
		ctrlKey(fyne.KeyL, 0),                     // link article
		ctrlKey(fyne.KeyM, 0),                     // link map
		ctrlKey(fyne.KeyF, 0),                     // search
		ctrlKey(fyne.KeyN, 0),                     // new article
		ctrlKey(fyne.KeyD, fyne.KeyModifierShift), // disagreements
	} {
		t.Run(sc.ShortcutName(), func(t *testing.T) {
			wb.SelectAnnotation(claim)
			c.Focus(r)
			r.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft}) // its release goes to the dialog
			r.TypedShortcut(sc)
			closeOverlays(c)
			c.Focus(r)
			// A plain click (no Shift in the event) elsewhere, then on the claim.
			far := r.PositionOf(span.End+40).AddXY(1, 4)
			r.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: far}, Button: desktop.MouseButtonPrimary})
			r.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: far}, Button: desktop.MouseButtonPrimary})
			r.Tapped(&fyne.PointEvent{Position: far})
			if s, e := r.Selection(); s != e {
				t.Fatalf("after the dialog a plain click selected %d-%d", s, e)
			}
			mid := r.PositionOf((span.Start+span.End)/2).AddXY(1, 4)
			r.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: mid}, Button: desktop.MouseButtonPrimary})
			r.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: mid}, Button: desktop.MouseButtonPrimary})
			r.Tapped(&fyne.PointEvent{Position: mid})
			if s, e := r.Selection(); s != e || wb.selected != claim {
				t.Errorf("clicking the claim: selection %d-%d, selected %q; want the claim and no text selection", s, e, wb.selected)
			}
		})
	}
}

// closeOverlays cancels every dialog and pop-up, as Escape or Cancel would.
func closeOverlays(c fyne.Canvas) {
	for o := c.Overlays().Top(); o != nil; o = c.Overlays().Top() {
		if f := c.Focused(); f != nil {
			f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		}
		if c.Overlays().Top() == o {
			c.Overlays().Remove(o)
		}
	}
}
