package store

import (
	"bytes"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// An Indexer keeps a derived index (full-text search, say) in a bucket of
// its own, written in the same transaction as the records it derives
// from, so that it is never stale, not even after a crash. The store
// calls Update in every write that touched records, undo and redo
// included; the index bucket is not part of undo steps: an undone action
// updates the index from the records it restored.
//
// Package store knows nothing of what an index holds: an adapter (such as
// store/searchindex) implements Indexer, and Options.Index installs it.
type Indexer interface {
	// IndexName names the index's bucket and the version of its format.
	// An index of another version is dropped on open and needs Build.
	IndexName() (bucket, version string)
	// Update brings the index in b up to date with the records c names,
	// reading them from tx (which it must not write through). It may
	// return ErrRebuildIndex when a fresh Build is cheaper (a large
	// import); the store then builds it in the same transaction.
	Update(tx *Tx, b *bolt.Bucket, c Changes) error
	// Build fills the empty bucket b with the index of every record.
	Build(tx *Tx, b *bolt.Bucket, progress func(done, total int)) error
}

// ErrRebuildIndex is returned by Indexer.Update to have the index built
// afresh instead.
var ErrRebuildIndex = errors.New("rebuild the index")

// indexMetaPrefix prefixes the meta keys that record which index version
// a bucket holds: "index:search" = "1".
const indexMetaPrefix = "index:"

// dropForeignIndexes removes every index bucket this store does not keep
// up to date (none installed, or another version): a program without the
// indexer would write records the index does not know, so it would be
// stale. The next open with the indexer rebuilds it (IndexReady is false).
func dropForeignIndexes(tx *bolt.Tx, keep Indexer) error {
	meta := tx.Bucket([]byte(bMeta))
	var drop [][]byte
	c := meta.Cursor()
	prefix := []byte(indexMetaPrefix)
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if keep != nil {
			name, version := keep.IndexName()
			if string(k[len(prefix):]) == name && string(v) == version {
				continue
			}
		}
		drop = append(drop, bytes.Clone(k))
	}
	for _, k := range drop {
		if err := meta.Delete(k); err != nil {
			return fmt.Errorf("drop the index %s: %w", k[len(prefix):], err)
		}
		name := k[len(prefix):]
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return fmt.Errorf("drop the index %s: %w", name, err)
			}
		}
	}
	return nil
}

// startIndex builds the installed indexer's index at once in a database
// that has no records yet (a new one): there is nothing to wait for.
// A database with records keeps waiting for BuildIndex, which reports
// progress.
func (s *Store) startIndex(btx *bolt.Tx) error {
	if s.index == nil {
		return nil
	}
	name, version := s.index.IndexName()
	if indexBucket(btx, name, version) != nil {
		return nil
	}
	for _, rec := range []string{bArticles, bAnnotations, bSpeakers, bLinks} {
		if k, _ := btx.Bucket([]byte(rec)).Cursor().First(); k != nil {
			return nil
		}
	}
	return s.writeIndex(newTx(btx, s.texts, nil), nil)
}

// writeIndex replaces the installed indexer's bucket with a fresh index
// of every record and records its version.
func (s *Store) writeIndex(tx *Tx, progress func(done, total int)) error {
	btx := tx.tx
	name, version := s.index.IndexName()
	if btx.Bucket([]byte(name)) != nil {
		if err := btx.DeleteBucket([]byte(name)); err != nil {
			return fmt.Errorf("build the %s index: %w", name, err)
		}
	}
	b, err := btx.CreateBucket([]byte(name))
	if err != nil {
		return fmt.Errorf("build the %s index: %w", name, err)
	}
	if err := s.index.Build(tx, b, progress); err != nil {
		return fmt.Errorf("build the %s index: %w", name, err)
	}
	return btx.Bucket([]byte(bMeta)).Put([]byte(indexMetaPrefix+name), []byte(version))
}

// indexBucket returns the bucket of the index name at version, or nil
// when the database has none (or one of another version).
func indexBucket(tx *bolt.Tx, name, version string) *bolt.Bucket {
	v := tx.Bucket([]byte(bMeta)).Get([]byte(indexMetaPrefix + name))
	if v == nil || string(v) != version {
		return nil
	}
	return tx.Bucket([]byte(name))
}

// Index returns the bucket of the derived index name at version, for
// reading, or nil when the database holds none that is current (the
// reader then builds what it needs from the records, or asks for
// Store.BuildIndex).
func (t *Tx) Index(name, version string) *bolt.Bucket {
	return indexBucket(t.tx, name, version)
}

// updateIndex runs the installed indexer on the changes a write made, in
// its transaction (tx, the one that wrote, so that the indexer reads what
// it holds decoded); nothing happens until the index has been built.
func (s *Store) updateIndex(tx *Tx, c Changes) error {
	if s.index == nil || c.Empty() {
		return nil
	}
	name, version := s.index.IndexName()
	b := indexBucket(tx.tx, name, version)
	if b == nil {
		return nil
	}
	err := s.index.Update(tx, b, c)
	if errors.Is(err, ErrRebuildIndex) {
		return s.writeIndex(tx, nil)
	}
	if err != nil {
		return fmt.Errorf("update the %s index: %w", name, err)
	}
	return nil
}

// IndexReady reports whether the installed indexer's index is built and
// current. A database written before the index existed, or by a program
// without it, needs BuildIndex once.
func (s *Store) IndexReady() bool {
	if s.index == nil {
		return false
	}
	name, version := s.index.IndexName()
	ready := false
	_ = s.db.View(func(btx *bolt.Tx) error {
		ready = indexBucket(btx, name, version) != nil
		return nil
	})
	return ready
}

// BuildIndex (re)builds the installed indexer's index from every record,
// in one transaction, reporting progress. It leaves the records and the
// undo history alone.
func (s *Store) BuildIndex(progress func(done, total int)) error {
	if s.index == nil {
		return errors.New("build the index: no indexer installed")
	}
	return s.db.Update(func(btx *bolt.Tx) error { return s.writeIndex(newTx(btx, s.texts, nil), progress) })
}

// committing does what every write does after changing records c names,
// in its transaction (tx, the one that wrote): log them for the team,
// update the index, and tell the watchers once the transaction has
// committed.
func (s *Store) committing(tx *Tx, c Changes, remote bool) error {
	btx := tx.tx
	if err := logChanges(btx, c, remote); err != nil {
		return err
	}
	if err := s.updateIndex(tx, c); err != nil {
		return err
	}
	btx.OnCommit(func() { s.notify(c) })
	return nil
}
