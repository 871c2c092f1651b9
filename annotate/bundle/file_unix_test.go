//go:build unix

package bundle

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadFileRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe"+Extension)
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, want string
	}{
		{fifo, "named pipe"}, // would block forever in open(2) without a writer
		{"/dev/null", "device"},
		{dir, "folder"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			_, err := ReadFile(tc.path, Limits{}, nil)
			if err == nil || errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying it is a %s", err, tc.want)
			}
		})
	}
}

func TestWriteFileIsPrivate(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		old  os.FileMode
		want os.FileMode
	}{
		{"new", 0, 0o600},
		{"replaces 0644", 0o644, 0o600},
		{"keeps 0400", 0o400, 0o400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+Extension)
			if tc.old != 0 {
				if err := os.WriteFile(path, nil, tc.old); err != nil {
					t.Fatal(err)
				}
				os.Chmod(path, tc.old)
			}
			if err := WriteFile(path, testBundle(t, 1, 1), Manifest{}, nil); err != nil {
				t.Fatal(err)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Mode().Perm(); got&^tc.want != 0 {
				t.Errorf("got mode %v, want at most %v", got, tc.want)
			}
		})
	}
}
