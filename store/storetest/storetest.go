// Package storetest opens throw-away Marginalia databases for tests and
// verifies each one when the test is done with it, as bbolt's own tests
// do: a test that leaves a database inconsistent fails, even when it
// never looked.
package storetest

import (
	"path/filepath"
	"strings"
	"testing"

	"marginalia/store"
	"marginalia/store/searchindex"
)

// Open opens a new database in a temporary folder, without fsync and with
// a small memory map. When the test ends, Check runs on it (the test fails
// with the problems found) and it is closed.
func Open(tb testing.TB) *store.Store {
	tb.Helper()
	return OpenPath(tb, filepath.Join(tb.TempDir(), "m.db"))
}

// OpenPath is Open on a given path (an existing database, or a new one).
func OpenPath(tb testing.TB, path string) *store.Store {
	tb.Helper()
	s, err := store.Open(path, &store.Options{NoSync: true, InitialMmapSize: 16 << 20, Index: searchindex.Indexer{}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { CheckAndClose(tb, s) })
	return s
}

// CheckAndClose verifies s and closes it, failing tb with any problem
// found. Closing twice is harmless, so a test may close s itself first
// (to reopen it, say): the check then reopens nothing and only closes.
func CheckAndClose(tb testing.TB, s *store.Store) {
	tb.Helper()
	if problems, err := s.Check(); err == nil && len(problems) > 0 {
		tb.Errorf("the database %s is inconsistent when the test ends:\n%s", s.Path(), strings.Join(problems, "\n"))
	}
	var problems []string
	if err := s.View(func(tx *store.Tx) (err error) {
		problems, _, err = searchindex.Check(tx)
		return err
	}); err == nil && len(problems) > 0 {
		tb.Errorf("the search index of %s is stale when the test ends:\n%s", s.Path(), strings.Join(problems, "\n"))
	}
	if err := s.Close(); err != nil {
		tb.Errorf("close %s: %v", s.Path(), err)
	}
}
