// Package extract turns an imported file into an article: plain text as
// it is, Markdown as readable plain text, and HTML as the page's main text
// only (no scripts, styles, navigation, ads, related links or footer) with
// its title, byline, published date and canonical URL (from the meta
// tags, the schema.org JSON-LD a news site gives search engines, and the
// page). Paywall, cookie and consent notices laid over the article are
// dropped before the main text is looked for.
//
// Everything it returns is NFC-normalised with "\n" line endings, ready to
// be annotated by rune offset. Text starting with a UTF-16 byte-order mark
// (Notepad's "Unicode") is decoded first, and a form feed (a page break in
// pdftotext output) becomes a line break. Empty, binary, non-UTF-8 and oversized input
// is refused with an error wrapping annotate.ErrInvalid; invalid UTF-8 with
// its line, column and byte offset, never replaced by U+FFFD. An HTML page
// in a legacy encoding is decoded from the one it declares, or from
// windows-1252 when it declares none, as browsers do, unless it is UTF-8
// with a damaged byte (more valid multi-byte characters than bad bytes),
// which is refused where the byte is; a byte its encoding does not define
// is refused too. FuzzBytes checks that whatever is accepted makes a valid
// article.
//
// The head of an article is metadata, not text to annotate: a Markdown
// file's front matter (YAML or TOML: title, author, date, source, url,
// tags; YAML with unquoted colons read line by line; a Pandoc "%" title
// block; "---" lines around text are rules, not front matter), a credit line in the shapes outlets print ("By NAME — OUTLET,
// DATE", "By NAME, OUTLET", "By NAME | OUTLET | DATE", "By NAME
// Associated Press", see ParseByline) with a date line beside it, a title
// repeated as the first paragraph, and an HTML byline the page's head
// already gave are moved into the article's fields and out of its text.
// Only the first four paragraphs are looked at, a credit line must name
// people in capitalised words (so "By the end of the year, …" stays
// text), and plain text keeps its first line unless a credit line under
// it shows that it is a headline: a .txt file says nothing else about
// which line is its title. attrib tells an author from a person quoted
// by the "By" line in the text, so moving that line out costs it the cue
// (on its held-out set, detection precision 0.87 → 0.86: one author named
// again at the end of an opinion piece now counts as a person quoted)
// until attrib is given the Byline field.
//
// File reads regular files only and refuses a named pipe, a device or a
// socket before opening it (and again after opening it without blocking),
// so an import never waits on a writer that will not come.
package extract
