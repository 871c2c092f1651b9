package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/attrib"
	"marginalia/annotate/related"
	"marginalia/app/reader"
	"marginalia/store"
)

// Preference keys.
const (
	prefCreator     = "creator"
	prefWidth       = "window.width"
	prefHeight      = "window.height"
	prefSplitLib    = "split.library"
	prefSplitInsp   = "split.inspector"
	prefLastArticle = "article.last"
)

// Workbench is the main window's content and its state: the library, the
// open article in the reader, the selected annotation in the inspector.
type Workbench struct {
	app   fyne.App
	win   fyne.Window
	st    *store.Store
	prefs fyne.Preferences
	now   func() time.Time

	// State of the open article.
	article  *annotate.Article
	anns     []annotate.Annotation
	speakers map[string]annotate.Speaker
	selected string // annotation ID, "" for none
	infos    []store.ArticleInfo
	shown    []store.ArticleInfo // infos after the filter
	index    *searchIndex
	palette  *palette
	// attribution analyses the open article's text for speaker
	// suggestions; attribFor names the article it belongs to.
	attribution *attrib.Analysis
	attribFor   string
	// inline runs background work (palette queries, related articles) on
	// the calling goroutine, for tests.
	inline bool
	// imported, when set, is called after each import has been stored;
	// merged after each bundle merge (tests wait on them).
	imported func()
	merged   func(store.Report)
	exported func()
	// relatedCache holds the related-article suggestions per article,
	// computed in the background; dropped on every change.
	relatedCache map[string][]related.Suggestion
	// tagsCache holds every tag in use, for completion; nil when stale.
	tagsCache []string

	// Widgets.
	content      *fyne.Container
	reader       *reader.Reader
	header       *widget.RichText
	center       *fyne.Container // welcome screen or the reader
	readerPane   fyne.CanvasObject
	welcome      fyne.CanvasObject
	library      *widget.List
	filter       *widget.Entry
	libCount     *widget.Label
	inspector    *container.Scroll
	status       *widget.Label
	counts       *widget.Label
	undoItem     *fyne.MenuItem
	redoItem     *fyne.MenuItem
	splitLib     *container.Split
	splitInsp    *container.Split
	noteEntry    *escEntry // the inspector's note field while it shows one
	speakerEntry *escSelectEntry
	tagEntry     *escSelectEntry
	// inspectorShows is the ID of the record the inspector shows.
	inspectorShows string
	modifiedInfo   *widget.Label
}

// New builds the workbench for window w on store st. Call Content for the
// window's content and Start once the window is set up.
func New(a fyne.App, w fyne.Window, st *store.Store) *Workbench {
	wb := &Workbench{app: a, win: w, st: st, prefs: a.Preferences(), now: time.Now, speakers: map[string]annotate.Speaker{}}
	wb.index = newSearchIndex(st)
	wb.build()
	return wb
}

// Content is the window content.
func (wb *Workbench) Content() fyne.CanvasObject { return wb.content }

// Start restores the window layout, loads the library and opens the last
// article, or shows the welcome screen on an empty library.
func (wb *Workbench) Start() {
	wb.win.SetMainMenu(wb.mainMenu())
	wb.addShortcuts()
	wb.win.Resize(fyne.NewSize(
		float32(wb.prefs.FloatWithFallback(prefWidth, 1280)),
		float32(wb.prefs.FloatWithFallback(prefHeight, 800))))
	wb.splitLib.Offset = wb.prefs.FloatWithFallback(prefSplitLib, 0.22)
	wb.splitInsp.Offset = wb.prefs.FloatWithFallback(prefSplitInsp, 0.66)
	wb.win.SetOnDropped(wb.dropped)
	wb.win.SetCloseIntercept(func() {
		wb.saveLayout()
		wb.win.Close()
	})
	wb.app.Settings().AddListener(func(fyne.Settings) { wb.refreshHighlights() })
	wb.reloadLibrary()
	if last := wb.prefs.String(prefLastArticle); last != "" && wb.hasArticle(last) {
		wb.OpenArticle(last)
	} else if len(wb.infos) > 0 {
		wb.OpenArticle(wb.infos[0].ID)
	}
	wb.updateCenter()
	wb.updateUndoMenu()
	go func() {
		if err := wb.index.build(); err != nil {
			fyne.Do(func() { wb.fail("build the search index", err) })
		}
	}()
	if wb.prefs.String(prefCreator) == "" {
		wb.askCreator(nil)
	}
}

