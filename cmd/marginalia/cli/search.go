package cli

import (
	"context"
	"fmt"
	"strings"

	"marginalia/annotate/search"
	"marginalia/app/action"
	"marginalia/store"
)

type searchJSON struct {
	Type      string   `json:"type"`
	ID        string   `json:"id"`
	ArticleID string   `json:"article_id"`
	Text      string   `json:"text"`
	Score     int      `json:"score"`
	Matches   [][2]int `json:"matches"`
}

type searchCmd struct{ *session }

func (searchCmd) Spec() Spec {
	return Spec{Name: "search", Args: "QUERY [--json] [--limit N]", Summary: "search notes, quotes, articles and speakers",
		Help: "Searches annotations (quote, note, tags, speaker, kind, status, creator),\narticles (title, source, byline, note, tags) and speakers, ignoring case and\naccents, best first. Filters: kind:claim speaker:kim tag:nuclear status:disputed\ncreator:dana in:notes|quotes|articles|speakers. Matches are rune offset pairs\ninto text."}
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
	return c.read(func(svc *action.Service) error {
		var docs []search.Doc
		err := svc.Store().View(func(tx *store.Tx) error {
			var err error
			docs, err = action.SearchDocs(tx)
			return err
		})
		if err != nil {
			return err
		}
		ix := search.New()
		if err := ix.Put(docs...); err != nil {
			return fmt.Errorf("search: build the index: %w", err)
		}
		results, err := ix.Search(ctx, search.ParseQuery(strings.Join(pos, " ")), *limit)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		out := make([]searchJSON, 0, len(results))
		for _, r := range results {
			out = append(out, searchJSON{string(r.Type), r.ID, r.ArticleID, r.Text, r.Score, nonNil(r.Matches)})
		}
		if *asJSON {
			return c.printJSON(out)
		}
		for _, r := range out {
			c.out("%-10s %5d  %s  %s\n", r.Type, r.Score, r.ID, emphasise(r.Text, r.Matches))
		}
		return nil
	})
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
