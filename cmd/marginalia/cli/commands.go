package cli

import (
	"context"
	"strings"
)

// Spec describes a command: its name (one or two words), its arguments,
// a one-line summary for the command list and the paragraph its --help
// prints. The README's command table is checked against these.
type Spec struct {
	Name, Args, Summary, Help string
}

// Usage is the command's synopsis: "annotate ID --quote TEXT …".
func (s Spec) Usage() string { return strings.TrimSpace(s.Name + " " + s.Args) }

// Command is one subcommand. Run parses its own flags and opens the
// database it needs, as briefly as it can.
type Command interface {
	Spec() Spec
	Run(ctx context.Context, args []string) error
}

// commands lists every command in the order of the help text.
func commands(s *session) []Command {
	return []Command{
		importCmd{s}, importAnnotationsCmd{s}, listCmd{s}, showCmd{s}, versionsCmd{s}, diffCmd{s},
		annotateCmd{s}, editCmd{s},
		speakersCmd{s}, detectCmd{s}, speakerAddCmd{s}, speakerMergeCmd{s},
		linkCmd{s}, linksCmd{s}, unlinkCmd{s}, relatedCmd{s},
		searchCmd{s},
		tagsCmd{s}, tagRenameCmd{s}, tagMergeCmd{s},
		exportCmd{s}, mergeCmd{s},
		teamJoinCmd{s}, teamPushCmd{s}, teamPullCmd{s}, teamStatusCmd{s}, hubServeCmd{s},
		disagreementsCmd{s}, resolveCmd{s}, agreementCmd{s},
		tombstonesCmd{s}, purgeCmd{s},
		deleteCmd{s}, checkCmd{s}, backupCmd{s},
	}
}

// lookup finds the command args name (its first word, or first two) and
// returns it with the remaining arguments.
func lookup(s *session, args []string) (Command, []string, error) {
	all := commands(s)
	if len(args) > 1 {
		for _, c := range all {
			if c.Spec().Name == args[0]+" "+args[1] {
				return c, args[2:], nil
			}
		}
	}
	for _, c := range all {
		if c.Spec().Name == args[0] {
			return c, args[1:], nil
		}
	}
	// A group name alone ("speaker"): list its commands.
	var group []string
	for _, c := range all {
		if first, _, two := strings.Cut(c.Spec().Name, " "); two && first == args[0] {
			group = append(group, "'marginalia "+c.Spec().Usage()+"'")
		}
	}
	if len(group) > 0 {
		if len(args) > 1 && wantsHelp(args[1:2]) {
			for _, g := range group {
				s.out("Usage: %s\n", strings.Trim(g, "'"))
			}
			return helpOnly{}, nil, nil
		}
		return nil, nil, usagef("%s: want %s", args[0], strings.Join(group, " or "))
	}
	return nil, nil, usagef("unknown command %q", args[0])
}

// helpOnly is the command run after a group's usage was printed.
type helpOnly struct{}

func (helpOnly) Spec() Spec                          { return Spec{} }
func (helpOnly) Run(context.Context, []string) error { return nil }
