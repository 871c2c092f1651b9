package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate/search"
	"marginalia/app/action"
	"marginalia/store"
)

// searchIndex keeps the fuzzy index in step with the store: built in the
// background at start-up while the window is usable, then updated from
// every committed change (store.Watch) without a rebuild.
type searchIndex struct {
	ix       *search.Index
	st       *store.Store
	mu       sync.Mutex
	building bool
	pending  []store.Changes // changes seen while building, applied after
	done     chan struct{}   // closed when the first build has finished
}

func newSearchIndex(st *store.Store) *searchIndex {
	si := &searchIndex{ix: search.New(), st: st, building: true, done: make(chan struct{})}
	st.Watch(si.changed)
	return si
}

// build loads every record into the index; run it in a goroutine.
func (si *searchIndex) build() error {
	var docs []search.Doc
	err := si.st.View(func(tx *store.Tx) error {
		var err error
		docs, err = action.SearchDocs(tx)
		return err
	})
	if err == nil {
		err = si.ix.Put(docs...)
	}
	si.mu.Lock()
	defer si.mu.Unlock()
	defer close(si.done)
	for _, c := range si.pending {
		if perr := si.apply(c); err == nil {
			err = perr
		}
	}
	si.pending, si.building = nil, false
	return err
}

func (si *searchIndex) changed(c store.Changes) {
	si.mu.Lock()
	defer si.mu.Unlock()
	if si.building {
		si.pending = append(si.pending, c)
		return
	}
	_ = si.apply(c)
}

// apply re-reads the touched records and puts or deletes their documents.
// Callers hold mu.
func (si *searchIndex) apply(c store.Changes) error {
	var docs []search.Doc
	var gone []string
	err := si.st.View(func(tx *store.Tx) error {
		var err error
		docs, gone, err = action.SearchDocsFor(tx, c)
		return err
	})
	if err != nil {
		return err
	}
	for _, id := range gone {
		si.ix.Delete(id)
	}
	return si.ix.Put(docs...)
}

// palette is the search box that opens over the window (Ctrl+F, Ctrl+K):
// results update as the analyst types, grouped by type, matched characters
// in bold; arrow keys and Enter open a result.
type palette struct {
	sh      *shell
	index   *searchIndex
	ctx     paletteContext
	pop     *widget.PopUp
	entry   *paletteEntry
	list    *widget.List
	info    *widget.Label
	rows    []paletteRow
	cursor  int
	cancel  context.CancelFunc
	current int // sequence number of the newest query
}

type paletteRow struct {
	header string // a group heading when set
	res    search.Result
	title  string // what the result belongs to, for context
}

// paletteEntry is the palette's text field: it passes navigation keys to
// the palette instead of moving its own cursor.
type paletteEntry struct {
	widget.Entry
	onKey func(*fyne.KeyEvent) bool
}

func newPaletteEntry() *paletteEntry {
	e := &paletteEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *paletteEntry) TypedKey(ev *fyne.KeyEvent) {
	if e.onKey != nil && e.onKey(ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

// paletteContext is what the palette asks the workbench.
type paletteContext struct {
	titles func() map[string]string
	open   func(articleID string)
	reveal func(articleID, annotationID string)
}

// show opens the search palette.
func (p *palette) show() {
	size := p.sh.win.Canvas().Size()
	p.pop.Resize(fyne.NewSize(min(760, size.Width-40), min(560, size.Height-80)))
	p.pop.Move(fyne.NewPos((size.Width-p.pop.Size().Width)/2, 60))
	p.pop.Show()
	p.sh.win.Canvas().Focus(p.entry)
	p.run(p.entry.Text)
}

func newPalette(sh *shell, index *searchIndex, ctx paletteContext) *palette {
	p := &palette{sh: sh, index: index, ctx: ctx}
	p.entry = newPaletteEntry()
	p.entry.SetPlaceHolder("Search notes, claims, speakers, articles…   kind:claim speaker:kim tag:x status:disputed in:notes")
	p.entry.OnChanged = p.run
	p.entry.onKey = p.key
	p.info = widget.NewLabel("")
	p.list = widget.NewList(
		func() int { return len(p.rows) },
		func() fyne.CanvasObject {
			text := widget.NewRichText()
			text.Truncation = fyne.TextTruncateEllipsis
			ctx := widget.NewLabel("")
			ctx.SizeName = theme.SizeNameCaptionText
			ctx.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(text, ctx)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			text, ctx := box.Objects[0].(*widget.RichText), box.Objects[1].(*widget.Label)
			row := p.rows[i]
			if row.header != "" {
				text.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: row.header, Style: widget.RichTextStyle{ColorName: theme.ColorNamePrimary, TextStyle: fyne.TextStyle{Bold: true}}}}
				text.Refresh()
				ctx.SetText("")
				return
			}
			text.Segments = matchSegments(snippet(row.res))
			text.Refresh()
			ctx.SetText(row.title)
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.rows) && p.rows[i].header == "" {
			p.cursor = i
			p.open()
		}
	}
	content := container.NewBorder(container.NewVBox(p.entry, p.info), nil, nil, nil, p.list)
	p.pop = widget.NewModalPopUp(container.NewPadded(content), sh.win.Canvas())
	return p
}

