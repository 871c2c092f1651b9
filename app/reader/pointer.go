package reader

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// This file holds the reader's pointer handling: presses, drags with
// auto-scroll, taps, double clicks and double-click-drags, the context
// menu and the wheel.

// MouseDown implements desktop.Mouseable: a primary press sets the anchor of
// a new selection, or extends the selection when shift is held.
func (r *Reader) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	r.requestFocus()
	r.stopAutoScroll()
	r.dragging = false
	r.pressShift = false
	if r.inScrollbar(ev.Position) {
		r.press = pressScrollbar
		y, h, _ := r.thumb()
		if ev.Position.Y >= y && ev.Position.Y < y+h {
			r.thumbGrab = ev.Position.Y - y
		} else { // click on the track: jump so that the thumb is centred on the pointer
			r.thumbGrab = h / 2
			r.scrollToThumb(ev.Position.Y - r.thumbGrab)
		}
		return
	}
	r.press = pressText
	o := r.OffsetAt(ev.Position)
	// The pointer event carries the modifiers held at the click; a Shift
	// release the reader never saw (a dialog had the keys) must not stick.
	r.shiftDown = ev.Modifier&fyne.KeyModifierShift != 0
	double := r.isDoublePress(ev.Position)
	r.wordMode = false
	if r.shiftDown {
		r.pressShift = true
		r.caret = o
		r.hasGoalX = false
		r.Refresh()
		r.commitSelection()
		return
	}
	r.pressOffset = o
	if double {
		if s, e := r.wordUnder(ev.Position); s < e {
			r.wordMode = true
			r.wordS, r.wordE = s, e
			r.anchor, r.caret = s, e
			r.hasGoalX = false
			r.Refresh()
		}
	}
}

// isDoublePress records a primary press at pos and reports whether it is
// the second press of a double click: soon after the previous one
// (Fyne's double-tap delay) and at about the same place. Fyne itself
// reports a double click only when the button is released, a delay later.
func (r *Reader) isDoublePress(pos fyne.Position) bool {
	now := r.now()
	last, lastPos := r.lastPress, r.lastPressPos
	r.lastPress, r.lastPressPos = now, pos
	if last.IsZero() || now.Sub(last) > fyne.CurrentApp().Driver().DoubleTapDelay() {
		return false
	}
	d := pos.Subtract(lastPos)
	if abs32(d.X) > doubleClickSlop || abs32(d.Y) > doubleClickSlop {
		return false
	}
	r.lastPress = time.Time{} // a third press starts anew
	return true
}

// wordUnder returns the word whose glyphs are under the widget-relative
// position, or an empty range if there is none.
func (r *Reader) wordUnder(pos fyne.Position) (int, int) {
	o, ok := r.runeAt(pos)
	if !ok {
		return 0, 0
	}
	return r.idx.wordAt(o)
}

// MouseUp implements desktop.Mouseable. A release that ends a drag is
// followed by DragEnd, which finishes the selection.
func (r *Reader) MouseUp(*desktop.MouseEvent) {
	if r.dragging {
		return
	}
	if r.press == pressText && r.wordMode {
		r.commitSelection() // the word selected by a double press
	}
	r.press = pressNone
}

// Dragged implements fyne.Draggable: it extends the selection to the
// pointer, auto-scrolling when the pointer is above or below the widget.
func (r *Reader) Dragged(ev *fyne.DragEvent) {
	if r.press == pressScrollbar {
		r.scrollToThumb(ev.Position.Y - r.thumbGrab)
		return
	}
	if r.press == pressNone { // no MouseDown (touch): start where the drag started
		r.press = pressText
		r.pressOffset = r.OffsetAt(ev.Position.Subtract(ev.Dragged))
	}
	if !r.dragging {
		r.dragging = true
		if !r.pressShift && !r.wordMode {
			r.anchor = r.pressOffset
		}
	}
	r.dragPos = ev.Position
	if over := r.overshoot(); over != 0 {
		r.setScroll(r.scrollY + over)
		r.startAutoScroll()
	} else {
		r.stopAutoScroll()
	}
	r.extendToPointer()
}

// DragEnd implements fyne.Draggable: it ends the selection and reports it.
func (r *Reader) DragEnd() {
	r.stopAutoScroll()
	press := r.press
	r.press = pressNone
	r.dragging = false
	r.pressShift = false
	if press == pressText {
		r.commitSelection()
	}
}

