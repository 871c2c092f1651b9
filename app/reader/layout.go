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
