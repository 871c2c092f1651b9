package reader

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the text model of the reader: word wrapping, the line and
// segment model, and hit testing. Everything here is a pure function of the
// text, a column width, a few metrics and a width-measuring function, so it
// can be tested without a window.

// measureFunc returns the advance width of s when drawn in the reader's font.
type measureFunc func(s string) float32

// maxCachedWidths bounds the rune and string maps of widthCache so that
// reading many articles in one session does not grow them without limit.
const maxCachedWidths = 1 << 16

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

// metrics are the font-dependent sizes the wrapper needs.
type metrics struct {
	lineHeight float32 // height of a line of text
	paraGap    float32 // height of an empty line, i.e. the gap between paragraphs
	spaceWidth float32 // advance of a space
	tabWidth   float32 // advance of a tab
}

// segment is a run of either word runes or breaking white space on one
// visual line. Words are drawn one canvas.Text per segment, positioned at x,
// so each word's glyphs start exactly where the layout says.
type segment struct {
	start, end   int     // rune offsets [start, end)
	bstart, bend int     // byte offsets into the text
	x, w         float32 // relative to the left edge of the text column
	space        bool
}

// line is one visual (wrapped) line.
type line struct {
	// start and end are the rune offsets covered by the line. A wrapped line
	// ends where the next one starts (trailing spaces stay on the line); a
	// line ending at a hard break ends at the '\n', which belongs to no line.
	start, end int
	seg0, seg1 int     // segments of the line: textLayout.segs[seg0:seg1]
	y, h       float32 // top and height, relative to the top of the text
	width      float32 // right edge of the last word (trailing spaces excluded)
	hardEnd    bool    // the line is followed by a '\n'
}

// textLayout is a wrapped text: lines of segments.
type textLayout struct {
	text   string
	width  float32 // the column width the text was wrapped to
	m      metrics
	lines  []line
	segs   []segment
	height float32
}

// isBreakingSpace reports whether c is white space at which lines may wrap.
// '\n' is handled separately; no-break spaces are part of words.
func isBreakingSpace(c rune) bool {
	switch c {
	case ' ', '\t', '\r':
		return true
	case '\n', '\u00a0', '\u2007', '\u202f':
		return false
	}
	return c > utf8.RuneSelf && unicode.IsSpace(c)
}

// spaceAdvance is the width given to one white-space rune. Spaces are not
// drawn, so any width is consistent as long as it is used everywhere.
func (m metrics) spaceAdvance(c rune) float32 {
	switch c {
	case '\t':
		return m.tabWidth
	case '\r':
		return 0
	}
	return m.spaceWidth
}

// wrap lays text out in a column of the given width with greedy word wrap.
// Lines are separated by '\n'; an empty line (as in "\n\n") becomes a
// paragraph gap. Words wider than the column are broken between runes.
func wrap(text string, width float32, m metrics, wc *widthCache) *textLayout {
	l := &textLayout{
		text:  text,
		width: width,
		m:     m,
		segs:  make([]segment, 0, len(text)/3+1),
		lines: make([]line, 0, len(text)/48+1),
	}
	var y float32
	b, r := 0, 0
	for {
		nl := strings.IndexByte(text[b:], '\n')
		hard := text[b:]
		if nl >= 0 {
			hard = text[b : b+nl]
		}
		r += l.wrapHardLine(hard, b, r, nl >= 0, &y, wc)
		if nl < 0 {
			break
		}
		b += nl + 1
		r++ // the '\n'
	}
	l.height = y
	return l
}

