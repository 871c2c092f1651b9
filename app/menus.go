package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/formats"
	"marginalia/app/action"
)

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
		{menu: "File", label: "Import…", shortcut: ctrlKey(fyne.KeyO, 0), run: wb.imports.showImportDialog},
		{menu: "File", label: "Import folder…", run: wb.imports.showImportFolderDialog},
		{menu: "File", label: "New article…", shortcut: ctrlKey(fyne.KeyN, 0), run: wb.showNewArticle},
		{menu: "File", label: "Import as new version…", run: wb.versions.showImportVersion},
		{menu: "File", label: "-"},
		{menu: "File", label: "Import bundle…", run: wb.exchange.showImportBundle},
		{menu: "File", label: "Import REFI-QDA project…", run: wb.exchange.showImportProject},
		{menu: "File", label: "Import annotations (Hypothesis, W3C)…", run: wb.exchange.showImportAnnotations},
		{menu: "File", label: "-"},
	}
	for _, f := range formats.Exporters() {
		a = append(a, menuAction{menu: "File", label: "Export " + f.Title + "…", run: func() { wb.exchange.showExport(f) }})
	}
	a = append(a,
		menuAction{menu: "File", label: "-"},
		menuAction{menu: "File", label: "Delete article…", run: wb.confirmDeleteArticle},
		menuAction{menu: "File", label: "-"},
		menuAction{menu: "File", label: "Your name…", run: func() { wb.askCreator(nil) }},
		menuAction{menu: "Edit", label: "Undo", shortcut: &fyne.ShortcutUndo{}, run: wb.Undo, item: &wb.undoItem},
		menuAction{menu: "Edit", label: "Redo", shortcut: ctrlKey(fyne.KeyZ, fyne.KeyModifierShift), run: wb.Redo, item: &wb.redoItem},
		menuAction{menu: "Edit", label: "-"},
		menuAction{menu: "Edit", label: "Delete highlight", run: wb.DeleteSelected},
		menuAction{menu: "Edit", label: "-"},
		menuAction{menu: "Edit", label: "Search…", shortcut: ctrlKey(fyne.KeyF, 0), run: wb.ShowSearch},
		menuAction{menu: "View", label: "Show or hide the library", shortcut: ctrlKey(fyne.KeyB, 0), run: func() { wb.TogglePane(prefShowLibrary) }},
		menuAction{menu: "View", label: "Show or hide the inspector", shortcut: ctrlKey(fyne.KeyI, 0), run: func() { wb.TogglePane(prefShowInspector) }},
	)
	a = append(a, wb.viewActions()...)
	for _, ks := range annotate.HighlightKinds() {
		a = append(a, menuAction{menu: "Annotate", label: "Highlight as " + ks.Label, shortcut: ctrlKey(kindKey(ks), 0), run: func() { wb.Annotate(ks.Kind) }})
	}
	return append(a,
		menuAction{menu: "Annotate", label: "-"},
		menuAction{menu: "Annotate", label: "Attribute to speaker…", shortcut: ctrlKey(fyne.KeyE, 0), run: wb.insp.focusSpeaker},
		menuAction{menu: "Annotate", label: "Accept suggested speaker", shortcut: ctrlKey(fyne.KeyReturn, 0), run: wb.insp.acceptSuggestion},
		menuAction{menu: "Review", label: "Disagreements…", shortcut: ctrlKey(fyne.KeyD, fyne.KeyModifierShift), run: wb.review.showDisagreements},
		menuAction{menu: "Review", label: "Agreement…", run: wb.review.showAgreement},
		menuAction{menu: "Review", label: "Last merge report…", run: wb.exchange.showLastReport},
		menuAction{menu: "Review", label: "-"},
		menuAction{menu: "Review", label: "Team sync…", run: wb.team.show},
		menuAction{menu: "Speakers", label: "Speakers…", shortcut: ctrlKey(fyne.KeyP, fyne.KeyModifierShift), run: wb.speakers.show},
		menuAction{menu: "Links", label: "Link article…", shortcut: ctrlKey(fyne.KeyL, 0), run: wb.links.showLinkArticle},
		menuAction{menu: "Links", label: "Link to highlight…", shortcut: ctrlKey(fyne.KeyL, fyne.KeyModifierShift), run: wb.links.showLinkHighlight},
		menuAction{menu: "Links", label: "Link map…", shortcut: ctrlKey(fyne.KeyM, 0), run: wb.links.showLinkMap},
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
		// Ctrl+Shift+Left/Right move the selected highlight's start (its
		// end moves with Shift+Left/Right).
		ctrlKey(fyne.KeyLeft, fyne.KeyModifierShift).ShortcutName():  func() { wb.adjustSpan(action.EdgeStart, -1) },
		ctrlKey(fyne.KeyRight, fyne.KeyModifierShift).ShortcutName(): func() { wb.adjustSpan(action.EdgeStart, 1) },
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
	c := wb.sh.win.Canvas()
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { wb.Redo() })
	c.AddShortcut(ctrlKey(fyne.KeyK, 0), func(fyne.Shortcut) { wb.ShowSearch() })
	c.SetOnTypedKey(wb.typedKey)
}

func (wb *Workbench) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDelete:
		wb.DeleteSelected()
	case fyne.KeyEscape:
		if closeTopOverlay(wb.sh.win.Canvas()) {
			return
		}
		wb.SelectAnnotation("")
	}
}

// contextMenu is the reader's right-click menu: highlight the selection
// as any kind, copy it, or act on the highlight under the pointer.
func (wb *Workbench) contextMenu(pos fyne.Position, highlightID string) {
	items := wb.contextItems(highlightID)
	if len(items) == 0 {
		return
	}
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), wb.sh.win.Canvas(), pos)
}

// contextItems are the right-click menu's items.
func (wb *Workbench) contextItems(highlightID string) []*fyne.MenuItem {
	var items []*fyne.MenuItem
	if start, end := wb.pane.selection(); end > start {
		for _, ks := range annotate.HighlightKinds() {
			item := fyne.NewMenuItem("Highlight as "+ks.Label, func() { wb.Annotate(ks.Kind) })
			item.Shortcut = ctrlKey(kindKey(ks), 0)
			items = append(items, item)
		}
		items = append(items, fyne.NewMenuItem("Copy", func() {
			wb.sh.app.Clipboard().SetContent(wb.pane.selectedText())
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
	return items
}
