package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"marginalia/app/team"
	"marginalia/store"
)

type hubServeCmd struct{ *session }

func (hubServeCmd) Spec() Spec {
	return Spec{Name: "hub serve", Args: "[--listen ADDR] [--store DIR] [--users FILE] [--team NAME] [--tls-cert FILE --tls-key FILE] [--print-config]",
		Summary: "run a team hub (an embedded NATS server with JetStream)",
		Help: "Runs a hub for a small team in this process until Ctrl+C: a NATS server with\n" +
			"JetStream keeping the team's bundles in DIR. FILE lists the members, one\n" +
			"NAME:PASSWORD a line (the password may be a bcrypt hash, \"$2a$…\"), and must\n" +
			"not be readable by others. Each member may publish only on their own subject\n" +
			"and read the team's. With --tls-cert and --tls-key, clients connect over TLS\n" +
			"(tls://HOST:PORT). A larger organisation runs a NATS cluster instead (see\n" +
			"the README); 'team join' works with either. --print-config prints, instead of\n" +
			"serving, the authorization block of the members in FILE for such a cluster's\n" +
			"servers."}
}

func (c hubServeCmd) Run(ctx context.Context, args []string) error {
	fs := c.flags(c.Spec())
	listen := fs.String("listen", ":4222", "the `ADDR` (host:port) members connect to")
	dir := fs.String("store", "", "the `DIR` the hub keeps its streams in (default beside the default database, in hub/)")
	users := fs.String("users", "", "the members `FILE`, NAME:PASSWORD a line (default $XDG_CONFIG_HOME/marginalia/hub-users)")
	teamName := fs.String("team", "team", "the team's `NAME`")
	cert := fs.String("tls-cert", "", "TLS certificate `FILE` (PEM)")
	key := fs.String("tls-key", "", "TLS private key `FILE` (PEM, mode 600)")
	printConfig := fs.Bool("print-config", false, "print the NATS authorization block for the members, for a cluster's servers, and exit")
	if _, err := c.parse(c.Spec(), fs, args, 0, 0); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return usagef("hub serve: --tls-cert and --tls-key go together")
	}
	if *users == "" {
		base := c.env.Getenv("XDG_CONFIG_HOME")
		if base == "" {
			home := c.env.Getenv("HOME")
			if home == "" {
				return errors.New("hub serve: no --users FILE, and no $HOME to find one in")
			}
			base = filepath.Join(home, ".config")
		}
		*users = filepath.Join(base, "marginalia", "hub-users")
	}
	if *dir == "" {
		db, err := store.DefaultPath(c.env.Getenv)
		if err != nil {
			return err
		}
		*dir = filepath.Join(filepath.Dir(db), "hub")
	}
	members, err := team.ReadUsers(c.path(*users))
	if err != nil {
		return err
	}
	if *printConfig {
		c.out("%s", team.AuthorizationConfig(*teamName, members))
		return nil
	}
	// The hub stops cleanly on Ctrl+C or SIGTERM.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := team.HubConfig{Listen: *listen, StoreDir: c.path(*dir), Team: *teamName, Members: members,
		TLSCert: c.pathOr(*cert), TLSKey: c.pathOr(*key)}
	return team.Serve(ctx, cfg, func(h *team.Hub) {
		c.out("hub for team %s on %s: %s, streams in %s (Ctrl+C stops it)\n", *teamName, h.URL(), plural(len(members), "member"), cfg.StoreDir)
	})
}
