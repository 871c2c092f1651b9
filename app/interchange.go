package app

import (
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate/bundle"
	"marginalia/app/action"
	"marginalia/store"
)

// exchange is the File menu's exports and bundle merges, each run in the
// background with a progress bar.
type exchange struct {
	sh         *shell
	review     *reviewPanel
	current    func() string   // the open article's ID, or ""
	tags       func() []string // the tags in use, for a report's tag field
	lastReport store.Report    // of the last merge
	lastName   string          // the bundle's file name
}

// showLastReport shows the report of the last merge again.
func (ex *exchange) showLastReport() {
	if ex.lastName == "" {
		ex.sh.status("No bundle merged yet in this session")
		return
	}
	ex.review.showReport(ex.lastName, ex.lastReport)
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
	d.Resize(sh.fit(420, 120))
	d.Show()
	return d, bar
}
