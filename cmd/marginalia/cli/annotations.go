package cli

import (
	"cmp"
	"context"
	"flag"
	"slices"
	"strings"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

// highlightKinds is the --kind list: "claim, quote, evidence or question".
func highlightKinds() string {
	var names []string
	for _, k := range annotate.HighlightKinds() {
		names = append(names, string(k.Kind))
	}
	return orList(names)
}

func statusNames() string {
	var names []string
	for _, s := range annotate.Statuses() {
		names = append(names, string(s))
	}
	return orList(names)
}

// orList joins "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

type annotateCmd struct{ *session }

func (annotateCmd) Spec() Spec {
	return Spec{Name: "annotate", Args: "ID --quote TEXT --kind KIND [--nth N] [--speaker NAME|auto] [--new-speaker] [--note TEXT] [--tag T]... [--status S] [--creator NAME]",
		Summary: "highlight a passage of an article",
		Help: "Finds the Nth occurrence of TEXT in the article and highlights it as " + highlightKinds() + ",\n" +
			"attributed to a speaker when asked, and prints the new annotation's ID. A\n" +
			"speaker name the registry does not know is added to it, unless it is the start\n" +
			"or a near spelling of a known speaker's name: that is an error naming the\n" +
			"candidates, unless --new-speaker is given."}
}

func (c annotateCmd) Run(_ context.Context, args []string) error {
	spec := c.Spec()
	fs := c.flags(spec)
	quote := fs.String("quote", "", "the exact `TEXT` to highlight")
	nth := fs.Int("nth", 1, "highlight the `N`th occurrence of the quote")
	kind := fs.String("kind", "", "the `KIND` of highlight: "+highlightKinds())
	speaker := fs.String("speaker", "", "attribute to the speaker with this `NAME` or alias; \"auto\" takes the speaker the text names")
	newSpeaker := fs.Bool("new-speaker", false, "add --speaker to the registry even when a known speaker has a similar name")
	note := fs.String("note", "", "a note on the highlight")
	status := fs.String("status", "", "verdict on a claim: "+statusNames())
	creator := fs.String("creator", "", "analyst `NAME` recorded as creator (default $MARGINALIA_USER, else $USER)")
	var tags multiFlag
	fs.Var(&tags, "tag", "a `TAG` (repeatable)")
	pos, err := c.parse(spec, fs, args, 1, 1)
	if err != nil {
		return err
	}
	k := annotate.Kind(*kind)
	switch {
	case *quote == "":
		return usagef("annotate: --quote is required")
	case !k.Spec().Highlightable() || !slices.Contains(annotate.Kinds(), k):
		return usagef("annotate: --kind must be %s, not %q", highlightKinds(), annotate.Clip(*kind, 40))
	case *status != "" && k != annotate.KindClaim:
		return usagef("annotate: --status applies to claims only")
	case *status != "" && !slices.Contains(annotate.Statuses(), annotate.Status(*status)):
		return usagef("annotate: --status must be %s, not %q", statusNames(), annotate.Clip(*status, 40))
	case *nth < 1:
		return usagef("annotate: --nth must be 1 or more")
	}
	return c.write(func(svc *action.Service) error {
		res, err := svc.Annotate(action.NewAnnotation{
			ArticleID: pos[0], Quote: *quote, Nth: *nth, Kind: k,
			Speaker: *speaker, NewSpeaker: *newSpeaker,
			Note: *note, Tags: tags, Status: annotate.Status(*status), Creator: c.creator(*creator),
		})
		if err != nil {
			return err
		}
		c.out("%s\n", res.Annotation.ID)
		return nil
	})
}

type editCmd struct{ *session }

func (editCmd) Spec() Spec {
	return Spec{Name: "edit", Args: "ID [--kind KIND] [--status S] [--note TEXT] [--tag T]... [--no-tags] [--speaker NAME|none] [--new-speaker]",
		Summary: "change a highlight's kind, verdict, note, tags or speaker",
		Help: "Changes what the flags name and leaves the rest as it is: --tag replaces the\n" +
			"tags (repeatable), --no-tags removes them, --speaker none removes the\n" +
			"attribution. A speaker name is resolved as annotate resolves it."}
}

func (c editCmd) Run(_ context.Context, args []string) error {
	spec := c.Spec()
	fs := c.flags(spec)
	kind := fs.String("kind", "", "the new `KIND`: "+highlightKinds())
	status := fs.String("status", "", "the new verdict of a claim: "+statusNames())
	note := fs.String("note", "", "the new note (\"\" empties it)")
	noTags := fs.Bool("no-tags", false, "remove every tag")
	speaker := fs.String("speaker", "", "attribute to the speaker with this `NAME` or alias; none removes the attribution")
	newSpeaker := fs.Bool("new-speaker", false, "add --speaker to the registry even when a known speaker has a similar name")
	var tags multiFlag
	fs.Var(&tags, "tag", "a `TAG` (repeatable; replaces the tags)")
	pos, err := c.parse(spec, fs, args, 1, 1)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	changes := set["kind"] || set["status"] || set["note"] || set["tag"] || set["no-tags"] || set["speaker"]
	k := annotate.Kind(*kind)
	switch {
	case !changes:
		return usagef("edit: nothing to change; give --kind, --status, --note, --tag, --no-tags or --speaker")
	case set["kind"] && (!k.Spec().Highlightable() || !slices.Contains(annotate.Kinds(), k)):
		return usagef("edit: --kind must be %s, not %q", highlightKinds(), annotate.Clip(*kind, 40))
	case set["status"] && !slices.Contains(annotate.Statuses(), annotate.Status(*status)):
		return usagef("edit: --status must be %s, not %q", statusNames(), annotate.Clip(*status, 40))
	case set["tag"] && *noTags:
		return usagef("edit: --tag and --no-tags contradict each other")
	}
	return c.write(func(svc *action.Service) error {
		id := pos[0]
		var cur annotate.Annotation
		if err := svc.Store().View(func(tx *store.Tx) (err error) {
			cur, err = tx.Annotation(id)
			return err
		}); err != nil {
			return err
		}
		if final := cmp.Or(k, cur.Kind); set["status"] && final != annotate.KindClaim {
			return usagef("edit: --status applies to claims only; %s is a %s", id, final)
		}
		if set["kind"] || set["status"] || set["note"] || set["tag"] || *noTags {
			_, err := svc.Edit(id, "Edit highlight", "", func(a *annotate.Annotation) {
				if set["kind"] && a.Kind != k {
					a.Kind, a.Status = k, ""
					if k == annotate.KindClaim {
						a.Status = annotate.StatusUnverified
					}
				}
				if set["status"] {
					a.Status = annotate.Status(*status)
				}
				if set["note"] {
					a.Note = *note
				}
				if set["tag"] || *noTags {
					a.Tags = annotate.CleanTags(tags)
				}
			})
			if err != nil {
				return err
			}
		}
		if set["speaker"] {
			name := *speaker
			if strings.EqualFold(name, "none") {
				name = ""
			}
			if _, err := svc.Attribute(id, name, *newSpeaker); err != nil {
				return err
			}
		}
		c.out("%s\n", id)
		return nil
	})
}
