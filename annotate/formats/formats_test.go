package formats

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/annotate/qdpx"
)

var testTime = time.Unix(0, 0).UTC()

func testBundle(t *testing.T) *bundle.Bundle {
	t.Helper()
	art, err := annotate.NewArticle("A headline", "Some text to mark, and a claim to check.", testTime)
	if err != nil {
		t.Fatal(err)
	}
	art.URL = "https://news.example.org/a"
	txt := annotate.NewText(art.Text)
	ann, err := annotate.NewAnnotation(art.ID, txt, annotate.Span{Start: 5, End: 9}, annotate.KindEvidence, "dana", testTime)
	if err != nil {
		t.Fatal(err)
	}
	span, _ := txt.Find("a claim to check", 1)
	claim, err := annotate.NewAnnotation(art.ID, txt, span, annotate.KindClaim, "dana", testTime)
	if err != nil {
		t.Fatal(err)
	}
	claim.Status = annotate.StatusFalse
	return &bundle.Bundle{Articles: []annotate.Article{art}, Annotations: []annotate.Annotation{ann, claim}}
}

func TestEveryExporterWritesSomething(t *testing.T) {
	b := testBundle(t)
	for _, f := range Exporters() {
		t.Run(f.Name, func(t *testing.T) {
			opts := Options{Generated: testTime}
			if f.NeedsOrg {
				// Without the organisation, the export says so.
				if err := f.Write(io.Discard, b, opts); err == nil {
					t.Error("a format that needs an organisation wrote without one")
				}
				opts.Org = Organization{Name: "Fact Desk", URL: "https://factdesk.example.org"}
			}
			var buf bytes.Buffer
			var last, total int
			opts.Progress = func(d, tot int) { last, total = d, tot }
			if err := f.Write(&buf, b, opts); err != nil {
				t.Fatal(err)
			}
			if buf.Len() == 0 {
				t.Error("wrote nothing")
			}
			if f.Ext == "" || f.Ext[0] != '.' || f.Title == "" || f.Summary == "" {
				t.Errorf("format %+v lacks an extension, title or summary", f)
			}
			if f.Report || f.NeedsOrg || f.Name == "qdpx" || f.Name == "bundle" {
				if total == 0 || last != total {
					t.Errorf("progress ended at %d/%d, want done == total > 0", last, total)
				}
			}
		})
	}
}

func TestImportersReadWhatTheyWrite(t *testing.T) {
	b := testBundle(t)
	for _, f := range Importers() {
		t.Run(f.Name, func(t *testing.T) {
			if !f.CanExport() {
				t.Skip("import only")
			}
			var buf bytes.Buffer
			if err := f.Write(&buf, b, Options{Generated: testTime}); err != nil {
				t.Fatal(err)
			}
			imp, err := f.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()), ReadOptions{Now: testTime})
			if err != nil {
				t.Fatal(err)
			}
			if len(imp.Bundle.Articles) != 1 || len(imp.Bundle.Annotations) != 2 || imp.Bundle.Articles[0].Text != b.Articles[0].Text {
				t.Errorf("got %s back", imp.Bundle.Counts())
			}
		})
	}
}

func TestAnnotationReaders(t *testing.T) {
	b := testBundle(t)
	w3c, err := Lookup("w3c")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w3c.Write(&buf, b, Options{Generated: testTime}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"notes.jsonld", "export.JSON"} {
		f, err := ForAnnotations(name)
		if err != nil {
			t.Fatal(err)
		}
		file, err := f.ReadAnnotations(bytes.NewReader(buf.Bytes()), ReadOptions{Now: testTime})
		if err != nil || len(file.Annotations) != 2 {
			t.Errorf("%s via %s: got %v, %v", name, f.Name, file, err)
		}
	}
}

func TestChoosingByFileName(t *testing.T) {
	for _, tc := range []struct {
		file, importer, annotations string
	}{
		{"work.marginalia", "bundle", ""},
		{"Study.QDPX", "qdpx", ""},
		{"hypothesis.json", "", "hypothesis"},
		{"collection.jsonld", "", "w3c"},
		{"notes.txt", "", ""},
	} {
		f, err := ForImport(tc.file)
		if tc.importer == "" && err == nil || tc.importer != "" && f.Name != tc.importer {
			t.Errorf("ForImport(%s) = %s, %v; want %q", tc.file, f.Name, err, tc.importer)
		}
		f, err = ForAnnotations(tc.file)
		if tc.annotations == "" && err == nil || tc.annotations != "" && f.Name != tc.annotations {
			t.Errorf("ForAnnotations(%s) = %s, %v; want %q", tc.file, f.Name, err, tc.annotations)
		}
	}
}

func TestImportRefusalsWrapTheCodecs(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "evil.qdpx")
	if err := os.WriteFile(path, []byte("PK not a zip"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := ForImport(path)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if _, err := f.Read(bytes.NewReader(data), int64(len(data)), ReadOptions{Now: testTime}); !errors.Is(err, qdpx.ErrRefused) {
		t.Errorf("got %v, want a qdpx refusal", err)
	}
}

func TestLookup(t *testing.T) {
	if f, err := Lookup("csv"); err != nil || f.Name != "csv" {
		t.Errorf("Lookup(csv) = %v, %v", f.Name, err)
	}
	if _, err := Lookup("docx"); err == nil || !strings.Contains(err.Error(), "qdpx") {
		t.Errorf("Lookup(docx): got %v, want an error listing the formats", err)
	}
	if got, want := Names(Exporters()), "bundle, w3c, csv, qdpx, claimreview, markdown or html"; got != want {
		t.Errorf("Names = %q, want %q", got, want)
	}
	names := map[string]bool{}
	for _, f := range All() {
		if names[f.Name] {
			t.Errorf("two formats are named %q", f.Name)
		}
		names[f.Name] = true
		if !f.CanExport() && !f.CanImport() && !f.CanReadAnnotations() {
			t.Errorf("format %q does nothing", f.Name)
		}
	}
}
