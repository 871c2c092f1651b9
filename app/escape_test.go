package app

import (
	"testing"

	"fyne.io/fyne/v2/dialog"
)

func TestCloseTopOverlay(t *testing.T) {
	sh, _ := newShell(t)
	c := sh.win.Canvas()
	if closeTopOverlay(c) {
		t.Error("closed something with nothing shown")
	}
	dialog.ShowInformation("One", "first", sh.win)
	dialog.ShowInformation("Two", "second", sh.win)
	if !closeTopOverlay(c) || c.Overlays().Top() == nil {
		t.Fatal("Escape should close the second dialog only")
	}
	if !closeTopOverlay(c) || c.Overlays().Top() != nil {
		t.Error("a second Escape should close the first")
	}
}