// wrapHardLine wraps one line of text that contains no '\n', starting at byte
// offset b0 and rune offset r0, and returns its length in runes.
func (l *textLayout) wrapHardLine(s string, b0, r0 int, hardEnd bool, y *float32, wc *widthCache) int {
	if s == "" {
		l.lines = append(l.lines, line{start: r0, end: r0, seg0: len(l.segs), seg1: len(l.segs), y: *y, h: l.m.paraGap, hardEnd: hardEnd})
		*y += l.m.paraGap
		return 0
	}
	cur := line{start: r0, seg0: len(l.segs), y: *y, h: l.m.lineHeight}
	hasWord := false
	var x float32
	newLine := func(at int) {
		cur.end = at
		cur.seg1 = len(l.segs)
		l.lines = append(l.lines, cur)
		*y += l.m.lineHeight
		cur = line{start: at, seg0: len(l.segs), y: *y, h: l.m.lineHeight}
		hasWord = false
		x = 0
	}

	i, ri := 0, r0
	for i < len(s) {
		c, _ := utf8.DecodeRuneInString(s[i:])
		sp := isBreakingSpace(c)
		j, rj := i, ri
		var w float32
		for j < len(s) {
			c, size := utf8.DecodeRuneInString(s[j:])
			if isBreakingSpace(c) != sp {
				break
			}
			if sp {
				w += l.m.spaceAdvance(c)
			}
			j += size
			rj++
		}
		if sp {
			l.segs = append(l.segs, segment{start: ri, end: rj, bstart: b0 + i, bend: b0 + j, x: x, w: w, space: true})
			x += w
			i, ri = j, rj
			continue
		}
		w = wc.width(s[i:j])
		// Words start at whole pixels: Fyne draws a text at a rounded
		// position (and its GL painter stretches the texture of a text
		// at a fractional one by a pixel), so that the gaps between words
		// varied by two pixels. The space before the word takes up the
		// rounding.
		if xs := float32(math.Round(float64(x))); xs != x {
			if hasWord && xs+w > l.width {
				newLine(ri)
			} else if n := len(l.segs); n > cur.seg0 && l.segs[n-1].space {
				l.segs[n-1].w += xs - x
				x = xs
			}
		}
		if hasWord && x+w > l.width {
			newLine(ri)
		}
		if x+w <= l.width {
			l.segs = append(l.segs, segment{start: ri, end: rj, bstart: b0 + i, bend: b0 + j, x: x, w: w})
			x += w
			cur.width = x
			hasWord = true
			i, ri = j, rj
			continue
		}
		// The word alone is wider than the room left: break it between runes.
		for i < j {
			if hasWord {
				newLine(ri)
			}
			n, pw := fitPrefix(s[i:j], l.width-x, wc)
			bn := i
			for k := 0; k < n; k++ {
				_, size := utf8.DecodeRuneInString(s[bn:])
				bn += size
			}
			l.segs = append(l.segs, segment{start: ri, end: ri + n, bstart: b0 + i, bend: b0 + bn, x: x, w: pw})
			x += pw
			cur.width = x
			hasWord = true
			i, ri = bn, ri+n
		}
	}
	cur.end = ri
	cur.seg1 = len(l.segs)
	cur.hardEnd = hardEnd
	l.lines = append(l.lines, cur)
	*y += l.m.lineHeight
	return ri - r0
}

// fitPrefix returns the number of runes of the longest prefix of word whose
// width fits in room (at least one rune, so that wrapping always progresses)
// and that prefix's width.
func fitPrefix(word string, room float32, wc *widthCache) (int, float32) {
	bounds := runeBounds(word)
	// Largest k with width(word[:bounds[k]]) <= room; widths grow with k.
	k := sort.Search(len(bounds), func(k int) bool { return wc.width(word[:bounds[k]]) > room }) - 1
	if k < 1 {
		k = 1
	}
	return k, wc.width(word[:bounds[k]])
}

// runeBounds returns the byte offsets of the rune boundaries of s, including
// 0 and len(s).
func runeBounds(s string) []int {
	b := make([]int, 0, len(s)+1)
	for i := range s {
		b = append(b, i)
	}
	return append(b, len(s))
}

// lineCount returns the number of visual lines.
func (l *textLayout) lineCount() int { return len(l.lines) }

// lineSegs returns the segments of line li.
func (l *textLayout) lineSegs(li int) []segment {
	ln := l.lines[li]
	return l.segs[ln.seg0:ln.seg1]
}

// lineText returns the text of line li without trailing white space.
func (l *textLayout) lineText(li int) string {
	segs := l.lineSegs(li)
	if len(segs) == 0 {
		return ""
	}
	s := l.text[segs[0].bstart:segs[len(segs)-1].bend]
	return strings.TrimRightFunc(s, isBreakingSpace)
}

// lineForOffset returns the index of the line holding the caret before rune
// offset o: the last line starting at or before o.
func (l *textLayout) lineForOffset(o int) int {
	i := sort.Search(len(l.lines), func(i int) bool { return l.lines[i].start > o }) - 1
	return max(i, 0)
}

// lineAtY returns the index of the line at height y (clamped to the first
// and last lines).
func (l *textLayout) lineAtY(y float32) int {
	i := sort.Search(len(l.lines), func(i int) bool { return l.lines[i].y+l.lines[i].h > y })
	return min(i, len(l.lines)-1)
}

// xOf returns the x of the caret before rune offset o on line li (o is
// clamped to the line).
func (l *textLayout) xOf(li, o int, wc *widthCache) float32 {
	ln := l.lines[li]
	segs := l.lineSegs(li)
	if len(segs) == 0 {
		return 0
	}
	o = min(max(o, ln.start), ln.end)
	k := sort.Search(len(segs), func(k int) bool { return segs[k].end > o })
	if k == len(segs) {
		last := segs[len(segs)-1]
		return last.x + last.w
	}
	sg := segs[k]
	if o <= sg.start {
		return sg.x
	}
	if sg.space {
		x, n := sg.x, o-sg.start
		for _, c := range l.text[sg.bstart:sg.bend] {
			if n == 0 {
				break
			}
			x += l.m.spaceAdvance(c)
			n--
		}
		return x
	}
	b := sg.bstart
	for n := o - sg.start; n > 0; n-- {
		_, size := utf8.DecodeRuneInString(l.text[b:])
		b += size
	}
	return sg.x + wc.prefix(l.text[sg.bstart:sg.bend], b-sg.bstart)
}

