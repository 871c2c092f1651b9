package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"marginalia/annotate"
	"marginalia/annotate/formats"
	"marginalia/app/action"
)

// tagged makes the sample's workbench with one tagged claim on it.
func tagged(t *testing.T) (*Workbench, string) {
	t.Helper()
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	art := article(t, wb)
	res, err := wb.sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "coal terminal", Kind: annotate.KindClaim, Tags: []string{"port/cargo"}, Status: annotate.StatusDisputed})
	if err != nil {
		t.Fatal(err)
	}
	wb.drain()
	return wb, res.Annotation.ID
}

func TestExportReportOfATag(t *testing.T) {
	wb, _ := tagged(t)
	f, _ := formats.Lookup("markdown")
	fm := wb.exchange.newExportForm(f)
	fm.tag.SetText("port") // typing a tag chooses the tag scope
	if fm.scope.Selected != scopeTag {
		t.Fatalf("scope %q after typing a tag", fm.scope.Selected)
	}
	ids, opts, err := wb.exchange.plan(fm)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Selection.Title != "Tag: port" || len(ids) != 1 || ids[0] != article(t, wb).ID {
		t.Errorf("plan = %v, %+v", ids, opts.Selection)
	}
	path := filepath.Join(t.TempDir(), "report.md")
	wb.exchange.export(f, ids, path, opts)
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), "coal terminal") {
		t.Errorf("the report (%v) does not quote the tagged claim:\n%s", err, data)
	}
	fm.tag.SetText("no-such-tag")
	if _, _, err := wb.exchange.plan(fm); err == nil {
		t.Error("a tag no highlight has made a report of nothing")
	}
}

func TestClaimReviewAsksForTheOrganisation(t *testing.T) {
	wb, _ := tagged(t)
	f, _ := formats.Lookup("claimreview")
	fm := wb.exchange.newExportForm(f)
	if _, _, err := wb.exchange.plan(fm); err == nil {
		t.Fatal("exported fact checks without an organisation")
	}
	fm.orgName.SetText("Harbour Checks")
	fm.orgURL.SetText("https://checks.example")
	ids, opts, err := wb.exchange.plan(fm)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "reviews.json")
	wb.exchange.export(f, ids, path, opts)
	if data, err := os.ReadFile(path); err != nil || !strings.Contains(string(data), "Harbour Checks") {
		t.Errorf("the export (%v) lacks the organisation: %s", err, data)
	}
	// The next export remembers it.
	if again := wb.exchange.newExportForm(f); again.orgName.Text != "Harbour Checks" {
		t.Errorf("the organisation was not remembered: %q", again.orgName.Text)
	}
}

func TestImportProjectAndUndo(t *testing.T) {
	wb, _ := tagged(t)
	f, _ := formats.Lookup("qdpx")
	path := filepath.Join(t.TempDir(), "study.qdpx")
	wb.exchange.export(f, nil, path, action.ExportOptions{})

	other, _ := newTestWorkbench(t)
	other.exchange.importProject(path)
	other.drain()
	if len(other.library.infos) != 1 || other.exchange.lastReport.Annotations.Added != 1 {
		t.Fatalf("after the import: %d articles, report %s", len(other.library.infos), other.exchange.lastReport.String())
	}
	other.Undo()
	other.drain()
	if len(other.library.infos) != 0 {
		t.Errorf("undo left %d articles", len(other.library.infos))
	}
}

func TestAnnotationsForMissingPagesImportNothing(t *testing.T) {
	wb, _ := tagged(t)
	f, _ := formats.Lookup("w3c")
	path := filepath.Join(t.TempDir(), "notes.jsonld")
	wb.exchange.export(f, nil, path, action.ExportOptions{})

	other, st := newTestWorkbench(t)
	other.exchange.importAnnotations(path, false)
	if top := other.sh.win.Canvas().Overlays().Top(); top == nil {
		t.Error("no dialog says why nothing was placed")
	}
	if n := st.UndoLabel(); n != "" {
		t.Errorf("something was imported: undo says %q", n)
	}
}
