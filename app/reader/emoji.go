package reader

import (
	"bytes"
	"image"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"
)

// emojiFrom is the first rune the reader may draw as an emoji itself:
// Fyne's bundled text font (Noto Sans) has nothing from here up, so these
// runes come from its bundled emoji font whenever that has them.
const emojiFrom = 0x1F000

// maxEmojiCache bounds each of the caches of an emojiFont.
const maxEmojiCache = 512

// emojiFont draws the colour emoji of Fyne's bundled emoji font (EmojiOne,
// SVG glyphs) as images, at the text's size and on its baseline.
//
// Fyne draws them through go-text/render, which fits each glyph's SVG
// document (the whole em box) into the glyph's ink box, keeping its aspect:
// a round face comes out at 94% of the em box and shifted by 0.03 em, but
// an emoji narrower or wider than it is tall is shrunk by that ratio (👍 is
// 5 px wide and 10 px tall at reading size, where 😀 is 14 px), 82 of the
// font's 947 emoji from U+1F000 up. The reader instead renders the em box:
// EmojiOne's documents draw it from (0, 0) to (64, 64), their top edge at
// the font's ascender (0.851 em above the baseline).
//
// A run of emoji with joiners, skin tones or regional indicators (a flag)
// is shaped with the emoji font alone, as one cluster, so that its
// ligature (the flag, the toned hand) is drawn.
type emojiFont struct {
	res     fyne.Resource
	loaded  bool
	face    *font.Face // nil if the font did not parse
	asc     float32    // ascender, in ems
	shaper  shaping.HarfbuzzShaper
	drawn   map[rune]bool // has, cached: GlyphData decodes the SVG document
	runs    map[emojiRunKey][]emojiGlyph
	bitmaps map[emojiKey]*image.NRGBA
}

type emojiKey struct {
	g  font.GID
	px int
}

type emojiRunKey struct {
	run  string
	size float32
}

// emojiGlyph is a glyph of a shaped run of emoji, its advance and offset in
// pixels at the text size.
type emojiGlyph struct {
	g           font.GID
	adv, dx, dy float32
}

func newEmojiFont(res fyne.Resource) *emojiFont {
	e := &emojiFont{
		res:     res,
		drawn:   make(map[rune]bool),
		runs:    make(map[emojiRunKey][]emojiGlyph),
		bitmaps: make(map[emojiKey]*image.NRGBA),
	}
	e.shaper.SetFontCacheSize(1)
	return e
}

// load parses the font the first time an emoji is met (about 5 ms for
// EmojiOne's 4 MB), not when the reader opens an article without one.
func (e *emojiFont) load() {
	if e.loaded {
		return
	}
	e.loaded = true
	f, err := font.ParseTTF(bytes.NewReader(e.res.Content()))
	if err != nil {
		fyne.LogError("reader: emoji font", err)
		return
	}
	ext, _ := f.FontHExtents()
	e.face = f
	e.asc = ext.Ascender / float32(f.Upem())
}

// has reports whether the reader draws r itself: a rune from emojiFrom up
// that the emoji font has as an SVG glyph.
func (e *emojiFont) has(r rune) bool {
	if r < emojiFrom {
		return false
	}
	if ok, known := e.drawn[r]; known {
		return ok
	}
	ok := false
	if e.load(); e.face != nil {
		if g, found := e.face.NominalGlyph(r); found {
			_, ok = e.face.GlyphData(g).(font.GlyphSVG)
		}
	}
	if len(e.drawn) >= maxEmojiCache {
		clear(e.drawn)
	}
	e.drawn[r] = ok
	return ok
}

// joins reports whether r continues a run of emoji: a joiner, a variation
// selector, a combining keycap or a tag (the runes of emoji sequences that
// are not emoji themselves).
func joins(r rune) bool {
	return r == 0x200d || r == 0xfe0f || r == 0x20e3 || (r >= 0xe0020 && r <= 0xe007f)
}

// emojiRunEnd returns the end (a byte offset) of the run of emoji that
// starts at the start of s with a rune e.has.
func (e *emojiFont) emojiRunEnd(s string) int {
	for i, r := range s {
		if i > 0 && !e.has(r) && !joins(r) {
			return i
		}
	}
	return len(s)
}

// shape returns the glyphs of a run of emoji at the text size. A lone
// emoji is its glyph; a sequence is shaped with the emoji font alone.
func (e *emojiFont) shape(run string, size float32) []emojiGlyph {
	key := emojiRunKey{run, size}
	if gs, ok := e.runs[key]; ok {
		return gs
	}
	rs := []rune(run)
	out := e.shaper.Shape(shaping.Input{
		Text: rs, RunStart: 0, RunEnd: len(rs),
		Direction: di.DirectionLTR, Face: e.face,
		Size: fixed.Int26_6(size * 64), Script: language.Common,
	})
	gs := make([]emojiGlyph, 0, len(out.Glyphs))
	px := func(v fixed.Int26_6) float32 { return float32(v) / 64 }
	for _, g := range out.Glyphs {
		gs = append(gs, emojiGlyph{g: g.GlyphID, adv: px(g.XAdvance), dx: px(g.XOffset), dy: -px(g.YOffset)})
	}
	if len(e.runs) >= maxEmojiCache {
		clear(e.runs)
	}
	e.runs[emojiRunKey{strings.Clone(run), size}] = gs
	return gs
}

// bitmap returns glyph g drawn into a px × px square, the em box of the
// glyph (top edge at the ascender), or nil if it is no SVG glyph.
func (e *emojiFont) bitmap(g font.GID, px int) *image.NRGBA {
	key := emojiKey{g, px}
	if bm, ok := e.bitmaps[key]; ok {
		return bm
	}
	if e.face == nil || px <= 0 {
		return nil
	}
	d, ok := e.face.GlyphData(g).(font.GlyphSVG)
	if !ok {
		return nil
	}
	icon, err := oksvg.ReadIconStream(bytes.NewReader(d.Source), oksvg.IgnoreErrorMode)
	if err != nil || icon.ViewBox.W <= 0 || icon.ViewBox.H <= 0 {
		return nil
	}
	bm := image.NewNRGBA(image.Rect(0, 0, px, px))
	// oksvg's SetTarget translates by (x - ViewBox.X, y - ViewBox.Y) in
	// pixels: passing the view box's own corner draws the document's
	// (0, 0) at the top left of the bitmap, as go-text does.
	icon.SetTarget(icon.ViewBox.X, icon.ViewBox.Y, float64(px), float64(px))
	scanner := rasterx.NewScannerGV(px, px, bm, bm.Bounds())
	icon.Draw(rasterx.NewDasher(px, px, scanner), 1)
	if len(e.bitmaps) >= maxEmojiCache {
		clear(e.bitmaps)
	}
	e.bitmaps[key] = bm
	return bm
}

// ascent returns the height of the em box above the baseline at size em.
func (e *emojiFont) ascent(em float32) float32 {
	return float32(math.Round(float64(e.asc * em)))
}
