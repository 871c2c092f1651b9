//go:build unix

package extract

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"marginalia/annotate"
)

func TestFileRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "article.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, want string
	}{
		{fifo, "named pipe"}, // open(2) would wait for a writer for ever
		{"/dev/zero", "device"},
		{dir, "folder"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			_, err := File(tc.path)
			if !errors.Is(err, annotate.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an ErrInvalid saying it is a %s", err, tc.want)
			}
		})
	}
}
