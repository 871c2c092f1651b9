package searchindex

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"marginalia/annotate/search"
)

// BucketName is the bucket the index lives in, beside the store's own.
var BucketName = []byte("search")

// Bucket is search.Storage over a bbolt bucket: valid for the
// transaction the bucket belongs to, writable when that transaction is.
type Bucket struct{ b *bolt.Bucket }

// New returns the Storage of a bucket.
func New(b *bolt.Bucket) Bucket { return Bucket{b: b} }

// Get returns the value of key, or nil; it is valid until the
// transaction ends.
func (s Bucket) Get(key []byte) []byte { return s.b.Get(key) }

// Put sets key to value (bbolt keeps value until the commit).
func (s Bucket) Put(key, value []byte) error { return s.b.Put(key, value) }

// Delete removes key.
func (s Bucket) Delete(key []byte) error { return s.b.Delete(key) }

// Ascend calls fn for every key >= from in order until fn returns false,
// with a cursor.
func (s Bucket) Ascend(from []byte, fn func(key, value []byte) bool) error {
	c := s.b.Cursor()
	for k, v := c.Seek(from); k != nil; k, v = c.Next() {
		if !fn(k, v) {
			break
		}
	}
	return nil
}

// Reader returns the index in a transaction to search, or ok false when
// the database has none yet (it needs Rebuild).
func Reader(tx *bolt.Tx) (r search.Reader, ok bool) {
	b := tx.Bucket(BucketName)
	if b == nil {
		return nil, false
	}
	return Bucket{b: b}, true
}

// Writer returns the index in a read-write transaction, creating its
// bucket if needed; pass it to search.Update with the records the
// transaction changed.
func Writer(tx *bolt.Tx) (Bucket, error) {
	b, err := tx.CreateBucketIfNotExists(BucketName)
	if err != nil {
		return Bucket{}, fmt.Errorf("search index: %w", err)
	}
	return Bucket{b: b}, nil
}

// Rebuild replaces the index in a read-write transaction with one of
// docs, the searchable form of every record: the upgrade of a database
// written before the index existed, or a repair after `marginalia check`
// found problems. It drops the old bucket whole, which is faster than
// deleting its keys. progress is as for search.Build.
func Rebuild(tx *bolt.Tx, docs []search.Doc, progress func(done, total int)) error {
	if tx.Bucket(BucketName) != nil {
		if err := tx.DeleteBucket(BucketName); err != nil {
			return fmt.Errorf("search index: drop: %w", err)
		}
	}
	b, err := tx.CreateBucket(BucketName)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	// The builder writes most keys in order; full pages then are both
	// smaller and faster to write.
	b.FillPercent = 0.9
	if err := search.Build(Bucket{b: b}, docs, progress); err != nil {
		return fmt.Errorf("search index: build: %w", err)
	}
	return nil
}
