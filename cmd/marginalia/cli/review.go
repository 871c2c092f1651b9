package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/agree"
	"marginalia/app/action"
	"marginalia/store"
)

type disagreementsCmd struct{ *session }

func (disagreementsCmd) Spec() Spec {
	return Spec{Name: "disagreements", Args: "[--article ID]... [--json]", Summary: "list where analysts disagree on a passage",
		Help: "Lists the unresolved disagreements: overlapping highlights by different analysts\n(a unit) that differ in kind, verdict or speaker, with who said what. Each has a\nkey for 'marginalia resolve'."}
}

func (c disagreementsCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print a JSON array")
	var articles multiFlag
	fs.Var(&articles, "article", "only this article `ID` (repeatable)")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		units, err := svc.Disagreements(articles...)
		if err != nil {
			return err
		}
		if *asJSON {
			return c.printJSON(nonNil(units))
		}
		for _, u := range units {
			c.out("%s  on %s  “%s”\n", u.Key[:16], strings.Join(aspects(u.Differs), ", "), annotate.Clip(oneLine(u.Members[0].Quote.Exact), 60))
			for _, p := range u.Positions {
				c.out("    %-16s %s\n", p.Creator, position(p))
			}
		}
		return nil
	})
}

func aspects(as []agree.Aspect) []string {
	var out []string
	for _, a := range as {
		out = append(out, string(a))
	}
	return out
}

func position(p agree.Position) string {
	var parts []string
	for _, k := range p.Kinds {
		parts = append(parts, string(k))
	}
	s := strings.Join(parts, "+")
	if len(p.Verdicts) > 0 {
		var vs []string
		for _, v := range p.Verdicts {
			vs = append(vs, string(v))
		}
		s += " (" + strings.Join(vs, ", ") + ")"
	}
	if len(p.Speakers) > 0 {
		s += " — speaker " + strings.Join(p.Speakers, ", ")
	}
	return s + "  [" + strings.Join(p.Members, " ") + "]"
}

type resolveCmd struct{ *session }

func (resolveCmd) Spec() Spec {
	return Spec{Name: "resolve", Args: "KEY (--keep ANNOTATION_ID | --both | --agreed) [--reviewer NAME]", Summary: "settle a disagreement",
		Help: "Settles the disagreement whose key starts with KEY (see 'marginalia\ndisagreements'): --keep keeps one annotation and deletes the unit's others;\n--both keeps them all; --agreed marks the analysts as agreeing. Either of the last\ntwo hides the disagreement until one of its annotations changes."}
}

func (c resolveCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	keep := fs.String("keep", "", "keep this annotation `ID`, delete the others")
	both := fs.Bool("both", false, "keep every annotation")
	agreed := fs.Bool("agreed", false, "mark the analysts as agreeing")
	reviewer := fs.String("reviewer", "", "reviewer `NAME` recorded (default $MARGINALIA_USER, else $USER)")
	pos, err := c.parse(c.Spec(), fs, args, 1, 1)
	if err != nil {
		return err
	}
	var outcome store.Outcome
	n := 0
	if *keep != "" {
		outcome, n = store.OutcomeKeptOne, n+1
	}
	if *both {
		outcome, n = store.OutcomeKeptBoth, n+1
	}
	if *agreed {
		outcome, n = store.OutcomeAgreed, n+1
	}
	if n != 1 {
		return usagef("resolve: give exactly one of --keep ID, --both, --agreed")
	}
	return c.write(func(svc *action.Service) error {
		u, err := svc.FindUnit(pos[0])
		if err != nil {
			return err
		}
		if err := svc.Resolve(u, outcome, *keep, c.creator(*reviewer)); err != nil {
			return err
		}
		c.out("resolved %s: %s\n", u.Key[:16], outcome)
		return nil
	})
}

type agreementCmd struct{ *session }

