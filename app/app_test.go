package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/formats"
	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/storetest"
)

// newTestWorkbench opens a workbench on a new database (checked when the
// test ends) whose background work runs inline, so what a test reads
// after a call is already up to date.
func newTestWorkbench(t *testing.T) (*Workbench, *store.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefCreator, "tester")
	st := storetest.Open(t)
	w := test.NewTempWindow(t, nil)
	wb := New(a, w, action.New(st, nil), inlineRunner{})
	w.SetContent(wb.Content())
	wb.Start()
	w.Resize(fyne.NewSize(1280, 800))
	return wb, st
}

// article is the open article (the test fails when there is none).
func article(t *testing.T, wb *Workbench) annotate.Article {
	t.Helper()
	if wb.doc == nil {
		t.Fatal("no article is open")
	}
	return wb.doc.article
}

// importData imports in-memory files as the window does.
func importData(wb *Workbench, files map[string]string) {
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	var srcs []action.Source
	for _, n := range names {
		srcs = append(srcs, wb.sh.svc.ReadData(n, []byte(files[n])))
	}
	wb.imports.store(srcs)
}

// dragSelect selects [from, to) in the reader with a real mouse sequence.
func dragSelect(t *testing.T, wb *Workbench, from, to int) {
	t.Helper()
	r := wb.pane.reader
	p0 := r.PositionOf(from).AddXY(1, 4)
	p1 := r.PositionOf(to).AddXY(1, 4)
	r.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p0}, Button: desktop.MouseButtonPrimary})
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p1}, Dragged: fyne.NewDelta(p1.X-p0.X, p1.Y-p0.Y)})
	r.DragEnd()
	if s, e := r.Selection(); s != from || e != to {
		t.Fatalf("drag selected %d-%d, want %d-%d", s, e, from, to)
	}
}

