package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// ls lists the names in dir, sorted.
func ls(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// newFileMode is what a new file gets here: 0600 minus the umask.
func newFileMode(t *testing.T) os.FileMode {
	t.Helper()
	path := filepath.Join(t.TempDir(), "probe")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}

// ways are the two ways a write can go: an unnamed O_TMPFILE file where
// Linux has one, and a named temporary file everywhere.
var ways = []struct {
	name string
	opts Options
}{{"unnamed", Options{}}, {"named", Options{noTmpfile: true}}}

func TestWriteFileModes(t *testing.T) {
	fresh := newFileMode(t)
	for _, way := range ways {
		for _, tc := range []struct {
			name string
			old  os.FileMode // 0: no file there
			want os.FileMode
		}{
			{"new file", 0, fresh},
			{"replaces a world-readable file", 0o644, fresh & 0o644},
			{"keeps a narrower mode", 0o400, fresh & 0o400},
			{"never widens to group", 0o640, fresh & 0o640},
			{"keeps no permission at all", 0o200, fresh & 0o200},
		} {
			t.Run(way.name+"/"+tc.name, func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, "out.csv")
				if tc.old != 0 {
					if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
						t.Fatal(err)
					}
					if err := os.Chmod(path, tc.old); err != nil {
						t.Fatal(err)
					}
				}
				if err := WriteFile(path, way.opts, writeString("new content")); err != nil {
					t.Fatal(err)
				}
				info, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if got := info.Mode().Perm(); got != tc.want {
					t.Errorf("got mode %v, want %v", got, tc.want)
				}
				if os.Getuid() == 0 || tc.want&0o400 != 0 {
					if got := readString(t, path); got != "new content" {
						t.Errorf("got content %q, want %q", got, "new content")
					}
				}
				if got := ls(t, dir); !slices.Equal(got, []string{"out.csv"}) {
					t.Errorf("got files %v, want only out.csv", got)
				}
			})
		}
	}
}

func TestWriteFileFailureLeavesTargetAlone(t *testing.T) {
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.w3c.json")
			if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			boom := errors.New("disk on fire")
			err := WriteFile(path, way.opts, func(w io.Writer) error {
				io.WriteString(w, "half a file")
				return boom
			})
			if !errors.Is(err, boom) {
				t.Errorf("got %v, want the write's own error", err)
			}
			if got := readString(t, path); got != "old" {
				t.Errorf("got content %q, want the old content", got)
			}
			if got := ls(t, dir); !slices.Equal(got, []string{"out.w3c.json"}) {
				t.Errorf("got files %v, want only the target", got)
			}
			// Into a folder that is not there: an error, nothing created.
			if err := WriteFile(filepath.Join(dir, "no", "such"), way.opts, writeString("x")); err == nil {
				t.Error("got no error writing into a missing folder")
			}
		})
	}
}

