package action_test

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/atomicfile"
)

// Crash safety: a child process runs imports, annotations, merges and
// exports against one database, printing a line after each one commits;
// the parent kills it with SIGKILL at a random moment, then checks that
// the database is consistent, that everything the child reported is
// there, that no merge is partial and no export is half written. make test
// runs a few trials; make stress (MARGINALIA_STRESS=N) runs N.

const crashChildEnv = "MARGINALIA_CRASH_CHILD"

func TestCrashChild(t *testing.T) {
	db := os.Getenv(crashChildEnv)
	if db == "" {
		t.Skip("run by TestKillDuringWork")
	}
	st, err := store.Open(db, nil)
	if err != nil {
		fmt.Println("open-failed", err)
		os.Exit(3)
	}
	svc := action.New(st, nil)
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, args ...any) {
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
	}
	bundlePath := filepath.Join(filepath.Dir(db), "colleague.marginalia")
	for i := 0; ; i++ {
		text := fmt.Sprintf("Article %d\n\n%s", i, strings.Repeat(fmt.Sprintf("Sentence %d of a report on the strike. ", i), 40))
		done, err := svc.Import([]action.Source{svc.ReadData(fmt.Sprintf("a%d.txt", i), []byte(text))})
		if err != nil {
			say("error import %v", err)
			os.Exit(4)
		}
		art := done[0].Article
		say("article %s", art.ID)
		res, err := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "report on the strike", Kind: annotate.KindClaim, Note: strconv.Itoa(i), Creator: "crash"})
		if err != nil {
			say("error annotate %v", err)
			os.Exit(4)
		}
		say("annotation %s", res.Annotation.ID)
		rep, err := svc.MergeFile(bundlePath, action.MergeOptions{})
		if err != nil {
			say("error merge %v", err)
			os.Exit(4)
		}
		say("merged %d", rep.Annotations.Added+rep.Annotations.Unchanged)
		out := filepath.Join(filepath.Dir(db), "export.marginalia")
		if _, err := svc.Export("bundle", nil, out, action.ExportOptions{}); err != nil {
			say("error export %v", err)
			os.Exit(4)
		}
		say("exported")
	}
}

func TestKillDuringWork(t *testing.T) {
	trials := 3
	if n, err := strconv.Atoi(os.Getenv("MARGINALIA_STRESS")); err == nil && n > 0 {
		trials = n
	}
	if testing.Short() {
		trials = 1
	}
	for trial := range trials {
		t.Run(strconv.Itoa(trial), func(t *testing.T) { killOnce(t, int64(trial)) })
	}
}

func killOnce(t *testing.T, seed int64) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	// A colleague's bundle of 40 annotations on one article, merged again
	// and again: after a kill it must be there whole or not at all.
	colleague := colleagueBundle(t)
	if err := os.WriteFile(filepath.Join(dir, "colleague.marginalia"), colleague, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+db)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	time.Sleep(time.Duration(200+rng.IntN(1500)) * time.Millisecond) // when to pull the plug, not a wait for a result
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()

	st, err := store.Open(db, nil)
	if err != nil {
		t.Fatalf("reopen after the kill: %v\nchild said:\n%s", err, stdout.String())
	}
	defer st.Close()
	if problems, err := st.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check after the kill: %v %v", problems, err)
	}
	reported := 0
	for _, line := range strings.Split(stdout.String(), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "article", "annotation":
			reported++
			_ = st.View(func(tx *store.Tx) error {
				if _, err := tx.Kind(f[1]); err != nil {
					t.Errorf("the child reported %s %s, which is not in the database", f[0], f[1])
				}
				return nil
			})
		case "error":
			t.Errorf("the child failed: %s", line)
		}
	}
	// The colleague's annotations: all or none.
	b, _ := bundle.Read(bytes.NewReader(colleague), int64(len(colleague)), bundle.Limits{}, nil)
	have := 0
	_ = st.View(func(tx *store.Tx) error {
		for _, a := range b.Annotations {
			if _, err := tx.Annotation(a.ID); err == nil {
				have++
			}
		}
		return nil
	})
	if have != 0 && have != len(b.Annotations) {
		t.Errorf("a partial merge: %d of the bundle's %d annotations", have, len(b.Annotations))
	}
	// An export is either the old file, the new one, or absent: never half.
	if data, err := os.ReadFile(filepath.Join(dir, "export.marginalia")); err == nil {
		if _, err := bundle.Read(bytes.NewReader(data), int64(len(data)), bundle.Limits{}, nil); err != nil {
			t.Errorf("a half-written export: %v", err)
		}
	}
	// A kill in the middle of the export leaves its temporary file; the
	// next start (the command line and the window, on opening the
	// database) removes it, and nothing else.
	if _, err := atomicfile.Cleanup(dir); err != nil {
		t.Errorf("clean up after the kill: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".marginalia") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
	for _, name := range []string{"m.db", "colleague.marginalia"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("after cleaning up: %v", err)
		}
	}
	t.Logf("killed after %d reported records", reported)
}

// colleagueBundle writes a bundle of one article with 40 annotations.
func colleagueBundle(t *testing.T) []byte {
	t.Helper()
	text := strings.Repeat("The union and the port authority met again on Monday. ", 60)
	a, err := annotate.NewArticle("Colleague's article", text, time.Unix(1_700_000_000, 0).UTC())
	if err != nil {
		t.Fatal(err)
	}
	b := &bundle.Bundle{Articles: []annotate.Article{a}}
	tx := annotate.NewText(a.Text)
	for i := range 40 {
		n, err := annotate.NewAnnotation(a.ID, tx, annotate.Span{Start: i * 50, End: i*50 + 20}, annotate.KindEvidence, "colleague", time.Unix(1_700_000_000, 0).UTC())
		if err != nil {
			t.Fatal(err)
		}
		b.Annotations = append(b.Annotations, n)
	}
	var buf bytes.Buffer
	if err := bundle.Write(&buf, b, bundle.Manifest{}, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