func storedAnnotations(t *testing.T, st *store.Store, articleID string) []annotate.Annotation {
	t.Helper()
	var anns []annotate.Annotation
	if err := st.View(func(tx *store.Tx) error {
		var err error
		anns, err = tx.AnnotationsOf(articleID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return anns
}

func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func TestWelcomeThenSample(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	if wb.center.Objects[0] != wb.welcome {
		t.Fatal("an empty library does not show the welcome screen")
	}
	wb.imports.openSample()
	if wb.doc == nil || !strings.Contains(wb.doc.article.Title, "coal terminal") {
		t.Fatalf("sample not opened: %+v", wb.doc)
	}
	if wb.center.Objects[0] != wb.pane.object() {
		t.Error("the reader is not shown after opening the sample")
	}
	wb.imports.openSample() // a second time: no duplicate
	if len(wb.library.infos) != 1 {
		t.Errorf("library has %d articles after opening the sample twice, want 1", len(wb.library.infos))
	}
}

func TestDragCtrl1CreatesClaimTapUndoRedo(t *testing.T) {
	wb, st := newTestWorkbench(t)
	wb.imports.openSample()
	text := []rune(article(t, wb).Text)
	phrase := "the terminal had lost money in six of the last eight years"
	span, ok := annotate.NewText(article(t, wb).Text).Find(phrase, 1)
	if !ok {
		t.Fatal("phrase not in sample")
	}
	dragSelect(t, wb, span.Start, span.End)
	wb.pane.reader.TypedShortcut(ctrl(fyne.Key1))

	anns := storedAnnotations(t, st, article(t, wb).ID)
	if len(anns) != 1 {
		t.Fatalf("%d annotations stored, want 1", len(anns))
	}
	got := anns[0]
	if got.Kind != annotate.KindClaim || got.Quote.Exact != string(text[span.Start:span.End]) || got.Quote.Exact != phrase {
		t.Errorf("stored %s %q, want claim %q", got.Kind, got.Quote.Exact, phrase)
	}
	if got.Creator != "tester" || got.Status != annotate.StatusUnverified {
		t.Errorf("creator %q status %q", got.Creator, got.Status)
	}

	// Tapping the highlight shows it in the inspector.
	wb.SelectAnnotation("")
	mid := wb.pane.reader.PositionOf((span.Start+span.End)/2).AddXY(1, 4)
	wb.pane.reader.Tapped(&fyne.PointEvent{Position: mid})
	if wb.selected != got.ID {
		t.Fatalf("tap selected %q, want %q", wb.selected, got.ID)
	}
	if wb.insp.note == nil || !inspectorShows(wb, "“"+phrase+"”") {
		t.Error("the inspector does not show the tapped claim")
	}

	// Typing a note saves it keystroke by keystroke, undone in one step.
	test.Type(wb.insp.note, "Check the audit")
	if n := storedAnnotations(t, st, article(t, wb).ID)[0].Note; n != "Check the audit" {
		t.Errorf("stored note %q", n)
	}
	wb.Undo()
	if n := storedAnnotations(t, st, article(t, wb).ID)[0].Note; n != "" {
		t.Errorf("after undo the note is %q, want empty", n)
	}

	// Undo removes the claim from the store; redo restores it.
	wb.pane.reader.TypedShortcut(&fyne.ShortcutUndo{})
	if n := len(storedAnnotations(t, st, article(t, wb).ID)); n != 0 {
		t.Fatalf("after undo %d annotations stored, want 0", n)
	}
	wb.Redo()
	if anns := storedAnnotations(t, st, article(t, wb).ID); len(anns) != 1 || anns[0].ID != got.ID {
		t.Fatalf("after redo: %v", anns)
	}
	if len(wb.doc.anns) != 1 {
		t.Errorf("reader shows %d highlights after redo, want 1", len(wb.doc.anns))
	}

	// Delete with the Delete key, when the highlight is selected.
	wb.SelectAnnotation(got.ID)
	wb.typedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if n := len(storedAnnotations(t, st, article(t, wb).ID)); n != 0 {
		t.Errorf("Delete left %d annotations", n)
	}
}

func TestEachKindShortcut(t *testing.T) {
	wb, st := newTestWorkbench(t)
	wb.imports.openSample()
	for i, ks := range annotate.HighlightKinds() {
		start := 200 + i*40
		dragSelect(t, wb, start, start+20)
		wb.pane.reader.TypedShortcut(ctrl(kindKey(ks)))
		anns := storedAnnotations(t, st, article(t, wb).ID)
		if len(anns) != i+1 {
			t.Fatalf("after Ctrl+%s: %d annotations", ks.Key, len(anns))
		}
		want, _ := action.TrimSpan(annotate.NewText(article(t, wb).Text), start, start+20)
		found := false
		for _, a := range anns {
			found = found || a.Kind == ks.Kind && a.Span.Start == want
		}
		if !found {
			t.Errorf("Ctrl+%s did not create a %s at %d", ks.Key, ks.Kind, want)
		}
	}
}

func TestImportReportsFailuresAndKeepsTheRest(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	importData(wb, map[string]string{
		"good.md":    "# Good\n\nA fine article.",
		"bad.txt":    "\x00\x01binary",
		"empty.html": "",
	})
	if len(wb.library.infos) != 1 || wb.library.infos[0].Title != "Good" {
		t.Fatalf("library = %v, want just the good article", wb.library.infos)
	}
	if !strings.Contains(wb.status.Text, "2 failed") {
		t.Errorf("status %q does not report the failures", wb.status.Text)
	}
	wb.Undo()
	if len(wb.library.infos) != 0 || wb.doc != nil {
		t.Errorf("undoing the import left %d articles", len(wb.library.infos))
	}
}

func TestImportFilesInTheBackground(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	dir := t.TempDir()
	files := map[string]string{
		"a.md":       "# Alpha\n\nFirst article.",
		"b.txt":      "Beta\n\nSecond article.",
		"broken.txt": "\x00\x00binary",
	}
	var paths []string
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	wb.imports.importFiles(paths)
	if len(wb.library.infos) != 2 {
		t.Errorf("library has %d articles, want 2", len(wb.library.infos))
	}
	if !strings.Contains(wb.status.Text, "1 failed") {
		t.Errorf("status %q does not report the failed file", wb.status.Text)
	}
}

func TestLayoutIsRemembered(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.splitLib.Offset, wb.splitInsp.Offset = 0.31, 0.55
	wb.sh.win.Resize(fyne.NewSize(1000, 700))
	wb.SaveLayout()
	wb2 := New(wb.sh.app, test.NewTempWindow(t, nil), wb.sh.svc, inlineRunner{})
	wb2.Start()
	if wb2.splitLib.Offset != 0.31 || wb2.splitInsp.Offset != 0.55 {
		t.Errorf("splits restored as %v/%v", wb2.splitLib.Offset, wb2.splitInsp.Offset)
	}
	if got := wb2.sh.prefs.Float(prefWidth); got != 1000 {
		t.Errorf("width restored as %v", got)
	}
}

func TestHighlightColoursAreReadable(t *testing.T) {
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		fg := theme.DefaultTheme().Color(theme.ColorNameForeground, variant)
		for _, kind := range annotate.Kinds() {
			fill := fillFor(kind, variant)
			if c := contrast(fg, fill); c < 4.5 {
				t.Errorf("variant %d, %s: text contrast %.2f:1, want at least 4.5:1", variant, kind, c)
			}
		}
	}
	// The kinds must also be told apart: no two fills alike.
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		seen := map[[3]uint8]annotate.Kind{}
		for _, kind := range annotate.Kinds() {
			f := fillFor(kind, variant)
			key := [3]uint8{f.R, f.G, f.B}
			if other, ok := seen[key]; ok {
				t.Errorf("%s and %s share a colour", kind, other)
			}
			seen[key] = kind
		}
	}
}

// inspectorShows reports whether a label in the inspector has text s.
func inspectorShows(wb *Workbench, s string) bool {
	var walk func(o fyne.CanvasObject) bool
	walk = func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				if walk(c) {
					return true
				}
			}
		case *widget.Label:
			return x.Text == s
		}
		return false
	}
	return walk(wb.insp.scroll.Content)
}

