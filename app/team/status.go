package team

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Status is what a Team panel or 'team status' shows.
type Status struct {
	Joined bool   `json:"joined"`
	Hub    string `json:"hub"`
	Team   string `json:"team"`
	// User is the member this library connects as.
	User string `json:"user"`
	// Auth says how: "password file" or "credentials file" (never the
	// secret, nor the file's path).
	Auth      string `json:"auth"`
	Connected bool   `json:"connected"`
	// Server and Cluster name the hub server the connection is on.
	Server  string `json:"server,omitempty"`
	Cluster string `json:"cluster,omitempty"`
	TLS     bool   `json:"tls"`
	// Waiting is how many records wait to be pushed.
	Waiting int `json:"waiting"`
	// ToPull is how many announcements on the hub this library has not
	// read yet (its own included): nil when not connected or the hub did
	// not say (a lookup that failed is not a count of 0).
	ToPull   *uint64   `json:"to_pull,omitempty"`
	LastPush time.Time `json:"last_push,omitzero"`
	LastPull time.Time `json:"last_pull,omitzero"`
	// Members are the team's members as their heads on the hub say, when
	// connected.
	Members []MemberStatus `json:"members"`
	// Refused are the latest bundles a pull refused.
	Refused []Refusal `json:"refused"`
	// Error is the connection's last error ("" when none).
	Error string `json:"error,omitempty"`
}

// MemberStatus is one member as the hub's heads bucket shows them.
type MemberStatus struct {
	Name    string    `json:"name"`
	Pushed  time.Time `json:"pushed,omitzero"`
	Pulled  time.Time `json:"pulled,omitzero"`
	Bundles int       `json:"bundles"`
}

// LocalStatus is the part of the status the library alone knows, without
// a connection.
func LocalStatus(lib Library) Status {
	set, ok := Load(lib)
	st := Status{Joined: ok, Hub: set.Hub, Team: set.Team, User: set.User, Members: []MemberStatus{}, Refused: refusals(lib)}
	if !ok {
		return st
	}
	st.Auth = "password file"
	if set.CredsFile != "" {
		st.Auth = "credentials file"
	}
	st.TLS = set.CAFile != "" || strings.Contains(set.Hub, "tls://") || strings.Contains(set.Hub, "wss://")
	st.Waiting, _ = lib.TeamWaiting(uintSetting(lib, setPushed))
	st.LastPush, st.LastPull = timeSetting(lib, setLastPush), timeSetting(lib, setLastPull)
	return st
}

// Status reports the client's state; when connected it also asks the hub
// (bounded by the client's timeout) what waits to be pulled and what the
// members' heads say.
func (c *Client) Status(ctx context.Context) Status {
	st := LocalStatus(c.lib)
	st.Error = c.err()
	if !c.Connected() {
		if st.Error == "" {
			st.Error = "not connected"
		}
		return st
	}
	st.Connected, st.Error = true, ""
	st.Server, st.Cluster = c.nc.ConnectedServerName(), c.nc.ConnectedClusterName()
	if _, err := c.nc.TLSConnectionState(); err == nil {
		st.TLS = true
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	if s, err := c.js.Stream(ctx, c.n.stream()); err == nil {
		info := s.CachedInfo()
		pos := uintSetting(c.lib, setPulled)
		if c.lib.TeamSetting(setStream) != info.Created.UTC().Format(time.RFC3339Nano) {
			pos = 0
		}
		n := uint64(0)
		if info.State.LastSeq > pos {
			n = info.State.LastSeq - pos
		}
		st.ToPull = &n
	}
	st.Members = c.members(ctx)
	return st
}

// members reads the heads bucket.
func (c *Client) members(ctx context.Context) []MemberStatus {
	out := []MemberStatus{}
	kv, err := c.js.KeyValue(ctx, c.n.heads())
	if err != nil {
		return out
	}
	keys, err := kv.ListKeys(ctx)
	if err != nil {
		return out
	}
	for k := range keys.Keys() {
		e, err := kv.Get(ctx, k)
		if err != nil {
			if errors.Is(err, jetstream.ErrKeyNotFound) {
				continue
			}
			break
		}
		var h head
		if json.Unmarshal(e.Value(), &h) == nil {
			out = append(out, MemberStatus{Name: k, Pushed: h.Pushed, Pulled: h.Pulled, Bundles: h.Bundles})
		}
	}
	_ = keys.Stop()
	slices.SortFunc(out, func(a, b MemberStatus) int { return strings.Compare(a.Name, b.Name) })
	return out
}
