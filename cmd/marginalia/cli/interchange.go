package cli

import (
	"context"
	"fmt"
	"strings"

	"marginalia/annotate/formats"
	"marginalia/app/action"
	"marginalia/assets"
)

type exportCmd struct{ *session }

func (exportCmd) Spec() Spec {
	return Spec{Name: "export", Args: "[--format " + formatList() + "] [--article ID]... -o FILE",
		Summary: "export annotations for colleagues or other tools",
		Help:    "Exports the whole library, or the chosen articles with their annotations and\nthe speakers and links they reference, in one of these formats:\n" + formatHelp()}
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
		out += fmt.Sprintf("  %-8s %s (%s)\n", f.Name, f.Summary, f.Ext)
	}
	return out
}

func (c exportCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	format := fs.String("format", formats.Exporters()[0].Name, "the `FORMAT`: "+formats.Names(formats.Exporters()))
	out := fs.String("o", "", "output `FILE` (required)")
	creator := fs.String("creator", "", "analyst `NAME` recorded in the export (default $MARGINALIA_USER, else $USER)")
	var articles multiFlag
	fs.Var(&articles, "article", "export only this article `ID` (repeatable)")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	if *out == "" {
		return usagef("export: -o FILE is required")
	}
	if f, err := formats.Lookup(*format); err != nil || !f.CanExport() {
		return usagef("export: --format must be %s, not %q", formats.Names(formats.Exporters()), *format)
	}
	return c.read(func(svc *action.Service) error {
		n, err := svc.Export(*format, articles, c.path(*out), action.ExportOptions{Creator: c.creator(*creator), AppVersion: assets.Version})
		if err != nil {
			return err
		}
		c.out("exported %s to %s\n", n, *out)
		return nil
	})
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
