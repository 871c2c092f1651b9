package reader

import (
	"cmp"
	"image/color"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// mixedText has Korean, emoji and a combining accent (e + U+0301), and
// wraps over several lines at 800 px.
const mixedText = "The café owner said 안녕하세요 to every guest 😀 and served cafe\u0301 au lait with a smile. " +
	"Reporters from Seoul wrote 한국어 기사 about the place 🎉 while the night went on.\n" +
	"A second line follows the first one directly.\n\n" +
	"A new paragraph starts here, with naïve words, résumé, jalapen\u0303o and more text so that it wraps at least once in the column."

// newTestReader returns a reader showing text in an 800x600 test window.
func newTestReader(t testing.TB, text string) *Reader {
	t.Helper()
	test.NewTempApp(t)
	r := New()
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(800, 600))
	r.SetText(text)
	return r
}

// longText returns n paragraphs of varied English words.
func longText(n int) string {
	words := strings.Fields("the quick brown fox jumps over a lazy dog while reporters write long articles about politics economy and weather in several countries")
	var b strings.Builder
	for p := range n {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for i := range 60 {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[(p*7+i*3)%len(words)])
		}
		b.WriteByte('.')
	}
	return b.String()
}

// inGlyph returns a widget position just inside the glyph after rune offset
// o: one pixel right of the caret, half a line down.
func inGlyph(r *Reader, o int) fyne.Position {
	return r.PositionOf(o).Add(fyne.NewPos(1, r.geom.m.lineHeight/2))
}

func mouseDown(pos fyne.Position, mod fyne.KeyModifier) *desktop.MouseEvent {
	return &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}, Button: desktop.MouseButtonPrimary, Modifier: mod}
}

// drag presses at from, drags to each of the positions and releases.
func drag(r *Reader, from fyne.Position, to ...fyne.Position) {
	r.MouseDown(mouseDown(from, 0))
	prev := from
	for _, p := range to {
		r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}, Dragged: fyne.NewDelta(p.X-prev.X, p.Y-prev.Y)})
		prev = p
	}
	r.MouseUp(mouseDown(prev, 0))
	r.DragEnd()
}

// selectionRecorder records OnSelectionChanged calls.
type selectionRecorder struct{ calls [][2]int }

func (s *selectionRecorder) attach(r *Reader) {
	r.OnSelectionChanged = func(start, end int) { s.calls = append(s.calls, [2]int{start, end}) }
}

func (s *selectionRecorder) assertLast(t *testing.T, start, end int) {
	t.Helper()
	if len(s.calls) == 0 {
		t.Errorf("OnSelectionChanged not called, want (%d, %d)", start, end)
		return
	}
	if got := s.calls[len(s.calls)-1]; got != [2]int{start, end} {
		t.Errorf("OnSelectionChanged got %v, want (%d, %d)", got, start, end)
	}
}

func assertSelection(t *testing.T, r *Reader, start, end int) {
	t.Helper()
	if s, e := r.Selection(); s != start || e != end {
		t.Errorf("Selection() got (%d, %d), want (%d, %d)", s, e, start, end)
	}
}

// runeOffset returns the rune offset of the first occurrence of sub in text.
func runeOffset(t *testing.T, text, sub string) int {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	return len([]rune(text[:i]))
}

func TestDragSelection(t *testing.T) {
	tests := []struct {
		name     string
		from, to string // drag from the start of from to the start of to (or end of text if "")
		want     string
	}{
		{"latin word", "owner", " said", "owner"},
		{"korean", "안녕하세요", " to every", "안녕하세요"},
		{"emoji", "😀", " and served", "😀"},
		{"combining accent", "cafe\u0301", " au lait", "cafe\u0301"},
		{"backwards", " au lait", "cafe\u0301", "cafe\u0301"},
		{"across wrapped lines", "smile.", "기사", "smile. Reporters from Seoul wrote 한국어 "},
		{"across paragraphs", "directly.", "new paragraph", "directly.\n\nA "},
		{"to end of text", "column.", "", "column."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestReader(t, mixedText)
			var rec selectionRecorder
			rec.attach(r)
			a := runeOffset(t, mixedText, tt.from)
			b := len([]rune(mixedText))
			if tt.to != "" {
				b = runeOffset(t, mixedText, tt.to)
			}
			mid := inGlyph(r, (a+b)/2)
			drag(r, inGlyph(r, a), mid, inGlyph(r, b))
			s, e := min(a, b), max(a, b)
			assertSelection(t, r, s, e)
			if got := r.SelectedText(); got != tt.want {
				t.Errorf("SelectedText() got %q, want %q", got, tt.want)
			}
			if len(rec.calls) != 1 {
				t.Errorf("OnSelectionChanged called %d times, want once (at drag end)", len(rec.calls))
			}
			rec.assertLast(t, s, e)
		})
	}
}

func TestDragWithoutMovementDoesNotSelect(t *testing.T) {
	r := newTestReader(t, mixedText)
	var rec selectionRecorder
	rec.attach(r)
	p := inGlyph(r, 10)
	drag(r, p, p)
	assertSelection(t, r, 10, 10)
	if len(rec.calls) != 0 {
		t.Errorf("OnSelectionChanged got %v, want no call for an empty selection", rec.calls)
	}
}

