package app

import (
	"errors"
	"fmt"
	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The workbench's own actions: selecting, highlighting, deleting,
// undoing, and the analyst's name.

// ---- selection and annotating ----

func (wb *Workbench) selectionChanged() {
	start, end := wb.pane.selection()
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
	start, end := wb.pane.selection()
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
	wb.pane.collapseSelection(res.Annotation.Span.End)
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
	wb.pane.outline(id)
	wb.insp.show(wb.doc, id)
}

// RevealAnnotation selects an annotation of the open article and scrolls
// the reader to it.
func (wb *Workbench) RevealAnnotation(id string) {
	if a, ok := wb.doc.annotation(id); ok {
		wb.SelectAnnotation(id)
		wb.pane.scrollTo(a.Span.Start)
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
	d, err := wb.sh.svc.Delete(wb.selected, wb.sh.creator())
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
		if _, err := wb.sh.svc.Delete(art.ID, wb.sh.creator()); err != nil {
			wb.sh.fail("delete the article", err)
			return
		}
		wb.drain()
		wb.setStatus("Deleted “" + art.Title + "” — Ctrl+Z to undo")
	}, wb.sh.win)
}

// backToReader gives the keyboard to the reader.
func (wb *Workbench) backToReader() { wb.pane.focus() }

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
	d.Resize(wb.sh.fit(420, 180))
	d.Show()
	wb.sh.win.Canvas().Focus(entry)
}

// adjustSpan moves an edge of the selected highlight by a word
// (Shift+Left/Right the end, Ctrl+Shift+Left/Right the start); it
// reports whether a highlight was selected to take the key.
func (wb *Workbench) adjustSpan(edge action.Edge, dir int) bool {
	if wb.selected == "" || wb.doc == nil {
		return false
	}
	if _, ok := wb.doc.annotation(wb.selected); !ok {
		return false
	}
	a, err := wb.sh.svc.AdjustSpan(wb.selected, edge, dir)
	switch {
	case errors.Is(err, action.ErrSpanLimit):
		wb.sh.status(strings.TrimPrefix(err.Error(), "adjust: "))
	case err != nil:
		wb.sh.fail("adjust the highlight", err)
	default:
		wb.sh.status("Highlight now “" + shorten(a.Quote.Exact, 60) + "” (Ctrl+Z undoes it)")
	}
	return true
}