func (wb *Workbench) saveLayout() {
	size := wb.win.Canvas().Size()
	wb.prefs.SetFloat(prefWidth, float64(size.Width))
	wb.prefs.SetFloat(prefHeight, float64(size.Height))
	wb.prefs.SetFloat(prefSplitLib, wb.splitLib.Offset)
	wb.prefs.SetFloat(prefSplitInsp, wb.splitInsp.Offset)
}

func (wb *Workbench) build() {
	wb.reader = reader.New()
	wb.reader.OnSelectionChanged = func(start, end int) { wb.selectionChanged() }
	wb.reader.OnHighlightTapped = wb.SelectAnnotation
	wb.reader.OnEmptyTapped = func() { wb.SelectAnnotation("") }
	wb.reader.OnContextMenu = wb.contextMenu
	wb.reader.OnShortcut = wb.shortcut
	wb.reader.OnKey = func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyBackspace { // only while the reader has the keyboard
			ev = &fyne.KeyEvent{Name: fyne.KeyDelete}
		}
		wb.typedKey(ev)
	}

	wb.header = widget.NewRichText()
	wb.header.Wrapping = fyne.TextWrapWord
	wb.readerPane = container.NewBorder(container.NewPadded(wb.header), nil, nil, nil, wb.reader)
	wb.welcome = wb.buildWelcome()
	wb.center = container.NewStack(wb.welcome)

	wb.filter = widget.NewEntry()
	wb.filter.SetPlaceHolder("Filter articles")
	wb.filter.OnChanged = func(string) { wb.applyFilter() }
	wb.libCount = widget.NewLabel("")
	wb.libCount.Importance = widget.LowImportance
	wb.library = widget.NewList(
		func() int { return len(wb.shown) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("title")
			title.TextStyle.Bold = true
			title.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("meta")
			meta.SizeName = theme.SizeNameCaptionText
			meta.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(title, meta)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			info := wb.shown[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(info.Title)
			box.Objects[1].(*widget.Label).SetText(articleMeta(info))
		},
	)
	wb.library.OnSelected = func(i widget.ListItemID) {
		if i < len(wb.shown) && (wb.article == nil || wb.article.ID != wb.shown[i].ID) {
			wb.OpenArticle(wb.shown[i].ID)
		}
	}
	libPane := container.NewBorder(container.NewVBox(wb.filter, wb.libCount), nil, nil, nil, wb.library)

	wb.inspector = container.NewVScroll(widget.NewLabel(""))
	wb.splitInsp = container.NewHSplit(wb.center, wb.inspector)
	wb.splitLib = container.NewHSplit(libPane, wb.splitInsp)

	wb.status = widget.NewLabel("Ready")
	wb.counts = widget.NewLabel("")
	statusBar := container.NewBorder(nil, nil, nil, wb.counts, wb.status)

	wb.content = container.NewBorder(wb.buildToolbar(), statusBar, nil, nil, wb.splitLib)
}

func (wb *Workbench) buildToolbar() fyne.CanvasObject {
	importBtn := widget.NewButton("Import…", wb.ShowImportDialog)
	searchBtn := widget.NewButtonWithIcon("Search  Ctrl+F", theme.SearchIcon(), wb.ShowSearch)
	newBtn := widget.NewButton("New article…", wb.ShowNewArticleDialog)
	items := []fyne.CanvasObject{importBtn, newBtn, widget.NewSeparator()}
	for _, ks := range kindStyles() {
		btn := widget.NewButton(fmt.Sprintf("%s  Ctrl+%s", ks.Label, ks.Key), func() { wb.Annotate(ks.Kind) })
		btn.Importance = widget.LowImportance
		bg := canvas.NewRectangle(fillFor(ks.Kind, wb.app.Settings().ThemeVariant()))
		bg.CornerRadius = theme.InputRadiusSize()
		items = append(items, container.NewStack(bg, btn))
	}
	items = append(items, widget.NewSeparator(),
		widget.NewButton("Undo", wb.Undo), widget.NewButton("Redo", wb.Redo), widget.NewSeparator(), searchBtn)
	return container.NewPadded(container.NewHBox(items...))
}

