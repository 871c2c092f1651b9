package app

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate/extract"
	"marginalia/store"
)

// annotationsPanel is the overview of every annotation in the library:
// one row each (kind, quote, speaker, verdict, tags, creator, created,
// article) in a virtualised table, sorted by a click on any column's
// header, filtered by the search query language plus a range of dates,
// with several rows selected at once (the check column, Ctrl+click,
// Shift+click, Space, Shift+arrows, Ctrl+A) to tag, judge, attribute,
// delete or export them in one step. Enter or a double-click opens a
// highlight in the reader. The rows live in an annModel (annrows.go).
type annotationsPanel struct {
	sh   *shell
	cb   annotationsCallbacks
	tags *tagBook

	model    *annModel
	loaded   bool
	loading  bool
	pending  store.Changes // changes that arrived while loading
	selected map[string]bool
	anchor   int // the shown row Shift extends from
	cursor   int // the shown row the keyboard is on
	lastTap  struct {
		row int
		at  time.Time
	}
	tapMods fyne.KeyModifier // the modifiers of the click being handled
	syncing bool             // moving the table's own focus, not a click
	now     func() time.Time // the clock, for double-clicks

	query, from, to *keyEntry
	dateErr         *widget.Label
	count           *widget.Label
	table           *annTable
	actions         []fyne.Disableable // the bulk actions, enabled with a selection
	bar             *fyne.Container    // the count and the bulk actions
	box             fyne.CanvasObject
}

// annotationsCallbacks are what the panel asks of the workbench.
type annotationsCallbacks struct {
	// open shows a highlight in the reader (Enter, double-click).
	open func(articleID, annotationID string)
	// shortcut receives shortcuts typed while the table has the
	// keyboard, other than its own (Ctrl+A), so the menus' still work.
	shortcut func(fyne.Shortcut)
	// escape gives the keyboard back (Escape in the table or a filter).
	escape func()
}

// doubleTap is how close two clicks on one row must be to open it.
const doubleTap = 450 * time.Millisecond

func newAnnotationsPanel(sh *shell, tags *tagBook, cb annotationsCallbacks) *annotationsPanel {
	p := &annotationsPanel{sh: sh, cb: cb, tags: tags, model: newAnnModel(), selected: map[string]bool{}, anchor: -1, now: time.Now}
	escape := func() {
		if cb.escape != nil {
			cb.escape()
		}
	}
	// From a filter, Down or Enter goes to the rows, Escape back out.
	keys := map[fyne.KeyName]func(){fyne.KeyEscape: escape, fyne.KeyDown: p.focusRows, fyne.KeyReturn: p.focusRows, fyne.KeyEnter: p.focusRows}
	p.query = newKeyEntry(keys)
	p.query.SetPlaceHolder("Filter: words, kind:claim speaker:… tag:… status:… creator:…")
	p.query.OnChanged = func(string) { p.applyFilter() }
	p.from, p.to = newKeyEntry(keys), newKeyEntry(keys)
	p.from.SetPlaceHolder("from 2025-01-31")
	p.to.SetPlaceHolder("to (inclusive)")
	p.from.OnChanged = func(string) { p.applyFilter() }
	p.to.OnChanged = func(string) { p.applyFilter() }
	p.dateErr = widget.NewLabel("")
	p.dateErr.Importance = widget.DangerImportance
	p.dateErr.Hide()
	p.count = widget.NewLabel("")
	p.table = newAnnTable(p)
	dates := container.NewGridWithColumns(2, p.from, p.to)
	filters := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(320, p.query.MinSize().Height), dates), p.query)
	p.box = container.NewBorder(container.NewVBox(filters, p.dateErr, p.bulkBar()), nil, nil, nil, p.table)
	p.updateCount()
	return p
}

func (p *annotationsPanel) object() fyne.CanvasObject { return p.box }

