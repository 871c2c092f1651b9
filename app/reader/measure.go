package reader

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds widthCache, which measures text for the layout and says
// how Fyne must be given it to draw what was measured.

// replacementChar is what the reader draws for a rune that no font has:
// U+FFFD, which Fyne's bundled text font has.
const replacementChar = '\uFFFD'

// baselineAnchor is drawn before a word that starts with a rune from
// another font than the theme's: Fyne puts the baseline of a text at the
// ascent of the font of its first rune, so that a word starting with a
// CJK or emoji glyph (the fonts of which have smaller ascents) was drawn
// higher than its neighbours, 4 px for emoji. The zero width space is in
// the theme font and has no advance, so the word keeps the theme font's
// baseline and its width.
const baselineAnchor = "\u200B"

// widthCache measures text for the layout. Measuring a string through Fyne
// costs about 80 µs whatever its length (Fyne builds a HarfBuzz shaper per
// call), so words are not measured one by one: the cache measures each
// distinct rune once and a word's width is the sum of its runes' advances.
// A typical article then needs a hundred or so measure calls instead of one
// per distinct word. The sums ignore kerning inside a word (with the
// default font about 1 px for most words, up to about 2 px for capitals
// with several kerned pairs); the renderer draws every word as its own
// canvas.Text at the x computed here, so positions at word boundaries are
// exact and the error stays inside the word.
//
// Words with runes whose shape depends on their neighbours (combining
// marks, joiners, variation selectors, emoji modifiers and flags, scripts
// that need shaping: see needsShaping) are measured whole instead, as are
// their prefixes for hit testing.
//
// A rune that no font on the machine has is never handed to Fyne to draw:
// Fyne draws it as a U+FFFD diamond wider than the advance it gives it (and
// its measurement counts such a glyph twice at the end of a run, so the
// next glyph of the same text is drawn one advance too far right). The
// cache finds those runes (see advance) and the reader draws and measures
// U+FFFD in their place (see drawable), so what is measured is what is
// drawn.
type widthCache struct {
	measure measureFunc
	ascii   [utf8.RuneSelf]float32 // advances of ASCII runes; < 0: not measured yet
	runes   map[rune]float32       // advances of the other runes
	missing map[rune]bool          // runes no font has, drawn as replacementChar
	shaped  map[string]float32     // strings measured whole
	anchor  int8                   // whether baselineAnchor has no advance: 0 not measured yet, 1 yes, -1 no
	texts   map[string]string      // drawText of the strings that start beyond ASCII
}

func newWidthCache(m measureFunc) *widthCache {
	c := &widthCache{
		measure: m,
		runes:   make(map[rune]float32, 64),
		missing: make(map[rune]bool),
		shaped:  make(map[string]float32),
		texts:   make(map[string]string),
	}
	for i := range c.ascii {
		c.ascii[i] = -1
	}
	return c
}

// needsShaping reports whether the advance of c depends on the runes around
// it, so that a word containing c must be measured whole.
func needsShaping(c rune) bool {
	switch {
	case c < 0x0300:
		return c == 0x00ad // soft hyphen: invisible unless the line breaks there
	case c >= 0x0590 && c < 0x1e00:
		// Hebrew, Arabic, Syriac, the Indic, South-East Asian and Tibetan
		// scripts, Hangul Jamo, Mongolian ...: contextual forms, reordering
		// and conjuncts.
		return true
	case c >= 0x1f1e6 && c <= 0x1f1ff, // regional indicators (flags)
		c >= 0x1f3fb && c <= 0x1f3ff: // emoji skin tone modifiers
		return true
	}
	// Combining marks (including variation selectors) and format
	// characters (zero-width joiners, soft hyphens, tags).
	return unicode.In(c, unicode.Mn, unicode.Me, unicode.Mc, unicode.Cf)
}

