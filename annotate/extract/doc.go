// Package extract turns an imported file into an article: plain text as
// it is, Markdown as readable plain text, and HTML as the page's main text
// only (no scripts, styles, navigation, ads, related links or footer) with
// its title, byline, published date and canonical URL.
//
// Everything it returns is NFC-normalised with "\n" line endings, ready to
// be annotated by rune offset. Empty, binary, non-UTF-8 and oversized input
// is refused with an error wrapping annotate.ErrInvalid.
package extract