func TestProtectedFilesAreNeverReplaced(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := filepath.Join(dir, "x.db")
	lockPath := db + ".lock"
	for _, p := range []string{db, lockPath} {
		if err := os.WriteFile(p, []byte("precious "+filepath.Base(p)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir("sub", 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(db, "hard.db"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(db, "sym.db"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../sym.db", "sub/symsym.db"); err != nil { // a link to a link
		t.Fatal(err)
	}
	protect := []string{"x.db", lockPath, "absent.json"}
	before := ls(t, dir)

	for _, way := range ways {
		for _, target := range []string{db, "x.db", "./x.db", "sub/../x.db", "hard.db", "sym.db", "sub/symsym.db", lockPath, "x.db.lock"} {
			t.Run(way.name+"/"+target, func(t *testing.T) {
				opts := way.opts
				opts.Protect = protect
				called := false
				err := WriteFile(target, opts, func(w io.Writer) error { called = true; return nil })
				if !errors.Is(err, ErrProtected) {
					t.Fatalf("got %v, want an error wrapping ErrProtected", err)
				}
				if called {
					t.Error("the write ran")
				}
				if !strings.Contains(err.Error(), db) && !strings.Contains(err.Error(), lockPath) {
					t.Errorf("got %q, want the message to name the protected file", err)
				}
			})
		}
	}
	for _, p := range []string{db, lockPath} {
		if got, want := readString(t, p), "precious "+filepath.Base(p); got != want {
			t.Errorf("%s: got %q, want %q", p, got, want)
		}
	}
	if got := ls(t, dir); !slices.Equal(got, before) {
		t.Errorf("got files %v, want %v", got, before)
	}

	// Another file, even beside the database, is fine; a folder is not.
	if err := WriteFile("export.csv", Options{Protect: protect}, writeString("ok")); err != nil {
		t.Errorf("writing another file: %v", err)
	}
	if err := Check("sub", protect...); err == nil || errors.Is(err, ErrProtected) {
		t.Errorf("checking a folder: got %v, want an error that is not ErrProtected", err)
	}
}

func TestCleanup(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, age time.Duration) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("leftover"), 0o600); err != nil {
			t.Fatal(err)
		}
		then := time.Now().Add(-age)
		if err := os.Chtimes(p, then, then); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write(TempPrefix+"abandoned", 0)
	write(legacyPrefix+"123", 2*time.Hour)
	write(legacyPrefix+"456", 0) // an old build may be writing it
	write("notes.txt", 2*time.Hour)
	write("marginalia-tmp-not-hidden", 2*time.Hour)
	busy := write(TempPrefix+"busy", 2*time.Hour)
	f, err := os.OpenFile(busy, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := lock(f); err != nil {
		t.Fatal(err)
	}

	n, err := Cleanup(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{legacyPrefix + "456", TempPrefix + "busy", "marginalia-tmp-not-hidden", "notes.txt"}
	wantN := 2
	if !canLock {
		want = []string{legacyPrefix + "456", "marginalia-tmp-not-hidden", "notes.txt"}
		wantN = 3
	}
	if got := ls(t, dir); n != wantN || !slices.Equal(got, want) {
		t.Errorf("got %d removed, %v left; want %d removed, %v left", n, got, wantN, want)
	}
	if _, err := Cleanup(filepath.Join(dir, "missing")); err == nil {
		t.Error("got no error cleaning a missing folder")
	}
}

// TestKillMidWrite kills a child process (SIGKILL, as kill -9 does) in the
// middle of a write and checks that the target keeps its old content and
// that no temporary file is left once Cleanup has run, and Cleanup alone
// removes one only where it could appear at all.
func TestKillMidWrite(t *testing.T) {
	if spec := os.Getenv("ATOMICFILE_KILL_CHILD"); spec != "" {
		killChild(spec)
		return
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL on Windows")
	}
	for _, tc := range []struct {
		scenario string
		leftover bool // a named temporary file can be left before Cleanup
	}{
		{"unnamed/writing", false},
		{"named/writing", true},
		{"unnamed/linked", true},
		{"named/linked", true},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			if runtime.GOOS != "linux" && strings.HasPrefix(tc.scenario, "unnamed") {
				t.Skip("O_TMPFILE is Linux only")
			}
			dir := t.TempDir()
			target := filepath.Join(dir, "export.marginalia")
			if err := os.WriteFile(target, []byte("the old export"), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestKillMidWrite$")
			cmd.Env = append(os.Environ(), "ATOMICFILE_KILL_CHILD="+tc.scenario+"|"+target)
			stdin, err := cmd.StdinPipe() // never written: the child blocks reading it
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, err := bufio.NewReader(out).ReadString('\n')
			if err != nil || line != "ready\n" {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("child said %q, %v; want ready", line, err)
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()

			if got := readString(t, target); got != "the old export" {
				t.Errorf("got target %q, want the old export intact", got)
			}
			left := ls(t, dir)
			if tc.leftover != (len(left) == 2) {
				t.Errorf("got %v in the folder right after the kill; want a leftover: %v", left, tc.leftover)
			}
			if _, err := Cleanup(dir); err != nil {
				t.Fatal(err)
			}
			if got := ls(t, dir); !slices.Equal(got, []string{"export.marginalia"}) {
				t.Errorf("got %v after Cleanup, want only the target", got)
			}
			// The next write goes through.
			if err := WriteFile(target, Options{}, writeString("the new export")); err != nil {
				t.Fatal(err)
			}
			if got := readString(t, target); got != "the new export" {
				t.Errorf("got %q after a new write", got)
			}
		})
	}
}

// killChild runs in the child process of TestKillMidWrite: it starts a
// write, says "ready" at the chosen moment and then waits to be killed.
func killChild(spec string) {
	scenario, target, _ := strings.Cut(spec, "|")
	way, moment, _ := strings.Cut(scenario, "/")
	hang := func() {
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin) // blocks until killed
		os.Exit(3)
	}
	opts := Options{noTmpfile: way == "named"}
	if moment == "linked" {
		opts.afterLink = hang
	}
	err := WriteFile(target, opts, func(w io.Writer) error {
		chunk := []byte(strings.Repeat("half an export ", 4096))
		for range 64 {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		if moment == "writing" {
			hang()
		}
		return nil
	})
	fmt.Fprintln(os.Stderr, "child: write returned", err)
	os.Exit(2)
}
