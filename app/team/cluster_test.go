package team

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// freeAddrs finds n free loopback addresses.
func freeAddrs(t testing.TB, n int) []string {
	t.Helper()
	var out []string
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		out = append(out, l.Addr().String())
	}
	for _, l := range ls {
		l.Close()
	}
	return out
}

// testCluster is three hubs clustered in-process, streams replicated 3
// times.
type testCluster struct {
	t    testing.TB
	cfgs []HubConfig
	hubs []*Hub
}

func startCluster(t testing.TB, members ...string) *testCluster {
	t.Helper()
	var ms []Member
	for _, m := range members {
		ms = append(ms, Member{Name: m, Password: "pw-" + m})
	}
	client, routes := freeAddrs(t, 3), freeAddrs(t, 3)
	c := &testCluster{t: t}
	for i := range 3 {
		var others []string
		for j := range 3 {
			if j != i {
				others = append(others, "nats-route://"+routes[j])
			}
		}
		c.cfgs = append(c.cfgs, HubConfig{
			Listen: client[i], StoreDir: t.TempDir(), Team: testTeam, Members: ms, Name: fmt.Sprintf("n%d", i),
			Cluster: &Cluster{Name: "desk-cluster", Listen: routes[i], Routes: others},
		})
	}
	c.hubs = make([]*Hub, 3)
	for i := range 3 {
		c.start(i)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.hubs[0].SetUp(ctx); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *testCluster) start(i int) {
	c.t.Helper()
	h, err := StartHub(context.Background(), c.cfgs[i])
	if err != nil {
		c.t.Fatal(err)
	}
	c.hubs[i] = h
	c.t.Cleanup(h.Shutdown)
}

func (c *testCluster) url() string {
	var us []string
	for _, cfg := range c.cfgs {
		us = append(us, "nats://"+cfg.Listen)
	}
	return strings.Join(us, ",")
}

// leader is the index of the server leading the announcement stream.
func (c *testCluster) leader(ctx context.Context, m *member) int {
	c.t.Helper()
	var name string
	waitFor(c.t, "a stream leader", func() bool {
		s, err := m.c.js.Stream(ctx, m.c.n.stream())
		if err != nil {
			return false
		}
		info, err := s.Info(ctx)
		if err != nil || info.Cluster == nil {
			return false
		}
		name = info.Cluster.Leader
		return name != ""
	})
	for i, cfg := range c.cfgs {
		if cfg.Name == name {
			return i
		}
	}
	c.t.Fatalf("leader %q is none of the servers", name)
	return -1
}

// current waits until every replica of the team's three streams is
// current, none offline.
func (c *testCluster) current(ctx context.Context, m *member) {
	c.t.Helper()
	n := m.c.n
	waitFor(c.t, "every replica current", func() bool {
		for _, name := range []string{n.stream(), "OBJ_" + n.bucket(), "KV_" + n.heads()} {
			s, err := m.c.js.Stream(ctx, name)
			if err != nil {
				return false
			}
			info, err := s.Info(ctx)
			if err != nil || info.Cluster == nil || len(info.Cluster.Replicas) != 2 {
				return false
			}
			for _, r := range info.Cluster.Replicas {
				if !r.Current || r.Offline {
					return false
				}
			}
		}
		return true
	})
}

// retry runs op until it succeeds, waiting for the connection to come
// back whenever it fails as offline (the client moving to another node).
func retry[T any](t testing.TB, m *member, op func() (T, error)) T {
	t.Helper()
	got, err := retryErr(m, op)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// retryErr is retry for other goroutines than the test's: it returns the
// error instead of failing the test.
func retryErr[T any](m *member, op func() (T, error)) (T, error) {
	var err error
	for range 20 {
		var got T
		if got, err = op(); err == nil {
			return got, nil
		}
		if !errors.Is(err, ErrOffline) && !errors.Is(err, context.DeadlineExceeded) && !isClusterBusy(err) {
			return got, fmt.Errorf("%s: %w", m.name, err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for !m.c.Connected() {
			if time.Now().After(deadline) {
				return got, fmt.Errorf("%s: not connected again: %w", m.name, err)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	var zero T
	return zero, fmt.Errorf("%s: gave up after 20 tries: %w", m.name, err)
}

// isClusterBusy: errors of a cluster electing a new leader.
func isClusterBusy(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) || errors.Is(err, jetstream.ErrNoStreamResponse) || strings.Contains(err.Error(), "timeout")
}

// TestClusterNodeStopsDuringSync: three members on a cluster of three
// servers with every stream replicated three times. The server leading
// the announcement stream stops while a member pushes; pushes and pulls
// go on through the other two; the server comes back and catches up; then
// another server stops, and a member who joins late still gets
// everything from the two left, one of them the restarted server.
func TestClusterNodeStopsDuringSync(t *testing.T) {
	ctx := context.Background()
	t0 := time.Now()
	mark := func(what string) { t.Logf("%v %s", time.Since(t0).Round(time.Millisecond), what) }
	c := startCluster(t, "ana", "ben", "cy", "dee")
	mark("cluster up")
	ana, ben, cy := join(t, c.url(), "ana"), join(t, c.url(), "ben"), join(t, c.url(), "cy")
	want := map[string]bool{}
	for _, m := range []*member{ana, ben, cy} {
		for _, id := range m.annotate(t, m.name, 3) {
			want[id] = true
		}
	}
	retry(t, ana, func() (Pushed, error) { return ana.c.Push(ctx) })

	mark("ana pushed")
	stopped := c.leader(ctx, ana)
	ben.c.hooks.afterPut = func(string) {
		ben.c.hooks.afterPut = nil
		c.hubs[stopped].Shutdown()
	}
	retry(t, ben, func() (Pushed, error) { return ben.c.Push(ctx) })
	mark("ben pushed")
	retry(t, cy, func() (Synced, error) { return cy.c.Sync(ctx, nil) })
	mark("cy synced")
	for _, m := range []*member{ana, ben} {
		retry(t, m, func() (Pulled, error) { return m.c.Pull(ctx, nil) })
	}
	for _, m := range []*member{ana, ben, cy} {
		if got := m.annotations(t); !sameSet(got, want) {
			t.Errorf("with server %d stopped, %s has %d annotations, want %d", stopped, m.name, len(got), len(want))
		}
	}

	mark("all pulled")
	c.start(stopped)
	c.current(ctx, ana)
	mark("restarted, current")
	other := (stopped + 1) % 3
	c.hubs[other].Shutdown()
	dee := join(t, strings.Join([]string{"nats://" + c.cfgs[stopped].Listen, "nats://" + c.cfgs[3-stopped-other].Listen}, ","), "dee")
	mark("dee joined")
	got := retry(t, dee, func() (Pulled, error) { return dee.c.Pull(ctx, nil) })
	mark("dee pulled")
	if len(got.Merged) != 3 {
		t.Errorf("dee merged %d bundles, want 3", len(got.Merged))
	}
	if have := dee.annotations(t); !sameSet(have, want) {
		t.Errorf("dee has %d annotations, want %d", len(have), len(want))
	}
}
