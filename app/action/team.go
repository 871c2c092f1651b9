package action

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"marginalia/annotate/bundle"
	"marginalia/store"
)

// What team sync needs from the library (see app/team): the changes to
// push as a bundle, the bundles already merged, and merging a teammate's
// bundle exactly as 'merge' does, marked so that it is never merged twice.

// StartTeamLog starts keeping the change log team pushes are made from,
// and returns the sequence number changes after which it holds.
func (s *Service) StartTeamLog() (uint64, error) { return s.st.EnableChangelog() }

// Delta is a team push: the bundle of this library's own changes after a
// sequence number, as the bytes of a .marginalia file, with the sequence
// number it runs to and how many records it holds. Data is nil when there
// is nothing to push.
type Delta struct {
	Data    []byte
	Last    uint64
	Records int
}

// TeamDelta builds the push of the changes made here after sequence
// number after.
func (s *Service) TeamDelta(after uint64, creator string) (Delta, error) {
	c, err := s.st.ChangesSince(after)
	if err != nil {
		return Delta{}, err
	}
	d := Delta{Last: c.Last}
	if c.Empty() {
		return d, nil
	}
	b, stones, err := s.st.ExportChanges(c)
	if err != nil {
		return d, err
	}
	b.Tombstones = stones
	d.Records = b.Counts().Total() + len(stones)
	if d.Records == 0 {
		return d, nil
	}
	var buf bytes.Buffer
	if err := bundle.Write(&buf, b, bundle.Manifest{Creator: creator, Created: s.Now()}, nil); err != nil {
		return d, fmt.Errorf("team push: %w", err)
	}
	d.Data = buf.Bytes()
	return d, nil
}

// ShareExistingWork makes the next team push carry everything this
// library holds (its articles, annotations, used speakers and links), not
// only what changes from now on: for an analyst who joins a team with
// work already done.
func (s *Service) ShareExistingWork() error { return s.st.LogEverything() }

// TeamWaiting counts the records changed here since sequence number
// after: what waits to be pushed.
func (s *Service) TeamWaiting(after uint64) (int, error) {
	c, err := s.st.ChangesSince(after)
	if err != nil {
		return 0, err
	}
	return len(c.Articles) + len(c.Annotations) + len(c.Speakers) + len(c.Links), nil
}

// TeamPushed forgets the changes up to sequence number upTo, once pushed.
func (s *Service) TeamPushed(upTo uint64) error { return s.st.TrimChangelog(upTo) }

// BundleName is the name a bundle is stored and published under: the hex
// sha256 of its bytes.
func BundleName(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// TeamMerged reports whether the bundle named name was already merged.
func (s *Service) TeamMerged(name string) bool { return s.st.Marked("team:" + name) }

// MergeTeamBundle verifies a teammate's bundle exactly as 'merge' does and
// merges it, recording its name in the same transaction so that it is
// never merged twice; the merge is undoable, and left out of this
// library's own pushes.
func (s *Service) MergeTeamBundle(data []byte, sender string) (store.Report, error) {
	name := BundleName(data)
	if s.TeamMerged(name) {
		return store.Report{}, nil
	}
	b, err := bundle.Read(bytes.NewReader(data), int64(len(data)), bundle.DefaultLimits(), nil)
	if err != nil {
		return store.Report{}, fmt.Errorf("bundle %s from %s: %w", name[:12], sender, err)
	}
	rep, err := s.st.Merge(b, store.MergeOptions{Label: "Merge " + sender + "'s work", Remote: true, Mark: "team:" + name})
	if err != nil {
		return rep, fmt.Errorf("bundle %s from %s: %w", name[:12], sender, err)
	}
	return rep, nil
}

// TeamSetting reads a team setting kept in the database ("" when unset).
func (s *Service) TeamSetting(name string) string { return s.st.Setting("team." + name) }

// SetTeamSetting keeps a team setting in the database.
func (s *Service) SetTeamSetting(name, value string) error {
	return s.st.SetSetting("team."+name, value)
}