// ---- library ----

func articleMeta(info store.ArticleInfo) string {
	var parts []string
	if info.Source != "" {
		parts = append(parts, info.Source)
	}
	if !info.Published.IsZero() {
		parts = append(parts, info.Published.Format("2 Jan 2006"))
	}
	n := fmt.Sprintf("%d highlights", info.Annotations)
	if info.Annotations == 1 {
		n = "1 highlight"
	}
	return strings.Join(append(parts, n), " · ")
}

func (wb *Workbench) reloadLibrary() {
	err := wb.st.View(func(tx *store.Tx) error {
		var err error
		wb.infos, err = tx.Articles()
		return err
	})
	if err != nil {
		wb.fail("load the library", err)
	}
	wb.applyFilter()
}

func (wb *Workbench) hasArticle(id string) bool {
	return slices.ContainsFunc(wb.infos, func(i store.ArticleInfo) bool { return i.ID == id })
}

func (wb *Workbench) applyFilter() {
	q := annotate.Fold(wb.filter.Text)
	wb.shown = wb.shown[:0]
	for _, info := range wb.infos {
		if q == "" || strings.Contains(annotate.Fold(info.Title+" "+info.Source+" "+info.Byline), q) {
			wb.shown = append(wb.shown, info)
		}
	}
	wb.libCount.SetText(fmt.Sprintf("%d of %d articles", len(wb.shown), len(wb.infos)))
	if len(wb.shown) == len(wb.infos) {
		wb.libCount.SetText(fmt.Sprintf("%d article%s", len(wb.infos), plural(len(wb.infos))))
	}
	wb.library.Refresh()
	wb.syncLibrarySelection()
}

func (wb *Workbench) syncLibrarySelection() {
	if wb.article == nil {
		wb.library.UnselectAll()
		return
	}
	for i, info := range wb.shown {
		if info.ID == wb.article.ID {
			wb.library.Select(i)
			return
		}
	}
	wb.library.UnselectAll()
}

// ---- the open article ----

// OpenArticle shows the article in the reader.
func (wb *Workbench) OpenArticle(id string) {
	var (
		art      annotate.Article
		anns     []annotate.Annotation
		speakers = map[string]annotate.Speaker{}
	)
	err := wb.st.View(func(tx *store.Tx) error {
		var err error
		if art, err = tx.Article(id); err != nil {
			return err
		}
		if anns, err = tx.AnnotationsOf(id); err != nil {
			return err
		}
		for _, a := range anns {
			if a.SpeakerID != "" {
				if sp, err := tx.Speaker(a.SpeakerID); err == nil {
					speakers[sp.ID] = sp
				}
			}
		}
		return nil
	})
	if err != nil {
		wb.fail("open the article", err)
		return
	}
	same := wb.article != nil && wb.article.ID == art.ID
	wb.article, wb.anns, wb.speakers = &art, anns, speakers
	if !same {
		wb.selected = ""
		wb.reader.SetText(art.Text)
		if wb.prefs.String(prefLastArticle) != art.ID {
			wb.prefs.SetString(prefLastArticle, art.ID)
		}
		wb.win.SetTitle("Marginalia — " + art.Title)
	} else if !slices.ContainsFunc(anns, func(a annotate.Annotation) bool { return a.ID == wb.selected }) {
		wb.selected = ""
	}
	wb.setHeader(art)
	wb.refreshHighlights()
	wb.reader.SetSelectedHighlight(wb.selected)
	wb.showInspector()
	wb.syncLibrarySelection()
	wb.updateCenter()
	wb.updateCounts()
	wb.selectionChanged()
}

// closeArticle empties the reader after its article was deleted.
func (wb *Workbench) closeArticle() {
	wb.article, wb.anns, wb.selected = nil, nil, ""
	wb.reader.SetText("")
	wb.reader.SetHighlights(nil)
	wb.prefs.SetString(prefLastArticle, "")
	wb.win.SetTitle("Marginalia")
	wb.showInspector()
	wb.updateCenter()
	wb.updateCounts()
}

