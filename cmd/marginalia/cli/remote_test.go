package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"marginalia/app/action"
	"marginalia/store/storetest"
)

// TestCommandsReachTheOpenStore serves a store as the window does and
// runs commands that find it through the socket: output, exit status,
// relative paths and errors come back as if run locally.
func TestCommandsReachTheOpenStore(t *testing.T) {
	runtime := t.TempDir()
	dbDir := t.TempDir()
	db := filepath.Join(dbDir, "m.db")
	st := storetest.OpenPath(t, db)
	svc := action.New(st, nil)
	env := func(k string) string {
		switch k {
		case "XDG_RUNTIME_DIR":
			return runtime
		case "MARGINALIA_DB":
			return db
		case "MARGINALIA_USER":
			return "remote"
		}
		return ""
	}
	ln, err := Listen(db, env)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan struct{})
	var raised atomic.Int32
	go func() { Serve(ctx, ln, svc, func() { raised.Add(1) }); close(served) }()
	defer func() { cancel(); <-served }()

	sock, _ := SocketPath(db, env)
	if info, err := os.Stat(sock); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("socket %s: %v %v", sock, info.Mode(), err)
	}
	if info, _ := os.Stat(filepath.Dir(sock)); info.Mode().Perm() != 0o700 {
		t.Errorf("socket folder mode %v, want 0700", info.Mode().Perm())
	}
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Main(t.Context(), args, Env{Stdout: &out, Stderr: &errb, Getenv: env})
		return code, out.String(), errb.String()
	}
	// The database is held by this process: without the socket a second
	// open would fail with "in use"; through it, commands work.
	article := filepath.Join(t.TempDir(), "a.md")
	if err := os.WriteFile(article, []byte("# Docks reopen\n\nThe union said the strike was over."), 0o600); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	rel, _ := filepath.Rel(wd, article)
	code, out, errs := run("import", rel)
	if code != 0 || errs != "" || !strings.Contains(out, "Docks reopen") {
		t.Fatalf("import through the socket: %d %q %q", code, out, errs)
	}
	id, _, _ := strings.Cut(out, "\t")
	if code, out, _ := run("annotate", id, "--quote", "the strike was over", "--kind", "claim"); code != 0 || out == "" {
		t.Errorf("annotate: %d %q", code, out)
	}
	if label := st.UndoLabel(); label != "Create claim" {
		t.Errorf("the command is not in the open store's undo history: %q", label)
	}
	if code, _, errs := run("show", "no-such-id"); code != 1 || !strings.Contains(errs, "not found") {
		t.Errorf("an error through the socket: %d %q", code, errs)
	}
	if code, _, _ := run("show", "--bogus"); code != 2 {
		t.Errorf("bad usage through the socket exits %d, want 2", code)
	}
	if code, out, _ := run(); code != 0 || raised.Load() != 1 || !strings.Contains(out, "already open") {
		t.Errorf("no command with a window open: %d %q raised %d", code, out, raised.Load())
	}
	// A second window on the same database cannot listen.
	if _, err := Listen(db, env); err == nil {
		t.Error("a second listener was allowed")
	}
}
