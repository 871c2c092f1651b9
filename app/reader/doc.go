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
//     space) whose widths come from fyne.MeasureText through a per-widget
//     cache of word widths. Words wider than the column are broken between
//     runes. The text is re-wrapped only when it, the column width or the text
//     size change, never on scroll, selection or highlight changes. Hit
//     testing (offset <-> position) is binary search over lines and segments,
//     then over word prefixes measured with the same cache.
//   - Highlights (bands.go): overlapping highlights get layers by greedy
//     interval colouring. At every point of the text the covering highlight
//     with the lowest layer is drawn as a full-height band behind the glyphs;
//     the others are drawn as 3 px underline bars below the baseline, one
//     position per layer, so all stay visible and the text sits on at most
//     one fill colour.
//   - Rendering (renderer.go): only the visible lines get canvas objects, and
//     those are pooled and reused between refreshes. Each word is its own
//     canvas.Text placed at the x the layout measured for it, with the same
//     font and size, so band, selection and outline edges line up with the
//     glyphs exactly. Scrolling only rebuilds the visible object list.
//   - Interaction (reader.go): the widget scrolls itself (fyne.Scrollable,
//     keys, a draggable scrollbar thumb), selects by dragging with
//     auto-scroll at the edges (a fyne.Animation, which ticks on the UI
//     goroutine), by double-click (a word), shift+click and shift+arrows, and
//     handles Copy and SelectAll; other shortcuts are passed to OnShortcut
//     because a focused fyne.Shortcutable swallows the canvas shortcuts.
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
