package app

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/extract"
	"marginalia/assets"
	"marginalia/store"
)

// importResult is the outcome of importing one file.
type importResult struct {
	name    string
	article annotate.Article
	err     error
}

func (wb *Workbench) buildWelcome() fyne.CanvasObject {
	title := widget.NewRichTextFromMarkdown("# Welcome to Marginalia\n\nRead news articles, highlight claims, quotes, evidence and questions, attribute them to speakers and link related stories. Everything is saved as you work.")
	title.Wrapping = fyne.TextWrapWord
	sample := widget.NewButton("Open the sample article", wb.OpenSample)
	sample.Importance = widget.HighImportance
	imp := widget.NewButton("Import articles…", wb.ShowImportDialog)
	hint := widget.NewLabel("You can also drop .txt, .md or .html files onto this window.")
	hint.Importance = widget.LowImportance
	box := container.NewVBox(title, container.NewHBox(sample, imp), hint)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 260), box))
}

// OpenSample imports the sample article bundled with the app (once) and
// opens it.
func (wb *Workbench) OpenSample() {
	wb.importData([]namedData{{assets.SampleName, assets.Sample()}})
}

// ShowImportDialog asks for files to import.
func (wb *Workbench) ShowImportDialog() {
	wb.pickFile("open the file", extract.Extensions(), func(path string) { wb.ImportFiles([]string{path}) })
}

// pickFile asks for an existing file with one of exts and passes its path
// on; doing names the step in an error message.
func (wb *Workbench) pickFile(doing string, exts []string, then func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			wb.fail(doing, err)
			return
		}
		if rc == nil {
			return // cancelled
		}
		path := rc.URI().Path()
		rc.Close()
		then(path)
	}, wb.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// ShowImportFolderDialog imports every .txt, .md and .html file in a
// chosen folder (Fyne's file dialog picks one file at a time).
func (wb *Workbench) ShowImportFolderDialog() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			wb.fail("open the folder", err)
			return
		}
		if dir == nil {
			return
		}
		items, err := dir.List()
		if err != nil {
			wb.fail("list the folder", err)
			return
		}
		var paths []string
		for _, u := range items {
			if slices.Contains(extract.Extensions(), strings.ToLower(u.Extension())) {
				paths = append(paths, u.Path())
			}
		}
		if len(paths) == 0 {
			dialog.ShowInformation("Nothing to import", "The folder has no .txt, .md or .html files.", wb.win)
			return
		}
		slices.Sort(paths)
		wb.ImportFiles(paths)
	}, wb.win)
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

func (wb *Workbench) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	wb.ImportFiles(paths)
}

// ShowNewArticleDialog asks for a title and pasted text.
func (wb *Workbench) ShowNewArticleDialog() {
	title := widget.NewEntry()
	title.SetPlaceHolder("Headline")
	text := widget.NewMultiLineEntry()
	text.Wrapping = fyne.TextWrapWord
	text.SetPlaceHolder("Paste the article text here")
	text.SetMinRowsVisible(14)
	text.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("paste the article's text")
		}
		return nil
	}
	d := dialog.NewForm("New article", "Create", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Title", title), widget.NewFormItem("Text", text),
	}, func(ok bool) {
		if !ok {
			return
		}
		name := strings.TrimSpace(title.Text)
		body := text.Text
		if name != "" {
			body = name + "\n\n" + body
		}
		wb.importData([]namedData{{"pasted.txt", []byte(body)}})
	}, wb.win)
	d.Resize(fyne.NewSize(720, 560))
	d.Show()
}

type namedData struct {
	name string
	data []byte
}

// ImportFiles imports files in the background, with a progress bar when
// there are several. Files that fail are reported with their reasons; the
// others are imported.
func (wb *Workbench) ImportFiles(paths []string) {
	if len(paths) == 0 {
		return
	}
	bar := widget.NewProgressBar()
	bar.Max = float64(len(paths))
	label := widget.NewLabel(fmt.Sprintf("Importing %d files…", len(paths)))
	prog := dialog.NewCustomWithoutButtons("Importing", container.NewVBox(label, bar), wb.win)
	if len(paths) > 1 {
		prog.Show()
	}
	go func() {
		results := make([]importResult, 0, len(paths))
		for i, p := range paths {
			r := importResult{name: filepath.Base(p)}
			if res, err := extract.File(p); err != nil {
				r.err = err
			} else {
				r.article, r.err = res.Article(wb.now().UTC())
			}
			results = append(results, r)
			fyne.Do(func() {
				bar.SetValue(float64(i + 1))
				label.SetText(fmt.Sprintf("Read %s (%d of %d)", r.name, i+1, len(paths)))
			})
		}
		fyne.Do(func() {
			prog.Hide()
			wb.storeImports(results)
		})
	}()
}

// importData imports in-memory files synchronously (the sample, pasted text).
func (wb *Workbench) importData(files []namedData) {
	var results []importResult
	for _, f := range files {
		r := importResult{name: f.name}
		if res, err := extract.Bytes(f.name, f.data); err != nil {
			r.err = err
		} else {
			r.article, r.err = res.Article(wb.now().UTC())
		}
		results = append(results, r)
	}
	wb.storeImports(results)
}

// storeImports saves the articles that were read as one undoable step,
// opens the first, and reports failures.
func (wb *Workbench) storeImports(results []importResult) {
	var opened string
	var added, existing int
	err := wb.st.Do(fmt.Sprintf("Import %d articles", len(results)), func(tx *store.Tx) error {
		for i := range results {
			r := &results[i]
			if r.err != nil {
				continue
			}
			stored, isNew, err := tx.ImportArticle(r.article)
			if err != nil {
				r.err = err
				continue
			}
			if isNew {
				added++
			} else {
				existing++
			}
			r.article.ID = stored.ID
			if opened == "" {
				opened = r.article.ID
			}
		}
		return nil
	})
	if err != nil {
		wb.fail("import", err)
		return
	}
	wb.reloadLibrary()
	if opened != "" {
		wb.OpenArticle(opened)
	}
	wb.updateUndoMenu()
	msg := fmt.Sprintf("Imported %d article%s", added, plural(added))
	if existing > 0 {
		msg += fmt.Sprintf("; %d already in the library", existing)
	}
	if an := wb.analysis(); opened != "" && an != nil {
		if n := len(an.People()); n > 0 {
			msg += fmt.Sprintf(" — %d people quoted: add them to the registry from the inspector", n)
		}
	}
	wb.setStatus(msg)
	var failed []string
	for _, r := range results {
		if r.err != nil {
			failed = append(failed, fmt.Sprintf("%s: %s", r.name, reason(r.err)))
		}
	}
	if len(failed) > 0 {
		slices.Sort(failed)
		dialog.ShowInformation(fmt.Sprintf("%d file%s could not be imported", len(failed), plural(len(failed))),
			strings.Join(failed, "\n"), wb.win)
		wb.setStatus(msg + fmt.Sprintf("; %d failed", len(failed)))
	}
	if wb.imported != nil {
		wb.imported()
	}
}

// reason shortens an import error to what the analyst needs to know.
func reason(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, "invalid: "); i >= 0 {
		s = s[i+len("invalid: "):]
	}
	return s
}
