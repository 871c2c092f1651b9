package reader

import (
	"image/color"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// monoWidths is a width cache for a fake monospace font: 10 px per rune,
// except combining marks which have no advance.
func monoWidths() *widthCache {
	return newWidthCache(func(s string) float32 {
		var w float32
		for _, c := range s {
			if c != '\u0301' {
				w += 10
			}
		}
		return w
	})
}

var monoMetrics = metrics{lineHeight: 20, paraGap: 8, spaceWidth: 10, tabWidth: 40}

// lineStrings returns the text of each visual line of l (trailing spaces
// included, '\n' excluded).
func lineStrings(t *testing.T, l *textLayout) []string {
	t.Helper()
	ri := newRuneIndex(l.text)
	out := make([]string, len(l.lines))
	for i, ln := range l.lines {
		out[i] = ri.slice(ln.start, ln.end)
	}
	return out
}

// joinLines rebuilds the text from the lines of l: wrapped lines are
// concatenated, hard line ends add a '\n'.
func joinLines(t *testing.T, l *textLayout) string {
	t.Helper()
	ri := newRuneIndex(l.text)
	var b strings.Builder
	for i, ln := range l.lines {
		if i > 0 && l.lines[i-1].end != ln.start && !l.lines[i-1].hardEnd {
			t.Errorf("line %d starts at %d, want %d (end of line %d)", i, ln.start, l.lines[i-1].end, i-1)
		}
		// The segments of a line must tile it exactly.
		at := ln.start
		for _, sg := range l.lineSegs(i) {
			if sg.start != at {
				t.Errorf("line %d: segment starts at %d, want %d", i, sg.start, at)
			}
			at = sg.end
		}
		if at != ln.end {
			t.Errorf("line %d: segments end at %d, want %d", i, at, ln.end)
		}
		b.WriteString(ri.slice(ln.start, ln.end))
		if ln.hardEnd {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestWrapMonospace(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float32
		want  []string
	}{
		{"empty", "", 100, []string{""}},
		{"fits", "aaa bbb", 100, []string{"aaa bbb"}},
		{"wraps at spaces", "aaa bbb ccc", 70, []string{"aaa bbb ", "ccc"}},
		{"exact fit", "aaaa bbbb", 90, []string{"aaaa bbbb"}},
		{"trailing spaces stay", "aaa   bbb", 50, []string{"aaa   ", "bbb"}},
		{"hard lines", "aa\nbb", 100, []string{"aa", "bb"}},
		{"paragraph gap", "aa\n\nbb", 100, []string{"aa", "", "bb"}},
		{"long word broken", "abcdefghij", 35, []string{"abc", "def", "ghi", "j"}},
		{"long word after word", "xy abcdefgh", 50, []string{"xy ", "abcde", "fgh"}},
		{"korean", "한국어 텍스트 입니다", 70, []string{"한국어 텍스트 ", "입니다"}},
		{"combining accent", "cafe\u0301 cafe\u0301", 40, []string{"cafe\u0301 ", "cafe\u0301"}},
		{"no-break space", "a\u00a0b c", 30, []string{"a\u00a0b ", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := wrap(tt.text, tt.width, monoMetrics, monoWidths())
			if got := lineStrings(t, l); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got lines %q, want %q", got, tt.want)
			}
			if got := joinLines(t, l); got != tt.text {
				t.Errorf("got joined text %q, want %q", got, tt.text)
			}
			for i, ln := range l.lines {
				if ln.width > tt.width {
					t.Errorf("line %d: got width %v, want <= %v", i, ln.width, tt.width)
				}
			}
		})
	}
}

func TestWrapLineGeometry(t *testing.T) {
	l := wrap("aa\n\nbb cc", 40, monoMetrics, monoWidths())
	wantY := []float32{0, 20, 28, 48}
	wantH := []float32{20, 8, 20, 20}
	if len(l.lines) != len(wantY) {
		t.Fatalf("got %d lines, want %d", len(l.lines), len(wantY))
	}
	for i, ln := range l.lines {
		if ln.y != wantY[i] || ln.h != wantH[i] {
			t.Errorf("line %d: got y=%v h=%v, want y=%v h=%v", i, ln.y, ln.h, wantY[i], wantH[i])
		}
	}
	if l.height != 68 {
		t.Errorf("got height %v, want 68", l.height)
	}
}

func TestLayoutHitTesting(t *testing.T) {
	// "ab cd\nef gh" at width 30: lines "ab " [0,3), "cd" [3,5), "ef " [6,9), "gh" [9,11).
	l := wrap("ab cd\nef gh", 30, monoMetrics, monoWidths())
	wc := monoWidths()
	tests := []struct {
		name       string
		line       int
		x          float32
		wantOffset int
		wantRune   int
		wantInside bool
	}{
		{"before line", 0, -5, 0, 0, false},
		{"first half of a", 0, 4, 0, 0, true},
		{"second half of a", 0, 6, 1, 0, true},
		{"in space", 0, 21, 2, 2, true},
		{"after space", 0, 29, 3, 2, true},
		{"past wrapped line", 0, 200, 3, 0, false},
		{"past hard line", 1, 200, 5, 0, false},
		{"second paragraph", 3, 12, 10, 10, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := l.offsetAtX(tt.line, tt.x, wc); got != tt.wantOffset {
				t.Errorf("offsetAtX(%d, %v): got %d, want %d", tt.line, tt.x, got, tt.wantOffset)
			}
			got, inside := l.runeAtX(tt.line, tt.x, wc)
			if inside != tt.wantInside || (inside && got != tt.wantRune) {
				t.Errorf("runeAtX(%d, %v): got %d, %v, want %d, %v", tt.line, tt.x, got, inside, tt.wantRune, tt.wantInside)
			}
		})
	}
	for o, wantLine := range []int{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3} {
		if got := l.lineForOffset(o); got != wantLine {
			t.Errorf("lineForOffset(%d): got %d, want %d", o, got, wantLine)
		}
		x := l.xOf(wantLine, o, wc)
		if got := l.offsetAtX(wantLine, x+1, wc); got != o {
			t.Errorf("offsetAtX(xOf(%d)+1): got %d, want %d", o, got, o)
		}
	}
}

func TestCombiningMarkHitTest(t *testing.T) {
	// Clicking just after "e" lands after the accent: a click never splits
	// a base letter from its combining mark.
	l := wrap("cafe\u0301!", 100, monoMetrics, monoWidths())
	wc := monoWidths()
	if got := l.xOf(0, 4, wc); got != 40 {
		t.Errorf("xOf before the accent: got %v, want 40", got)
	}
	if got := l.xOf(0, 5, wc); got != 40 {
		t.Errorf("xOf after the accent: got %v, want 40", got)
	}
	if got := l.offsetAtX(0, 41, wc); got != 5 {
		t.Errorf("offsetAtX just after e: got %d, want 5", got)
	}
	if got, _ := l.runeAtX(0, 39, wc); got != 3 {
		t.Errorf("runeAtX inside e: got %d, want 3", got)
	}
}

func TestRuneIndex(t *testing.T) {
	text := strings.Repeat("a한😀e\u0301 ", 50)
	ri := newRuneIndex(text)
	runes := []rune(text)
	if ri.n != len(runes) {
		t.Fatalf("got %d runes, want %d", ri.n, len(runes))
	}
	for o := 0; o <= len(runes); o++ {
		if got, want := ri.byteOffset(o), len(string(runes[:o])); got != want {
			t.Fatalf("byteOffset(%d): got %d, want %d", o, got, want)
		}
	}
	if got, want := ri.slice(3, 9), string(runes[3:9]); got != want {
		t.Errorf("slice(3, 9): got %q, want %q", got, want)
	}
	if got := ri.byteOffset(-3); got != 0 {
		t.Errorf("byteOffset(-3): got %d, want 0", got)
	}
	if got := ri.byteOffset(ri.n + 10); got != len(text) {
		t.Errorf("byteOffset(n+10): got %d, want %d", got, len(text))
	}
}

func TestWordAt(t *testing.T) {
	tests := []struct {
		text string
		at   int
		want string
	}{
		{"say don't go", 5, "don't"},
		{"say don’t go", 4, "don’t"},
		{"'quoted' word", 3, "quoted"},
		{"in 2024, yes", 4, "2024"},
		{"한국어 텍스트", 5, "텍스트"},
		{"un cafe\u0301 noir", 4, "cafe\u0301"},
		{"un cafe\u0301 noir", 7, "cafe\u0301"},
		{"emoji 😀 here", 6, ""},
		{"a, b", 1, ""},
	}
	for _, tt := range tests {
		ri := newRuneIndex(tt.text)
		s, e := ri.wordAt(tt.at)
		if got := ri.slice(s, e); got != tt.want {
			t.Errorf("wordAt(%q, %d): got %q, want %q", tt.text, tt.at, got, tt.want)
		}
	}
}

func TestHighlightLayers(t *testing.T) {
	red := color.NRGBA{R: 255, A: 255}
	set := newHighlightSet([]Highlight{
		{ID: "c", Start: 12, End: 14, Fill: red},
		{ID: "a", Start: 0, End: 10, Fill: red},
		{ID: "b", Start: 5, End: 20, Fill: red},
		{ID: "empty", Start: 7, End: 7, Fill: red},
		{ID: "clamped", Start: -5, End: 200, Fill: red},
	}, 30)
	got := map[string][3]int{}
	for _, h := range set.hs {
		got[h.ID] = [3]int{h.Start, h.End, h.layer}
	}
	want := map[string][3]int{
		"clamped": {0, 30, 0},
		"a":       {0, 10, 1},
		"b":       {5, 20, 2},
		"c":       {12, 14, 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got highlights %v, want %v", got, want)
	}
	for _, tt := range []struct {
		at   int
		want string
	}{{2, "a"}, {6, "a"}, {12, "c"}, {17, "b"}, {25, "clamped"}} {
		if id, _ := set.shortestAt(tt.at); id != tt.want {
			t.Errorf("shortestAt(%d): got %q, want %q", tt.at, id, tt.want)
		}
	}
}

func TestLineRuns(t *testing.T) {
	// a [0,10) layer 0, b [5,20) layer 1, c [12,14) layer 0.
	set := newHighlightSet([]Highlight{
		{ID: "a", Start: 0, End: 10},
		{ID: "b", Start: 5, End: 20},
		{ID: "c", Start: 12, End: 14},
	}, 30)
	cands := set.overlapping(0, 30, nil)
	runs := set.lineRuns(cands, 0, 16, nil)
	type run struct {
		id         string
		start, end int
		slot       int
	}
	got := map[run]bool{}
	for _, r := range runs {
		got[run{set.hs[r.hi].ID, r.start, r.end, r.slot}] = true
	}
	want := map[run]bool{
		{"a", 0, 10, 0}:  true, // band
		{"b", 5, 10, 1}:  true, // bar under a
		{"b", 10, 12, 0}: true, // band where alone
		{"c", 12, 14, 0}: true, // c has layer 0: band
		{"b", 12, 14, 1}: true, // b is a bar under c
		{"b", 14, 16, 0}: true, // band again, clipped to the line end
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got runs %v, want %v", got, want)
	}
	if got := set.lineRuns(cands, 20, 30, nil); len(got) != 0 {
		t.Errorf("got %d runs after all highlights, want 0", len(got))
	}
}

func TestFitPrefix(t *testing.T) {
	wc := monoWidths()
	for _, tt := range []struct {
		word  string
		room  float32
		wantN int
	}{{"abcdef", 35, 3}, {"abcdef", 5, 1}, {"한국어", 25, 2}} {
		n, w := fitPrefix(tt.word, tt.room, wc)
		if n != tt.wantN || w != float32(10*n) {
			t.Errorf("fitPrefix(%q, %v): got %d, %v, want %d, %v", tt.word, tt.room, n, w, tt.wantN, float32(10*tt.wantN))
		}
		if n > utf8.RuneCountInString(tt.word) {
			t.Errorf("fitPrefix(%q): got %d runes, more than the word", tt.word, n)
		}
	}
}
