package cli

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"marginalia/app/action"
)

// Commands and the running window.
//
// bbolt lets one process at a time open a database for writing, so while
// the workbench window is open the command line cannot open it. Instead,
// the window listens on a Unix socket named after its database, in a
// folder only its user can enter (the socket itself mode 0600, and each
// connection's peer checked to be the same user), and runs the commands
// it receives in its own process, against the store it has open: reads,
// backups, and writes, which then show in the window and in its undo
// history. A command that finds no window on its database opens the
// database itself, as always.

// request is what the command line sends the window.
type request struct {
	Args []string          `json:"args"`
	Dir  string            `json:"dir"` // the caller's working directory, for relative paths
	Env  map[string]string `json:"env"`
}

// Frame types of the window's answer: chunks of stdout and stderr, then
// the exit status.
const (
	frameStdout = 'o'
	frameStderr = 'e'
	frameExit   = 'x'
	maxFrame    = 1 << 20
	maxRequest  = 1 << 20
)

// forwardedEnv are the variables a command reads, passed to the window.
var forwardedEnv = []string{"MARGINALIA_USER", "USER", "MARGINALIA_DB", "XDG_DATA_HOME", "HOME"}

// SocketPath is where the window open on the database at dbPath listens:
// $XDG_RUNTIME_DIR/marginalia/<hash of the database's absolute path>.sock,
// or the same under the temporary folder when there is no runtime folder.
func SocketPath(dbPath string, getenv func(string) string) (string, error) {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return "", fmt.Errorf("socket for %s: %w", dbPath, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	dir := getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "marginalia-"+strconv.Itoa(os.Getuid()))
	} else {
		dir = filepath.Join(dir, "marginalia")
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, hex.EncodeToString(sum[:12])+".sock"), nil
}

// privateDir creates dir for the current user only, or checks that an
// existing one is theirs and closed to others.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	info, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() || info.Mode().Perm()&0o077 != 0 || !ownedByMe(info) {
		return fmt.Errorf("%s is not a folder only you can open; not listening there", dir)
	}
	return nil
}

// Listen opens the socket the window serves commands on. A stale socket
// left by a crashed window is replaced; a live one is an error (another
// window is open on the database, which bbolt's lock prevents anyway).
func Listen(dbPath string, getenv func(string) string) (net.Listener, error) {
	path, err := SocketPath(dbPath, getenv)
	if err != nil {
		return nil, err
	}
	if err := privateDir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("listen for commands: %w", err)
	}
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return nil, fmt.Errorf("listen for commands: another window serves %s", dbPath)
	}
	_ = os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listen for commands: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("listen for commands: %w", err)
	}
	return ln, nil
}

// Serve runs the commands that arrive on ln against svc until ctx ends or
// ln is closed, one goroutine per connection. raise brings the window to
// the front when the command line is run without a command.
func Serve(ctx context.Context, ln net.Listener, svc *action.Service, raise func()) {
	var wg sync.WaitGroup
	defer wg.Wait()
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		wg.Go(func() {
			defer conn.Close()
			serveConn(ctx, conn, svc, raise)
		})
	}
}

func serveConn(ctx context.Context, conn net.Conn, svc *action.Service, raise func()) {
	if err := checkPeer(conn); err != nil {
		return
	}
	var req request
	if err := json.NewDecoder(io.LimitReader(conn, maxRequest)).Decode(&req); err != nil {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		// The client closing its end (Ctrl+C) cancels the command.
		_, _ = io.Copy(io.Discard, conn)
		cancel()
	}()
	w := &frameWriter{w: conn}
	stdout := w.stream(frameStdout)
	code := Main(ctx, req.Args, Env{
		Stdout: stdout,
		Stderr: w.stream(frameStderr),
		Getenv: func(k string) string { return req.Env[k] },
		Dir:    req.Dir,
		GUI: func(context.Context, *action.Service) error {
			raise()
			fmt.Fprintf(stdout, "The workbench is already open on %s; it is brought to the front.\n", svc.Store().Path())
			return nil
		},
		Open: func(path string, readOnly bool, fn func(*action.Service) error) error {
			if !sameFile(path, svc.Store().Path()) {
				return fmt.Errorf("the window serving this socket has %s open, not %s", svc.Store().Path(), path)
			}
			return fn(svc)
		},
	})
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(code))
	_ = w.frame(frameExit, b[:])
}

func sameFile(a, b string) bool {
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}

// frameWriter writes frames to the connection, one at a time.
type frameWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (f *frameWriter) frame(typ byte, p []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var hdr [5]byte
	hdr[0] = typ
	binary.BigEndian.PutUint32(hdr[1:], uint32(len(p)))
	if _, err := f.w.Write(hdr[:]); err != nil {
		return err
	}
	_, err := f.w.Write(p)
	return err
}

// stream is an io.Writer that sends what is written as frames of typ.
func (f *frameWriter) stream(typ byte) io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		for rest := p; len(rest) > 0; {
			n := min(len(rest), maxFrame)
			if err := f.frame(typ, rest[:n]); err != nil {
				return len(p) - len(rest), err
			}
			rest = rest[n:]
		}
		return len(p), nil
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// errServed carries the exit status of a command the window ran.
type errServed struct{ code int }

func (e errServed) Error() string { return "served by the window: exit " + strconv.Itoa(e.code) }

// forward runs the session's command in the window open on dbPath, if
// there is one, copying its output; ok is false when no window answers.
func (s *session) forward(dbPath string) (ok bool, err error) {
	path, err := SocketPath(dbPath, s.env.Getenv)
	if err != nil {
		return false, nil
	}
	if info, err := os.Lstat(filepath.Dir(path)); err != nil || !info.IsDir() || info.Mode().Perm()&0o077 != 0 || !ownedByMe(info) {
		return false, nil
	}
	conn, err := net.DialTimeout("unix", path, 2*time.Second)
	if err != nil {
		return false, nil // no window: open the database here
	}
	defer conn.Close()
	dir, _ := os.Getwd()
	req := request{Args: s.args, Dir: dir, Env: map[string]string{}}
	for _, k := range forwardedEnv {
		if v := s.env.Getenv(k); v != "" {
			req.Env[k] = v
		}
	}
	if err := json.NewEncoder(conn).Encode(req); err != nil {
		return true, fmt.Errorf("send the command to the open window: %w", err)
	}
	r := bufio.NewReader(conn)
	for {
		var hdr [5]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return true, fmt.Errorf("the open window did not finish the command: %w", err)
		}
		n := binary.BigEndian.Uint32(hdr[1:])
		if n > maxFrame {
			return true, errors.New("the open window sent a malformed answer")
		}
		p := make([]byte, n)
		if _, err := io.ReadFull(r, p); err != nil {
			return true, fmt.Errorf("the open window did not finish the command: %w", err)
		}
		switch hdr[0] {
		case frameStdout:
			_, _ = s.env.Stdout.Write(p)
		case frameStderr:
			_, _ = s.env.Stderr.Write(p)
		case frameExit:
			if len(p) != 4 {
				return true, errors.New("the open window sent a malformed answer")
			}
			return true, errServed{int(binary.BigEndian.Uint32(p))}
		}
	}
}
