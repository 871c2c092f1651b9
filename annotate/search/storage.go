package search

import (
	"slices"
	"sync"
)

// Reader is the read side of the storage the index lives in, shaped for a
// bbolt bucket in a transaction: keys are ordered bytewise, and a value
// returned by Get or passed to Ascend's fn is only valid until the
// transaction ends (the engine copies what it keeps).
type Reader interface {
	// Get returns the value of key, or nil if there is none.
	Get(key []byte) []byte
	// Ascend calls fn for every key >= from, in order, until fn returns
	// false. fn must not modify the storage.
	Ascend(from []byte, fn func(key, value []byte) bool) error
}

// Storage is a Reader that can also be written: the read-write
// transaction that changes the records changes the index too.
type Storage interface {
	Reader
	// Put sets key to value. The storage may keep value (bbolt does until
	// the commit), so the engine never reuses a slice it has put.
	Put(key, value []byte) error
	Delete(key []byte) error
}

// MemStorage is a Storage in memory, for tests and for Index: a map,
// and its keys sorted again on the first Ascend after a write. It is safe
// for concurrent use; Ascend holds a read lock while it calls fn, so fn
// must not write to it.
type MemStorage struct {
	mu     sync.RWMutex
	vals   map[string][]byte
	sorted []string // the keys in order, when !dirty
	added  []string // keys put since sorted was made
	dirty  bool
}

// NewMemStorage returns an empty MemStorage.
func NewMemStorage() *MemStorage { return &MemStorage{vals: map[string][]byte{}} }

// Get returns the value of key, or nil.
func (m *MemStorage) Get(key []byte) []byte {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.vals[string(key)]
}

// Put sets key to value; it keeps value.
func (m *MemStorage) Put(key, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.vals[string(key)]; !ok {
		m.added = append(m.added, string(key))
		m.dirty = true
	}
	m.vals[string(key)] = value
	return nil
}

// Delete removes key; a missing key is no error.
func (m *MemStorage) Delete(key []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.vals[string(key)]; ok {
		delete(m.vals, string(key))
		m.dirty = true
	}
	return nil
}

// sortKeys brings sorted up to date: the new keys merged in, deleted
// ones dropped.
func (m *MemStorage) sortKeys() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.dirty {
		return
	}
	slices.Sort(m.added)
	out := make([]string, 0, len(m.vals))
	i, j := 0, 0
	for i < len(m.sorted) || j < len(m.added) {
		var k string
		if j == len(m.added) || i < len(m.sorted) && m.sorted[i] < m.added[j] {
			k, i = m.sorted[i], i+1
		} else {
			k, j = m.added[j], j+1
		}
		if _, ok := m.vals[k]; ok && (len(out) == 0 || out[len(out)-1] != k) {
			out = append(out, k)
		}
	}
	m.sorted, m.added, m.dirty = out, nil, false
}

// Ascend calls fn for the keys >= from in order until fn returns false.
func (m *MemStorage) Ascend(from []byte, fn func(key, value []byte) bool) error {
	m.sortKeys()
	m.mu.RLock()
	defer m.mu.RUnlock()
	i, _ := slices.BinarySearch(m.sorted, string(from))
	for ; i < len(m.sorted); i++ {
		k := m.sorted[i]
		v, ok := m.vals[k]
		if !ok {
			continue // deleted by a writer since the sort
		}
		if !fn([]byte(k), v) {
			break
		}
	}
	return nil
}

// Len returns the number of keys.
func (m *MemStorage) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.vals)
}

// Bytes returns the total size of the keys and values.
func (m *MemStorage) Bytes() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n := 0
	for k, v := range m.vals {
		n += len(k) + len(v)
	}
	return n
}