func (wb *Workbench) setHeader(art annotate.Article) {
	var meta []string
	for _, s := range []string{art.Byline, art.Source} {
		if s != "" {
			meta = append(meta, s)
		}
	}
	if !art.Published.IsZero() {
		meta = append(meta, art.Published.Format("2 January 2006"))
	}
	segs := []widget.RichTextSegment{
		&widget.TextSegment{Text: art.Title, Style: widget.RichTextStyleSubHeading},
	}
	if len(meta) > 0 {
		segs = append(segs, &widget.TextSegment{Text: strings.Join(meta, " · "), Style: widget.RichTextStyle{ColorName: "disabled"}})
	}
	wb.header.Segments = segs
	wb.header.Refresh()
}

func (wb *Workbench) refreshHighlights() {
	variant := wb.app.Settings().ThemeVariant()
	hs := make([]reader.Highlight, 0, len(wb.anns))
	for _, a := range wb.anns {
		hs = append(hs, reader.Highlight{ID: a.ID, Start: a.Span.Start, End: a.Span.End, Fill: fillFor(a.Kind, variant)})
	}
	wb.reader.SetHighlights(hs)
}

func (wb *Workbench) updateCenter() {
	want := wb.welcome
	if wb.article != nil {
		want = wb.readerPane
	}
	if len(wb.center.Objects) != 1 || wb.center.Objects[0] != want {
		wb.center.Objects = []fyne.CanvasObject{want}
		wb.center.Refresh()
	}
}

