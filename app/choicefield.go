package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// choiceField is a text field with the choices that match what is typed
// listed right under it (in the pane, not in a pop-up, which would take
// the keyboard from the field): Up and Down move through them, Enter
// takes the highlighted one, a click takes any, Escape closes the list
// (a second Escape hands the keyboard back). The first choice starts
// highlighted.
type choiceField struct {
	widget.Entry
	choices  func(text string) []choice
	onChoose func(choice)
	onEscape func()

	shown  []choice
	cursor int
	list   *fyne.Container // the choices, under the field
	box    *fyne.Container // the field and its list
}

// choice is one line of a choiceField's list.
type choice struct {
	Label string // what the list shows
	Value string // what choosing it means (a speaker's name, a name to create)
	New   bool   // choosing it creates something
}

// maxChoices is how many choices the list shows.
const maxChoices = 8

func newChoiceField(choices func(string) []choice, onChoose func(choice), onEscape func()) *choiceField {
	t := &choiceField{choices: choices, onChoose: onChoose, onEscape: onEscape}
	t.ExtendBaseWidget(t)
	t.list = container.NewVBox()
	t.box = container.NewVBox(t, t.list)
	t.Entry.OnChanged = func(s string) { t.refresh(s) }
	return t
}

// object is the field with its list.
func (t *choiceField) object() fyne.CanvasObject { return t.box }

// refresh recomputes the choices for text and lists them.
func (t *choiceField) refresh(text string) {
	t.shown = t.choices(text)
	if len(t.shown) > maxChoices {
		t.shown = t.shown[:maxChoices]
	}
	t.cursor = 0
	t.drawList()
}

// drawList shows the choices, the highlighted one marked.
func (t *choiceField) drawList() {
	t.list.Objects = nil
	for i, c := range t.shown {
		b := widget.NewButton(c.Label, func() {
			t.cursor = i
			t.choose()
		})
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		if i == t.cursor {
			b.Importance = widget.HighImportance
		}
		t.list.Add(b)
	}
	t.list.Refresh()
}

func (t *choiceField) hideList() {
	t.shown = nil
	t.list.Objects = nil
	t.list.Refresh()
}

// choose takes the highlighted choice.
func (t *choiceField) choose() {
	if t.cursor < 0 || t.cursor >= len(t.shown) {
		return
	}
	c := t.shown[t.cursor]
	t.hideList()
	t.onChoose(c)
}

// TypedKey moves through the choices, takes one with Enter, closes the
// list with Escape; other keys edit the text.
func (t *choiceField) TypedKey(ev *fyne.KeyEvent) {
	open := len(t.shown) > 0
	switch ev.Name {
	case fyne.KeyDown:
		if !open {
			t.refresh(t.Text)
			return
		}
		t.cursor = min(t.cursor+1, len(t.shown)-1)
		t.drawList()
		return
	case fyne.KeyUp:
		if open {
			t.cursor = max(t.cursor-1, 0)
			t.drawList()
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
			t.hideList()
			return
		}
		if t.onEscape != nil {
			t.onEscape()
		}
		return
	}
	t.Entry.TypedKey(ev)
}
