package app

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

// Workbench is the main window's content: it composes the panels, owns
// the open article and the selection, routes changes from the store to
// the panels, and holds the menus, toolbar and status bar.
type Workbench struct {
	sh *shell

	library  *libraryPanel
	pane     *readerPane
	insp     *inspector
	palette  *palette
	links    *linksPanel
	speakers *speakersPanel
	imports  *importer
	exchange *exchange
	tags     *tagBook
	index    *searchIndex

	doc      *openDoc // the open article, nil for none
	selected string   // the selected annotation's ID, "" for none
	changes  changeQueue

	content   *fyne.Container
	center    *fyne.Container // the welcome screen or the reader pane
	welcome   fyne.CanvasObject
	status    *widget.Label
	counts    *widget.Label
	splitLib  *container.Split
	splitInsp *container.Split
	undoItem  *fyne.MenuItem
	redoItem  *fyne.MenuItem
}

// changeQueue collects the changes store.Watch reports, from whatever
// goroutine made them, until the UI goroutine drains them.
type changeQueue struct {
	mu        sync.Mutex
	pending   store.Changes
	scheduled bool
}

// New builds the workbench for window w on the actions svc, running
// background work through run (nil for goroutines and fyne.Do). Call
// Content for the window's content and Start once the window is set up.
func New(a fyne.App, w fyne.Window, svc *action.Service, run Runner) *Workbench {
	if run == nil {
		run = fyneRunner{}
	}
	wb := &Workbench{}
	wb.status = widget.NewLabel("Ready")
	wb.sh = &shell{app: a, win: w, svc: svc, run: run, prefs: a.Preferences(), status: wb.setStatus}
	wb.index = newSearchIndex(svc.Store())
	wb.tags = newTagBook(wb.sh)
	wb.library = newLibraryPanel(wb.sh, wb.OpenArticle)
	wb.pane = newReaderPane(wb.sh, readerCallbacks{
		selectionChanged: func(int, int) { wb.selectionChanged() },
		tapped:           wb.SelectAnnotation,
		contextMenu:      wb.contextMenu,
		shortcut:         wb.shortcut,
		key:              wb.typedKey,
	})
	wb.links = newLinksPanel(wb.sh, wb.index, linkContext{
		doc:      func() *openDoc { return wb.doc },
		selected: func() string { return wb.selected },
		titles:   wb.library.titles,
		articles: func() []store.ArticleInfo { return wb.library.infos },
		openRef: func(r annotate.Ref, articleID string) {
			if r.Type == annotate.RefAnnotation {
				wb.reveal(articleID, r.ID)
			} else {
				wb.OpenArticle(articleID)
			}
		},
		open: wb.OpenArticle,
	})
	wb.insp = newInspector(wb.sh, wb.links, wb.tags, inspectorCallbacks{
		reveal:        wb.RevealAnnotation,
		deleteSelect:  wb.DeleteSelected,
		deleteArticle: wb.confirmDeleteArticle,
		backToReader:  wb.backToReader,
		afterAttrib:   wb.setStatus,
	})
	wb.palette = newPalette(wb.sh, wb.index, paletteContext{titles: wb.library.titles, open: wb.OpenArticle, reveal: wb.reveal})
	wb.speakers = newSpeakersPanel(wb.sh, wb.reveal)
	wb.imports = newImporter(wb.sh, wb.OpenArticle)
	wb.exchange = &exchange{sh: wb.sh, current: func() string {
		if wb.doc == nil {
			return ""
		}
		return wb.doc.article.ID
	}}
	svc.Store().Watch(wb.watch)
	wb.build()
	return wb
}

// Content is the window content.
func (wb *Workbench) Content() fyne.CanvasObject { return wb.content }