func TestHitTestRoundTrip(t *testing.T) {
	for _, scrolled := range []bool{false, true} {
		r := newTestReader(t, mixedText+"\n\n"+longText(10))
		if r.lay.lineCount() < 10 {
			t.Fatalf("got %d lines, want a text that wraps over at least 10", r.lay.lineCount())
		}
		if scrolled {
			r.ScrollToOffset(r.idx.n / 2)
			if r.ScrollPosition() == 0 {
				t.Fatal("ScrollToOffset did not scroll")
			}
		}
		runes := []rune(r.Text())
		checked := 0
		for o := 0; o <= len(runes); o++ {
			// A zero-width combining mark shares its position with the
			// boundary after it; a click there lands after the mark.
			if o < len(runes) && unicode.Is(unicode.Mn, runes[o]) {
				continue
			}
			pos := r.PositionOf(o)
			if pos.Y < 0 || pos.Y > r.Size().Height {
				continue
			}
			checked++
			if got := r.OffsetAt(pos.Add(fyne.NewPos(0.5, 1))); got != o {
				t.Errorf("scrolled=%v: OffsetAt(PositionOf(%d)+nudge) got %d, want %d (%q|%q)",
					scrolled, o, got, o, string(runes[max(o-5, 0):o]), string(runes[o:min(o+5, len(runes))]))
			}
		}
		if checked < 500 {
			t.Errorf("scrolled=%v: checked %d offsets, want at least 500", scrolled, checked)
		}
	}
}

func TestOffsetAtOutsideText(t *testing.T) {
	r := newTestReader(t, "Short text.")
	n := len([]rune(r.Text()))
	tests := []struct {
		name string
		pos  fyne.Position
		want int
	}{
		{"above", fyne.NewPos(300, -10), 0},
		{"left of the line", fyne.NewPos(0, r.PositionOf(0).Y+2), 0},
		{"right of the line", fyne.NewPos(790, r.PositionOf(0).Y+2), n},
		{"below", fyne.NewPos(100, 500), n},
	}
	for _, tt := range tests {
		if got := r.OffsetAt(tt.pos); got != tt.want {
			t.Errorf("%s: OffsetAt(%v) got %d, want %d", tt.name, tt.pos, got, tt.want)
		}
	}
}

func TestTapHighlights(t *testing.T) {
	r := newTestReader(t, mixedText)
	red := color.NRGBA{R: 255, A: 128}
	r.SetHighlights([]Highlight{
		{ID: "outer", Start: 4, End: 40, Fill: red},
		{ID: "inner", Start: 10, End: 15, Fill: red},
		{ID: "tiny", Start: 12, End: 13, Fill: red},
	})
	tests := []struct {
		name      string
		pos       fyne.Position
		wantID    string // "" means OnEmptyTapped
		wantEmpty bool
	}{
		{"only outer", inGlyph(r, 5), "outer", false},
		{"inner inside outer", inGlyph(r, 11), "inner", false},
		{"shortest of three", inGlyph(r, 12), "tiny", false},
		{"end of outer", inGlyph(r, 39), "outer", false},
		{"after outer", inGlyph(r, 41), "", true},
		{"before text", fyne.NewPos(2, inGlyph(r, 0).Y), "", true},
		{"below text", fyne.NewPos(300, 590), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotID string
			gotEmpty := false
			r.OnHighlightTapped = func(id string) { gotID = id }
			r.OnEmptyTapped = func() { gotEmpty = true }
			r.SetSelection(50, 60)
			var rec selectionRecorder
			rec.attach(r)
			r.MouseDown(mouseDown(tt.pos, 0))
			r.MouseUp(mouseDown(tt.pos, 0))
			r.Tapped(&fyne.PointEvent{Position: tt.pos})
			if gotID != tt.wantID || gotEmpty != tt.wantEmpty {
				t.Errorf("got highlight %q, empty %v; want highlight %q, empty %v", gotID, gotEmpty, tt.wantID, tt.wantEmpty)
			}
			if s, e := r.Selection(); s != e {
				t.Errorf("Selection() got (%d, %d), want it cleared by the tap", s, e)
			}
			if len(rec.calls) != 1 || rec.calls[0][0] != rec.calls[0][1] {
				t.Errorf("OnSelectionChanged got %v, want one call with an empty selection", rec.calls)
			}
		})
	}
}

func TestContextMenu(t *testing.T) {
	r := newTestReader(t, mixedText)
	r.SetHighlights([]Highlight{{ID: "h", Start: 4, End: 8, Fill: color.Black}})
	for _, tt := range []struct {
		o    int
		want string
	}{{5, "h"}, {20, ""}} {
		var gotPos fyne.Position
		gotID := "not called"
		r.OnContextMenu = func(p fyne.Position, id string) { gotPos, gotID = p, id }
		abs := fyne.NewPos(123, 45)
		r.TappedSecondary(&fyne.PointEvent{Position: inGlyph(r, tt.o), AbsolutePosition: abs})
		if gotID != tt.want || gotPos != abs {
			t.Errorf("offset %d: got (%v, %q), want (%v, %q)", tt.o, gotPos, gotID, abs, tt.want)
		}
	}
}

func TestDoubleTapSelectsWord(t *testing.T) {
	tests := []struct {
		name string
		at   string // double-click inside the first occurrence of at (second rune)
		want string
	}{
		{"latin", "owner", "owner"},
		{"accented", "café", "café"},
		{"combining accent", "cafe\u0301 au", "cafe\u0301"},
		{"korean", "안녕하세요", "안녕하세요"},
		{"apostrophe", "isn't", "isn't"},
		{"digits", "2024", "2024"},
	}
	text := mixedText + " It isn't over in 2024."
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestReader(t, text)
			var rec selectionRecorder
			rec.attach(r)
			o := runeOffset(t, text, tt.at)
			r.DoubleTapped(&fyne.PointEvent{Position: inGlyph(r, o+1)})
			if got := r.SelectedText(); got != tt.want {
				t.Errorf("SelectedText() got %q, want %q", got, tt.want)
			}
			rec.assertLast(t, o, o+len([]rune(tt.want)))
		})
	}
}

