package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"marginalia/app/action"
	"marginalia/app/team"
)

// The team commands: join a hub, push, pull, status. They open the
// library (or run in the window that has it open) and talk to the hub
// through app/team.

type teamJoinCmd struct{ *session }

func (teamJoinCmd) Spec() Spec {
	return Spec{Name: "team join", Args: "URL --user NAME [--password-file F | --creds F] [--team NAME] [--ca FILE] [--share-existing]",
		Summary: "sync this library with a team hub",
		Help: "Records that this library syncs with the team hub at URL (nats://HOST:PORT,\n" +
			"tls://HOST:PORT, or several of a cluster's, comma-separated) as member NAME,\n" +
			"authenticated by the password in F (its first line) or a NATS credentials\n" +
			"file. Only the file's path is recorded, never its content; a file others\n" +
			"can read is refused. From now on the library's own changes are logged for\n" +
			"'team push'; what it held before is pushed too with --share-existing. A hub\n" +
			"that cannot be reached now is no error: syncing starts when it can."}
}

func (c teamJoinCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags(c.Spec())
	user := fs.String("user", "", "your member `NAME` on the hub (required)")
	pw := fs.String("password-file", "", "`FILE` whose first line is your password (mode 600)")
	creds := fs.String("creds", "", "NATS credentials `FILE` (mode 600)")
	teamName := fs.String("team", "team", "the team's `NAME` (as the hub was started with)")
	ca := fs.String("ca", "", "certificate authority `FILE` of the hub's TLS certificate")
	share := fs.Bool("share-existing", false, "send the work already in this library with the next push")
	pos, err := c.parse(c.Spec(), fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *user == "" {
		return usagef("team join: --user NAME is required")
	}
	if (*pw == "") == (*creds == "") {
		return usagef("team join: give --password-file F or --creds F")
	}
	set := team.Settings{Hub: pos[0], Team: *teamName, User: *user, CAFile: c.pathOr(*ca)}
	set.PasswordFile, set.CredsFile = c.pathOr(*pw), c.pathOr(*creds)
	return c.write(func(svc *action.Service) error {
		online, err := team.Join(ctx, svc, set)
		if err != nil {
			return err
		}
		c.out("joined team %s on %s as %s\n", *teamName, pos[0], *user)
		if *share {
			if err := svc.ShareExistingWork(); err != nil {
				return err
			}
			c.out("the next push sends the %s already here\n", plural(team.LocalStatus(svc).Waiting, "record"))
		}
		if !online {
			c.warn("the hub cannot be reached now; 'team push' and 'team pull' work once it can")
		}
		return nil
	})
}

// pathOr resolves a file name against the caller's directory, "" staying "".
func (s *session) pathOr(p string) string {
	if p == "" {
		return ""
	}
	return s.path(p)
}

// withHub runs fn on the library opened for writing and a connection to
// its hub, closed afterwards.
func (s *session) withHub(fn func(*action.Service, *team.Client) error) error {
	return s.write(func(svc *action.Service) error {
		cl, err := s.dial(svc)
		if err != nil {
			return err
		}
		defer cl.Close()
		return fn(svc, cl)
	})
}

// dial connects to the library's hub for one command.
func (s *session) dial(svc *action.Service) (*team.Client, error) {
	return team.Dial(svc, team.Options{Creator: s.creator(""), Timeout: 10 * time.Second})
}

// offline explains a hub that cannot be reached: nothing is lost.
func offline(svc *action.Service, err error) error {
	if !errors.Is(err, team.ErrOffline) {
		return err
	}
	st := team.LocalStatus(svc)
	return fmt.Errorf("%w; %d changes wait here and go out with the next push", err, st.Waiting)
}

type teamPushCmd struct{ *session }

func (teamPushCmd) Spec() Spec {
	return Spec{Name: "team push", Summary: "send your changes since the last push to the team hub",
		Help: "Sends the library's own changes since the last push (new and edited records,\n" +
			"deletions, with what they depend on) as one bundle, stored on the hub under\n" +
			"its sha256 and announced on your subject. Teammates' work merged here is not\n" +
			"sent back. Offline, nothing is lost: the changes wait (exit 1, saying how\n" +
			"many) and go out with the next push."}
}

func (c teamPushCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags(c.Spec())
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	return c.withHub(func(svc *action.Service, cl *team.Client) error {
		got, err := cl.Push(ctx)
		if err != nil {
			return offline(svc, err)
		}
		if got.Bundles == 0 {
			c.out("nothing to push\n")
			return nil
		}
		c.out("pushed %d records in %s (%s, bundle %s)\n", got.Records, plural(got.Bundles, "bundle"), sizeOf(got.Bytes), got.Last[:12])
		return nil
	})
}

type teamPullCmd struct{ *session }

func (teamPullCmd) Spec() Spec {
	return Spec{Name: "team pull", Args: "[--json]", Summary: "merge your teammates' new bundles from the team hub",
		Help: "Fetches every teammate's bundle announced since the last pull, verifies it\n" +
			"exactly as 'merge' does and merges it, then prints each merge's report. A\n" +
			"bundle merged before is skipped; one that fails verification is reported\n" +
			"with its sender (on stderr) and the others are still merged. A pull cut off\n" +
			"resumes where it stopped. --json prints {\"merged\":[{\"bundle\",\"sender\",\n" +
			"\"report\"}],\"refused\":[{\"bundle\",\"sender\",\"reason\",\"when\"}],\"read\",\"expired\"},\n" +
			"each report as 'merge --json' prints it."}
}

type pulledJSON struct {
	Merged  []mergedJSON   `json:"merged"`
	Refused []team.Refusal `json:"refused"`
	Read    int            `json:"read"`
	Expired uint64         `json:"expired"`
}

type mergedJSON struct {
	Bundle string `json:"bundle"`
	Sender string `json:"sender"`
	Report any    `json:"report"`
}

func (c teamPullCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print what was merged and refused as JSON")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	return c.withHub(func(svc *action.Service, cl *team.Client) error {
		got, err := cl.Pull(ctx, nil)
		// What was merged before an error is reported all the same.
		for _, r := range got.Refused {
			c.warn("refused %s's bundle %s: %s", r.Sender, r.Bundle[:min(12, len(r.Bundle))], r.Reason)
		}
		if got.Expired > 0 {
			c.warn("%d announcements were removed from the hub before this library read them: ask a teammate for a bundle file", got.Expired)
		}
		if *asJSON {
			out := pulledJSON{Merged: []mergedJSON{}, Refused: nonNil(got.Refused), Read: got.Read, Expired: got.Expired}
			for _, m := range got.Merged {
				rep := m.Report
				rep.Records, rep.Disagreements, rep.SpeakerMatches = nonNil(rep.Records), nonNil(rep.Disagreements), nonNil(rep.SpeakerMatches)
				out.Merged = append(out.Merged, mergedJSON{Bundle: m.Bundle, Sender: m.Sender, Report: rep})
			}
			if jerr := c.printJSON(out); jerr != nil {
				return jerr
			}
		} else {
			for _, m := range got.Merged {
				c.out("merged %s's bundle %s:\n%s", m.Sender, m.Bundle[:12], indent(m.Report.String()))
			}
			if len(got.Merged) == 0 && err == nil {
				c.out("nothing new\n")
			}
		}
		return offline(svc, err)
	})
}

