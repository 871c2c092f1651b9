// Package report writes the memo a fact-checker pastes into a story or a
// reviewer reads: for an article, a tag, a speaker or a search's results,
// the title, then each article's title, source, byline, date and URL,
// then its highlights in reading order, each as a block quote with its
// kind, speaker, verdict, note, tags and links.
//
// Build lays a Selection out once (Report); Markdown and HTML render it.
// The caller chooses what is in it: the articles in order, or the
// highlights (a search's ranking orders the articles by their first
// hit); within an article, highlights are always in reading order, as a
// memo quotes a story.
//
// Everything in a report comes from records analysts and imported pages
// wrote, so none of it may become markup. The Markdown memo
// backslash-escapes every character CommonMark gives meaning to inline
// (emphasis, code, links, images, raw HTML, tables) and what would start
// a block at the beginning of a line (headings, lists, quotes, rules);
// single-line values have their line breaks collapsed; only http(s) URLs
// become links. The HTML page is rendered by html/template, which escapes
// every value for its context and refuses javascript: URLs; it is one
// self-contained file (style inline, nothing fetched, no script) that
// prints as it looks, each quote on its kind's colour from
// annotate.KindSpec (the light theme's band as background, the dark
// theme's as the rule). The tests render hostile records through a
// permissive Markdown renderer (raw HTML on) and parse both outputs,
// failing on any element, event handler or link the records brought.
package report
