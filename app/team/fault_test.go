package team

import (
	"context"
	"errors"
	"testing"
)

// TestHubStopsMidPush: the hub stops after a bundle is stored and before
// it is announced. The push fails as offline, the changes keep waiting
// (and more are made), and once the hub is back the next push announces
// the stored bundle, then the newer changes: each record arrives once.
func TestHubStopsMidPush(t *testing.T) {
	ctx := context.Background()
	h := testHub(t, t.TempDir(), "", "ana", "ben")
	ana, ben := join(t, h.URL(), "ana"), join(t, h.URL(), "ben")
	want := map[string]bool{}
	for _, id := range ana.annotate(t, "first", 4) {
		want[id] = true
	}
	ana.c.hooks.afterPut = func(string) { h.Shutdown() }
	if _, err := ana.c.Push(ctx); !errors.Is(err, ErrOffline) {
		t.Fatalf("push as the hub stops: %v, want ErrOffline", err)
	}
	ana.c.hooks.afterPut = nil
	if st := ana.c.Status(ctx); st.Connected || st.Waiting != 5 {
		t.Errorf("after the cut push: connected %v, waiting %d, want false, 5 (an article, 4 annotations)", st.Connected, st.Waiting)
	}
	// Offline, work goes on and pushes wait.
	for _, id := range ana.annotate(t, "offline", 2) {
		want[id] = true
	}
	if _, err := ana.c.Push(ctx); !errors.Is(err, ErrOffline) {
		t.Fatalf("push offline: %v, want ErrOffline", err)
	}
	if st := LocalStatus(ana.svc); st.Waiting != 8 {
		t.Errorf("waiting %d offline, want 8", st.Waiting)
	}

	h = restart(t, h)
	waitFor(t, "ana reconnects", ana.c.Connected)
	got, err := ana.c.Push(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bundles != 2 {
		t.Errorf("pushed %d bundles after the hub came back, want 2 (the cut one, then the rest)", got.Bundles)
	}
	if st := ana.c.Status(ctx); st.Waiting != 0 {
		t.Errorf("waiting %d after the push, want 0", st.Waiting)
	}
	waitFor(t, "ben reconnects", ben.c.Connected)
	pulled, err := ben.c.Pull(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pulled.Merged) != 2 {
		t.Errorf("ben merged %d bundles, want 2", len(pulled.Merged))
	}
	for _, m := range pulled.Merged {
		if n := len(m.Report.Records); n == 0 {
			t.Errorf("bundle %s added nothing", short(m.Bundle))
		}
	}
	if got := ben.annotations(t); !sameSet(got, want) {
		t.Errorf("ben has %d annotations, want ana's %d", len(got), len(want))
	}
	if res, err := ben.c.Sync(ctx, nil); err != nil || len(res.Pulled.Merged) != 0 {
		t.Errorf("pulling again merged %d (%v), want 0", len(res.Pulled.Merged), err)
	}
}

// TestPushDropsAnUnstoredBundle: a push cut off before its bundle was
// stored leaves a pending record naming a bundle the hub lacks; the next
// push drops it and sends the changes, which never left the log.
func TestPushDropsAnUnstoredBundle(t *testing.T) {
	ctx := context.Background()
	h := testHub(t, t.TempDir(), "", "ana", "ben")
	ana, ben := join(t, h.URL(), "ana"), join(t, h.URL(), "ben")
	ids := ana.annotate(t, "a", 3)
	if err := ana.svc.SetTeamSetting(setPending, `{"bundle":"`+string(make([]byte, 0))+`0000000000000000000000000000000000000000000000000000000000000000","upto":99}`); err != nil {
		t.Fatal(err)
	}
	got, err := ana.c.Push(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bundles != 1 || got.Records != 4 {
		t.Errorf("pushed %d bundles of %d records, want 1 of 4", got.Bundles, got.Records)
	}
	if _, err := ben.c.Pull(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(ben.annotations(t)); n != len(ids) {
		t.Errorf("ben has %d annotations, want %d", n, len(ids))
	}
}

// TestHubStopsMidPull: the hub stops after the first of two bundles is
// merged. The pull fails as offline; after the hub is back the next pull
// merges the second only.
func TestHubStopsMidPull(t *testing.T) {
	ctx := context.Background()
	h := testHub(t, t.TempDir(), "", "ana", "ben", "cy")
	ana, ben, cy := join(t, h.URL(), "ana"), join(t, h.URL(), "ben"), join(t, h.URL(), "cy")
	want := map[string]bool{}
	for _, m := range []*member{ana, ben} {
		for _, id := range m.annotate(t, m.name, 3) {
			want[id] = true
		}
		if _, err := m.c.Push(ctx); err != nil {
			t.Fatal(err)
		}
	}
	cy.c.hooks.afterMerge = func(string) { h.Shutdown() }
	first, err := cy.c.Pull(ctx, nil)
	if !errors.Is(err, ErrOffline) {
		t.Fatalf("pull as the hub stops: %v, want ErrOffline", err)
	}
	cy.c.hooks.afterMerge = nil
	if len(first.Merged) != 1 {
		t.Fatalf("merged %d before the hub stopped, want 1", len(first.Merged))
	}
	h = restart(t, h)
	waitFor(t, "cy reconnects", cy.c.Connected)
	second, err := cy.c.Pull(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Merged) != 1 || second.Merged[0].Bundle == first.Merged[0].Bundle {
		t.Errorf("merged %v after the hub came back, want the other bundle than %s", second.Merged, short(first.Merged[0].Bundle))
	}
	if got := cy.annotations(t); !sameSet(got, want) {
		t.Errorf("cy has %d annotations, want %d", len(got), len(want))
	}
}