// focus puts the keyboard in the filter.
func (p *annotationsPanel) focus() { p.sh.win.Canvas().Focus(p.query) }

// focusRows gives the keyboard to the table, on its cursor row.
func (p *annotationsPanel) focusRows() {
	if len(p.model.shown) == 0 {
		return
	}
	p.sh.win.Canvas().Focus(p.table)
	p.table.focusRow(p.cursor)
	p.table.Refresh()
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

// setQuery replaces the filter (the Tags view shows a tag's highlights).
func (p *annotationsPanel) setQuery(q string) { p.query.SetText(q) }

// load reads every annotation in the background, once; later changes
// arrive through update.
func (p *annotationsPanel) load() {
	if p.loaded || p.loading {
		return
	}
	p.loading = true
	p.count.SetText("Reading the annotations…")
	p.sh.run.Go(func() {
		m := newAnnModel()
		err := p.sh.svc.Store().View(m.load)
		if err == nil {
			m.order(colCreated)
		}
		p.sh.run.UI(func() {
			p.loading = false
			if err != nil {
				p.sh.fail("read the annotations", err)
				return
			}
			m.filter, m.sortCol, m.desc = p.model.filter, p.model.sortCol, p.model.desc
			p.model, p.loaded = m, true
			if c := p.pending; !c.Empty() {
				p.pending = store.Changes{}
				p.update(c)
				return
			}
			p.refresh()
		})
	})
}

// update re-reads only the annotations changes touched (and the rows of
// articles and speakers whose names changed).
func (p *annotationsPanel) update(c store.Changes) {
	if p.loading {
		p.pending = p.pending.Add(c)
		return
	}
	if !p.loaded {
		return
	}
	changed := false
	err := p.sh.svc.Store().View(func(tx *store.Tx) error {
		changed = p.model.update(tx, c)
		return nil
	})
	if err != nil {
		p.sh.fail("read the annotations", err)
	}
	for _, id := range c.Annotations {
		if _, ok := p.model.index[id]; !ok {
			delete(p.selected, id)
		}
	}
	if changed {
		p.refresh()
	}
}

// applyFilter reads the filter fields and shows what passes.
func (p *annotationsPanel) applyFilter() {
	from, fromOK := parseDay(p.from.Text)
	to, toOK := parseDay(p.to.Text)
	var bad []string
	if !fromOK {
		bad = append(bad, "“"+p.from.Text+"”")
	}
	if !toOK {
		bad = append(bad, "“"+p.to.Text+"”")
	}
	if len(bad) > 0 {
		p.dateErr.SetText("Not a date: " + strings.Join(bad, ", ") + " (write 2025-03-31 or 31 March 2025)")
		p.dateErr.Show()
	} else {
		p.dateErr.Hide()
	}
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1) // inclusive
	}
	p.model.filter = newAnnFilter(p.query.Text, from, to)
	p.refresh()
}

// parseDay reads a date typed in a filter as the start of that day, in
// local time; "" is no bound. ok is false for text that is not a date.
func parseDay(s string) (time.Time, bool) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, true
	}
	t, ok := extract.ParseDate(s)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.Local), true
}

// refresh filters and sorts again and redraws.
func (p *annotationsPanel) refresh() {
	if !p.loaded {
		return
	}
	p.model.refresh()
	p.cursor = min(p.cursor, max(len(p.model.shown)-1, 0))
	if p.anchor >= len(p.model.shown) {
		p.anchor = -1
	}
	p.updateCount()
	p.table.Refresh()
}

func (p *annotationsPanel) updateCount() {
	total, shown := len(p.model.index), len(p.model.shown)
	s := count(total, "annotation")
	if shown != total {
		s = fmt.Sprintf("%d of %s", shown, s)
	}
	if n := len(p.selected); n > 0 {
		s += fmt.Sprintf(" · %d selected", n)
	}
	p.count.SetText(s)
	if p.bar != nil {
		p.bar.Refresh() // the count's width changed
	}
	for _, a := range p.actions {
		if len(p.selected) > 0 {
			a.Enable()
		} else {
			a.Disable()
		}
	}
}

