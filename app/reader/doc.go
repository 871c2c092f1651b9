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
//   - Measuring (widthCache in layout.go): fyne.MeasureText costs about
//     80 µs per call whatever the string (Fyne builds a HarfBuzz shaper each
//     time), so measuring each distinct word made the first open of a
//     10,000-word article take half a second. The reader measures each
//     distinct rune once instead (a hundred or so calls for an article,
//     cached per text size and font) and a word's width is the sum of its
//     runes' advances; a space is measured the same way. Each word is still
//     drawn as its own canvas.Text at the x computed for it, so positions at
//     word boundaries (band, selection and outline edges, hit testing
//     between words) are exact; inside a word, the sum ignores kerning,
//     which puts rune boundaries at most a pixel or two off the glyphs (about
//     1 px for most words, 2 px for capitals with several kerned pairs such
//     as "AVAILABILITY"). Runes from U+2070 up are measured alone and
//     doubled, because Fyne counts a glyph missing from every font twice when
//     it ends the measured string but draws it once. Words whose glyphs
//     depend on their neighbours (combining marks, joiners, variation
//     selectors, flags and skin tones, scripts that need shaping such as
//     Arabic or Devanagari) are measured whole, with their prefixes, as
//     before. Exact kerning everywhere would need a shaper of our own (Fyne
//     keeps its fonts and shaper internal) or a Fyne call per word.
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
//   - Interaction (reader.go): the widget scrolls itself (fyne.Scrollable,
//     keys, a draggable scrollbar thumb), selects by dragging with
//     auto-scroll at the edges (a fyne.Animation, which ticks on the UI
//     goroutine), by double-click (a word), shift+click and shift+arrows, and
//     handles Copy and SelectAll; other shortcuts are passed to OnShortcut
//     because a focused fyne.Shortcutable swallows the canvas shortcuts. For
//     the same reason every key the reader does not handle goes to OnKey
//     (Delete, Backspace, Escape ...); Escape first clears a text selection
//     and is passed on only when nothing is selected.
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
