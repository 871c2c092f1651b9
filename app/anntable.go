package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The annotations table's widgets: the table with the panel's keyboard
// and mouse handling, its cells, and the filter fields' keys.

// annTable is the table widget with the keyboard and mouse handling of
// the panel: Fyne's table selects one cell; the panel selects rows.
type annTable struct {
	widget.Table
	p     *annotationsPanel
	shift bool // Shift is held (the table has the keyboard)
}

// columnWidths are the columns' widths, in order.
func columnWidths() [colCount]float32 {
	return [colCount]float32{36, 96, 380, 150, 100, 160, 96, 132, 240}
}

func newAnnTable(p *annotationsPanel) *annTable {
	t := &annTable{p: p}
	t.Length = func() (int, int) { return len(p.model.shown), colCount }
	t.CreateCell = func() fyne.CanvasObject { return newAnnCell() }
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) { p.fillCell(id, o.(*annCell)) }
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		return b
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		col := id.Col
		if col == colSelect {
			b.SetText("✓")
			b.OnTapped = func() {
				if len(p.selected) > 0 {
					p.clearSelection()
				} else {
					p.selectAll()
				}
			}
			return
		}
		b.SetText(p.headerText(col))
		b.OnTapped = func() { p.sortBy(col) }
	}
	t.OnSelected = func(id widget.TableCellID) {
		if t.p.syncing {
			return
		}
		mods := p.tapMods
		if t.shift {
			mods |= fyne.KeyModifierShift
		}
		p.tapMods = 0
		t.UnselectAll() // the panel draws its own selection
		if id.Row >= 0 && id.Row < len(p.model.shown) {
			p.click(id.Row, mods)
		}
	}
	t.ExtendBaseWidget(t)
	for col, w := range columnWidths() {
		t.SetColumnWidth(col, w)
	}
	return t
}

// headerText is a column's title with an arrow on the sorted one.
func (p *annotationsPanel) headerText(col int) string {
	s := columnTitle(col)
	if p.model.sortCol == col {
		if p.model.desc {
			s += " ▼"
		} else {
			s += " ▲"
		}
	}
	return s
}

// refreshHeader redraws the header's arrows.
func (t *annTable) refreshHeader() { t.Refresh() }

// focusRow moves the table's own keyboard cell to row i (and scrolls to
// it) without counting as a click.
func (t *annTable) focusRow(i int) {
	t.p.syncing = true
	t.Select(widget.TableCellID{Row: i, Col: colQuote})
	t.UnselectAll()
	t.p.syncing = false
}

// MouseDown notes the modifiers of a click for the tap that follows.
func (t *annTable) MouseDown(ev *desktop.MouseEvent) {
	t.p.tapMods = ev.Modifier
	t.Table.MouseDown(ev)
}

// KeyDown and KeyUp follow Shift while the table has the keyboard.
func (t *annTable) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		t.shift = true
	}
}

// KeyUp implements desktop.Keyable.
func (t *annTable) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		t.shift = false
	}
}

// FocusGained shows the cursor row.
func (t *annTable) FocusGained() {
	t.Table.FocusGained()
	t.Refresh()
}

// FocusLost forgets a Shift held when the keyboard left.
func (t *annTable) FocusLost() {
	t.shift = false
	t.Table.FocusLost()
	t.Refresh()
}

// TypedKey moves through the rows and acts on them: arrows, Page Up and
// Down, Home, End (with Shift to extend the selection), Space to select,
// Enter to open, Delete to delete the selection, Escape to leave.
func (t *annTable) TypedKey(ev *fyne.KeyEvent) {
	p := t.p
	page := max(int(t.Size().Height/max(t.templateHeight(), 1))-1, 1)
	switch ev.Name {
	case fyne.KeyDown:
		p.moveCursor(p.cursor+1, t.shift)
	case fyne.KeyUp:
		p.moveCursor(p.cursor-1, t.shift)
	case fyne.KeyPageDown:
		p.moveCursor(p.cursor+page, t.shift)
	case fyne.KeyPageUp:
		p.moveCursor(p.cursor-page, t.shift)
	case fyne.KeyHome:
		p.moveCursor(0, t.shift)
	case fyne.KeyEnd:
		p.moveCursor(len(p.model.shown)-1, t.shift)
	case fyne.KeySpace:
		p.toggle(p.cursor)
		p.anchor = p.cursor
		p.updateCount()
		t.Refresh()
	case fyne.KeyReturn, fyne.KeyEnter:
		p.openRow(p.cursor)
	case fyne.KeyDelete, fyne.KeyBackspace:
		p.deleteSelected()
	case fyne.KeyEscape:
		if p.cb.escape != nil {
			p.cb.escape()
		}
	}
}