// advance returns the advance of c as the reader draws it; for a word
// that needs shaping, only its missing status (see isMissing) is of use.
//
// ASCII runes are measured alone: every text font has them. Every other
// rune is measured alone and doubled, and its advance is the difference.
// That tells a rune that no font has: Fyne's measurement counts such a
// glyph (shaped as glyph 0, drawn as a replacement diamond) twice when it
// ends the string, so that the rune alone measures exactly twice the
// difference, where a drawable rune measures the difference (give or take
// kerning, far from a factor of two). A missing rune gets the advance of
// replacementChar, which is drawn in its place. Doubling costs one more
// measure call per distinct non-ASCII rune, a millisecond or so for a
// typical article.
func (c *widthCache) advance(r rune) float32 {
	if r < utf8.RuneSelf {
		if w := c.ascii[r]; w >= 0 {
			return w
		}
		w := c.measure(string(r))
		c.ascii[r] = w
		return w
	}
	if w, ok := c.runes[r]; ok {
		return w
	}
	s := string(r)
	one := c.measure(s)
	w := max(c.measure(s+s)-one, 0)
	missing := one > 0 && abs32(one-2*w) < 0.01 && r != replacementChar
	if missing {
		w = c.advance(replacementChar)
	}
	if len(c.runes) >= maxCachedWidths {
		clear(c.runes)
		clear(c.missing)
	}
	c.runes[r] = w
	if missing {
		c.missing[r] = true
	}
	return w
}

// drawText returns the text to hand to Fyne to draw s: s as drawable,
// after baselineAnchor when s starts beyond ASCII (its first rune may come
// from another font than the theme's).
func (c *widthCache) drawText(s string) string {
	if s == "" || s[0] < utf8.RuneSelf {
		return c.drawable(s)
	}
	if t, ok := c.texts[s]; ok {
		return t
	}
	if c.anchor == 0 {
		c.anchor = -1
		if c.measure(baselineAnchor) == 0 {
			c.anchor = 1
		}
	}
	t := c.drawable(s)
	if c.anchor > 0 {
		t = baselineAnchor + t
	}
	if len(c.texts) >= maxCachedWidths {
		clear(c.texts)
	}
	c.texts[strings.Clone(s)] = t
	return t
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// isMissing reports whether no font has r, so that the reader draws
// replacementChar instead.
func (c *widthCache) isMissing(r rune) bool {
	if r < utf8.RuneSelf {
		return false
	}
	if _, ok := c.runes[r]; !ok {
		c.advance(r)
	}
	return c.missing[r]
}

// drawable returns s with every rune that no font has replaced by
// replacementChar: the text the reader hands to Fyne to draw or to measure
// whole. It returns s itself when nothing is missing.
func (c *widthCache) drawable(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	var b []byte
	for j, r := range s[i:] {
		if !c.isMissing(r) {
			if b != nil {
				b = utf8.AppendRune(b, r)
			}
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+2)
			b = append(b, s[:i+j]...)
		}
		b = utf8.AppendRune(b, replacementChar)
	}
	if b == nil {
		return s
	}
	return string(b)
}

// whole returns the width of s measured as one string.
func (c *widthCache) whole(s string) float32 {
	if w, ok := c.shaped[s]; ok {
		return w
	}
	w := c.measure(c.drawable(s))
	if len(c.shaped) >= maxCachedWidths {
		clear(c.shaped)
	}
	// Clone so that the cache does not pin the whole article in memory.
	c.shaped[strings.Clone(s)] = w
	return w
}

// sum returns the sum of the advances of the runes of s, and false if a
// rune of s needs shaping.
func (c *widthCache) sum(s string) (float32, bool) {
	var w float32
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if a := c.ascii[b]; a >= 0 {
				w += a
			} else {
				w += c.advance(rune(b))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if needsShaping(r) {
			return 0, false
		}
		w += c.advance(r)
		i += size
	}
	return w, true
}

// width returns the width of the word (or word fragment) s.
func (c *widthCache) width(s string) float32 {
	if s == "" {
		return 0
	}
	if w, ok := c.sum(s); ok {
		return w
	}
	return c.whole(s)
}

// prefix returns the width of word[:n] (n a byte offset at a rune boundary)
// as drawn inside word, consistently with width(word): a sum of advances,
// or, for a word that needs shaping, the prefix measured whole.
func (c *widthCache) prefix(word string, n int) float32 {
	if n >= len(word) {
		return c.width(word)
	}
	if n <= 0 {
		return 0
	}
	if !shapeFree(word) {
		return c.whole(word[:n])
	}
	w, _ := c.sum(word[:n])
	return w
}

// shapeFree reports whether no rune of s needs shaping.
func shapeFree(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if needsShaping(r) {
					return false
				}
			}
			return true
		}
	}
	return true
}