// overshoot is how far the drag pointer is above (negative) or below
// (positive) the widget.
func (r *Reader) overshoot() float32 {
	switch h := r.Size().Height; {
	case r.dragPos.Y < 0:
		return r.dragPos.Y
	case r.dragPos.Y > h:
		return r.dragPos.Y - h
	}
	return 0
}

// extendToPointer moves the caret to the drag pointer, clamped to the
// visible area, and refreshes.
func (r *Reader) extendToPointer() {
	pos := r.dragPos
	pos.Y = min(max(pos.Y, 0), r.Size().Height-1)
	r.hasGoalX = false
	if !r.wordMode {
		r.caret = r.OffsetAt(pos)
		r.Refresh()
		return
	}
	// After a double press: whole words, from the word first selected to
	// the word under the pointer (or the pointer, between words).
	s, e := r.wordUnder(pos)
	if s == e {
		s = r.OffsetAt(pos)
		e = s
	}
	if s >= r.wordS {
		r.anchor, r.caret = r.wordS, max(e, r.wordE)
	} else {
		r.anchor, r.caret = r.wordE, s
	}
	r.Refresh()
}

// startAutoScroll starts an animation that keeps scrolling while the drag
// pointer stays outside the widget. Animations tick on the UI goroutine, so
// no goroutine of ours touches the widget.
func (r *Reader) startAutoScroll() {
	if r.autoScroll != nil {
		return
	}
	r.autoLast = time.Now()
	r.autoScroll = &fyne.Animation{
		Duration:    time.Second,
		RepeatCount: fyne.AnimationRepeatForever,
		Tick:        func(float32) { r.autoScrollTick() },
	}
	r.autoScroll.Start()
}

func (r *Reader) autoScrollTick() {
	if r.autoScroll == nil || !r.dragging {
		return
	}
	now := time.Now()
	dt := float32(now.Sub(r.autoLast).Seconds())
	r.autoLast = now
	if over := r.overshoot(); over != 0 {
		r.setScroll(r.scrollY + over*autoScrollSpeed*min(dt, 0.1))
		r.extendToPointer()
	}
}

func (r *Reader) stopAutoScroll() {
	if r.autoScroll == nil {
		return
	}
	r.autoScroll.Stop()
	r.autoScroll = nil
}

// Tapped implements fyne.Tappable: a click inside a highlight reports it,
// elsewhere it clears the selection.
func (r *Reader) Tapped(ev *fyne.PointEvent) {
	if r.inScrollbar(ev.Position) {
		return
	}
	if r.pressShift { // shift+click already extended the selection in MouseDown
		r.pressShift = false
		return
	}
	if r.wordMode {
		// The first click of a double click whose second press selected a
		// word: Fyne reports it after its double-tap delay, or even during
		// the drag that followed the second press.
		return
	}
	r.collapse(r.OffsetAt(ev.Position))
	r.Refresh()
	r.commitSelection()
	if id, ok := r.highlightAt(ev.Position); ok {
		if r.OnHighlightTapped != nil {
			r.OnHighlightTapped(id)
		}
		return
	}
	if r.OnEmptyTapped != nil {
		r.OnEmptyTapped()
	}
}

// DoubleTapped implements fyne.DoubleTappable: it selects the word under
// the pointer. Fyne calls it a delay after the second release; with a
// desktop driver the second press has selected the word already.
func (r *Reader) DoubleTapped(ev *fyne.PointEvent) {
	if r.wordMode { // the second press selected the word already
		r.commitSelection()
		return
	}
	o, ok := r.runeAt(ev.Position)
	if !ok {
		return
	}
	s, e := r.idx.wordAt(o)
	if s == e {
		return
	}
	r.anchor, r.caret = s, e
	r.hasGoalX = false
	r.Refresh()
	r.commitSelection()
}

// TappedSecondary implements fyne.SecondaryTappable.
func (r *Reader) TappedSecondary(ev *fyne.PointEvent) {
	if r.OnContextMenu == nil {
		return
	}
	id, _ := r.highlightAt(ev.Position)
	r.OnContextMenu(ev.AbsolutePosition, id)
}

// Scrolled implements fyne.Scrollable (mouse wheel, touchpad): a notch of
// the wheel scrolls wheelLines lines, where Fyne would scroll 25 px (about
// one line).
func (r *Reader) Scrolled(ev *fyne.ScrollEvent) {
	r.ensureLayout()
	r.scrollBy(-ev.Scrolled.DY / wheelNotch * wheelLines * r.geom.m.lineHeight)
}

// Cursor implements desktop.Cursorable.
func (r *Reader) Cursor() desktop.Cursor { return desktop.TextCursor }
