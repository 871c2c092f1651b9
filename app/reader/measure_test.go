package reader

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// kernTolerance is how much the laid-out width of a word may differ from
// the width Fyne draws it with: the sum of its rune advances ignores
// kerning inside the word. With the default font at reading size that is
// under 1 px for most words and up to about 2.2 px for capitals and
// punctuation with several kerned pairs ("AVAILABILITY,", "P.S.").
const kernTolerance = 2.5

// countingMeasure is a fake font: 10 px per rune, combining marks 0, and
// the runes of the CJK block are "missing": like Fyne, it counts the last
// missing glyph of a run twice. It counts its calls.
type countingMeasure struct{ calls int }

func (m *countingMeasure) measure(s string) float32 {
	m.calls++
	var w float32
	missing := false
	for _, c := range s {
		switch {
		case c == '\u0301':
		case c >= 0x4e00 && c <= 0x9fff:
			w += 10
			missing = true
			continue
		default:
			w += 10
		}
		if missing {
			w += 10
			missing = false
		}
	}
	if missing {
		w += 10
	}
	return w
}

func TestWidthCacheSumsRuneAdvances(t *testing.T) {
	var m countingMeasure
	wc := newWidthCache(m.measure)
	tests := []struct {
		word      string
		want      float32
		wantCalls int // measure calls made for this word, after the ones before
	}{
		{"abc", 30, 3},
		{"cab", 30, 0},    // every rune known
		{"abcabc", 60, 0}, // no call per word
		{"é", 10, 2},      // beyond ASCII: measured alone and doubled
		{"東京", 20, 6},     // missing glyphs: each measured alone and doubled, and U+FFFD
		{"東京東", 30, 0},
		{"cab\u0301", 30, 3}, // a combining mark: measured whole, after a check that the mark is not missing
		{"cab\u0301", 30, 0}, // ... once
	}
	for _, tt := range tests {
		before := m.calls
		if got := wc.width(tt.word); got != tt.want {
			t.Errorf("width(%q): got %v, want %v", tt.word, got, tt.want)
		}
		if got := m.calls - before; got != tt.wantCalls {
			t.Errorf("width(%+q): got %d measure calls, want %d", tt.word, got, tt.wantCalls)
		}
	}
	if got := wc.width(""); got != 0 {
		t.Errorf("width(\"\"): got %v, want 0", got)
	}
}

func TestWidthCachePrefixes(t *testing.T) {
	var m countingMeasure
	wc := newWidthCache(m.measure)
	for _, word := range []string{"hello", "東京x", "cafe\u0301s", "e\u0301t\u00e9"} {
		prev := float32(-1)
		for _, n := range runeBounds(word) {
			got := wc.prefix(word, n)
			if got < prev {
				t.Errorf("prefix(%q, %d): got %v, less than the shorter prefix's %v", word, n, got, prev)
			}
			prev = got
		}
		if got, want := wc.prefix(word, len(word)), wc.width(word); got != want {
			t.Errorf("prefix(%q, all): got %v, want width %v", word, got, want)
		}
		if got := wc.prefix(word, 0); got != 0 {
			t.Errorf("prefix(%q, 0): got %v, want 0", word, got)
		}
	}
	// The prefix of a word that needs shaping is measured whole, like the
	// word, even when the prefix itself would not need shaping.
	wc = newWidthCache(m.measure)
	before := m.calls
	if got := wc.prefix("cafe\u0301s", 3); got != 30 || m.calls != before+1 {
		t.Errorf("prefix(cafe\u0301s, 3): got %v after %d calls, want 30 measured whole", got, m.calls-before)
	}
}

func TestNeedsShaping(t *testing.T) {
	for _, tt := range []struct {
		c    rune
		want bool
	}{
		{'a', false}, {'é', false}, {'ß', false}, {'Ж', false}, {'“', false}, {'€', false},
		{'한', false}, {'東', false}, {'😀', false},
		{'\u0301', true}, {'\u200d', true}, {'\ufe0f', true}, {'\u00ad', true},
		{'ب', true}, {'क', true}, {'ก', true}, {'\u1100', true},
		{'\U0001F1EB', true}, {'\U0001F3FD', true},
	} {
		if got := needsShaping(tt.c); got != tt.want {
			t.Errorf("needsShaping(%U %q): got %v, want %v", tt.c, tt.c, got, tt.want)
		}
	}
}

