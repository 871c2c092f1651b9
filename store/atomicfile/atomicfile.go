package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrProtected is wrapped by the error WriteFile and Check return when the
// target is, or would replace, one of the files the caller protects.
var ErrProtected = errors.New("refusing to overwrite a file in use")

// TempPrefix starts the name of every temporary file WriteFile gives a
// name to; Cleanup removes leftovers with this prefix.
const TempPrefix = ".marginalia-tmp-"

// legacyPrefix is the temporary name of the bundle package's old
// WriteFileAtomic, whose leftovers Cleanup also removes.
const legacyPrefix = ".marginalia-export-"

// Options tune WriteFile.
type Options struct {
	// Protect lists files the write must never replace: the open
	// database, its lock, any file being read. They are compared with the
	// target by device and inode after resolving symbolic links, so a
	// relative path, a hard link or a symbolic link to one of them is
	// refused too. Paths that do not exist are ignored.
	Protect []string

	// noTmpfile makes a Linux write take the portable path, and
	// afterLink runs between linking the temporary file under its name
	// and renaming it into place; both for tests only.
	noTmpfile bool
	afterLink func()
}

// WriteFile writes path atomically: write fills a temporary file in the
// same folder, which is synced, given its mode and renamed over path, and
// the folder is synced. Until then path keeps its old content; if write
// fails, nothing is left behind. A new file gets mode 0600 minus the
// umask; a file it replaces keeps its mode when that is narrower, so a
// write never makes a file more readable than it was.
//
// WriteFile refuses, wrapping ErrProtected, to replace a protected file
// (see Options.Protect); it checks before it writes anything and again
// just before the rename. It first removes what interrupted writes left
// in the folder (see Cleanup).
//
// On Linux the temporary file is created with O_TMPFILE, so no name
// appears in the folder until it is complete, and a crash leaves nothing
// behind; elsewhere it is a named file starting with TempPrefix.
func WriteFile(path string, opts Options, write func(w io.Writer) error) error {
	if err := Check(path, opts.Protect...); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	// Best effort: a folder we cannot clean may still take the write.
	_, _ = Cleanup(dir)

	t, err := createTemp(dir, opts.noTmpfile)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	committed := false
	defer func() {
		if !committed {
			t.discard()
		}
	}()
	if err := write(t.f); err != nil {
		return err
	}
	if err := t.f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := narrowMode(t.f, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := Check(path, opts.Protect...); err != nil {
		return err
	}
	if err := t.commit(path, opts.afterLink); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	committed = true
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("write %s: sync folder: %w", path, err)
	}
	return nil
}

// narrowMode gives f the permission bits it was created with (0600 minus
// the umask) intersected with those of the file at path, when there is
// one: the result is never wider than either.
func narrowMode(f *os.File, path string) error {
	created, err := f.Stat()
	if err != nil {
		return err
	}
	mode := created.Mode().Perm()
	if old, err := os.Stat(path); err == nil {
		mode &= old.Mode().Perm()
	}
	if mode == created.Mode().Perm() {
		return nil
	}
	return f.Chmod(mode)
}

// Check reports, wrapping ErrProtected, whether writing path would
// replace one of the protected files: the same device and inode after
// resolving symbolic links, or the same symbolic link. It also refuses a
// folder as target. Callers such as a save dialog can check before they
// start a long export; WriteFile checks again.
func Check(path string, protect ...string) error {
	target, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		target = nil // nothing there to replace; the link itself may be
	} else if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	} else if target.IsDir() {
		return fmt.Errorf("write %s: it is a folder", path)
	}
	link, _ := os.Lstat(path)
	for _, p := range protect {
		if info, err := os.Stat(p); err == nil && target != nil && os.SameFile(target, info) {
			return protectedError(path, p)
		}
		if info, err := os.Lstat(p); err == nil && link != nil && os.SameFile(link, info) {
			return protectedError(path, p)
		}
	}
	return nil
}

func protectedError(path, protected string) error {
	if abs, err := filepath.Abs(protected); err == nil {
		protected = abs
	}
	return fmt.Errorf("%w: %s is %s, which Marginalia has open; choose another file", ErrProtected, path, protected)
}
