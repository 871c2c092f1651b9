package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/store"
)

const teamArticle = `Port talks collapse as strike enters third week

By Ana Ruiz

The harbour authority said on Monday that talks with the dockers' union had collapsed. "We offered a fair rise and they walked away," said Tomás Ferreira, the authority's chief negotiator.

The union disputes that account. Its secretary, Lina Okafor, said the offer was below inflation for the third year running.

Shipping lines have begun diverting cargo to other ports, and the chamber of commerce estimates the losses at two million euros a day.`

// analysts runs commands as analysts, each on their own database, with one
// clock that moves a minute per command.
type analysts struct {
	t   *testing.T
	dir string
	now time.Time
}

func (tm *analysts) db(name string) string { return filepath.Join(tm.dir, name+".db") }

// run runs one command as analyst who on database db and returns its
// standard output, failing the test on a non-zero exit.
func (tm *analysts) run(db, who string, args ...string) string {
	tm.t.Helper()
	tm.now = tm.now.Add(time.Minute)
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Dir: tm.dir, Now: func() time.Time { return tm.now }, Getenv: func(k string) string {
		switch k {
		case "MARGINALIA_DB":
			return db
		case "MARGINALIA_USER":
			return who
		}
		return ""
	}}
	if code := Main(tm.t.Context(), args, env); code != 0 {
		tm.t.Fatalf("%s on %s: %v exited %d: %s", who, filepath.Base(db), args, code, errb.String())
	}
	return strings.TrimSpace(out.String())
}

// state is what a database holds, in a canonical form: its annotations,
// its tombstones and its open disagreements.
func state(t *testing.T, db string) string {
	t.Helper()
	st, err := store.Open(db, &store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var lines []string
	err = st.View(func(tx *store.Tx) error {
		if err := tx.ForEachAnnotation(func(a annotate.Annotation) error {
			lines = append(lines, fmt.Sprintf("annotation %s %s %s %q %v %s %q", a.ID, a.Kind, a.Status, a.Note, a.Tags, a.Creator, a.Quote.Exact))
			return nil
		}); err != nil {
			return err
		}
		stones, err := tx.Tombstones()
		if err != nil {
			return err
		}
		for _, ts := range stones {
			lines = append(lines, fmt.Sprintf("tombstone %s %s %s", ts.ID, ts.Type, ts.Deleter))
		}
		units, err := tx.Disagreements()
		for _, u := range units {
			lines = append(lines, "disagreement "+u.Key)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// TestThreeAnalysts drives a team through the command line: A and B
// annotate one article, B deletes one of A's highlights after merging A's
// work, A edits another; merging the bundles in every order into every
// database ends with the same records, tombstones and disagreements, and
// merging a bundle twice changes nothing.
func TestThreeAnalysts(t *testing.T) {
	tm := &analysts{t: t, dir: t.TempDir(), now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	if err := os.WriteFile(filepath.Join(tm.dir, "port.txt"), []byte(teamArticle), 0o600); err != nil {
		t.Fatal(err)
	}
	A, B := tm.db("ana"), tm.db("ben")
	art, _, _ := strings.Cut(tm.run(A, "ana", "import", "port.txt"), "\t")
	claimA := tm.run(A, "ana", "annotate", art, "--quote", "talks with the dockers' union had collapsed", "--kind", "claim", "--status", "disputed")
	quoteA := tm.run(A, "ana", "annotate", art, "--quote", "We offered a fair rise and they walked away", "--kind", "quote", "--speaker", "Tomás Ferreira")
	evidA := tm.run(A, "ana", "annotate", art, "--quote", "two million euros a day", "--kind", "evidence")
	tm.run(A, "ana", "export", "-o", "ana-1.marginalia")

	tm.run(B, "ben", "merge", "ana-1.marginalia")
	tm.run(B, "ben", "annotate", art, "--quote", "talks with the dockers' union had collapsed", "--kind", "claim", "--status", "false")
	tm.run(B, "ben", "delete", quoteA)
	tm.run(B, "ben", "export", "-o", "ben-1.marginalia")

	tm.run(A, "ana", "edit", evidA, "--note", "chamber's own estimate; ask for the method")
	tm.run(A, "ana", "export", "-o", "ana-2.marginalia")

	// Each analyst takes the other's latest bundle.
	tm.run(A, "ana", "merge", "ben-1.marginalia")
	tm.run(B, "ben", "merge", "ana-2.marginalia")
	want := state(t, A)
	for _, must := range []string{"tombstone " + quoteA, "disagreement ", `"chamber's own estimate`, "annotation " + claimA} {
		if !strings.Contains(want, must) {
			t.Fatalf("after the exchange, A's database lacks %q:\n%s", must, want)
		}
	}
	if strings.Contains(want, "annotation "+quoteA) {
		t.Fatalf("the deleted quote came back:\n%s", want)
	}
	if got := state(t, B); got != want {
		t.Errorf("B's database differs from A's:\ngot  %s\nwant %s", got, want)
	}

	// A third analyst merges the three bundles, the older one included,
	// in every order.
	bundles := []string{"ana-1.marginalia", "ana-2.marginalia", "ben-1.marginalia"}
	for i, order := range permutations(bundles) {
		db := tm.db(fmt.Sprintf("cara-%d", i))
		for _, b := range order {
			tm.run(db, "cara", "merge", b)
		}
		if got := state(t, db); got != want {
			t.Errorf("merging %v:\ngot  %s\nwant %s", order, got, want)
		}
		for _, b := range bundles {
			var rep store.Report
			if err := json.Unmarshal([]byte(tm.run(db, "cara", "merge", b, "--json")), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Changed() {
				t.Errorf("after %v, merging %s again changed %+v", order, b, rep.Records)
			}
		}
	}
}

func permutations(xs []string) [][]string {
	if len(xs) <= 1 {
		return [][]string{slices.Clone(xs)}
	}
	var out [][]string
	for i := range xs {
		rest := append(slices.Clone(xs[:i]), xs[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]string{xs[i]}, p...))
		}
	}
	return out
}