// TestWrapMeasuresRunesNotWords checks the point of the rune cache: a cold
// layout of a 10,000-word article costs a measure call per distinct rune,
// not per distinct word.
func TestWrapMeasuresRunesNotWords(t *testing.T) {
	text := benchArticle(benchWords)
	var m countingMeasure
	wc := newWidthCache(m.measure)
	wrap(text, 600, monoMetrics, wc)
	runes := map[rune]bool{}
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[w] = true
		for _, c := range w {
			runes[c] = true
		}
	}
	if m.calls > 2*len(runes) || m.calls > 300 {
		t.Errorf("got %d measure calls for %d distinct runes (%d distinct words), want at most 2 per rune and 300", m.calls, len(runes), len(words))
	}
	t.Logf("%d measure calls for %d distinct runes and %d distinct words", m.calls, len(runes), len(words))
}

// TestWordWidthsMatchFyne compares the summed widths with Fyne's own
// measurement of whole words in the default font, as they are drawn (runes
// that no font on the machine has drawn as U+FFFD).
func TestWordWidthsMatchFyne(t *testing.T) {
	test.NewTempApp(t)
	size := theme.DefaultTheme().Size(theme.SizeNameText) * textScale
	measure := func(s string) float32 { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width }
	wc := newWidthCache(measure)
	text := mixedText + " " + benchArticle(2000) +
		" Tower Wave AVAILABILITY, Today's “Yes.” P.S. Tax WAVY office affliction efficient fjord 👍🏽 🇫🇷 e\u0301te\u0301" +
		" (김정은) 東京 a\u0378b \U0010FFFD\U0010FFFD x\U0010FFFDy"
	seen := map[string]bool{}
	checked := 0
	for _, word := range strings.Fields(text) {
		if seen[word] {
			continue
		}
		seen[word] = true
		got, want := wc.width(word), measure(wc.drawable(word))
		if !shapeFree(word) {
			if got != want {
				t.Errorf("width(%q) needs shaping: got %v, want %v measured whole", word, got, want)
			}
			continue
		}
		if got < want-kernTolerance || got > want+kernTolerance {
			t.Errorf("width(%q): got %v, want %v ± %v", word, got, want, kernTolerance)
		}
		checked++
	}
	if checked < 500 {
		t.Errorf("checked %d words, want at least 500", checked)
	}
	// Runes that may be missing from the fonts are measured as drawn:
	// an emoji is as wide alone as in a pair.
	if got, want := wc.width("😀😀"), 2*measure("😀"); got != want {
		t.Errorf("width(😀😀): got %v, want %v", got, want)
	}
}

func TestWidthCacheMissingGlyphs(t *testing.T) {
	var m countingMeasure // the CJK block is missing from its font
	wc := newWidthCache(m.measure)
	for _, tt := range []struct{ s, want string }{
		{"abc", "abc"},
		{"café", "café"},
		{"東", "\ufffd"},
		{"(東京)", "(\ufffd\ufffd)"},
		{"é東x", "é\ufffdx"},
		{"\ufffd", "\ufffd"},
	} {
		if got := wc.drawable(tt.s); got != tt.want {
			t.Errorf("drawable(%q): got %q, want %q", tt.s, got, tt.want)
		}
		if got, want := wc.width(tt.s), m.measure(tt.want); got != want {
			t.Errorf("width(%q): got %v, want %v, the width of %q", tt.s, got, want, tt.want)
		}
	}
	if got := testing.AllocsPerRun(10, func() { wc.drawable("naïve café") }); got != 0 {
		t.Errorf("drawable of a text with nothing missing: got %v allocations, want 0", got)
	}
}

// TestMissingGlyphsFound checks, against Fyne's own measurement, that a
// rune no font has is found missing and the others are not.
func TestMissingGlyphsFound(t *testing.T) {
	test.NewTempApp(t)
	size := theme.DefaultTheme().Size(theme.SizeNameText) * textScale
	wc := newWidthCache(func(s string) float32 { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width })
	for _, tt := range []struct {
		r    rune
		want bool
	}{
		{'a', false}, {'é', false}, {'’', false}, {'€', false}, {'Ж', false}, {replacementChar, false}, {'😀', false},
		{'\u0378', true},     // unassigned
		{'\U0010FFFD', true}, // private use, plane 16
	} {
		if got := wc.isMissing(tt.r); got != tt.want {
			t.Errorf("isMissing(%U): got %v, want %v", tt.r, got, tt.want)
		}
	}
}