func (t *annTable) templateHeight() float32 { return newAnnCell().MinSize().Height }

// TypedShortcut selects every shown row on Ctrl+A and passes other
// shortcuts on, so the menus' shortcuts work while the table has the
// keyboard.
func (t *annTable) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*fyne.ShortcutSelectAll); ok {
		t.p.selectAll()
		return
	}
	if t.p.cb.shortcut != nil {
		t.p.cb.shortcut(s)
	}
}

// annCell is one cell: a background for the selection, a check box (the
// first column), a kind's colour chip and a text.
type annCell struct {
	widget.BaseWidget
	bg    *canvas.Rectangle
	check *widget.Check
	chip  *canvas.Rectangle
	label *widget.Label
}

func newAnnCell() *annCell {
	c := &annCell{bg: canvas.NewRectangle(color.Transparent), check: widget.NewCheck("", nil), chip: canvas.NewRectangle(color.Transparent), label: widget.NewLabel("")}
	c.chip.CornerRadius = 3
	c.chip.SetMinSize(fyne.NewSize(12, 12))
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer implements fyne.Widget.
func (c *annCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.bg, c.check, container.NewBorder(nil, nil, container.NewCenter(c.chip), nil, c.label)))
}

// fillCell shows column id.Col of shown row id.Row in c.
func (p *annotationsPanel) fillCell(id widget.TableCellID, c *annCell) {
	if id.Row >= len(p.model.shown) {
		return
	}
	r := p.model.row(id.Row)
	variant := p.sh.variant()
	th := c.Theme()
	switch {
	case p.selected[r.id]:
		c.bg.FillColor = th.Color(theme.ColorNameSelection, variant)
	case id.Row == p.cursor && p.sh.win.Canvas().Focused() == p.table:
		c.bg.FillColor = th.Color(theme.ColorNameHover, variant)
	default:
		c.bg.FillColor = color.Transparent
	}
	c.bg.Refresh()
	c.check.Hidden = id.Col != colSelect
	c.chip.Hidden = id.Col != colKind
	c.label.Hidden = id.Col == colSelect
	if id.Col == colSelect {
		c.check.OnChanged = nil
		c.check.SetChecked(p.selected[r.id])
		row := id.Row
		c.check.OnChanged = func(on bool) {
			if on != p.selected[p.model.row(row).id] {
				p.toggle(row)
				p.anchor = row
				p.updateCount()
				p.table.Refresh()
			}
		}
		c.check.Refresh()
		return
	}
	if id.Col == colKind {
		c.chip.FillColor = fillFor(r.kind, variant)
		c.chip.Refresh()
	}
	c.label.SetText(cellText(r, id.Col))
}

// cellText is what column col shows of r.
func cellText(r *annRow, col int) string {
	switch col {
	case colKind:
		return r.kind.Label()
	case colQuote:
		return r.quote
	case colSpeaker:
		return r.speaker
	case colVerdict:
		return string(r.status)
	case colTags:
		return strings.Join(r.tags, ", ")
	case colCreator:
		return r.creator
	case colCreated:
		return r.created.Local().Format("2 Jan 2006 15:04")
	case colArticle:
		return r.title
	}
	return ""
}

// keyEntry is a one-line entry some of whose keys run functions.
type keyEntry struct {
	widget.Entry
	keys map[fyne.KeyName]func()
}

func newKeyEntry(keys map[fyne.KeyName]func()) *keyEntry {
	e := &keyEntry{keys: keys}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey runs the key's function, or passes the key to the entry.
func (e *keyEntry) TypedKey(ev *fyne.KeyEvent) {
	if f := e.keys[ev.Name]; f != nil {
		f()
		return
	}
	e.Entry.TypedKey(ev)
}
