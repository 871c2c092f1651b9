package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTagCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	file := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(file, []byte("Port strike ends\n\nThe union said the strike was over. Wages would rise. Jobs would go."), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, db, "import", file)
	if code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	id, _, _ := strings.Cut(out, "\t")
	for _, a := range [][]string{
		{"--quote", "the strike was over", "--tag", "labor", "--tag", "politics/elections"},
		{"--quote", "Wages would rise", "--tag", "Labour"},
		{"--quote", "Jobs would go", "--tag", "labor"},
	} {
		if code, _, stderr := run(t, db, append([]string{"annotate", id, "--kind", "claim"}, a...)...); code != 0 {
			t.Fatalf("annotate: %s", stderr)
		}
	}
	tags := func() map[string]int {
		t.Helper()
		code, out, stderr := run(t, db, "tags", "--json")
		if code != 0 {
			t.Fatalf("tags: %s", stderr)
		}
		var items []map[string]any
		if err := json.Unmarshal([]byte(out), &items); err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, it := range items {
			wantKeys(t, it, "tag", "annotations", "articles", "description", "colour")
			got[it["tag"].(string)] = int(it["annotations"].(float64))
		}
		return got
	}
	if got := tags(); got["labor"] != 2 || got["Labour"] != 1 || got["politics/elections"] != 1 {
		t.Fatalf("tags = %v", got)
	}
	if code, out, _ := run(t, db, "tags"); code != 0 || !strings.HasPrefix(out, "TAG") || !strings.Contains(out, "labor") {
		t.Errorf("tags (text) = %d %q", code, out)
	}
	// Renaming onto a tag in use is refused; merging is the way.
	if code, _, stderr := run(t, db, "tag", "rename", "labor", "labour"); code != 1 || !strings.Contains(stderr, "merge") {
		t.Errorf("rename onto a tag in use: %d %q", code, stderr)
	}
	if code, out, stderr := run(t, db, "tag", "merge", "labor", "Labour"); code != 0 || out != "merged tag labor into Labour on 2 records\n" {
		t.Errorf("merge: %d %q %q", code, out, stderr)
	}
	if code, out, stderr := run(t, db, "tag", "rename", "Politics", "government"); code != 0 || !strings.Contains(out, "on 1 records") {
		t.Errorf("rename: %d %q %q", code, out, stderr)
	}
	if got := tags(); got["Labour"] != 3 || got["government/elections"] != 1 || len(got) != 2 {
		t.Errorf("after merge and rename, tags = %v", got)
	}
	if code, _, stderr := run(t, db, "tag", "merge", "nothing", "x"); code != 1 || !strings.Contains(stderr, "no tag") {
		t.Errorf("merging a tag nobody uses: %d %q", code, stderr)
	}
	if code, _, _ := run(t, db, "tag", "rename", "x"); code != 2 {
		t.Errorf("rename with one argument exits %d, want 2", code)
	}
}

func wantKeys(t *testing.T, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%v lacks %q", m, k)
		}
	}
	if len(m) != len(keys) {
		t.Errorf("%v has keys beyond %q", m, keys)
	}
}