// fakeClock is a clock for the reader's double-click detection.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestDoubleClickDragExtendsByWords(t *testing.T) {
	text := mixedText
	at := func(r *Reader, sub string, k int) fyne.Position { return inGlyph(r, runeOffset(t, text, sub)+k) }
	span := func(from, to string) [2]int {
		return [2]int{runeOffset(t, text, from), runeOffset(t, text, to) + len([]rune(to))}
	}
	tests := []struct {
		name string
		to   []string // drag to the third rune of each, in turn
		want [2]int
	}{
		{"forwards", []string{"every"}, span("owner", "every")},
		{"forwards over lines", []string{"guest", "Seoul"}, span("owner", "Seoul")},
		{"backwards", []string{"café"}, span("café", "owner")},
		{"back and forth", []string{"café", "said"}, span("owner", "said")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestReader(t, text)
			clock := &fakeClock{t: time.Unix(1e9, 0)}
			r.now = clock.now
			var rec selectionRecorder
			rec.attach(r)
			first := at(r, "owner", 2)
			r.MouseDown(mouseDown(first, 0))
			r.MouseUp(mouseDown(first, 0))
			clock.t = clock.t.Add(100 * time.Millisecond)
			second := first.Add(fyne.NewPos(1, 0))
			r.MouseDown(mouseDown(second, 0))
			if got := r.SelectedText(); got != "owner" {
				t.Errorf("after the second press: SelectedText() got %q, want %q", got, "owner")
			}
			prev := second
			for _, w := range tt.to {
				p := at(r, w, 2)
				r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}, Dragged: fyne.NewDelta(p.X-prev.X, p.Y-prev.Y)})
				prev = p
			}
			r.MouseUp(mouseDown(prev, 0))
			r.DragEnd()
			r.Tapped(&fyne.PointEvent{Position: first}) // Fyne reports the first click late
			assertSelection(t, r, tt.want[0], tt.want[1])
			if len(rec.calls) != 1 {
				t.Errorf("OnSelectionChanged got %v, want one call at the end of the drag", rec.calls)
			}
			rec.assertLast(t, tt.want[0], tt.want[1])
		})
	}
	t.Run("slow presses select by characters", func(t *testing.T) {
		r := newTestReader(t, text)
		clock := &fakeClock{t: time.Unix(1e9, 0)}
		r.now = clock.now
		first := at(r, "owner", 2)
		click(r, first, 0)
		clock.t = clock.t.Add(time.Second)
		drag(r, first, at(r, "every", 2))
		assertSelection(t, r, runeOffset(t, text, "owner")+2, runeOffset(t, text, "every")+2)
	})
	t.Run("double click without a drag", func(t *testing.T) {
		r := newTestReader(t, text)
		clock := &fakeClock{t: time.Unix(1e9, 0)}
		r.now = clock.now
		var rec selectionRecorder
		rec.attach(r)
		p := at(r, "owner", 2)
		r.MouseDown(mouseDown(p, 0))
		r.MouseUp(mouseDown(p, 0))
		clock.t = clock.t.Add(100 * time.Millisecond)
		r.MouseDown(mouseDown(p, 0))
		r.MouseUp(mouseDown(p, 0))
		r.DoubleTapped(&fyne.PointEvent{Position: p})
		o := runeOffset(t, text, "owner")
		assertSelection(t, r, o, o+5)
		if len(rec.calls) != 1 {
			t.Errorf("OnSelectionChanged got %v, want one call", rec.calls)
		}
	})
}

func TestShiftClickExtends(t *testing.T) {
	r := newTestReader(t, mixedText)
	var rec selectionRecorder
	rec.attach(r)
	drag(r, inGlyph(r, 4), inGlyph(r, 9))
	assertSelection(t, r, 4, 9)

	tests := []struct {
		name     string
		click    int
		from, to int
	}{
		{"forwards", 30, 4, 30},
		{"backwards past the anchor", 2, 2, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			click(r, inGlyph(r, tt.click), fyne.KeyModifierShift)
			assertSelection(t, r, tt.from, tt.to)
			rec.assertLast(t, tt.from, tt.to)
		})
	}
}

// click presses and releases the primary button at pos with the modifiers
// mod, as the driver does.
func click(r *Reader, pos fyne.Position, mod fyne.KeyModifier) {
	r.MouseDown(mouseDown(pos, mod))
	r.MouseUp(mouseDown(pos, mod))
	r.Tapped(&fyne.PointEvent{Position: pos}) // must not clear a shift+click extension
}

// TestModifiersDoNotStick: a Shift pressed in the reader but released
// where it could not see it (Ctrl+Shift+L opens a dialog, which gets the
// key release) must not turn later plain clicks or arrows into extensions.
func TestModifiersDoNotStick(t *testing.T) {
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	tests := []struct {
		name  string
		after func(r *Reader) // what happens after Shift went down
	}{
		{"release never seen", func(*Reader) {}},
		{"focus lost while Shift is down", func(r *Reader) { r.FocusLost(); r.FocusGained() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestReader(t, mixedText)
			var rec selectionRecorder
			rec.attach(r)
			drag(r, inGlyph(r, 4), inGlyph(r, 9))
			r.KeyDown(shift)
			tt.after(r)

			click(r, inGlyph(r, 30), 0)
			assertSelection(t, r, 30, 30)
			rec.assertLast(t, 30, 30)
			click(r, inGlyph(r, 40), 0)
			assertSelection(t, r, 40, 40)
			r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
			assertSelection(t, r, 41, 41)
		})
	}
	t.Run("focus lost, then an arrow", func(t *testing.T) {
		r := newTestReader(t, mixedText)
		r.SetSelection(10, 10)
		r.KeyDown(shift)
		r.FocusLost()
		r.FocusGained()
		r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
		assertSelection(t, r, 11, 11)
	})
}

