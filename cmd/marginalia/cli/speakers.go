package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"marginalia/annotate"
	"marginalia/annotate/attrib"
	"marginalia/app/action"
	"marginalia/store"
)

type speakersCmd struct{ *session }

func (speakersCmd) Spec() Spec {
	return Spec{Name: "speakers", Args: "[--json]", Summary: "list the speaker registry",
		Help: "Lists the speaker registry with each speaker's annotation count."}
}

func (c speakersCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print a JSON array")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		var infos []store.SpeakerInfo
		err := svc.Store().View(func(tx *store.Tx) error {
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

type detectCmd struct{ *session }

func (detectCmd) Spec() Spec {
	return Spec{Name: "speakers detect", Args: "ARTICLE_ID [--json]", Summary: "list the people quoted in an article",
		Help: "Lists the people quoted in an article (not its byline author unless quoted, not\norganisations), most mentions first."}
}

func (c detectCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print a JSON array")
	pos, err := c.parse(c.Spec(), fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		var people []attrib.Person
		err := svc.Store().View(func(tx *store.Tx) error {
			text, err := tx.ArticleText(pos[0])
			if err != nil {
				return fmt.Errorf("article %s: %w", annotate.Clip(pos[0], 80), err)
			}
			people = attrib.Detect(text.String())
			return nil
		})
		if err != nil {
			return err
		}
		if *asJSON {
			out := make([]detectedJSON, 0, len(people))
			for _, p := range people {
				out = append(out, detectedJSON{p.Name, p.Mentions})
			}
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

type speakerAddCmd struct{ *session }

func (speakerAddCmd) Spec() Spec {
	return Spec{Name: "speaker add", Args: "NAME [--alias A]... [--role R] [--affiliation X] [--note TEXT]", Summary: "add a speaker to the registry",
		Help: "Adds a speaker to the registry and prints its ID. A name or alias already known\n(ignoring case and accents) is refused, naming the existing speaker."}
}

func (c speakerAddCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	var aliases multiFlag
	fs.Var(&aliases, "alias", "another `NAME` the speaker goes by (repeatable)")
	role := fs.String("role", "", "the speaker's role, e.g. \"senior analyst\"")
	aff := fs.String("affiliation", "", "the speaker's organisation")
	note := fs.String("note", "", "a note on the speaker")
	pos, err := c.parse(c.Spec(), fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.write(func(svc *action.Service) error {
		sp, err := svc.AddSpeaker(annotate.Speaker{Name: pos[0], Aliases: aliases, Role: *role, Affiliation: *aff, Note: *note})
		if err == nil {
			c.out("%s\n", sp.ID)
		}
		return err
	})
}

type speakerMergeCmd struct{ *session }

func (speakerMergeCmd) Spec() Spec {
	return Spec{Name: "speaker merge", Args: "FROM TO", Summary: "merge one speaker into another",
		Help: "Merges speaker FROM into TO (each an ID, name or alias): FROM's annotations are\nattributed to TO, FROM's names become TO's aliases, FROM is deleted."}
}

func (c speakerMergeCmd) Run(_ context.Context, args []string) error {
	pos, err := c.parse(c.Spec(), c.flags(c.Spec()), args, 2, 2)
	if err != nil {
		return err
	}
	return c.write(func(svc *action.Service) error {
		from, into, err := svc.MergeSpeakers(pos[0], pos[1], c.creator(""))
		if err == nil {
			c.out("merged %s into %s (%s)\n", from.Name, into.Name, into.ID)
		}
		return err
	})
}