// boxWords are drawn by TestWordsSitInTheirBoxes: Latin with kerning and
// accents, CJK, Hangul and emoji (drawn as text where the machine has the
// fonts, as U+FFFD diamonds where it has not), and runes no font has.
var boxWords = []string{"Officials", "Tower", "AVAILABILITY", "jumps", "café", "naïve", "cafe\u0301", "résumé",
	"Kraków", "Zürich", "東京", "김정은", "(김정은)", "서울에서", "こんにちは", "😀", "😀🎉", "👍", "(👍).", "🇫🇷", "👍🏽", "wave", "fjord", "mm", "“quoted”", "don’t",
	"a\u0378b", "\U0010FFFD", "(\U0010FFFD\U0010FFFD)"}

// TestWordsSitInTheirBoxes renders words, one per paragraph, and checks
// that the ink of each lies inside the box the layout gives it (where bands,
// the selection and hit testing put it): nothing left of its x, nothing
// right of x+w, and the last glyph reaching close to x+w. It holds whatever
// fonts the machine has: a glyph no font has is measured as it is drawn.
func TestWordsSitInTheirBoxes(t *testing.T) {
	test.NewTempApp(t)
	words := boxWords
	r := New()
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(500, 40+float32(len(words))*40))
	r.SetText(strings.Join(words, "\n\n"))
	img := w.Canvas().Capture()
	origin := captureOrigin(w, r)
	bg := test.Theme().Color(theme.ColorNameBackground, theme.VariantDark)
	for i, word := range words {
		li := 2 * i // every other line is a paragraph gap
		sg := r.lay.lineSegs(li)[0]
		if got := r.lay.text[sg.bstart:sg.bend]; got != word {
			t.Fatalf("line %d: got word %q, want %q", li, got, word)
		}
		ln := r.lay.lines[li]
		x0 := origin.X + r.geom.colX + sg.x
		y0 := origin.Y + r.geom.top + ln.y - r.scrollY
		left, right, ok := inkColumns(img, bg, image.Rect(int(x0)-6, int(y0), int(x0+sg.w)+12, int(y0+ln.h)))
		if !ok {
			t.Errorf("%q: no ink", word)
			continue
		}
		if float32(left) < x0-1 {
			t.Errorf("%q: ink starts at x=%d, left of its box at %v", word, left, x0)
		}
		if float32(right) > x0+sg.w+1 {
			t.Errorf("%+q: ink ends at x=%d, right of its box ending at %v", word, right, x0+sg.w)
		}
		if float32(right) < x0+sg.w-4 {
			t.Errorf("%q: ink ends at x=%d, short of its box ending at %v", word, right, x0+sg.w)
		}
	}
}

// captureOrigin returns where r's top left is in w.Canvas().Capture(): the
// test driver's absolute positions leave out the canvas's inset.
func captureOrigin(w fyne.Window, r *Reader) fyne.Position {
	inset, _ := w.Canvas().InteractiveArea()
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(r).Add(inset)
}