// Start restores the window layout, loads the library and opens the last
// article, or shows the welcome screen on an empty library.
func (wb *Workbench) Start() {
	prefs := wb.sh.prefs
	wb.sh.win.SetMainMenu(wb.mainMenu())
	wb.addShortcuts()
	wb.sh.win.Resize(fyne.NewSize(
		float32(prefs.FloatWithFallback(prefWidth, 1280)),
		float32(prefs.FloatWithFallback(prefHeight, 800))))
	wb.splitLib.Offset = prefs.FloatWithFallback(prefSplitLib, 0.22)
	wb.splitInsp.Offset = prefs.FloatWithFallback(prefSplitInsp, 0.66)
	wb.sh.win.SetOnDropped(wb.imports.dropped)
	wb.sh.win.SetCloseIntercept(func() {
		wb.SaveLayout()
		wb.sh.win.Close()
	})
	wb.sh.app.Settings().AddListener(func(fyne.Settings) { wb.showDoc() })
	wb.library.reload()
	if last := prefs.String(wb.lastArticleKey()); last != "" && wb.library.has(last) {
		wb.OpenArticle(last)
	} else if first := wb.library.first(); first != "" {
		wb.OpenArticle(first)
	}
	wb.updateCenter()
	wb.updateUndoMenu()
	wb.sh.run.Go(func() {
		if err := wb.index.build(); err != nil {
			wb.sh.run.UI(func() { wb.sh.fail("build the search index", err) })
		}
	})
	if wb.sh.creator() == "" {
		wb.askCreator(nil)
	}
}

// lastArticleKey is the preference that remembers the last article opened
// in this database.
func (wb *Workbench) lastArticleKey() string {
	return prefLastArticle + ":" + wb.sh.svc.Store().Path()
}

// SaveLayout remembers the window size and pane splits.
func (wb *Workbench) SaveLayout() {
	size := wb.sh.win.Canvas().Size()
	wb.sh.prefs.SetFloat(prefWidth, float64(size.Width))
	wb.sh.prefs.SetFloat(prefHeight, float64(size.Height))
	wb.sh.prefs.SetFloat(prefSplitLib, wb.splitLib.Offset)
	wb.sh.prefs.SetFloat(prefSplitInsp, wb.splitInsp.Offset)
}

func (wb *Workbench) build() {
	wb.welcome = wb.imports.welcome()
	wb.center = container.NewStack(wb.welcome)
	wb.splitInsp = container.NewHSplit(wb.center, wb.insp.object())
	wb.splitLib = container.NewHSplit(wb.library.object(), wb.splitInsp)
	wb.counts = widget.NewLabel("")
	statusBar := container.NewBorder(nil, nil, nil, wb.counts, wb.status)
	wb.content = container.NewBorder(wb.buildToolbar(), statusBar, nil, nil, wb.splitLib)
}

func (wb *Workbench) buildToolbar() fyne.CanvasObject {
	importBtn := widget.NewButton("Import…", wb.imports.showImportDialog)
	searchBtn := widget.NewButtonWithIcon("Search  Ctrl+F", theme.SearchIcon(), wb.ShowSearch)
	newBtn := widget.NewButton("New article…", wb.imports.showNewArticleDialog)
	items := []fyne.CanvasObject{importBtn, newBtn, widget.NewSeparator()}
	for _, ks := range annotate.HighlightKinds() {
		btn := widget.NewButton(fmt.Sprintf("%s  Ctrl+%s", ks.Label, ks.Key), func() { wb.Annotate(ks.Kind) })
		btn.Importance = widget.LowImportance
		bg := canvas.NewRectangle(fillFor(ks.Kind, wb.sh.variant()))
		bg.CornerRadius = theme.InputRadiusSize()
		items = append(items, container.NewStack(bg, btn))
	}
	items = append(items, widget.NewSeparator(),
		widget.NewButton("Undo", wb.Undo), widget.NewButton("Redo", wb.Redo), widget.NewSeparator(), searchBtn)
	return container.NewPadded(container.NewHBox(items...))
}

// ---- changes ----

