package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"marginalia/store"
)

// buildFlags are the flags the binary is built with: -race when the tests
// run with it, so the build reuses the test build's cache.
var buildFlags = []string{"build"}

const fixture = "../../../shared/fixtures/articles/kim-jong-un-shock-troops.txt"

// cliRun is one run of the built binary.
type cliRun struct {
	code           int
	stdout, stderr string
}

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "marginalia")
	cmd := exec.Command("go", append(buildFlags, "-o", bin, ".")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestCommandLineEndToEnd(t *testing.T) {
	if _, err := os.Stat(fixture); err != nil {
		t.Skipf("fixture not available: %v", err)
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	run := func(args ...string) cliRun {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "MARGINALIA_DB="+db, "MARGINALIA_USER=dana")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return cliRun{code, out.String(), errb.String()}
	}
	ok := func(args ...string) string {
		t.Helper()
		r := run(args...)
		if r.code != 0 {
			t.Fatalf("marginalia %s: exit %d\nstderr: %s", strings.Join(args, " "), r.code, r.stderr)
		}
		return r.stdout
	}
	fails := func(code int, wantErr string, args ...string) {
		t.Helper()
		r := run(args...)
		if r.code != code {
			t.Errorf("marginalia %s: exit %d, want %d (stderr %q)", strings.Join(args, " "), r.code, code, r.stderr)
		}
		if !strings.Contains(r.stderr, wantErr) {
			t.Errorf("marginalia %s: stderr %q does not contain %q", strings.Join(args, " "), r.stderr, wantErr)
		}
		if lines := strings.Count(strings.TrimSpace(r.stderr), "\n"); code == 1 && lines > 0 {
			t.Errorf("marginalia %s: error is %d lines, want one: %q", strings.Join(args, " "), lines+1, r.stderr)
		}
	}

	// Import prints "<id>\t<title>".
	out := ok("import", fixture)
	id, title, found := strings.Cut(strings.TrimSpace(out), "\t")
	if !found || !strings.HasPrefix(title, "Kim Jong Un Accuses US and West") {
		t.Fatalf("import printed %q", out)
	}

	// list --json has exactly the documented fields.
	var list []map[string]any
	mustJSON(t, ok("list", "--json"), &list)
	if len(list) != 1 || list[0]["id"] != id || list[0]["annotations"] != 0.0 {
		t.Fatalf("list = %v", list)
	}
	wantKeys(t, list[0], "id", "title", "source", "url", "published", "annotations")

	// Annotate: a claim with a speaker, tags, note and status; a quote by the same speaker.
	claim := strings.TrimSpace(ok("annotate", id, "--quote", "The United States and its allies are leveraging Ukraine as a testing ground",
		"--kind", "claim", "--speaker", "Kim Jong Un", "--tag", "ukraine", "--tag", "nato", "--status", "disputed", "--note", "KCNA framing"))
	quote := strings.TrimSpace(ok("annotate", id, "--quote", "shock troops", "--kind", "quote", "--speaker", "kim jong un"))
	second := strings.TrimSpace(ok("annotate", id, "--quote", "Kim", "--nth", "3", "--kind", "evidence"))

	before := ok("show", id, "--json")
	fails(1, id, "annotate", id, "--quote", "this sentence is not in the article", "--kind", "claim")
	fails(1, "occurrence 999", "annotate", id, "--quote", "Kim", "--nth", "999", "--kind", "claim")
	if after := ok("show", id, "--json"); after != before {
		t.Error("a failed annotate changed the article")
	}

	var shown struct {
		Article     map[string]any   `json:"article"`
		Annotations []map[string]any `json:"annotations"`
		Links       []map[string]any `json:"links"`
	}
	mustJSON(t, before, &shown)
	wantKeys(t, shown.Article, "id", "title", "byline", "source", "url", "published", "text")
	if len(shown.Annotations) != 3 {
		t.Fatalf("show has %d annotations, want 3", len(shown.Annotations))
	}
	text := []rune(shown.Article["text"].(string))
	byID := map[string]map[string]any{}
	for _, a := range shown.Annotations {
		wantKeys(t, a, "id", "kind", "start", "end", "exact", "prefix", "suffix", "speaker", "note", "tags", "status", "creator", "created", "modified")
		start, end := int(a["start"].(float64)), int(a["end"].(float64))
		if got := string(text[start:end]); got != a["exact"] {
			t.Errorf("text[%d:%d] = %q, exact = %q", start, end, got, a["exact"])
		}
		if p := a["prefix"].(string); utf8.RuneCountInString(p) > 32 || !strings.HasSuffix(string(text[:start]), p) {
			t.Errorf("prefix %q does not end right before the quote", p)
		}
		byID[a["id"].(string)] = a
	}
	if c := byID[claim]; c["speaker"] != "Kim Jong Un" || c["status"] != "disputed" || c["note"] != "KCNA framing" || c["creator"] != "dana" || len(c["tags"].([]any)) != 2 {
		t.Errorf("claim = %v", c)
	}
	if q := byID[quote]; q["speaker"] != "Kim Jong Un" || q["exact"] != "shock troops" || q["status"] != "" {
		t.Errorf("quote = %v", q)
	}
	if e := byID[second]; e["speaker"] != "" || e["exact"] != "Kim" {
		t.Errorf("third occurrence = %v", e)
	}

	// Search: a typo still finds the note; filters narrow; offsets are runes.
	var hits []map[string]any
	mustJSON(t, ok("search", "kcna framng", "--json"), &hits)
	if len(hits) == 0 || hits[0]["id"] != claim {
		t.Errorf("search for the note = %v, want the claim first", hits)
	} else {
		wantKeys(t, hits[0], "type", "id", "article_id", "kind", "title", "speaker", "text", "score", "matches")
		if hits[0]["kind"] != "claim" || hits[0]["title"] == "" {
			t.Errorf("the claim is labelled %v, %v", hits[0]["kind"], hits[0]["title"])
		}
	}
	mustJSON(t, ok("search", "shock", "kind:quote", "--json", "--limit", "5"), &hits)
	for _, r := range hits {
		if r["type"] != "annotation" || r["id"] != quote {
			t.Errorf("kind:quote returned %v", r)
		}
		text := []rune(r["text"].(string))
		for _, m := range r["matches"].([]any) {
			pair := m.([]any)
			if s, e := int(pair[0].(float64)), int(pair[1].(float64)); s < 0 || e > len(text) || s >= e {
				t.Errorf("match %v outside %q", pair, r["text"])
			}
		}
	}

	// Speakers: one Kim, found again case-insensitively; a new one added; a duplicate refused.
	ok("speaker", "add", "Hong Min", "--role", "senior researcher", "--affiliation", "Korea Institute for National Unification", "--alias", "Hong")
	fails(1, "already known", "speaker", "add", "HONG MIN")
	var speakers []map[string]any
	mustJSON(t, ok("speakers", "--json"), &speakers)
	if len(speakers) != 2 {
		t.Fatalf("speakers = %v", speakers)
	}
	for _, s := range speakers {
		wantKeys(t, s, "id", "name", "aliases", "role", "affiliation", "annotations")
		if s["name"] == "Kim Jong Un" && s["annotations"] != 2.0 {
			t.Errorf("Kim Jong Un has %v annotations, want 2", s["annotations"])
		}
	}

	// Detection and automatic attribution on the fixture.
	var detected []map[string]any
	mustJSON(t, ok("speakers", "detect", id, "--json"), &detected)
	names := map[string]bool{}
	for _, d := range detected {
		wantKeys(t, d, "name", "mentions")
		names[d["name"].(string)] = true
	}
	for _, want := range []string{"Kim Jong Un", "Hong Min", "Hwang Ildo"} {
		if !names[want] {
			t.Errorf("speakers detect lacks %s: %v", want, detected)
		}
	}
	for name := range names {
		if strings.Contains(name, "Agency") || strings.Contains(name, "Institute") || name == "North Korea" {
			t.Errorf("speakers detect lists an institution: %s", name)
		}
	}
	hwang := strings.TrimSpace(ok("annotate", id, "--quote", "Any return to summit-driven diplomacy is unlikely in the short term", "--kind", "quote", "--speaker", "auto"))
	mustJSON(t, ok("show", id, "--json"), &shown)
	for _, a := range shown.Annotations {
		if a["id"] == hwang && a["speaker"] != "Hwang Ildo" {
			t.Errorf("--speaker auto attributed the quote to %q, want Hwang Ildo", a["speaker"])
		}
	}
	fails(1, "no speaker found", "annotate", id, "--quote", "Related Posts", "--kind", "evidence", "--speaker", "auto")

	// Merge a duplicate speaker: its annotations move, its name becomes an alias.
	ok("speaker", "add", "Kim Jong-un")
	ok("annotate", id, "--quote", "World War III", "--kind", "claim", "--speaker", "Kim Jong-un")
	ok("speaker", "merge", "Kim Jong-un", "Kim Jong Un")
	mustJSON(t, ok("speakers", "--json"), &speakers)
	for _, s := range speakers {
		if s["name"] == "Kim Jong Un" && (s["annotations"] != 3.0 || len(s["aliases"].([]any)) != 1) {
			t.Errorf("after the merge Kim Jong Un = %v, want 3 annotations and the alias", s)
		}
	}
	fails(1, "not found", "speaker", "merge", "Nobody", "Kim Jong Un")

	// A second article, linked both ways.
	md := filepath.Join(dir, "follow.md")
	writeFile(t, md, "# Seoul responds\n\nSeoul said the **troops** claim was *unfounded*, according to [officials](https://example.org).\n")
	id2, _, _ := strings.Cut(strings.TrimSpace(ok("import", md)), "\t")
	link := strings.TrimSpace(ok("link", id, id2, "--relation", "follow-up", "--note", "reaction"))
	ok("link", quote, claim, "--relation", "supports")
	fails(2, "relation", "link", id, id2, "--relation", "cousin-of")
	fails(1, "already exists", "link", id, id2, "--relation", "follow-up")
	var links []map[string]any
	mustJSON(t, ok("links", id2, "--json"), &links)
	if len(links) != 1 || links[0]["id"] != link || links[0]["direction"] != "in" || links[0]["from"] != id {
		t.Errorf("links of the second article = %v", links)
	}
	wantKeys(t, links[0], "id", "from", "from_type", "to", "to_type", "relation", "note", "direction")
	if links[0]["from_type"] != "article" || links[0]["to_type"] != "article" {
		t.Errorf("end types = %v, %v; want article, article", links[0]["from_type"], links[0]["to_type"])
	}
	var rel []map[string]any
	mustJSON(t, ok("related", id, "--json"), &rel)
	if len(rel) != 1 || rel[0]["id"] != id2 {
		t.Errorf("related = %v, want the second article", rel)
	} else {
		wantKeys(t, rel[0], "id", "title", "score", "reasons")
	}
	ok("unlink", link)
	mustJSON(t, ok("links", id2, "--json"), &links)
	if len(links) != 0 {
		t.Errorf("links after unlink = %v", links)
	}
	fails(1, "not found", "unlink", link)
	ok("link", id, id2, "--relation", "follow-up")

	// Bad files are refused and change nothing.
	listBefore := ok("list", "--json")
	binFile := filepath.Join(dir, "photo.txt")
	writeFile(t, binFile, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
	empty := filepath.Join(dir, "empty.md")
	writeFile(t, empty, "  \n\n")
	latin1 := filepath.Join(dir, "latin1.txt")
	writeFile(t, latin1, "Caf\xe9 cr\xe8me")
	fails(1, "binary", "import", binFile)
	fails(1, "empty", "import", empty)
	fails(1, "UTF-8", "import", latin1)
	fails(1, "nothing was imported", "import", md, latin1)
	if got := ok("list", "--json"); got != listBefore {
		t.Error("a refused import changed the library")
	}
	// Importing the same text again does not duplicate it.
	if again := ok("import", fixture); !strings.HasPrefix(again, id) {
		t.Errorf("re-import printed %q, want the existing id %s", again, id)
	}

	// Export a bundle; a colleague's empty database merges it, twice to no effect.
	bundleFile := filepath.Join(dir, "team.marginalia")
	ok("export", "-o", bundleFile)
	other := filepath.Join(dir, "colleague.db")
	report := ok("--db", other, "merge", bundleFile)
	if !strings.Contains(report, "articles:    2 added") {
		t.Errorf("first merge report:\n%s", report)
	}
	again := ok("--db", other, "merge", bundleFile)
	if strings.Contains(again, " 1 added") || strings.Contains(again, " 2 added") || !strings.Contains(again, "2 unchanged") {
		t.Errorf("second merge changed something:\n%s", again)
	}
	if got, want := ok("--db", other, "list", "--json"), ok("list", "--json"); got != want {
		t.Errorf("merged library differs:\n%s\nwant\n%s", got, want)
	}
	if got := ok("--db", other, "check"); got != "ok\n" {
		t.Errorf("check after merge: %q", got)
	}
	corrupt := filepath.Join(dir, "corrupt.marginalia")
	data, _ := os.ReadFile(bundleFile)
	writeFile(t, corrupt, string(data[:len(data)/2]))
	beforeMerge := ok("--db", other, "show", id, "--json")
	fails(1, "nothing was changed", "--db", other, "merge", corrupt)
	if ok("--db", other, "show", id, "--json") != beforeMerge {
		t.Error("a refused merge changed the database")
	}
	w3cFile, csvFile := filepath.Join(dir, "w3c.jsonld"), filepath.Join(dir, "notes.csv")
	ok("export", "--format", "w3c", "--article", id, "-o", w3cFile)
	ok("export", "--format", "csv", "-o", csvFile)
	var coll map[string]any
	w3cData, _ := os.ReadFile(w3cFile)
	mustJSON(t, string(w3cData), &coll)
	if coll["type"] != "AnnotationCollection" {
		t.Errorf("w3c export type = %v", coll["type"])
	}
	if csvData, _ := os.ReadFile(csvFile); !strings.HasPrefix(string(csvData), "article_title,") && !strings.Contains(strings.SplitN(string(csvData), "\n", 2)[0], "quote") {
		t.Errorf("csv header = %q", strings.SplitN(string(csvData), "\n", 2)[0])
	}
	fails(2, "-o FILE is required", "export")

	// Backup, delete with cascade, check.
	backup := filepath.Join(dir, "backup.db")
	ok("backup", backup)
	ok("delete", id)
	if got := ok("check"); got != "ok\n" {
		t.Errorf("check printed %q", got)
	}
	mustJSON(t, ok("links", id2, "--json"), &links)
	if len(links) != 0 {
		t.Errorf("deleted article left links: %v", links)
	}
	r := run("--db", backup, "list", "--json")
	mustJSON(t, r.stdout, &list)
	if len(list) != 2 {
		t.Errorf("backup lists %d articles, want 2", len(list))
	}

	// Usage errors exit 2; help exits 0.
	fails(2, "unknown command", "frobnicate")
	fails(2, "--quote is required", "annotate", id2, "--kind", "claim")
	fails(2, "wrong number of arguments", "show")
	for _, args := range [][]string{{"--help"}, {"annotate", "--help"}, {"speaker", "--help"}} {
		if r := run(args...); r.code != 0 || !strings.Contains(r.stdout, "Usage: marginalia") {
			t.Errorf("marginalia %v: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}

	// A database held by another process fails fast with a clear message.
	held, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	fails(1, "in use by another process", "list")
	held.Close()
}

func mustJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
}

func wantKeys(t *testing.T, m map[string]any, keys ...string) {
	t.Helper()
	if len(m) != len(keys) {
		t.Errorf("object has %d fields, want %d: %v", len(m), len(keys), m)
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("object lacks %q: %v", k, m)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestNoDisplayIsAClearError(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin, "--db", filepath.Join(t.TempDir(), "m.db"))
	cmd.Env = append(os.Environ(), "DISPLAY=", "WAYLAND_DISPLAY=")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit = %v, want 1\n%s", err, out)
	}
	if !strings.Contains(string(out), "no display") || strings.Contains(string(out), "panic") {
		t.Errorf("output %q, want a one-line 'no display' error", out)
	}
}

// TestNothingOnStderrUnderAnyLocale runs commands under the locales of
// containers, CI machines and desktops: a command that succeeds writes
// nothing on stderr (Fyne's locale error included).
func TestNothingOnStderrUnderAnyLocale(t *testing.T) {
	if _, err := os.Stat(fixture); err != nil {
		t.Skipf("fixture not available: %v", err)
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "m.db")
	for _, env := range [][]string{
		{"LANG=C.UTF-8"}, {"LANG="}, {"LANG=C"}, {"LANG=POSIX"}, {"LANG=en_US.UTF-8"},
		{"LANG=", "LC_ALL=C.UTF-8"}, {"LANG=de_DE.UTF-8", "LC_MESSAGES=POSIX.UTF-8"},
	} {
		for _, args := range [][]string{{"import", fixture}, {"list"}, {"check"}, {"search", "kim"}, {"--help"}} {
			cmd := exec.Command(bin, args...)
			cmd.Env = append(os.Environ(), "MARGINALIA_DB="+db, "LANGUAGE=", "LC_ALL=", "LC_MESSAGES=")
			cmd.Env = append(cmd.Env, env...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil || stderr.Len() > 0 {
				t.Errorf("%v marginalia %s: %v, stderr %q", env, strings.Join(args, " "), err, stderr.String())
			}
		}
	}
}
