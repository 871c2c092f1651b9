package reader

import (
	"image"
	"image/color"
	"math"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// stripeGap is the gap left between two stripes of a band, through which
// the background shows.
const stripeGap = 2

// shadeMix is how far a stripe below a stripe of the same colour is mixed
// towards the background, so that two overlapping highlights of one colour
// still read as two. Mixing towards the background keeps the text readable:
// the text contrasts with both the fill and the background.
const shadeMix = 0.4

// renderer draws the visible lines of a Reader. Canvas objects are pooled
// and reused between refreshes: rectangles for stripes, the selection,
// outlines, the caret and the scrollbar, and one canvas.Text per word.
type renderer struct {
	r       *Reader
	objects []fyne.CanvasObject
	rects   []*canvas.Rectangle
	texts   []*canvas.Text
	images  map[*image.NRGBA][]*canvas.Image // emoji, pooled per bitmap so that no texture is uploaded twice
	nImage  map[*image.NRGBA]int
	nRect   int
	nText   int

	// scratch buffers reused between refreshes
	cands []int
	runs  []bandRun
}

func newRenderer(r *Reader) *renderer {
	return &renderer{r: r, images: make(map[*image.NRGBA][]*canvas.Image), nImage: make(map[*image.NRGBA]int)}
}

// IsClip tells Fyne to clip the children to the widget (partially visible
// lines at the top and bottom). A Scrollable is clipped anyway; this makes it
// explicit.
func (rr *renderer) IsClip() {}

// Destroy implements fyne.WidgetRenderer.
func (rr *renderer) Destroy() {
	rr.r.stopAutoScroll()
}

// Layout implements fyne.WidgetRenderer: the text is re-wrapped only when
// the column width changes.
func (rr *renderer) Layout(fyne.Size) {
	rr.r.ensureLayout()
	rr.r.clampScroll()
	rr.build()
}

// MinSize implements fyne.WidgetRenderer. The reader scrolls itself and
// fills whatever it is given.
func (rr *renderer) MinSize() fyne.Size {
	return fyne.NewSize(200, 200)
}

// Objects implements fyne.WidgetRenderer.
func (rr *renderer) Objects() []fyne.CanvasObject {
	return rr.objects
}

// Refresh implements fyne.WidgetRenderer.
func (rr *renderer) Refresh() {
	rr.r.ensureLayout()
	rr.r.clampScroll()
	rr.build()
	canvas.Refresh(rr.r)
}

// rect returns the next pooled rectangle, appended to the objects. Its
// edges are rounded to whole pixels, so that rectangles sharing an edge
// (stripes, the selection) neither overlap nor leave a seam where their
// anti-aliased edges would blend twice.
func (rr *renderer) rect(x, y, w, h float32, fill color.Color) *canvas.Rectangle {
	if rr.nRect == len(rr.rects) {
		rr.rects = append(rr.rects, &canvas.Rectangle{})
	}
	rc := rr.rects[rr.nRect]
	rr.nRect++
	rc.FillColor = fill
	rc.StrokeColor = nil
	rc.StrokeWidth = 0
	rc.CornerRadius = 0
	x0, y0 := round(x), round(y)
	rc.Move(fyne.NewPos(x0, y0))
	rc.Resize(fyne.NewSize(round(x+w)-x0, round(y+h)-y0))
	rr.objects = append(rr.objects, rc)
	return rc
}

// text draws s (a word or a piece of one) at x on the line at y of height
// h: pooled canvas.Texts appended to the objects, and images for the emoji
// the reader draws itself (see emojiFont), each run at the x the width
// cache gives it.
func (rr *renderer) text(s string, x, y, w, h, size float32, fg color.Color) {
	e := rr.r.emoji
	if e == nil || !hasAstral(s) {
		rr.plainText(s, x, y, w, h, size, fg)
		return
	}
	wc := rr.r.widths
	start, i := 0, 0
	for i < len(s) {
		c, n := utf8.DecodeRuneInString(s[i:])
		if !e.has(c) {
			i += n
			continue
		}
		j := i + e.emojiRunEnd(s[i:])
		xi, xj := wc.prefix(s, i), wc.prefix(s, j)
		if start < i {
			xs := round(wc.prefix(s, start))
			rr.plainText(s[start:i], x+xs, y, xi-xs, h, size, fg)
		}
		rr.emojiRun(s[i:j], x+xi, y, xj-xi)
		start, i = j, j
	}
	if start < len(s) {
		xs := round(wc.prefix(s, start))
		rr.plainText(s[start:], x+xs, y, w-xs, h, size, fg)
	}
}

// hasAstral reports whether s has a rune beyond the Basic Multilingual
// Plane (where the emoji are): a 4-byte UTF-8 sequence.
func hasAstral(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xf0 {
			return true
		}
	}
	return false
}