// sortBy sorts by column col; a second click on the same column turns
// the order round. Dates start newest first, other columns A to Z.
func (p *annotationsPanel) sortBy(col int) {
	m := p.model
	if m.sortCol == col {
		m.desc = !m.desc
	} else {
		m.sortCol, m.desc = col, col == colCreated
	}
	p.refresh()
	p.table.refreshHeader()
}

// selectedIDs lists the selected annotations in the order shown, then
// any selected but filtered out.
func (p *annotationsPanel) selectedIDs() []string {
	out := make([]string, 0, len(p.selected))
	seen := map[string]bool{}
	for i := range p.model.shown {
		if id := p.model.row(i).id; p.selected[id] {
			out = append(out, id)
			seen[id] = true
		}
	}
	for id := range p.selected {
		if !seen[id] {
			out = append(out, id)
		}
	}
	return out
}

// ---- selection ----

// click handles a click on shown row i: alone it selects only that row,
// with Ctrl it toggles it, with Shift it selects from the anchor to it;
// a second click on the same row soon after opens it.
func (p *annotationsPanel) click(i int, mods fyne.KeyModifier) {
	now := p.now()
	double := p.lastTap.row == i && now.Sub(p.lastTap.at) < doubleTap && mods == 0
	p.lastTap.row, p.lastTap.at = i, now
	p.cursor = i
	switch {
	case mods&fyne.KeyModifierShift != 0 && p.anchor >= 0:
		p.selectRange(p.anchor, i, mods&fyne.KeyModifierShortcutDefault != 0)
	case mods&(fyne.KeyModifierShortcutDefault|fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0:
		p.toggle(i)
		p.anchor = i
	default:
		clear(p.selected)
		p.selected[p.model.row(i).id] = true
		p.anchor = i
	}
	p.updateCount()
	p.table.Refresh()
	if double {
		p.openRow(i)
	}
}

func (p *annotationsPanel) toggle(i int) {
	if i < 0 || i >= len(p.model.shown) {
		return
	}
	id := p.model.row(i).id
	if p.selected[id] {
		delete(p.selected, id)
	} else {
		p.selected[id] = true
	}
}

// selectRange selects the shown rows from a to b; keep adds them to the
// selection instead of replacing it.
func (p *annotationsPanel) selectRange(a, b int, keep bool) {
	if !keep {
		clear(p.selected)
	}
	for i := min(a, b); i <= max(a, b) && i < len(p.model.shown); i++ {
		p.selected[p.model.row(i).id] = true
	}
}

// selectAll selects every shown row; clearSelection selects none.
func (p *annotationsPanel) selectAll() {
	for i := range p.model.shown {
		p.selected[p.model.row(i).id] = true
	}
	p.updateCount()
	p.table.Refresh()
}

func (p *annotationsPanel) clearSelection() {
	clear(p.selected)
	p.anchor = -1
	p.updateCount()
	p.table.Refresh()
}

// openRow shows shown row i in the reader.
func (p *annotationsPanel) openRow(i int) {
	if i < 0 || i >= len(p.model.shown) || p.cb.open == nil {
		return
	}
	r := p.model.row(i)
	p.cb.open(r.articleID, r.id)
}

// moveCursor moves the keyboard to shown row i; with extend, the
// selection grows from the anchor to it.
func (p *annotationsPanel) moveCursor(i int, extend bool) {
	n := len(p.model.shown)
	if n == 0 {
		return
	}
	i = max(0, min(i, n-1))
	if extend {
		if p.anchor < 0 {
			p.anchor = p.cursor
		}
		p.selectRange(p.anchor, i, false)
	}
	p.cursor = i
	p.table.focusRow(i)
	p.updateCount()
	p.table.Refresh()
}

// ---- the table ----

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
