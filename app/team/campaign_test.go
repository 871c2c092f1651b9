package team

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
)

// TestClusterCampaign is a longer fault campaign, run when
// MARGINALIA_TEAM_CAMPAIGN gives its number of rounds (about 5 s each):
//
//	MARGINALIA_TEAM_CAMPAIGN=20 go test -run TestClusterCampaign ./app/team
//
// Each round, three members annotate and sync side by side while one
// server after another (each in turn) is stopped in the middle of a
// member's push and started again after the round; at the end of every
// round each library holds every annotation made so far, each once.
func TestClusterCampaign(t *testing.T) {
	rounds, _ := strconv.Atoi(os.Getenv("MARGINALIA_TEAM_CAMPAIGN"))
	if rounds <= 0 {
		t.Skip("set MARGINALIA_TEAM_CAMPAIGN=ROUNDS to run the campaign")
	}
	ctx := context.Background()
	c := startCluster(t, "ana", "ben", "cy")
	ms := []*member{join(t, c.url(), "ana"), join(t, c.url(), "ben"), join(t, c.url(), "cy")}
	want := map[string]bool{}
	for r := range rounds {
		victim := r % 3
		for _, m := range ms {
			for _, id := range m.annotate(t, fmt.Sprintf("%s-r%d", m.name, r), 2) {
				want[id] = true
			}
		}
		pusher := ms[(r+1)%3]
		pusher.c.hooks.afterPut = func(string) {
			pusher.c.hooks.afterPut = nil
			c.hubs[victim].Shutdown()
		}
		parallel(t, ms, func(m *member) error {
			_, err := retryErr(m, func() (Pushed, error) { return m.c.Push(ctx) })
			return err
		})
		parallel(t, ms, func(m *member) error {
			_, err := retryErr(m, func() (Pulled, error) { return m.c.Pull(ctx, nil) })
			return err
		})
		for _, m := range ms {
			if got := m.annotations(t); !sameSet(got, want) {
				t.Fatalf("round %d (server %d stopped): %s has %d annotations, want %d", r, victim, m.name, len(got), len(want))
			}
		}
		c.start(victim)
		c.current(ctx, ms[0])
	}
}
