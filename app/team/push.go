package team

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"marginalia/app/action"
)

// Pushed is what a push sent.
type Pushed struct {
	// Bundles is how many bundles were announced (0 when nothing waited;
	// 2 when a push cut off earlier is completed first).
	Bundles int
	// Records is how many records they held.
	Records int
	// Bytes is the size of the bundles.
	Bytes int
	// Last is the name of the last bundle announced.
	Last string
}

// pending is a push under way, recorded before anything goes to the hub:
// if the hub (or this process) stops before the announcement is
// acknowledged, the next push announces the same bundle again instead of
// making another with the same records.
type pending struct {
	announcement
	Upto uint64 `json:"upto"` // the change log sequence it runs to
}

// Push sends the library's own changes since its last push as one bundle:
// stored in the team's object bucket under its sha256 (unless already
// there), announced on the member's subject, and, once the hub has
// acknowledged the announcement, forgotten by the change log. Offline,
// it returns ErrOffline and the changes keep waiting.
func (c *Client) Push(ctx context.Context) (Pushed, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ctx, done := c.operation(ctx)
	defer done()
	var out Pushed
	if err := c.online(); err != nil {
		return out, err
	}
	if raw := c.lib.TeamSetting(setPending); raw != "" {
		var p pending
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			return out, fmt.Errorf("push: the unfinished push: %w", err)
		}
		done, err := c.resume(ctx, p)
		if err != nil {
			return out, c.offline(err)
		}
		if done {
			out.Bundles, out.Records, out.Bytes, out.Last = 1, p.Records, p.Size, p.Bundle
		}
	}
	after := uintSetting(c.lib, setPushed)
	d, err := c.lib.TeamDelta(after, c.opts.Creator)
	if err != nil {
		return out, fmt.Errorf("push: %w", err)
	}
	if d.Data == nil {
		if d.Last > after { // only teammates' merges: nothing of ours
			return out, c.pushed(d.Last)
		}
		return out, nil
	}
	p := pending{announcement: announcement{
		Bundle: action.BundleName(d.Data), Size: len(d.Data), Records: d.Records,
		Creator: c.opts.Creator, Pushed: time.Now().UTC(),
	}, Upto: d.Last}
	raw, err := json.Marshal(p)
	if err != nil {
		return out, err
	}
	if err := c.lib.SetTeamSetting(setPending, string(raw)); err != nil {
		return out, fmt.Errorf("push: %w", err)
	}
	obs, err := c.js.ObjectStore(ctx, c.n.bucket())
	if err != nil {
		return out, c.offline(fmt.Errorf("push: the team's bundles: %w", err))
	}
	if _, err := obs.GetInfo(ctx, p.Bundle); errors.Is(err, jetstream.ErrObjectNotFound) {
		if _, err := obs.Put(ctx, jetstream.ObjectMeta{Name: p.Bundle, Description: "bundle from " + c.set.User}, bytes.NewReader(d.Data)); err != nil {
			return out, c.offline(fmt.Errorf("push: store bundle: %w", err))
		}
	} else if err != nil {
		return out, c.offline(fmt.Errorf("push: %w", err))
	}
	if c.hooks.afterPut != nil {
		c.hooks.afterPut(p.Bundle)
	}
	if err := c.announce(ctx, p); err != nil {
		return out, c.offline(err)
	}
	out.Bundles++
	out.Records += p.Records
	out.Bytes += p.Size
	out.Last = p.Bundle
	return out, nil
}

// resume finishes a push cut off before its announcement was
// acknowledged: announced again when its bundle is stored (the hub's
// duplicate window, and receivers' marks, make a second announcement
// harmless), else dropped, its changes still in the log.
func (c *Client) resume(ctx context.Context, p pending) (bool, error) {
	obs, err := c.js.ObjectStore(ctx, c.n.bucket())
	if err != nil {
		return false, fmt.Errorf("push: the team's bundles: %w", err)
	}
	if _, err := obs.GetInfo(ctx, p.Bundle); errors.Is(err, jetstream.ErrObjectNotFound) {
		return false, c.lib.SetTeamSetting(setPending, "")
	} else if err != nil {
		return false, fmt.Errorf("push: %w", err)
	}
	return true, c.announce(ctx, p)
}

// announce publishes p on the member's subject and, once the hub holds
// it, moves the pushed mark past its changes.
func (c *Client) announce(ctx context.Context, p pending) error {
	data, err := json.Marshal(p.announcement)
	if err != nil {
		return err
	}
	msg := nats.NewMsg(c.n.subject(c.set.User))
	msg.Data = data
	msg.Header.Set(jetstream.MsgIDHeader, p.Bundle)
	if _, err := c.js.PublishMsg(ctx, msg); err != nil {
		return fmt.Errorf("push: announce bundle %s: %w", short(p.Bundle), err)
	}
	if err := c.pushed(p.Upto); err != nil {
		return err
	}
	c.updateHead(ctx, func(h *head) { h.Pushed, h.Last = p.Pushed, p.Bundle; h.Bundles++ })
	return nil
}

// pushed records that the changes up to upto are on the hub.
func (c *Client) pushed(upto uint64) error {
	if err := setUint(c.lib, setPushed, upto); err != nil {
		return fmt.Errorf("push: %w", err)
	}
	if err := c.lib.SetTeamSetting(setPending, ""); err != nil {
		return fmt.Errorf("push: %w", err)
	}
	if err := setTime(c.lib, setLastPush, time.Now()); err != nil {
		return fmt.Errorf("push: %w", err)
	}
	return c.lib.TeamPushed(upto)
}

// updateHead changes the member's entry in the heads bucket: read,
// change, write if nobody wrote in between (compare-and-swap on the
// revision), a few times. It is informative: failures are ignored.
func (c *Client) updateHead(ctx context.Context, change func(*head)) {
	kv, err := c.js.KeyValue(ctx, c.n.heads())
	if err != nil {
		return
	}
	for range 3 {
		var h head
		var rev uint64
		if e, err := kv.Get(ctx, c.set.User); err == nil {
			rev = e.Revision()
			_ = json.Unmarshal(e.Value(), &h)
		} else if !errors.Is(err, jetstream.ErrKeyNotFound) {
			return
		}
		change(&h)
		data, _ := json.Marshal(h)
		if rev == 0 {
			_, err = kv.Create(ctx, c.set.User, data)
		} else {
			_, err = kv.Update(ctx, c.set.User, data, rev)
		}
		if err == nil || !errors.Is(err, jetstream.ErrKeyExists) && !isWrongSequence(err) {
			return
		}
	}
}

func isWrongSequence(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence
}

func short(name string) string {
	if len(name) > 12 {
		return name[:12]
	}
	return name
}
