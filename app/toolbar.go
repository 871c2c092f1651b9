package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// toolItem is one toolbar button, or a separator when run is nil.
type toolItem struct {
	label string
	icon  fyne.Resource
	fill  func() color.Color // a background swatch (the highlight kinds), or nil
	run   func()
}

// toolbar shows as many of its items as fit in one row and the rest under
// a "more" button at its end, so the window can be narrow (800 px) with
// every action still a click away.
type toolbar struct {
	items    []toolItem
	objs     []fyne.CanvasObject // one per item
	more     *widget.Button
	hidden   []int // items that did not fit at the last layout
	box      *fyne.Container
	canvas   func() fyne.Canvas
	swatches []swatch // the kinds' backgrounds, recoloured with the theme
}

// swatch is a toolbar button's background and where its colour comes from.
type swatch struct {
	rect *canvas.Rectangle
	fill func() color.Color
}

func newToolbar(items []toolItem, canvas func() fyne.Canvas) *toolbar {
	tb := &toolbar{items: items, canvas: canvas}
	for _, it := range items {
		var o fyne.CanvasObject
		switch {
		case it.run == nil:
			o = widget.NewSeparator()
		case it.fill != nil:
			b := widget.NewButton(it.label, it.run)
			b.Importance = widget.LowImportance
			bg := canvas2(it.fill())
			tb.swatches = append(tb.swatches, swatch{bg, it.fill})
			o = container.NewStack(bg, b)
		default:
			o = widget.NewButtonWithIcon(it.label, it.icon, it.run)
		}
		tb.objs = append(tb.objs, o)
	}
	tb.more = widget.NewButtonWithIcon("", theme.MoreHorizontalIcon(), tb.showMore)
	tb.box = container.New(&overflowLayout{tb: tb}, append(append([]fyne.CanvasObject{}, tb.objs...), tb.more)...)
	return tb
}

func canvas2(fill color.Color) *canvas.Rectangle {
	r := canvas.NewRectangle(fill)
	r.CornerRadius = theme.InputRadiusSize()
	return r
}

// recolor gives the swatches the colours of the current theme (after a
// switch between light and dark).
func (tb *toolbar) recolor() {
	for _, s := range tb.swatches {
		s.rect.FillColor = s.fill()
		s.rect.Refresh()
	}
}

func (tb *toolbar) object() fyne.CanvasObject { return container.NewPadded(tb.box) }

// showMore lists the actions that did not fit.
func (tb *toolbar) showMore() {
	var items []*fyne.MenuItem
	for _, i := range tb.hidden {
		if it := tb.items[i]; it.run != nil {
			items = append(items, fyne.NewMenuItem(it.label, it.run))
		}
	}
	if len(items) == 0 {
		return
	}
	c := tb.canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(tb.more).AddXY(0, tb.more.Size().Height)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos)
}

// overflowLayout places the toolbar's items left to right and hides those
// that do not fit, showing the "more" button (the last object) when any
// is hidden.
type overflowLayout struct{ tb *toolbar }

func (l *overflowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(objs[len(objs)-1].MinSize().Width, h)
}

func (l *overflowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	items, more := objs[:len(objs)-1], objs[len(objs)-1]
	total := float32(0)
	for _, o := range items {
		total += o.MinSize().Width + pad
	}
	room := size.Width
	if total > size.Width {
		room -= more.MinSize().Width + pad
	}
	l.tb.hidden = l.tb.hidden[:0]
	x := float32(0)
	for i, o := range items {
		w := o.MinSize().Width
		if x+w > room || len(l.tb.hidden) > 0 {
			o.Hide()
			l.tb.hidden = append(l.tb.hidden, i)
			continue
		}
		o.Show()
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
	if len(l.tb.hidden) == 0 {
		more.Hide()
		return
	}
	more.Show()
	more.Move(fyne.NewPos(size.Width-more.MinSize().Width, 0))
	more.Resize(fyne.NewSize(more.MinSize().Width, size.Height))
}
