package app

import (
	"image/color"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Text fields of the inspector hand the keyboard back to the reader on
// Escape, so an analyst can annotate, attribute, note and return to the
// text without the mouse.

// escEntry is an Entry whose Escape runs onEscape.
type escEntry struct {
	widget.Entry
	onEscape func()
}

func newEscEntry(multiLine bool, onEscape func()) *escEntry {
	e := &escEntry{onEscape: onEscape}
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
	}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey handles Escape and passes every other key to the Entry.
func (e *escEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// scrollRelay lies over a text field and passes the mouse wheel to the
// pane's scroller: Fyne gives a scroll event to the innermost scrollable
// object under the pointer, and a wrapped multi-line entry always has a
// scroller of its own, so without the relay the inspector stops
// scrolling whenever the pointer crosses a note. Taps, the cursor and the
// keyboard still reach the field, which the relay does not handle.
type scrollRelay struct {
	widget.BaseWidget
	to fyne.Scrollable
}

func newScrollRelay(to fyne.Scrollable) *scrollRelay {
	r := &scrollRelay{to: to}
	r.ExtendBaseWidget(r)
	return r
}

// Scrolled implements fyne.Scrollable.
func (r *scrollRelay) Scrolled(ev *fyne.ScrollEvent) {
	if r.to != nil {
		r.to.Scrolled(ev)
	}
}

// CreateRenderer implements fyne.Widget: the relay draws nothing.
func (r *scrollRelay) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// growRows keeps a wrapped multi-line entry tall enough for its text
// (between min and max rows), so that it rarely needs its own scroller.
func growRows(e *widget.Entry, min, max int) {
	fit := func(s string) {
		width := e.Size().Width
		if width <= 0 {
			width = 300
		}
		perRow := int(width / (theme.TextSize() * 0.55))
		rows := 0
		for _, line := range strings.Split(s, "\n") {
			rows += 1 + utf8.RuneCountInString(line)/max1(perRow)
		}
		e.SetMinRowsVisible(clamp(rows, min, max))
	}
	fit(e.Text)
	prev := e.OnChanged
	e.OnChanged = func(s string) {
		fit(s)
		if prev != nil {
			prev(s)
		}
	}
}

func max1(n int) int { return max(n, 1) }

func clamp(n, lo, hi int) int { return min(max(n, lo), hi) }
