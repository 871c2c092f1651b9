package team

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Join records in lib that it syncs with a team's hub, after checking the
// settings: names, URL, the credentials file (refused when others can
// read it) and, when the hub can be reached, that it accepts the member
// and has the team's streams (creating them when missing and allowed).
// A hub that cannot be reached is not an error (online is false): the
// library is joined and syncs once the hub is there. From the first join
// on, the library logs its own changes for pushing; what it held before
// is pushed only when the caller asks (action.Service.ShareExistingWork).
func Join(ctx context.Context, lib Library, s Settings) (online bool, err error) {
	if err := s.check(); err != nil {
		return false, fmt.Errorf("join: %w", err)
	}
	nopts, err := s.natsOptions()
	if err != nil {
		return false, fmt.Errorf("join: %w", err)
	}
	nopts = append(nopts, nats.MaxReconnects(0), nats.Timeout(5*time.Second))
	nc, err := nats.Connect(s.Hub, nopts...)
	switch {
	case err != nil && refusedCredentials(err):
		return false, fmt.Errorf("join: hub %s refused %s: %w", s.Hub, s.User, err)
	case err == nil:
		online = true
		defer nc.Close()
		js, err := jetstream.New(nc)
		if err != nil {
			return false, fmt.Errorf("join: %w", err)
		}
		replicas := 1
		if nc.ConnectedClusterName() != "" {
			replicas = 3
		}
		cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err = ensureRetry(cctx, js, names{team: s.Team, user: s.User}, replicas)
		cancel()
		if err != nil {
			return false, fmt.Errorf("join: the hub has no usable streams for team %s (%w); ask its administrator to create them or to let members do so", s.Team, err)
		}
	}
	old, was := Load(lib)
	if was && (old.Hub != s.Hub || old.Team != s.Team) {
		// Another hub or team: its stream positions mean nothing here.
		for _, k := range []string{setPulled, setStream, setPending, setRefused} {
			if err := lib.SetTeamSetting(k, ""); err != nil {
				return online, err
			}
		}
	}
	if lib.TeamSetting(setPushed) == "" {
		seq, err := lib.StartTeamLog()
		if err != nil {
			return online, fmt.Errorf("join: %w", err)
		}
		if err := setUint(lib, setPushed, seq); err != nil {
			return online, err
		}
	}
	for k, v := range map[string]string{setHub: s.Hub, setTeam: s.Team, setUser: s.User, setPassword: s.PasswordFile, setCreds: s.CredsFile, setCA: s.CAFile} {
		if err := lib.SetTeamSetting(k, v); err != nil {
			return online, fmt.Errorf("join: %w", err)
		}
	}
	return online, nil
}
