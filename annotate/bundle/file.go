package bundle

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ReadFile reads and verifies the bundle at path; see Read. It reads
// regular files only: a named pipe, a device or a socket is refused at
// once, before anything could block on it. Errors about the file's
// content wrap ErrRefused; errors opening it do not.
//
// Reading a regular file does not wait on anyone, so ReadFile takes no
// context: its time is bounded by the limits (a read on a hung network
// file system would block, and no context could interrupt that system
// call either).
func ReadFile(path string, limits Limits, progress func(done, total int)) (*Bundle, error) {
	f, info, err := openRegular(path)
	if err != nil {
		return nil, fmt.Errorf("read bundle: %w", err)
	}
	defer f.Close()
	b, err := Read(f, info.Size(), limits, progress)
	if err != nil {
		return nil, fmt.Errorf("read bundle %s: %w", path, err)
	}
	return b, nil
}

// openRegular opens path for reading if it is a regular file. It checks
// the path first, so that opening a named pipe never waits for a writer,
// opens without blocking all the same (the path may change in between),
// and checks the opened file again.
func openRegular(path string) (*os.File, os.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, nil, notRegular(path, info.Mode())
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, nil, err
	}
	if info, err = f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = notRegular(path, info.Mode())
		}
		return nil, nil, err
	}
	return f, info, nil
}

func notRegular(path string, mode os.FileMode) error {
	what := "not a regular file"
	switch {
	case mode.IsDir():
		what = "a folder, not a file"
	case mode&os.ModeNamedPipe != 0:
		what = "a named pipe (FIFO), not a file"
	case mode&os.ModeSocket != 0:
		what = "a socket, not a file"
	case mode&os.ModeDevice != 0:
		what = "a device, not a file"
	}
	return fmt.Errorf("%s is %s", path, what)
}

// WriteFile writes b as a bundle to path; see Write. It writes a
// temporary file beside path and renames it into place, so path never
// holds half a bundle.
//
// Deprecated: write through store/atomicfile.WriteFile, which also
// guards the open database and leaves no temporary file after a crash.
func WriteFile(path string, b *Bundle, meta Manifest, progress func(done, total int)) error {
	err := WriteFileAtomic(path, 0o600, func(w io.Writer) error { return Write(w, b, meta, progress) })
	if err != nil {
		return fmt.Errorf("write bundle %s: %w", path, err)
	}
	return nil
}

// WriteFileAtomic writes path through write into a temporary file in the
// same folder, synced and renamed into place, so a failed export never
// leaves half a file. The file gets at most mode & 0600, and never more
// than the file it replaces had.
//
// Deprecated: use store/atomicfile.WriteFile, which also guards the open
// database and leaves no temporary file after a crash; its Cleanup
// removes what this function left behind.
func WriteFileAtomic(path string, mode os.FileMode, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".marginalia-tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	mode = mode.Perm() & 0o600
	if old, err := os.Stat(path); err == nil {
		mode &= old.Mode().Perm()
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), mode)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return err
}
