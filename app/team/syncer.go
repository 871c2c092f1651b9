package team

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Synced is what one sync did: a push, then a pull.
type Synced struct {
	Pushed Pushed
	Pulled Pulled
}

// Sync pushes, then pulls. Offline, it stops at once with ErrOffline;
// a push that fails otherwise does not keep the pull from running.
func (c *Client) Sync(ctx context.Context, progress func(Progress)) (Synced, error) {
	var out Synced
	if progress != nil {
		progress(Progress{Phase: "push", Total: 1})
	}
	var err error
	out.Pushed, err = c.Push(ctx)
	if errors.Is(err, ErrOffline) {
		return out, err
	}
	if progress != nil {
		progress(Progress{Phase: "push", Done: 1, Total: 1})
	}
	pulled, perr := c.Pull(ctx, progress)
	out.Pulled = pulled
	return out, errors.Join(err, perr)
}

// SyncStatus is a Syncer's state, for a panel's progress and last result.
type SyncStatus struct {
	Syncing  bool
	Progress Progress
	// Last is when the last sync ended, and Result what it did.
	Last   time.Time
	Result Synced
	// Offline is true when the last sync found the hub unreachable; Err
	// is its error ("" when it succeeded).
	Offline bool
	Err     string
	// Every is the automatic sync's interval (0: only on demand).
	Every time.Duration
}

// Syncer runs a Client's syncs for a window: on demand (SyncNow), every
// few minutes when chosen, and, with an interval chosen, at once when the
// connection comes back. It calls onChange (from its own goroutine) whenever its
// status changes: a sync starts, progresses, ends.
type Syncer struct {
	c        *Client
	onChange func(SyncStatus)
	kick     chan struct{}
	every    chan time.Duration

	mu sync.Mutex
	st SyncStatus
}

// NewSyncer makes a Syncer over c; every is the automatic sync's interval
// (0 for none). onChange may be nil.
func NewSyncer(c *Client, every time.Duration, onChange func(SyncStatus)) *Syncer {
	return &Syncer{c: c, onChange: onChange, kick: make(chan struct{}, 1), every: make(chan time.Duration, 1), st: SyncStatus{Every: every}}
}

// Status is the Syncer's current state.
func (s *Syncer) Status() SyncStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st
}

// SyncNow asks for a sync as soon as possible (at once unless one runs).
func (s *Syncer) SyncNow() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// SetEvery changes the automatic sync's interval (0 stops it).
func (s *Syncer) SetEvery(d time.Duration) {
	s.update(func(st *SyncStatus) { st.Every = d })
	select {
	case <-s.every:
	default:
	}
	s.every <- d
}

func (s *Syncer) update(f func(*SyncStatus)) {
	s.mu.Lock()
	f(&s.st)
	st := s.st
	s.mu.Unlock()
	if s.onChange != nil {
		s.onChange(st)
	}
}

// Run syncs until ctx ends: once at the start when automatic sync is on,
// then on SyncNow, on each tick and on reconnection.
func (s *Syncer) Run(ctx context.Context) {
	every := s.Status().Every
	var tick <-chan time.Time
	var ticker *time.Ticker
	reset := func() {
		if ticker != nil {
			ticker.Stop()
			ticker, tick = nil, nil
		}
		if every > 0 {
			ticker = time.NewTicker(every)
			tick = ticker.C
		}
	}
	reset()
	defer func() {
		if ticker != nil {
			ticker.Stop()
		}
	}()
	if every > 0 {
		s.SyncNow()
	}
	for {
		select {
		case <-ctx.Done():
			return
		case every = <-s.every:
			reset()
			continue
		case <-s.kick:
		case <-tick:
		case <-s.c.up:
			// The interval as set now, even if its change is still queued.
			if s.Status().Every == 0 {
				continue
			}
		}
		s.once(ctx)
	}
}

// once runs one sync and records its outcome.
func (s *Syncer) once(ctx context.Context) {
	s.update(func(st *SyncStatus) { st.Syncing, st.Progress = true, Progress{Phase: "push"} })
	res, err := s.c.Sync(ctx, func(p Progress) { s.update(func(st *SyncStatus) { st.Progress = p }) })
	s.update(func(st *SyncStatus) {
		st.Syncing, st.Last, st.Result, st.Err, st.Offline = false, time.Now().UTC(), res, "", errors.Is(err, ErrOffline)
		if err != nil {
			st.Err = err.Error()
		}
	})
}
