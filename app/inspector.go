package app

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/agree"
	"marginalia/annotate/attrib"
	"marginalia/store"
)

// inspector shows the selected annotation (kind, quote, speaker, verdict,
// note, tags, links) or, with nothing selected, the open article (its
// metadata, note, tags, highlights, people quoted, links, related
// articles), every field saved as it changes.
type inspector struct {
	sh       *shell
	cb       inspectorCallbacks
	links    *linksPanel
	tags     *tagBook
	versions *versionsPanel
	meta     *metaEditor
	scroll   *container.Scroll

	doc      *openDoc
	selected string
	shows    string // the ID of the record shown
	shownRec any    // that record as shown, to tell an edit of ours from another change

	// The fields on screen, for focus and patching.
	note, speaker, tagEntry fyne.Focusable
	speakerTA               *choiceField
	noteText                func() string
	modified                *widget.Label

	// attribution analyses the open article's text for speaker
	// suggestions; attribFor names the text (article and version) it belongs to.
	attribution *attrib.Analysis
	attribFor   string
}

// inspectorCallbacks are the workbench actions the inspector offers.
type inspectorCallbacks struct {
	reveal        func(annotationID string)
	deleteSelect  func()
	deleteArticle func()
	backToReader  func()
	afterAttrib   func(string) // a status message after an attribution
}

func newInspector(sh *shell, links *linksPanel, tags *tagBook, versions *versionsPanel, cb inspectorCallbacks) *inspector {
	in := &inspector{sh: sh, cb: cb, links: links, tags: tags, versions: versions}
	in.scroll = container.NewVScroll(widget.NewLabel(""))
	in.meta = newMetaEditor(sh, cb.backToReader)
	in.meta.wheel = in.scroll
	return in
}

func (in *inspector) object() fyne.CanvasObject { return in.scroll }

// show displays selected (an annotation of d) or d's article, rebuilding
// the fields; the keyboard focus moves to the new field of the same role
// when the record is the same.
func (in *inspector) show(d *openDoc, selected string) {
	in.doc, in.selected = d, selected
	target, rec := in.target()
	focused := in.sh.win.Canvas().Focused()
	role := ""
	for name, f := range map[string]fyne.Focusable{"note": in.note, "tags": in.tagEntry, "speaker": in.speaker} {
		if f != nil && focused == f {
			role = name
		}
	}
	if role != "" {
		in.sh.win.Canvas().Unfocus()
	}
	sameRecord := target == in.shows
	in.note, in.speaker, in.tagEntry, in.modified, in.noteText, in.speakerTA = nil, nil, nil, nil, nil, nil
	in.shows, in.shownRec = target, rec
	var content fyne.CanvasObject
	switch r := rec.(type) {
	case annotate.Annotation:
		content = in.annotationView(r)
	case annotate.Article:
		content = in.articleView()
	default:
		content = widget.NewLabel("")
	}
	in.scroll.Content = container.NewPadded(content)
	in.scroll.Refresh()
	if !sameRecord {
		in.scroll.ScrollToTop()
	}
	if role != "" && sameRecord {
		for name, f := range map[string]fyne.Focusable{"note": in.note, "tags": in.tagEntry, "speaker": in.speaker} {
			if name == role && f != nil {
				in.sh.win.Canvas().Focus(f)
			}
		}
	}
}

// target is the record to show: the selected annotation, else the article.
func (in *inspector) target() (string, any) {
	if a, ok := in.doc.annotation(in.selected); ok {
		return a.ID, a
	}
	if in.doc != nil {
		return in.doc.article.ID, in.doc.article
	}
	return "", nil
}

// update shows d after changes c. When c touched only the record shown,
// and only in what its own fields already show (a note being typed), the
// fields stay as they are, so no keystroke is lost; otherwise show
// rebuilds them.
func (in *inspector) update(d *openDoc, selected string, c store.Changes) {
	in.doc, in.selected = d, selected
	target, rec := in.target()
	own := target != "" && target == in.shows &&
		len(c.AnnotatedArticles)+len(c.SpokenSpeakers)+len(c.LinkedRecords)+len(c.Links)+len(c.Speakers) == 0 &&
		(slices.Equal(c.Annotations, []string{target}) && len(c.Articles) == 0 ||
			slices.Equal(c.Articles, []string{target}) && len(c.Annotations) == 0)
	if own && in.onlyOwnEdits(rec) {
		in.shownRec = rec
		if a, ok := rec.(annotate.Annotation); ok && in.modified != nil {
			in.modified.SetText(timesText(a))
		}
		return
	}
	in.show(d, selected)
}

