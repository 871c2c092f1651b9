package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/store"
)

// showInspector rebuilds the inspector for the selected annotation, or for
// the open article when nothing is selected.
//
// A rebuild replaces the fields, so the keyboard focus moves to the new
// field of the same role (note, tags, speaker) when the record shown is
// the same, and is dropped otherwise: keys must never reach a field that
// is no longer on screen.
func (wb *Workbench) showInspector() {
	focused := wb.win.Canvas().Focused()
	role := ""
	for name, f := range map[string]fyne.Focusable{"note": wb.noteEntry, "tags": wb.tagEntry, "speaker": wb.speakerEntry} {
		if f != nil && focused == f {
			role = name
		}
	}
	shownBefore := wb.inspectorShows
	if role != "" {
		wb.win.Canvas().Unfocus()
	}
	wb.noteEntry, wb.modifiedInfo, wb.speakerEntry, wb.tagEntry = nil, nil, nil, nil
	wb.inspectorShows = wb.selected
	if wb.selected == "" && wb.article != nil {
		wb.inspectorShows = wb.article.ID
	}
	defer func() {
		if role == "" || shownBefore != wb.inspectorShows {
			return
		}
		for name, f := range map[string]fyne.Focusable{"note": wb.noteEntry, "tags": wb.tagEntry, "speaker": wb.speakerEntry} {
			if name == role && f != nil && !isNilFocusable(f) {
				wb.win.Canvas().Focus(f)
			}
		}
	}()
	var content fyne.CanvasObject
	switch a, ok := wb.annotation(wb.selected); {
	case ok:
		content = wb.annotationInspector(a)
	case wb.article != nil:
		content = wb.articleInspector()
	default:
		content = widget.NewLabel("")
	}
	wb.inspector.Content = container.NewPadded(content)
	wb.inspector.Refresh()
	wb.inspector.ScrollToTop()
}

// isNilFocusable reports whether f holds a nil pointer.
func isNilFocusable(f fyne.Focusable) bool {
	switch x := f.(type) {
	case *escEntry:
		return x == nil
	case *escSelectEntry:
		return x == nil
	}
	return f == nil
}

func heading(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle.Bold = true
	return l
}