func indent(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "")
}

type teamStatusCmd struct{ *session }

func (teamStatusCmd) Spec() Spec {
	return Spec{Name: "team status", Args: "[--json]", Summary: "the team hub, who you are on it, what waits",
		Help: "Prints the hub, the team, the member this library connects as (and how, never\n" +
			"the secret), whether the hub can be reached now and which server answers,\n" +
			"how many changes wait to be pushed and announcements to be pulled, the last\n" +
			"push and pull, the team's members as the hub knows them, and recently refused\n" +
			"bundles. --json prints the same as one object."}
}

func (c teamStatusCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags(c.Spec())
	asJSON := fs.Bool("json", false, "print the status as JSON")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	return c.read(func(svc *action.Service) error {
		st := team.LocalStatus(svc)
		if st.Joined {
			cl, err := team.Dial(svc, team.Options{Timeout: 3 * time.Second})
			if err != nil {
				st.Error = err.Error()
			} else {
				st = cl.Status(ctx)
				cl.Close()
			}
		}
		if *asJSON {
			return c.printJSON(st)
		}
		if !st.Joined {
			c.out("this library has joined no team ('marginalia team join URL --user NAME …')\n")
			return nil
		}
		conn := "offline"
		if st.Connected {
			conn = "connected to server " + st.Server
			if st.Cluster != "" {
				conn += " of cluster " + st.Cluster
			}
			if st.TLS {
				conn += " over TLS"
			}
		} else if st.Error != "" {
			conn += " (" + st.Error + ")"
		}
		c.out("hub:       %s, team %s\nmember:    %s (%s)\nstatus:    %s\n", st.Hub, st.Team, st.User, st.Auth, conn)
		c.out("waiting:   %d changes to push", st.Waiting)
		if st.Connected && st.ToPull != nil {
			c.out(", %d announcements to pull", *st.ToPull)
		}
		c.out("\nlast push: %s\nlast pull: %s\n", when(st.LastPush), when(st.LastPull))
		for _, m := range st.Members {
			c.out("member %-12s %s, last push %s, last pull %s\n", m.Name, plural(m.Bundles, "bundle"), when(m.Pushed), when(m.Pulled))
		}
		for _, r := range st.Refused {
			c.out("refused %s's bundle %s at %s: %s\n", r.Sender, r.Bundle[:min(12, len(r.Bundle))], when(r.When), r.Reason)
		}
		return nil
	})
}

func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

func sizeOf(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
