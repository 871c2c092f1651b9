package app

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/extract"
)

// metaEditor edits an article's metadata in the inspector: title,
// byline, source, URL, published date and note, each saved as it is
// typed through action.Service.EditArticle (a burst of typing in one
// field is one undo step), with what is wrong with a value said under
// its field, and nothing saved until it is right. The text and every
// offset stay as they are: EditArticle never writes the text.
//
// The editor keeps its fields while the same article is shown, so when
// the inspector is rebuilt after a save, the field being typed in is the
// same widget and keeps the keyboard; a value changed elsewhere (an undo)
// replaces what a field shows.
type metaEditor struct {
	sh     *shell
	escape func()
	// wheel, when set, receives the mouse wheel over the note, which
	// would otherwise scroll only itself (see scrollRelay).
	wheel  fyne.Scrollable
	id     string // the article the fields belong to
	fields []*metaField
	box    *fyne.Container
}

// metaField is one field of the editor.
type metaField struct {
	label string
	entry *escEntry
	msg   *widget.Label
	saved string // the value as stored, as the field writes it
	get   func(annotate.Article) string
	// set validates s and puts it into a, or says what is wrong.
	set func(a *annotate.Article, s string) error
}

func newMetaEditor(sh *shell, escape func()) *metaEditor {
	return &metaEditor{sh: sh, escape: escape}
}

// metaSpecs are the editor's fields, in order.
func metaSpecs() []*metaField {
	return []*metaField{
		{label: "Title", get: func(a annotate.Article) string { return a.Title }, set: func(a *annotate.Article, s string) error {
			s = oneLineText(s)
			if s == "" {
				return errors.New("an article needs a title")
			}
			a.Title = s
			return checkLength(s, annotate.MaxTitleRunes)
		}},
		{label: "Byline", get: func(a annotate.Article) string { return a.Byline }, set: func(a *annotate.Article, s string) error {
			a.Byline = oneLineText(s)
			return checkLength(a.Byline, annotate.MaxTitleRunes)
		}},
		{label: "Source", get: func(a annotate.Article) string { return a.Source }, set: func(a *annotate.Article, s string) error {
			a.Source = oneLineText(s)
			return checkLength(a.Source, annotate.MaxTitleRunes)
		}},
		{label: "URL", get: func(a annotate.Article) string { return a.URL }, set: func(a *annotate.Article, s string) error {
			s = strings.TrimSpace(s)
			if err := checkURL(s); err != nil {
				return err
			}
			a.URL = s
			return nil
		}},
		{label: "Published", get: func(a annotate.Article) string { return dayText(a.Published) }, set: func(a *annotate.Article, s string) error {
			t, err := checkDate(s)
			if err != nil {
				return err
			}
			if dayText(t) != dayText(a.Published) { // the same day keeps its time
				a.Published = t
			}
			return nil
		}},
		{label: "Note", get: func(a annotate.Article) string { return a.Note }, set: func(a *annotate.Article, s string) error {
			a.Note = s
			return checkLength(s, annotate.MaxNoteRunes)
		}},
	}
}

func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }

func checkLength(s string, n int) error {
	if l := utf8.RuneCountInString(s); l > n {
		return fmt.Errorf("%d characters; at most %d", l, n)
	}
	return nil
}

// checkURL accepts "" or an absolute http or https address.
func checkURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || strings.ContainsAny(s, " \t\n"):
		return errors.New("not a web address")
	case u.Scheme != "http" && u.Scheme != "https":
		return errors.New("a web address starts with https:// or http://")
	case u.Host == "":
		return errors.New("the address has no site after " + u.Scheme + "://")
	}
	return checkLength(s, annotate.MaxTitleRunes)
}

// checkDate reads a publication date: "" for none, else ISO (2025-03-03)
// or written out (3 March 2025, March 3, 2025).
func checkDate(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	t, ok := extract.ParseDate(s)
	if !ok {
		return time.Time{}, errors.New("not a date: write 2025-03-03 or 3 March 2025")
	}
	return t, nil
}

// dayText writes a publication date as the editor shows it.
func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// form returns the editor's fields for article a.
func (e *metaEditor) form(a annotate.Article) fyne.CanvasObject {
	if e.id != a.ID || e.box == nil {
		e.build(a)
		return e.box
	}
	for _, f := range e.fields {
		if v := f.get(a); v != f.saved {
			// Changed elsewhere (an undo, a merge): show the stored value.
			f.saved = v
			f.setQuietly(v)
			f.msg.Hide()
		}
	}
	return e.box
}

func (f *metaField) setQuietly(s string) {
	on := f.entry.OnChanged
	f.entry.OnChanged = nil
	f.entry.SetText(s)
	f.entry.OnChanged = on
}

func (e *metaEditor) build(a annotate.Article) {
	e.id, e.fields = a.ID, metaSpecs()
	// A form layout rather than a widget.Form: the fields stay plain
	// containers, as the inspector's other sections are.
	form := container.New(layout.NewFormLayout())
	for _, f := range e.fields {
		f.entry = newEscEntry(f.label == "Note", e.escape)
		if f.label == "Note" {
			f.entry.SetMinRowsVisible(3)
			f.entry.SetPlaceHolder("Notes on the article…")
		}
		switch f.label {
		case "Published":
			f.entry.SetPlaceHolder("YYYY-MM-DD")
		case "URL":
			f.entry.SetPlaceHolder("https://…")
		}
		f.saved = f.get(a)
		f.entry.SetText(f.saved)
		f.msg = widget.NewLabel("")
		f.msg.Importance = widget.DangerImportance
		f.msg.Wrapping = fyne.TextWrapWord
		f.msg.Hide()
		id, label := a.ID, f.label
		f.entry.OnChanged = func(s string) { e.save(id, f, s) }
		var field fyne.CanvasObject = f.entry
		if f.label == "Note" {
			growRows(&f.entry.Entry, 3, 30)
			if e.wheel != nil {
				field = container.NewStack(f.entry, newScrollRelay(e.wheel))
			}
		}
		name := widget.NewLabel(label)
		name.TextStyle.Bold = true
		form.Add(name)
		form.Add(container.NewVBox(field, f.msg))
	}
	e.box = container.NewVBox(form)
}

// save stores field f's new value s for article id, or says why not.
func (e *metaEditor) save(id string, f *metaField, s string) {
	var probe annotate.Article
	if err := f.set(&probe, s); err != nil {
		f.msg.SetText(err.Error())
		f.msg.Show()
		return
	}
	f.msg.Hide()
	var setErr error
	stored, err := e.sh.svc.EditArticle(id, "Edit article "+strings.ToLower(f.label), "article-"+strings.ToLower(f.label)+":"+id, func(a *annotate.Article) {
		setErr = f.set(a, s)
	})
	if err == nil {
		err = setErr
	}
	if err != nil {
		f.msg.SetText(annotate.Reason(err))
		f.msg.Show()
		return
	}
	f.saved = f.get(stored)
	e.sh.status("Saved")
}

// shows reports whether the editor's fields already show a's metadata,
// as saved by the editor: then a change to a is the editor's own and the
// inspector need not rebuild its fields.
func (e *metaEditor) shows(a annotate.Article) bool {
	if e.id != a.ID || e.box == nil {
		return false
	}
	for _, f := range e.fields {
		if f.get(a) != f.saved {
			return false
		}
	}
	return true
}
