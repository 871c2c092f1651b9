package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/app/reader"
)

// readerPane shows the open article: its title and byline above the
// reader widget, with the annotations as coloured bands.
type readerPane struct {
	sh     *shell
	reader *reader.Reader
	header *widget.RichText
	box    fyne.CanvasObject
	shown  string // the article ID whose text the reader holds
}

// readerCallbacks are what the reader pane reports to the workbench.
type readerCallbacks struct {
	selectionChanged func(start, end int)
	tapped           func(id string) // a highlight, or "" for none
	contextMenu      func(pos fyne.Position, highlightID string)
	shortcut         func(fyne.Shortcut)
	key              func(*fyne.KeyEvent)
	shiftArrow       func(dir int) bool
}

func newReaderPane(sh *shell, cb readerCallbacks) *readerPane {
	p := &readerPane{sh: sh, reader: reader.New()}
	p.reader.OnSelectionChanged = cb.selectionChanged
	p.reader.OnHighlightTapped = cb.tapped
	p.reader.OnEmptyTapped = func() { cb.tapped("") }
	p.reader.OnContextMenu = cb.contextMenu
	p.reader.OnShortcut = cb.shortcut
	p.reader.OnShiftArrow = cb.shiftArrow
	p.reader.OnKey = func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyBackspace { // only while the reader has the keyboard
			ev = &fyne.KeyEvent{Name: fyne.KeyDelete}
		}
		cb.key(ev)
	}
	p.header = widget.NewRichText()
	p.header.Wrapping = fyne.TextWrapWord
	p.box = container.NewBorder(container.NewPadded(p.header), nil, nil, nil, p.reader)
	return p
}

func (p *readerPane) object() fyne.CanvasObject { return p.box }

// show puts d in the reader; the text is replaced (and the scroll and
// selection reset) only when it is another article or version.
func (p *readerPane) show(d *openDoc, selected string) {
	if d == nil {
		p.shown = ""
		p.reader.SetText("")
		p.reader.SetHighlights(nil)
		return
	}
	if p.shown != d.textKey() {
		p.shown = d.textKey()
		p.reader.SetText(d.article.Text)
	}
	p.setHeader(d.article)
	p.setHighlights(d)
	p.reader.SetSelectedHighlight(selected)
}

func (p *readerPane) setHeader(art annotate.Article) {
	var meta []string
	for _, s := range []string{art.Byline, art.Source} {
		if s != "" {
			meta = append(meta, s)
		}
	}
	if !art.Published.IsZero() {
		meta = append(meta, art.Published.Format("2 January 2006"))
	}
	segs := []widget.RichTextSegment{
		&widget.TextSegment{Text: art.Title, Style: widget.RichTextStyleSubHeading},
	}
	if len(meta) > 0 {
		// The theme's foreground, not its "disabled" grey: a byline must be
		// readable (the grey was 1.6:1 in the dark theme).
		segs = append(segs, &widget.TextSegment{Text: strings.Join(meta, " · "), Style: widget.RichTextStyleInline})
	}
	p.header.Segments = segs
	p.header.Refresh()
}

func (p *readerPane) setHighlights(d *openDoc) {
	variant := p.sh.variant()
	hs := make([]reader.Highlight, 0, len(d.anns))
	for _, a := range d.anns {
		hs = append(hs, reader.Highlight{ID: a.ID, Start: a.Span.Start, End: a.Span.End, Fill: fillFor(a.Kind, variant)})
	}
	p.reader.SetHighlights(hs)
}

// selection is the selected text's range of rune offsets (start == end
// for none).
func (p *readerPane) selection() (start, end int) { return p.reader.Selection() }

// selectedText is the selected text.
func (p *readerPane) selectedText() string { return p.reader.SelectedText() }

// collapseSelection leaves the caret at offset with nothing selected.
func (p *readerPane) collapseSelection(offset int) { p.reader.SetSelection(offset, offset) }

// outline marks the selected highlight ("" for none).
func (p *readerPane) outline(id string) { p.reader.SetSelectedHighlight(id) }

// scrollTo brings offset into view.
func (p *readerPane) scrollTo(offset int) { p.reader.ScrollToOffset(offset) }

// focus gives the keyboard to the reader.
func (p *readerPane) focus() { p.sh.win.Canvas().Focus(p.reader) }