func TestKeyboardSelection(t *testing.T) {
	r := newTestReader(t, mixedText)
	var rec selectionRecorder
	rec.attach(r)
	start := runeOffset(t, mixedText, "안녕")
	r.SetSelection(start, start)
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftRight}

	r.KeyDown(shift)
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	assertSelection(t, r, start, start+1)
	rec.assertLast(t, start, start+1)
	if got := r.SelectedText(); got != "안" {
		t.Errorf("SelectedText() after Shift+Right got %q, want %q", got, "안")
	}
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	assertSelection(t, r, start, start+2)

	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	s, e := r.Selection()
	if s != start || r.lay.lineForOffset(e) != r.lay.lineForOffset(start)+1 {
		t.Errorf("Shift+Down got (%d, %d), want the end on the next line", s, e)
	}
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	assertSelection(t, r, start, start+2)
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	assertSelection(t, r, start-1, start)
	r.KeyUp(shift)

	// Without shift, Right collapses the selection to its end.
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	assertSelection(t, r, start, start)
	rec.assertLast(t, start, start)
}

func TestShortcuts(t *testing.T) {
	r := newTestReader(t, mixedText)
	var rec selectionRecorder
	rec.attach(r)
	var got []fyne.Shortcut
	r.OnShortcut = func(s fyne.Shortcut) { got = append(got, s) }

	r.TypedShortcut(&fyne.ShortcutSelectAll{})
	n := len([]rune(mixedText))
	assertSelection(t, r, 0, n)
	rec.assertLast(t, 0, n)

	o := runeOffset(t, mixedText, "안녕하세요")
	r.SetSelection(o, o+5)
	clip := test.NewClipboard()
	r.TypedShortcut(&fyne.ShortcutCopy{Clipboard: clip})
	if c := clip.Content(); c != "안녕하세요" {
		t.Errorf("clipboard got %q, want %q", c, "안녕하세요")
	}
	r.SetSelection(o+5, o)
	r.TypedShortcut(&fyne.ShortcutCopy{}) // no clipboard in the event: the app's
	if c := fyne.CurrentApp().Clipboard().Content(); c != "안녕하세요" {
		t.Errorf("app clipboard got %q, want %q", c, "안녕하세요")
	}

	custom := &desktop.CustomShortcut{KeyName: fyne.Key1, Modifier: fyne.KeyModifierShortcutDefault}
	undo := &fyne.ShortcutUndo{}
	r.TypedShortcut(custom)
	r.TypedShortcut(undo)
	if len(got) != 2 || got[0] != fyne.Shortcut(custom) || got[1] != fyne.Shortcut(undo) {
		t.Errorf("OnShortcut got %v, want [%v %v]", got, custom, undo)
	}
}

// wheel returns the scroll event of n notches of the mouse wheel (positive:
// up) as Fyne's desktop driver sends it.
func wheel(n float32) *fyne.ScrollEvent {
	return &fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, n*wheelNotch)}
}

func TestScrolling(t *testing.T) {
	r := newTestReader(t, longText(30))
	lh := r.geom.m.lineHeight
	steps := []struct {
		name string
		do   func()
		want func(before float32) float32
	}{
		{"wheel down a notch", func() { r.Scrolled(wheel(-1)) }, func(b float32) float32 { return b + 3*lh }},
		{"wheel down two notches", func() { r.Scrolled(wheel(-2)) }, func(b float32) float32 { return b + 6*lh }},
		{"wheel up a notch", func() { r.Scrolled(wheel(1)) }, func(b float32) float32 { return b - 3*lh }},
		{"touchpad, a fifth of a notch", func() { r.Scrolled(wheel(-0.2)) }, func(b float32) float32 { return b + round(0.6*lh) }},
		{"key down", func() { r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) }, func(b float32) float32 { return b + lh }},
		{"page down", func() { r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown}) }, func(b float32) float32 { return b + r.Size().Height - lh }},
		{"page up", func() { r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageUp}) }, func(b float32) float32 { return b - r.Size().Height + lh }},
		{"end", func() { r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd}) }, func(float32) float32 { return r.maxScroll() }},
		{"wheel past the end", func() { r.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -500)}) }, func(float32) float32 { return r.maxScroll() }},
		{"home", func() { r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome}) }, func(float32) float32 { return 0 }},
		{"wheel past the top", func() { r.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, 500)}) }, func(float32) float32 { return 0 }},
	}
	for _, st := range steps {
		before := r.ScrollPosition()
		st.do()
		if got, want := r.ScrollPosition(), st.want(before); got != want {
			t.Errorf("%s: ScrollPosition() got %v, want %v", st.name, got, want)
		}
	}
	if r.maxScroll() < 1000 {
		t.Errorf("maxScroll() got %v, want a long text", r.maxScroll())
	}
}

func TestScrollbarDrag(t *testing.T) {
	r := newTestReader(t, longText(30))
	y, h, ok := r.thumb()
	if !ok {
		t.Fatal("no scrollbar for a long text")
	}
	x := r.Size().Width - 3
	grab := fyne.NewPos(x, y+h/2)
	r.MouseDown(mouseDown(grab, 0))
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: grab.AddXY(0, 100)}, Dragged: fyne.NewDelta(0, 100)})
	r.DragEnd()
	track := r.Size().Height - 2*r.geom.pad
	want := 100 / (track - h) * r.maxScroll()
	if got := r.ScrollPosition(); got < want-1 || got > want+1 {
		t.Errorf("ScrollPosition() after dragging the thumb 100 px got %v, want %v", got, want)
	}
	if s, e := r.Selection(); s != e {
		t.Errorf("Selection() got (%d, %d), want no selection from a scrollbar drag", s, e)
	}
	r.Tapped(&fyne.PointEvent{Position: grab}) // a click on the bar is not a text click
	if got := r.ScrollPosition(); got < want-1 {
		t.Errorf("ScrollPosition() after a tap on the bar got %v, want %v", got, want)
	}
}

