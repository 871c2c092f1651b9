package reader

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// barHeight is the thickness of the underline bar of an overlapping
// highlight; bars are stacked barHeight+1 px apart below the baseline.
const barHeight = 3

// minBarAlpha keeps underline bars visible when the caller's fill colours
// are translucent (as band colours usually are).
const minBarAlpha = 0xc0

// renderer draws the visible lines of a Reader. Canvas objects are pooled
// and reused between refreshes: rectangles for bands, bars, the selection,
// outlines, the caret and the scrollbar, and one canvas.Text per word.
type renderer struct {
	r       *Reader
	objects []fyne.CanvasObject
	rects   []*canvas.Rectangle
	texts   []*canvas.Text
	nRect   int
	nText   int

	// scratch buffers reused between refreshes
	cands   []int
	runs    []bandRun
	lineRun []int // lineRun[i] is the index in runs of the first run of the i-th visible line
}

func newRenderer(r *Reader) *renderer {
	return &renderer{r: r}
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

// rect returns the next pooled rectangle, appended to the objects.
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
	rc.Move(fyne.NewPos(x, y))
	rc.Resize(fyne.NewSize(w, h))
	rr.objects = append(rr.objects, rc)
	return rc
}

// text returns the next pooled text, appended to the objects.
func (rr *renderer) text(s string, x, y, w, h, size float32, fg color.Color) {
	if rr.nText == len(rr.texts) {
		rr.texts = append(rr.texts, &canvas.Text{})
	}
	t := rr.texts[rr.nText]
	rr.nText++
	t.Text = s
	t.TextSize = size
	t.Color = fg
	t.Move(fyne.NewPos(x, y))
	t.Resize(fyne.NewSize(w, h)) // the painter centres the glyphs vertically
	rr.objects = append(rr.objects, t)
}

// build recreates the object list for the visible lines.
func (rr *renderer) build() {
	r := rr.r
	lay, g := r.lay, r.geom
	size := r.Size()
	th := r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()

	rr.objects = rr.objects[:0]
	rr.nRect, rr.nText = 0, 0

	originY := g.top - r.scrollY // widget y of the top of the text
	first := lay.lineAtY(-originY)
	last := lay.lineAtY(size.Height - originY)
	// xAt is the widget x of the caret before o on line li, clamped to the
	// column (trailing spaces of a wrapped line may overhang it).
	xAt := func(li, o int) float32 {
		return g.colX + min(lay.xOf(li, o, r.widths), g.colW)
	}

	// Highlights: bands first, then bars, so that a bar overhanging the
	// next line is not covered by that line's band.
	rr.cands = r.highlights.overlapping(lay.lines[first].start, lay.lines[last].end+1, rr.cands[:0])
	rr.runs = rr.runs[:0]
	rr.lineRun = rr.lineRun[:0]
	for li := first; li <= last; li++ {
		rr.lineRun = append(rr.lineRun, len(rr.runs))
		if ln := lay.lines[li]; ln.start < ln.end && len(rr.cands) > 0 {
			rr.runs = r.highlights.lineRuns(rr.cands, ln.start, ln.end, rr.runs)
		}
	}
	rr.lineRun = append(rr.lineRun, len(rr.runs))
	for pass := 0; pass < 2; pass++ {
		for li := first; li <= last; li++ {
			ln := lay.lines[li]
			y := originY + ln.y
			for _, run := range rr.runs[rr.lineRun[li-first]:rr.lineRun[li-first+1]] {
				if (run.slot == 0) != (pass == 0) {
					continue
				}
				fill := r.highlights.hs[run.hi].Fill
				x0, x1 := xAt(li, run.start), xAt(li, run.end)
				if run.slot == 0 {
					rr.rect(x0, y, x1-x0, ln.h, fill)
					continue
				}
				by := float32(math.Round(float64(y + g.baseline + 1 + float32(run.slot-1)*(barHeight+1))))
				rr.rect(x0, by, x1-x0, barHeight, barColor(fill))
			}
		}
	}

	// The selection.
	s, e := r.Selection()
	if s < e {
		sel := th.Color(theme.ColorNameSelection, v)
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

	// The words.
	fg := th.Color(theme.ColorNameForeground, v)
	for li := first; li <= last; li++ {
		ln := lay.lines[li]
		y := originY + ln.y
		for _, sg := range lay.lineSegs(li) {
			if !sg.space {
				rr.text(lay.text[sg.bstart:sg.bend], g.colX+sg.x, y, sg.w, ln.h, g.textSize, fg)
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

// barColor is the colour of an underline bar: the band colour made mostly
// opaque so that a thin bar stays visible.
func barColor(c color.Color) color.Color {
	if c == nil {
		return nil
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = max(n.A, minBarAlpha)
	return n
}
