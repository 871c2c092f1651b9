package cli

import (
	"fmt"
	"io"

	"marginalia/annotate/bundle"
	"marginalia/annotate/csvexport"
	"marginalia/annotate/w3c"
	"marginalia/assets"
	"marginalia/store"
)

func runExport(c *ctx, args []string) error {
	fs := c.flagSet("export", "[--format bundle|w3c|csv] [--article ID]... -o FILE",
		"Exports the whole library, or the chosen articles with their annotations and\nthe speakers and links they reference: a .marginalia bundle for colleagues\n(see docs/bundle-format.md), W3C Web Annotation JSON-LD, or CSV (one row per\nannotation).")
	format := fs.String("format", "bundle", "bundle, w3c or csv")
	out := fs.String("o", "", "output `FILE` (required)")
	creator := fs.String("creator", "", "analyst `NAME` recorded in the bundle (default $MARGINALIA_USER, else $USER)")
	var articles multiFlag
	fs.Var(&articles, "article", "export only this article `ID` (repeatable)")
	if _, err := c.parse(fs, args, 0, 0); err != nil {
		return err
	}
	switch {
	case *out == "":
		return usagef("export: -o FILE is required")
	case *format != "bundle" && *format != "w3c" && *format != "csv":
		return usagef("export: --format must be bundle, w3c or csv, not %q", *format)
	}
	name := c.creator(*creator)
	return c.readStore(func() error {
		b, err := c.store.ExportBundle(articles)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		switch *format {
		case "bundle":
			err = bundle.WriteFile(*out, b, bundle.Manifest{AppVersion: assets.Version, Creator: name, Created: c.now()}, nil)
		case "w3c":
			err = bundle.WriteFileAtomic(*out, 0o644, func(w io.Writer) error {
				return w3c.Write(w, b, w3c.Options{Creator: name, Generated: c.now(), AppVersion: assets.Version})
			})
		case "csv":
			err = bundle.WriteFileAtomic(*out, 0o644, func(w io.Writer) error { return csvexport.Write(w, b, csvexport.Options{}) })
		}
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		c.out("exported %s to %s\n", b.Counts(), *out)
		return nil
	})
}

func runMerge(c *ctx, args []string) error {
	fs := c.flagSet("merge", "FILE",
		"Verifies a .marginalia bundle and merges it into the library in one step, then\nprints what was added, updated, unchanged and in conflict. A bundle that fails\nany check is refused and nothing changes.")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	b, err := bundle.ReadFile(pos[0], bundle.DefaultLimits(), nil)
	if err != nil {
		return fmt.Errorf("merge %s: %w (nothing was changed)", pos[0], err)
	}
	return c.withStore(func() error {
		// The command line offers no undo, and recording one doubles the time.
		report, err := c.store.Merge(b, store.MergeOptions{NoUndo: true})
		if err != nil {
			return fmt.Errorf("merge %s: %w (nothing was changed)", pos[0], err)
		}
		c.out("%s", report.String())
		return nil
	})
}
