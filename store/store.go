package store

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"marginalia/store/atomicfile"
)

// SchemaVersion is the layout this package reads and writes. Version 2
// added tombstones, disagreement resolutions and article versions (new
// buckets, created on open); a version-1 database is upgraded by opening
// it. An older build refuses a version-2 file rather than delete records
// without leaving tombstones or read a newer version as the only text.
const SchemaVersion = 2

// DefaultLockTimeout is how long Open waits for another process to let go
// of the database before it gives up with ErrInUse.
const DefaultLockTimeout = 2 * time.Second

// Bucket names.
const (
	bMeta        = "meta"
	bArticles    = "articles"
	bTexts       = "texts"
	bAnnotations = "annotations"
	bSpeakers    = "speakers"
	bLinks       = "links"
	bArticleAnn  = "ix_article_annotations" // articleID \x00 annotationID
	bSpeakerAnn  = "ix_speaker_annotations" // speakerID \x00 annotationID
	bRefLinks    = "ix_ref_links"           // articleID or annotationID \x00 linkID
	bTextHash    = "ix_text_hash"           // sha256 of text -> articleID
	bTombstones  = "tombstones"             // record ID -> JSON annotate.Tombstone
	bResolutions = "resolutions"            // disagreement unit key -> JSON Resolution
	bVersions    = "versions"               // articleID \x00 uint32 n -> JSON annotate.ArticleVersion (earlier texts)
	kSchema      = "schema"
)

func allBuckets() []string {
	return []string{bMeta, bArticles, bTexts, bAnnotations, bSpeakers, bLinks, bArticleAnn, bSpeakerAnn, bRefLinks, bTextHash, bTombstones, bResolutions, bVersions, bUndo, bRedo}
}

// Options tune Open. The zero value is a read-write open with the default
// lock timeout.
type Options struct {
	// ReadOnly opens the file for reading only; a shared lock lets several
	// readers in at once.
	ReadOnly bool
	// LockTimeout overrides DefaultLockTimeout.
	LockTimeout time.Duration
	// NoSync skips fsync after each commit. Only for tests and benchmarks.
	NoSync bool
	// MaxUndoBytes caps the size of one undo step (DefaultMaxUndoBytes
	// when zero): an action that writes more, such as merging a very
	// large bundle, is not undoable and empties the undo and redo stacks.
	MaxUndoBytes int
	// InitialMmapSize overrides the address space reserved at open (1 GiB
	// on 64-bit Linux when zero). Tests that open hundreds of databases
	// use a small one.
	InitialMmapSize int
	// Index installs a derived index kept in the same transactions as the
	// records (see Indexer); without it, an existing index is dropped.
	Index Indexer
}

// DefaultMaxUndoBytes is the largest undo step kept.
const DefaultMaxUndoBytes = 256 << 20

// Store is an open Marginalia database. Its methods are safe for
// concurrent use.
type Store struct {
	db      *bolt.DB
	path    string
	texts   *textCache
	watch   watchers
	maxUndo int // bytes
	index   Indexer
}

// DefaultPath is $XDG_DATA_HOME/marginalia/marginalia.db, falling back to
// $HOME/.local/share/marginalia/marginalia.db, reading the environment
// through getenv (os.Getenv when nil).
func DefaultPath(getenv func(string) string) (string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	dir := getenv("XDG_DATA_HOME")
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("find the data folder: neither XDG_DATA_HOME nor HOME is set")
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "marginalia", "marginalia.db"), nil
}

// Open opens or creates the database at path, creating its folder. It
// fails with ErrInUse when another process holds the file for longer than
// the lock timeout, and with ErrNewerSchema for a file from a newer
// Marginalia.
func Open(path string, opts *Options) (*Store, error) {
	if opts == nil {
		opts = &Options{}
	}
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	} else if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout: timeout, ReadOnly: opts.ReadOnly, NoSync: opts.NoSync,
		// The freelist is written on every commit (bbolt's default): with
		// NoFreelistSync every open, each command-line call included,
		// scans the whole file to rebuild it (docs/design-changes.md).
		// The map freelist keeps allocation fast in a large file.
		FreelistType: bolt.FreelistMapType,
		// Reserve address space up front so a large import does not remap
		// (and copy) the file a dozen times as it grows. On Linux this does
		// not grow the file itself.
		InitialMmapSize: cmp.Or(opts.InitialMmapSize, initialMmapSize()),
	})
	if err != nil {
		return nil, openError(path, err)
	}
	s := &Store{db: db, path: path, texts: newTextCache(16), maxUndo: opts.MaxUndoBytes, index: opts.Index}
	if s.maxUndo <= 0 {
		s.maxUndo = DefaultMaxUndoBytes
	}
	if err := s.init(opts.ReadOnly); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// initialMmapSize is 1 GiB on 64-bit Linux, else bbolt's default.
func initialMmapSize() int {
	if runtime.GOOS == "linux" && strconv.IntSize == 64 {
		return 1 << 30
	}
	return 0
}

