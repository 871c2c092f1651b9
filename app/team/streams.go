package team

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// announcement is what a push publishes on its member's subject: the
// bundle's name (the hex sha256 of its bytes, and its name in the object
// bucket) and what it holds. The sender is the subject's last token,
// which the hub's permissions tie to the member who published it.
type announcement struct {
	Bundle  string    `json:"bundle"`
	Size    int       `json:"size"`
	Records int       `json:"records"`
	Creator string    `json:"creator,omitempty"`
	Pushed  time.Time `json:"pushed"`
}

// head is a member's entry in the heads bucket, for the team's view of
// who pushed and pulled when.
type head struct {
	Pushed  time.Time `json:"pushed,omitzero"`
	Pulled  time.Time `json:"pulled,omitzero"`
	Bundles int       `json:"bundles"`
	Last    string    `json:"last,omitempty"`
}

// Stream settings. Announcements are kept until an administrator removes
// them (a member who joins later reads the team's whole history); an
// announcement is a few hundred bytes. A push retried within the
// duplicate window is stored once (its message ID is the bundle's name).
const (
	maxAnnouncement = 4 << 10
	duplicateWindow = 10 * time.Minute
)

// streamConfigs are the team's three streams, as a client library would
// create them (the object and KV buckets' streams follow nats.go's own
// layout, so its ObjectStore and KeyValue bind to them), made here
// directly so that creating them needs only STREAM.CREATE.
func streamConfigs(n names, replicas int) []jetstream.StreamConfig {
	return []jetstream.StreamConfig{
		{
			Name:        n.stream(),
			Description: "Marginalia team " + n.team + ": bundle announcements",
			Subjects:    []string{n.allSubjects()},
			Storage:     jetstream.FileStorage,
			Replicas:    replicas,
			MaxMsgSize:  maxAnnouncement,
			Duplicates:  duplicateWindow,
			DenyDelete:  true,
			DenyPurge:   true,
			MaxBytes:    -1,
			MaxMsgs:     -1,
		},
		{
			Name:        "OBJ_" + n.bucket(),
			Description: "Marginalia team " + n.team + ": bundles by sha256",
			Subjects:    []string{"$O." + n.bucket() + ".C.>", "$O." + n.bucket() + ".M.>"},
			Storage:     jetstream.FileStorage,
			Replicas:    replicas,
			Discard:     jetstream.DiscardNew,
			AllowRollup: true,
			// No direct gets: in a cluster they may be answered by a
			// replica that has not yet stored a bundle just announced,
			// which a pull would take for a missing bundle. Gets go to
			// the stream's leader, which has everything acknowledged.
			AllowDirect: false,
			MaxBytes:    -1,
		},
		{
			Name:              "KV_" + n.heads(),
			Description:       "Marginalia team " + n.team + ": members' heads",
			Subjects:          []string{"$KV." + n.heads() + ".>"},
			Storage:           jetstream.FileStorage,
			Replicas:          replicas,
			MaxMsgsPerSubject: 1,
			MaxBytes:          -1,
			MaxMsgSize:        -1,
			MaxMsgs:           -1,
			MaxConsumers:      -1,
			AllowRollup:       true,
			DenyDelete:        true,
			AllowDirect:       true,
			Duplicates:        2 * time.Minute,
			Discard:           jetstream.DiscardNew,
		},
	}
}

// ensure creates whichever of the team's streams is missing.
func ensure(ctx context.Context, js jetstream.JetStream, n names, replicas int) error {
	for _, cfg := range streamConfigs(n, replicas) {
		if _, err := js.Stream(ctx, cfg.Name); err == nil {
			continue
		} else if !errors.Is(err, jetstream.ErrStreamNotFound) {
			return fmt.Errorf("stream %s: %w", cfg.Name, err)
		}
		if _, err := js.CreateStream(ctx, cfg); err != nil && !errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			return fmt.Errorf("create stream %s: %w", cfg.Name, err)
		}
	}
	return nil
}

// ensureRetry is ensure tried again until ctx ends, each try with its own
// deadline: a cluster electing a leader leaves requests unanswered.
func ensureRetry(ctx context.Context, js jetstream.JetStream, n names, replicas int) error {
	for {
		tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := ensure(tctx, js, n, replicas)
		cancel()
		if err == nil || ctx.Err() != nil {
			return err
		}
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) && apiErr.Code != 503 && apiErr.Code != 0 {
			return err // refused, not busy
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(100 * time.Millisecond):
		}
	}
}
