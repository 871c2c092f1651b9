package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// typeahead is a one-line entry that lists suggestions under itself as
// the analyst types: Down and Up move through them, Enter takes the one
// chosen (or, with none chosen, what was typed), a comma takes what was
// typed, a click takes a suggestion, Escape closes the list and, with
// the list closed, runs onEscape.
//
// The list is part of the layout, under the entry, not a pop-up: a
// Fyne pop-up is an overlay with a keyboard focus of its own, so the
// entry would stop receiving keys while it shows.
type typeahead struct {
	widget.Entry
	suggest  func(typed string) []suggestion
	onPick   func(string)
	onEscape func()
	// onEmptyEnter, when set, runs on Enter in an empty field (a dialog
	// applies what was chosen).
	onEmptyEnter func()

	sugg []suggestion
	cur  int // the chosen suggestion, -1 for none
	list *fyne.Container
	box  *fyne.Container
}

// suggestion is one choice of a typeahead, with a note beside it ("12
// uses").
type suggestion struct {
	value, note string
}

func newTypeahead(suggest func(string) []suggestion, onPick func(string), onEscape func()) *typeahead {
	t := &typeahead{suggest: suggest, onPick: onPick, onEscape: onEscape, cur: -1}
	t.ExtendBaseWidget(t)
	t.Wrapping = fyne.TextWrapOff
	t.list = container.NewVBox()
	t.list.Hide()
	t.box = container.NewVBox(t, t.list)
	t.OnChanged = func(s string) {
		if strings.HasSuffix(s, ",") {
			t.pick(strings.TrimSuffix(s, ","))
			return
		}
		t.update(s)
	}
	t.OnSubmitted = func(s string) {
		if t.cur >= 0 && t.cur < len(t.sugg) {
			s = t.sugg[t.cur].value
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
func (t *typeahead) suggestions() []string {
	out := make([]string, len(t.sugg))
	for i, s := range t.sugg {
		out[i] = s.value
	}
	return out
}

func (t *typeahead) update(typed string) {
	t.sugg, t.cur = nil, -1
	if strings.TrimSpace(typed) != "" && t.suggest != nil {
		t.sugg = t.suggest(typed)
	}
	t.showList()
}

func (t *typeahead) showList() {
	t.list.Objects = t.list.Objects[:0]
	for i, s := range t.sugg {
		t.list.Add(newChoiceRow(s, i == t.cur, func() {
			t.pick(s.value)
			if c := fyne.CurrentApp().Driver().CanvasForObject(t); c != nil {
				c.Focus(t)
			}
		}))
	}
	if len(t.sugg) == 0 {
		t.list.Hide()
	} else {
		t.list.Show()
	}
	t.list.Refresh()
}

func (t *typeahead) pick(s string) {
	s = strings.TrimSpace(s)
	t.sugg, t.cur = nil, -1
	t.showList()
	if s != "" && t.onPick != nil {
		t.onPick(s)
	}
}

// TypedKey moves through the suggestions and handles Escape; other keys
// go to the entry.
func (t *typeahead) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		if len(t.sugg) > 0 {
			t.cur = min(t.cur+1, len(t.sugg)-1)
			t.showList()
			return
		}
	case fyne.KeyUp:
		if len(t.sugg) > 0 {
			t.cur = max(t.cur-1, -1)
			t.showList()
			return
		}
	case fyne.KeyEscape:
		if len(t.sugg) > 0 {
			t.sugg, t.cur = nil, -1
			t.showList()
			return
		}
		if t.onEscape != nil {
			t.onEscape()
		}
		return
	}
	t.Entry.TypedKey(ev)
}

// choiceRow is one suggestion under a typeahead: its value, a note on the
// right, the chosen one on the selection colour; a click takes it.
type choiceRow struct {
	widget.BaseWidget
	s      suggestion
	chosen bool
	onTap  func()
}

func newChoiceRow(s suggestion, chosen bool, onTap func()) *choiceRow {
	r := &choiceRow{s: s, chosen: chosen, onTap: onTap}
	r.ExtendBaseWidget(r)
	return r
}

// Tapped implements fyne.Tappable.
func (r *choiceRow) Tapped(*fyne.PointEvent) { r.onTap() }

// CreateRenderer implements fyne.Widget.
func (r *choiceRow) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	if r.chosen {
		bg.FillColor = r.Theme().Color(theme.ColorNameSelection, fyne.CurrentApp().Settings().ThemeVariant())
	}
	value := widget.NewLabel(r.s.value)
	value.Truncation = fyne.TextTruncateEllipsis
	note := widget.NewLabel(r.s.note)
	note.SizeName = theme.SizeNameCaptionText
	return widget.NewSimpleRenderer(container.NewStack(bg, container.NewBorder(nil, nil, nil, note, value)))
}