func openError(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("open database %s: %w", path, ErrInUse)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return fmt.Errorf("open database %s: %w: %w", path, ErrReadOnly, err)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return fmt.Errorf("open database %s: not a Marginalia database, or damaged: %w", path, err)
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// init creates missing buckets and checks the schema version.
func (s *Store) init(readOnly bool) error {
	check := func(meta *bolt.Bucket) error {
		v := meta.Get([]byte(kSchema))
		if v == nil {
			return nil
		}
		n, err := strconv.Atoi(string(v))
		if err != nil {
			return fmt.Errorf("open database %s: bad schema version %q", s.path, v)
		}
		if n > SchemaVersion {
			return fmt.Errorf("open database %s (schema %d, this build reads %d): %w", s.path, n, SchemaVersion, ErrNewerSchema)
		}
		return nil
	}
	if readOnly {
		return s.db.View(func(tx *bolt.Tx) error {
			meta := tx.Bucket([]byte(bMeta))
			if meta == nil {
				return fmt.Errorf("open database %s: not a Marginalia database (no meta bucket)", s.path)
			}
			return check(meta)
		})
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte(bMeta)) == nil && hasBuckets(tx) {
			return fmt.Errorf("open database %s: not a Marginalia database (a bbolt file of another program)", s.path)
		}
		for _, name := range allBuckets() {
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		meta := tx.Bucket([]byte(bMeta))
		if err := check(meta); err != nil {
			return err
		}
		if err := dropForeignIndexes(tx, s.index); err != nil {
			return err
		}
		if err := s.startIndex(tx); err != nil {
			return err
		}
		return meta.Put([]byte(kSchema), []byte(strconv.Itoa(SchemaVersion)))
	})
	if err != nil && (errors.Is(err, berrors.ErrDatabaseReadOnly) || errors.Is(err, fs.ErrPermission)) {
		return fmt.Errorf("open database %s: %w: %w", s.path, ErrReadOnly, err)
	}
	return err
}

// hasBuckets reports whether the file holds any bucket at all.
func hasBuckets(tx *bolt.Tx) bool {
	found := false
	_ = tx.ForEach(func([]byte, *bolt.Bucket) error { found = true; return nil })
	return found
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Close releases the database file.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// View runs fn in a read-only transaction. Keep it short: a long read
// transaction holds up writers that need to grow the file.
func (s *Store) View(fn func(*Tx) error) error {
	return s.db.View(func(tx *bolt.Tx) error { return fn(newTx(tx, s.texts, nil)) })
}

// Update runs fn in a read-write transaction: everything fn writes is
// committed together, or nothing is when fn returns an error. Update keeps
// no undo record (use Do for user actions), so it also empties the undo
// and redo stacks: a step recorded before could otherwise be undone on
// top of changes it knows nothing about.
func (s *Store) Update(fn func(*Tx) error) error { return s.update(false, fn) }

func (s *Store) update(remote bool, fn func(*Tx) error) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		var j *journal
		if s.watching() || changelogOn(tx) || s.index != nil {
			j = newJournal(true)
		}
		wtx := newTx(tx, s.texts, j)
		if err := fn(wtx); err != nil {
			return err
		}
		if j != nil {
			if err := s.committing(wtx, changesOf(j.changes), remote); err != nil {
				return err
			}
		}
		for _, name := range []string{bUndo, bRedo} {
			if err := clearBucket(tx.Bucket([]byte(name))); err != nil {
				return err
			}
		}
		return nil
	})
}

// Backup writes a consistent copy of the database to path while it stays
// open for others. The copy is written beside path and renamed into place
// (store/atomicfile), so path never holds half a backup, is readable by
// its owner only, and can never be the database itself (compared by
// device and inode, whatever the path says).
func (s *Store) Backup(path string) error {
	// One read transaction for the whole copy: a consistent snapshot while
	// writers go on.
	err := s.db.View(func(tx *bolt.Tx) error {
		return atomicfile.WriteFile(path, atomicfile.Options{Protect: []string{s.path}}, func(w io.Writer) error {
			_, err := tx.WriteTo(w)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// key joins an owner ID and a record ID into an index key.
func key(owner, id string) []byte {
	k := make([]byte, 0, len(owner)+1+len(id))
	k = append(k, owner...)
	k = append(k, 0)
	return append(k, id...)
}

// splitKey is the inverse of key.
func splitKey(k []byte) (owner, id string, ok bool) {
	for i, b := range k {
		if b == 0 {
			return string(k[:i]), string(k[i+1:]), true
		}
	}
	return "", "", false
}

func getJSON(b *bucket, what, id string, v any) error {
	data := b.Get([]byte(id))
	if data == nil {
		return fmt.Errorf("%s %s: %w", what, id, ErrNotFound)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode %s %s: %w", what, id, err)
	}
	return nil
}

func putJSON(b *bucket, id string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", id, err)
	}
	return b.Put([]byte(id), data)
}

// forEachIndexed calls fn with the record ID of every index entry of owner.
func forEachIndexed(b *bucket, owner string, fn func(id string) error) error {
	prefix := key(owner, "")
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		if err := fn(string(k[len(prefix):])); err != nil {
			return err
		}
	}
	return nil
}

func countIndexed(b *bucket, owner string) int {
	n := 0
	_ = forEachIndexed(b, owner, func(string) error { n++; return nil })
	return n
}

func hasPrefix(k, prefix []byte) bool {
	return len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix)
}