func TestAutoScrollWhileDragging(t *testing.T) {
	r := newTestReader(t, longText(30))
	var rec selectionRecorder
	rec.attach(r)
	a := 3
	height := r.Size().Height
	r.MouseDown(mouseDown(inGlyph(r, a), 0))
	prev := inGlyph(r, a)
	var last float32
	for i := 1; i <= 5; i++ {
		p := fyne.NewPos(300, height+float32(20*i))
		r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}, Dragged: fyne.NewDelta(p.X-prev.X, p.Y-prev.Y)})
		prev = p
		got := r.ScrollPosition()
		if got < last+float32(20*i) {
			t.Errorf("drag %d px below the bottom: ScrollPosition() got %v, want at least %v", 20*i, got, last+float32(20*i))
		}
		last = got
	}
	if r.autoScroll == nil {
		t.Error("auto-scroll animation not running while the pointer is below the widget")
	}
	r.DragEnd()
	if r.autoScroll != nil {
		t.Error("auto-scroll animation still running after DragEnd")
	}
	s, e := r.Selection()
	if s != a || e <= r.OffsetAt(fyne.NewPos(300, height-1))-100 {
		t.Errorf("Selection() got (%d, %d), want (%d, near the bottom of the view)", s, e, a)
	}
	rec.assertLast(t, s, e)

	// Dragging back above the top scrolls up.
	before := r.ScrollPosition()
	drag(r, inGlyph(r, e), fyne.NewPos(300, -40))
	if got := r.ScrollPosition(); got > before-40 {
		t.Errorf("drag 40 px above the top: ScrollPosition() got %v, want at most %v", got, before-40)
	}
}

func TestWrappingInWidget(t *testing.T) {
	text := mixedText + "\n\n" + longText(4) + " Supercalifragilisticexpialidocious" + strings.Repeat("x", 150) + " end."
	r := newTestReader(t, text)
	measure := func(s string) float32 { return fyne.MeasureText(s, r.geom.textSize, fyne.TextStyle{}).Width }
	check := func(t *testing.T) int {
		t.Helper()
		for i, ln := range r.lay.lines {
			if ln.width > r.geom.colW {
				t.Errorf("line %d: got layout width %v, want <= column %v", i, ln.width, r.geom.colW)
			}
			// Each word is drawn at its x; drawn as one string, it may be
			// narrower than the sum of its runes (kerning), never wider
			// by more than kernTolerance.
			for _, sg := range r.lay.lineSegs(i) {
				word := r.lay.text[sg.bstart:sg.bend]
				if sg.space {
					continue
				}
				if right := sg.x + measure(r.widths.drawable(word)); right > r.geom.colW+kernTolerance {
					t.Errorf("line %d: word %q drawn up to x=%v, want <= column %v", i, word, right, r.geom.colW)
				}
			}
		}
		if got := joinLines(t, r.lay); got != text {
			t.Errorf("text joined from the lines differs from the original:\ngot  %q\nwant %q", got, text)
		}
		return r.lay.lineCount()
	}
	wide := check(t)
	if r.geom.colW > 700 || r.geom.colW < 600 {
		t.Errorf("got column width %v at 800 px, want about 680", r.geom.colW)
	}
	if colX := r.geom.colX; colX < 30 || r.Size().Width-colX-r.geom.colW < 30 {
		t.Errorf("got column x %v, want centred with margins", colX)
	}
	r.Resize(fyne.NewSize(400, 600))
	narrow := check(t)
	if narrow <= wide {
		t.Errorf("got %d lines at 400 px, want more than %d at 800 px", narrow, wide)
	}
}

func TestSetTextResets(t *testing.T) {
	r := newTestReader(t, longText(30))
	r.SetSelection(10, 20)
	r.ScrollToOffset(3000)
	if r.ScrollPosition() == 0 {
		t.Fatal("ScrollToOffset(3000) did not scroll")
	}
	pos := r.PositionOf(3000)
	if pos.Y < 0 || pos.Y > r.Size().Height/2 {
		t.Errorf("after ScrollToOffset the line is at y=%v, want in the upper half of %v", pos.Y, r.Size().Height)
	}
	r.SetText("new")
	assertSelection(t, r, 0, 0)
	if r.ScrollPosition() != 0 || r.Text() != "new" {
		t.Errorf("after SetText got scroll %v, text %q, want 0, %q", r.ScrollPosition(), r.Text(), "new")
	}
	r.SetSelection(-5, 99)
	assertSelection(t, r, 0, 3)
}

func TestRewrapsOnlyWhenWidthOrTextChange(t *testing.T) {
	test.NewTempApp(t)
	r := New()
	r.SetHighlights([]Highlight{{ID: "early", Start: 4, End: 9, Fill: color.Black}}) // before the text
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(800, 600))
	r.SetText(longText(30))
	lay := r.lay
	r.SetHighlights(append(r.hlInput, Highlight{ID: "late", Start: 20, End: 30, Fill: color.White}))
	r.SetSelectedHighlight("late")
	r.SetSelection(5, 50)
	r.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -300)})
	r.ScrollToOffset(2000)
	r.Resize(r.Size()) // same size
	if r.lay != lay {
		t.Error("the text was re-wrapped without a change of width or text")
	}
	if id, _ := r.highlights.shortestAt(5); id != "early" {
		t.Errorf("highlight set before SetText: got %q at offset 5, want %q", id, "early")
	}
	w.Resize(fyne.NewSize(500, 600))
	if r.lay == lay {
		t.Error("the text was not re-wrapped after a width change")
	}
	lay = r.lay
	r.SetText(longText(2))
	if r.lay == lay {
		t.Error("the text was not re-wrapped after SetText")
	}
}