func (agreementCmd) Spec() Spec {
	return Spec{Name: "agreement", Args: "[--article ID]... [--creator NAME]... [--json]", Summary: "measure how well analysts agree",
		Help: "Computes inter-annotator agreement over the articles at least two of the chosen\nanalysts annotated: Krippendorff's unitizing alpha per highlight kind and\noverall, Cohen's kappa (two analysts) or Fleiss' kappa (more) on the verdicts of\nmatched claims, per pair of analysts and per article. Every figure says how many\nunits or items it rests on."}
}

func (c agreementCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print JSON")
	var articles, creators multiFlag
	fs.Var(&articles, "article", "only this article `ID` (repeatable)")
	fs.Var(&creators, "creator", "only this analyst `NAME` (repeatable)")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		rep, err := svc.Agreement(agree.Options{Articles: articles, Creators: creators})
		if errors.Is(err, agree.ErrTooFewCreators) || errors.Is(err, agree.ErrNoSharedArticle) {
			return fmt.Errorf("agreement: %w", err)
		}
		if err != nil {
			return err
		}
		if *asJSON {
			return c.printJSON(rep)
		}
		c.out("analysts: %s; articles annotated by two or more: %d\n", strings.Join(rep.Creators, ", "), rep.Articles)
		c.out("unitizing alpha, overall: %s\n", rep.Alpha.Overall)
		for _, k := range rep.Alpha.Kinds {
			c.out("  %-10s %s\n", k.Kind, k.Alpha)
		}
		c.out("verdicts (%s): %s\n", rep.Verdicts.Method, rep.Verdicts.Kappa)
		for _, p := range rep.Pairs {
			c.out("pair %s / %s: alpha %s, verdicts %s\n", p.A, p.B, p.Alpha.Overall, p.Verdicts.Kappa)
		}
		return nil
	})
}

type tombstonesCmd struct{ *session }

func (tombstonesCmd) Spec() Spec {
	return Spec{Name: "tombstones", Args: "[--json]", Summary: "list the deletions that travel to colleagues",
		Help: "Lists the tombstones deleted records leave (type, id, who, when), oldest first.\nBundles carry them, so a merge deletes the record in colleagues' libraries too."}
}

func (c tombstonesCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print a JSON array")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		var stones []annotate.Tombstone
		if err := svc.Store().View(func(tx *store.Tx) error {
			var err error
			stones, err = tx.Tombstones()
			return err
		}); err != nil {
			return err
		}
		if *asJSON {
			return c.printJSON(nonNil(stones))
		}
		for _, ts := range stones {
			c.out("%s  %-10s %s  %s\n", ts.Deleted.UTC().Format(time.RFC3339), ts.Type, ts.ID, ts.Deleter)
		}
		return nil
	})
}

type purgeCmd struct{ *session }

func (purgeCmd) Spec() Spec {
	return Spec{Name: "tombstones purge", Args: "--older-than AGE", Summary: "forget old deletions",
		Help: "Removes the tombstones of deletions older than AGE (e.g. 90d, 12h). A purged\ndeletion no longer travels: a colleague's older bundle can bring the record\nback. Prints how many were purged."}
}

func (c purgeCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	age := fs.String("older-than", "", "purge deletions older than this `AGE`: a number of days (90d) or a Go duration (36h)")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	d, err := parseAge(*age)
	if err != nil {
		return usagef("tombstones purge: %v", err)
	}
	return c.write(func(svc *action.Service) error {
		n, err := svc.PurgeTombstones(c.now().Add(-d))
		if err == nil {
			c.out("purged %d tombstones\n", n)
		}
		return err
	})
}

// parseAge reads "90d" or a Go duration; it must be positive.
func parseAge(s string) (time.Duration, error) {
	if s == "" {
		return 0, errors.New("--older-than AGE is required")
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 {
			return 0, fmt.Errorf("--older-than %q: want a positive number of days such as 90d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("--older-than %q: want 90d, 36h or another positive age", s)
	}
	return d, nil
}
