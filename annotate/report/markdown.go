package report

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// escapeInline makes text from an article, a note or a name literal in
// CommonMark: characters that start emphasis, code, links, images, raw
// HTML or tables are backslash-escaped, and "&" where it could start an
// entity. Text a reader sees stays readable.
func escapeInline(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '!', '{', '}':
			b.WriteByte('\\')
		case '&':
			if i+1 < len(s) && (s[i+1] == '#' || unicode.IsLetter(rune(s[i+1]))) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escapeLine escapes a line of text: inline characters, and what would
// make the line a heading, list item, quote, rule or code block.
func escapeLine(line string) string {
	line = strings.TrimLeft(line, " \t")
	line = escapeInline(line)
	if line == "" {
		return line
	}
	switch line[0] {
	case '#', '+', '-', '=', '>':
		return `\` + line
	}
	// "1." and "1)" start an ordered list.
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i > 0 && i < len(line) && (line[i] == '.' || line[i] == ')') {
		return line[:i] + `\` + line[i:]
	}
	return line
}

// oneLine escapes a value that must stay on one line (a title, a name, a
// tag): its white space, line breaks included, is collapsed first.
func oneLine(s string) string { return escapeLine(strings.Join(strings.Fields(s), " ")) }

// escapeBlock escapes text of several lines, each prefixed by prefix
// ("> " in a block quote); a blank line stays a paragraph break.
func escapeBlock(text, prefix string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l = escapeLine(l); l == "" {
			lines[i] = strings.TrimRight(prefix, " ")
		} else {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// mdURL writes an http(s) URL as an autolink; anything else as text.
func mdURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return oneLine(raw)
	}
	// In an autolink, only < > and spaces must not appear.
	s := strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20").Replace(u.String())
	return "<" + s + ">"
}

// Markdown writes the selection of b as a Markdown memo: the title, then
// for each article its title, source, date and URL, then its highlights
// in reading order as block quotes with kind, speaker, verdict, note,
// tags and links. Everything taken from the records is escaped, so the
// memo can be pasted into a story or a wiki without its text turning into
// markup.
func Markdown(w io.Writer, b *bundle.Bundle, sel Selection, opts Options) error {
	r := Build(b, sel, opts)
	bw := bufio.NewWriter(w)
	prog := &annotate.Progress{Fn: opts.Progress, Total: r.Highlights}
	fmt.Fprintf(bw, "# %s\n\n%s\n", oneLine(r.Title), oneLine(r.summary()))
	for i := range r.Sections {
		s := &r.Sections[i]
		a := &s.Article
		fmt.Fprintf(bw, "\n## %s\n\n", oneLine(a.Title))
		var meta []string
		for _, p := range sourceLine(a) {
			meta = append(meta, oneLine(p))
		}
		if a.URL != "" {
			meta = append(meta, mdURL(a.URL))
		}
		if len(meta) > 0 {
			fmt.Fprintf(bw, "%s\n\n", strings.Join(meta, " · "))
		}
		if len(a.Tags) > 0 {
			fmt.Fprintf(bw, "Tags: %s\n\n", oneLine(strings.Join(a.Tags, ", ")))
		}
		if strings.TrimSpace(a.Note) != "" {
			fmt.Fprintf(bw, "Note:\n\n%s\n\n", escapeBlock(a.Note, ""))
		}
		for _, l := range s.Links {
			fmt.Fprintf(bw, "- Link: %s\n", oneLine(linkText(l)))
		}
		if len(s.Links) > 0 {
			bw.WriteString("\n")
		}
		if len(s.Highlights) == 0 {
			bw.WriteString("*No highlights.*\n")
		}
		for j := range s.Highlights {
			h := &s.Highlights[j]
			n := &h.Annotation
			label := []string{"**" + oneLine(h.Kind.Label) + "**"}
			if h.Speaker != "" {
				label = append(label, oneLine(h.Speaker))
			}
			if v := Verdict(n.Status); v != "" {
				label = append(label, "verdict: **"+oneLine(v)+"**")
			}
			fmt.Fprintf(bw, "%s\n\n%s\n\n", strings.Join(label, " · "), escapeBlock(n.Quote.Exact, "> "))
			if strings.TrimSpace(n.Note) != "" {
				fmt.Fprintf(bw, "%s\n\n", escapeBlock("Note: "+n.Note, ""))
			}
			if len(n.Tags) > 0 {
				fmt.Fprintf(bw, "Tags: %s\n\n", oneLine(strings.Join(n.Tags, ", ")))
			}
			for _, l := range h.Links {
				fmt.Fprintf(bw, "- Link: %s\n", oneLine(linkText(l)))
			}
			if len(h.Links) > 0 {
				bw.WriteString("\n")
			}
			prog.Add(1)
		}
	}
	if r.Highlights == 0 && opts.Progress != nil {
		opts.Progress(0, 0)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: write: %w", err)
	}
	return nil
}
