package cli

import (
	"context"
	"encoding/json"

	"marginalia/annotate"
	"marginalia/app/action"
)

type versionJSON struct {
	N        int    `json:"n"`
	Title    string `json:"title"`
	Source   string `json:"source"`
	URL      string `json:"url"`
	Imported string `json:"imported"`
	Hash     string `json:"text_hash"`
	Latest   bool   `json:"latest"`
}

type orphanJSON struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Version int    `json:"version"`
	Exact   string `json:"exact"`
}

type versionsCmd struct{ *session }

func (versionsCmd) Spec() Spec {
	return Spec{Name: "versions", Args: "ID [--json]", Summary: "list an article's versions and its orphaned annotations",
		Help: "Lists the versions of an article, oldest first, and the annotations that stayed on\nan earlier version because they could not be placed with confidence on the\nlatest (re-attach them in the window). JSON: {\"versions\":[{\"n\",\"title\",\"source\",\n\"url\",\"imported\",\"text_hash\",\"latest\"}],\"orphans\":[{\"id\",\"kind\",\"version\",\"exact\"}]}"}
}

func (c versionsCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(c.Spec(), fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		vs, err := svc.Versions(pos[0])
		if err != nil {
			return err
		}
		orphans, err := svc.Orphans(pos[0])
		if err != nil {
			return err
		}
		out := struct {
			Versions []versionJSON `json:"versions"`
			Orphans  []orphanJSON  `json:"orphans"`
		}{Versions: []versionJSON{}, Orphans: []orphanJSON{}}
		for i, v := range vs {
			out.Versions = append(out.Versions, versionJSON{v.N, v.Title, v.Source, v.URL, rfc3339(v.Imported), v.TextHash, i == len(vs)-1})
		}
		for _, a := range orphans {
			out.Orphans = append(out.Orphans, orphanJSON{a.ID, string(a.Kind), a.VersionOf(), a.Quote.Exact})
		}
		if *asJSON {
			return c.printJSON(out)
		}
		for _, v := range out.Versions {
			mark := ""
			if v.Latest {
				mark = "  (latest)"
			}
			c.out("%3d  %s  %s%s\n", v.N, v.Imported, v.Title, mark)
		}
		for _, o := range out.Orphans {
			c.out("orphan %s  %s on version %d: %q\n", o.ID, o.Kind, o.Version, annotate.Clip(oneLine(o.Exact), 80))
		}
		return nil
	})
}

type diffCmd struct{ *session }

func (diffCmd) Spec() Spec {
	return Spec{Name: "diff", Args: "ID [--from N] [--to N] [--json]", Summary: "show what changed between two versions of an article",
		Help: "Prints what changed between two versions of an article, word by word (from the\none before the latest to the latest by default): each change with some context,\nchanges that touch a highlighted passage first. --json gives the runs of equal,\ndeleted and inserted text (rune offsets into each version; moved blocks share a\nmove number) and the changes that touch each annotation."}
}

func (c diffCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	from := fs.Int("from", 0, "the older version `N` (default: the one before --to)")
	to := fs.Int("to", 0, "the newer version `N` (default: the latest)")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(c.Spec(), fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		d, f, t, err := svc.Diff(pos[0], *from, *to)
		if err != nil {
			return err
		}
		touched, err := svc.TouchedAnnotations(pos[0], f, d)
		if err != nil {
			return err
		}
		if *asJSON {
			runs, err := json.Marshal(d)
			if err != nil {
				return err
			}
			return c.printJSON(struct {
				From    int                        `json:"from"`
				To      int                        `json:"to"`
				Diff    json.RawMessage            `json:"diff"`
				Touched []action.TouchedAnnotation `json:"touched"`
			}{f, t, runs, nonNil(touched)})
		}
		c.out("version %d -> %d: %d changes\n", f, t, d.Stats().Hunks)
		for _, ta := range touched {
			c.out("a %s you marked was changed: %q\n", ta.Kind, annotate.Clip(oneLine(ta.Exact), 80))
		}
		if len(touched) > 0 {
			c.out("\n")
		}
		if d.Identical() {
			c.out("the texts are identical\n")
			return nil
		}
		return d.WriteHunks(c.env.Stdout, 40)
	})
}
