package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// Selection is what a report shows: an article, a tag, a speaker or a
// search's results, as the caller chose them from the library.
type Selection struct {
	// Title heads the report ("Tag: pay", "Speaker: José Álvarez",
	// "Search: strike"); the article's title when empty and the report has
	// one article, else "Marginalia report".
	Title string
	// Articles are the articles to show, in order. When nil, they are the
	// articles of Annotations in the order they first appear there (a
	// search's ranking), or, without Annotations, every article of the
	// bundle in its order.
	Articles []string
	// Annotations are the highlights to show; nil shows every highlight of
	// the articles. Within an article, highlights are in reading order.
	Annotations []string
}

// Options describe the report.
type Options struct {
	// Generated is when the report was made; now when zero.
	Generated time.Time
	// Creator is the analyst making it, if known.
	Creator string
	// Progress, when not nil, is told how many highlights of how many
	// have been written.
	Progress func(done, total int)
}

// Report is a selection laid out in reading order.
type Report struct {
	Title     string
	Generated time.Time
	Creator   string
	Sections  []Section
	// Highlights counts the highlights of every section.
	Highlights int
}

// Section is one article with its highlights.
type Section struct {
	Article    annotate.Article
	Links      []Link // the article's own links
	Highlights []Highlight
}

// Highlight is one annotation as a report shows it.
type Highlight struct {
	Annotation annotate.Annotation
	Kind       annotate.KindSpec
	Speaker    string // the speaker's name, when attributed
	Links      []Link
}

// Link is one link of a highlight or an article, seen from it.
type Link struct {
	Relation annotate.Relation
	// Outgoing is true when the link goes from this record to Other.
	Outgoing bool
	// Other describes the other end: an article's title, or a
	// highlight's quote with its article's title.
	Other string
	Note  string
}

// Build lays out the selection of b.
func Build(b *bundle.Bundle, sel Selection, opts Options) *Report {
	r := &Report{Title: sel.Title, Generated: opts.Generated, Creator: opts.Creator}
	if r.Generated.IsZero() {
		r.Generated = time.Now()
	}
	articles := make(map[string]*annotate.Article, len(b.Articles))
	for i := range b.Articles {
		articles[b.Articles[i].ID] = &b.Articles[i]
	}
	anns := make(map[string]*annotate.Annotation, len(b.Annotations))
	byArticle := map[string][]*annotate.Annotation{}
	var chosen map[string]bool
	if sel.Annotations != nil {
		chosen = make(map[string]bool, len(sel.Annotations))
		for _, id := range sel.Annotations {
			chosen[id] = true
		}
	}
	for i := range b.Annotations {
		n := &b.Annotations[i]
		anns[n.ID] = n
		if chosen == nil || chosen[n.ID] {
			byArticle[n.ArticleID] = append(byArticle[n.ArticleID], n)
		}
	}
	speakers := make(map[string]string, len(b.Speakers))
	for _, s := range b.Speakers {
		speakers[s.ID] = s.Name
	}

	order := sel.Articles
	switch {
	case order != nil:
	case sel.Annotations != nil:
		seen := map[string]bool{}
		for _, id := range sel.Annotations {
			if n, ok := anns[id]; ok && !seen[n.ArticleID] {
				seen[n.ArticleID] = true
				order = append(order, n.ArticleID)
			}
		}
	default:
		for _, a := range b.Articles {
			order = append(order, a.ID)
		}
	}

	describe := func(ref annotate.Ref) string {
		if ref.Type == annotate.RefArticle {
			if a, ok := articles[ref.ID]; ok {
				return a.Title
			}
			return "an article not in this report"
		}
		if n, ok := anns[ref.ID]; ok {
			q := "“" + annotate.Clip(strings.Join(strings.Fields(n.Quote.Exact), " "), 80) + "”"
			if a, ok := articles[n.ArticleID]; ok {
				q += " (" + a.Title + ")"
			}
			return q
		}
		return "a highlight not in this report"
	}
	linksOf := map[string][]Link{}
	for _, l := range b.Links {
		linksOf[l.From.ID] = append(linksOf[l.From.ID], Link{Relation: l.Relation, Outgoing: true, Other: describe(l.To), Note: l.Note})
		linksOf[l.To.ID] = append(linksOf[l.To.ID], Link{Relation: l.Relation, Other: describe(l.From), Note: l.Note})
	}

	seen := map[string]bool{}
	for _, id := range order {
		a, ok := articles[id]
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		s := Section{Article: *a, Links: linksOf[id]}
		hs := byArticle[id]
		slices.SortStableFunc(hs, func(x, y *annotate.Annotation) int {
			if x.Span.Start != y.Span.Start {
				return x.Span.Start - y.Span.Start
			}
			return x.Span.End - y.Span.End
		})
		for _, n := range hs {
			s.Highlights = append(s.Highlights, Highlight{Annotation: *n, Kind: n.Kind.Spec(), Speaker: speakers[n.SpeakerID], Links: linksOf[n.ID]})
		}
		r.Highlights += len(s.Highlights)
		r.Sections = append(r.Sections, s)
	}
	if r.Title == "" {
		r.Title = "Marginalia report"
		if len(r.Sections) == 1 {
			r.Title = r.Sections[0].Article.Title
		}
	}
	return r
}

// Verdict is a claim's verdict as a report writes it: "False"; empty for
// an annotation without one.
func Verdict(s annotate.Status) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// date writes a date as a reader expects it in a memo: 2 March 2026.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// sourceLine is the article's publication, byline and date.
func sourceLine(a *annotate.Article) []string {
	var parts []string
	for _, p := range []string{a.Source, a.Byline, date(a.Published)} {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

// summary says what the report holds and when it was made.
func (r *Report) summary() string {
	s := fmt.Sprintf("%d %s, %d %s · generated %s", len(r.Sections), plural(len(r.Sections), "article", "articles"),
		r.Highlights, plural(r.Highlights, "highlight", "highlights"), r.Generated.Format("2 January 2006 15:04 MST"))
	if r.Creator != "" {
		s += " by " + r.Creator
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// linkText is a link as a line of text: "contradicts → “…” (Title)".
func linkText(l Link) string {
	arrow := "←"
	if l.Outgoing {
		arrow = "→"
	}
	s := string(l.Relation) + " " + arrow + " " + l.Other
	if l.Note != "" {
		s += ": " + strings.Join(strings.Fields(l.Note), " ")
	}
	return s
}