func (wb *Workbench) updateCounts() {
	if wb.article == nil {
		wb.counts.SetText(fmt.Sprintf("%d articles", len(wb.infos)))
		return
	}
	n := map[annotate.Kind]int{}
	for _, a := range wb.anns {
		n[a.Kind]++
	}
	var parts []string
	for _, ks := range kindStyles() {
		parts = append(parts, fmt.Sprintf("%d %s", n[ks.Kind], strings.ToLower(ks.Label)+plural(n[ks.Kind])))
	}
	wb.counts.SetText(strings.Join(parts, " · "))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// trimSpan narrows the rune range [start, end) of text so that it neither
// starts nor ends with white space: a drag that overshoots a word by a
// space should not make the space part of the highlight.
func trimSpan(text string, start, end int) (int, int) {
	t := annotate.NewText(text)
	for start < end && strings.TrimSpace(t.Slice(start, start+1)) == "" {
		start++
	}
	for end > start && strings.TrimSpace(t.Slice(end-1, end)) == "" {
		end--
	}
	return start, end
}

// annotation returns the open article's annotation with id.
func (wb *Workbench) annotation(id string) (annotate.Annotation, bool) {
	i := slices.IndexFunc(wb.anns, func(a annotate.Annotation) bool { return a.ID == id })
	if i < 0 {
		return annotate.Annotation{}, false
	}
	return wb.anns[i], true
}

// ---- selection and annotating ----

func (wb *Workbench) selectionChanged() {
	if start, end := wb.reader.Selection(); wb.article != nil && end > start {
		wb.setStatus(fmt.Sprintf("%d characters selected — Ctrl+1 claim, Ctrl+2 quote, Ctrl+3 evidence, Ctrl+4 question", end-start))
	}
}

// Annotate highlights the reader's selection as kind, saving it at once.
func (wb *Workbench) Annotate(kind annotate.Kind) {
	start, end := wb.reader.Selection()
	if wb.article != nil {
		start, end = trimSpan(wb.article.Text, start, end)
	}
	if wb.article == nil || end <= start {
		wb.setStatus("Select some text first, then press Ctrl+1 to 4")
		return
	}
	creator := wb.prefs.String(prefCreator)
	if creator == "" {
		wb.askCreator(func() { wb.Annotate(kind) })
		return
	}
	var ann annotate.Annotation
	err := wb.st.Do("Create "+styleOf(kind).Label, func(tx *store.Tx) error {
		text, err := tx.ArticleText(wb.article.ID)
		if err != nil {
			return err
		}
		ann, err = annotate.NewAnnotation(wb.article.ID, text, annotate.Span{Start: start, End: end}, kind, creator, wb.now().UTC())
		if err != nil {
			return err
		}
		return tx.PutAnnotation(ann)
	})
	if err != nil {
		wb.fail("save the highlight", err)
		return
	}
	wb.reader.SetSelection(end, end)
	wb.selected = ann.ID
	wb.afterChange(fmt.Sprintf("Saved %s", strings.ToLower(styleOf(kind).Label)))
}

// SelectAnnotation shows the annotation in the inspector and outlines it;
// "" selects nothing and shows the article.
func (wb *Workbench) SelectAnnotation(id string) {
	if _, ok := wb.annotation(id); !ok {
		id = ""
	}
	wb.selected = id
	wb.reader.SetSelectedHighlight(id)
	wb.showInspector()
}

// RevealAnnotation selects the annotation and scrolls the reader to it.
func (wb *Workbench) RevealAnnotation(id string) {
	if a, ok := wb.annotation(id); ok {
		wb.SelectAnnotation(id)
		wb.reader.ScrollToOffset(a.Span.Start)
	}
}

// DeleteSelected deletes the selected annotation.
func (wb *Workbench) DeleteSelected() {
	a, ok := wb.annotation(wb.selected)
	if !ok {
		return
	}
	err := wb.st.Do("Delete "+strings.ToLower(styleOf(a.Kind).Label), func(tx *store.Tx) error { return tx.DeleteAnnotation(a.ID) })
	if err != nil {
		wb.fail("delete the highlight", err)
		return
	}
	wb.selected = ""
	wb.afterChange("Deleted " + strings.ToLower(styleOf(a.Kind).Label) + " — Ctrl+Z to undo")
}

// updateAnnotation saves an edit of one annotation. merge joins a burst of
// edits (typing) into one undo step.
// It reports whether the change was saved.
func (wb *Workbench) updateAnnotation(id, label, merge string, edit func(*annotate.Annotation)) bool {
	a, ok := wb.annotation(id)
	if !ok {
		return false
	}
	edit(&a)
	a.Modified = wb.now().UTC()
	if a.Modified.Before(a.Created) {
		a.Modified = a.Created
	}
	if err := wb.st.DoMerge(label, merge, func(tx *store.Tx) error { return tx.PutAnnotation(a) }); err != nil {
		wb.fail("save the change", err)
		return false
	}
	i := slices.IndexFunc(wb.anns, func(x annotate.Annotation) bool { return x.ID == a.ID })
	wb.anns[i] = a
	if wb.modifiedInfo != nil && wb.selected == a.ID {
		wb.modifiedInfo.SetText(timesText(a))
	}
	wb.updateUndoMenu()
	wb.setStatus("Saved")
	return true
}

// updateArticle saves an edit of the open article's metadata.
func (wb *Workbench) updateArticle(label, merge string, edit func(*annotate.Article)) {
	if wb.article == nil {
		return
	}
	a := *wb.article
	a.Text = "" // keep the stored text
	edit(&a)
	if err := wb.st.DoMerge(label, merge, func(tx *store.Tx) error { return tx.PutArticle(a) }); err != nil {
		wb.fail("save the change", err)
		return
	}
	text := wb.article.Text
	*wb.article = a
	wb.article.Text = text
	wb.updateUndoMenu()
	wb.setStatus("Saved")
}

// afterChange reloads what a change may have touched and reports it.
func (wb *Workbench) afterChange(msg string) {
	wb.tagsCache, wb.relatedCache = nil, nil
	wb.reloadLibrary()
	if wb.article != nil {
		if wb.hasArticle(wb.article.ID) {
			wb.OpenArticle(wb.article.ID)
		} else {
			wb.closeArticle()
		}
	}
	wb.updateUndoMenu()
	wb.updateCounts()
	wb.setStatus(msg)
}

// ---- undo ----

// Undo reverts the last change.
func (wb *Workbench) Undo() { wb.undoRedo(wb.st.Undo, "undo", "Undid") }

// Redo re-applies the last undone change.
func (wb *Workbench) Redo() { wb.undoRedo(wb.st.Redo, "redo", "Redid") }

func (wb *Workbench) undoRedo(step func() (string, error), doing, verb string) {
	label, err := step()
	switch {
	case errors.Is(err, store.ErrNothingToUndo), errors.Is(err, store.ErrNothingToRedo):
		wb.setStatus(capitalise(err.Error()))
		return
	case err != nil:
		wb.fail(doing, err)
		wb.afterChange("")
		return
	}
	wb.afterChange(fmt.Sprintf("%s: %s", verb, strings.ToLower(label)))
	if wb.article == nil && len(wb.infos) > 0 && label != "" && strings.HasPrefix(label, "Delete article") {
		wb.OpenArticle(wb.infos[0].ID)
	}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (wb *Workbench) updateUndoMenu() {
	if wb.undoItem == nil {
		return
	}
	wb.undoItem.Label, wb.undoItem.Disabled = "Undo", true
	if l := wb.st.UndoLabel(); l != "" {
		wb.undoItem.Label, wb.undoItem.Disabled = "Undo "+l, false
	}
	wb.redoItem.Label, wb.redoItem.Disabled = "Redo", true
	if l := wb.st.RedoLabel(); l != "" {
		wb.redoItem.Label, wb.redoItem.Disabled = "Redo "+l, false
	}
	if m := wb.win.MainMenu(); m != nil {
		m.Refresh()
	}
}

// ---- menus and shortcuts ----

// ctrlKey is Ctrl (Cmd on macOS) with key, plus extra modifiers.
func ctrlKey(key fyne.KeyName, extra fyne.KeyModifier) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | extra}
}

