package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Marks: small facts the program records about itself in the database,
// such as which team bundles were already merged. A merge can set one in
// its own transaction (MergeOptions.Mark), so a bundle is never merged
// twice even when the program is killed right after the merge.

const bMarks = "marks" // name -> RFC 3339 time it was set

// Marked reports whether the mark name was set.
func (s *Store) Marked(name string) bool {
	found := false
	_ = s.db.View(func(btx *bolt.Tx) error {
		if b := btx.Bucket([]byte(bMarks)); b != nil {
			found = b.Get([]byte(name)) != nil
		}
		return nil
	})
	return found
}

// setMark records a mark in a write transaction, around the undo journal
// (undoing a merge does not make its bundle unmerged: a re-delivery must
// still change nothing).
func setMark(btx *bolt.Tx, name string) error {
	b, err := btx.CreateBucketIfNotExists([]byte(bMarks))
	if err != nil {
		return err
	}
	if err := b.Put([]byte(name), []byte(time.Now().UTC().Format(time.RFC3339))); err != nil {
		return fmt.Errorf("mark %s: %w", name, err)
	}
	return nil
}

// Setting is a small value the program keeps in the database (the team
// hub's address, say), "" when unset.
func (s *Store) Setting(name string) string {
	var v string
	_ = s.db.View(func(btx *bolt.Tx) error {
		v = string(btx.Bucket([]byte(bMeta)).Get([]byte("setting:" + name)))
		return nil
	})
	return v
}

// SetSetting stores a setting ("" deletes it).
func (s *Store) SetSetting(name, value string) error {
	return s.db.Update(func(btx *bolt.Tx) error {
		meta := btx.Bucket([]byte(bMeta))
		if value == "" {
			return meta.Delete([]byte("setting:" + name))
		}
		return meta.Put([]byte("setting:"+name), []byte(value))
	})
}
