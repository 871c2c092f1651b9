package reader

import (
	"cmp"
	"image/color"
	"reflect"
	"slices"
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

func TestHighlightSet(t *testing.T) {
	red := color.NRGBA{R: 255, A: 255}
	set := newHighlightSet([]Highlight{
		{ID: "c", Start: 12, End: 14, Fill: red},
		{ID: "a", Start: 0, End: 10, Fill: red},
		{ID: "b", Start: 5, End: 20, Fill: red},
		{ID: "empty", Start: 7, End: 7, Fill: red},
		{ID: "clamped", Start: -5, End: 200, Fill: red},
		{ID: "a2", Start: 0, End: 10, Fill: red}, // same range as a: after it
	}, 30)
	var got [][3]any
	for _, h := range set.hs {
		got = append(got, [3]any{h.ID, h.Start, h.End})
	}
	// Sorted by start, longer first, then in the order given.
	want := [][3]any{{"clamped", 0, 30}, {"a", 0, 10}, {"a2", 0, 10}, {"b", 5, 20}, {"c", 12, 14}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got highlights %v, want %v", got, want)
	}
	for _, tt := range []struct {
		at   int
		want string
	}{{2, "a2"}, {6, "a2"}, {12, "c"}, {17, "b"}, {25, "clamped"}} { // a2 ties with a and starts no earlier
		if id, _ := set.shortestAt(tt.at); id != tt.want {
			t.Errorf("shortestAt(%d): got %q, want %q", tt.at, id, tt.want)
		}
	}
}

// stripeRun is a bandRun with the highlight's ID, for comparisons.
type stripeRun struct {
	id            string
	start, end    int
	stripe, count int
	shade         bool
}

func stripeRuns(set highlightSet, ls, le int) []stripeRun {
	var out []stripeRun
	for _, r := range set.lineRuns(set.overlapping(ls, le, nil), ls, le, nil) {
		out = append(out, stripeRun{set.hs[r.hi].ID, r.start, r.end, r.stripe, r.of, r.shade})
	}
	slices.SortFunc(out, func(a, b stripeRun) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.stripe, b.stripe)
	})
	return out
}

func TestLineRunsStripes(t *testing.T) {
	red := color.NRGBA{R: 0xff, A: 0xff}
	blue := color.NRGBA{B: 0xff, A: 0xff}
	tests := []struct {
		name   string
		hs     []Highlight
		ls, le int
		want   []stripeRun
	}{
		{
			name: "no overlap: full-height bands",
			hs:   []Highlight{{ID: "a", Start: 2, End: 5}, {ID: "b", Start: 5, End: 9}},
			ls:   0, le: 20,
			want: []stripeRun{{"a", 2, 5, 0, 1, false}, {"b", 5, 9, 0, 1, false}},
		},
		{
			name: "two-way overlap: halves, earlier on top",
			hs:   []Highlight{{ID: "b", Start: 5, End: 20}, {ID: "a", Start: 0, End: 10}},
			ls:   0, le: 30,
			want: []stripeRun{
				{"a", 0, 5, 0, 1, false},
				{"a", 5, 10, 0, 2, false}, {"b", 5, 10, 1, 2, false},
				{"b", 10, 20, 0, 1, false},
			},
		},
		{
			name: "same start: longer on top",
			hs:   []Highlight{{ID: "short", Start: 3, End: 6}, {ID: "long", Start: 3, End: 12}},
			ls:   0, le: 30,
			want: []stripeRun{
				{"long", 3, 6, 0, 2, false}, {"short", 3, 6, 1, 2, false},
				{"long", 6, 12, 0, 1, false},
			},
		},
		{
			name: "three-way overlap: thirds",
			hs: []Highlight{
				{ID: "a", Start: 0, End: 10},
				{ID: "b", Start: 5, End: 20},
				{ID: "c", Start: 7, End: 9},
			},
			ls: 0, le: 30,
			want: []stripeRun{
				{"a", 0, 5, 0, 1, false},
				{"a", 5, 7, 0, 2, false}, {"b", 5, 7, 1, 2, false},
				{"a", 7, 9, 0, 3, false}, {"b", 7, 9, 1, 3, false}, {"c", 7, 9, 2, 3, false},
				{"a", 9, 10, 0, 2, false}, {"b", 9, 10, 1, 2, false},
				{"b", 10, 20, 0, 1, false},
			},
		},
		{
			name: "pieces with the same stripe merge",
			hs: []Highlight{
				{ID: "outer", Start: 0, End: 20},
				{ID: "x", Start: 2, End: 4},
				{ID: "y", Start: 4, End: 6},
			},
			ls: 0, le: 30,
			want: []stripeRun{
				{"outer", 0, 2, 0, 1, false},
				{"outer", 2, 6, 0, 2, false}, {"x", 2, 4, 1, 2, false}, {"y", 4, 6, 1, 2, false},
				{"outer", 6, 20, 0, 1, false},
			},
		},
		{
			name: "same colour: the lower stripe is shaded",
			hs: []Highlight{
				{ID: "a", Start: 0, End: 10, Fill: red},
				{ID: "b", Start: 2, End: 8, Fill: red},
				{ID: "c", Start: 4, End: 6, Fill: red},
				{ID: "d", Start: 5, End: 6, Fill: blue},
			},
			ls: 0, le: 30,
			want: []stripeRun{
				{"a", 0, 2, 0, 1, false},
				{"a", 2, 4, 0, 2, false}, {"b", 2, 4, 1, 2, true},
				{"a", 4, 5, 0, 3, false}, {"b", 4, 5, 1, 3, true}, {"c", 4, 5, 2, 3, false}, // alternating
				{"a", 5, 6, 0, 4, false}, {"b", 5, 6, 1, 4, true}, {"c", 5, 6, 2, 4, false}, {"d", 5, 6, 3, 4, false},
				{"a", 6, 8, 0, 2, false}, {"b", 6, 8, 1, 2, true},
				{"a", 8, 10, 0, 1, false},
			},
		},
		{
			name: "clipped to the line",
			hs:   []Highlight{{ID: "a", Start: 0, End: 10}, {ID: "b", Start: 5, End: 20}},
			ls:   8, le: 16,
			want: []stripeRun{{"a", 8, 10, 0, 2, false}, {"b", 8, 10, 1, 2, false}, {"b", 10, 16, 0, 1, false}},
		},
		{
			name: "nothing on the line",
			hs:   []Highlight{{ID: "a", Start: 0, End: 10}},
			ls:   10, le: 20,
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, h := range tt.hs {
				if h.Fill == nil { // a colour of its own
					tt.hs[i].Fill = color.NRGBA{R: uint8(i), G: 0x80, B: 0x80, A: 0xff}
				}
			}
			got := stripeRuns(newHighlightSet(tt.hs, 30), tt.ls, tt.le)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got runs\n%v\nwant\n%v", got, tt.want)
			}
		})
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