// menuAction is one command of the main menu. Its shortcut also works
// while a widget that takes shortcuts (the reader) has the focus.
type menuAction struct {
	menu, label string
	shortcut    fyne.Shortcut
	run         func()
	item        **fyne.MenuItem // where to keep the item, for relabelling
}

// actions lists the main menu's commands in order; "-" is a separator.
func (wb *Workbench) actions() []menuAction {
	a := []menuAction{
		{menu: "File", label: "Import…", shortcut: ctrlKey(fyne.KeyO, 0), run: wb.ShowImportDialog},
		{menu: "File", label: "Import folder…", run: wb.ShowImportFolderDialog},
		{menu: "File", label: "New article…", shortcut: ctrlKey(fyne.KeyN, 0), run: wb.ShowNewArticleDialog},
		{menu: "File", label: "-"},
		{menu: "File", label: "Import bundle…", run: wb.ShowImportBundle},
		{menu: "File", label: "Export bundle…", run: func() { wb.ShowExport("bundle") }},
		{menu: "File", label: "Export W3C annotations…", run: func() { wb.ShowExport("w3c") }},
		{menu: "File", label: "Export CSV…", run: func() { wb.ShowExport("csv") }},
		{menu: "File", label: "-"},
		{menu: "File", label: "Delete article…", run: wb.confirmDeleteArticle},
		{menu: "File", label: "-"},
		{menu: "File", label: "Your name…", run: func() { wb.askCreator(nil) }},
		{menu: "Edit", label: "Undo", shortcut: &fyne.ShortcutUndo{}, run: wb.Undo, item: &wb.undoItem},
		{menu: "Edit", label: "Redo", shortcut: ctrlKey(fyne.KeyZ, fyne.KeyModifierShift), run: wb.Redo, item: &wb.redoItem},
		{menu: "Edit", label: "-"},
		{menu: "Edit", label: "Delete highlight", run: wb.DeleteSelected},
		{menu: "Edit", label: "-"},
		{menu: "Edit", label: "Search…", shortcut: ctrlKey(fyne.KeyF, 0), run: wb.ShowSearch},
	}
	for _, ks := range kindStyles() {
		a = append(a, menuAction{menu: "Annotate", label: "Highlight as " + ks.Label, shortcut: ctrlKey(ks.Key, 0), run: func() { wb.Annotate(ks.Kind) }})
	}
	return append(a,
		menuAction{menu: "Annotate", label: "-"},
		menuAction{menu: "Annotate", label: "Attribute to speaker…", shortcut: ctrlKey(fyne.KeyE, 0), run: wb.FocusSpeaker},
		menuAction{menu: "Annotate", label: "Accept suggested speaker", shortcut: ctrlKey(fyne.KeyReturn, 0), run: wb.AcceptSuggestion},
		menuAction{menu: "Speakers", label: "Speakers…", shortcut: ctrlKey(fyne.KeyP, fyne.KeyModifierShift), run: wb.ShowSpeakers},
		menuAction{menu: "Links", label: "Link article…", shortcut: ctrlKey(fyne.KeyL, 0), run: wb.ShowLinkArticle},
		menuAction{menu: "Links", label: "Link to highlight…", shortcut: ctrlKey(fyne.KeyL, fyne.KeyModifierShift), run: wb.ShowLinkHighlight},
		menuAction{menu: "Links", label: "Link map…", shortcut: ctrlKey(fyne.KeyM, 0), run: wb.ShowLinkMap},
	)
}

