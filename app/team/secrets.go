package team

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ErrExposed means a file holding credentials can be read or written by
// users other than its owner; it is refused rather than used.
var ErrExposed = errors.New("readable by others")

// readPrivate reads a file that holds credentials, refusing it when its
// permissions let anyone but its owner read or change it. Its content is
// never put in an error message.
func readPrivate(what, path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s %s: not a regular file", what, path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("%s %s is %w (mode %04o): run 'chmod 600 %s'", what, path, ErrExposed, perm, path)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return buf.Bytes(), nil
}

// readPassword reads a password file: its first line, without the line
// end.
func readPassword(path string) (string, error) {
	data, err := readPrivate("password file", path)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	line = strings.TrimRight(line, "\r")
	if line == "" {
		return "", fmt.Errorf("password file %s: the first line is empty", path)
	}
	return line, nil
}

// checkCreds checks that a NATS credentials file is private before the
// client reads it.
func checkCreds(path string) error {
	_, err := readPrivate("credentials file", path)
	return err
}

// Member is one line of a hub's users file.
type Member struct {
	Name string
	// Password is the password, or its bcrypt hash ("$2a$…"), which
	// NATS compares against the one a member sends.
	Password string
}

// ReadUsers reads a users file: one NAME:PASSWORD a line, blank lines
// and lines starting with '#' ignored. It refuses a file that others can
// read, names that cannot be a subject token, duplicates and empty
// passwords; no message ever quotes a password.
func ReadUsers(path string) ([]Member, error) {
	data, err := readPrivate("users file", path)
	if err != nil {
		return nil, err
	}
	var out []Member
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, pass, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		switch {
		case !ok:
			return nil, fmt.Errorf("users file %s: line %d: want NAME:PASSWORD", path, n)
		case CheckName("member", name) != nil:
			return nil, fmt.Errorf("users file %s: line %d: %w", path, n, CheckName("member", name))
		case name == hubUser:
			return nil, fmt.Errorf("users file %s: line %d: the name %s is the hub's own", path, n, hubUser)
		case pass == "":
			return nil, fmt.Errorf("users file %s: line %d: empty password for %s", path, n, name)
		case seen[name]:
			return nil, fmt.Errorf("users file %s: line %d: %s is listed twice", path, n, name)
		}
		seen[name] = true
		out = append(out, Member{Name: name, Password: pass})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("users file %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("users file %s lists nobody", path)
	}
	return out, nil
}
