package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// tempFile is the file a write goes to before it is put in place: an
// unnamed O_TMPFILE file (Linux) or a named one in the target's folder.
type tempFile struct {
	f    *os.File
	dir  string
	name string // the file's path while it has one
}

// errUnsupported says the unnamed temporary file is not available here.
var errUnsupported = errors.New("unnamed temporary files are not supported")

// createNamed creates a temporary file named TempPrefix plus a random
// suffix in dir, mode 0600 minus the umask, and locks it so that Cleanup
// in another process leaves it alone.
func createNamed(dir string) (*tempFile, error) {
	f, err := os.CreateTemp(dir, TempPrefix+"*")
	if err != nil {
		return nil, err
	}
	if err := lock(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &tempFile{f: f, dir: dir, name: f.Name()}, nil
}

// tempName returns a fresh temporary path in dir.
func tempName(dir string) string {
	return filepath.Join(dir, TempPrefix+strconv.FormatUint(rand.Uint64(), 36))
}

// renameInto renames the named temporary file over path. Windows cannot
// rename an open file, so there it is closed first.
func (t *tempFile) renameInto(path string) error {
	if runtime.GOOS == "windows" {
		if err := t.f.Close(); err != nil {
			return err
		}
	}
	if err := os.Rename(t.name, path); err != nil {
		return err
	}
	t.name = ""
	if runtime.GOOS != "windows" {
		return t.f.Close()
	}
	return nil
}

// discard closes the temporary file and removes its name, if it has one.
func (t *tempFile) discard() {
	t.f.Close()
	if t.name != "" {
		os.Remove(t.name)
	}
}

// staleAfter is how old a temporary file must be before Cleanup removes
// it where it cannot tell from a lock whether a writer still holds it:
// leftovers of the old ".marginalia-export-" helper, which took no lock,
// and every leftover on systems without flock.
const staleAfter = time.Hour

// Cleanup removes from dir the temporary files that interrupted writes
// left behind (names starting with TempPrefix, and ".marginalia-export-"
// from older versions), and returns how many it removed. A file another
// process is still writing is left alone: it holds a lock on it (flock;
// where there is none, files younger than an hour are kept). WriteFile
// calls Cleanup on the target's folder; call it on start-up for folders
// Marginalia writes to, such as the database's.
func Cleanup(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("clean up %s: %w", dir, err)
	}
	removed := 0
	var errs []error
	for _, e := range entries {
		name := e.Name()
		legacy := strings.HasPrefix(name, legacyPrefix)
		if !legacy && !strings.HasPrefix(name, TempPrefix) || !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, name)
		var stale bool
		if legacy || !canLock {
			info, err := e.Info()
			stale = err == nil && time.Since(info.ModTime()) > staleAfter
		} else {
			stale, err = unlocked(path)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !stale {
			continue
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed++
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("clean up %s: %w", dir, err)
	}
	return removed, nil
}