// watch receives every committed change, on the goroutine that made it,
// and schedules a drain on the UI goroutine.
func (wb *Workbench) watch(c store.Changes) {
	wb.index.changed(c)
	q := &wb.changes
	q.mu.Lock()
	q.pending = q.pending.Add(c)
	schedule := !q.scheduled
	q.scheduled = true
	q.mu.Unlock()
	if schedule {
		wb.sh.run.UI(wb.drain)
	}
}

// drain applies the changes collected so far. Actions started on the UI
// goroutine call it right after they commit, so what they show next is up
// to date; changes from elsewhere (a background merge, a command run
// through the window) arrive through watch.
func (wb *Workbench) drain() {
	q := &wb.changes
	q.mu.Lock()
	c := q.pending
	q.pending, q.scheduled = store.Changes{}, false
	q.mu.Unlock()
	if c.Empty() {
		return
	}
	wb.apply(c)
}

// apply updates what changes touched: library rows, the open article and
// its inspector, caches, the registry, the undo menu.
func (wb *Workbench) apply(c store.Changes) {
	wb.tags.invalidate(c)
	wb.links.invalidate(c)
	wb.library.update(c)
	wb.speakers.update(c)
	if wb.doc != nil {
		id := wb.doc.article.ID
		switch {
		case !wb.library.has(id):
			wb.closeArticle()
			if first := wb.library.first(); first != "" {
				wb.OpenArticle(first)
			}
		case wb.doc.affectedBy(c) || len(c.Speakers) > 0 || c.Touches(id):
			d, err := loadDoc(wb.sh.svc.Store(), id)
			if err != nil {
				wb.sh.fail("reload the article", err)
				return
			}
			wb.doc = d
			if _, ok := d.annotation(wb.selected); !ok {
				wb.selected = ""
			}
			wb.pane.show(d, wb.selected)
			wb.insp.update(d, wb.selected, c)
			wb.updateCounts()
		}
	} else if first := wb.library.first(); first != "" && len(c.Articles) > 0 {
		wb.OpenArticle(first)
	}
	wb.updateCenter()
	wb.updateUndoMenu()
}

// ---- the open article ----

// OpenArticle shows the article in the reader.
func (wb *Workbench) OpenArticle(id string) {
	d, err := loadDoc(wb.sh.svc.Store(), id)
	if err != nil {
		wb.sh.fail("open the article", err)
		return
	}
	if wb.doc == nil || wb.doc.article.ID != id {
		wb.selected = ""
		wb.pane.reader.SetSelection(0, 0)
		key := wb.lastArticleKey()
		if wb.sh.prefs.String(key) != id {
			wb.sh.prefs.SetString(key, id)
		}
		wb.sh.win.SetTitle("Marginalia — " + d.article.Title)
		wb.setStatus("Opened “" + d.article.Title + "”")
	}
	wb.doc = d
	wb.library.setOpened(id)
	wb.showDoc()
	wb.updateCenter()
}

// showDoc shows the open article in the reader and the inspector.
func (wb *Workbench) showDoc() {
	wb.pane.show(wb.doc, wb.selected)
	wb.insp.show(wb.doc, wb.selected)
	wb.updateCounts()
}

// closeArticle empties the reader after its article was deleted.
func (wb *Workbench) closeArticle() {
	wb.doc, wb.selected = nil, ""
	wb.sh.prefs.SetString(wb.lastArticleKey(), "")
	wb.sh.win.SetTitle("Marginalia")
	wb.library.setOpened("")
	wb.showDoc()
	wb.updateCenter()
}

func (wb *Workbench) updateCenter() {
	want := wb.welcome
	if wb.doc != nil {
		want = wb.pane.object()
	}
	if len(wb.center.Objects) != 1 || wb.center.Objects[0] != want {
		wb.center.Objects = []fyne.CanvasObject{want}
		wb.center.Refresh()
	}
}

