package bundle

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ReadFile reads and verifies the bundle at path; see Read. Errors about
// the file's content wrap ErrRefused; errors opening it do not.
func ReadFile(path string, limits Limits, progress func(done, total int)) (*Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read bundle: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read bundle: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("read bundle %s: not a regular file", path)
	}
	b, err := Read(f, info.Size(), limits, progress)
	if err != nil {
		return nil, fmt.Errorf("read bundle %s: %w", path, err)
	}
	return b, nil
}

// WriteFile writes b as a bundle to path; see Write. It writes a
// temporary file beside path and renames it into place, so path never
// holds half a bundle.
func WriteFile(path string, b *Bundle, meta Manifest, progress func(done, total int)) error {
	err := WriteFileAtomic(path, 0o644, func(w io.Writer) error { return Write(w, b, meta, progress) })
	if err != nil {
		return fmt.Errorf("write bundle %s: %w", path, err)
	}
	return nil
}

// WriteFileAtomic writes path through write into a temporary file in the
// same folder, synced, given mode and renamed into place, so a failed
// export never leaves half a file. Every export (bundle, W3C, CSV) and the
// database backup go through it.
func WriteFileAtomic(path string, mode os.FileMode, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".marginalia-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
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
