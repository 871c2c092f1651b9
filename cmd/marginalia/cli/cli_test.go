package cli

import (
	"bytes"
	"flag"
	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/atomicfile"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseIntersperses(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		wantPos  []string
		wantKind string
		wantTags []string
	}{
		{"flags after positional", []string{"ID", "--kind", "claim"}, []string{"ID"}, "claim", nil},
		{"flags around", []string{"--tag", "a", "ID", "--kind", "quote", "--tag", "b"}, []string{"ID"}, "quote", []string{"a", "b"}},
		{"double dash", []string{"--kind", "claim", "--", "--not-a-flag"}, []string{"--not-a-flag"}, "claim", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			kind := fs.String("kind", "", "")
			var tags multiFlag
			fs.Var(&tags, "tag", "")
			pos, err := (&session{}).parse(Spec{Name: "x"}, fs, tc.args, 0, -1)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(pos, tc.wantPos) || *kind != tc.wantKind || !slices.Equal(tags, tc.wantTags) {
				t.Errorf("got pos %q kind %q tags %q; want %q %q %q", pos, *kind, tags, tc.wantPos, tc.wantKind, tc.wantTags)
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	for _, tc := range []struct {
		args     []string
		want     int
		inStderr string
	}{
		{[]string{"list"}, 1, "no database at"}, // read commands never create one
		{[]string{"delete", "missing-id"}, 1, "no record missing-id"},
		{[]string{"list"}, 0, ""},
		{[]string{"nope"}, 2, "unknown command"},
		{[]string{"list", "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"--bogus"}, 2, "flag provided but not defined"},
		{[]string{"show"}, 2, "wrong number of arguments"},
		{[]string{"show", "missing-id"}, 1, "not found"},
		{[]string{"annotate", "x", "--quote", "q", "--kind", "rumour"}, 2, "--kind must be"},
		{[]string{"annotate", "x", "--quote", "q", "--kind", "quote", "--status", "false"}, 2, "claims only"},
		{[]string{"check"}, 0, ""},
		{[]string{"edit", "some-id"}, 2, "nothing to change"},
		{[]string{"edit", "some-id", "--new-speaker"}, 2, "nothing to change"},
		{[]string{"edit", "some-id", "--tag", "a", "--no-tags"}, 2, "contradict"},
		{[]string{"edit", "missing-id", "--note", "x"}, 1, "not found"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			env := Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
				if k == "MARGINALIA_DB" {
					return db
				}
				return ""
			}}
			if got := Main(t.Context(), tc.args, env); got != tc.want {
				t.Errorf("exit %d, want %d (stderr %q)", got, tc.want, errb.String())
			}
			if !strings.Contains(errb.String(), tc.inStderr) {
				t.Errorf("stderr %q does not contain %q", errb.String(), tc.inStderr)
			}
		})
	}
}

// TestREADMEListsEveryCommand keeps the README's command table and the
// commands' own usage lines from drifting apart: every command's synopsis
// appears in the table exactly, and the table names no other command.
func TestREADMEListsEveryCommand(t *testing.T) {
	data, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(data), "\n") {
		if cell, ok := strings.CutPrefix(line, "| `"); ok {
			if usage, _, ok := strings.Cut(cell, "` |"); ok {
				rows = append(rows, strings.ReplaceAll(usage, `\|`, "|"))
			}
		}
	}
	var want []string
	for _, c := range commands(&session{}) {
		want = append(want, c.Spec().Usage())
	}
	for _, w := range want {
		if !slices.Contains(rows, w) {
			t.Errorf("the README's command table lacks a row for `%s`", w)
		}
	}
	for _, r := range rows {
		if strings.Contains(r, "Ctrl") || !strings.HasPrefix(r, strings.ToLower(r[:1])) {
			continue // the window's key table
		}
		if !slices.Contains(want, r) {
			t.Errorf("the README lists `%s`, which no command's usage says", r)
		}
	}
}

// TestHelpOfEveryCommand runs --help on every command: usage on stdout,
// exit 0, and the options the command takes.
func TestHelpOfEveryCommand(t *testing.T) {
	for _, c := range commands(&session{}) {
		name := c.Spec().Name
		t.Run(name, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := append(strings.Fields(name), "--help")
			if code := Main(t.Context(), args, Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}); code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			if !strings.HasPrefix(out.String(), "Usage: marginalia "+c.Spec().Usage()) || errb.Len() > 0 {
				t.Errorf("help = %q, stderr %q", out.String(), errb.String())
			}
		})
	}
}

// TestOpenCleansInterruptedWrites checks that opening the database for
// writing removes the temporary files an interrupted export or backup left
// in its folder, and leaves other files alone.
func TestOpenCleansInterruptedWrites(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	stale := filepath.Join(dir, atomicfile.TempPrefix+"backup-123")
	keep := filepath.Join(dir, "notes.txt")
	for _, p := range []string{stale, keep} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Getenv: func(k string) string {
		if k == "MARGINALIA_DB" {
			return db
		}
		return ""
	}}
	if got := Main(t.Context(), []string{"speaker", "add", "Ada Lovelace"}, env); got != 0 {
		t.Fatalf("speaker add exited %d", got)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the interrupted write's temporary file is still there (%v)", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("another file went: %v", err)
	}
}

// TestSearchUpgradesOnce: a database from before the stored search index
// gets one, once, with a message, and search then finds words of the
// article text.
func TestSearchUpgradesOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	old, err := store.Open(db, &store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	svc := action.New(old, nil)
	if _, err := svc.Import([]action.Source{svc.ReadData("a.txt", []byte("Harbour strike\n\nThe dockers walked out over pay."))}); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, string) {
		var out, errb bytes.Buffer
		env := Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
			if k == "MARGINALIA_DB" {
				return db
			}
			return ""
		}}
		if code := Main(t.Context(), args, env); code != 0 {
			t.Fatalf("%v exited %d: %s", args, code, errb.String())
		}
		return out.String(), errb.String()
	}
	out, msg := run("search", "dokers", "pay")
	if !strings.Contains(msg, "Building the search index") || !strings.Contains(out, "Harbour strike") {
		t.Errorf("first search: stdout %q, stderr %q; want the upgrade message and the article", out, msg)
	}
	if _, msg = run("search", "dockers"); msg != "" {
		t.Errorf("the second search upgraded again: %q", msg)
	}
	if out, _ = run("check"); out != "ok\n" {
		t.Errorf("check after the upgrade: %q", out)
	}
}
