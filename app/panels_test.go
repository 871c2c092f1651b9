package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/search"
	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/storetest"
)

// newShell builds what a panel needs, on a new checked database, without
// a workbench around it; status messages are collected.
func newShell(t *testing.T) (*shell, *[]string) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefCreator, "tester")
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 700))
	var msgs []string
	sh := &shell{app: a, win: w, svc: action.New(storetest.Open(t), nil), run: inlineRunner{}, prefs: a.Preferences(),
		status: func(s string) { msgs = append(msgs, s) }}
	return sh, &msgs
}

func mustImport(t *testing.T, sh *shell, name, body string) annotate.Article {
	t.Helper()
	done, err := sh.svc.Import([]action.Source{sh.svc.ReadData(name, []byte(body))})
	if err != nil || len(done) != 1 {
		t.Fatalf("import %s: %+v, %v", name, done, err)
	}
	return done[0].Article
}

func TestLibraryPanelFiltersAndFollowsChanges(t *testing.T) {
	sh, _ := newShell(t)
	var opened []string
	lib := newLibraryPanel(sh, func(id string) { opened = append(opened, id) })
	var changes store.Changes
	sh.svc.Store().Watch(func(c store.Changes) { changes = changes.Add(c) })
	port := mustImport(t, sh, "port.md", "# Port strike ends\n\n*By Ana Ruiz — Harbor City Tribune*\n\nDockers returned to work on Monday.")
	bread := mustImport(t, sh, "bread.txt", "Sourdough at home\n\nA starter needs flour and time.")
	lib.reload()
	if len(lib.shown) != 2 || lib.count.Text != "2 articles" {
		t.Fatalf("shown %d, count %q", len(lib.shown), lib.count.Text)
	}
	if _, err := sh.svc.EditArticle(port.ID, "Tag", "", func(a *annotate.Article) { a.Tags = []string{"labour"} }); err != nil {
		t.Fatal(err)
	}
	lib.update(changes)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"labour", []string{port.ID}},         // a tag
		{"STRIKE port", []string{port.ID}},    // words in any order, any case
		{"sourdough", []string{bread.ID}},     // the title
		{"strike bread", nil},                 // every word must match
		{"dockers monday", []string{port.ID}}, // words of the text only
		{"ruiz", []string{port.ID}},           // the byline
		{"", []string{bread.ID, port.ID}},     // newest first
	} {
		lib.filter.SetText(tc.query)
		var got []string
		for _, info := range lib.shown {
			got = append(got, info.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("filter %q shows %v, want %v", tc.query, got, tc.want)
		}
	}
	lib.filter.SetText("port")
	if lib.count.Text != "1 of 2 articles" {
		t.Errorf("count = %q", lib.count.Text)
	}
	// A new highlight changes the row's count; a deletion removes the row.
	changes = store.Changes{}
	if _, err := sh.svc.Annotate(action.NewAnnotation{ArticleID: port.ID, Quote: "Dockers", Kind: annotate.KindQuote}); err != nil {
		t.Fatal(err)
	}
	lib.update(changes)
	if lib.shown[0].Annotations != 1 {
		t.Errorf("row count = %d after a highlight, want 1", lib.shown[0].Annotations)
	}
	changes = store.Changes{}
	if _, err := sh.svc.Delete(port.ID, "tester"); err != nil {
		t.Fatal(err)
	}
	lib.update(changes)
	if lib.has(port.ID) || len(lib.shown) != 0 {
		t.Errorf("the deleted article is still listed")
	}
	lib.filter.SetText("")
	lib.list.Select(0)
	if !slices.Equal(opened, []string{bread.ID}) {
		t.Errorf("choosing a row opened %v", opened)
	}
}

