// Package extract turns an imported file into an article: plain text as
// it is, Markdown as readable plain text, and HTML as the page's main text
// only (no scripts, styles, navigation, ads, related links or footer) with
// its title, byline, published date and canonical URL.
//
// Everything it returns is NFC-normalised with "\n" line endings, ready to
// be annotated by rune offset. Empty, binary, non-UTF-8 and oversized input
// is refused with an error wrapping annotate.ErrInvalid; invalid UTF-8 with
// its line, column and byte offset, never replaced by U+FFFD. An HTML page
// in a legacy encoding is decoded from the one it declares, or from
// windows-1252 when it declares none, as browsers do, unless it is UTF-8
// with a damaged byte (more valid multi-byte characters than bad bytes),
// which is refused where the byte is; a byte its encoding does not define
// is refused too. FuzzBytes checks that whatever is accepted makes a valid
// article.
//
// File reads regular files only and refuses a named pipe, a device or a
// socket before opening it (and again after opening it without blocking),
// so an import never waits on a writer that will not come.
package extract
