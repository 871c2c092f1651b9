//go:build unix

package bundle

import (
	"errors"
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
