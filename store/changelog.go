package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"marginalia/annotate"
)

// The change log: what team sync pushes. Once enabled (on joining a
// team), every committed write appends the IDs of the records it touched,
// in the same transaction, under a sequence number; pushing sends a bundle
// of the records changed since the last push, then trims the log. Writes
// made by merging a teammate's bundle are marked remote and left out of
// pushes, so work does not bounce between members. The log is not part of
// undo: an undo is a change of its own and logged as one.

const (
	bChangelog = "changelog" // uint64 sequence -> JSON logEntry
	kChangelog = "changelog" // meta key: "on" when the log is kept
)

type logEntry struct {
	IDs    []string `json:"ids"` // "type:id"
	Remote bool     `json:"remote,omitempty"`
}

// EnableChangelog starts keeping the change log (idempotent). It returns
// the sequence number changes after which are logged.
func (s *Store) EnableChangelog() (uint64, error) {
	var seq uint64
	err := s.db.Update(func(btx *bolt.Tx) error {
		b, err := btx.CreateBucketIfNotExists([]byte(bChangelog))
		if err != nil {
			return err
		}
		seq = b.Sequence()
		return btx.Bucket([]byte(bMeta)).Put([]byte(kChangelog), []byte("on"))
	})
	return seq, err
}

// changelogOn reports whether the log is kept.
func changelogOn(btx *bolt.Tx) bool {
	return string(btx.Bucket([]byte(bMeta)).Get([]byte(kChangelog))) == "on"
}

// logChanges appends the records c names to the log, when it is kept.
// It writes around the undo journal.
func logChanges(btx *bolt.Tx, c Changes, remote bool) error {
	if !changelogOn(btx) {
		return nil
	}
	var ids []string
	for _, g := range []struct {
		typ annotate.RecordType
		ids []string
	}{{annotate.RecordArticle, c.Articles}, {annotate.RecordAnnotation, c.Annotations}, {annotate.RecordSpeaker, c.Speakers}, {annotate.RecordLink, c.Links}} {
		for _, id := range g.ids {
			ids = append(ids, string(g.typ)+":"+id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	b, err := btx.CreateBucketIfNotExists([]byte(bChangelog))
	if err != nil {
		return err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("log changes: %w", err)
	}
	data, err := json.Marshal(logEntry{IDs: ids, Remote: remote})
	if err != nil {
		return err
	}
	return b.Put(binary.BigEndian.AppendUint64(nil, seq), data)
}

// LocalChanges are the records changed by this database's own writes
// after a sequence number, by type, and the last sequence number read.
type LocalChanges struct {
	Articles, Annotations, Speakers, Links []string
	Last                                   uint64
}

// Empty reports whether nothing changed.
func (c LocalChanges) Empty() bool {
	return len(c.Articles)+len(c.Annotations)+len(c.Speakers)+len(c.Links) == 0
}

// ChangesSince returns the records this database changed itself (not by
// merging remote bundles) after sequence number after.
func (s *Store) ChangesSince(after uint64) (LocalChanges, error) {
	out := LocalChanges{Last: after}
	seen := map[string]bool{}
	err := s.db.View(func(btx *bolt.Tx) error {
		b := btx.Bucket([]byte(bChangelog))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Seek(binary.BigEndian.AppendUint64(nil, after+1)); k != nil; k, v = c.Next() {
			out.Last = binary.BigEndian.Uint64(k)
			var e logEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("read the change log: %w", err)
			}
			if e.Remote {
				continue
			}
			for _, id := range e.IDs {
				if seen[id] {
					continue
				}
				seen[id] = true
				typ, rid, _ := cutType(id)
				switch typ {
				case annotate.RecordArticle:
					out.Articles = append(out.Articles, rid)
				case annotate.RecordAnnotation:
					out.Annotations = append(out.Annotations, rid)
				case annotate.RecordSpeaker:
					out.Speakers = append(out.Speakers, rid)
				case annotate.RecordLink:
					out.Links = append(out.Links, rid)
				}
			}
		}
		return nil
	})
	return out, err
}

func cutType(s string) (annotate.RecordType, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return annotate.RecordType(s[:i]), s[i+1:], true
		}
	}
	return "", s, false
}

// TrimChangelog drops the log entries up to and including sequence upTo,
// once they have been pushed.
func (s *Store) TrimChangelog(upTo uint64) error {
	return s.db.Update(func(btx *bolt.Tx) error {
		b := btx.Bucket([]byte(bChangelog))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) <= upTo; k, _ = c.First() {
			if err := c.Delete(); err != nil {
				return fmt.Errorf("trim the change log: %w", err)
			}
		}
		return nil
	})
}

// LogEverything logs every record of the database as changed here, so
// that the next team push carries the work a library held before it
// joined a team. The log must be kept (EnableChangelog).
func (s *Store) LogEverything() error {
	return s.db.Update(func(btx *bolt.Tx) error {
		if !changelogOn(btx) {
			return errors.New("log everything: the change log is not kept (join a team first)")
		}
		var c Changes
		for _, g := range []struct {
			bucket string
			dst    *[]string
		}{{bArticles, &c.Articles}, {bAnnotations, &c.Annotations}, {bSpeakers, &c.Speakers}, {bLinks, &c.Links}} {
			if err := btx.Bucket([]byte(g.bucket)).ForEach(func(k, _ []byte) error {
				*g.dst = append(*g.dst, string(k))
				return nil
			}); err != nil {
				return err
			}
		}
		return logChanges(btx, c, false)
	})
}
