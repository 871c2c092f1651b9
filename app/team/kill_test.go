package team

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/storetest"
)

// The child process of TestKilledDuringPull: it pulls into the library at
// $MARGINALIA_TEAM_CHILD_DB and, at the moment $MARGINALIA_TEAM_CHILD
// names, says so on stdout and waits to be killed.
const childEnv, childDBEnv = "MARGINALIA_TEAM_CHILD", "MARGINALIA_TEAM_CHILD_DB"

func runChild(when, db string) {
	st, err := store.Open(db, nil)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	c, err := Dial(action.New(st, nil), Options{})
	if err != nil {
		fmt.Println("dial:", err)
		os.Exit(1)
	}
	stop := func(string) {
		fmt.Println(when)
		select {} // killed here
	}
	switch when {
	case "fetched":
		c.hooks.afterFetch = stop
	case "merged":
		c.hooks.afterMerge = stop
	}
	_, err = c.Pull(context.Background(), nil)
	fmt.Println("pull ended without being killed:", err)
	os.Exit(1)
}

// TestKilledDuringPull: a client is killed (SIGKILL) after fetching a
// bundle and before merging it, or after merging it and before saving its
// position. Pulling again merges the bundle exactly once: the library
// ends with each record once, consistent (storetest checks it), and
// the bundle marked merged.
func TestKilledDuringPull(t *testing.T) {
	if when := os.Getenv(childEnv); when != "" {
		runChild(when, os.Getenv(childDBEnv))
		return
	}
	for _, when := range []string{"fetched", "merged"} {
		t.Run(when, func(t *testing.T) {
			ctx := context.Background()
			h := testHub(t, t.TempDir(), "", "ana", "cy")
			ana := join(t, h.URL(), "ana")
			want := map[string]bool{}
			for _, id := range ana.annotate(t, "a", 5) {
				want[id] = true
			}
			pushed, err := ana.c.Push(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// cy's library, joined, then closed for the child to open.
			db := filepath.Join(t.TempDir(), "cy.db")
			st, err := store.Open(db, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Join(ctx, action.New(st, nil), Settings{Hub: h.URL(), Team: testTeam, User: "cy", PasswordFile: passwordFile(t, "cy")}); err != nil {
				t.Fatal(err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}

			cmd := exec.Command(os.Args[0], "-test.run=^TestKilledDuringPull$")
			cmd.Env = append(os.Environ(), childEnv+"="+when, childDBEnv+"="+db)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := make(chan string, 1)
			go func() {
				sc := bufio.NewScanner(out)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			select {
			case line := <-lines:
				if line != when {
					_ = cmd.Process.Kill()
					t.Fatalf("the child said %q, want %q", line, when)
				}
			case <-time.After(60 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatal("the child never got there")
			}
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				t.Fatal(err)
			}
			if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
				t.Fatalf("the child ended with %v, want killed", err)
			}

			cy := &member{name: "cy", st: storetest.OpenPath(t, db)}
			cy.svc = action.New(cy.st, nil)
			if merged := cy.svc.TeamMerged(pushed.Last); merged != (when == "merged") {
				t.Errorf("killed once %s: bundle marked merged %v", when, merged)
			}
			cy.dial(t)
			got, err := cy.c.Pull(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if wantMerges := map[string]int{"fetched": 1, "merged": 0}[when]; len(got.Merged) != wantMerges {
				t.Errorf("the pull after the kill merged %d bundles, want %d", len(got.Merged), wantMerges)
			}
			if have := cy.annotations(t); !sameSet(have, want) {
				t.Errorf("cy has %d annotations, want %d", len(have), len(want))
			}
			if !cy.svc.TeamMerged(pushed.Last) {
				t.Error("the bundle is not marked merged")
			}
			if again, err := cy.c.Pull(ctx, nil); err != nil || len(again.Merged) != 0 {
				t.Errorf("pulling again merged %d (%v), want 0", len(again.Merged), err)
			}
		})
	}
}