func TestSearchPalette(t *testing.T) {
	wb, st := newTestWorkbench(t)
	wb.imports.openSample()
	// A new claim is searchable at once, through its note too.
	span, _ := annotate.NewText(article(t, wb).Text).Find("two manufacturers had already expressed interest", 1)
	dragSelect(t, wb, span.Start, span.End)
	wb.Annotate(annotate.KindClaim)
	claimID := wb.selected
	test.Type(wb.insp.note, "unnamed buyers, ask the port")

	wb.ShowSearch()
	p := wb.palette
	for _, tc := range []struct{ query, wantID string }{
		{"manufactrers intrest", claimID},    // typos in the quote
		{"unamed buyrs", claimID},            // typos in the note
		{"kind:claim buyers", claimID},       // filter plus text
		{"coal terminal", article(t, wb).ID}, // the article's title
	} {
		test.Type(p.entry, "") // focus
		p.entry.SetText(tc.query)
		i := slices.IndexFunc(p.rows, func(r paletteRow) bool { return r.res.ID == tc.wantID })
		if i < 0 {
			t.Errorf("%q: %s not among %d rows", tc.query, tc.wantID, len(p.rows))
		}
	}
	// Enter on the first result of a note search opens and selects the claim.
	p.entry.SetText("unamed buyrs")
	wb.SelectAnnotation("")
	p.key(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if wb.selected != claimID || p.pop.Visible() {
		t.Errorf("Enter selected %q (palette visible %v), want %s", wb.selected, p.pop.Visible(), claimID)
	}
	// A deleted annotation never comes back.
	wb.DeleteSelected()
	wb.ShowSearch()
	p.entry.SetText("unamed buyrs")
	for _, r := range p.rows {
		if r.res.ID == claimID {
			t.Error("the deleted claim is still found")
		}
	}
	_ = st
}

func TestSpeakerSuggestionAndAttribution(t *testing.T) {
	wb, st := newTestWorkbench(t)
	wb.imports.openSample()
	quote := "the most important vote this council has taken in a generation."
	span, ok := annotate.NewText(article(t, wb).Text).Find(quote, 1)
	if !ok {
		t.Fatal("quote not in the sample")
	}
	dragSelect(t, wb, span.Start, span.End)
	wb.pane.reader.TypedShortcut(ctrl(fyne.Key2))
	if got := wb.insp.suggestedSpeaker(); got != "Ingrid Solberg" {
		t.Fatalf("suggested %q, want Ingrid Solberg", got)
	}
	wb.pane.reader.TypedShortcut(ctrl(fyne.KeyReturn)) // one keystroke accepts
	anns := storedAnnotations(t, st, article(t, wb).ID)
	if len(anns) != 1 || anns[0].SpeakerID == "" {
		t.Fatalf("annotation not attributed: %+v", anns)
	}
	var sp annotate.Speaker
	_ = st.View(func(tx *store.Tx) error { sp, _ = tx.Speaker(anns[0].SpeakerID); return nil })
	if sp.Name != "Ingrid Solberg" || sp.Role == "" {
		t.Errorf("speaker = %+v, want Ingrid Solberg with her role from the text", sp)
	}
	if wb.insp.suggestedSpeaker() != "" {
		t.Error("the accepted suggestion is still offered")
	}
	// Typing a known name in another case and without accents reuses the speaker.
	wb.insp.attribute(wb.selected, "INGRID  solberg", false)
	if n := len(registry(wb.sh)); n != 1 {
		t.Errorf("registry has %d speakers, want 1", n)
	}
	// Completion matches names and aliases, ignoring accents.
	infos := []store.SpeakerInfo{{Speaker: annotate.Speaker{Name: "José Álvarez", Aliases: []string{"Pepe"}}}, {Speaker: annotate.Speaker{Name: "Hong Min"}}}
	if got := speakerChoices(infos, "", "jose alvarez"); len(got) == 0 || got[0].Value != "José Álvarez" {
		t.Errorf("choices for jose alvarez = %+v", got)
	}
	if got := speakerChoices(infos, "", "pepe"); len(got) == 0 || got[0].Value != "José Álvarez" {
		t.Errorf("choices for pepe = %+v", got)
	}
	// The people the article quotes can be added in one click; Undo takes them back.
	wb.SelectAnnotation("")
	wb.insp.addPeople(wb.insp.analysis().People())
	names := map[string]bool{}
	for _, s := range registry(wb.sh) {
		names[s.Name] = true
	}
	for _, want := range []string{"Ingrid Solberg", "Tomás Ferreira", "Amara Osei", "Ben Hartley"} {
		if !names[want] {
			t.Errorf("registry lacks %s after adding the people quoted: %v", want, names)
		}
	}
	if names["Bayline Consulting"] || names["Harbour Workers' Union"] {
		t.Errorf("an organisation was offered as a person: %v", names)
	}
	wb.Undo()
	if n := len(registry(wb.sh)); n != 1 {
		t.Errorf("after undo the registry has %d speakers, want 1", n)
	}
}

func TestExportAndMergeBundle(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	span, _ := annotate.NewText(article(t, wb).Text).Find("lost money in six of the last eight years", 1)
	dragSelect(t, wb, span.Start, span.End)
	wb.Annotate(annotate.KindClaim)
	path := filepath.Join(t.TempDir(), "team.marginalia")
	f, _ := formats.Lookup("bundle")
	wb.exchange.export(f, nil, path, action.ExportOptions{})

	// A colleague with an empty library merges it; the report counts it.
	other, st2 := newTestWorkbench(t)
	other.exchange.mergeBundle(path)
	r := other.exchange.lastReport
	if r.Articles.Added != 1 || r.Annotations.Added != 1 {
		t.Errorf("report = %s", r.String())
	}
	if len(other.library.infos) != 1 {
		t.Errorf("colleague's library has %d articles", len(other.library.infos))
	}
	if problems, err := st2.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check after merge: %v %v", problems, err)
	}
	// Undo takes the whole merge back.
	other.Undo()
	if len(other.library.infos) != 0 {
		t.Errorf("after undo the colleague has %d articles", len(other.library.infos))
	}
}

