package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"marginalia/annotate"
	"marginalia/annotate/formats"
	"marginalia/app/action"
	"marginalia/store"
)

type importCmd struct{ *session }

func (importCmd) Spec() Spec {
	return Spec{Name: "import", Args: "[--version-of ID] [--code-kind CODE=KIND]... FILE...", Summary: "import articles, or a REFI-QDA project or bundle with its annotations",
		Help: "Imports articles from text (.txt), Markdown (.md) and HTML (.html) files and\nprints the ID and title of each. If any file cannot be imported, nothing is.\nA text already in the library is not imported twice: its ID is printed. A new\ntext whose URL is that of an article in the library becomes its next version,\nas does FILE with --version-of ID; the article's annotations are re-anchored on\nthe new text, those that cannot be placed with confidence stay on their version\n(see 'marginalia versions ID').\n\n" +
			"A REFI-QDA project (.qdpx, from NVivo, ATLAS.ti, MAXQDA or QualCoder) or a\nbundle (.marginalia) is imported alone, with its annotations, speakers and\nlinks, in one step; importing it again changes nothing. A project's codes\nbecome tags; --code-kind CODE=KIND makes the selections coded CODE (a name or\na path, Parent/Child) highlights of KIND:\n" + orList(kindNames()) + "; evidence by default. It prints the merge report, the sources and selections left out and\nwhy, and how positions were counted. A refused file changes nothing."}
}

// kindNames lists every kind an annotation can have.
func kindNames() []string {
	var out []string
	for _, k := range annotate.Kinds() {
		out = append(out, string(k))
	}
	return out
}

// codeKinds parses --code-kind CODE=KIND values.
func codeKinds(values []string) (map[string]annotate.Kind, error) {
	if len(values) == 0 {
		return nil, nil
	}
	m := map[string]annotate.Kind{}
	for _, v := range values {
		i := strings.LastIndex(v, "=")
		if i <= 0 || strings.TrimSpace(v[:i]) == "" {
			return nil, usagef("import: --code-kind takes CODE=KIND, not %q", annotate.Clip(v, 60))
		}
		code, kind := strings.TrimSpace(v[:i]), annotate.Kind(strings.TrimSpace(v[i+1:]))
		if !slices.Contains(annotate.Kinds(), kind) {
			return nil, usagef("import: --code-kind %s: KIND must be %s, not %q", annotate.Clip(code, 60), orList(kindNames()), annotate.Clip(string(kind), 40))
		}
		m[code] = kind
	}
	return m, nil
}

func (c importCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	versionOf := fs.String("version-of", "", "add FILE as the newest version of the article with this `ID`")
	var codeKind multiFlag
	fs.Var(&codeKind, "code-kind", "`CODE=KIND`: a project's selections coded CODE become highlights of KIND (repeatable)")
	files, err := c.parse(c.Spec(), fs, args, 1, -1)
	if err != nil {
		return err
	}
	kinds, err := codeKinds(codeKind)
	if err != nil {
		return err
	}
	var project string
	for _, f := range files {
		if _, err := formats.ForImport(f); err == nil {
			project = f
		}
	}
	switch {
	case project != "" && len(files) > 1:
		return usagef("import: %s is imported alone: one .qdpx or .marginalia file per call, without articles", filepath.Base(project))
	case project != "" && *versionOf != "":
		return usagef("import: --version-of takes a text, Markdown or HTML file, not %s", filepath.Base(project))
	case project == "" && len(kinds) > 0:
		return usagef("import: --code-kind applies to a REFI-QDA project (.qdpx)")
	case project != "":
		return c.importProject(project, kinds)
	}
	if *versionOf != "" {
		if len(files) != 1 {
			return usagef("import: --version-of takes exactly one FILE")
		}
		return c.write(func(svc *action.Service) error {
			res, err := svc.ImportVersion(*versionOf, svc.ReadFile(c.path(files[0])))
			if err != nil {
				return err
			}
			c.printVersion(res)
			return nil
		})
	}
	return c.write(func(svc *action.Service) error {
		srcs := make([]action.Source, 0, len(files))
		var bad []error
		for _, f := range files {
			src := svc.ReadFile(c.path(f))
			if src.Err != nil {
				bad = append(bad, src.Err)
			}
			srcs = append(srcs, src)
		}
		if len(bad) > 0 {
			for _, err := range bad[:len(bad)-1] {
				c.warn("import %v", err)
			}
			return fmt.Errorf("import %w (nothing was imported)", bad[len(bad)-1])
		}
		done, err := svc.Import(srcs)
		if err != nil {
			return err
		}
		// A text already in the library prints its stored ID and title;
		// nothing goes to stderr on success.
		for _, d := range done {
			if d.Version != nil {
				c.printVersion(*d.Version)
				continue
			}
			c.out("%s\t%s\n", d.Article.ID, d.Article.Title)
		}
		return nil
	})
}