func TestInspectorKeepsTheNoteFieldWhileTyping(t *testing.T) {
	sh, _ := newShell(t)
	art := mustImport(t, sh, "a.txt", "Title\n\nThe minister said the bridge would open in May.")
	res, err := sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "the bridge would open in May", Kind: annotate.KindClaim})
	if err != nil {
		t.Fatal(err)
	}
	in := newInspector(sh, newLinksPanel(sh, linkContext{}), newTagBook(sh), &versionsPanel{sh: sh}, inspectorCallbacks{afterAttrib: func(string) {}})
	sh.win.SetContent(in.object())
	d, _ := loadDoc(sh.svc.Store(), art.ID)
	in.show(d, res.Annotation.ID)
	note := in.note
	var changes store.Changes
	sh.svc.Store().Watch(func(c store.Changes) { changes = c })
	sh.win.Canvas().Focus(note)
	for _, r := range "check" {
		sh.win.Canvas().Focused().TypedRune(r)
		d, _ = loadDoc(sh.svc.Store(), art.ID)
		in.update(d, res.Annotation.ID, changes)
		if in.note != note {
			t.Fatalf("typing %q rebuilt the note field", string(r))
		}
	}
	// A change from elsewhere (the verdict) rebuilds, keeping the focus role.
	if _, err := sh.svc.SetStatus(res.Annotation.ID, annotate.StatusFalse); err != nil {
		t.Fatal(err)
	}
	d, _ = loadDoc(sh.svc.Store(), art.ID)
	in.update(d, res.Annotation.ID, changes)
	if in.note == note || sh.win.Canvas().Focused() != in.note {
		t.Error("a verdict change did not rebuild the fields, or lost the keyboard")
	}
	if got, _ := d.annotation(res.Annotation.ID); got.Note != "check" {
		t.Errorf("note = %q", got.Note)
	}
}

func TestPaletteOpensWhatItFinds(t *testing.T) {
	sh, _ := newShell(t)
	art := mustImport(t, sh, "a.txt", "Harbour cranes idle\n\nThe port authority said the cranes had been idle for weeks.")
	res, _ := sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "idle for weeks", Kind: annotate.KindClaim, Note: "ask the union"})
	var revealed, opened []string
	p := newPalette(sh, paletteContext{
		open:   func(id string) { opened = append(opened, id) },
		reveal: func(a, id string) { revealed = append(revealed, a+"/"+id) },
	})
	p.show()
	p.entry.SetText("union")
	if p.info.Text != "1 result" {
		t.Errorf("info = %q, want one result", p.info.Text)
	}
	if want := "Claim · Harbour cranes idle"; len(p.rows) == 0 || p.rows[0].label != want {
		t.Errorf("rows %+v, want one labelled %q", p.rows, want)
	}
	p.key(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !slices.Equal(revealed, []string{art.ID + "/" + res.Annotation.ID}) || p.pop.Visible() {
		t.Errorf("Enter revealed %v (visible %v)", revealed, p.pop.Visible())
	}
	p.show()
	p.entry.SetText("harbour cranes")
	p.key(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !slices.Equal(opened, []string{art.ID}) {
		t.Errorf("Enter on the article opened %v", opened)
	}
}

func TestSnippetKeepsTheMatchInView(t *testing.T) {
	long := strings.Repeat("word ", 30) + "drought" + strings.Repeat(" more", 30) + "…"
	start := strings.Index(long, "drought")
	r := search.Result{Text: long, Matches: [][2]int{{start, start + len("drought")}}}
	text, m := snippet(r)
	runes := []rune(text)
	if len(runes) > 125 || len(m) != 1 || string(runes[m[0][0]:m[0][1]]) != "drought" {
		t.Fatalf("snippet %q (%d runes) marks %v", text, len(runes), m)
	}
	if strings.Count(text, "…") != 2 {
		t.Errorf("snippet %q: want one ellipsis at each cut", text)
	}
}

func TestRelatedOnRequestInALargeLibrary(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.links.autoRelated = -1 // every library is large
	importData(wb, map[string]string{"a.txt": "Port strike\n\nDockers walked out over pay.", "b.txt": "Port strike ends\n\nDockers returned to work after the strike over pay."})
	box := wb.links.relatedSection(article(t, wb).ID).(*fyne.Container)
	b, ok := box.Objects[0].(*widget.Button)
	if !ok || len(box.Objects) != 1 {
		t.Fatalf("a large library ranks at once: %T", box.Objects[0])
	}
	b.OnTapped()
	if _, ok := box.Objects[0].(*widget.Button); ok {
		t.Error("tapping Suggest related articles ranked nothing")
	}
}
