package cli

import (
	"context"
	"math"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

func relationNames() string {
	var names []string
	for _, r := range annotate.Relations() {
		names = append(names, string(r))
	}
	return orList(names)
}

type linkCmd struct{ *session }

func (linkCmd) Spec() Spec {
	return Spec{Name: "link", Args: "FROM_ID TO_ID --relation REL [--note TEXT] [--creator NAME]", Summary: "link two articles or annotations",
		Help: "Links two articles or annotations and prints the link's ID. REL is " + relationNames() + "."}
}

func (c linkCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	rel := fs.String("relation", "", "how FROM relates to TO: "+relationNames())
	note := fs.String("note", "", "a note on the link")
	creator := fs.String("creator", "", "analyst `NAME` recorded as creator (default $MARGINALIA_USER, else $USER)")
	pos, err := c.parse(c.Spec(), fs, args, 2, 2)
	if err != nil {
		return err
	}
	r := annotate.Relation(*rel)
	if !annotate.ValidRelation(r) {
		return usagef("link: --relation must be %s", relationNames())
	}
	return c.write(func(svc *action.Service) error {
		l, err := svc.Link(pos[0], pos[1], r, *note, c.creator(*creator))
		if err == nil {
			c.out("%s\n", l.ID)
		}
		return err
	})
}

type linksCmd struct{ *session }

func (linksCmd) Spec() Spec {
	return Spec{Name: "links", Args: "ID [--json]", Summary: "list the links of an article or annotation, both directions",
		Help: "Lists the links of an article or annotation, outgoing and incoming."}
}

func (c linksCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print a JSON array")
	pos, err := c.parse(c.Spec(), fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		var links []annotate.Link
		err := svc.Store().View(func(tx *store.Tx) error {
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

type unlinkCmd struct{ *session }

func (unlinkCmd) Spec() Spec {
	return Spec{Name: "unlink", Args: "LINK_ID", Summary: "delete a link", Help: "Deletes a link."}
}

func (c unlinkCmd) Run(_ context.Context, args []string) error {
	pos, err := c.parse(c.Spec(), c.flags(c.Spec()), args, 1, 1)
	if err != nil {
		return err
	}
	return c.write(func(svc *action.Service) error {
		var typ annotate.RecordType
		if err := svc.Store().View(func(tx *store.Tx) error {
			var err error
			typ, err = tx.Kind(pos[0])
			return err
		}); err != nil {
			return err
		}
		if typ != annotate.RecordLink {
			return usagef("unlink: %s is %s, not a link; use 'marginalia delete' to delete it", pos[0], typ.An())
		}
		if _, err := svc.Delete(pos[0], c.creator("")); err != nil {
			return err
		}
		c.out("deleted link %s\n", pos[0])
		return nil
	})
}

type relatedCmd struct{ *session }

func (relatedCmd) Spec() Spec {
	return Spec{Name: "related", Args: "ARTICLE_ID [--json]", Summary: "rank the other articles by likely relation",
		Help: "Ranks the other articles by likely relation to ARTICLE_ID: text similarity\n(TF-IDF cosine), shared speakers and shared tags, best first, with reasons."}
}

func (c relatedCmd) Run(_ context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print a JSON array")
	pos, err := c.parse(c.Spec(), fs, args, 1, 1)
	if err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		sugg, err := svc.Related(pos[0])
		if err != nil {
			return err
		}
		out := make([]relatedJSON, 0, len(sugg))
		for _, s := range sugg {
			out = append(out, relatedJSON{s.ID, s.Title, math.Round(s.Score*1000) / 1000, nonNil(s.Reasons)})
		}
		if *asJSON {
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
