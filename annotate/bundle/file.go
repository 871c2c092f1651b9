package bundle

import (
	"fmt"
	"os"
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
