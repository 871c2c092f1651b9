package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"marginalia/annotate"
	"marginalia/annotate/formats"
	"marginalia/annotate/hypothesis"
	"marginalia/app/action"
	"marginalia/assets"
)

type exportCmd struct{ *session }

func (exportCmd) Spec() Spec {
	return Spec{Name: "export", Args: "[--format " + formatList() + "] [--article ID]... [--tag T] [--speaker NAME] [--search Q] [--org NAME --org-url URL] [--review-url URL] [--creator NAME] -o FILE",
		Summary: "export annotations for colleagues or other tools",
		Help: "Exports the whole library, or the chosen articles with their annotations and\nthe speakers and links they reference, in one of these formats:\n" + formatHelp() +
			"A report (" + formats.Names(reportFormats()) + ") shows every highlight of the articles exported, or\nonly those with a tag (--tag T, nested tags included), attributed to a speaker\n(--speaker NAME or alias) or found by a search (--search Q, best first).\n" +
			"ClaimReview names the fact-checking organisation publishing the reviews:\n--org NAME --org-url URL; each review's url is --review-url (the page they go\non, else --org-url) with #claim-ID."}
}

func formatList() string {
	var names []string
	for _, f := range formats.Exporters() {
		names = append(names, f.Name)
	}
	return strings.Join(names, "|")
}

func formatHelp() string {
	out := ""
	for _, f := range formats.Exporters() {
		out += fmt.Sprintf("  %-12s %s (%s)\n", f.Name, f.Summary, f.Ext)
	}
	return out
}

// reportFormats are the formats that show a selection (--tag, --speaker,
// --search).
func reportFormats() []formats.Format {
	return slices.DeleteFunc(formats.Exporters(), func(f formats.Format) bool { return !f.Report })
}

// orgFormats are the formats that name the publishing organisation.
func orgFormats() []formats.Format {
	return slices.DeleteFunc(formats.Exporters(), func(f formats.Format) bool { return !f.NeedsOrg })
}

func (c exportCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	format := fs.String("format", formats.Exporters()[0].Name, "the `FORMAT`: "+formats.Names(formats.Exporters()))
	out := fs.String("o", "", "output `FILE` (required)")
	creator := fs.String("creator", "", "analyst `NAME` recorded in the export (default $MARGINALIA_USER, else $USER)")
	var articles multiFlag
	fs.Var(&articles, "article", "export only this article `ID` (repeatable)")
	tag := fs.String("tag", "", "a report of the highlights with tag `T` or a tag nested under it")
	speaker := fs.String("speaker", "", "a report of the highlights attributed to the speaker with this `NAME`, alias or ID")
	query := fs.String("search", "", "a report of the highlights query `Q` finds, best first (as 'marginalia search')")
	org := fs.String("org", "", "the fact-checking organisation's `NAME` (ClaimReview's author)")
	orgURL := fs.String("org-url", "", "the organisation's `URL`")
	reviewURL := fs.String("review-url", "", "the `URL` of the page the reviews are published on (default --org-url)")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	if *out == "" {
		return usagef("export: -o FILE is required")
	}
	f, err := formats.Lookup(*format)
	if err != nil || !f.CanExport() {
		return usagef("export: --format must be %s, not %q", formats.Names(formats.Exporters()), *format)
	}
	by := action.SelectBy{Tag: *tag, Speaker: *speaker, Search: *query, Articles: articles}
	selecting := 0
	for _, v := range []string{by.Tag, by.Speaker, by.Search} {
		if strings.TrimSpace(v) != "" {
			selecting++
		}
	}
	switch {
	case selecting > 0 && !f.Report:
		return usagef("export: --tag, --speaker and --search choose what a report shows; use --format %s", strings.Join(names(reportFormats()), " or --format "))
	case selecting > 1:
		return usagef("export: a report shows a tag, a speaker or a search: give one of --tag, --speaker and --search")
	case f.NeedsOrg && (strings.TrimSpace(*org) == "" || *orgURL == "" && *reviewURL == ""):
		return usagef("export: --format %s needs the organisation publishing the fact checks: --org NAME --org-url URL", f.Name)
	case !f.NeedsOrg && (*org != "" || *orgURL != "" || *reviewURL != ""):
		return usagef("export: --org, --org-url and --review-url apply to --format %s only", strings.Join(names(orgFormats()), " or "))
	}
	opts := action.ExportOptions{Creator: c.creator(*creator), AppVersion: assets.Version,
		Org: formats.Organization{Name: strings.TrimSpace(*org), URL: *orgURL}, ReviewURL: *reviewURL}
	return c.read(func(svc *action.Service) error {
		ids := []string(articles)
		if f.Report {
			sel, selected, err := svc.ReportSelection(by)
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			opts.Selection, ids = sel, selected
		}
		n, err := svc.Export(f.Name, ids, c.path(*out), opts)
		if errors.Is(err, action.ErrNeedsOrg) {
			return usagef("export: %v (--org NAME --org-url URL)", err)
		}
		if err != nil {
			return err
		}
		if sel := opts.Selection; sel.Annotations != nil {
			c.out("exported %s (%s in %s) to %s\n", sel.Title, plural(len(sel.Annotations), "highlight"), plural(len(ids), "article"), *out)
			return nil
		}
		c.out("exported %s to %s\n", n, *out)
		return nil
	})
}

