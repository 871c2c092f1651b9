package app

import (
	"fmt"
	"image/color"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	review   *reviewPanel
	team     *teamPanel
	versions *versionsPanel
	tags     *tagBook
	table    *annotationsPanel
	tagsView *tagsPanel
	view     string // the view in the middle: viewReader, viewTable or viewTags

	doc      *openDoc // the open article, nil for none
	selected string   // the selected annotation's ID, "" for none
	changes  changeQueue

	content   *fyne.Container
	center    *fyne.Container // the welcome screen, the reader pane or an overview
	welcome   fyne.CanvasObject
	status    *widget.Label
	counts    *widget.Label
	splitLib  *container.Split
	splitInsp *container.Split
	undoItem  *fyne.MenuItem
	redoItem  *fyne.MenuItem
	toolbar   *toolbar
	panes     *fyne.Container // the splits, or what is left of them when panes are hidden
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
	wb.status.Truncation = fyne.TextTruncateEllipsis
	wb.sh = &shell{app: a, win: w, svc: svc, run: run, prefs: a.Preferences(), status: wb.setStatus}
	wb.tags = newTagBook(wb.sh)
	wb.library = newLibraryPanel(wb.sh, wb.OpenArticle)
	wb.newOverviews()
	wb.pane = newReaderPane(wb.sh, readerCallbacks{
		selectionChanged: func(int, int) { wb.selectionChanged() },
		tapped:           wb.SelectAnnotation,
		contextMenu:      wb.contextMenu,
		shortcut:         wb.shortcut,
		key:              wb.typedKey,
		shiftArrow:       func(dir int) bool { return wb.adjustSpan(action.EdgeEnd, dir) },
	})
	wb.links = newLinksPanel(wb.sh, linkContext{
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
	wb.versions = &versionsPanel{sh: wb.sh, doc: func() *openDoc { return wb.doc }, selection: func() (int, int) { return wb.pane.selection() }}
	wb.insp = newInspector(wb.sh, wb.links, wb.tags, wb.versions, inspectorCallbacks{
		reveal:        wb.RevealAnnotation,
		deleteSelect:  wb.DeleteSelected,
		deleteArticle: wb.confirmDeleteArticle,
		backToReader:  wb.backToReader,
		afterAttrib:   wb.setStatus,
	})
	// What the palette opens takes the keyboard, as a click would give it
	// (Shift+arrows then adjust the highlight it revealed).
	focusReader := func() { wb.sh.win.Canvas().Focus(wb.pane.reader) }
	wb.palette = newPalette(wb.sh, paletteContext{
		open:   func(id string) { wb.OpenArticle(id); focusReader() },
		reveal: func(a, id string) { wb.reveal(a, id); focusReader() },
	})
	wb.speakers = newSpeakersPanel(wb.sh, wb.reveal)
	wb.imports = newImporter(wb.sh, wb.OpenArticle, func(v action.VersionResult) { wb.versions.reportVersion(v) })
	wb.review = newReviewPanel(wb.sh, wb.OpenArticle, wb.reveal)
	wb.team = newTeamPanel(wb.sh, wb.review)
	wb.exchange = &exchange{sh: wb.sh, review: wb.review, tags: wb.tagNames, current: func() string {
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
	wb.layoutPanes()
	wb.sh.win.SetOnDropped(wb.imports.dropped)
	wb.sh.win.SetCloseIntercept(func() {
		wb.team.close()
		wb.SaveLayout()
		wb.sh.win.Close()
	})
	wb.sh.app.Settings().AddListener(func(fyne.Settings) {
		wb.toolbar.recolor()
		wb.showDoc()
	})
	wb.library.reload()
	if last := prefs.String(wb.lastArticleKey()); last != "" && wb.library.has(last) {
		wb.OpenArticle(last)
	} else if first := wb.library.first(); first != "" {
		wb.OpenArticle(first)
	}
	wb.updateCenter()
	wb.updateUndoMenu()
	if !wb.sh.svc.SearchReady() {
		wb.buildSearchIndex()
	}
	wb.team.start()
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
	wb.panes = container.NewStack(wb.splitLib)
	wb.counts = widget.NewLabel("")
	statusBar := container.NewBorder(nil, nil, nil, wb.counts, wb.status)
	wb.content = container.NewBorder(wb.buildToolbar(), statusBar, nil, nil, wb.panes)
}

func (wb *Workbench) buildToolbar() fyne.CanvasObject {
	items := []toolItem{
		{label: "Import…", icon: theme.FolderOpenIcon(), run: wb.imports.showImportDialog},
		{label: "New article…", icon: theme.DocumentCreateIcon(), run: wb.showNewArticle},
		{},
	}
	for _, ks := range annotate.HighlightKinds() {
		items = append(items, toolItem{label: fmt.Sprintf("%s  Ctrl+%s", ks.Label, ks.Key), fill: func() color.Color { return fillFor(ks.Kind, wb.sh.variant()) }, run: func() { wb.Annotate(ks.Kind) }})
	}
	items = append(items, toolItem{},
		toolItem{label: "Undo", icon: theme.ContentUndoIcon(), run: wb.Undo},
		toolItem{label: "Redo", icon: theme.ContentRedoIcon(), run: wb.Redo},
		toolItem{},
		toolItem{label: "Search  Ctrl+F", icon: theme.SearchIcon(), run: wb.ShowSearch},
		toolItem{},
		toolItem{label: "Annotations  Ctrl+T", icon: theme.ListIcon(), run: func() { wb.ToggleView(viewTable) }},
		toolItem{label: "Tags  Ctrl+Shift+T", icon: theme.StorageIcon(), run: func() { wb.ToggleView(viewTags) }})
	wb.toolbar = newToolbar(items, wb.sh.win.Canvas)
	return wb.toolbar.object()
}

// ---- panes ----

// TogglePane shows or hides the library or the inspector (View menu,
// Ctrl+B and Ctrl+I), so a narrow window can give the reader the room.
func (wb *Workbench) TogglePane(pref string) {
	wb.sh.prefs.SetBool(pref, !wb.sh.prefs.BoolWithFallback(pref, true))
	wb.layoutPanes()
}

// layoutPanes arranges the library, the reader and the inspector as the
// View menu has them.
func (wb *Workbench) layoutPanes() {
	lib := wb.sh.prefs.BoolWithFallback(prefShowLibrary, true)
	insp := wb.sh.prefs.BoolWithFallback(prefShowInspector, true)
	var middle fyne.CanvasObject = wb.center
	if insp {
		wb.splitInsp.Leading = wb.center
		middle = wb.splitInsp
	}
	var all = middle
	if lib {
		wb.splitLib.Trailing = middle
		all = wb.splitLib
	}
	wb.panes.Objects = []fyne.CanvasObject{all}
	wb.splitInsp.Refresh()
	wb.splitLib.Refresh()
	wb.panes.Refresh()
}

// ---- changes ----

// watch receives every committed change, on the goroutine that made it,
// and schedules a drain on the UI goroutine.
func (wb *Workbench) watch(c store.Changes) {
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
	wb.table.update(c)
	wb.tagsView.update(c)
	wb.links.invalidate(c)
	wb.library.update(c)
	wb.speakers.update(c)
	wb.review.update(c)
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
		wb.pane.collapseSelection(0)
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
	want := wb.viewObject()
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

// buildSearchIndex builds the search index of a database written before
// it existed (once, after an upgrade), with a progress bar; searching
// works meanwhile, only slower.
func (wb *Workbench) buildSearchIndex() {
	d, bar := progressDialog(wb.sh, "Preparing search (once, after an upgrade)…")
	wb.sh.run.Go(func() {
		last := -1
		err := wb.sh.svc.BuildSearchIndex(func(done, total int) {
			if total == 0 {
				return
			}
			if pct := done * 100 / total; pct != last {
				last = pct
				wb.sh.run.UI(func() { bar.SetValue(float64(pct) / 100) })
			}
		})
		wb.sh.run.UI(func() {
			d.Hide()
			if err != nil {
				wb.sh.fail("build the search index", err)
				return
			}
			wb.sh.status("Search is ready")
		})
	})
}

// tagNames lists the tags in use, most used first.
func (wb *Workbench) tagNames() []string {
	var names []string
	for _, u := range wb.tags.all() {
		names = append(names, u.Tag)
	}
	return names
}
