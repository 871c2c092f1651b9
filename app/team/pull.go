package team

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"marginalia/annotate/bundle"
	"marginalia/store"
)

// Pulled is what a pull brought.
type Pulled struct {
	// Merged are the teammates' bundles merged, in the order they were
	// announced, each with its merge report.
	Merged []Merged
	// Refused are the bundles that failed verification (or could not be
	// read from the hub); they never stop the others.
	Refused []Refusal
	// Read is how many announcements were read (own ones and bundles
	// merged before included).
	Read int
	// Expired counts announcements the hub removed (by its retention)
	// before this library read them: their bundles must come another way.
	Expired uint64
}

// Merged is one teammate's bundle merged by a pull.
type Merged struct {
	Bundle, Sender string
	Report         store.Report
}

// Refusal is a bundle a pull did not merge, with who sent it and why.
type Refusal struct {
	Bundle string    `json:"bundle"`
	Sender string    `json:"sender"`
	Reason string    `json:"reason"`
	When   time.Time `json:"when"`
}

// Progress is how far a sync has got, for a progress bar.
type Progress struct {
	Phase  string // "push" or "pull"
	Done   int    // announcements handled
	Total  int    // announcements to handle
	Sender string // whose bundle is being merged
}

var bundleNameRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// fetchBatch is how many announcements one request brings.
const fetchBatch = 64

// maxRefusals is how many refusals the library remembers for its status.
const maxRefusals = 50

// Pull reads the announcements of every other member that this library
// has not read yet, in order, and merges their bundles: fetched from the
// object bucket, checked against their name (sha256), verified and
// merged exactly as 'merge' does, each recorded as merged in its merge's
// own transaction. A bundle merged before (re-delivered, or announced
// twice) is skipped; a refused one is reported and passed. The position
// reached is saved after each batch of announcements and when the pull
// stops, so a pull cut off (the hub stopping, the process killed) resumes
// about where it stopped and, thanks to the marks, merges nothing twice.
// progress, when set, is called after each announcement.
func (c *Client) Pull(ctx context.Context, progress func(Progress)) (Pulled, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ctx, done := c.operation(ctx)
	defer done()
	var out Pulled
	if err := c.online(); err != nil {
		return out, err
	}
	st, err := c.js.Stream(ctx, c.n.stream())
	if err != nil {
		return out, c.offline(fmt.Errorf("pull: the team's stream: %w", err))
	}
	info := st.CachedInfo()
	pos := uintSetting(c.lib, setPulled)
	// A stream made anew (a hub reinstalled) numbers from 1 again: read
	// it all; marks keep merged bundles from merging twice.
	if created := info.Created.UTC().Format(time.RFC3339Nano); c.lib.TeamSetting(setStream) != created {
		pos = 0
		if err := c.lib.SetTeamSetting(setStream, created); err != nil {
			return out, err
		}
		if err := setUint(c.lib, setPulled, 0); err != nil {
			return out, err
		}
	}
	last := info.State.LastSeq
	if pos >= last {
		return out, c.pulled(ctx)
	}
	start := pos + 1
	if first := info.State.FirstSeq; first > start {
		if pos > 0 {
			out.Expired = first - start
		}
		start = first
	}
	total := int(last - start + 1)
	obs, err := c.js.ObjectStore(ctx, c.n.bucket())
	if err != nil {
		return out, c.offline(fmt.Errorf("pull: the team's bundles: %w", err))
	}
	cons, err := st.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{c.n.allSubjects()},
		DeliverPolicy:  jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:    start,
		// Gone from the hub soon after the pull, not after the default 5 minutes.
		InactiveThreshold: 2 * time.Minute,
	})
	if err != nil {
		return out, c.offline(fmt.Errorf("pull: read announcements: %w", err))
	}
	for pos < last {
		// Ask for no more than remain: the fetch returns as soon as they are in.
		batch, err := cons.Fetch(int(min(fetchBatch, last-pos)), jetstream.FetchMaxWait(c.opts.Timeout))
		if err != nil {
			return out, c.offline(fmt.Errorf("pull: read announcements: %w", err))
		}
		got := 0
		for msg := range batch.Messages() {
			got++
			meta, err := msg.Metadata()
			if err != nil {
				return out, fmt.Errorf("pull: %w", err)
			}
			if err := c.take(ctx, obs, msg, &out); err != nil {
				c.savePos(pos)
				return out, c.offline(err)
			}
			pos = meta.Sequence.Stream
			out.Read++
			if progress != nil {
				progress(Progress{Phase: "pull", Done: out.Read, Total: total})
			}
		}
		// The position is saved once a batch: a pull cut off in the middle
		// of one reads its announcements again, and skips the bundles
		// merged (each marked in its merge's own transaction).
		if err := c.savePos(pos); err != nil {
			return out, err
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
			return out, c.offline(fmt.Errorf("pull: read announcements: %w", err))
		}
		if got == 0 {
			break // nothing more within the wait: the rest was removed
		}
	}
	return out, c.pulled(ctx)
}

