package app

import (
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate/bundle"
	"marginalia/annotate/formats"
	"marginalia/app/action"
	"marginalia/assets"
	"marginalia/store"
)

// exchange is the File menu's exports and bundle merges, each run in the
// background with a progress bar.
type exchange struct {
	sh         *shell
	review     *reviewPanel
	current    func() string // the open article's ID, or ""
	lastReport store.Report  // of the last merge
	lastName   string        // the bundle's file name
}

// showLastReport shows the report of the last merge again.
func (ex *exchange) showLastReport() {
	if ex.lastName == "" {
		ex.sh.status("No bundle merged yet in this session")
		return
	}
	ex.review.showReport(ex.lastName, ex.lastReport)
}

// showExport asks what to export (the whole library or the open article)
// and where, then writes the file in format.
func (ex *exchange) showExport(f formats.Format) {
	scope := widget.NewRadioGroup([]string{"Whole library", "Open article only"}, nil)
	scope.Required = true
	scope.SetSelected("Whole library")
	if ex.current() == "" {
		scope.Disable()
	}
	dialog.ShowForm("Export "+f.Title, "Choose file…", "Cancel", []*widget.FormItem{widget.NewFormItem("Export", scope)}, func(ok bool) {
		if !ok {
			return
		}
		var ids []string
		if id := ex.current(); scope.Selected == "Open article only" && id != "" {
			ids = []string{id}
		}
		save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				ex.sh.fail("choose the file", err)
				return
			}
			if w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			ex.export(f, ids, path)
		}, ex.sh.win)
		save.SetFileName("marginalia-" + ex.sh.svc.Now().Format("2006-01-02") + f.Ext)
		save.Resize(fyne.NewSize(800, 560))
		save.Show()
	}, ex.sh.win)
}

// export writes ids (all when empty) to path in format, in the background.
func (ex *exchange) export(f formats.Format, ids []string, path string) {
	prog, bar := progressDialog(ex.sh, "Exporting "+f.Title)
	creator := ex.sh.creator()
	ex.sh.run.Go(func() {
		n, err := ex.sh.svc.Export(f.Name, ids, path, action.ExportOptions{
			Creator: creator, AppVersion: assets.Version,
			Progress: func(done, total int) {
				ex.sh.run.UI(func() { bar.SetValue(float64(done) / float64(max(total, 1))) })
			},
		})
		ex.sh.run.UI(func() {
			prog.Hide()
			if err != nil {
				ex.sh.fail("export", err)
				return
			}
			ex.sh.status(fmt.Sprintf("Exported %s to %s", n, path))
		})
	})
}

// showImportBundle asks for a colleague's bundle and merges it.
func (ex *exchange) showImportBundle() {
	pickFile(ex.sh, "open the bundle", []string{bundle.Extension}, ex.mergeBundle)
}

// mergeBundle verifies and merges the bundle at path in the background,
// then shows the report. A refused bundle changes nothing.
func (ex *exchange) mergeBundle(path string) {
	prog, bar := progressDialog(ex.sh, "Merging "+filepath.Base(path))
	ex.sh.run.Go(func() {
		report, err := ex.sh.svc.MergeFile(path, action.MergeOptions{
			Progress: func(f float64) { ex.sh.run.UI(func() { bar.SetValue(f) }) },
		})
		ex.sh.run.UI(func() {
			prog.Hide()
			name := filepath.Base(path)
			if err != nil {
				ex.sh.status("Bundle refused; nothing was changed")
				dialog.ShowError(fmt.Errorf("the bundle was refused and nothing was changed:\n%w", err), ex.sh.win)
				return
			}
			switch {
			case report.Changed() && report.Undoable:
				ex.sh.status("Merged " + name + " — Ctrl+Z to undo")
			case report.Changed():
				ex.sh.status("Merged " + name + " (too large to undo)")
			default:
				ex.sh.status("Merged " + name + ": nothing new")
			}
			ex.lastReport, ex.lastName = report, name
			ex.review.showReport(name, report)
		})
	})
}

// progressDialog shows a bar for long work; hide it when done.
func progressDialog(sh *shell, title string) (dialog.Dialog, *widget.ProgressBar) {
	bar := widget.NewProgressBar()
	d := dialog.NewCustomWithoutButtons(title, bar, sh.win)
	d.Resize(fyne.NewSize(420, 120))
	d.Show()
	return d, bar
}
