package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinksGiveEachEndsType: 'links --json' says whether each end is an
// article or an annotation.
func TestLinksGiveEachEndsType(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	file := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(file, []byte("Port strike ends\n\nThe union said the strike was over."), 0o600); err != nil {
		t.Fatal(err)
	}
	_, out, _ := run(t, db, "import", file)
	art, _, _ := strings.Cut(out, "\t")
	code, out, stderr := run(t, db, "annotate", art, "--quote", "the strike was over", "--kind", "claim")
	if code != 0 {
		t.Fatal(stderr)
	}
	claim := strings.TrimSpace(out)
	if code, _, stderr := run(t, db, "link", claim, art, "--relation", "source-of"); code != 0 {
		t.Fatal(stderr)
	}
	_, out, _ = run(t, db, "links", art, "--json")
	var links []map[string]any
	if err := json.Unmarshal([]byte(out), &links); err != nil {
		t.Fatal(err)
	}
	if len(links) != 1 || links[0]["from_type"] != "annotation" || links[0]["to_type"] != "article" || links[0]["from"] != claim {
		t.Errorf("links = %v, want from annotation %s to the article", links, claim)
	}
}
