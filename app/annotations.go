package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	shown    bool          // the table is the view in the window
	stale    bool          // rows changed while hidden: refresh when shown
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

// setQuery replaces the filter (the Tags view shows a tag's highlights).
func (p *annotationsPanel) setQuery(q string) { p.query.SetText(q) }

// load reads every annotation in the background, once; later changes
// arrive through update.
func (p *annotationsPanel) load() {
	if p.loaded && p.stale {
		p.stale = false
		p.refresh()
	}
	if p.loaded || p.loading {
		return
	}
	p.loading = true
	p.count.SetText("Reading the annotations…")
	p.sh.run.Go(func() {
		m := newAnnModel()
		err := p.sh.svc.Store().View(m.load)
		if err == nil {
			// Every column's order now, off the UI goroutine, so that
			// the first click on a header is as quick as the next.
			for col := colKind; col < colCount; col++ {
				m.order(col)
			}
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
			}
			// Always: changes that touched no row leave update with
			// nothing to redraw, and the table must leave "Reading…".
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
	switch {
	case changed && p.shown:
		p.refresh()
	case changed:
		// Hidden: one filter pass when it shows again, not one per change
		// (a note typed in the reader changes a row per keystroke).
		p.stale = true
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
