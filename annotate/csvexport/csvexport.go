package csvexport

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// Header returns the column names, in order.
func Header() []string {
	return []string{"article", "url", "kind", "quote", "speaker", "note", "tags", "status", "creator", "created"}
}

// Options tune Write.
type Options struct {
	// BOM starts the file with a UTF-8 byte-order mark, without which
	// Excel reads the file in the system's legacy encoding.
	BOM bool
}

// Escape guards a cell against formula injection: a cell starting with
// =, +, -, @, a tab or a carriage return gets a leading apostrophe.
func Escape(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// Write writes one row per annotation of the bundle, grouped by article in
// the bundle's order and in text order within each; annotations of
// articles the bundle does not hold come last.
func Write(w io.Writer, b *bundle.Bundle, opts Options) error {
	if opts.BOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return fmt.Errorf("csv: %w", err)
		}
	}
	articles := make(map[string]int, len(b.Articles))
	for i, a := range b.Articles {
		articles[a.ID] = i
	}
	speakers := make(map[string]string, len(b.Speakers))
	for _, s := range b.Speakers {
		speakers[s.ID] = s.Name
	}
	order := make([]*annotate.Annotation, len(b.Annotations))
	for i := range b.Annotations {
		order[i] = &b.Annotations[i]
	}
	rank := func(n *annotate.Annotation) int {
		if i, ok := articles[n.ArticleID]; ok {
			return i
		}
		return len(b.Articles)
	}
	slices.SortStableFunc(order, func(x, y *annotate.Annotation) int {
		if d := rank(x) - rank(y); d != 0 {
			return d
		}
		if x.ArticleID != y.ArticleID {
			return strings.Compare(x.ArticleID, y.ArticleID)
		}
		if x.Span.Start != y.Span.Start {
			return x.Span.Start - y.Span.Start
		}
		return x.Span.End - y.Span.End
	})

	// encoding/csv writes a line break in a cell as CRLF and drops a lone
	// carriage return, which would join two lines of a note: make every
	// line break "\n" first.
	newlines := strings.NewReplacer("\r\n", "\n", "\r", "\n")
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(Header()); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	row := make([]string, len(Header()))
	for _, n := range order {
		var title, url string
		if i, ok := articles[n.ArticleID]; ok {
			title, url = b.Articles[i].Title, b.Articles[i].URL
		}
		created := ""
		if !n.Created.IsZero() {
			created = n.Created.UTC().Format(time.RFC3339)
		}
		for i, cell := range []string{title, url, string(n.Kind), n.Quote.Exact, speakers[n.SpeakerID], n.Note,
			strings.Join(n.Tags, "; "), string(n.Status), n.Creator, created} {
			row[i] = Escape(newlines.Replace(cell))
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}
