package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// bucket is a bbolt bucket whose writes are recorded in a journal when
// the transaction keeps one (see Store.Do), so they can be undone.
type bucket struct {
	name string
	b    *bolt.Bucket
	j    *journal
	// fresh holds records this transaction wrote, decoded, by key (see
	// remember); any later write of the key drops its entry.
	fresh map[string]any
}

// remember keeps the decoded form of the record just put under key, for
// readers later in the transaction (the search index reads every record
// a merge wrote) to take instead of decoding it again.
func (k *bucket) remember(key string, rec any) {
	if k.fresh == nil {
		k.fresh = map[string]any{}
	}
	k.fresh[key] = rec
}

func (k *bucket) Get(key []byte) []byte                    { return k.b.Get(key) }
func (k *bucket) ForEach(fn func(k, v []byte) error) error { return k.b.ForEach(fn) }
func (k *bucket) Cursor() *bolt.Cursor                     { return k.b.Cursor() }
func (k *bucket) Stats() bolt.BucketStats                  { return k.b.Stats() }

// Put stores value under key.
func (k *bucket) Put(key, value []byte) error {
	k.record(key)
	return k.b.Put(key, value)
}

// Delete removes key.
func (k *bucket) Delete(key []byte) error {
	k.record(key)
	return k.b.Delete(key)
}

func (k *bucket) record(key []byte) {
	if k.fresh != nil {
		delete(k.fresh, string(key))
	}
	if k.j != nil && k.j.keysOnly {
		k.j.before(k.name, key, nil, false)
		return
	}
	if k.j != nil {
		v, ok := k.lookup(key)
		k.j.before(k.name, key, v, ok)
	}
}

// lookup returns key's value and whether the key exists at all (an index
// entry's value is empty, which Get cannot tell from absence).
func (k *bucket) lookup(key []byte) ([]byte, bool) {
	got, v := k.b.Cursor().Seek(key)
	if got == nil || !bytes.Equal(got, key) {
		return nil, false
	}
	return v, true
}