// tapText is a one-line, ellipsised text that runs fn when clicked: unlike
// a button it never widens its pane.
func tapText(s string, fn func()) *widget.Hyperlink {
	h := widget.NewHyperlink(strings.Join(strings.Fields(s), " "), nil)
	h.Truncation = fyne.TextTruncateEllipsis
	h.OnTapped = fn
	return h
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func timesText(a annotate.Annotation) string {
	s := "Created " + a.Created.Local().Format("2 Jan 2006 15:04")
	if a.Creator != "" {
		s += " by " + a.Creator
	}
	if a.Modified.Sub(a.Created) >= 1e9 {
		s += "\nModified " + a.Modified.Local().Format("2 Jan 2006 15:04")
	}
	return s
}

func (wb *Workbench) annotationInspector(a annotate.Annotation) fyne.CanvasObject {
	kinds := make([]string, 0, 4)
	for _, ks := range kindStyles() {
		kinds = append(kinds, ks.Label)
	}
	kindSelect := widget.NewSelect(kinds, nil)
	kindSelect.SetSelected(styleOf(a.Kind).Label)
	kindSelect.OnChanged = func(label string) {
		for _, ks := range kindStyles() {
			if ks.Label == label && ks.Kind != a.Kind {
				if wb.updateAnnotation(a.ID, "Change kind", "", func(x *annotate.Annotation) {
					x.Kind = ks.Kind
					x.Status = ""
					if ks.Kind == annotate.KindClaim {
						x.Status = annotate.StatusUnverified
					}
				}) {
					wb.afterChange("Changed to " + strings.ToLower(ks.Label))
				}
			}
		}
	}

	quote := wrapped("“" + a.Quote.Exact + "”")
	quote.TextStyle.Italic = true

	note := wb.noteField("Note: why it matters, what to check…", 5, a.Note, func(s string) {
		wb.updateAnnotation(a.ID, "Edit note", "note:"+a.ID, func(x *annotate.Annotation) { x.Note = s })
	})
	tags := wb.tagEditor(a.Tags, func(tags []string) {
		wb.updateAnnotation(a.ID, "Edit tags", "", func(x *annotate.Annotation) { x.Tags = tags })
	})

	items := []fyne.CanvasObject{
		container.NewBorder(nil, nil, newChip(a.Kind), nil, kindSelect),
		quote,
	}
	items = append(items, heading("Speaker"), wb.speakerField(a))
	if a.Kind == annotate.KindClaim {
		var labels []string
		for _, s := range annotate.Statuses() {
			labels = append(labels, string(s))
		}
		status := widget.NewRadioGroup(labels, nil)
		status.Horizontal = false
		status.Required = true
		status.SetSelected(string(a.Status))
		status.OnChanged = func(s string) {
			if s != "" && annotate.Status(s) != a.Status {
				if wb.updateAnnotation(a.ID, "Set verdict", "", func(x *annotate.Annotation) { x.Status = annotate.Status(s) }) {
					a.Status = annotate.Status(s)
				}
			}
		}
		items = append(items, heading("Verdict"), status)
	}
	wb.modifiedInfo = widget.NewLabel(timesText(a))
	wb.modifiedInfo.Importance = widget.LowImportance
	del := widget.NewButtonWithIcon("Delete highlight", theme.DeleteIcon(), wb.DeleteSelected)
	del.Importance = widget.DangerImportance
	linkBtn := widget.NewButtonWithIcon("Link to highlight…  Ctrl+Shift+L", theme.MailForwardIcon(), wb.ShowLinkHighlight)
	items = append(items, heading("Note"), note, heading("Tags"), tags,
		heading("Linked highlights"), wb.linksSection(a.ID, claimRelations()), linkBtn,
		wb.modifiedInfo, del)
	return container.NewVBox(items...)
}

func (wb *Workbench) articleInspector() fyne.CanvasObject {
	art := *wb.article
	form := widget.NewForm()
	for _, kv := range [][2]string{{"Title", art.Title}, {"By", art.Byline}, {"Source", art.Source}, {"URL", art.URL}} {
		if kv[1] != "" {
			form.Append(kv[0], wrapped(kv[1]))
		}
	}
	if !art.Published.IsZero() {
		form.Append("Published", widget.NewLabel(art.Published.Format("2 Jan 2006")))
	}
	form.Append("Imported", widget.NewLabel(art.Imported.Local().Format("2 Jan 2006 15:04")))

	note := wb.noteField("Notes on the article…", 4, art.Note, func(s string) {
		wb.updateArticle("Edit article note", "article-note:"+art.ID, func(x *annotate.Article) { x.Note = s })
	})
	tags := wb.tagEditor(art.Tags, func(tags []string) {
		wb.updateArticle("Edit article tags", "", func(x *annotate.Article) { x.Tags = tags })
	})

	list := container.NewVBox()
	for _, a := range wb.anns {
		list.Add(container.NewBorder(nil, nil, newChip(a.Kind), nil, tapText(a.Quote.Exact, func() { wb.RevealAnnotation(a.ID) })))
	}
	if len(wb.anns) == 0 {
		list.Add(wrapped("No highlights yet. Select text in the reader and press Ctrl+1 for a claim, Ctrl+2 quote, Ctrl+3 evidence, Ctrl+4 question."))
	}
	del := widget.NewButtonWithIcon("Delete article…", theme.DeleteIcon(), wb.confirmDeleteArticle)
	del.Importance = widget.DangerImportance
	return container.NewVBox(heading("Article"), form, heading("Note"), note, heading("Tags"), tags,
		heading(fmt.Sprintf("Highlights (%d)", len(wb.anns))), list,
		heading("People quoted"), wb.peopleQuoted(),
		heading("Links"), wb.linksSection(art.ID, articleRelations()),
		container.NewGridWithColumns(2,
			widget.NewButtonWithIcon("Link article…", theme.MailForwardIcon(), wb.ShowLinkArticle),
			widget.NewButtonWithIcon("Link map…", theme.GridIcon(), wb.ShowLinkMap)),
		heading("Related articles"), wb.relatedSection(), del)
}

// noteField is a multi-line note saved as the analyst types: every change
// is saved at once (typing bursts undo as one step), and the inspector is
// not rebuilt while typing, so no keystroke is lost.
func (wb *Workbench) noteField(placeholder string, rows int, text string, save func(string)) *escEntry {
	note := newEscEntry(true, wb.backToReader)
	note.SetPlaceHolder(placeholder)
	note.SetMinRowsVisible(rows)
	note.SetText(text)
	note.OnChanged = save
	wb.noteEntry = note
	return note
}

// tagEditor shows tags as removable buttons and an entry that completes
// from the tags in use; Enter or a comma adds the tag. After a change the
// inspector is rebuilt to show the new tags.
func (wb *Workbench) tagEditor(tags []string, save func([]string)) fyne.CanvasObject {
	saveTags := save
	save = func(t []string) {
		saveTags(t)
		wb.tagsCache = nil
		wb.showInspector()
	}
	chips := container.NewGridWrap(fyne.NewSize(140, 36))
	for _, t := range tags {
		b := widget.NewButtonWithIcon(t, theme.CancelIcon(), func() {
			save(slices.DeleteFunc(slices.Clone(tags), func(x string) bool { return x == t }))
		})
		b.IconPlacement = widget.ButtonIconTrailingText
		chips.Add(b)
	}
	entry := newEscSelectEntry(nil, wb.backToReader)
	wb.tagEntry = entry
	entry.SetPlaceHolder("Add a tag…")
	add := func(s string) {
		s = strings.TrimSpace(strings.TrimSuffix(s, ","))
		if s == "" {
			return
		}
		save(annotate.CleanTags(append(slices.Clone(tags), s)))
	}
	entry.OnChanged = func(s string) {
		if strings.HasSuffix(s, ",") {
			add(s)
			return
		}
		// The tags in use are gathered on the first keystroke, not when the
		// inspector is built: in a large archive that scan is not free.
		entry.SetOptions(tagCompletions(wb.allTags(), tags, s))
	}
	entry.OnSubmitted = add
	return container.NewVBox(chips, entry)
}

// tagCompletions lists the known tags that start with what was typed,
// ignoring case and accents, leaving out those already given.
func tagCompletions(known, given []string, typed string) []string {
	q := annotate.Fold(typed)
	var out []string
	for _, k := range known {
		if q != "" && strings.HasPrefix(annotate.Fold(k), q) && !slices.ContainsFunc(given, func(g string) bool { return annotate.Fold(g) == annotate.Fold(k) }) {
			out = append(out, k)
		}
	}
	return out
}

// allTags lists every tag used on articles and annotations, for
// completion. It is computed once and dropped on every change.
func (wb *Workbench) allTags() []string {
	if wb.tagsCache != nil {
		return wb.tagsCache
	}
	seen := map[string]bool{}
	var out []string
	addAll := func(tags []string) {
		for _, t := range tags {
			if !seen[annotate.Fold(t)] {
				seen[annotate.Fold(t)] = true
				out = append(out, t)
			}
		}
	}
	_ = wb.st.View(func(tx *store.Tx) error {
		for _, info := range wb.infos {
			addAll(info.Tags)
			anns, err := tx.AnnotationsOf(info.ID)
			if err != nil {
				return err
			}
			for _, a := range anns {
				addAll(a.Tags)
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(annotate.Fold(a), annotate.Fold(b)) })
	wb.tagsCache = append([]string{}, out...)
	return wb.tagsCache
}

func (wb *Workbench) confirmDeleteArticle() {
	if wb.article == nil {
		return
	}
	art := *wb.article
	msg := fmt.Sprintf("Delete “%s” with its %d highlights and its links?\nYou can undo this with Ctrl+Z.", art.Title, len(wb.anns))
	dialog.ShowConfirm("Delete article", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := wb.st.Do("Delete article", func(tx *store.Tx) error { return tx.DeleteArticle(art.ID) }); err != nil {
			wb.fail("delete the article", err)
			return
		}
		wb.afterChange("Deleted “" + art.Title + "” — Ctrl+Z to undo")
		if wb.article == nil && len(wb.infos) > 0 {
			wb.OpenArticle(wb.infos[0].ID)
		}
	}, wb.win)
}

// newChip is a small swatch of a kind's colour.
func newChip(kind annotate.Kind) fyne.CanvasObject {
	r := canvas.NewRectangle(fillFor(kind, fyne.CurrentApp().Settings().ThemeVariant()))
	r.CornerRadius = 4
	r.SetMinSize(fyne.NewSize(14, 14))
	return container.NewCenter(r)
}