// emojiRun draws a run of emoji, which the layout gives the width w, at x
// on the line at y: each glyph's em box at the text size, centred in its
// advance (the advances scaled to w, which Fyne measured and which may
// count a sequence that Fyne does not join as several glyphs), its top at
// the font's ascender above the text's baseline.
func (rr *renderer) emojiRun(run string, x, y, w float32) {
	r, g := rr.r, rr.r.geom
	scale := float32(1)
	if cv := fyne.CurrentApp().Driver().CanvasForObject(r); cv != nil && cv.Scale() > 0 {
		scale = cv.Scale()
	}
	px := int(math.Round(float64(g.textSize * scale)))
	em := float32(px) / scale
	glyphs := r.emoji.shape(run, g.textSize)
	var total float32
	for _, gl := range glyphs {
		total += gl.adv
	}
	k := float32(1)
	if total > 0 {
		k = w / total
	}
	top := y + g.baseline - r.emoji.ascent(em)
	var pen float32
	for _, gl := range glyphs {
		adv := gl.adv * k
		if bm := r.emoji.bitmap(gl.g, px); bm != nil {
			rr.image(bm, round(x+pen+gl.dx+(adv-em)/2), top+round(gl.dy), em)
		}
		pen += adv
	}
}

// image appends a pooled image of bm, em × em, at (x, y).
func (rr *renderer) image(bm *image.NRGBA, x, y, em float32) {
	// An image object always shows the same bitmap: Fyne keeps an image's
	// texture across its parent's refreshes, so a pooled object given
	// another bitmap would need a texture upload of its own.
	pool, n := rr.images[bm], rr.nImage[bm]
	if n == len(pool) {
		if len(rr.images) >= maxEmojiCache {
			clear(rr.images)
			clear(rr.nImage)
			pool, n = nil, 0
		}
		pool = append(pool, &canvas.Image{Image: bm, FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScaleSmooth})
		rr.images[bm] = pool
	}
	img := pool[n]
	rr.nImage[bm] = n + 1
	img.Move(fyne.NewPos(x, y))
	img.Resize(fyne.NewSize(em, em))
	rr.objects = append(rr.objects, img)
}

// plainText appends the next pooled text. Runes that no font has are drawn
// as U+FFFD, as the width cache measured them, and a text starting with a
// rune of another font keeps the baseline of the theme font (see
// widthCache.drawText).
func (rr *renderer) plainText(s string, x, y, w, h, size float32, fg color.Color) {
	if rr.nText == len(rr.texts) {
		rr.texts = append(rr.texts, &canvas.Text{})
	}
	t := rr.texts[rr.nText]
	rr.nText++
	t.Text = rr.r.widths.drawText(s)
	t.TextSize = size
	t.Color = fg
	t.Move(fyne.NewPos(x, y))
	t.Resize(fyne.NewSize(w, h)) // the painter centres the glyphs vertically
	rr.objects = append(rr.objects, t)
}

