// Package annotate is Marginalia's domain: articles, annotations, speakers
// and links, the rune-offset selectors that anchor an annotation in its
// article's text, and the single validation every caller uses.
//
// Offsets are half-open ranges of Unicode code points (runes) into an
// article's Text, which is always NFC-normalised with "\n" line endings, so
// the text an analyst sees is exactly the text the offsets refer to. Every
// annotation keeps both its Span (a W3C TextPositionSelector) and its Quote
// (a TextQuoteSelector) so it can be re-anchored if the text ever changes.
//
// The package imports neither the GUI toolkit nor the database.
package annotate
