package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer a command writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// run runs the command line on db and returns its exit status, stdout and
// stderr.
func run(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		switch k {
		case "MARGINALIA_DB":
			return db
		case "MARGINALIA_USER":
			return strings.TrimSuffix(filepath.Base(db), ".db")
		}
		return ""
	}}
	code := Main(t.Context(), args, env)
	return code, out.String(), errb.String()
}

// TestTeamCommands: a hub served by 'hub serve', two analysts who join
// it, annotate, push and pull through the command line.
func TestTeamCommands(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	users := write("users", "ana:pw-ana\nben:pw-ben\n", 0o644)
	if code, _, stderr := run(t, "", "hub", "serve", "--users", users, "--store", dir); code != 1 || !strings.Contains(stderr, "chmod 600") {
		t.Fatalf("hub serve with a users file others can read: exit %d, %q", code, stderr)
	}
	if err := os.Chmod(users, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	var hubOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"hub", "serve", "--listen", "127.0.0.1:0", "--users", users, "--store", filepath.Join(dir, "hub"), "--team", "desk"},
			Env{Stdout: &hubOut, Stderr: &hubOut, Getenv: func(string) string { return "" }})
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("hub serve exited %d: %s", code, hubOut.String())
		}
	}()
	urlRe := regexp.MustCompile(`nats://127\.0\.0\.1:\d+`)
	deadline := time.Now().Add(20 * time.Second)
	for urlRe.FindString(hubOut.String()) == "" {
		if time.Now().After(deadline) {
			t.Fatalf("the hub never said where it listens: %q", hubOut.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	url := urlRe.FindString(hubOut.String())

	anaDB, benDB := filepath.Join(dir, "ana.db"), filepath.Join(dir, "ben.db")
	for _, who := range []string{"ana", "ben"} {
		pw := write(who+".pw", "pw-"+who+"\n", 0o600)
		db := filepath.Join(dir, who+".db")
		if code, stdout, stderr := run(t, db, "team", "join", url, "--user", who, "--password-file", pw, "--team", "desk"); code != 0 || !strings.Contains(stdout, "joined team desk") {
			t.Fatalf("team join: exit %d, %q %q", code, stdout, stderr)
		}
	}
	code, stdout, stderr := run(t, anaDB, "import", "../../../../shared/fixtures/articles/kim-jong-un-shock-troops.txt")
	if code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	id, _, _ := strings.Cut(stdout, "\t")
	if code, _, stderr := run(t, anaDB, "annotate", id, "--quote", "shock troops", "--kind", "quote"); code != 0 {
		t.Fatalf("annotate: %s", stderr)
	}
	if code, stdout, stderr := run(t, anaDB, "team", "push"); code != 0 || !strings.Contains(stdout, "pushed 2 records in 1 bundle") {
		t.Fatalf("team push: exit %d, %q %q", code, stdout, stderr)
	}
	if code, stdout, _ := run(t, anaDB, "team", "push"); code != 0 || stdout != "nothing to push\n" {
		t.Errorf("second push: exit %d, %q", code, stdout)
	}
	code, stdout, stderr = run(t, benDB, "team", "pull", "--json")
	if code != 0 {
		t.Fatalf("team pull: exit %d, %q", code, stderr)
	}
	var pulled struct {
		Merged []struct {
			Sender string `json:"sender"`
			Report struct {
				Annotations struct {
					Added int `json:"added"`
				} `json:"annotations"`
			} `json:"report"`
		} `json:"merged"`
		Refused []any `json:"refused"`
	}
	if err := json.Unmarshal([]byte(stdout), &pulled); err != nil {
		t.Fatalf("pull --json: %v in %q", err, stdout)
	}
	if len(pulled.Merged) != 1 || pulled.Merged[0].Sender != "ana" || pulled.Merged[0].Report.Annotations.Added != 1 || pulled.Refused == nil {
		t.Errorf("pull --json = %s", stdout)
	}
	code, stdout, _ = run(t, benDB, "team", "status", "--json")
	var st struct {
		Joined    bool   `json:"joined"`
		User      string `json:"user"`
		Connected bool   `json:"connected"`
		Waiting   int    `json:"waiting"`
	}
	if err := json.Unmarshal([]byte(stdout), &st); err != nil || code != 0 {
		t.Fatalf("status --json: exit %d, %v in %q", code, err, stdout)
	}
	if !st.Joined || st.User != "ben" || !st.Connected || st.Waiting != 0 {
		t.Errorf("status = %s", stdout)
	}
	if strings.Contains(stdout, "pw-ben") {
		t.Error("the status shows the password")
	}

	// The hub stops: ben's work waits, and says so.
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("hub serve exited %d", code)
	}
	done <- 0 // for the deferred check
	if code, _, stderr := run(t, benDB, "annotate", id, "--quote", "shock troops", "--kind", "claim"); code != 0 {
		t.Fatalf("annotate: %s", stderr)
	}
	if code, _, stderr := run(t, benDB, "team", "push"); code != 1 || !strings.Contains(stderr, "1 changes wait") {
		t.Errorf("push with the hub stopped: exit %d, %q", code, stderr)
	}
	if code, stdout, _ := run(t, benDB, "team", "status"); code != 0 || !strings.Contains(stdout, "offline") || !strings.Contains(stdout, "1 changes to push") {
		t.Errorf("status with the hub stopped: exit %d, %q", code, stdout)
	}
}