// onlyOwnEdits reports whether rec differs from the record shown only in
// its note (as the note field already shows it) and modification time.
func (in *inspector) onlyOwnEdits(rec any) bool {
	switch r := rec.(type) {
	case annotate.Annotation:
		if in.noteText == nil {
			return false
		}
		old, ok := in.shownRec.(annotate.Annotation)
		if !ok || r.Note != in.noteText() {
			return false
		}
		old.Note, old.Modified = r.Note, r.Modified
		return annotate.SameAnnotation(old, r)
	case annotate.Article:
		old, ok := in.shownRec.(annotate.Article)
		if !ok || !in.meta.shows(r) {
			return false
		}
		// The metadata editor already shows what was typed.
		old.Title, old.Byline, old.Source, old.URL, old.Published, old.Note = r.Title, r.Byline, r.Source, r.URL, r.Published, r.Note
		return annotate.SameArticle(old, r)
	}
	return false
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

func (in *inspector) annotationView(a annotate.Annotation) fyne.CanvasObject {
	var labels []string
	for _, ks := range annotate.HighlightKinds() {
		labels = append(labels, ks.Label)
	}
	kindSelect := widget.NewSelect(labels, nil)
	kindSelect.SetSelected(a.Kind.Label())
	kindSelect.OnChanged = func(label string) {
		for _, ks := range annotate.HighlightKinds() {
			if ks.Label == label && ks.Kind != a.Kind {
				if _, err := in.sh.svc.SetKind(a.ID, ks.Kind); err != nil {
					in.sh.fail("change the kind", err)
					return
				}
				in.sh.status("Changed to " + strings.ToLower(ks.Label))
			}
		}
	}

	quote := wrapped("“" + a.Quote.Exact + "”")
	quote.TextStyle.Italic = true

	note := in.noteField("Note: why it matters, what to check…", 5, a.Note, func(s string) {
		if _, err := in.sh.svc.SetNote(a.ID, s); err != nil {
			in.sh.fail("save the note", err)
			return
		}
		in.sh.status("Saved")
	})
	tags := in.tags.tagEditor(a.Tags, func(tags []string) {
		if _, err := in.sh.svc.SetTags(a.ID, tags); err != nil {
			in.sh.fail("save the tags", err)
		}
	}, func(e fyne.Focusable) { in.tagEntry = e }, in.cb.backToReader)

	items := []fyne.CanvasObject{
		container.NewBorder(nil, nil, newChip(a.Kind, in.sh.variant()), nil, kindSelect),
		quote,
	}
	if u, ok := agree.Find(agree.Units(in.doc.anns), a.ID); ok {
		items = append(items, in.unitSection(u, a.ID))
	}
	items = append(items, heading("Speaker"), in.speakerField(a))
	if a.Kind == annotate.KindClaim {
		var verdicts []string
		for _, s := range annotate.Statuses() {
			verdicts = append(verdicts, string(s))
		}
		status := widget.NewRadioGroup(verdicts, nil)
		status.Required = true
		status.SetSelected(string(a.Status))
		status.OnChanged = func(s string) {
			if s != "" && annotate.Status(s) != a.Status {
				if _, err := in.sh.svc.SetStatus(a.ID, annotate.Status(s)); err != nil {
					in.sh.fail("set the verdict", err)
				}
			}
		}
		items = append(items, heading("Verdict"), status)
	}
	in.modified = widget.NewLabel(timesText(a))
	del := widget.NewButtonWithIcon("Delete highlight", theme.DeleteIcon(), in.cb.deleteSelect)
	del.Importance = widget.DangerImportance
	linkBtn := widget.NewButtonWithIcon("Link to highlight…  Ctrl+Shift+L", theme.MailForwardIcon(), in.links.showLinkHighlight)
	items = append(items, heading("Note"), note, heading("Tags"), tags,
		heading("Linked highlights"), in.links.section(a.ID, claimRelations()), linkBtn,
		in.modified, del)
	return container.NewVBox(items...)
}

func (in *inspector) articleView() fyne.CanvasObject {
	d := in.doc
	art := d.article
	form := container.NewVBox(in.meta.form(art),
		widget.NewForm(widget.NewFormItem("Imported", widget.NewLabel(art.Imported.Local().Format("2 Jan 2006 15:04")))))

	tags := in.tags.tagEditor(art.Tags, func(tags []string) {
		if _, err := in.sh.svc.EditArticle(art.ID, "Edit article tags", "", func(a *annotate.Article) { a.Tags = tags }); err != nil {
			in.sh.fail("save the tags", err)
		}
	}, func(e fyne.Focusable) { in.tagEntry = e }, in.cb.backToReader)

	list := container.NewVBox()
	for _, a := range d.anns {
		list.Add(container.NewBorder(nil, nil, newChip(a.Kind, in.sh.variant()), nil, tapText(a.Quote.Exact, func() { in.cb.reveal(a.ID) })))
	}
	if len(d.anns) == 0 {
		var keys []string
		for _, ks := range annotate.HighlightKinds() {
			keys = append(keys, fmt.Sprintf("Ctrl+%s %s", ks.Key, strings.ToLower(ks.Label)))
		}
		list.Add(wrapped("No highlights yet. Select text in the reader and press " + strings.Join(keys, ", ") + "."))
	}
	del := widget.NewButtonWithIcon("Delete article…", theme.DeleteIcon(), in.cb.deleteArticle)
	del.Importance = widget.DangerImportance
	return container.NewVBox(heading("Article"), form, heading("Tags"), tags,
		heading(fmt.Sprintf("Highlights (%d)", len(d.anns))), list,
		heading("People quoted"), in.peopleQuoted(),
		heading("Links"), in.links.section(art.ID, articleRelations()),
		container.NewGridWithColumns(2,
			widget.NewButtonWithIcon("Link article…", theme.MailForwardIcon(), in.links.showLinkArticle),
			widget.NewButtonWithIcon("Link map…", theme.GridIcon(), in.links.showLinkMap)),
		heading("Related articles"), in.links.relatedSection(art.ID),
		heading("Versions"), in.versions.section(d), del)
}

// unitSection shows, side by side, what each analyst marked where their
// highlights overlap this one (an agree.Unit), so a click on shared text
// never shows one of them at random; each can be selected.
func (in *inspector) unitSection(u agree.Unit, selected string) fyne.CanvasObject {
	title := fmt.Sprintf("Marked by %d analysts", len(u.Positions))
	if u.Disagreement() {
		title += " — they differ on " + joinAspects(u.Differs)
	}
	cols := container.NewGridWithColumns(len(u.Positions))
	for _, pos := range u.Positions {
		col := container.NewVBox(heading(pos.Creator))
		for _, id := range pos.Members {
			m, ok := memberOf(u, id)
			if !ok {
				continue
			}
			desc := m.Kind.Label()
			if m.Status != "" {
				desc += " · " + string(m.Status)
			}
			if sp, ok := in.doc.speakers[m.SpeakerID]; ok {
				desc += " · " + sp.Name
			}
			if id == selected {
				col.Add(container.NewBorder(nil, nil, newChip(m.Kind, in.sh.variant()), nil, wrapped(desc+" (shown)")))
				continue
			}
			col.Add(container.NewBorder(nil, nil, newChip(m.Kind, in.sh.variant()), nil, tapText(desc, func() { in.cb.reveal(m.ID) })))
		}
		cols.Add(col)
	}
	return container.NewVBox(heading(title), cols)
}

// noteField is a multi-line note saved as the analyst types: every change
// is saved at once (typing bursts undo as one step). It grows with its
// text, and the mouse wheel over it scrolls the inspector.
func (in *inspector) noteField(placeholder string, rows int, text string, save func(string)) fyne.CanvasObject {
	note := newEscEntry(true, in.cb.backToReader)
	note.SetPlaceHolder(placeholder)
	note.SetText(text)
	note.OnChanged = save
	growRows(&note.Entry, rows, 30)
	in.note = note
	in.noteText = func() string { return note.Text }
	return container.NewStack(note, newScrollRelay(in.scroll))
}

// analysis returns the attribution analysis of the open article, cached
// while it stays open.
func (in *inspector) analysis() *attrib.Analysis {
	if in.doc == nil {
		return nil
	}
	if in.attribFor != in.doc.textKey() {
		in.attribution = attrib.Analyze(in.doc.article.Text)
		in.attribFor = in.doc.textKey()
	}
	return in.attribution
}

// suggestedSpeaker proposes who said the selected annotation, "" when the
// text names nobody or the suggestion is already its speaker.
func (in *inspector) suggestedSpeaker() string {
	a, ok := in.doc.annotation(in.selected)
	if !ok || a.Kind == annotate.KindEvidence {
		return ""
	}
	name, ok := in.analysis().Suggest(a.Span)
	if !ok {
		return ""
	}
	if sp, has := in.doc.speakers[a.SpeakerID]; has && slices.ContainsFunc(sp.Names(), func(n string) bool { return annotate.Fold(n) == annotate.Fold(name) }) {
		return ""
	}
	return name
}

// focusSpeaker puts the keyboard in the speaker field (Ctrl+E).
func (in *inspector) focusSpeaker() {
	if in.speaker != nil {
		in.sh.win.Canvas().Focus(in.speaker)
	}
}