// importProject imports a REFI-QDA project or a bundle with its
// annotations and prints the merge report, what was left out and how
// positions were counted.
func (c importCmd) importProject(path string, kinds map[string]annotate.Kind) error {
	return c.write(func(svc *action.Service) error {
		// The command line offers no undo (see merge).
		res, err := svc.ImportFile(c.path(path), action.ImportOptions{Creator: c.creator(""), Kinds: kinds, NoUndo: c.env.Open == nil})
		if err != nil {
			return fmt.Errorf("%w (nothing was changed)", err)
		}
		c.out("%s", res.Report.String())
		for _, s := range res.Skipped {
			c.out("skipped: %s\n", oneLine(s))
		}
		for _, n := range res.Notes {
			c.out("note: %s\n", oneLine(n))
		}
		return nil
	})
}

type listCmd struct{ *session }

func (listCmd) Spec() Spec {
	return Spec{Name: "list", Args: "[--json]", Summary: "list the articles in the library",
		Help: "Lists the articles in the library, newest import first."}
}

func (c listCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print a JSON array")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		var infos []store.ArticleInfo
		err := svc.Store().View(func(tx *store.Tx) error {
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

type showCmd struct{ *session }

func (showCmd) Spec() Spec {
	return Spec{Name: "show", Args: "ID [--json]", Summary: "show an article with its annotations and links",
		Help: "Shows an article with its annotations and links."}
}

func (c showCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(c.Spec(), fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		var out showJSON
		err := svc.Store().View(func(tx *store.Tx) error {
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

func (s *session) printLinks(links []linkJSON) {
	if len(links) > 0 {
		s.out("\nLinks:\n")
	}
	for _, l := range links {
		other, arrow := l.To, "->"
		if l.Direction == "in" {
			other, arrow = l.From, "<-"
		}
		s.out("  %s  %s %s %s", l.ID, arrow, l.Relation, other)
		if l.Note != "" {
			s.out("  (%s)", oneLine(l.Note))
		}
		s.out("\n")
	}
}

type deleteCmd struct{ *session }

func (deleteCmd) Spec() Spec {
	return Spec{Name: "delete", Args: "ID", Summary: "delete an article, annotation, speaker or link",
		Help: "Deletes an article (with its annotations and links), an annotation (with\nits links), a speaker (its annotations stay, unattributed) or a link."}
}

func (c deleteCmd) Run(_ context.Context, args []string) error {
	pos, err := c.parse(c.Spec(), c.flags(c.Spec()), args, 1, 1)
	if err != nil {
		return err
	}
	return c.write(func(svc *action.Service) error {
		d, err := svc.Delete(pos[0], c.creator(""))
		if err == nil {
			c.out("deleted %s %s\n", d.Type, pos[0])
		}
		return err
	})
}

type checkCmd struct{ *session }

func (checkCmd) Spec() Spec {
	return Spec{Name: "check", Args: "[--rebuild-search]", Summary: "verify the database's structure, references and search index",
		Help: "Verifies the database: bbolt's page structure, every record, reference and\nindex entry, and the search index against the records. Prints ok, or the\nproblems found and exits 1. --rebuild-search rebuilds the search index from\nthe records first (the records are not touched)."}
}

func (c checkCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	rebuild := fs.Bool("rebuild-search", false, "rebuild the search index from the records, then check")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	open := c.read
	if *rebuild {
		open = c.write
	}
	return open(func(svc *action.Service) error {
		if *rebuild {
			if err := c.buildSearchIndex(svc); err != nil {
				return err
			}
		}
		problems, err := svc.Store().Check()
		if err != nil {
			return err
		}
		searchProblems, built, err := svc.CheckSearchIndex()
		if err != nil {
			return err
		}
		if !built {
			c.out("note: the search index is not built yet; it is built the next time the database is opened for writing\n")
		}
		if len(searchProblems) > 0 {
			problems = append(problems, searchProblems...)
			problems = append(problems, "the search index differs from the records: run 'marginalia check --rebuild-search' to rebuild it")
		}
		if len(problems) == 0 {
			c.out("ok\n")
			return nil
		}
		for _, p := range problems {
			c.out("%s\n", p)
		}
		return fmt.Errorf("check found %d problems in %s", len(problems), svc.Store().Path())
	})
}

type backupCmd struct{ *session }

func (backupCmd) Spec() Spec {
	return Spec{Name: "backup", Args: "FILE", Summary: "write a consistent copy of the database to FILE",
		Help: "Writes a consistent copy of the database to FILE, even while it is in use."}
}

func (c backupCmd) Run(_ context.Context, args []string) error {
	pos, err := c.parse(c.Spec(), c.flags(c.Spec()), args, 1, 1)
	if err != nil {
		return err
	}
	target := c.path(pos[0])
	if info, err := os.Stat(target); err == nil && info.IsDir() {
		return fmt.Errorf("backup: %s is a folder; name a file", pos[0])
	}
	return c.read(func(svc *action.Service) error {
		if err := svc.Store().Backup(target); err != nil {
			return err
		}
		c.out("backed up %s to %s\n", svc.Store().Path(), pos[0])
		return nil
	})
}

// printVersion prints "<id>\t<title>\tversion N: P placed, O orphaned".
func (s *session) printVersion(res action.VersionResult) {
	s.out("%s\t%s\tversion %d: %d placed, %d orphaned, %d reworded\n", res.Article.ID, res.Article.Title, res.N, len(res.Placed), len(res.Orphans), len(res.Reworded))
}
