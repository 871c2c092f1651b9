package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// FuzzMergeCheck merges whatever bundle.Read accepts into a database that
// already holds an article, an annotation and a tombstone: a merge never
// leaves the database inconsistent (Check finds nothing), a refused
// bundle changes nothing, and merging the same bundle again changes
// nothing. The seed corpus is in testdata/fuzz/FuzzMergeCheck.
func FuzzMergeCheck(f *testing.F) {
	for _, seed := range mergeSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := bundle.Read(bytes.NewReader(data), int64(len(data)), bundle.Limits{MaxRecordMemory: 64 << 20}, nil)
		if err != nil {
			return
		}
		s, err := Open(filepath.Join(t.TempDir(), "m.db"), &Options{NoSync: true, InitialMmapSize: 4 << 20})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		seedStore(t, s)
		before := mgDump(t, s)
		if _, err := s.Merge(b, MergeOptions{}); err != nil {
			if after := mgDump(t, s); len(after) != len(before) {
				t.Fatalf("a refused merge changed the database: %v", err)
			}
			return
		}
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			t.Fatalf("after the merge: %v %v", problems, err)
		}
		rep, err := s.Merge(b, MergeOptions{})
		if err != nil || rep.Changed() {
			t.Fatalf("merging again: %+v, %v", rep, err)
		}
	})
}

// seedStore puts an article, an annotation on it and a deleted annotation
// in s, so fuzzed bundles meet stored records and a tombstone.
func seedStore(t testing.TB, s *Store) {
	t.Helper()
	a, err := annotate.NewArticle("Stored", "A stored article with a few words in it.", t0)
	if err != nil {
		t.Fatal(err)
	}
	txt := annotate.NewText(a.Text)
	n, _ := annotate.NewAnnotation(a.ID, txt, annotate.Span{Start: 2, End: 8}, annotate.KindClaim, "dana", t0)
	gone, _ := annotate.NewAnnotation(a.ID, txt, annotate.Span{Start: 9, End: 16}, annotate.KindQuote, "dana", t0)
	err = s.Update(func(tx *Tx) error {
		if err := tx.PutArticle(a); err != nil {
			return err
		}
		if err := tx.PutAnnotation(n); err != nil {
			return err
		}
		if err := tx.PutAnnotation(gone); err != nil {
			return err
		}
		tx.Actor("lee", t0.Add(time.Hour))
		return tx.DeleteAnnotation(gone.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// mergeSeeds are small bundles: new records, the stored article again
// with more, and a tombstone; the written seed files add damaged ones.
func mergeSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	a, _ := annotate.NewArticle("Fresh", "Fresh words for a fresh article, and more words.", t0)
	txt := annotate.NewText(a.Text)
	n, _ := annotate.NewAnnotation(a.ID, txt, annotate.Span{Start: 0, End: 5}, annotate.KindEvidence, "lee", t0)
	sp := annotate.Speaker{ID: annotate.NewID(), Name: "Ana Ruiz"}
	n.SpeakerID = sp.ID
	l := annotate.Link{ID: annotate.NewID(), From: annotate.Ref{Type: annotate.RefArticle, ID: a.ID}, To: annotate.Ref{Type: annotate.RefAnnotation, ID: n.ID}, Relation: annotate.RelRelated, Created: t0}
	var out [][]byte
	for _, b := range []*bundle.Bundle{
		{Articles: []annotate.Article{a}, Annotations: []annotate.Annotation{n}, Speakers: []annotate.Speaker{sp}, Links: []annotate.Link{l}},
		{Tombstones: []annotate.Tombstone{{ID: n.ID, Type: annotate.RecordAnnotation, Deleter: "x", Deleted: t0}}},
	} {
		var buf bytes.Buffer
		if err := bundle.Write(&buf, b, bundle.Manifest{}, nil); err != nil {
			tb.Fatal(err)
		}
		out = append(out, buf.Bytes())
	}
	return out
}

// TestWriteMergeSeeds keeps testdata/fuzz/FuzzMergeCheck filled with the
// seed bundles (go test -run TestWriteMergeSeeds -args -write).
func TestWriteMergeSeeds(t *testing.T) {
	if os.Getenv("MARGINALIA_WRITE_SEEDS") == "" {
		t.Skip("set MARGINALIA_WRITE_SEEDS=1 to rewrite the seed corpus")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzMergeCheck")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, seed := range mergeSeeds(t) {
		var sb strings.Builder
		sb.WriteString("go test fuzz v1\n[]byte(")
		sb.WriteString(strconvQuote(seed))
		sb.WriteString(")\n")
		if err := os.WriteFile(filepath.Join(dir, "seed"+string(rune('a'+i))), []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func strconvQuote(b []byte) string { return strconv.Quote(string(b)) }
