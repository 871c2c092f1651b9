package app

import (
	"strings"

	"fyne.io/fyne/v2"
)

// The overview views take the reader's place in the middle of the
// window: the annotations table and the tag book. The toolbar's
// Annotations and Tags buttons (a second press goes back) and the View
// menu switch between them; Escape in a view, or Enter on a highlight,
// goes back to the reader.

// The views the middle of the window can show.
const (
	viewReader = ""
	viewTable  = "table"
	viewTags   = "tags"
)

// newOverviews builds the views; New calls it once the tag book exists.
func (wb *Workbench) newOverviews() {
	wb.table = newAnnotationsPanel(wb.sh, wb.tags, annotationsCallbacks{
		open: func(articleID, id string) {
			wb.ShowView(viewReader)
			wb.reveal(articleID, id)
		},
		shortcut: wb.shortcut,
		escape:   func() { wb.ShowView(viewReader) },
	})
	wb.tagsView = newTagsPanel(wb.sh, wb.tags, tagsCallbacks{
		show: func(tag string) {
			wb.table.setQuery("tag:" + queryValue(tag))
			wb.ShowView(viewTable)
		},
		escape: func() { wb.ShowView(viewReader) },
	})
}

// queryValue writes a value for the search query language, quoted when
// it holds a space.
func queryValue(s string) string {
	if strings.ContainsAny(s, " \t") {
		return `"` + s + `"`
	}
	return s
}

// ShowView puts view v in the middle of the window.
func (wb *Workbench) ShowView(v string) {
	if wb.view == v {
		wb.focusView()
		return
	}
	wb.view = v
	wb.tagsView.shown = v == viewTags
	wb.table.shown = v == viewTable
	switch v {
	case viewTable:
		wb.table.load()
	case viewTags:
		wb.tagsView.reload()
	}
	wb.updateCenter()
	wb.focusView()
}

func (wb *Workbench) focusView() {
	switch wb.view {
	case viewTable:
		wb.table.focus()
	case viewTags:
		wb.tagsView.focus()
	default:
		if wb.doc != nil {
			wb.pane.focus()
		}
	}
}

// viewObject is what the middle of the window shows: the chosen view,
// or the reader (the welcome screen when no article is open).
func (wb *Workbench) viewObject() fyne.CanvasObject {
	switch wb.view {
	case viewTable:
		return wb.table.object()
	case viewTags:
		return wb.tagsView.object()
	}
	if wb.doc == nil {
		return wb.welcome
	}
	return wb.pane.object()
}

// ToggleView shows view v, or the reader when v is showing.
func (wb *Workbench) ToggleView(v string) {
	if wb.view == v {
		v = viewReader
	}
	wb.ShowView(v)
}

// viewActions are the View menu's items for the views.
func (wb *Workbench) viewActions() []menuAction {
	return []menuAction{
		{menu: "View", label: "-"},
		{menu: "View", label: "Reader", shortcut: ctrlKey(fyne.KeyR, 0), run: func() { wb.ShowView(viewReader) }},
		{menu: "View", label: "Annotations table", shortcut: ctrlKey(fyne.KeyT, 0), run: func() { wb.ShowView(viewTable) }},
		{menu: "View", label: "Tags", shortcut: ctrlKey(fyne.KeyT, fyne.KeyModifierShift), run: func() { wb.ShowView(viewTags) }},
	}
}

// showNewArticle is File > New article…: the form with the article's
// fields, stored as the importer stores files.
func (wb *Workbench) showNewArticle() { showNewArticleForm(wb.sh, wb.imports.store) }
