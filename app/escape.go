package app

import "fyne.io/fyne/v2"

// closeTopOverlay hides the topmost dialog or pop-up over canvas c and
// reports whether there was one. Fyne's dialogs do not close on Escape:
// a key reaches the focused widget inside the dialog, or, with nothing
// focused there, the canvas's own key handler, which calls this first.
// Fields inside dialogs close them themselves (escEntry, typeahead).
func closeTopOverlay(c fyne.Canvas) bool {
	top := c.Overlays().Top()
	if top == nil || !top.Visible() {
		return false
	}
	top.Hide()
	return true
}
