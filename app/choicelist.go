package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// choice is one line of the list under a text field (choiceField,
// typeahead).
type choice struct {
	Label string // what the list shows
	Note  string // shown on the right ("12 uses")
	Value string // what choosing it means (a speaker's name, a tag)
	New   bool   // choosing it creates something
}

// valueChoice is the choice of a value, shown as itself with a note.
func valueChoice(value, note string) choice { return choice{Label: value, Value: value, Note: note} }

// maxChoices is how many choices a list shows.
const maxChoices = 8

// choiceList is the list of choices a text field shows right under
// itself: part of the layout, not a pop-up, since a Fyne pop-up is an
// overlay with a keyboard focus of its own and the field would stop
// receiving keys while it shows. It keeps which choice is highlighted;
// the field decides what the keys do with it.
type choiceList struct {
	items  []choice
	cursor int // the highlighted choice, -1 for none
	box    *fyne.Container
	onTap  func(i int)
}

func newChoiceList(onTap func(i int)) *choiceList {
	l := &choiceList{cursor: -1, box: container.NewVBox(), onTap: onTap}
	l.box.Hide()
	return l
}

// open reports whether the list shows any choice.
func (l *choiceList) open() bool { return len(l.items) > 0 }

// show lists items (the first maxChoices), cursor highlighted.
func (l *choiceList) show(items []choice, cursor int) {
	l.items = items[:min(len(items), maxChoices)]
	l.cursor = min(cursor, len(l.items)-1)
	l.draw()
}

// hide empties the list.
func (l *choiceList) hide() { l.show(nil, -1) }

// move highlights the choice step away, never above lowest (-1: back to
// none) nor past the last.
func (l *choiceList) move(step, lowest int) {
	l.cursor = max(min(l.cursor+step, len(l.items)-1), lowest)
	l.draw()
}

// highlighted returns the highlighted choice.
func (l *choiceList) highlighted() (choice, bool) {
	if l.cursor < 0 || l.cursor >= len(l.items) {
		return choice{}, false
	}
	return l.items[l.cursor], true
}

// values are the values listed now.
func (l *choiceList) values() []string {
	out := make([]string, len(l.items))
	for i, c := range l.items {
		out[i] = c.Value
	}
	return out
}

func (l *choiceList) draw() {
	l.box.Objects = l.box.Objects[:0]
	for i, c := range l.items {
		l.box.Add(newChoiceRow(c, i == l.cursor, func() { l.onTap(i) }))
	}
	if len(l.items) == 0 {
		l.box.Hide()
	} else {
		l.box.Show()
	}
	l.box.Refresh()
}

// choiceRow is one line of a choiceList: the label, a note on the right,
// the highlighted one on the selection colour; a click takes it.
type choiceRow struct {
	widget.BaseWidget
	c      choice
	chosen bool
	onTap  func()
}

func newChoiceRow(c choice, chosen bool, onTap func()) *choiceRow {
	r := &choiceRow{c: c, chosen: chosen, onTap: onTap}
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
	label := widget.NewLabel(r.c.Label)
	label.Truncation = fyne.TextTruncateEllipsis
	note := widget.NewLabel(r.c.Note)
	note.SizeName = theme.SizeNameCaptionText
	return widget.NewSimpleRenderer(container.NewStack(bg, container.NewBorder(nil, nil, nil, note, label)))
}
