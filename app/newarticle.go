package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/extract"
	"marginalia/app/action"
)

// newArticleForm is "New article…": pasted text with its title, byline,
// source, URL, published date and note, each checked as it is typed. A
// credit line or date at the top of the pasted text fills the fields
// left empty and leaves the text (extract), and a first paragraph that
// repeats the title is dropped.
type newArticleForm struct {
	sh                                           *shell
	title, byline, source, link, published, note *escEntry
	text                                         *escEntry
	d                                            *dialog.FormDialog
}

// showNewArticleForm asks for a new article and hands it to store, the
// importer's (which saves it as one undoable step and opens it).
func showNewArticleForm(sh *shell, store func([]action.Source)) *newArticleForm {
	f := &newArticleForm{sh: sh}
	hide := func() {
		if f.d != nil {
			f.d.Hide()
		}
	}
	entry := func(placeholder string, multi bool, check func(string) error) *escEntry {
		e := newEscEntry(multi, hide)
		e.SetPlaceHolder(placeholder)
		e.Validator = check
		return e
	}
	f.title = entry("Headline (the first line of the text when empty)", false, func(s string) error {
		return checkLength(oneLineText(s), annotate.MaxTitleRunes)
	})
	f.byline = entry("Who wrote it", false, func(s string) error { return checkLength(oneLineText(s), annotate.MaxTitleRunes) })
	f.source = entry("Outlet", false, func(s string) error { return checkLength(oneLineText(s), annotate.MaxTitleRunes) })
	f.link = entry("https://…", false, func(s string) error { return checkURL(strings.TrimSpace(s)) })
	f.published = entry("YYYY-MM-DD", false, func(s string) error { _, err := checkDate(s); return err })
	f.note = entry("Why it matters (optional)", true, func(s string) error { return checkLength(s, annotate.MaxNoteRunes) })
	f.note.SetMinRowsVisible(2)
	f.text = entry("Paste the article text here", true, func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("paste the article's text")
		}
		return nil
	})
	f.text.SetMinRowsVisible(12)
	items := []*widget.FormItem{
		widget.NewFormItem("Title", f.title), widget.NewFormItem("Byline", f.byline),
		widget.NewFormItem("Source", f.source), widget.NewFormItem("URL", f.link),
		widget.NewFormItem("Published", f.published), widget.NewFormItem("Note", f.note),
		widget.NewFormItem("Text", f.text),
	}
	f.d = dialog.NewForm("New article", "Create", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		src := f.article()
		if src.Err != nil {
			sh.fail("create the article", src.Err)
			return
		}
		store([]action.Source{src})
	}, sh.win)
	f.d.Resize(sh.fit(760, 720))
	f.d.Show()
	sh.win.Canvas().Focus(f.title)
	return f
}

// source0 builds the article the form describes, ready for Import.
func (f *newArticleForm) article() action.Source {
	src := action.Source{Name: "pasted text"}
	r, err := extract.Bytes("pasted.txt", []byte(f.text.Text))
	if err != nil {
		src.Err = err
		return src
	}
	title := oneLineText(f.title.Text)
	text := r.Text
	if title == "" {
		title = r.Title
	} else {
		text = extract.DropRepeatedTitle(text, title)
	}
	a, err := annotate.NewArticle(title, text, f.sh.svc.Now())
	if err != nil {
		src.Err = err
		return src
	}
	pick := func(typed, found string) string {
		if t := oneLineText(typed); t != "" {
			return t
		}
		return found
	}
	a.Byline, a.Source = pick(f.byline.Text, r.Byline), pick(f.source.Text, r.Source)
	a.URL = pick(strings.TrimSpace(f.link.Text), r.URL)
	a.Published = r.Published
	if t, err := checkDate(f.published.Text); err == nil && !t.IsZero() {
		a.Published = t
	}
	a.Note = f.note.Text
	src.Article, src.Err = a, a.Validate()
	return src
}