func (wb *Workbench) mainMenu() *fyne.MainMenu {
	var menus []*fyne.Menu
	byName := map[string]*fyne.Menu{}
	for _, a := range wb.actions() {
		m := byName[a.menu]
		if m == nil {
			m = fyne.NewMenu(a.menu)
			byName[a.menu] = m
			menus = append(menus, m)
		}
		if a.label == "-" {
			m.Items = append(m.Items, fyne.NewMenuItemSeparator())
			continue
		}
		item := fyne.NewMenuItem(a.label, a.run)
		item.Shortcut = a.shortcut
		if a.item != nil {
			*a.item = item
		}
		m.Items = append(m.Items, item)
	}
	return fyne.NewMainMenu(menus...)
}

// shortcutActions maps shortcut names to actions, for shortcuts arriving
// through a focused widget (the reader) rather than the main menu.
func (wb *Workbench) shortcutActions() map[string]func() {
	m := map[string]func(){
		(&fyne.ShortcutRedo{}).ShortcutName(): wb.Redo, // Ctrl+Y
		ctrlKey(fyne.KeyK, 0).ShortcutName():  wb.ShowSearch,
	}
	for _, a := range wb.actions() {
		if a.shortcut != nil {
			m[a.shortcut.ShortcutName()] = a.run
		}
	}
	return m
}

func (wb *Workbench) shortcut(s fyne.Shortcut) {
	if f, ok := wb.shortcutActions()[s.ShortcutName()]; ok {
		f()
	}
}

func (wb *Workbench) addShortcuts() {
	wb.win.Canvas().AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { wb.Redo() })
	wb.win.Canvas().AddShortcut(ctrlKey(fyne.KeyK, 0), func(fyne.Shortcut) { wb.ShowSearch() })
	wb.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { wb.typedKey(ev) })
}

func (wb *Workbench) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDelete:
		wb.DeleteSelected()
	case fyne.KeyEscape:
		wb.SelectAnnotation("")
	}
}

func (wb *Workbench) contextMenu(pos fyne.Position, highlightID string) {
	var items []*fyne.MenuItem
	if start, end := wb.reader.Selection(); end > start {
		for _, ks := range kindStyles() {
			items = append(items, fyne.NewMenuItem(fmt.Sprintf("Highlight as %s\tCtrl+%s", ks.Label, ks.Key), func() { wb.Annotate(ks.Kind) }))
		}
		items = append(items, fyne.NewMenuItem("Copy", func() {
			wb.app.Clipboard().SetContent(wb.reader.SelectedText())
		}))
	}
	if highlightID != "" {
		if len(items) > 0 {
			items = append(items, fyne.NewMenuItemSeparator())
		}
		items = append(items,
			fyne.NewMenuItem("Show in inspector", func() { wb.SelectAnnotation(highlightID) }),
			fyne.NewMenuItem("Delete highlight", func() { wb.SelectAnnotation(highlightID); wb.DeleteSelected() }))
	}
	if len(items) == 0 {
		return
	}
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), wb.win.Canvas(), pos)
}

// ---- creator ----

func (wb *Workbench) askCreator(then func()) {
	entry := widget.NewEntry()
	entry.SetText(wb.prefs.String(prefCreator))
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
			wb.prefs.SetString(prefCreator, strings.Join(strings.Fields(entry.Text), " "))
			wb.setStatus("Highlights will be credited to " + wb.prefs.String(prefCreator))
			if then != nil {
				then()
			}
		}, wb.win)
	entry.OnSubmitted = func(string) { d.Submit() } // Enter saves (when valid)
	d.Resize(fyne.NewSize(420, 180))
	d.Show()
	wb.win.Canvas().Focus(entry)
}

// ---- status and errors ----

func (wb *Workbench) setStatus(msg string) {
	if msg != "" {
		wb.status.SetText(msg)
	}
}

// fail reports an error in a dialog and the status bar.
func (wb *Workbench) fail(doing string, err error) {
	wb.setStatus("Could not " + doing + ": " + err.Error())
	dialog.ShowError(fmt.Errorf("could not %s: %w", doing, err), wb.win)
}