// inkColumns returns the first and last column of img inside rect holding
// a pixel that differs clearly from bg.
func inkColumns(img image.Image, bg color.Color, rect image.Rectangle) (left, right int, ok bool) {
	br, bgc, bb, _ := bg.RGBA()
	rect = rect.Intersect(img.Bounds())
	left, right = rect.Max.X, rect.Min.X-1
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			d := absDiff(r, br) + absDiff(g, bgc) + absDiff(b, bb)
			if d > 3*0x2000 { // more than about an eighth of full scale per channel
				left, right = min(left, x), max(right, x)
			}
		}
	}
	return left, right, right >= left
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// TestHangulRendersAsText renders a Korean name inside an English sentence,
// as news articles quote them, and checks that the Hangul is drawn as text
// (three different glyphs, not three replacement diamonds), that every word
// keeps inside its box and that nothing is drawn between the words: the ")"
// of "(김정은)" used to be drawn over the "s" of "said".
//
// It needs a font with Hangul. Without one it skips, except under `make
// test`, which installs fonts-noto-cjk and sets MARGINALIA_REQUIRE_FONTS=1.
func TestHangulRendersAsText(t *testing.T) {
	test.NewTempApp(t)
	r := New()
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(700, 200))
	const text = "Kim Jong Un (김정은) said in 서울 that 대한민국 would"
	r.SetText(text)
	for _, c := range "김정은서울대한민국" {
		if r.widths.isMissing(c) {
			if os.Getenv("MARGINALIA_REQUIRE_FONTS") == "1" {
				t.Fatalf("no font on this machine draws %q: `make test` installs fonts-noto-cjk", c)
			}
			t.Skipf("no font on this machine draws %q: install fonts-noto-cjk (`make run` and `make test` do)", c)
		}
	}
	if r.lay.lineCount() != 1 {
		t.Fatalf("got %d lines, want the sentence on one line", r.lay.lineCount())
	}
	img := w.Canvas().Capture()
	origin := captureOrigin(w, r)
	bg := test.Theme().Color(theme.ColorNameBackground, theme.VariantDark)
	ln := r.lay.lines[0]
	y0 := origin.Y + r.geom.top + ln.y - r.scrollY
	for _, sg := range r.lay.lineSegs(0) {
		x0 := origin.X + r.geom.colX + sg.x
		word := text[sg.bstart:sg.bend]
		left, right, ok := inkColumns(img, bg, image.Rect(int(x0)-1, int(y0), int(x0+sg.w)+2, int(y0+ln.h)))
		if sg.space {
			// The gap between two words: one column of tolerance each side.
			if l, r, ok := inkColumns(img, bg, image.Rect(int(x0)+2, int(y0), int(x0+sg.w)-1, int(y0+ln.h))); ok {
				t.Errorf("ink at x=%d..%d between the words, in the space at %v..%v after %q", l, r, x0, x0+sg.w, text[:sg.bstart])
			}
			continue
		}
		if !ok {
			t.Errorf("%q: no ink", word)
			continue
		}
		if float32(left) < x0-1 || float32(right) > x0+sg.w+1 {
			t.Errorf("%q: ink at x=%d..%d, outside its box %v..%v", word, left, right, x0, x0+sg.w)
		}
	}
	// The three syllables of 김정은 are three different glyphs.
	o := runeOffset(t, text, "김")
	var cells []*image.NRGBA
	for k := range 3 {
		xa := origin.X + r.geom.colX + r.lay.xOf(0, o+k, r.widths)
		xb := origin.X + r.geom.colX + r.lay.xOf(0, o+k+1, r.widths)
		cell := image.NewNRGBA(image.Rect(0, 0, int(xb-xa), int(ln.h)))
		draw.Draw(cell, cell.Bounds(), img, image.Pt(int(xa), int(y0)), draw.Src)
		cells = append(cells, cell)
	}
	for i := range cells {
		for j := i + 1; j < len(cells); j++ {
			if bytes.Equal(cells[i].Pix, cells[j].Pix) {
				t.Errorf("syllables %d and %d of 김정은 are drawn alike (replacement glyphs?)", i, j)
			}
		}
	}
}

// TestWordsStartAtWholePixels: Fyne draws a text at a rounded position (and
// its GL painter stretches a text at a fractional one by a pixel), so words
// start at whole pixels and each single space between two words is within
// half a pixel of the space's advance: word gaps then differ by at most a
// pixel, plus the kerning the rune sums leave out.
func TestWordsStartAtWholePixels(t *testing.T) {
	r := newTestReader(t, mixedText+"\n\n"+longText(6)+" Kim Jong Un (김정은) said 東京 😀 emoji.")
	words, spaces := 0, 0
	for li := range r.lay.lineCount() {
		for k, sg := range r.lay.lineSegs(li) {
			if !sg.space {
				words++
				if sg.x != round(sg.x) {
					t.Errorf("line %d: word %q at x=%v, want a whole pixel", li, r.lay.text[sg.bstart:sg.bend], sg.x)
				}
				continue
			}
			if k == 0 || sg.end-sg.start != 1 {
				continue
			}
			spaces++
			if d := abs32(sg.w - r.geom.m.spaceWidth); d > 0.5 {
				t.Errorf("line %d: space after %q is %v wide, want %v ± 0.5", li, r.lay.text[r.lay.lineSegs(li)[k-1].bstart:sg.bstart], sg.w, r.geom.m.spaceWidth)
			}
		}
	}
	if words < 300 || spaces < 300 {
		t.Errorf("checked %d words and %d spaces, want at least 300 of each", words, spaces)
	}
}

