package formats

import (
	"bytes"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

func TestEveryExporterWritesSomething(t *testing.T) {
	art, err := annotate.NewArticle("A headline", "Some text to mark.", time.Unix(0, 0).UTC())
	if err != nil {
		t.Fatal(err)
	}
	ann, err := annotate.NewAnnotation(art.ID, annotate.NewText(art.Text), annotate.Span{Start: 5, End: 9}, annotate.KindClaim, "dana", time.Unix(0, 0).UTC())
	if err != nil {
		t.Fatal(err)
	}
	b := &bundle.Bundle{Articles: []annotate.Article{art}, Annotations: []annotate.Annotation{ann}}
	for _, f := range Exporters() {
		t.Run(f.Name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.Write(&buf, b, Options{Generated: time.Unix(0, 0).UTC()}); err != nil {
				t.Fatal(err)
			}
			if buf.Len() == 0 {
				t.Error("wrote nothing")
			}
			if f.Ext == "" || f.Ext[0] != '.' || f.Title == "" {
				t.Errorf("format %+v lacks an extension or title", f)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	if f, err := Lookup("csv"); err != nil || f.Name != "csv" {
		t.Errorf("Lookup(csv) = %v, %v", f.Name, err)
	}
	if _, err := Lookup("docx"); err == nil {
		t.Error("Lookup(docx) found a format")
	}
	if got, want := Names(Exporters()), "bundle, w3c or csv"; got != want {
		t.Errorf("Names = %q, want %q", got, want)
	}
}
