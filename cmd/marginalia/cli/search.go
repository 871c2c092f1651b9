package cli

import (
	"context"
	"errors"
	"strings"

	"marginalia/annotate/search"
	"marginalia/app/action"
	"marginalia/store"
)

type searchJSON struct {
	Type      string   `json:"type"`
	ID        string   `json:"id"`
	ArticleID string   `json:"article_id"`
	Kind      string   `json:"kind"`
	Title     string   `json:"title"`
	Speaker   string   `json:"speaker"`
	Text      string   `json:"text"`
	Score     int      `json:"score"`
	Matches   [][2]int `json:"matches"`
}

type searchCmd struct{ *session }

func (searchCmd) Spec() Spec {
	return Spec{Name: "search", Args: "QUERY [--json] [--limit N]", Summary: "search notes, quotes, articles and speakers",
		Help: "Searches annotations (quote, note, tags, speaker, kind, status, creator),\narticles (title, source, byline, note, tags and text) and speakers, ignoring\ncase and accents, best first. Every word must match a word of the record (or\nits start), in any order, allowing a typo or two; \"a phrase\" matches\nexactly; -word excludes. Filters: kind:claim speaker:kim tag:nuclear\nstatus:disputed creator:dana in:notes|quotes|articles|speakers. Each result\nsays what it is (kind), the article it belongs to (title) and a snippet\n(text) around the matched words; matches are rune offset pairs into text."}
}

func (c searchCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print a JSON array")
	limit := fs.Int("limit", 20, "at most `N` results")
	pos, err := c.parse(c.Spec(), fs, args, 1, -1)
	if err != nil {
		return err
	}
	if *limit < 1 {
		return usagef("search: --limit must be 1 or more")
	}
	q := search.ParseQuery(strings.Join(pos, " "))
	var results []search.Result
	run := func(svc *action.Service) (err error) {
		results, err = svc.Search(ctx, q, *limit)
		return err
	}
	ready := false
	err = c.read(func(svc *action.Service) error {
		if ready = svc.SearchReady(); ready {
			return run(svc)
		}
		return nil
	})
	if err == nil && !ready {
		// A database from before the stored index: build it once (the
		// write open does), or, where the file is read-only, search an
		// index built in memory for this query.
		err = c.write(run)
		if errors.Is(err, store.ErrReadOnly) {
			err = c.read(run)
		}
	}
	if err != nil {
		return err
	}
	out := make([]searchJSON, 0, len(results))
	for _, r := range results {
		out = append(out, searchJSON{string(r.Type), r.ID, r.ArticleID, r.Kind, r.Title, r.Speaker, r.Text, r.Score, nonNil(r.Matches)})
	}
	if *asJSON {
		return c.printJSON(out)
	}
	for _, r := range out {
		where := r.Title
		if r.Speaker != "" {
			where = r.Speaker + " · " + where
		}
		c.out("%-8s %s  %s\n         %s\n", r.Kind, r.ID, oneLine(where), emphasise(r.Text, r.Matches))
	}
	return nil
}

// emphasise marks matched rune ranges of s with [brackets], on one line.
func emphasise(s string, matches [][2]int) string {
	runes := []rune(oneLine(s))
	if len(runes) != len([]rune(s)) {
		return oneLine(s) // white space was collapsed: offsets no longer fit
	}
	var b strings.Builder
	next := 0
	for _, m := range matches {
		if m[0] < next || m[1] > len(runes) {
			continue
		}
		b.WriteString(string(runes[next:m[0]]))
		b.WriteString("[" + string(runes[m[0]:m[1]]) + "]")
		next = m[1]
	}
	b.WriteString(string(runes[next:]))
	return b.String()
}