// inkRows returns the first and last row of img inside rect holding a pixel
// that differs clearly from bg.
func inkRows(img image.Image, bg color.Color, rect image.Rectangle) (top, bottom int, ok bool) {
	br, bgc, bb, _ := bg.RGBA()
	rect = rect.Intersect(img.Bounds())
	top, bottom = rect.Max.Y, rect.Min.Y-1
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if absDiff(r, br)+absDiff(g, bgc)+absDiff(b, bb) > 3*0x2000 {
				top, bottom = min(top, y), max(bottom, y)
			}
		}
	}
	return top, bottom, bottom >= top
}

// TestEmojiOnBaselineAtTextSize: an emoji is drawn at the text's size (its
// ink about as tall as the em, whatever its shape: 👍 used to be drawn
// 10 px tall at 15.4 px text) on the text's baseline (its ink ending a
// little below it, as the font designs it, not above), wherever it is in a
// word. The baseline is where a capital H's ink ends.
func TestEmojiOnBaselineAtTextSize(t *testing.T) {
	test.NewTempApp(t)
	lines := []struct {
		text       string
		emoji      []int // rune ranges [from, to) of the emoji to check, in pairs
		joinedInto int   // how many glyphs a sequence is drawn as, 0 for lone emoji
	}{
		{"H😀", []int{1, 2}, 0},
		{"H👍", []int{1, 2}, 0},
		{"H🎉", []int{1, 2}, 0},
		{"H(🙏).", []int{2, 3}, 0},
		{"H😀😀x", []int{1, 2, 2, 3}, 0},
		{"H👍🏽", []int{1, 3}, 1},  // a skin tone: one toned hand
		{"H🇫🇷.", []int{1, 3}, 1}, // a flag
	}
	var texts []string
	for _, l := range lines {
		texts = append(texts, l.text)
	}
	r := New()
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(500, 40+float32(len(lines))*40))
	r.SetText(strings.Join(texts, "\n\n"))
	img := w.Canvas().Capture()
	origin := captureOrigin(w, r)
	bg := test.Theme().Color(theme.ColorNameBackground, theme.VariantDark)
	em := r.geom.textSize
	for i, l := range lines {
		li := 2 * i
		ln := r.lay.lines[li]
		y0 := origin.Y + r.geom.top + ln.y - r.scrollY
		col := func(o int) float32 { return origin.X + r.geom.colX + r.lay.xOf(li, ln.start+o, r.widths) }
		_, hBottom, ok := inkRows(img, bg, image.Rect(int(col(0))+1, int(y0), int(col(1))-1, int(y0+ln.h)))
		if !ok {
			t.Fatalf("%q: no ink for H", l.text)
		}
		base := float32(hBottom + 1)
		if want := y0 + r.geom.baseline; base != want {
			t.Errorf("%q: H ends at row %d, want the row above the baseline at %v", l.text, hBottom, want)
		}
		for k := 0; k < len(l.emoji); k += 2 {
			a, b := l.emoji[k], l.emoji[k+1]
			e := string([]rune(l.text)[a:b])
			box := image.Rect(int(col(a))+1, int(y0)-4, int(col(b))-1, int(y0+ln.h)+4)
			top, bottom, ok := inkRows(img, bg, box)
			if !ok {
				t.Errorf("%q: no ink for %q", l.text, e)
				continue
			}
			if h := float32(bottom - top + 1); h < 0.8*em || h > 1.05*em {
				t.Errorf("%q: %q is %v px tall, want about the text size %v", l.text, e, h, em)
			}
			if float32(bottom+1) < base || float32(bottom+1) > base+0.2*em {
				t.Errorf("%q: %q ends at row %d, want on the baseline at %v or up to 0.2 em below", l.text, e, bottom, base)
			}
			if l.joinedInto > 0 {
				left, right, _ := inkColumns(img, bg, box)
				if float32(right-left+1) > float32(l.joinedInto)*em {
					t.Errorf("%q: %q is %d px wide, want it joined into %d glyph(s) of at most %v", l.text, e, right-left+1, l.joinedInto, em)
				}
			}
		}
	}
}