func (wb *Workbench) updateCounts() {
	if wb.doc == nil {
		wb.counts.SetText(count(len(wb.library.infos), "article"))
		return
	}
	n := map[annotate.Kind]int{}
	for _, a := range wb.doc.anns {
		n[a.Kind]++
	}
	var parts []string
	for _, ks := range annotate.HighlightKinds() {
		parts = append(parts, ks.Count(n[ks.Kind]))
	}
	wb.counts.SetText(strings.Join(parts, " · "))
}

// ---- selection and annotating ----

func (wb *Workbench) selectionChanged() {
	start, end := wb.pane.reader.Selection()
	if wb.doc == nil || end <= start {
		if strings.HasSuffix(wb.status.Text, kindKeysHint()) {
			wb.setStatus("Ready")
		}
		return
	}
	wb.setStatus(fmt.Sprintf("%s selected — %s", count(end-start, "character"), kindKeysHint()))
}

// kindKeysHint says which keys highlight: "Ctrl+1 claim, Ctrl+2 quote, …".
func kindKeysHint() string {
	var keys []string
	for _, ks := range annotate.HighlightKinds() {
		keys = append(keys, fmt.Sprintf("Ctrl+%s %s", ks.Key, strings.ToLower(ks.Label)))
	}
	return strings.Join(keys, ", ")
}

// Annotate highlights the reader's selection as kind, saving it at once.
func (wb *Workbench) Annotate(kind annotate.Kind) {
	start, end := wb.pane.reader.Selection()
	if wb.doc == nil || end <= start {
		wb.setStatus("Select some text first, then press " + kindKeysHint())
		return
	}
	creator := wb.sh.creator()
	if creator == "" {
		wb.askCreator(func() { wb.Annotate(kind) })
		return
	}
	res, err := wb.sh.svc.Annotate(action.NewAnnotation{
		ArticleID: wb.doc.article.ID, Span: &annotate.Span{Start: start, End: end}, Kind: kind, Creator: creator,
	})
	if err != nil {
		wb.sh.fail("save the highlight", err)
		return
	}
	wb.pane.reader.SetSelection(res.Annotation.Span.End, res.Annotation.Span.End)
	wb.drain()
	wb.SelectAnnotation(res.Annotation.ID)
	wb.setStatus("Saved " + strings.ToLower(kind.Label()) + " — Ctrl+Z to undo")
}

// SelectAnnotation shows the annotation in the inspector and outlines it;
// "" selects nothing and shows the article.
func (wb *Workbench) SelectAnnotation(id string) {
	if _, ok := wb.doc.annotation(id); !ok {
		id = ""
	}
	wb.selected = id
	wb.pane.reader.SetSelectedHighlight(id)
	wb.insp.show(wb.doc, id)
}

// RevealAnnotation selects an annotation of the open article and scrolls
// the reader to it.
func (wb *Workbench) RevealAnnotation(id string) {
	if a, ok := wb.doc.annotation(id); ok {
		wb.SelectAnnotation(id)
		wb.pane.reader.ScrollToOffset(a.Span.Start)
	}
}

// reveal opens an article and reveals one of its annotations.
func (wb *Workbench) reveal(articleID, annotationID string) {
	if wb.doc == nil || wb.doc.article.ID != articleID {
		wb.OpenArticle(articleID)
	}
	wb.RevealAnnotation(annotationID)
}

// DeleteSelected deletes the selected annotation.
func (wb *Workbench) DeleteSelected() {
	if _, ok := wb.doc.annotation(wb.selected); !ok {
		return
	}
	d, err := wb.sh.svc.Delete(wb.selected)
	if err != nil {
		wb.sh.fail("delete the highlight", err)
		return
	}
	wb.selected = ""
	wb.drain()
	wb.setStatus("Deleted " + d.Description + " — Ctrl+Z to undo")
}

