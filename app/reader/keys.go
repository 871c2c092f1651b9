package reader

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// This file holds the reader's focus and keyboard handling: moving the
// caret and extending the selection, scrolling keys, and the keys and
// shortcuts passed on to the application.

// FocusGained implements fyne.Focusable.
func (r *Reader) FocusGained() {
	r.focused = true
	r.Refresh()
}

// FocusLost implements fyne.Focusable.
func (r *Reader) FocusLost() {
	r.focused = false
	r.shiftDown = false
	r.Refresh()
}

// TypedRune implements fyne.Focusable; the text is read-only.
func (r *Reader) TypedRune(rune) {}

// shiftHeld reports whether Shift is held, for the keys that extend the
// selection. The desktop driver knows the modifiers of the window, whatever
// had the keys; the key events the reader sees are the fallback (the test
// driver), reset by every pointer press and when the reader loses focus,
// because a Shift released while a dialog had the keys never reaches it.
func (r *Reader) shiftHeld() bool {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
	}
	return r.shiftDown
}

// KeyDown implements desktop.Keyable to track the shift key.
func (r *Reader) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		r.shiftDown = true
	}
}

// KeyUp implements desktop.Keyable to track the shift key.
func (r *Reader) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		r.shiftDown = false
	}
}

// TypedKey implements fyne.Focusable: scrolling keys, selection with shift
// held, and Escape clears the selection. Other keys, and Escape when
// nothing is selected, go to OnKey.
func (r *Reader) TypedKey(ev *fyne.KeyEvent) {
	r.ensureLayout()
	page := max(r.Size().Height-r.geom.m.lineHeight, r.geom.m.lineHeight)
	switch ev.Name {
	case fyne.KeyPageUp:
		r.scrollBy(-page)
	case fyne.KeyPageDown:
		r.scrollBy(page)
	case fyne.KeyHome:
		if r.shiftHeld() {
			r.moveCaret(0)
		} else {
			r.scrollBy(-r.scrollY)
		}
	case fyne.KeyEnd:
		if r.shiftHeld() {
			r.moveCaret(r.idx.n)
		} else {
			r.scrollBy(r.maxScroll() - r.scrollY)
		}
	case fyne.KeyUp, fyne.KeyDown:
		dir := 1
		if ev.Name == fyne.KeyUp {
			dir = -1
		}
		if r.shiftHeld() {
			r.moveCaretLine(dir)
		} else {
			r.scrollBy(float32(dir) * r.geom.m.lineHeight)
		}
	case fyne.KeyLeft:
		r.moveHorizontal(-1)
	case fyne.KeyRight:
		r.moveHorizontal(1)
	case fyne.KeyEscape:
		if s, e := r.Selection(); s != e {
			r.collapse(r.caret)
			r.Refresh()
			r.commitSelection()
			return
		}
		r.passKey(ev)
	default:
		r.passKey(ev)
	}
}

// passKey hands a key the reader does not handle to OnKey.
func (r *Reader) passKey(ev *fyne.KeyEvent) {
	if r.OnKey != nil {
		r.OnKey(ev)
	}
}

// moveHorizontal handles Left/Right: with shift it extends the selection by
// one rune; without, it collapses the selection (or moves the caret).
func (r *Reader) moveHorizontal(dir int) {
	if s, e := r.Selection(); r.shiftHeld() && s == e && r.OnShiftArrow != nil && r.OnShiftArrow(dir) {
		return
	}
	if r.shiftHeld() {
		r.moveCaret(r.caret + dir)
		return
	}
	s, e := r.Selection()
	switch {
	case s != e && dir < 0:
		r.collapse(s)
	case s != e:
		r.collapse(e)
	default:
		r.collapse(r.clampOffset(r.caret + dir))
	}
	r.ensureCaretVisible()
	r.Refresh()
	r.commitSelection()
}

// moveCaret moves the moving end of the selection to o and reports it.
func (r *Reader) moveCaret(o int) {
	r.caret = r.clampOffset(o)
	r.hasGoalX = false
	r.ensureCaretVisible()
	r.Refresh()
	r.commitSelection()
}

// moveCaretLine moves the caret one line up (dir < 0) or down, keeping its
// x position across successive moves, and reports the selection.
func (r *Reader) moveCaretLine(dir int) {
	r.ensureLayout()
	li := r.lay.lineForOffset(r.caret)
	if !r.hasGoalX {
		r.goalX, r.hasGoalX = r.lay.xOf(li, r.caret, r.widths), true
	}
	switch target := li + dir; {
	case target < 0:
		r.caret = 0
	case target >= r.lay.lineCount():
		r.caret = r.idx.n
	default:
		r.caret = r.lay.offsetAtX(target, r.goalX, r.widths)
	}
	r.ensureCaretVisible()
	r.Refresh()
	r.commitSelection()
}

// ensureCaretVisible scrolls the least needed to show the caret's line.
func (r *Reader) ensureCaretVisible() {
	r.ensureLayout()
	ln := r.lay.lines[r.lay.lineForOffset(r.caret)]
	top := r.geom.top + ln.y
	switch h := r.Size().Height; {
	case top < r.scrollY:
		r.setScroll(top)
	case top+ln.h > r.scrollY+h:
		r.setScroll(top + ln.h - h)
	}
}

// TypedShortcut implements fyne.Shortcutable: Copy and SelectAll are
// handled, every other shortcut goes to OnShortcut.
func (r *Reader) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *fyne.ShortcutCopy:
		text := r.SelectedText()
		if text == "" {
			return
		}
		cb := sc.Clipboard
		if cb == nil {
			cb = fyne.CurrentApp().Clipboard()
		}
		cb.SetContent(text)
	case *fyne.ShortcutSelectAll:
		r.anchor, r.caret = 0, r.idx.n
		r.hasGoalX = false
		r.Refresh()
		r.commitSelection()
	default:
		if r.OnShortcut != nil {
			r.OnShortcut(s)
		}
	}
}
