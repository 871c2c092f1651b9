package reader

import (
	"bytes"
	"image"
	"math"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/font"
	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
)

// emojiFrom is the first rune the reader may draw as an emoji itself:
// Fyne's bundled text font (Noto Sans) has nothing from here up, so these
// runes come from its bundled emoji font whenever that has them.
const emojiFrom = 0x1F000

// maxEmojiBitmaps bounds the bitmaps an emojiFont keeps.
const maxEmojiBitmaps = 512

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
type emojiFont struct {
	res     fyne.Resource
	loaded  bool
	face    *font.Face    // nil if the font did not parse
	asc     float32       // ascender, in ems
	drawn   map[rune]bool // has, cached: GlyphData decodes the SVG document
	bitmaps map[emojiKey]*image.NRGBA
}

type emojiKey struct {
	r  rune
	px int
}

func newEmojiFont(res fyne.Resource) *emojiFont {
	return &emojiFont{res: res, drawn: make(map[rune]bool), bitmaps: make(map[emojiKey]*image.NRGBA)}
}

// load parses the font the first time an emoji is met (about 10 ms for
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

// has reports whether the reader draws r itself: an emoji from emojiFrom
// up, alone (a rune that needs shaping, such as a skin tone, is left to
// Fyne with its word), that the emoji font has as an SVG glyph.
func (e *emojiFont) has(r rune) bool {
	if r < emojiFrom || needsShaping(r) {
		return false
	}
	if ok, known := e.drawn[r]; known {
		return ok
	}
	_, ok := e.svg(r)
	if len(e.drawn) >= maxEmojiBitmaps {
		clear(e.drawn)
	}
	e.drawn[r] = ok
	return ok
}

// svg returns the SVG document of r's glyph.
func (e *emojiFont) svg(r rune) ([]byte, bool) {
	e.load()
	if e.face == nil {
		return nil, false
	}
	g, ok := e.face.NominalGlyph(r)
	if !ok {
		return nil, false
	}
	d, ok := e.face.GlyphData(g).(font.GlyphSVG)
	return d.Source, ok
}

// bitmap returns r drawn into a px × px square, the em box of its glyph
// (top edge at the ascender), or nil if it cannot be drawn.
func (e *emojiFont) bitmap(r rune, px int) *image.NRGBA {
	key := emojiKey{r, px}
	if bm, ok := e.bitmaps[key]; ok {
		return bm
	}
	src, ok := e.svg(r)
	if !ok || px <= 0 {
		return nil
	}
	icon, err := oksvg.ReadIconStream(bytes.NewReader(src), oksvg.IgnoreErrorMode)
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
	if len(e.bitmaps) >= maxEmojiBitmaps {
		clear(e.bitmaps)
	}
	e.bitmaps[key] = bm
	return bm
}

// ascent returns the height of the em box above the baseline at size em.
func (e *emojiFont) ascent(em float32) float32 {
	return float32(math.Round(float64(e.asc * em)))
}