// spaceBoundaryXs returns the x (relative to the segment) of each rune
// boundary of the white-space segment sg, from its start to its end.
func (l *textLayout) spaceBoundaryXs(sg segment) []float32 {
	xs := make([]float32, 1, sg.end-sg.start+1)
	var x float32
	for _, c := range l.text[sg.bstart:sg.bend] {
		x += l.m.spaceAdvance(c)
		xs = append(xs, x)
	}
	return xs
}

// boundaryIn returns the index k (0..n) of the rune boundary of sg with the
// largest x <= dx (dx relative to the segment), and the x of boundaries k and
// k+1 (equal to the k one when k == n).
func (l *textLayout) boundaryIn(sg segment, dx float32, wc *widthCache) (k int, xk, xnext float32) {
	n := sg.end - sg.start
	if sg.space {
		xs := l.spaceBoundaryXs(sg)
		k = sort.Search(len(xs), func(i int) bool { return xs[i] > dx }) - 1
		k = max(k, 0)
		if k == n {
			return k, xs[k], xs[k]
		}
		return k, xs[k], xs[k+1]
	}
	word := l.text[sg.bstart:sg.bend]
	bounds := runeBounds(word)
	px := func(i int) float32 {
		if i == n {
			return sg.w
		}
		return wc.prefix(word, bounds[i])
	}
	k = sort.Search(n+1, func(i int) bool { return px(i) > dx }) - 1
	k = max(k, 0)
	if k == n {
		return k, sg.w, sg.w
	}
	return k, px(k), px(k + 1)
}

// offsetAtX returns the rune boundary on line li nearest to x. Beyond the
// end of the line it returns the line's end.
func (l *textLayout) offsetAtX(li int, x float32, wc *widthCache) int {
	ln := l.lines[li]
	segs := l.lineSegs(li)
	if len(segs) == 0 || x <= segs[0].x {
		return ln.start
	}
	k := sort.Search(len(segs), func(k int) bool { return segs[k].x+segs[k].w > x })
	if k == len(segs) {
		return ln.end
	}
	sg := segs[k]
	i, xi, xn := l.boundaryIn(sg, x-sg.x, wc)
	if i < sg.end-sg.start && xn-(x-sg.x) < (x-sg.x)-xi {
		i++
	}
	return sg.start + i
}

// runeAtX returns the rune whose glyph box on line li contains x, or false
// if x is before or after the text of the line.
func (l *textLayout) runeAtX(li int, x float32, wc *widthCache) (int, bool) {
	segs := l.lineSegs(li)
	if len(segs) == 0 || x < segs[0].x {
		return 0, false
	}
	k := sort.Search(len(segs), func(k int) bool { return segs[k].x+segs[k].w > x })
	if k == len(segs) {
		return 0, false
	}
	sg := segs[k]
	i, _, _ := l.boundaryIn(sg, x-sg.x, wc)
	return sg.start + min(i, sg.end-sg.start-1), true
}

// runeIndex maps rune offsets to byte offsets in O(1) amortised time with a
// sparse table (one entry every runeStride runes).
type runeIndex struct {
	text  string
	n     int   // number of runes
	marks []int // byte offset of rune k*runeStride
}

const runeStride = 64

func newRuneIndex(text string) runeIndex {
	ri := runeIndex{text: text, marks: make([]int, 0, len(text)/runeStride+1)}
	n := 0
	for b := range text {
		if n%runeStride == 0 {
			ri.marks = append(ri.marks, b)
		}
		n++
	}
	ri.n = n
	return ri
}

// byteOffset returns the byte offset of rune offset o (clamped to [0, n]).
func (ri runeIndex) byteOffset(o int) int {
	if o <= 0 {
		return 0
	}
	if o >= ri.n {
		return len(ri.text)
	}
	b := ri.marks[o/runeStride]
	for k := o % runeStride; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(ri.text[b:])
		b += size
	}
	return b
}

// slice returns the text between rune offsets a and b.
func (ri runeIndex) slice(a, b int) string {
	return ri.text[ri.byteOffset(a):ri.byteOffset(b)]
}

// runeAt returns the rune at offset o, or utf8.RuneError when out of range.
func (ri runeIndex) runeAt(o int) rune {
	if o < 0 || o >= ri.n {
		return utf8.RuneError
	}
	c, _ := utf8.DecodeRuneInString(ri.text[ri.byteOffset(o):])
	return c
}

// isWordRune reports whether c is part of a word for double-click selection.
func isWordRune(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c)
}

func isApostrophe(c rune) bool { return c == '\'' || c == '\u2019' }

// wordAt returns the word containing rune offset o: letters, digits,
// combining marks, and apostrophes between such runes. It returns (o, o) if
// the rune at o is not part of a word.
func (ri runeIndex) wordAt(o int) (int, int) {
	inWord := func(i int) bool {
		c := ri.runeAt(i)
		if isWordRune(c) {
			return true
		}
		return isApostrophe(c) && isWordRune(ri.runeAt(i-1)) && isWordRune(ri.runeAt(i+1))
	}
	if !inWord(o) {
		return o, o
	}
	start, end := o, o+1
	for start > 0 && inWord(start-1) {
		start--
	}
	for end < ri.n && inWord(end) {
		end++
	}
	return start, end
}