// build recreates the object list for the visible lines. Back to front:
// highlight stripes, the selection band, the words, the outline of the
// selected highlight, the caret and the scrollbar thumb.
func (rr *renderer) build() {
	r := rr.r
	lay, g := r.lay, r.geom
	size := r.Size()
	th := r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()

	rr.objects = rr.objects[:0]
	rr.nRect, rr.nText = 0, 0
	clear(rr.nImage)

	originY := g.top - r.scrollY // widget y of the top of the text
	first := lay.lineAtY(-originY)
	last := lay.lineAtY(size.Height - originY)
	// xAt is the widget x of the caret before o on line li, clamped to the
	// column (trailing spaces of a wrapped line may overhang it).
	xAt := func(li, o int) float32 {
		return g.colX + min(lay.xOf(li, o, r.widths), g.colW)
	}

	// Highlights: n overlapping highlights share the line height as n
	// stripes, with a gap between stripes.
	rr.cands = r.highlights.overlapping(lay.lines[first].start, lay.lines[last].end+1, rr.cands[:0])
	if len(rr.cands) > 0 {
		bg := th.Color(theme.ColorNameBackground, v)
		for li := first; li <= last; li++ {
			ln := lay.lines[li]
			if ln.start >= ln.end {
				continue
			}
			rr.runs = r.highlights.lineRuns(rr.cands, ln.start, ln.end, rr.runs[:0])
			y := originY + ln.y
			for _, run := range rr.runs {
				x0, x1 := xAt(li, run.start), xAt(li, run.end)
				y0 := y + stripeY(ln.h, run.stripe, run.of)
				y1 := y + stripeY(ln.h, run.stripe+1, run.of)
				if run.stripe+1 < run.of {
					y1 -= stripeGap
				}
				fill := r.highlights.hs[run.hi].Fill
				if run.shade {
					fill = mix(fill, bg, shadeMix)
				}
				rr.rect(x0, y0, x1-x0, y1-y0, fill)
			}
		}
	}

	// The selection: an opaque band in the primary colour over the stripes,
	// with the selected glyphs in the colour made for text on it.
	s, e := r.Selection()
	if s < e {
		sel := th.Color(theme.ColorNamePrimary, v)
		for li := first; li <= last; li++ {
			ln := lay.lines[li]
			a, b := max(s, ln.start), min(e, ln.end)
			newline := ln.hardEnd && s <= ln.end && e > ln.end // the '\n' ending the line is selected
			if a >= b && !newline {
				continue
			}
			x0, x1 := xAt(li, a), xAt(li, b)
			if newline {
				x1 += g.m.spaceWidth
			}
			if x1 > x0 {
				rr.rect(x0, originY+ln.y, x1-x0, ln.h, sel)
			}
		}
	}

	// The words; a word the selection starts or ends in is drawn in pieces.
	fg := th.Color(theme.ColorNameForeground, v)
	selFg := th.Color(theme.ColorNameForegroundOnPrimary, v)
	for li := first; li <= last; li++ {
		ln := lay.lines[li]
		y := originY + ln.y
		for _, sg := range lay.lineSegs(li) {
			if sg.space {
				continue
			}
			word := lay.text[sg.bstart:sg.bend]
			x := g.colX + sg.x
			switch {
			case sg.end <= s || sg.start >= e: // not selected (or no selection)
				rr.text(word, x, y, sg.w, ln.h, g.textSize, fg)
			case s <= sg.start && sg.end <= e:
				rr.text(word, x, y, sg.w, ln.h, g.textSize, selFg)
			case !shapeFree(word):
				// The selection starts or ends inside a word whose glyphs
				// depend on each other (a flag, a toned emoji, Arabic):
				// drawn in pieces, they would lose their shapes and
				// overlap what follows. The word is drawn whole.
				rr.text(word, x, y, sg.w, ln.h, g.textSize, fg)
			default:
				// Byte offsets in word of the selected part [ba, bb).
				ba := byteOffsetIn(word, max(s, sg.start)-sg.start)
				bb := byteOffsetIn(word, min(e, sg.end)-sg.start)
				// Pieces start at whole pixels too (see wrap).
				xa, xb := round(r.widths.prefix(word, ba)), round(r.widths.prefix(word, bb))
				if ba > 0 {
					rr.text(word[:ba], x, y, xa, ln.h, g.textSize, fg)
				}
				rr.text(word[ba:bb], x+xa, y, xb-xa, ln.h, g.textSize, selFg)
				if bb < len(word) {
					rr.text(word[bb:], x+xb, y, sg.w-xb, ln.h, g.textSize, fg)
				}
			}
		}
	}

	// The outline of the selected highlight.
	if r.selectedID != "" {
		primary := th.Color(theme.ColorNamePrimary, v)
		for _, hi := range rr.cands {
			h := r.highlights.hs[hi]
			if h.ID != r.selectedID {
				continue
			}
			for li := first; li <= last; li++ {
				ln := lay.lines[li]
				if h.End <= ln.start || h.Start >= ln.end {
					continue
				}
				x0, x1 := xAt(li, max(h.Start, ln.start)), xAt(li, min(h.End, ln.end))
				rc := rr.rect(x0-1, originY+ln.y, x1-x0+2, ln.h, color.Transparent)
				rc.StrokeColor = primary
				rc.StrokeWidth = 2
			}
		}
	}

	// The caret, when focused and nothing is selected.
	if r.focused && s == e {
		li := lay.lineForOffset(r.caret)
		if li >= first && li <= last {
			ln := lay.lines[li]
			rr.rect(xAt(li, r.caret), originY+ln.y, 1, ln.h, fg)
		}
	}

	// The scrollbar thumb.
	if ty, th2, ok := r.thumb(); ok {
		rc := rr.rect(size.Width-g.barW-g.pad/2, ty, g.barW, th2, th.Color(theme.ColorNameScrollBar, v))
		rc.CornerRadius = g.barW / 2
	}
}

// round rounds v to a whole pixel.
func round(v float32) float32 { return float32(math.Round(float64(v))) }

// stripeY is the top of stripe k of n in a line of height h, relative to
// the line, rounded to whole pixels so that stripes of one band line up.
func stripeY(h float32, k, n int) float32 {
	return round(h * float32(k) / float32(n))
}

// byteOffsetIn returns the byte offset of the n-th rune of s.
func byteOffsetIn(s string, n int) int {
	b := 0
	for ; n > 0 && b < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[b:])
		b += size
	}
	return b
}

// mix returns c moved the fraction t of the way towards the opaque colour
// to, keeping c's alpha.
func mix(c, to color.Color, t float32) color.Color {
	if c == nil || to == nil {
		return c
	}
	a := color.NRGBAModel.Convert(c).(color.NRGBA)
	b := color.NRGBAModel.Convert(to).(color.NRGBA)
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(float32(x) + (float32(y)-float32(x))*t))) }
	return color.NRGBA{R: m(a.R, b.R), G: m(a.G, b.G), B: m(a.B, b.B), A: a.A}
}
