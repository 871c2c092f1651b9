package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/attrib"
	"marginalia/annotate/extract"
	"marginalia/annotate/search"
	"marginalia/store"
)

// JSON shapes of the command line's output. Field names are part of the
// interface: scripts depend on them.
type (
	articleItem struct {
		ID          string `json:"id"`
		Title       string `json:"title"`
		Source      string `json:"source"`
		URL         string `json:"url"`
		Published   string `json:"published"`
		Annotations int    `json:"annotations"`
	}
	articleJSON struct {
		ID        string `json:"id"`
		Title     string `json:"title"`
		Byline    string `json:"byline"`
		Source    string `json:"source"`
		URL       string `json:"url"`
		Published string `json:"published"`
		Text      string `json:"text"`
	}
	annotationJSON struct {
		ID       string   `json:"id"`
		Kind     string   `json:"kind"`
		Start    int      `json:"start"`
		End      int      `json:"end"`
		Exact    string   `json:"exact"`
		Prefix   string   `json:"prefix"`
		Suffix   string   `json:"suffix"`
		Speaker  string   `json:"speaker"`
		Note     string   `json:"note"`
		Tags     []string `json:"tags"`
		Status   string   `json:"status"`
		Creator  string   `json:"creator"`
		Created  string   `json:"created"`
		Modified string   `json:"modified"`
	}
	linkJSON struct {
		ID        string `json:"id"`
		From      string `json:"from"`
		To        string `json:"to"`
		Relation  string `json:"relation"`
		Note      string `json:"note"`
		Direction string `json:"direction"`
	}
	showJSON struct {
		Article     articleJSON      `json:"article"`
		Annotations []annotationJSON `json:"annotations"`
		Links       []linkJSON       `json:"links"`
	}
	speakerJSON struct {
		ID          string   `json:"id"`
		Name        string   `json:"name"`
		Aliases     []string `json:"aliases"`
		Role        string   `json:"role"`
		Affiliation string   `json:"affiliation"`
		Annotations int      `json:"annotations"`
	}
)