func TestRendersOnlyVisibleLines(t *testing.T) {
	r := newTestReader(t, longText(200)) // about 12,000 words
	rr := test.TempWidgetRenderer(t, r).(*renderer)
	height := r.Size().Height
	check := func(t *testing.T, when string) {
		t.Helper()
		var texts []*canvas.Text
		for _, o := range rr.Objects() {
			if txt, ok := o.(*canvas.Text); ok {
				texts = append(texts, txt)
			}
		}
		if len(texts) == 0 || len(texts) > 40*20 {
			t.Errorf("%s: got %d texts, want only the words of the visible lines", when, len(texts))
		}
		for _, txt := range texts {
			if y := txt.Position().Y; y+txt.Size().Height <= 0 || y >= height {
				t.Errorf("%s: text %q at y=%v is outside the view 0..%v", when, txt.Text, y, height)
			}
		}
		// The first visible word is drawn.
		first := r.OffsetAt(fyne.NewPos(r.geom.colX, r.geom.m.lineHeight))
		s, e := r.idx.wordAt(first)
		word := r.idx.slice(s, e)
		found := false
		for _, txt := range texts {
			found = found || strings.HasPrefix(txt.Text, word)
		}
		if !found {
			t.Errorf("%s: word %q at the top of the view is not drawn", when, word)
		}
	}
	check(t, "at the top")
	pool := len(rr.texts)
	for i := range 20 {
		r.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -float32(997*(i+1)))})
	}
	check(t, "after scrolling")
	if len(rr.texts) > 2*pool {
		t.Errorf("text pool grew from %d to %d while scrolling, want objects reused", pool, len(rr.texts))
	}
}

// goldenText and goldenHighlights show two- and three-way overlaps, an
// overlap of two highlights of the same colour, the outline of the
// selected highlight, and a selection that starts and ends inside words
// and covers part of a highlight.
const goldenText = "Officials said on Tuesday that the new bridge would open next spring, " +
	"although engineers warned that the schedule depended on the weather and on steel deliveries. " +
	"Residents welcomed the news.\n\n" +
	"The mayor, speaking to reporters, called it “a turning point for the city” and promised lower tolls."

func goldenHighlights(t *testing.T, fills [3]color.Color) []Highlight {
	at := func(s string) int { return runeOffset(t, goldenText, s) }
	a, b, c := fills[0], fills[1], fills[2]
	return []Highlight{
		{ID: "claim", Start: at("the new bridge"), End: at(", although"), Fill: a},
		{ID: "source", Start: at("Officials"), End: at(" that the new"), Fill: b},
		{ID: "risk", Start: at("engineers"), End: at(" Residents"), Fill: b},
		{ID: "detail", Start: at("steel"), End: at(" deliveries"), Fill: c},
		{ID: "wide", Start: at("next spring"), End: at("the schedule"), Fill: c},
		{ID: "cause", Start: at("depended on"), End: at(" and on steel"), Fill: a},
		{ID: "weather", Start: at("the weather"), End: at(" deliveries"), Fill: c},
		{ID: "quote", Start: at("“a turning"), End: at(" and promised"), Fill: c},
		{ID: "turning", Start: at("turning point"), End: at(" for the city"), Fill: c}, // same colour as quote
		{ID: "speaking", Start: at("speaking"), End: at(" called it"), Fill: a},
	}
}

// showGolden shows goldenText with goldenHighlights in an 800x300 window.
func showGolden(t *testing.T, fills [3]color.Color) fyne.Window {
	r := New()
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(800, 300))
	r.SetText(goldenText)
	r.SetHighlights(goldenHighlights(t, fills))
	r.SetSelectedHighlight("risk")
	r.SetSelection(runeOffset(t, goldenText, "ayor,"), runeOffset(t, goldenText, "orters,"))
	return w
}

func TestGoldenOverlapping(t *testing.T) {
	test.NewTempApp(t)
	w := showGolden(t, [3]color.Color{
		color.NRGBA{R: 0xf0, G: 0xc0, B: 0x20, A: 0x90},
		color.NRGBA{R: 0x30, G: 0x80, B: 0xf0, A: 0x90},
		color.NRGBA{R: 0x30, G: 0xc0, B: 0x60, A: 0x90},
	})
	test.AssertImageMatches(t, "overlapping.png", w.Canvas().Capture())
}

// fixedVariant is a theme whose colours are always those of one variant.
type fixedVariant struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t fixedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

// TestGoldenOverlappingThemes uses Fyne's light and dark themes with the
// application's band colours (opaque, at least 4.5:1 against the text);
// in the dark theme the thin underline bars of overlapping highlights used
// to vanish.
func TestGoldenOverlappingThemes(t *testing.T) {
	for _, tt := range []struct {
		name  string
		th    fyne.Theme
		fills [3]color.Color
	}{
		{"light", fixedVariant{theme.DefaultTheme(), theme.VariantLight}, [3]color.Color{
			color.NRGBA{R: 0xf8, G: 0xe0, B: 0x9a, A: 0xff},
			color.NRGBA{R: 0xbf, G: 0xd9, B: 0xf6, A: 0xff},
			color.NRGBA{R: 0xc6, G: 0xe8, B: 0xbd, A: 0xff},
		}},
		{"dark", fixedVariant{theme.DefaultTheme(), theme.VariantDark}, [3]color.Color{
			color.NRGBA{R: 0x66, G: 0x4f, B: 0x0f, A: 0xff},
			color.NRGBA{R: 0x1f, G: 0x45, B: 0x73, A: 0xff},
			color.NRGBA{R: 0x2a, G: 0x5a, B: 0x2c, A: 0xff},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t).Settings().SetTheme(tt.th)
			w := showGolden(t, tt.fills)
			test.AssertImageMatches(t, "overlapping_"+tt.name+".png", w.Canvas().Capture())
		})
	}
}

