package app

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate/bundle"
	"marginalia/annotate/csvexport"
	"marginalia/annotate/w3c"
	"marginalia/assets"
	"marginalia/store"
)

// exportFormat is one way of exporting.
type exportFormat struct {
	name, ext string
	write     func(w io.Writer, b *bundle.Bundle, wb *Workbench) error
}

func exportFormats() map[string]exportFormat {
	return map[string]exportFormat{
		"bundle": {"Marginalia bundle", bundle.Extension, nil},
		"w3c": {"W3C Web Annotation", ".jsonld", func(w io.Writer, b *bundle.Bundle, wb *Workbench) error {
			return w3c.Write(w, b, w3c.Options{Creator: wb.prefs.String(prefCreator), Generated: wb.now().UTC(), AppVersion: assets.Version})
		}},
		"csv": {"CSV", ".csv", func(w io.Writer, b *bundle.Bundle, _ *Workbench) error {
			return csvexport.Write(w, b, csvexport.Options{})
		}},
	}
}

// ShowExport asks what to export (the whole library or the open article)
// and where, then writes the file in the background with a progress bar.
func (wb *Workbench) ShowExport(format string) {
	f := exportFormats()[format]
	scope := widget.NewRadioGroup([]string{"Whole library", "Open article only"}, nil)
	scope.Required = true
	scope.SetSelected("Whole library")
	if wb.article == nil {
		scope.Disable()
	}
	dialog.ShowForm("Export "+f.name, "Choose file…", "Cancel", []*widget.FormItem{widget.NewFormItem("Export", scope)}, func(ok bool) {
		if !ok {
			return
		}
		var ids []string
		if scope.Selected == "Open article only" && wb.article != nil {
			ids = []string{wb.article.ID}
		}
		save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				wb.fail("choose the file", err)
				return
			}
			if w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			wb.export(format, ids, path)
		}, wb.win)
		save.SetFileName("marginalia-" + wb.now().Format("2006-01-02") + f.ext)
		save.Resize(fyne.NewSize(800, 560))
		save.Show()
	}, wb.win)
}

// export writes ids (all when empty) to path in format, in the background.
func (wb *Workbench) export(format string, ids []string, path string) {
	f := exportFormats()[format]
	prog, bar := wb.progressDialog("Exporting " + f.name)
	go func() {
		b, err := wb.st.ExportBundle(ids)
		if err == nil {
			if f.write == nil {
				err = bundle.WriteFile(path, b, bundle.Manifest{AppVersion: assets.Version, Creator: wb.prefs.String(prefCreator), Created: wb.now().UTC()},
					func(done, total int) { fyne.Do(func() { bar.SetValue(float64(done) / float64(max(total, 1))) }) })
			} else {
				err = bundle.WriteFileAtomic(path, 0o644, func(w io.Writer) error { return f.write(w, b, wb) })
			}
		}
		fyne.Do(func() {
			prog.Hide()
			if err != nil {
				wb.fail("export", err)
				return
			}
			wb.setStatus(fmt.Sprintf("Exported %s to %s", b.Counts(), path))
			if wb.exported != nil {
				wb.exported()
			}
		})
	}()
}

// ShowImportBundle asks for a colleague's bundle and merges it.
func (wb *Workbench) ShowImportBundle() {
	wb.pickFile("open the bundle", []string{bundle.Extension}, wb.MergeBundle)
}

// MergeBundle verifies and merges the bundle at path in the background,
// then shows the report. A refused bundle changes nothing.
func (wb *Workbench) MergeBundle(path string) {
	prog, bar := wb.progressDialog("Merging " + filepath.Base(path))
	progress := func(from, span float64) func(done, total int) {
		return func(done, total int) {
			fyne.Do(func() { bar.SetValue(from + span*float64(done)/float64(max(total, 1))) })
		}
	}
	go func() {
		var report store.Report
		b, err := bundle.ReadFile(path, bundle.DefaultLimits(), progress(0, 0.3))
		if err == nil {
			report, err = wb.st.Merge(b, store.MergeOptions{Label: "Merge " + filepath.Base(path), Progress: progress(0.3, 0.7)})
		}
		fyne.Do(func() {
			prog.Hide()
			if err != nil {
				wb.setStatus("Bundle refused; nothing was changed")
				dialog.ShowError(fmt.Errorf("the bundle was refused and nothing was changed:\n%w", err), wb.win)
				return
			}
			switch {
			case report.Changed() && wb.st.UndoLabel() == "Merge "+filepath.Base(path):
				wb.afterChange("Merged " + filepath.Base(path) + " — Ctrl+Z to undo")
			case report.Changed():
				wb.afterChange("Merged " + filepath.Base(path) + " (too large to undo)")
			default:
				wb.setStatus("Merged " + filepath.Base(path) + ": nothing new")
			}
			wb.showReport(filepath.Base(path), report)
			if wb.merged != nil {
				wb.merged(report)
			}
		})
	}()
}

func (wb *Workbench) showReport(name string, r store.Report) {
	text := widget.NewLabel(strings.TrimSpace(r.String()))
	text.TextStyle.Monospace = true
	d := dialog.NewCustom("Merged "+name, "OK", container.NewVScroll(text), wb.win)
	d.Resize(fyne.NewSize(720, 360))
	d.Show()
}

// progressDialog shows a bar for long work; hide it when done.
func (wb *Workbench) progressDialog(title string) (dialog.Dialog, *widget.ProgressBar) {
	bar := widget.NewProgressBar()
	d := dialog.NewCustomWithoutButtons(title, bar, wb.win)
	d.Resize(fyne.NewSize(420, 120))
	d.Show()
	return d, bar
}