func TestLinksBacklinksAndUndo(t *testing.T) {
	wb, st := newTestWorkbench(t)
	files := map[string]string{}
	for _, name := range []string{"port-strike-ends.txt", "port-backlog.txt", "sourdough.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "annotate", "related", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(data)
	}
	importData(wb, files)
	ids := map[string]string{}
	for _, info := range wb.library.infos {
		ids[strings.Fields(info.Title)[0]] = info.ID
	}
	strike, backlog := ids["Port"], ids["Backlog"]
	// The suggestions for the strike article put the backlog story first.
	var first string
	if rs, err := wb.sh.svc.Related(strike); err != nil {
		t.Fatal(err)
	} else if len(rs) > 0 {
		first = rs[0].ID
	}
	if first != backlog {
		t.Errorf("first related article = %s, want the backlog story %s", first, backlog)
	}
	l := annotate.Link{ID: annotate.NewID(), From: annotate.Ref{Type: annotate.RefArticle, ID: backlog},
		To: annotate.Ref{Type: annotate.RefArticle, ID: strike}, Relation: annotate.RelFollowUp, Created: time.Now()}
	if err := st.Do("Link", func(tx *store.Tx) error { return tx.PutLink(l) }); err != nil {
		t.Fatal(err)
	}
	// Seen from the other end as a backlink, and it opens the article.
	wb.OpenArticle(strike)
	if sugg := wb.links.related[strike]; len(sugg) == 0 || sugg[0].ID != backlog {
		t.Errorf("the inspector's related articles = %+v, want the backlog story first", sugg)
	}
	views := wb.links.linksOf(strike)
	if len(views) != 1 || views[0].outgoing || views[0].article != backlog || !strings.HasPrefix(views[0].label, "Backlog") {
		t.Fatalf("backlinks of the strike article = %+v", views)
	}
	wb.links.ctx.openRef(views[0].other, views[0].article)
	if article(t, wb).ID != backlog {
		t.Errorf("following the backlink opened %s", article(t, wb).ID)
	}
	// Unlinking is undoable.
	if err := st.Do("Unlink", func(tx *store.Tx) error { return tx.DeleteLink(l.ID) }); err != nil {
		t.Fatal(err)
	}
	if len(wb.links.linksOf(strike)) != 0 {
		t.Error("unlink left the link")
	}
	wb.Undo()
	if len(wb.links.linksOf(strike)) != 1 {
		t.Error("undo did not restore the link")
	}
	// Deleting an article removes its links in the same step.
	if err := st.Do("Delete article", func(tx *store.Tx) error { return tx.DeleteArticle(backlog) }); err != nil {
		t.Fatal(err)
	}
	if len(wb.links.linksOf(strike)) != 0 {
		t.Error("a deleted article left a dangling link")
	}
	if problems, err := st.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}

