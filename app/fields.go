package app

import (
	"fyne.io/fyne/v2"
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

// escSelectEntry is a SelectEntry (an entry with completions) whose Escape
// runs onEscape.
type escSelectEntry struct {
	widget.SelectEntry
	onEscape func()
}

func newEscSelectEntry(options []string, onEscape func()) *escSelectEntry {
	e := &escSelectEntry{onEscape: onEscape}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrapOff
	e.SetOptions(options)
	return e
}

// TypedKey handles Escape and passes every other key to the SelectEntry.
func (e *escSelectEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.SelectEntry.TypedKey(ev)
}
