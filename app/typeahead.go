package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// typeahead is a one-line entry that lists suggestions under itself (a
// choiceList) as the analyst types: Down and Up move through them, Enter
// takes the one chosen (or, with none chosen, what was typed), a comma
// takes what was typed, a click takes a suggestion, Escape closes the
// list and, with the list closed, runs onEscape. Unlike a choiceField,
// none starts chosen: what is typed is a value of its own (a new tag).
type typeahead struct {
	widget.Entry
	suggest  func(typed string) []choice
	onPick   func(string)
	onEscape func()
	// onEmptyEnter, when set, runs on Enter in an empty field (a dialog
	// applies what was chosen).
	onEmptyEnter func()

	list *choiceList
	box  *fyne.Container
}

func newTypeahead(suggest func(string) []choice, onPick func(string), onEscape func()) *typeahead {
	t := &typeahead{suggest: suggest, onPick: onPick, onEscape: onEscape}
	t.ExtendBaseWidget(t)
	t.Wrapping = fyne.TextWrapOff
	t.list = newChoiceList(func(i int) {
		t.pick(t.list.items[i].Value)
		if c := fyne.CurrentApp().Driver().CanvasForObject(t); c != nil {
			c.Focus(t)
		}
	})
	t.box = container.NewVBox(t, t.list.box)
	t.OnChanged = func(s string) {
		if strings.HasSuffix(s, ",") {
			t.pick(strings.TrimSuffix(s, ","))
			return
		}
		t.update(s)
	}
	t.OnSubmitted = func(s string) {
		if c, ok := t.list.highlighted(); ok {
			s = c.Value
		}
		if strings.TrimSpace(s) == "" && t.onEmptyEnter != nil {
			t.onEmptyEnter()
			return
		}
		t.pick(s)
	}
	return t
}

// object is the entry with its list of suggestions.
func (t *typeahead) object() fyne.CanvasObject { return t.box }

// suggestions are the values listed now.
func (t *typeahead) suggestions() []string { return t.list.values() }

func (t *typeahead) update(typed string) {
	var items []choice
	if strings.TrimSpace(typed) != "" && t.suggest != nil {
		items = t.suggest(typed)
	}
	t.list.show(items, -1)
}

func (t *typeahead) pick(s string) {
	s = strings.TrimSpace(s)
	t.list.hide()
	if s != "" && t.onPick != nil {
		t.onPick(s)
	}
}

// TypedKey moves through the suggestions and handles Escape; other keys
// go to the entry.
func (t *typeahead) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		if t.list.open() {
			t.list.move(1, -1)
			return
		}
	case fyne.KeyUp:
		if t.list.open() {
			t.list.move(-1, -1)
			return
		}
	case fyne.KeyEscape:
		if t.list.open() {
			t.list.hide()
			return
		}
		if t.onEscape != nil {
			t.onEscape()
		}
		return
	}
	t.Entry.TypedKey(ev)
}