func TestKeyboardStaysInTheRebuiltInspector(t *testing.T) {
	wb, st := newTestWorkbench(t)
	wb.imports.openSample()
	dragSelect(t, wb, 100, 130)
	wb.Annotate(annotate.KindClaim)
	id := wb.selected
	note := func() annotate.Annotation {
		for _, a := range storedAnnotations(t, st, article(t, wb).ID) {
			if a.ID == id {
				return a
			}
		}
		t.Fatal("claim not stored")
		return annotate.Annotation{}
	}
	c := wb.sh.win.Canvas()
	c.Focus(wb.insp.note)
	typeFocused(c, "first")
	wb.Undo() // Ctrl+Z while typing rebuilds the inspector
	if wb.sh.win.Canvas().Focused() != wb.insp.note {
		t.Fatal("after undo the keyboard is not in the new note field")
	}
	typeFocused(c, "second")
	if got := note().Note; got != "second" {
		t.Errorf("note = %q, want %q", got, "second")
	}
	// Two tags typed one after the other are two tags.
	c.Focus(wb.insp.tagEntry)
	for _, tag := range []string{"foo", "bar"} {
		typeFocused(c, tag)
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	}
	if got := note().Tags; !slices.Equal(got, []string{"foo", "bar"}) {
		t.Errorf("tags = %q, want [foo bar]", got)
	}
}

// typeFocused types s into whatever has the canvas's keyboard focus, as a
// real keyboard would.
func typeFocused(c fyne.Canvas, s string) {
	for _, r := range s {
		c.Focused().TypedRune(r)
	}
}

func TestTagCompletionFromTagsInUse(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	dragSelect(t, wb, 100, 130)
	wb.Annotate(annotate.KindClaim)
	if _, err := wb.sh.svc.SetTags(wb.selected, []string{"Énergie", "coal"}); err != nil {
		t.Fatal(err)
	}
	dragSelect(t, wb, 300, 330)
	wb.Annotate(annotate.KindQuote) // a new highlight, without tags
	wb.tags.cache = nil
	for _, tc := range []struct {
		typed string
		given []string
		want  []string
	}{
		{"ener", nil, []string{"Énergie"}},
		{"CO", nil, []string{"coal"}},
		{"co", []string{"Coal"}, nil},
		{"", nil, nil},
	} {
		var got []string
		for _, u := range suggestTags(wb.tags.all(), tc.typed, tc.given, 8) {
			got = append(got, u.Tag)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("completions for %q = %q, want %q", tc.typed, got, tc.want)
		}
	}
}

func TestEscapeReturnsTheKeyboardToTheReader(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	dragSelect(t, wb, 100, 130)
	wb.pane.reader.TypedShortcut(ctrl(fyne.Key1))
	c := wb.sh.win.Canvas()
	for _, field := range []fyne.Focusable{wb.insp.note, wb.insp.tagEntry, wb.insp.speaker} {
		c.Focus(field)
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		if c.Focused() != wb.pane.reader {
			t.Errorf("Escape in %T left the keyboard in %T", field, c.Focused())
		}
	}
	// Ctrl+E from the reader goes to the speaker field.
	wb.pane.reader.TypedShortcut(ctrl(fyne.KeyE))
	if c.Focused() != wb.insp.speaker {
		t.Errorf("Ctrl+E focused %T, want the speaker field", c.Focused())
	}
}
