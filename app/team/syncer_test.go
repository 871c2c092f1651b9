package team

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestSyncer: a window's Syncer syncs on demand, reports progress and its
// result, finds the hub gone (offline, changes waiting) and syncs by
// itself when the connection comes back.
func TestSyncer(t *testing.T) {
	h := testHub(t, t.TempDir(), "", "ana", "ben")
	ana, ben := join(t, h.URL(), "ana"), join(t, h.URL(), "ben")
	ana.annotate(t, "a", 3)
	if _, err := ana.c.Push(context.Background()); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var phases []string
	s := NewSyncer(ben.c, 0, func(st SyncStatus) {
		mu.Lock()
		defer mu.Unlock()
		if st.Syncing {
			phases = append(phases, st.Progress.Phase)
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	s.SyncNow()
	waitFor(t, "a sync on demand", func() bool { return !s.Status().Last.IsZero() && !s.Status().Syncing })
	st := s.Status()
	if st.Err != "" || len(st.Result.Pulled.Merged) != 1 || st.Result.Pulled.Merged[0].Sender != "ana" {
		t.Errorf("first sync: err %q, merged %+v, want ana's bundle", st.Err, st.Result.Pulled.Merged)
	}
	mu.Lock()
	if len(phases) == 0 || phases[0] != "push" || phases[len(phases)-1] != "pull" {
		t.Errorf("progress phases %v, want push … pull", phases)
	}
	mu.Unlock()

	// The hub stops: the next sync is offline, ben's change waits.
	h.Shutdown()
	waitFor(t, "ben sees the hub gone", func() bool { return !ben.c.Connected() })
	ben.annotate(t, "b", 1)
	last := s.Status().Last
	s.SyncNow()
	waitFor(t, "an offline sync", func() bool { return s.Status().Last.After(last) })
	if st := s.Status(); !st.Offline || st.Err == "" {
		t.Errorf("sync with the hub stopped: offline %v, err %q", st.Offline, st.Err)
	}
	if st := LocalStatus(ben.svc); st.Waiting != 2 {
		t.Errorf("waiting %d, want 2", st.Waiting)
	}
	// Automatic sync on: when the hub is back, ben's changes go out.
	s.SetEvery(time.Hour)
	last = s.Status().Last
	restart(t, h)
	waitFor(t, "a sync on reconnection", func() bool {
		st := s.Status()
		return st.Last.After(last) && !st.Offline && st.Err == "" && LocalStatus(ben.svc).Waiting == 0
	})
	if _, err := ana.c.Pull(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if n := len(ana.annotations(t)); n != 4 {
		t.Errorf("ana has %d annotations, want 4", n)
	}
}
