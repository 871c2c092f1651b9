package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
)

// versioned makes a bundle whose article is at version 2, with one
// annotation on each version and a tombstone.
func versioned(t *testing.T) *Bundle {
	t.Helper()
	old := "The plan would cost $4 million, the mayor said."
	a, err := annotate.NewArticle("Bus lanes", "The plan would cost $6 million, the mayor said on Tuesday.", testTime)
	if err != nil {
		t.Fatal(err)
	}
	a.Version = 2
	v1 := annotate.ArticleVersion{ArticleID: a.ID, N: 1, Title: "Bus lanes", Imported: testTime.Add(-time.Hour), Text: old, TextHash: annotate.HashText(old)}
	onNew, err := annotate.NewAnnotation(a.ID, annotate.NewText(a.Text), annotate.Span{Start: 4, End: 8}, annotate.KindClaim, "dana", testTime)
	if err != nil {
		t.Fatal(err)
	}
	onNew.Version = 2
	onNew.Anchor = &annotate.Anchoring{Method: "mapped", Confidence: 0.97, From: 1, OldQuote: "plan"}
	onOld, err := annotate.NewAnnotation(a.ID, annotate.NewText(old), annotate.Span{Start: 20, End: 30}, annotate.KindQuote, "dana", testTime)
	if err != nil {
		t.Fatal(err)
	}
	onOld.Version = 1
	return &Bundle{Articles: []annotate.Article{a}, Annotations: []annotate.Annotation{onNew, onOld}, Versions: []annotate.ArticleVersion{v1},
		Tombstones: []annotate.Tombstone{{ID: annotate.NewID(), Type: annotate.RecordAnnotation, ArticleID: a.ID, Deleter: "lee", Deleted: testTime}}}
}

func TestFormat2RoundTrip(t *testing.T) {
	b := versioned(t)
	var buf bytes.Buffer
	if err := Write(&buf, b, Manifest{Creator: "dana"}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()), Limits{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Manifest.Version != 2 || got.Counts() != b.Counts() {
		t.Fatalf("read format %d with %v, want 2 with %v", got.Manifest.Version, got.Counts(), b.Counts())
	}
	for _, pair := range [][2]any{{got.Versions, b.Versions}, {got.Tombstones, b.Tombstones}, {got.Annotations, b.Annotations}, {got.Articles, b.Articles}} {
		g, _ := json.Marshal(pair[0])
		w, _ := json.Marshal(pair[1])
		if !bytes.Equal(g, w) {
			t.Errorf("read back\n%s\nwant\n%s", g, w)
		}
	}
}

func TestFormat2Refusals(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(b *Bundle)
		want   string
	}{
		{"annotation on a version the bundle lacks", func(b *Bundle) { b.Versions = nil }, "does not hold"},
		{"version without its article", func(b *Bundle) { b.Versions[0].ArticleID = annotate.NewID() }, "without the article"},
		{"version not below the article's", func(b *Bundle) { b.Versions[0].N = 2 }, "at version 2"},
		{"version text and hash differ", func(b *Bundle) { b.Versions[0].Text += " More." }, "hash"},
		{"a record deleted by its own bundle", func(b *Bundle) {
			b.Tombstones[0].ID = b.Annotations[0].ID
			b.Tombstones[0].Deleted = b.Annotations[0].Modified.Add(time.Hour)
		}, "deleted by it later"},
		{"tombstone of an unknown type", func(b *Bundle) { b.Tombstones[0].Type = "rumour" }, "unknown record type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := versioned(t)
			tc.change(b)
			_, err := b.Verify()
			if err == nil || !errors.Is(err, annotate.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Verify = %v, want an invalid error mentioning %q", err, tc.want)
			}
		})
	}
}

// TestReadsFormat1 reads a bundle written in format 1 (no versions, no
// tombstones), as colleagues on an older build send them.
func TestReadsFormat1(t *testing.T) {
	b := testBundle(t, 2, 3)
	var buf bytes.Buffer
	if err := Write(&buf, b, Manifest{}, nil); err != nil {
		t.Fatal(err)
	}
	old := rewriteManifestVersion(t, buf.Bytes(), 1)
	got, err := Read(bytes.NewReader(old), int64(len(old)), Limits{}, nil)
	if err != nil || got.Manifest.Version != 1 || got.Counts() != b.Counts() {
		t.Fatalf("format 1: %v, %+v", err, got)
	}
}

// rewriteManifestVersion copies a bundle with its manifest's version set
// to v (the entries are untouched, so their checksums still hold).
func rewriteManifestVersion(t *testing.T, data []byte, v int) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == ManifestName {
			var m map[string]any
			if err := json.Unmarshal(content, &m); err != nil {
				t.Fatal(err)
			}
			m["version"] = v
			content, _ = json.Marshal(m)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