// rectsFilled returns the rectangles among the renderer's objects whose
// fill is c, top to bottom, left to right.
func rectsFilled(r *Reader, c color.Color) []*canvas.Rectangle {
	var out []*canvas.Rectangle
	for _, o := range test.WidgetRenderer(r).Objects() {
		if rc, ok := o.(*canvas.Rectangle); ok && rc.FillColor != nil && sameColor(rc.FillColor, c) {
			out = append(out, rc)
		}
	}
	slices.SortFunc(out, func(a, b *canvas.Rectangle) int {
		if c := cmp.Compare(a.Position().Y, b.Position().Y); c != 0 {
			return c
		}
		return cmp.Compare(a.Position().X, b.Position().X)
	})
	return out
}

func TestRenderStripes(t *testing.T) {
	r := newTestReader(t, "alpha beta gamma delta epsilon")
	red := color.NRGBA{R: 0xe0, G: 0x90, B: 0x90, A: 0xff}
	blue := color.NRGBA{R: 0x90, G: 0x90, B: 0xe0, A: 0xff}
	green := color.NRGBA{R: 0x90, G: 0xe0, B: 0x90, A: 0xff}
	r.SetHighlights([]Highlight{
		{ID: "b", Start: 6, End: 22, Fill: blue},   // beta gamma delta
		{ID: "a", Start: 0, End: 16, Fill: red},    // alpha beta gamma
		{ID: "c", Start: 11, End: 16, Fill: green}, // gamma
	})
	ln := r.lay.lines[0]
	top := r.PositionOf(0).Y
	x := func(o int) float32 { return r.PositionOf(o).X }
	type box struct{ x0, x1, y0, y1 float32 }
	boxes := func(c color.Color) []box {
		var out []box
		for _, rc := range rectsFilled(r, c) {
			p, s := rc.Position(), rc.Size()
			out = append(out, box{p.X, p.X + s.Width, p.Y - top, p.Y + s.Height - top})
		}
		return out
	}
	h := ln.h
	third := func(k int) float32 { return round(h * float32(k) / 3) }
	half := round(h / 2)
	// a: full height on "alpha ", the top half on "beta ", the top third on "gamma".
	// b: the bottom half on "beta ", the middle third on "gamma", full height on " delta".
	// c: the bottom third on "gamma".
	want := map[string][]box{
		"a": {{x(0), x(6), 0, h}, {x(6), x(11), 0, half - stripeGap}, {x(11), x(16), 0, third(1) - stripeGap}},
		"b": {{x(16), x(22), 0, h}, {x(6), x(11), half, h}, {x(11), x(16), third(1), third(2) - stripeGap}},
		"c": {{x(11), x(16), third(2), h}},
	}
	for id, fill := range map[string]color.Color{"a": red, "b": blue, "c": green} {
		got := boxes(fill)
		if len(got) != len(want[id]) {
			t.Errorf("%s: got %d rectangles %v, want %v", id, len(got), got, want[id])
			continue
		}
		for _, wb := range want[id] {
			found := false
			for _, gb := range got {
				found = found || (abs32(gb.x0-wb.x0) <= 0.5 && abs32(gb.x1-wb.x1) <= 0.5 && gb.y0 == wb.y0 && gb.y1 == wb.y1)
			}
			if !found {
				t.Errorf("%s: no rectangle %v among %v", id, wb, got)
			}
		}
	}
}

func TestRenderSameColourOverlap(t *testing.T) {
	r := newTestReader(t, "alpha beta gamma")
	fill := color.NRGBA{R: 0x90, G: 0x90, B: 0xe0, A: 0xff}
	r.SetHighlights([]Highlight{{ID: "a", Start: 0, End: 10, Fill: fill}, {ID: "b", Start: 6, End: 16, Fill: fill}})
	bg := r.Theme().Color(theme.ColorNameBackground, fyne.CurrentApp().Settings().ThemeVariant())
	shaded := mix(fill, bg, shadeMix)
	if sameColor(shaded, fill) {
		t.Fatalf("the shaded colour %v is the fill %v", shaded, fill)
	}
	// "beta": a on top in its colour, b below it shaded; elsewhere both plain.
	plain, dark := rectsFilled(r, fill), rectsFilled(r, shaded)
	if len(plain) != 3 || len(dark) != 1 {
		t.Fatalf("got %d rectangles in the fill and %d shaded, want 3 and 1", len(plain), len(dark))
	}
	if got, want := dark[0].Position().X, round(r.PositionOf(6).X); got != want || dark[0].Position().Y <= plain[0].Position().Y {
		t.Errorf("shaded stripe at %v, want the lower stripe from x=%v", dark[0].Position(), want)
	}
}

