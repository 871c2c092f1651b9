package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// choiceField is a text field with the choices that match what is typed
// listed right under it (a choiceList): Up and Down move through them,
// Enter takes the highlighted one, a click takes any, Escape closes the
// list (a second Escape hands the keyboard back). The first choice starts
// highlighted, so Enter never takes the text as typed: what it takes is
// always on the list (a new speaker is a choice of its own).
type choiceField struct {
	widget.Entry
	choices  func(text string) []choice
	onChoose func(choice)
	onEscape func()

	list *choiceList
	box  *fyne.Container // the field and its list
}

func newChoiceField(choices func(string) []choice, onChoose func(choice), onEscape func()) *choiceField {
	t := &choiceField{choices: choices, onChoose: onChoose, onEscape: onEscape}
	t.ExtendBaseWidget(t)
	t.list = newChoiceList(func(i int) {
		t.list.cursor = i
		t.choose()
	})
	t.box = container.NewVBox(t, t.list.box)
	t.Entry.OnChanged = func(s string) { t.refresh(s) }
	return t
}

// object is the field with its list.
func (t *choiceField) object() fyne.CanvasObject { return t.box }

// refresh lists the choices for text, the first highlighted.
func (t *choiceField) refresh(text string) { t.list.show(t.choices(text), 0) }

// choose takes the highlighted choice.
func (t *choiceField) choose() {
	c, ok := t.list.highlighted()
	if !ok {
		return
	}
	t.list.hide()
	t.onChoose(c)
}

// TypedKey moves through the choices, takes one with Enter, closes the
// list with Escape; other keys edit the text.
func (t *choiceField) TypedKey(ev *fyne.KeyEvent) {
	open := t.list.open()
	switch ev.Name {
	case fyne.KeyDown:
		if !open {
			t.refresh(t.Text)
			return
		}
		t.list.move(1, 0)
		return
	case fyne.KeyUp:
		if open {
			t.list.move(-1, 0)
			return
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if !open {
			t.refresh(t.Text)
		}
		t.choose()
		return
	case fyne.KeyEscape:
		if open {
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
