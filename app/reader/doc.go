// Package reader provides Reader, the Fyne widget that displays an article's
// plain text word-wrapped in a reading column, with coloured highlight bands
// and precise text selection.
//
// The package knows nothing of annotations or storage: it deals in text,
// rune offsets and colours only. The application maps its domain objects to
// Highlight values and listens to the On* callbacks.
//
// # Why a custom widget
//
// No stock widget fits. widget.RichText has no backgrounds or selection and
// takes seconds to lay out a 10,000-word article; widget.Entry reports no
// selection changes; widget.Label has no notion of offsets. Reader is a
// widget.BaseWidget with its own fyne.WidgetRenderer.
//
// # Design
//
//   - Text model (layout.go): the text is split into hard lines at '\n'; an
//     empty line ("\n\n") becomes a paragraph gap. Each hard line is wrapped
//     greedily into visual lines of segments (runs of word runes or of white
//     space). Words wider than the column are broken between runes. The text
//     is re-wrapped only when it, the column width or the text size change,
//     never on scroll, selection or highlight changes. Hit testing (offset
//     <-> position) is binary search over lines and segments, then over the
//     rune boundaries inside a word.
//   - Measuring (widthCache in measure.go): fyne.MeasureText costs about
//     80 µs per call whatever the string (Fyne builds a HarfBuzz shaper each
//     time), so measuring each distinct word made the first open of a
//     10,000-word article take half a second. The reader measures each
//     distinct rune once instead (a hundred or so calls for an article,
//     cached per text size and font) and a word's width is the sum of its
//     runes' advances; a space is measured the same way. Each word is still
//     drawn as its own canvas.Text at the x computed for it, so positions at
//     word boundaries (band, selection and outline edges, hit testing
//     between words) are exact. Inside a word, the sum ignores kerning,
//     which puts rune boundaries at most a pixel or two off the glyphs and
//     leaves a word's box wider than its ink by the kerning: 0.31 px at the
//     90th percentile of the words of the Kim Jong Un fixture, 0.95 px at
//     the 99th, 1.42 px at most ("NATO"). Every non-ASCII rune is measured
//     alone and doubled, which finds the runes no font has (next item).
//     Words whose glyphs depend on their neighbours (combining marks,
//     joiners, variation selectors, flags and skin tones, scripts that need
//     shaping such as Arabic or Devanagari) are measured whole, with their
//     prefixes. Exact kerning everywhere would need a shaper of our own
//     (Fyne keeps its fonts and shaper internal; go-text's HarfBuzz shaper,
//     reused, still costs about 6 µs a word, and parsing the font 15 ms) or
//     a Fyne call per word.
//   - Missing glyphs (widthCache.drawable): Fyne 2.7 resolves a rune through
//     its bundled fonts (Noto Sans, the EmojiOne emoji font), then the
//     system fonts through go-text's fontscan; a rune no font has is shaped
//     as glyph 0 and drawn as a U+FFFD diamond from whichever font has one,
//     wider (16 px at reading size) than the advance Fyne gives it (the
//     .notdef advance, 9.6 px), and Fyne's measurement counts that advance
//     twice at the end of a run, so that the glyph after it in the same text
//     is drawn one advance too far right (the ")" of "(김정은)" over the "s"
//     of "said"). A rune measuring exactly twice its doubled difference is
//     missing: the reader hands Fyne U+FFFD in its place, to measure and to
//     draw, so a missing glyph is a diamond inside its own box on any
//     machine. Korean, Japanese and Chinese need a system font: `make run`
//     and `make test` install fonts-noto-cjk (56.5 MB download, 91 MB
//     installed; the first Hangul rune of a process costs about 20 ms to
//     load the face). fonts-wqy-microhei covers as much (11,172 Hangul,
//     20,932 Han, kana) for 1.6 MB (5 MB installed) but looks rougher and
//     costs 70 to 130 ms on first use; fonts-droid-fallback has no Hangul in
//     the font it installs in the system font path. A subset bundled in
//     assets would have grown the binary by several megabytes and served the
//     reader only: the rest of the window (library, inspector, palette,
//     dialogs) draws through Fyne's own fallback, which a system font
//     serves everywhere.
//   - Baselines and whole pixels (widthCache.drawText, wrap): Fyne puts a
//     text's baseline at the ascent of the font of its first rune, so that
//     a word starting with an emoji sat 4 px above its neighbours, a CJK
//     word 1 to 3 px; such words are drawn after a zero width space, which
//     the theme font has with no advance. Words (and the pieces a selection
//     splits them into) start at whole pixels, the space before a word
//     taking up the rounding: Fyne draws a text at a rounded position and
//     its GL painter stretched the texture of a text at a fractional one by
//     a pixel, so that gaps between words varied by two pixels and about
//     half of the words were blurred. The scroll position is whole too.
//   - Emoji (emoji.go): Fyne draws the SVG glyphs of its bundled emoji
//     font (EmojiOne) through go-text/render, which fits each glyph's
//     document into the glyph's ink box: an emoji narrower or wider than it
//     is tall is shrunk (👍 was 10 px tall beside 15.4 px text; 82 of the
//     font's 947 emoji from U+1F000 up). The reader draws a lone emoji of
//     that font itself, as an image of the glyph's em box rendered with
//     oksvg at the text's size, its top at the font's ascender above the
//     text's baseline, centred in the advance Fyne measures for it.
//     A run of emoji with joiners, skin tones or regional indicators is
//     shaped with the emoji font alone (go-text's HarfBuzz), so that flags
//     and toned hands are drawn as their ligatures, and its glyphs are
//     spread over the width Fyne measured for the run. Parsing the font
//     costs about 5 ms the first time an emoji is drawn (once per reader),
//     a bitmap about 0.5 ms (cached per glyph and pixel size). A word whose
//     glyphs depend on each other (a flag, Arabic) and that the selection
//     starts or ends inside is drawn whole: in pieces it lost its shapes
//     and overlapped the next word.
//   - Highlights (bands.go): where n highlights overlap on a line, the band
//     is split into n horizontal stripes of equal height, one per highlight
//     in a stable order (earlier start on top, then the longer one), with a
//     2 px gap between stripes. A stripe whose neighbour above has the same
//     colour is mixed 40% towards the background, so that two overlapping
//     highlights of one colour still read as two. The caller picks fill
//     colours with at least 4.5:1 contrast against the theme text (and the
//     theme background has more), so the text stays readable on every
//     stripe.
//   - Selection and outline (renderer.go): the selection is an opaque band
//     in the theme's primary colour drawn over the stripes, with the
//     selected glyphs in the theme's foreground-on-primary colour (a word
//     the selection starts or ends in is drawn in pieces), so it stands out
//     from any highlight in either theme; the translucent theme selection
//     colour was nearly invisible over dark bands and close to the dark blue
//     fill of quotes. The selected highlight gets a 2 px outline in the
//     primary colour over everything.
//   - Rendering (renderer.go): only the visible lines get canvas objects, and
//     those are pooled and reused between refreshes; rectangles are snapped
//     to whole pixels so that adjacent stripes neither overlap nor leave
//     seams. Scrolling only rebuilds the visible object list. Note that Fyne
//     measures each canvas.Text again (its MinSize, cached per string) when
//     it first lays the canvas out: the first frame of a new article costs
//     one cold measure call per distinct visible word on Fyne's side, which
//     BenchmarkReaderFirstFrameCold shows beside the open benchmarks.
//   - Interaction (pointer.go, keys.go): the widget scrolls itself (fyne.Scrollable,
//     keys, a draggable scrollbar thumb; a notch of the wheel, which Fyne
//     sends as 25 px, scrolls three lines), selects by dragging with
//     auto-scroll at the edges (a fyne.Animation, which ticks on the UI
//     goroutine), by double-click (a word; the second press selects it at
//     once and dragging then extends by whole words, because Fyne reports a
//     double tap only a delay after the release), shift+click and
//     shift+arrows, and handles Copy and SelectAll; other shortcuts are
//     passed to OnShortcut because a focused fyne.Shortcutable swallows the
//     canvas shortcuts. For the same reason every key the reader does not
//     handle goes to OnKey (Delete, Backspace, Escape ...); Escape first
//     clears a text selection and is passed on only when nothing is
//     selected. Shift is read from each pointer event and, for keys, from
//     the desktop driver: a dialog opened by Ctrl+Shift+L gets the Shift
//     release, and a shift state tracked from the reader's own key events
//     stuck until Shift was pressed again.
//
// # Offsets
//
// All offsets in the API are rune (Unicode code point) offsets into the text,
// never byte offsets, so Korean, emoji and combining accents work. An offset
// designates the boundary before the rune of that index; a selection or
// highlight [start, end) covers the runes start..end-1.
//
// All methods and callbacks run on the Fyne UI goroutine (Fyne 2.6+); the
// widget starts no goroutine of its own.
package reader
