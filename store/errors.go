package store

import "errors"

// Errors callers can test for with errors.Is.
var (
	// ErrInUse means another process holds the database open.
	ErrInUse = errors.New("database is in use by another process")
	// ErrNotFound means no record has the given ID.
	ErrNotFound = errors.New("not found")
	// ErrNewerSchema means the file was written by a newer Marginalia.
	ErrNewerSchema = errors.New("database was written by a newer version of Marginalia")
	// ErrReadOnly means the database file or its folder cannot be written.
	ErrReadOnly = errors.New("database is read-only")
	// ErrExists means an equal record is already stored.
	ErrExists = errors.New("already exists")
)
