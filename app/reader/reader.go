package reader

import (
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Highlight is a coloured range [Start, End) of rune (code point) offsets into the text.
type Highlight struct {
	ID         string
	Start, End int
	Fill       color.Color // band colour, chosen by the caller per theme with at least 4.5:1 contrast against the theme's foreground (text) colour
}

// Layout proportions, relative to the theme text size.
const (
	textScale       = 1.1  // reading text is a little larger than UI text
	lineSpacing     = 1.5  // line height / text size
	paragraphGap    = 0.8  // extra gap between paragraphs / text size
	maxColumnEms    = 44   // max column width / text size (about 70 characters)
	minColumnEms    = 4    // the column never gets narrower than this
	autoScrollSpeed = 12.0 // auto-scroll speed while dragging outside: overshoot px per second per px
	doubleClickSlop = 4    // how far (px) the second press of a double click may land from the first
	wheelLines      = 3    // lines scrolled by a notch of the mouse wheel, as in most desktop applications
	// wheelNotch is the scroll delta Fyne's desktop driver sends for a
	// notch of the wheel (25 px on Linux and Windows). Touchpads send
	// fractions of it, scaled the same way.
	wheelNotch = 25
)

// pressKind is what the primary button went down on.
type pressKind int

const (
	pressNone pressKind = iota
	pressText
	pressScrollbar
)

// geometry holds the sizes derived from the theme and the widget width.
type geometry struct {
	textSize   float32
	m          metrics
	baseline   float32 // baseline of the text, from the top of a line, in whole pixels
	colX, colW float32 // text column, widget-relative
	top        float32 // padding above the text
	bottom     float32 // padding below the text
	pad        float32 // theme padding
	barW       float32 // drawn width of the scrollbar thumb
	barGrab    float32 // width of the strip at the right edge that grabs the scrollbar
	minThumb   float32
}

// Reader displays word-wrapped plain text with coloured highlight bands and
// lets the user select text. See the package documentation for the design.
type Reader struct {
	widget.BaseWidget
	// OnSelectionChanged is called when the selection changes by user action (drag end, double-click, shift+click, shift+arrows, select all, click that clears). start==end means no selection.
	OnSelectionChanged func(start, end int)
	// OnHighlightTapped is called when the user clicks (taps without dragging) inside a highlight; with several overlapping, the shortest one containing the point.
	OnHighlightTapped func(id string)
	// OnEmptyTapped is called when a click lands outside any highlight.
	OnEmptyTapped func()
	// OnContextMenu is called on right-click (secondary tap) with the absolute position and the id of the highlight under the pointer ("" if none).
	OnContextMenu func(absPos fyne.Position, highlightID string)
	// OnShortcut receives every shortcut the reader does not handle itself (it handles Copy and SelectAll), because a focused Shortcutable swallows canvas shortcuts in Fyne: the app re-dispatches them (Ctrl+1..4, Ctrl+Z ...).
	OnShortcut func(fyne.Shortcut)
	// OnKey receives every key the reader does not handle itself while it has the focus (it handles the arrows, Shift+arrows, PageUp/PageDown, Home/End, and Escape while text is selected, which clears the selection), because a focused widget takes the keys the canvas would otherwise get: the app uses it for Delete/Backspace and Escape.
	OnKey func(*fyne.KeyEvent)
	// OnShiftArrow, when set, is asked first about Shift+Left (dir -1)
	// and Shift+Right (+1) while no text is selected; returning true
	// takes the key (the app moves the selected highlight's end), false
	// lets the reader extend a selection from the caret as usual.
	OnShiftArrow func(dir int) bool

	text       string
	idx        runeIndex
	hlInput    []Highlight  // highlights as given, re-clamped when the text changes
	highlights highlightSet // hlInput clamped, sorted and layered
	selectedID string

	// The selection is [min(anchor, caret), max(anchor, caret)); the caret
	// is the end that moves.
	anchor, caret        int
	notifiedS, notifiedE int // the selection last reported (or set by the app)

	scrollY float32

	// Layout cache: re-wrapped only when the text, width or text size change.
	lay      *textLayout
	geom     geometry
	widths   *widthCache
	emoji    *emojiFont // the emoji the reader draws itself; nil with a theme font of its own
	widthsAt float32    // text size the width cache was measured at
	fontName string     // name of the theme font the width cache was measured with
	textH    float32    // height of a line of glyphs at that size
	textBase float32    // baseline of the glyphs at that size

	focused     bool
	shiftDown   bool // Shift seen down in KeyDown; see shiftHeld
	press       pressKind
	pressShift  bool // the press extended the selection (shift+click)
	pressOffset int
	dragging    bool
	dragPos     fyne.Position
	thumbGrab   float32 // pointer offset inside the thumb while dragging the scrollbar
	goalX       float32 // x kept by Shift+Up/Down across lines
	hasGoalX    bool
	autoScroll  *fyne.Animation
	autoLast    time.Time

	// Double-click-drag: the second press of a double click selects the
	// word under it at once and dragging then extends by whole words.
	now          func() time.Time // the clock (time.Now; tests replace it)
	lastPress    time.Time        // time of the last primary press on the text, zero after a double press
	lastPressPos fyne.Position
	wordMode     bool // the current press is the second of a double click
	wordS, wordE int  // the word that press selected
}

// New returns an empty reader.
func New() *Reader {
	r := &Reader{now: time.Now}
	r.idx = newRuneIndex("")
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *Reader) CreateRenderer() fyne.WidgetRenderer {
	return newRenderer(r)
}

// SetText replaces the text; it clears the selection, scrolls to the top
// and re-lays out.
func (r *Reader) SetText(text string) {
	r.text = text
	r.idx = newRuneIndex(text)
	r.lay = nil
	r.anchor, r.caret = 0, 0
	r.notifiedS, r.notifiedE = 0, 0
	r.scrollY = 0
	r.hasGoalX = false
	r.highlights = newHighlightSet(r.hlInput, r.idx.n)
	r.Refresh()
}

// Text returns the text.
func (r *Reader) Text() string { return r.text }

// SetHighlights replaces all highlights. It does not re-wrap the text.
func (r *Reader) SetHighlights(hs []Highlight) {
	r.hlInput = append([]Highlight(nil), hs...)
	r.highlights = newHighlightSet(r.hlInput, r.idx.n)
	r.Refresh()
}

// SetSelectedHighlight draws an outline around the bands of the highlight
// with that id ("" for none).
func (r *Reader) SetSelectedHighlight(id string) {
	r.selectedID = id
	r.Refresh()
}

// Selection returns the selection, ordered (start <= end).
func (r *Reader) Selection() (start, end int) {
	return min(r.anchor, r.caret), max(r.anchor, r.caret)
}

// SetSelection sets the selection, clamped to the text. It does not call
// OnSelectionChanged.
func (r *Reader) SetSelection(start, end int) {
	start = r.clampOffset(start)
	end = r.clampOffset(end)
	r.anchor, r.caret = min(start, end), max(start, end)
	r.notifiedS, r.notifiedE = r.anchor, r.caret
	r.hasGoalX = false
	r.Refresh()
}

// SelectedText returns the selected text.
func (r *Reader) SelectedText() string {
	s, e := r.Selection()
	return r.idx.slice(s, e)
}

// ScrollToOffset scrolls so that the line holding rune offset is visible,
// about a third from the top.
func (r *Reader) ScrollToOffset(offset int) {
	r.ensureLayout()
	ln := r.lay.lines[r.lay.lineForOffset(r.clampOffset(offset))]
	r.setScroll(r.geom.top + ln.y - r.Size().Height/3)
	r.Refresh()
}

// ScrollPosition returns the current vertical scroll in pixels.
func (r *Reader) ScrollPosition() float32 { return r.scrollY }

// OffsetAt returns the rune boundary nearest to a widget-relative position.
// Above the text it returns 0, below the text the end of the text.
func (r *Reader) OffsetAt(pos fyne.Position) int {
	r.ensureLayout()
	cy := pos.Y + r.scrollY - r.geom.top
	switch {
	case cy < 0:
		return 0
	case cy >= r.lay.height:
		return r.idx.n
	}
	return r.lay.offsetAtX(r.lay.lineAtY(cy), pos.X-r.geom.colX, r.widths)
}

// PositionOf returns the widget-relative top-left of the caret before rune
// offset (clamped to the text).
func (r *Reader) PositionOf(offset int) fyne.Position {
	r.ensureLayout()
	offset = r.clampOffset(offset)
	li := r.lay.lineForOffset(offset)
	return fyne.NewPos(
		r.geom.colX+r.lay.xOf(li, offset, r.widths),
		r.geom.top+r.lay.lines[li].y-r.scrollY,
	)
}

// runeAt returns the rune whose glyph box contains the widget-relative
// position, or false if there is no text under it.
func (r *Reader) runeAt(pos fyne.Position) (int, bool) {
	r.ensureLayout()
	cy := pos.Y + r.scrollY - r.geom.top
	if cy < 0 || cy >= r.lay.height {
		return 0, false
	}
	return r.lay.runeAtX(r.lay.lineAtY(cy), pos.X-r.geom.colX, r.widths)
}

// highlightAt returns the ID of the shortest highlight under the position.
func (r *Reader) highlightAt(pos fyne.Position) (string, bool) {
	o, ok := r.runeAt(pos)
	if !ok {
		return "", false
	}
	return r.highlights.shortestAt(o)
}

func (r *Reader) clampOffset(o int) int { return min(max(o, 0), r.idx.n) }

// ensureLayout computes the geometry for the current theme and width and
// re-wraps the text if the text, the column width or the text size changed.
func (r *Reader) ensureLayout() {
	th := r.Theme()
	textSize := th.Size(theme.SizeNameText) * textScale
	rewrap := r.lay == nil
	fontName := ""
	if f := th.Font(fyne.TextStyle{}); f != nil {
		fontName = f.Name()
	}
	if r.widths == nil || r.widthsAt != textSize || r.fontName != fontName {
		size := textSize
		r.widths = newWidthCache(func(s string) float32 {
			return fyne.MeasureText(s, size, fyne.TextStyle{}).Width
		})
		r.widthsAt, r.fontName = textSize, fontName
		r.emoji = nil
		if em := theme.DefaultEmojiFont(); em != nil && fontName == theme.DefaultTextFont().Name() {
			r.emoji = newEmojiFont(em)
		}
		sz, base := fyne.CurrentApp().Driver().RenderedTextSize("Mg", textSize, fyne.TextStyle{}, nil)
		r.textH, r.textBase = sz.Height, base
		rewrap = true
	}
	pad := th.Size(theme.SizeNamePadding)
	width := r.Size().Width
	margin := 4 * pad
	colW := min(maxColumnEms*textSize, width-2*margin)
	colW = float32(math.Floor(float64(max(colW, minColumnEms*textSize))))
	space := r.widths.width(" ")
	lineHeight := float32(math.Round(float64(textSize * lineSpacing)))
	r.geom = geometry{
		textSize: textSize,
		// Fyne centres a text's glyph box in its height (Fyne's software
		// painter rounds the offset up) and draws the baseline at the
		// rounded-up ascent.
		baseline: float32(math.Ceil(float64((lineHeight-r.textH)/2)) + math.Ceil(float64(r.textBase))),
		m: metrics{
			lineHeight: lineHeight,
			paraGap:    float32(math.Round(float64(textSize * paragraphGap))),
			spaceWidth: space,
			tabWidth:   4 * space,
		},
		colX:     float32(math.Floor(float64(max(width-colW, 0) / 2))),
		colW:     colW,
		top:      margin,
		bottom:   margin,
		pad:      pad,
		barW:     2 * th.Size(theme.SizeNameScrollBarSmall),
		barGrab:  th.Size(theme.SizeNameScrollBar),
		minThumb: 2 * lineHeight,
	}
	if rewrap || r.lay.width != colW || r.lay.m != r.geom.m {
		// Keep the line at the top of the view at the top after re-wrapping.
		anchor := -1
		if r.lay != nil && r.scrollY > 0 {
			anchor = r.lay.lines[r.lay.lineAtY(r.scrollY-r.geom.top)].start
		}
		r.lay = wrap(r.text, colW, r.geom.m, r.widths)
		if anchor >= 0 {
			r.scrollY = r.geom.top + r.lay.lines[r.lay.lineForOffset(anchor)].y
		}
		r.clampScroll()
	}
}

// contentHeight is the height of the text with its padding.
func (r *Reader) contentHeight() float32 {
	return r.geom.top + r.lay.height + r.geom.bottom
}

func (r *Reader) maxScroll() float32 {
	return max(r.contentHeight()-r.Size().Height, 0)
}

// setScroll sets the scroll position, clamped and rounded to a whole
// pixel, so that the lines are drawn at whole pixels; it does not refresh.
func (r *Reader) setScroll(y float32) {
	r.ensureLayout()
	r.scrollY = min(max(round(y), 0), r.maxScroll())
}

func (r *Reader) clampScroll() {
	r.scrollY = min(max(r.scrollY, 0), max(r.contentHeight()-r.Size().Height, 0))
}

// scrollBy scrolls by dy pixels (positive: towards the end) and refreshes if
// the position changed.
func (r *Reader) scrollBy(dy float32) {
	old := r.scrollY
	r.setScroll(r.scrollY + dy)
	if r.scrollY != old {
		r.Refresh()
	}
}

// thumb returns the scrollbar thumb's top and height, and false if the text
// fits and there is no scrollbar.
func (r *Reader) thumb() (y, h float32, ok bool) {
	r.ensureLayout()
	viewH := r.Size().Height
	contentH := r.contentHeight()
	if contentH <= viewH {
		return 0, 0, false
	}
	track := viewH - 2*r.geom.pad
	h = min(max(track*viewH/contentH, r.geom.minThumb), track)
	y = r.geom.pad + (track-h)*r.scrollY/r.maxScroll()
	return y, h, true
}

// scrollToThumb scrolls so that the thumb's top is at y.
func (r *Reader) scrollToThumb(y float32) {
	_, h, ok := r.thumb()
	if !ok {
		return
	}
	track := r.Size().Height - 2*r.geom.pad
	if track <= h {
		return
	}
	r.scrollBy((y-r.geom.pad)/(track-h)*r.maxScroll() - r.scrollY)
}

func (r *Reader) inScrollbar(pos fyne.Position) bool {
	if _, _, ok := r.thumb(); !ok {
		return false
	}
	return pos.X >= r.Size().Width-r.geom.barGrab
}

// commitSelection reports the selection to OnSelectionChanged if it changed
// since it was last reported (a move of an empty selection is no change).
func (r *Reader) commitSelection() {
	s, e := r.Selection()
	if (s == r.notifiedS && e == r.notifiedE) || (s == e && r.notifiedS == r.notifiedE) {
		r.notifiedS, r.notifiedE = s, e
		return
	}
	r.notifiedS, r.notifiedE = s, e
	if r.OnSelectionChanged != nil {
		r.OnSelectionChanged(s, e)
	}
}

// collapse makes the selection empty at o.
func (r *Reader) collapse(o int) {
	r.anchor, r.caret = o, o
	r.hasGoalX = false
}

func (r *Reader) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(r); c != nil {
		c.Focus(r)
	}
}

var (
	_ fyne.Widget            = (*Reader)(nil)
	_ fyne.Tappable          = (*Reader)(nil)
	_ fyne.DoubleTappable    = (*Reader)(nil)
	_ fyne.SecondaryTappable = (*Reader)(nil)
	_ fyne.Draggable         = (*Reader)(nil)
	_ fyne.Scrollable        = (*Reader)(nil)
	_ fyne.Focusable         = (*Reader)(nil)
	_ fyne.Shortcutable      = (*Reader)(nil)
	_ desktop.Mouseable      = (*Reader)(nil)
	_ desktop.Keyable        = (*Reader)(nil)
	_ desktop.Cursorable     = (*Reader)(nil)
)