func (c *Client) savePos(pos uint64) error {
	if err := setUint(c.lib, setPulled, pos); err != nil {
		return fmt.Errorf("pull: %w", err)
	}
	return nil
}

// take handles one announcement: skipped when it is this member's own or
// its bundle was merged before, else the bundle is fetched, checked and
// merged, or refused. It fails only when the hub or the library fails,
// and the announcement is then taken again by the next pull.
func (c *Client) take(ctx context.Context, obs jetstream.ObjectStore, msg jetstream.Msg, out *Pulled) error {
	sender := c.n.senderOf(msg.Subject())
	if sender == c.set.User {
		return nil
	}
	var a announcement
	if err := json.Unmarshal(msg.Data(), &a); err != nil || !bundleNameRe.MatchString(a.Bundle) {
		return c.refuse(out, Refusal{Bundle: a.Bundle, Sender: sender, Reason: "unreadable announcement"})
	}
	if c.lib.TeamMerged(a.Bundle) {
		return nil
	}
	data, err := c.fetch(ctx, obs, a.Bundle)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return c.refuse(out, Refusal{Bundle: a.Bundle, Sender: sender, Reason: "the bundle is not on the hub"})
	}
	if err != nil {
		return fmt.Errorf("pull: fetch bundle %s from %s: %w", short(a.Bundle), sender, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != a.Bundle {
		return c.refuse(out, Refusal{Bundle: a.Bundle, Sender: sender, Reason: "the bundle on the hub does not match its name (sha256)"})
	}
	if c.hooks.afterFetch != nil {
		c.hooks.afterFetch(a.Bundle)
	}
	rep, err := c.lib.MergeTeamBundle(data, sender)
	if errors.Is(err, bundle.ErrRefused) {
		return c.refuse(out, Refusal{Bundle: a.Bundle, Sender: sender, Reason: err.Error()})
	}
	if err != nil {
		return fmt.Errorf("pull: merge bundle %s from %s: %w", short(a.Bundle), sender, err)
	}
	out.Merged = append(out.Merged, Merged{Bundle: a.Bundle, Sender: sender, Report: rep})
	if c.hooks.afterMerge != nil {
		c.hooks.afterMerge(a.Bundle)
	}
	return nil
}

// fetch reads a bundle from the object bucket. A bundle of one chunk
// (up to 128 KiB: most pushes of a few minutes' work) is read with one
// message get of its chunk (from the stream's leader), instead of the consumer a general object read
// creates and deletes; its sha256 is checked by the caller either way.
func (c *Client) fetch(ctx context.Context, obs jetstream.ObjectStore, name string) ([]byte, error) {
	info, err := obs.GetInfo(ctx, name)
	if err != nil {
		return nil, err
	}
	if info.Chunks != 1 || info.NUID == "" {
		return obs.GetBytes(ctx, name)
	}
	if c.objStream == nil {
		if c.objStream, err = c.js.Stream(ctx, "OBJ_"+c.n.bucket()); err != nil {
			return nil, err
		}
	}
	msg, err := c.objStream.GetLastMsgForSubject(ctx, "$O."+c.n.bucket()+".C."+info.NUID)
	if err != nil {
		return nil, err
	}
	return msg.Data, nil
}

// refuse records a refusal in the result and in the library's recent
// refusals (for the status), newest last.
func (c *Client) refuse(out *Pulled, r Refusal) error {
	r.When = time.Now().UTC()
	out.Refused = append(out.Refused, r)
	list := refusals(c.lib)
	list = append(list, r)
	if len(list) > maxRefusals {
		list = list[len(list)-maxRefusals:]
	}
	data, err := json.Marshal(list)
	if err != nil {
		return err
	}
	return c.lib.SetTeamSetting(setRefused, string(data))
}

func refusals(lib Library) []Refusal {
	list := []Refusal{}
	if raw := lib.TeamSetting(setRefused); raw != "" {
		_ = json.Unmarshal([]byte(raw), &list)
	}
	return list
}

// pulled records the end of a pull.
func (c *Client) pulled(ctx context.Context) error {
	now := time.Now().UTC()
	if err := setTime(c.lib, setLastPull, now); err != nil {
		return err
	}
	c.updateHead(ctx, func(h *head) { h.Pulled = now })
	return nil
}