// plural says "1 highlight", "2 highlights".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func names(fs []formats.Format) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

type mergeCmd struct{ *session }

func (mergeCmd) Spec() Spec {
	return Spec{Name: "merge", Args: "FILE [--json]", Summary: "verify a colleague's bundle and merge it",
		Help: "Verifies a .marginalia bundle and merges it into the library in one step, then\nprints what was added, updated, deleted, unchanged and in conflict, the\ndisagreements the merged work takes part in and speakers that may be the same\nperson. A bundle that fails any check is refused and nothing changes. --json\nlists every record."}
}

func (c mergeCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print the report as JSON, with every record")
	pos, err := c.parse(c.Spec(), fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.write(func(svc *action.Service) error {
		// The command line offers no undo, and recording one doubles the time.
		// A merge run by the window is undoable there.
		report, err := svc.MergeFile(c.path(pos[0]), action.MergeOptions{NoUndo: c.env.Open == nil})
		if err != nil {
			return fmt.Errorf("%w (nothing was changed)", err)
		}
		if *asJSON {
			report.Records, report.Disagreements, report.SpeakerMatches = nonNil(report.Records), nonNil(report.Disagreements), nonNil(report.SpeakerMatches)
			return c.printJSON(report)
		}
		c.out("%s", report.String())
		return nil
	})
}

type importAnnotationsCmd struct{ *session }

func (importAnnotationsCmd) Spec() Spec {
	return Spec{Name: "import-annotations", Args: "FILE [--partial] [--kind KIND] [--creator NAME]",
		Summary: "place a Hypothesis or W3C file's annotations on articles in the library",
		Help: "Reads annotations made in another tool, a Hypothesis export (.json) or a W3C\n" +
			"Web Annotation file (.jsonld, .json; Marginalia's own included), and places\n" +
			"each on the library's article with the same page URL by its quote and context\n" +
			"(the browser's text and the article's differ in white space and quotation\n" +
			"marks). Hypothesis' text becomes the note, its tags the tags, its user the\n" +
			"creator. If any annotation cannot be placed (its page is not in the library,\n" +
			"its passage is not found or not found clearly, a reply, a page note), it lists\n" +
			"the missing pages and each annotation left out with the reason, imports\n" +
			"nothing and exits 1; --partial imports those that fit. Nothing is ever placed\n" +
			"where it does not clearly belong. Importing the same file again changes\n" +
			"nothing. --kind is the kind of annotations whose file gives none (by default a\n" +
			"Hypothesis annotation with text is a note, a bare highlight evidence)."}
}

func (c importAnnotationsCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	partial := fs.Bool("partial", false, "import the annotations that can be placed when others cannot")
	kind := fs.String("kind", "", "the `KIND` of annotations whose file gives none: "+orList(kindNames()))
	creator := fs.String("creator", "", "analyst `NAME` recorded on annotations whose file names none (default $MARGINALIA_USER, else $USER)")
	pos, err := c.parse(c.Spec(), fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *kind != "" && !slices.Contains(annotate.Kinds(), annotate.Kind(*kind)) {
		return usagef("import-annotations: --kind must be %s, not %q", orList(kindNames()), annotate.Clip(*kind, 40))
	}
	if _, err := formats.ForAnnotations(pos[0]); err != nil {
		return usagef("import-annotations: %v", err)
	}
	return c.write(func(svc *action.Service) error {
		res, err := svc.ImportAnnotations(c.path(pos[0]), action.AnnotationOptions{Partial: *partial, Kind: annotate.Kind(*kind), Creator: c.creator(*creator)})
		if p := res.Placement; p != nil {
			for _, u := range p.MissingURLs {
				c.out("not in the library: %s\n", u)
			}
			for _, u := range p.Unplaced {
				c.out("unplaced: %s: %s\n", describeForeign(u.Annotation), u.Reason)
			}
		}
		if errors.Is(err, action.ErrIncomplete) {
			p := res.Placement
			if len(p.Placed) == 0 {
				return fmt.Errorf("none of the %d annotations can be placed; nothing was imported", len(p.Unplaced))
			}
			return fmt.Errorf("%d of %d annotations cannot be placed; nothing was imported; --partial imports the %d that fit",
				len(p.Unplaced), len(p.Unplaced)+len(p.Placed), len(p.Placed))
		}
		if err != nil {
			return err
		}
		p := res.Placement
		changed := 0
		for _, pl := range p.Placed {
			if pl.Changed {
				changed++
			}
		}
		c.out("placed %d of %d annotations", len(p.Placed), len(p.Placed)+len(p.Unplaced))
		if changed > 0 {
			c.out(" (%d quotes differ from the article's text in white space or punctuation: the article's are kept)", changed)
		}
		c.out("\n%s", res.Report.String())
		return nil
	})
}

// describeForeign names an annotation from another tool for a message:
// its quote (or that it has none) and its page.
func describeForeign(a hypothesis.Annotation) string {
	what := "a note on the whole page"
	if strings.TrimSpace(a.Quote.Exact) != "" {
		what = "“" + annotate.Clip(oneLine(a.Quote.Exact), 60) + "”"
	}
	if a.URL != "" {
		what += " on " + a.URL
	}
	return what
}
