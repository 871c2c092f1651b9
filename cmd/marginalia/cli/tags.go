package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"marginalia/annotate"
	"marginalia/app/action"
)

// tagJSON is one tag of 'tags --json'.
type tagJSON struct {
	Tag         string `json:"tag"`
	Annotations int    `json:"annotations"`
	Articles    int    `json:"articles"`
	Description string `json:"description"`
	Colour      string `json:"colour"`
}

type tagsCmd struct{ *session }

func (tagsCmd) Spec() Spec {
	return Spec{Name: "tags", Args: "[--json]", Summary: "list the tags in use with their counts",
		Help: "Lists every tag on articles and annotations, most used first, with how many\nannotations and articles carry it and its description and colour. Tags that\ndiffer only in case or accents are one tag; parent/child nests a tag."}
}

func (c tagsCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print a JSON array")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		uses, err := svc.TagUses()
		if err != nil {
			return err
		}
		notes := svc.TagNotes()
		items := make([]tagJSON, 0, len(uses))
		for _, u := range uses {
			n := notes[annotate.Fold(u.Tag)]
			items = append(items, tagJSON{u.Tag, u.Annotations, u.Articles, n.Description, n.Colour})
		}
		if *asJSON {
			return c.printJSON(items)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TAG\tANNOTATIONS\tARTICLES\tDESCRIPTION")
		for _, t := range items {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", t.Tag, t.Annotations, t.Articles, oneLine(t.Description))
		}
		return tw.Flush()
	})
}

type tagRenameCmd struct{ *session }

func (tagRenameCmd) Spec() Spec {
	return Spec{Name: "tag rename", Args: "OLD NEW", Summary: "rename a tag everywhere, with the tags nested under it",
		Help: "Renames tag OLD to NEW on every article and annotation, as one undoable step;\nOLD/child becomes NEW/child. Case and accents are ignored in OLD. A NEW that is\nalready a tag is refused: use 'marginalia tag merge'."}
}

func (c tagRenameCmd) Run(_ context.Context, args []string) error {
	pos, err := c.parse(c.Spec(), c.flags(c.Spec()), args, 2, 2)
	if err != nil {
		return err
	}
	return c.write(func(svc *action.Service) error {
		n, err := svc.RenameTag(pos[0], pos[1])
		if err == nil {
			c.out("renamed tag %s to %s on %d records\n", annotate.CleanTag(pos[0]), annotate.CleanTag(pos[1]), n)
		}
		return err
	})
}

type tagMergeCmd struct{ *session }

func (tagMergeCmd) Spec() Spec {
	return Spec{Name: "tag merge", Args: "FROM INTO", Summary: "merge one tag into another",
		Help: "Replaces tag FROM by INTO on every article and annotation, as one undoable\nstep (a record with both keeps one); FROM/child becomes INTO/child."}
}

func (c tagMergeCmd) Run(_ context.Context, args []string) error {
	pos, err := c.parse(c.Spec(), c.flags(c.Spec()), args, 2, 2)
	if err != nil {
		return err
	}
	return c.write(func(svc *action.Service) error {
		n, err := svc.MergeTags(pos[0], pos[1])
		if err == nil {
			c.out("merged tag %s into %s on %d records\n", annotate.CleanTag(pos[0]), annotate.CleanTag(pos[1]), n)
		}
		return err
	})
}