// run searches for text in the background, abandoning the previous query.
func (p *palette) run(text string) {
	if p.cancel != nil {
		p.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.current++
	seq := p.current
	q := search.ParseQuery(text)
	if strings.TrimSpace(text) == "" {
		p.showResults(nil, "Type to search. Enter opens the highlighted result, Esc closes.")
		return
	}
	si := p.index
	p.sh.run.Go(func() {
		res, err := si.ix.Search(ctx, q, 60)
		p.sh.run.UI(func() {
			if seq != p.current || ctx.Err() != nil {
				return // superseded by a newer keystroke
			}
			if err != nil {
				p.showResults(nil, "Search failed: "+err.Error())
				return
			}
			msg := count(len(res), "result")
			if si.isBuilding() {
				msg += " (still indexing…)"
			}
			p.showResults(res, msg)
		})
	})
}

func (si *searchIndex) isBuilding() bool {
	si.mu.Lock()
	defer si.mu.Unlock()
	return si.building
}

// showResults groups results by type: highlights, articles, speakers.
func (p *palette) showResults(res []search.Result, msg string) {
	p.info.SetText(msg)
	titles := p.ctx.titles()
	p.rows = p.rows[:0]
	for _, g := range []struct {
		typ   search.Type
		label string
	}{{"annotation", "Highlights and notes"}, {"article", "Articles"}, {"speaker", "Speakers"}} {
		first := true
		for _, r := range res {
			if r.Type != g.typ {
				continue
			}
			if first {
				p.rows = append(p.rows, paletteRow{header: g.label})
				first = false
			}
			ctx := string(r.Field)
			if t := titles[r.ArticleID]; t != "" && r.Type != "article" {
				ctx += " · " + t
			}
			p.rows = append(p.rows, paletteRow{res: r, title: ctx})
		}
	}
	p.cursor = slices.IndexFunc(p.rows, func(r paletteRow) bool { return r.header == "" })
	p.list.UnselectAll()
	p.list.Refresh()
	if p.cursor >= 0 {
		p.list.ScrollTo(p.cursor)
	}
}

func (p *palette) key(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyDown, fyne.KeyUp:
		step := 1
		if ev.Name == fyne.KeyUp {
			step = -1
		}
		for i := p.cursor + step; i >= 0 && i < len(p.rows); i += step {
			if p.rows[i].header == "" {
				p.cursor = i
				p.list.ScrollTo(i)
				p.list.Refresh()
				p.highlightCursor()
				break
			}
		}
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		p.open()
		return true
	case fyne.KeyEscape:
		p.pop.Hide()
		return true
	}
	return false
}

// highlightCursor shows the keyboard cursor as the list's selection
// without opening it.
func (p *palette) highlightCursor() {
	f := p.list.OnSelected
	p.list.OnSelected = nil
	p.list.Select(p.cursor)
	p.list.OnSelected = f
}

// open shows the result under the cursor: an annotation opens its article
// scrolled to it and selected; an article opens; a speaker lists what they
// said.
func (p *palette) open() {
	if p.cursor < 0 || p.cursor >= len(p.rows) || p.rows[p.cursor].header != "" {
		return
	}
	r := p.rows[p.cursor].res
	switch r.Type {
	case "speaker":
		p.entry.SetText(fmt.Sprintf("speaker:%q ", strings.ToLower(r.Text)))
		return
	case "article":
		p.pop.Hide()
		p.ctx.open(r.ID)
	default:
		p.pop.Hide()
		p.ctx.reveal(r.ArticleID, r.ID)
	}
}

// snippet cuts a long value to about 120 characters around its first
// match, keeping the match offsets right.
func snippet(r search.Result) (string, [][2]int) {
	const width = 120
	n := utf8.RuneCountInString(r.Text)
	if n <= width {
		return r.Text, r.Matches
	}
	start := 0
	if len(r.Matches) > 0 {
		start = max(0, min(r.Matches[0][0]-30, n-width))
	}
	runes := []rune(r.Text)
	text := string(runes[start : start+width])
	var m [][2]int
	for _, x := range r.Matches {
		a, b := x[0]-start, min(x[1]-start, width)
		if a >= 0 && a < b {
			m = append(m, [2]int{a, b})
		}
	}
	prefix := ""
	if start > 0 {
		prefix = "…"
		for i := range m {
			m[i][0]++
			m[i][1]++
		}
	}
	return prefix + text + "…", m
}

// matchSegments renders text on one line with the matched rune ranges in
// bold.
func matchSegments(text string, matches [][2]int) []widget.RichTextSegment {
	runes := []rune(strings.NewReplacer("\n", " ", "\t", " ").Replace(text))
	plain := widget.RichTextStyleInline
	bold := widget.RichTextStyleStrong
	bold.Inline = true
	var segs []widget.RichTextSegment
	next := 0
	for _, m := range matches {
		if m[0] < next || m[1] > len(runes) {
			continue
		}
		if m[0] > next {
			segs = append(segs, &widget.TextSegment{Text: string(runes[next:m[0]]), Style: plain})
		}
		segs = append(segs, &widget.TextSegment{Text: string(runes[m[0]:m[1]]), Style: bold})
		next = m[1]
	}
	if next < len(runes) {
		segs = append(segs, &widget.TextSegment{Text: string(runes[next:]), Style: plain})
	}
	return segs
}
