package app

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/search"
)

// palette is the search box that opens over the window (Ctrl+F, Ctrl+K):
// results update as the analyst types, one list ranked across types, each
// labelled by what it is and where it belongs, matched words in bold;
// arrow keys and Enter open a result.
type palette struct {
	sh      *shell
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
	res   search.Result
	label string // what the result is and where it belongs
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

func newPalette(sh *shell, ctx paletteContext) *palette {
	p := &palette{sh: sh, ctx: ctx}
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
			text.Segments = matchSegments(snippet(row.res))
			text.Refresh()
			ctx.SetText(row.label)
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.rows) {
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
	p.sh.run.Go(func() {
		res, err := p.sh.svc.Search(ctx, q, paletteLimit)
		p.sh.run.UI(func() {
			if seq != p.current || ctx.Err() != nil {
				return // superseded by a newer keystroke
			}
			if err != nil {
				p.showResults(nil, "Search failed: "+err.Error())
				return
			}
			msg := count(len(res), "result")
			switch {
			case len(res) == 0:
				msg = "Nothing found. Every word must match; try fewer words, or check a filter."
			case len(res) == paletteLimit:
				msg = fmt.Sprintf("The best %d results", paletteLimit)
			}
			p.showResults(res, msg)
		})
	})
}

// paletteLimit is the most results the palette lists.
const paletteLimit = 60

// showResults lists results in their rank order.
func (p *palette) showResults(res []search.Result, msg string) {
	p.info.SetText(msg)
	p.rows = p.rows[:0]
	for _, r := range res {
		p.rows = append(p.rows, paletteRow{res: r, label: resultLabel(r)})
	}
	p.cursor = -1
	if len(p.rows) > 0 {
		p.cursor = 0
	}
	p.list.UnselectAll()
	p.list.Refresh()
	if p.cursor >= 0 {
		p.list.ScrollTo(p.cursor)
		p.highlightCursor()
	}
}

// resultLabel says what a result is and where it belongs, as a search
// engine's result line does: "Claim · Kim Jong Un · Article title".
func resultLabel(r search.Result) string {
	parts := []string{kindLabel(r.Kind)}
	if r.Speaker != "" {
		parts = append(parts, r.Speaker)
	}
	// The title, unless the snippet already is it (or it names a speaker).
	if r.Title != "" && r.Type != search.TypeSpeaker && !(r.Type == search.TypeArticle && r.Field == search.FieldTitle) {
		parts = append(parts, r.Title)
	}
	if r.Status != "" && r.Status != string(annotate.StatusUnverified) {
		parts = append(parts, r.Status)
	}
	return strings.Join(parts, " · ")
}

// kindLabel capitalises a result kind: "claim" → "Claim".
func kindLabel(kind string) string {
	if kind == "" {
		return "Result"
	}
	r, n := utf8.DecodeRuneInString(kind)
	return string(unicode.ToUpper(r)) + kind[n:]
}

func (p *palette) key(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyDown, fyne.KeyUp:
		step := 1
		if ev.Name == fyne.KeyUp {
			step = -1
		}
		if i := p.cursor + step; i >= 0 && i < len(p.rows) {
			p.cursor = i
			p.list.ScrollTo(i)
			p.list.Refresh()
			p.highlightCursor()
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
	if p.cursor < 0 || p.cursor >= len(p.rows) {
		return
	}
	r := p.rows[p.cursor].res
	switch r.Type {
	case "speaker":
		p.entry.SetText(fmt.Sprintf("speaker:%q ", strings.ToLower(r.Title)))
		return
	case "article":
		p.pop.Hide()
		p.ctx.open(r.ID)
	default:
		p.pop.Hide()
		p.ctx.reveal(r.ArticleID, r.ID)
	}
}

// snippet cuts the engine's snippet (about 160 characters) to what one
// row shows, about 120 characters from a little before its first match,
// keeping the match offsets right.
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
	// Start at a word, not inside one, when one starts soon enough.
	for i := start; start > 0 && i < start+15 && i < len(runes) && (r.Matches == nil || i < r.Matches[0][0]); i++ {
		if runes[i] == ' ' {
			start = i + 1
			break
		}
	}
	text := string(runes[start:min(start+width, n)])
	var m [][2]int
	for _, x := range r.Matches {
		a, b := x[0]-start, min(x[1]-start, width)
		if a >= 0 && a < b {
			m = append(m, [2]int{a, b})
		}
	}
	prefix := ""
	if start > 0 && !strings.HasPrefix(text, "…") {
		prefix = "…"
		for i := range m {
			m[i][0]++
			m[i][1]++
		}
	}
	suffix := ""
	if start+width < n && !strings.HasSuffix(text, "…") {
		suffix = "…"
	}
	return prefix + text + suffix, m
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
