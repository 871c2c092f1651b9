package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// createTemp creates the temporary file for a write into dir: unnamed
// (O_TMPFILE) when the file system supports it and /proc is mounted for
// linkat, named otherwise.
func createTemp(dir string, noTmpfile bool) (*tempFile, error) {
	if !noTmpfile {
		t, err := createUnnamed(dir)
		if !errors.Is(err, errUnsupported) {
			return t, err
		}
	}
	return createNamed(dir)
}

func createUnnamed(dir string) (*tempFile, error) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		return nil, errUnsupported
	}
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o600)
	switch {
	case errors.Is(err, unix.EOPNOTSUPP), errors.Is(err, unix.EISDIR), errors.Is(err, unix.EINVAL):
		return nil, errUnsupported
	case err != nil:
		return nil, &fs.PathError{Op: "create a temporary file in", Path: dir, Err: err}
	}
	f := os.NewFile(uintptr(fd), filepath.Join(dir, "(unnamed temporary file)"))
	if err := lock(f); err != nil {
		f.Close()
		return nil, err
	}
	return &tempFile{f: f, dir: dir}, nil
}

// commit puts the complete temporary file at path. An unnamed file is
// linked straight to path when nothing is there; otherwise it is linked
// under a temporary name and renamed over path, the one moment a crash
// can leave a name behind for Cleanup.
func (t *tempFile) commit(path string, afterLink func()) error {
	if t.name == "" {
		proc := "/proc/self/fd/" + strconv.Itoa(int(t.f.Fd()))
		link := func(to string) error {
			return unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, to, unix.AT_SYMLINK_FOLLOW)
		}
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			err := link(path)
			if err == nil {
				return t.f.Close()
			}
			if !errors.Is(err, unix.EEXIST) {
				return &os.LinkError{Op: "link", Old: proc, New: path, Err: err}
			}
		}
		for {
			name := tempName(t.dir)
			err := link(name)
			if err == nil {
				t.name = name
				break
			}
			if !errors.Is(err, unix.EEXIST) {
				return &os.LinkError{Op: "link", Old: proc, New: name, Err: err}
			}
		}
	}
	if afterLink != nil {
		afterLink()
	}
	return t.renameInto(path)
}