func TestRenderSelectionOverHighlights(t *testing.T) {
	r := newTestReader(t, "alpha beta gamma")
	fill := color.NRGBA{R: 0x90, G: 0x90, B: 0xe0, A: 0xff}
	r.SetHighlights([]Highlight{{ID: "h", Start: 0, End: 16, Fill: fill}})
	r.SetSelection(2, 8) // "pha be"
	th := r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg, selFg := th.Color(theme.ColorNameForeground, v), th.Color(theme.ColorNameForegroundOnPrimary, v)

	// The selection band is drawn over the highlight, in the primary colour.
	var band, sel int = -1, -1
	for i, o := range test.WidgetRenderer(r).Objects() {
		if rc, ok := o.(*canvas.Rectangle); ok {
			switch {
			case sameColor(rc.FillColor, fill):
				band = i
			case sameColor(rc.FillColor, th.Color(theme.ColorNamePrimary, v)):
				sel = i
				if got, want := rc.Position().X, round(r.PositionOf(2).X); got != want {
					t.Errorf("selection band starts at x=%v, want %v", got, want)
				}
			}
		}
	}
	if band < 0 || sel < band {
		t.Errorf("got highlight band at %d and selection band at %d in the objects, want the selection over the band", band, sel)
	}

	// The words are split where the selection starts and ends; the
	// selected pieces are in the colour for text on the primary colour.
	type piece struct {
		text string
		x    float32
		sel  bool
	}
	var got []piece
	for _, o := range test.WidgetRenderer(r).Objects() {
		if txt, ok := o.(*canvas.Text); ok {
			if !sameColor(txt.Color, fg) && !sameColor(txt.Color, selFg) {
				t.Errorf("text %q in colour %v, want %v or %v", txt.Text, txt.Color, fg, selFg)
			}
			got = append(got, piece{txt.Text, txt.Position().X, sameColor(txt.Color, selFg)})
		}
	}
	// Every piece starts at a whole pixel, as the words do.
	at := func(o int) float32 { return round(r.PositionOf(o).X) }
	want := []piece{
		{"al", at(0), false}, {"pha", at(2), true},
		{"be", at(6), true}, {"ta", at(8), false},
		{"gamma", at(11), false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got words %v, want %v", got, want)
	}
}

// keyRecorder records OnKey calls.
type keyRecorder struct{ keys []fyne.KeyName }

func (k *keyRecorder) attach(r *Reader) {
	r.OnKey = func(ev *fyne.KeyEvent) { k.keys = append(k.keys, ev.Name) }
}

func TestOnKeyGetsUnhandledKeys(t *testing.T) {
	r := newTestReader(t, longText(30))
	var keys keyRecorder
	keys.attach(r)
	handled := []fyne.KeyName{
		fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight,
		fyne.KeyPageUp, fyne.KeyPageDown, fyne.KeyHome, fyne.KeyEnd,
	}
	for _, k := range handled {
		r.TypedKey(&fyne.KeyEvent{Name: k})
	}
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	r.KeyDown(shift)
	for _, k := range handled {
		r.TypedKey(&fyne.KeyEvent{Name: k})
	}
	r.KeyUp(shift)
	if len(keys.keys) != 0 {
		t.Errorf("OnKey got %v, want nothing for the keys the reader handles", keys.keys)
	}
	r.SetSelection(0, 0)
	passed := []fyne.KeyName{fyne.KeyDelete, fyne.KeyBackspace, fyne.KeyEscape, fyne.KeyReturn, fyne.KeyA, fyne.KeyF2}
	for _, k := range passed {
		r.TypedKey(&fyne.KeyEvent{Name: k})
	}
	if !reflect.DeepEqual(keys.keys, passed) {
		t.Errorf("OnKey got %v, want %v", keys.keys, passed)
	}

	r.OnKey = nil // no callback: no panic
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
}

func TestEscapeClearsSelectionFirst(t *testing.T) {
	r := newTestReader(t, mixedText)
	var rec selectionRecorder
	rec.attach(r)
	var keys keyRecorder
	keys.attach(r)
	c := fyne.CurrentApp().Driver().CanvasForObject(r)
	c.Focus(r)
	if c.Focused() != r || !r.focused {
		t.Fatal("the reader did not get the focus")
	}
	escape := func() { c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) }

	drag(r, inGlyph(r, 4), inGlyph(r, 9))
	assertSelection(t, r, 4, 9)
	rec.calls = nil

	escape() // clears the selection, and stops there
	if s, e := r.Selection(); s != e {
		t.Errorf("Selection() after Escape got (%d, %d), want empty", s, e)
	}
	if len(rec.calls) != 1 || rec.calls[0][0] != rec.calls[0][1] {
		t.Errorf("OnSelectionChanged got %v, want one call with an empty selection", rec.calls)
	}
	if len(keys.keys) != 0 {
		t.Errorf("OnKey got %v, want nothing while Escape cleared the selection", keys.keys)
	}

	escape() // nothing selected: passed on
	if !reflect.DeepEqual(keys.keys, []fyne.KeyName{fyne.KeyEscape}) {
		t.Errorf("OnKey got %v, want [Escape]", keys.keys)
	}
	if len(rec.calls) != 1 {
		t.Errorf("OnSelectionChanged got %v, want no further call", rec.calls)
	}

	// A selection set by the app is cleared the same way.
	r.SetSelection(10, 20)
	escape()
	rec.assertLast(t, r.caret, r.caret)
	if len(keys.keys) != 1 {
		t.Errorf("OnKey got %v, want Escape passed on only once", keys.keys)
	}
}

// TestSelectionInsideAClusterDrawsTheWordWhole: a selection may end between
// the two regional indicators of a flag or inside an Arabic word; the word
// is then drawn whole, not in pieces that would lose their joined shapes
// and overlap the next word.
func TestSelectionInsideAClusterDrawsTheWordWhole(t *testing.T) {
	for _, word := range []string{"🇫🇷", "👍🏽", "مرحبا"} {
		t.Run(word, func(t *testing.T) {
			text := "alpha " + word + " gamma"
			r := newTestReader(t, text)
			o := runeOffset(t, text, word)
			r.SetSelection(0, o+1)
			var texts []string
			var right float32 // right edge of the drawn objects of the word
			next := r.PositionOf(o + len([]rune(word)) + 1).X
			for _, obj := range test.WidgetRenderer(r).Objects() {
				switch obj := obj.(type) {
				case *canvas.Text:
					texts = append(texts, strings.TrimPrefix(obj.Text, baselineAnchor))
				case *canvas.Image:
					right = max(right, obj.Position().X+obj.Size().Width)
				}
			}
			for _, s := range texts {
				if s != word && strings.ContainsAny(s, word) && s != "alpha" && s != "gamma" {
					t.Errorf("drew %q, a piece of %q", s, word)
				}
			}
			if right > next {
				t.Errorf("an image of %q ends at x=%v, over the next word at %v", word, right, next)
			}
		})
	}
}
