package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/attrib"
	"marginalia/annotate/extract"
	"marginalia/app/action"
	"marginalia/assets"
)

// importer brings articles in: files (picked, dropped or a whole folder),
// pasted text, and the sample article. Files are read in the background
// with a progress bar; what was read is stored as one undoable step.
type importer struct {
	sh        *shell
	open      func(id string)
	onVersion func(action.VersionResult) // a file was a new version of an article
}

func newImporter(sh *shell, open func(id string), onVersion func(action.VersionResult)) *importer {
	return &importer{sh: sh, open: open, onVersion: onVersion}
}

func (im *importer) welcome() fyne.CanvasObject {
	title := widget.NewRichTextFromMarkdown("# Welcome to Marginalia\n\nRead news articles, highlight claims, quotes, evidence and questions, attribute them to speakers and link related stories. Everything is saved as you work.")
	title.Wrapping = fyne.TextWrapWord
	sample := widget.NewButton("Open the sample article", im.openSample)
	sample.Importance = widget.HighImportance
	imp := widget.NewButton("Import articles…", im.showImportDialog)
	hint := widget.NewLabel("You can also drop .txt, .md or .html files onto this window.")
	box := container.NewVBox(title, container.NewHBox(sample, imp), hint)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 260), box))
}

// openSample imports the sample article bundled with the app (once) and
// opens it.
func (im *importer) openSample() {
	im.store([]action.Source{im.sh.svc.ReadData(assets.SampleName, assets.Sample())})
}

// showImportDialog asks for a file to import.
func (im *importer) showImportDialog() {
	pickFile(im.sh, "open the file", extract.Extensions(), func(path string) { im.importFiles([]string{path}) })
}

// pickFile asks for an existing file with one of exts and passes its path
// on; doing names the step in an error message.
func pickFile(sh *shell, doing string, exts []string, then func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			sh.fail(doing, err)
			return
		}
		if rc == nil {
			return // cancelled
		}
		path := rc.URI().Path()
		rc.Close()
		then(path)
	}, sh.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Resize(sh.fit(800, 560))
	d.Show()
}

// showImportFolderDialog imports every .txt, .md and .html file in a
// chosen folder (Fyne's file dialog picks one file at a time).
func (im *importer) showImportFolderDialog() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			im.sh.fail("open the folder", err)
			return
		}
		if dir == nil {
			return
		}
		items, err := dir.List()
		if err != nil {
			im.sh.fail("list the folder", err)
			return
		}
		var paths []string
		for _, u := range items {
			if slices.Contains(extract.Extensions(), strings.ToLower(u.Extension())) {
				paths = append(paths, u.Path())
			}
		}
		if len(paths) == 0 {
			dialog.ShowInformation("Nothing to import", "The folder has no .txt, .md or .html files.", im.sh.win)
			return
		}
		slices.Sort(paths)
		im.importFiles(paths)
	}, im.sh.win)
	d.Resize(im.sh.fit(800, 560))
	d.Show()
}

// dropped imports the files dropped on the window.
func (im *importer) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	im.importFiles(paths)
}

// importFiles reads files in the background, with a progress bar when
// there are several, then stores what was read. Files that fail are
// reported with their reasons; the others are imported.
func (im *importer) importFiles(paths []string) {
	if len(paths) == 0 {
		return
	}
	bar := widget.NewProgressBar()
	bar.Max = float64(len(paths))
	label := widget.NewLabel(fmt.Sprintf("Importing %d files…", len(paths)))
	prog := dialog.NewCustomWithoutButtons("Importing", container.NewVBox(label, bar), im.sh.win)
	if len(paths) > 1 {
		prog.Show()
	}
	im.sh.run.Go(func() {
		srcs := make([]action.Source, 0, len(paths))
		for i, path := range paths {
			src := im.sh.svc.ReadFile(path)
			srcs = append(srcs, src)
			im.sh.run.UI(func() {
				bar.SetValue(float64(i + 1))
				label.SetText(fmt.Sprintf("Read %s (%d of %d)", src.Name, i+1, len(paths)))
			})
		}
		im.sh.run.UI(func() {
			prog.Hide()
			im.store(srcs)
		})
	})
}

// store saves the articles that were read as one undoable step, opens the
// first, and reports failures.
func (im *importer) store(srcs []action.Source) {
	done, err := im.sh.svc.Import(srcs)
	if err != nil {
		im.sh.fail("import", err)
		return
	}
	added, existing, versions := 0, 0, 0
	for _, d := range done {
		switch {
		case d.Version != nil:
			versions++
		case d.New:
			added++
		default:
			existing++
		}
	}
	msg := "Imported " + count(added, "article")
	if existing > 0 {
		msg += fmt.Sprintf("; %d already in the library", existing)
	}
	if versions > 0 {
		msg += fmt.Sprintf("; %s of articles in the library", count(versions, "new version"))
	}
	// Files that failed are reported whatever else happened (a version
	// reports itself, below).
	failures := im.reportFailures(srcs)
	if len(done) == 1 && done[0].Version != nil {
		im.open(done[0].Article.ID)
		im.onVersion(*done[0].Version)
		return
	}
	if len(done) > 0 {
		im.open(done[0].Article.ID)
		if n := len(attrib.Detect(textOf(im.sh, done[0].Article.ID))); n > 0 {
			msg += fmt.Sprintf(" — %d people quoted: add them to the registry from the inspector", n)
		}
	}
	im.sh.status(msg + failures)
}

// reportFailures lists the files that could not be read, and returns
// what to add to the status line.
func (im *importer) reportFailures(srcs []action.Source) string {
	var failed []string
	for _, src := range srcs {
		if src.Err != nil {
			failed = append(failed, fmt.Sprintf("%s: %s", src.Name, annotate.Reason(src.Err)))
		}
	}
	if len(failed) == 0 {
		return ""
	}
	slices.Sort(failed)
	dialog.ShowInformation(fmt.Sprintf("%s could not be imported", count(len(failed), "file")),
		strings.Join(failed, "\n"), im.sh.win)
	return fmt.Sprintf("; %d failed", len(failed))
}