func (wb *Workbench) confirmDeleteArticle() {
	if wb.doc == nil {
		return
	}
	art := wb.doc.article
	msg := fmt.Sprintf("Delete “%s” with its %s and its links?\nYou can undo this with Ctrl+Z.", art.Title, count(len(wb.doc.anns), "highlight"))
	dialog.ShowConfirm("Delete article", msg, func(ok bool) {
		if !ok {
			return
		}
		if _, err := wb.sh.svc.Delete(art.ID); err != nil {
			wb.sh.fail("delete the article", err)
			return
		}
		wb.drain()
		wb.setStatus("Deleted “" + art.Title + "” — Ctrl+Z to undo")
	}, wb.sh.win)
}

// backToReader gives the keyboard to the reader.
func (wb *Workbench) backToReader() { wb.sh.win.Canvas().Focus(wb.pane.reader) }

// ---- undo ----

// Undo reverts the last change.
func (wb *Workbench) Undo() { wb.undoRedo(wb.sh.svc.Undo, "undo", "Undid") }

// Redo re-applies the last undone change.
func (wb *Workbench) Redo() { wb.undoRedo(wb.sh.svc.Redo, "redo", "Redid") }

func (wb *Workbench) undoRedo(step func() (store.Step, error), doing, verb string) {
	st, err := step()
	wb.drain()
	switch {
	case errors.Is(err, store.ErrNothingToUndo), errors.Is(err, store.ErrNothingToRedo):
		wb.setStatus(capitalise(err.Error()))
		return
	case err != nil:
		wb.sh.fail(doing, err)
		wb.updateUndoMenu()
		return
	}
	wb.setStatus(fmt.Sprintf("%s: %s", verb, lowerFirst(st.Label)))
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// lowerFirst lowers the first letter of a label ("Create claim") but
// leaves quoted text and names alone.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func (wb *Workbench) updateUndoMenu() {
	if wb.undoItem == nil {
		return
	}
	st := wb.sh.svc.Store()
	wb.undoItem.Label, wb.undoItem.Disabled = "Undo", true
	if l := st.UndoLabel(); l != "" {
		wb.undoItem.Label, wb.undoItem.Disabled = "Undo "+annotate.Clip(l, 60), false
	}
	wb.redoItem.Label, wb.redoItem.Disabled = "Redo", true
	if l := st.RedoLabel(); l != "" {
		wb.redoItem.Label, wb.redoItem.Disabled = "Redo "+annotate.Clip(l, 60), false
	}
	if m := wb.sh.win.MainMenu(); m != nil {
		m.Refresh()
	}
}

// ShowSearch opens the search palette (Ctrl+F, Ctrl+K).
func (wb *Workbench) ShowSearch() { wb.palette.show() }

// ---- creator ----

func (wb *Workbench) askCreator(then func()) {
	entry := widget.NewEntry()
	entry.SetText(wb.sh.creator())
	entry.SetPlaceHolder("e.g. Dana Whitfield")
	entry.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("enter your name")
		}
		return nil
	}
	d := dialog.NewForm("Your name", "Save", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Name", entry)},
		func(ok bool) {
			if !ok {
				return
			}
			wb.sh.prefs.SetString(prefCreator, strings.Join(strings.Fields(entry.Text), " "))
			wb.setStatus("Highlights will be credited to " + wb.sh.creator())
			if then != nil {
				then()
			}
		}, wb.sh.win)
	entry.OnSubmitted = func(string) { d.Submit() } // Enter saves (when valid)
	d.Resize(fyne.NewSize(420, 180))
	d.Show()
	wb.sh.win.Canvas().Focus(entry)
}

// ---- status ----

func (wb *Workbench) setStatus(msg string) {
	if msg != "" {
		wb.status.SetText(msg)
	}
}

// ctrlKey is Ctrl (Cmd on macOS) with key, plus extra modifiers.
func ctrlKey(key fyne.KeyName, extra fyne.KeyModifier) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | extra}
}
