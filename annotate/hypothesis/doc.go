// Package hypothesis reads annotations made in other tools, a Hypothesis
// JSON export or any W3C Web Annotation file (Marginalia's own, package
// w3c, included), and places them on the library's articles.
//
// Reading and placing are two steps. Read turns a file into a neutral
// list of Annotation values, each with its page's URL, its
// TextQuoteSelector (exact, prefix, suffix), a TextPositionSelector start
// as a hint, note, tags, creator and dates; Hypothesis' text becomes the
// note, its tags the tags, and the name of its acct:name@domain user the
// creator. The W3C shapes are many (a target may be an IRI, an object or
// a list; a selector may be refined by another; bodies may be IRIs,
// TextualBodies or Choices); Read takes the first target that quotes
// text, the TextualBodies by purpose (tagging, commenting and
// describing, and Marginalia's classifying, assessing and identifying),
// and ignores the rest. Types and motivations are read with or without
// the oa: prefix (the oa.jsonld context) or the vocabulary's IRI; a JSON-LD
// @graph of annotations, a collection holding its items itself, and one
// Hypothesis annotation as the API returns it are read too; a text/html
// body becomes its text. A file in UTF-16 with a byte-order mark (as
// Windows PowerShell 5 saves a download) is decoded first. A collection whose pages are not all embedded
// (its first, or a next page, named only by IRI) is refused: Marginalia
// does not fetch them, and reading the first page alone would drop the
// rest without a word. Read stops at a size limit
// while reading and refuses JSON nested too deep or holding too many
// annotations before decoding a single one.
//
// Place matches each annotation's page to the articles with the same URL
// after NormalizeURL (fragment, utm_ and click-id parameters, trailing
// slash, default port, www. and http/https ignored; other parameters
// sorted), or to Marginalia's urn:uuid: name for an article without a
// URL, and locates its quote with anchor.Locator: the browser's DOM text
// and the extracted article differ in white space, quotation marks and
// the page around the article, so positions are only a hint and the quote
// with its context decides. Whatever the locator does not place clearly
// (a passage in the page's boilerplate, a short quote occurring twice
// without telling context) is returned as Unplaced with the reason, with
// replies, page notes (no quote) and annotations on pages not in the
// library; their URLs are listed so the caller can say which are missing
// and import nothing unless asked to import what fits. Of several
// versions of an article with the same URL, the newest import that holds
// the passage gets it.
//
// Placed annotations keep the file's id when it can be a record ID (a
// urn:uuid:, a Hypothesis id) and otherwise get one derived from it, so
// importing the same file twice gives the same records. Their kind is the
// one Marginalia's own export names, else the caller's choice, else
// follows the motivation (a Hypothesis annotation with text is a note, a
// bare highlight evidence).
//
// The anchoring itself, with its measured placement rates, is described
// in package anchor.
package hypothesis