// rfc3339 formats t, or "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (c *ctx) printJSON(v any) error {
	enc := json.NewEncoder(c.env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func linkItems(links []annotate.Link, self string) []linkJSON {
	out := make([]linkJSON, 0, len(links))
	for _, l := range links {
		dir := "out"
		if l.To.ID == self && l.From.ID != self {
			dir = "in"
		}
		out = append(out, linkJSON{ID: l.ID, From: l.From.ID, To: l.To.ID, Relation: string(l.Relation), Note: l.Note, Direction: dir})
	}
	return out
}

// ---- import ----

func runImport(c *ctx, args []string) error {
	fs := c.flagSet("import", "FILE...", "Imports articles from text (.txt), Markdown (.md) and HTML (.html) files and\nprints the ID and title of each. If any file cannot be imported, nothing is.")
	files, err := c.parse(fs, args, 1, -1)
	if err != nil {
		return err
	}
	now := c.now()
	var (
		arts []annotate.Article
		bad  []string
	)
	for _, f := range files {
		r, err := extract.File(f)
		if err == nil {
			var a annotate.Article
			if a, err = r.Article(now); err == nil {
				arts = append(arts, a)
				continue
			}
		}
		bad = append(bad, err.Error())
	}
	if len(bad) > 0 {
		for _, b := range bad[:len(bad)-1] {
			fmt.Fprintf(c.env.Stderr, "marginalia: import %s\n", oneLine(b))
		}
		return fmt.Errorf("import %s (nothing was imported)", bad[len(bad)-1])
	}
	return c.withStore(func() error {
		type line struct{ id, title, note string }
		var lines []line
		err := c.store.Update(func(tx *store.Tx) error {
			lines = lines[:0]
			for i, a := range arts {
				stored, isNew, err := tx.ImportArticle(a)
				if err != nil {
					return fmt.Errorf("import %s: %w", files[i], err)
				}
				note := ""
				if !isNew {
					note = fmt.Sprintf("%s is already in the library as %s", files[i], stored.ID)
				}
				lines = append(lines, line{stored.ID, stored.Title, note})
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, l := range lines {
			if l.note != "" {
				fmt.Fprintf(c.env.Stderr, "marginalia: %s\n", l.note)
			}
			c.out("%s\t%s\n", l.id, l.title)
		}
		return nil
	})
}

// ---- list ----

func runList(c *ctx, args []string) error {
	fs := c.flagSet("list", "[--json]", "Lists the articles in the library, newest import first.")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if _, err := c.parse(fs, args, 0, 0); err != nil {
		return err
	}
	return c.readStore(func() error {
		var infos []store.ArticleInfo
		err := c.store.View(func(tx *store.Tx) error {
			var err error
			infos, err = tx.Articles()
			return err
		})
		if err != nil {
			return err
		}
		if *asJSON {
			items := make([]articleItem, 0, len(infos))
			for _, a := range infos {
				items = append(items, articleItem{a.ID, a.Title, a.Source, a.URL, rfc3339(a.Published), a.Annotations})
			}
			return c.printJSON(items)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tHIGHLIGHTS\tPUBLISHED\tSOURCE\tTITLE")
		for _, a := range infos {
			pub := ""
			if !a.Published.IsZero() {
				pub = a.Published.Format("2006-01-02")
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", a.ID, a.Annotations, pub, a.Source, a.Title)
		}
		return tw.Flush()
	})
}

// ---- show ----

func runShow(c *ctx, args []string) error {
	fs := c.flagSet("show", "ID [--json]", "Shows an article with its annotations and links.")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.readStore(func() error {
		var out showJSON
		err := c.store.View(func(tx *store.Tx) error {
			a, err := tx.Article(pos[0])
			if err != nil {
				return err
			}
			out.Article = articleJSON{a.ID, a.Title, a.Byline, a.Source, a.URL, rfc3339(a.Published), a.Text}
			anns, err := tx.AnnotationsOf(a.ID)
			if err != nil {
				return err
			}
			names := map[string]string{}
			out.Annotations = make([]annotationJSON, 0, len(anns))
			for _, an := range anns {
				if _, ok := names[an.SpeakerID]; !ok && an.SpeakerID != "" {
					sp, err := tx.Speaker(an.SpeakerID)
					if err != nil {
						return err
					}
					names[an.SpeakerID] = sp.Name
				}
				out.Annotations = append(out.Annotations, annotationJSON{
					ID: an.ID, Kind: string(an.Kind), Start: an.Span.Start, End: an.Span.End,
					Exact: an.Quote.Exact, Prefix: an.Quote.Prefix, Suffix: an.Quote.Suffix,
					Speaker: names[an.SpeakerID], Note: an.Note, Tags: nonNil(an.Tags), Status: string(an.Status),
					Creator: an.Creator, Created: rfc3339(an.Created), Modified: rfc3339(an.Modified),
				})
			}
			links, err := tx.LinksOf(a.ID)
			out.Links = linkItems(links, a.ID)
			return err
		})
		if err != nil {
			return err
		}
		if *asJSON {
			return c.printJSON(out)
		}
		a := out.Article
		c.out("%s\n", a.Title)
		for _, kv := range [][2]string{{"ID", a.ID}, {"By", a.Byline}, {"Source", a.Source}, {"URL", a.URL}, {"Published", a.Published}} {
			if kv[1] != "" {
				c.out("%-10s %s\n", kv[0]+":", kv[1])
			}
		}
		c.out("\n%s\n", a.Text)
		if len(out.Annotations) > 0 {
			c.out("\nAnnotations:\n")
		}
		for _, an := range out.Annotations {
			c.out("  %s  %-8s %d-%d  %q", an.ID, an.Kind, an.Start, an.End, an.Exact)
			if an.Speaker != "" {
				c.out("  — %s", an.Speaker)
			}
			if an.Status != "" {
				c.out("  [%s]", an.Status)
			}
			c.out("\n")
			if an.Note != "" {
				c.out("      note: %s\n", oneLine(an.Note))
			}
		}
		c.printLinks(out.Links)
		return nil
	})
}

func (c *ctx) printLinks(links []linkJSON) {
	if len(links) > 0 {
		c.out("\nLinks:\n")
	}
	for _, l := range links {
		other, arrow := l.To, "->"
		if l.Direction == "in" {
			other, arrow = l.From, "<-"
		}
		c.out("  %s  %s %s %s", l.ID, arrow, l.Relation, other)
		if l.Note != "" {
			c.out("  (%s)", oneLine(l.Note))
		}
		c.out("\n")
	}
}

// ---- annotate ----

func runAnnotate(c *ctx, args []string) error {
	fs := c.flagSet("annotate", "ID --quote TEXT --kind KIND [options]",
		"Finds the Nth occurrence of TEXT in the article and highlights it, creating\nthe speaker if it is new. Prints the new annotation's ID.")
	quote := fs.String("quote", "", "the exact `TEXT` to highlight")
	nth := fs.Int("nth", 1, "highlight the `N`th occurrence of the quote")
	kind := fs.String("kind", "", "claim, quote, evidence or question")
	speaker := fs.String("speaker", "", "attribute to the speaker with this `NAME` or alias (created when new); \"auto\" takes the speaker the text names")
	note := fs.String("note", "", "a note on the highlight")
	status := fs.String("status", "", "verdict on a claim: unverified, supported, disputed, false or misleading")
	creator := fs.String("creator", "", "analyst `NAME` recorded as creator (default $MARGINALIA_USER, else $USER)")
	var tags multiFlag
	fs.Var(&tags, "tag", "a `TAG` (repeatable)")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	switch {
	case *quote == "":
		return usagef("annotate: --quote is required")
	case !slices.Contains(annotate.Kinds(), annotate.Kind(*kind)) || *kind == string(annotate.KindNote):
		return usagef("annotate: --kind must be claim, quote, evidence or question, not %q", *kind)
	case *status != "" && *kind != string(annotate.KindClaim):
		return usagef("annotate: --status applies to claims only")
	case *status != "" && !slices.Contains(annotate.Statuses(), annotate.Status(*status)):
		return usagef("annotate: unknown --status %q", *status)
	case *nth < 1:
		return usagef("annotate: --nth must be 1 or more")
	}
	*creator = c.creator(*creator)
	return c.withStore(func() error {
		var id string
		err := c.store.Update(func(tx *store.Tx) error {
			art, err := tx.ArticleMeta(pos[0])
			if err != nil {
				return err
			}
			text, err := tx.ArticleText(art.ID)
			if err != nil {
				return err
			}
			span, ok := text.Find(annotate.NormalizeQuote(*quote), *nth)
			if !ok {
				which := ""
				if *nth > 1 {
					which = fmt.Sprintf("occurrence %d of ", *nth)
				}
				return fmt.Errorf("%squote %q not found in article %s (%q)", which, *quote, art.ID, art.Title)
			}
			ann, err := annotate.NewAnnotation(art.ID, text, span, annotate.Kind(*kind), *creator, c.now())
			if err != nil {
				return err
			}
			ann.Note, ann.Tags = *note, tags
			if *status != "" {
				ann.Status = annotate.Status(*status)
			}
			if *speaker == "auto" {
				name, ok := attrib.Suggest(text.String(), span)
				if !ok {
					return fmt.Errorf("no speaker found for %q in article %s; name one with --speaker NAME", *quote, art.ID)
				}
				*speaker = name
			}
			if *speaker != "" {
				sp, _, err := tx.SpeakerFor(*speaker, func(s *annotate.Speaker) {
					for _, p := range attrib.Detect(text.String()) {
						if annotate.Fold(p.Name) == annotate.Fold(s.Name) {
							s.Role, s.Affiliation = p.Role, p.Affiliation
						}
					}
				})
				if err != nil {
					return err
				}
				ann.SpeakerID = sp.ID
			}
			id = ann.ID
			return tx.PutAnnotation(ann)
		})
		if err == nil {
			c.out("%s\n", id)
		}
		return err
	})
}

// ---- speakers ----

type detectedJSON struct {
	Name     string `json:"name"`
	Mentions int    `json:"mentions"`
}

func runDetect(c *ctx, args []string) error {
	fs := c.flagSet("speakers detect", "ARTICLE_ID [--json]",
		"Lists the people quoted in an article (not its byline author unless quoted, not\norganisations), most mentions first.")
	asJSON := fs.Bool("json", false, "print a JSON array")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.readStore(func() error {
		var people []attrib.Person
		err := c.store.View(func(tx *store.Tx) error {
			text, err := tx.ArticleText(pos[0])
			if err != nil {
				return fmt.Errorf("article %s: %w", pos[0], err)
			}
			people = attrib.Detect(text.String())
			return nil
		})
		if err != nil {
			return err
		}
		out := make([]detectedJSON, 0, len(people))
		for _, p := range people {
			out = append(out, detectedJSON{p.Name, p.Mentions})
		}
		if *asJSON {
			return c.printJSON(out)
		}
		for _, p := range people {
			c.out("%3d  %s", p.Mentions, p.Name)
			if desc := strings.Trim(strings.Join([]string{p.Role, p.Affiliation}, ", "), ", "); desc != "" {
				c.out("  (%s)", desc)
			}
			c.out("\n")
		}
		return nil
	})
}

func runSpeakers(c *ctx, args []string) error {
	if len(args) > 0 && args[0] == "detect" {
		return runDetect(c, args[1:])
	}
	fs := c.flagSet("speakers", "[--json] | detect ARTICLE_ID [--json]", "Lists the speaker registry with each speaker's annotation count;\n'speakers detect' lists the people quoted in an article.")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if _, err := c.parse(fs, args, 0, 0); err != nil {
		return err
	}
	return c.readStore(func() error {
		var infos []store.SpeakerInfo
		err := c.store.View(func(tx *store.Tx) error {
			var err error
			infos, err = tx.Speakers()
			return err
		})
		if err != nil {
			return err
		}
		if *asJSON {
			items := make([]speakerJSON, 0, len(infos))
			for _, s := range infos {
				items = append(items, speakerJSON{s.ID, s.Name, nonNil(s.Aliases), s.Role, s.Affiliation, s.Annotations})
			}
			return c.printJSON(items)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tANNOTATIONS\tNAME\tROLE\tAFFILIATION\tALIASES")
		for _, s := range infos {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", s.ID, s.Annotations, s.Name, s.Role, s.Affiliation, strings.Join(s.Aliases, ", "))
		}
		return tw.Flush()
	})
}

func runSpeaker(c *ctx, args []string) error {
	if len(args) > 0 && args[0] == "merge" {
		return runSpeakerMerge(c, args[1:])
	}
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "-help") {
			c.out("Usage: marginalia speaker add NAME [--alias A]... [--role R] [--affiliation X]\n       marginalia speaker merge FROM TO\n")
			return nil
		}
		return usagef("speaker: want 'speaker add NAME' or 'speaker merge FROM TO'")
	}
	fs := c.flagSet("speaker add", "NAME [--alias A]... [--role R] [--affiliation X]", "Adds a speaker to the registry and prints its ID.")
	var aliases multiFlag
	fs.Var(&aliases, "alias", "another `NAME` the speaker goes by (repeatable)")
	role := fs.String("role", "", "the speaker's role, e.g. \"senior analyst\"")
	aff := fs.String("affiliation", "", "the speaker's organisation")
	note := fs.String("note", "", "a note on the speaker")
	pos, err := c.parse(fs, args[1:], 1, 1)
	if err != nil {
		return err
	}
	sp := annotate.Speaker{ID: annotate.NewID(), Name: strings.Join(strings.Fields(pos[0]), " "), Role: *role, Affiliation: *aff, Note: *note}
	for _, a := range aliases {
		if a = strings.Join(strings.Fields(a), " "); a != "" && !slices.Contains(sp.Names(), a) {
			sp.Aliases = append(sp.Aliases, a)
		}
	}
	return c.withStore(func() error {
		err := c.store.Update(func(tx *store.Tx) error {
			for _, n := range sp.Names() {
				if old, err := tx.SpeakerByName(n); err == nil {
					return fmt.Errorf("speaker add: %q is already known as speaker %s (%s)", n, old.ID, old.Name)
				}
			}
			return tx.PutSpeaker(sp)
		})
		if err == nil {
			c.out("%s\n", sp.ID)
		}
		return err
	})
}

func runSpeakerMerge(c *ctx, args []string) error {
	fs := c.flagSet("speaker merge", "FROM TO",
		"Merges speaker FROM into TO (each an ID, name or alias): FROM's annotations are\nattributed to TO, FROM's names become TO's aliases, FROM is deleted.")
	pos, err := c.parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	return c.withStore(func() error {
		var from, into annotate.Speaker
		err := c.store.Update(func(tx *store.Tx) error {
			var err error
			if from, err = findSpeaker(tx, pos[0]); err != nil {
				return err
			}
			if into, err = findSpeaker(tx, pos[1]); err != nil {
				return err
			}
			return tx.MergeSpeakers(from.ID, into.ID)
		})
		if err == nil {
			c.out("merged %s into %s (%s)\n", from.Name, into.Name, into.ID)
		}
		return err
	})
}

// findSpeaker resolves an ID, name or alias.
func findSpeaker(tx *store.Tx, ref string) (annotate.Speaker, error) {
	if sp, err := tx.Speaker(ref); err == nil {
		return sp, nil
	}
	return tx.SpeakerByName(ref)
}

// ---- links ----

func runLink(c *ctx, args []string) error {
	fs := c.flagSet("link", "FROM_ID TO_ID --relation REL [--note TEXT]",
		"Links two articles or annotations and prints the link's ID. Relations: "+relationNames()+".")
	rel := fs.String("relation", "", "how FROM relates to TO")
	note := fs.String("note", "", "a note on the link")
	creator := fs.String("creator", "", "analyst `NAME` recorded as creator (default $MARGINALIA_USER, else $USER)")
	pos, err := c.parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	if !slices.Contains(annotate.Relations(), annotate.Relation(*rel)) {
		return usagef("link: --relation must be one of %s", relationNames())
	}
	*creator = c.creator(*creator)
	return c.withStore(func() error {
		l := annotate.Link{ID: annotate.NewID(), Relation: annotate.Relation(*rel), Note: *note, Creator: *creator, Created: c.now()}
		err := c.store.Update(func(tx *store.Tx) error {
			var err error
			if l.From, err = tx.Ref(pos[0]); err != nil {
				return err
			}
			if l.To, err = tx.Ref(pos[1]); err != nil {
				return err
			}
			return tx.PutLink(l)
		})
		if err == nil {
			c.out("%s\n", l.ID)
		}
		return err
	})
}

func relationNames() string {
	var names []string
	for _, r := range annotate.Relations() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

func runLinks(c *ctx, args []string) error {
	fs := c.flagSet("links", "ID [--json]", "Lists the links of an article or annotation, outgoing and incoming.")
	asJSON := fs.Bool("json", false, "print a JSON array")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.readStore(func() error {
		var links []annotate.Link
		err := c.store.View(func(tx *store.Tx) error {
			if _, err := tx.Ref(pos[0]); err != nil {
				return err
			}
			var err error
			links, err = tx.LinksOf(pos[0])
			return err
		})
		if err != nil {
			return err
		}
		items := linkItems(links, pos[0])
		if *asJSON {
			return c.printJSON(items)
		}
		c.printLinks(items)
		return nil
	})
}

func runUnlink(c *ctx, args []string) error {
	fs := c.flagSet("unlink", "LINK_ID", "Deletes a link.")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.withStore(func() error {
		err := c.store.Update(func(tx *store.Tx) error { return tx.DeleteLink(pos[0]) })
		if err == nil {
			c.out("deleted link %s\n", pos[0])
		}
		return err
	})
}

type relatedJSON struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
}

func runRelated(c *ctx, args []string) error {
	fs := c.flagSet("related", "ARTICLE_ID [--json]",
		"Ranks the other articles by likely relation to ARTICLE_ID: text similarity\n(TF-IDF cosine), shared speakers and shared tags, best first, with reasons.")
	asJSON := fs.Bool("json", false, "print a JSON array")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.readStore(func() error {
		var out []relatedJSON
		err := c.store.View(func(tx *store.Tx) error {
			sugg, err := tx.Related(pos[0])
			for _, s := range sugg {
				out = append(out, relatedJSON{s.ID, s.Title, math.Round(s.Score*1000) / 1000, nonNil(s.Reasons)})
			}
			return err
		})
		if err != nil {
			return err
		}
		if *asJSON {
			if out == nil {
				out = []relatedJSON{}
			}
			return c.printJSON(out)
		}
		for _, s := range out {
			c.out("%.3f  %s  %s\n", s.Score, s.ID, s.Title)
			for _, r := range s.Reasons {
				c.out("         %s\n", r)
			}
		}
		return nil
	})
}

// ---- search ----

type searchJSON struct {
	Type      string   `json:"type"`
	ID        string   `json:"id"`
	ArticleID string   `json:"article_id"`
	Text      string   `json:"text"`
	Score     int      `json:"score"`
	Matches   [][2]int `json:"matches"`
}

func runSearch(c *ctx, args []string) error {
	fs := c.flagSet("search", "QUERY [--json] [--limit N]",
		"Fuzzy-searches annotations (quote, note, tags, speaker, kind, status, creator),\narticles (title, source, byline, note, tags) and speakers, ignoring case and\naccents, best first. Filters: kind:claim speaker:kim tag:nuclear status:disputed\ncreator:dana in:notes|quotes|articles|speakers. Matches are rune offset pairs\ninto text.")
	asJSON := fs.Bool("json", false, "print a JSON array")
	limit := fs.Int("limit", 20, "at most `N` results")
	pos, err := c.parse(fs, args, 1, -1)
	if err != nil {
		return err
	}
	if *limit < 1 {
		return usagef("search: --limit must be 1 or more")
	}
	return c.readStore(func() error {
		var docs []search.Doc
		err := c.store.View(func(tx *store.Tx) error {
			var err error
			docs, err = tx.SearchDocs()
			return err
		})
		if err != nil {
			return err
		}
		ix := search.New()
		if err := ix.Put(docs...); err != nil {
			return fmt.Errorf("search: build the index: %w", err)
		}
		results, err := ix.Search(c, search.ParseQuery(strings.Join(pos, " ")), *limit)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		out := make([]searchJSON, 0, len(results))
		for _, r := range results {
			m := r.Matches
			if m == nil {
				m = [][2]int{}
			}
			out = append(out, searchJSON{string(r.Type), r.ID, r.ArticleID, r.Text, r.Score, m})
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

// ---- delete, check, backup ----

func runDelete(c *ctx, args []string) error {
	fs := c.flagSet("delete", "ID", "Deletes an article (with its annotations and links), an annotation (with\nits links), a speaker (its annotations stay, unattributed) or a link.")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.withStore(func() error {
		var kind string
		err := c.store.Update(func(tx *store.Tx) error {
			var err error
			kind, err = tx.Delete(pos[0])
			return err
		})
		if err == nil {
			c.out("deleted %s %s\n", kind, pos[0])
		}
		return err
	})
}

func runCheck(c *ctx, args []string) error {
	fs := c.flagSet("check", "", "Verifies the database: bbolt's page structure, every record, reference and\nindex entry. Prints ok, or the problems found and exits 1.")
	if _, err := c.parse(fs, args, 0, 0); err != nil {
		return err
	}
	return c.readStore(func() error {
		problems, err := c.store.Check()
		if err != nil {
			return err
		}
		if len(problems) == 0 {
			c.out("ok\n")
			return nil
		}
		for _, p := range problems {
			c.out("%s\n", p)
		}
		return fmt.Errorf("check found %d problems in %s", len(problems), c.store.Path())
	})
}

func runBackup(c *ctx, args []string) error {
	fs := c.flagSet("backup", "FILE", "Writes a consistent copy of the database to FILE, even while it is in use\nby this process.")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if info, err := os.Stat(pos[0]); err == nil && info.IsDir() {
		return fmt.Errorf("backup: %s is a folder; name a file", pos[0])
	}
	return c.readStore(func() error {
		if err := c.store.Backup(pos[0]); err != nil {
			return err
		}
		c.out("backed up %s to %s\n", c.store.Path(), pos[0])
		return nil
	})
}
