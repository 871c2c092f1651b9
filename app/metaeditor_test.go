package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

func storedArticle(t *testing.T, sh *shell, id string) annotate.Article {
	t.Helper()
	var a annotate.Article
	if err := sh.svc.Store().View(func(tx *store.Tx) error {
		var err error
		a, err = tx.Article(id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestMetadataEditorSavesChecksAndUndoes(t *testing.T) {
	sh, _ := newShell(t)
	art := mustImport(t, sh, "a.txt", "Bridge to open\n\nThe minister said the bridge would open in May.")
	res, err := sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "the bridge would open in May", Kind: annotate.KindClaim})
	if err != nil {
		t.Fatal(err)
	}
	ed := newMetaEditor(sh, nil)
	form := ed.form(storedArticle(t, sh, art.ID))
	sh.win.SetContent(form)
	field := func(label string) *metaField {
		for _, f := range ed.fields {
			if f.label == label {
				return f
			}
		}
		t.Fatalf("no field %s", label)
		return nil
	}
	typeInto := func(label, s string) {
		f := field(label)
		sh.win.Canvas().Focus(f.entry)
		f.setQuietly("") // as if the old value were selected, to be typed over
		test.Type(f.entry, s)
	}

	// Typing saves as it goes; the burst is one undo step.
	typeInto("Byline", "Ana Ruiz")
	typeInto("Source", "Harbor City Tribune")
	typeInto("URL", "https://tribune.example/bridge")
	typeInto("Published", "3 March 2025")
	typeInto("Title", "Bridge to open in May")
	got := storedArticle(t, sh, art.ID)
	want := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	if got.Byline != "Ana Ruiz" || got.Source != "Harbor City Tribune" || got.URL != "https://tribune.example/bridge" ||
		!got.Published.Equal(want) || got.Title != "Bridge to open in May" {
		t.Fatalf("stored %+v", got)
	}
	if got.TextHash != art.TextHash || got.Text != art.Text {
		t.Error("editing metadata changed the text")
	}
	if a := storedAnnotations(t, sh.svc.Store(), art.ID); len(a) != 1 || a[0].Span != res.Annotation.Span {
		t.Errorf("editing metadata moved the highlight: %+v", a)
	}
	if l := sh.svc.Store().UndoLabel(); l != "Edit article title" {
		t.Errorf("undo label %q", l)
	}

	// Wrong values are said under their field and not saved.
	for _, tc := range []struct{ label, value, says string }{
		{"URL", "tribune.example/bridge", "https://"},
		{"URL", "https://", "no site"},
		{"Published", "last tuesday", "not a date"},
		{"Title", "   ", "needs a title"},
	} {
		typeInto(tc.label, tc.value)
		f := field(tc.label)
		if !f.msg.Visible() || !strings.Contains(f.msg.Text, tc.says) {
			t.Errorf("%s %q: message %q (shown %v), want one saying %q", tc.label, tc.value, f.msg.Text, f.msg.Visible(), tc.says)
		}
	}
	if got := storedArticle(t, sh, art.ID); got.URL != "https://tribune.example/bridge" || got.Title != "Bridge to open in May" {
		t.Errorf("a wrong value was saved: %+v", got)
	}

	// Undo brings the old title back, and the field shows it. (Another
	// field's edit in between: typing in one field within seconds is one
	// step.)
	typeInto("Byline", "Ana Ruiz Peña")
	typeInto("Title", "Bridge opens")
	before := field("Title").entry
	if _, err := sh.svc.Undo(); err != nil {
		t.Fatal(err)
	}
	ed.form(storedArticle(t, sh, art.ID)) // what the inspector does on the change
	if field("Title").entry != before {
		t.Error("the inspector's rebuild replaced the field being typed in")
	}
	if got := field("Title").entry.Text; got != "Bridge to open in May" {
		t.Errorf("after undo the title field shows %q", got)
	}
	// A new article gets new fields.
	other := mustImport(t, sh, "b.txt", "Other\n\nText.")
	ed.form(storedArticle(t, sh, other.ID))
	if field("Title").entry.Text != "Other" || field("Byline").entry.Text != "" {
		t.Error("the editor kept the first article's values")
	}
}

func TestNewArticleFormFillsTheFields(t *testing.T) {
	sh, _ := newShell(t)
	var stored []action.Source
	f := showNewArticleForm(sh, func(srcs []action.Source) { stored = append(stored, srcs...) })
	test.Type(f.title, "Port strike ends")
	test.Type(f.link, "https://tribune.example/port")
	test.Type(f.note, "check the figures")
	f.text.SetText("Port strike ends\n\nBy Priya Natarajan — Harbor City Tribune, March 3, 2025\n\nDock workers voted on Friday.")
	a := f.article()
	if a.Err != nil {
		t.Fatal(a.Err)
	}
	got := a.Article
	if got.Title != "Port strike ends" || got.Byline != "Priya Natarajan" || got.Source != "Harbor City Tribune" ||
		got.URL != "https://tribune.example/port" || got.Note != "check the figures" || got.Published.Format("2006-01-02") != "2025-03-03" {
		t.Errorf("article %+v", got)
	}
	if got.Text != "Dock workers voted on Friday." {
		t.Errorf("text %q: the title and credit line should have left it", got.Text)
	}
	// A field typed wins over what the text says.
	test.Type(f.byline, "Desk")
	if a := f.article(); a.Article.Byline != "Desk" {
		t.Errorf("byline %q, want the one typed", a.Article.Byline)
	}
	// A wrong URL keeps the dialog from creating.
	f.link.SetText("not a url")
	if f.link.Validate() == nil {
		t.Error("a wrong URL validates")
	}
	f.link.SetText("")
	f.d.Submit()
	if len(stored) != 1 || stored[0].Article.Title != "Port strike ends" {
		t.Errorf("stored %+v", stored)
	}
	if done, err := sh.svc.Import(stored); err != nil || len(done) != 1 {
		t.Errorf("import: %v", err)
	}
}
