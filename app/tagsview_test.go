package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

// tagLines renders the rows as the book lists them: indented names with
// their own highlight counts.
func tagLines(p *tagsPanel) []string {
	var out []string
	for _, r := range p.rows {
		out = append(out, strings.Repeat("  ", r.depth)+r.tag+map[bool]string{true: " (parent)", false: ""}[r.implicit]+" "+string(rune('0'+r.own.Annotations)))
	}
	return out
}

func TestTagsViewRenameMergeAndUndo(t *testing.T) {
	sh, _ := newShell(t)
	art := mustImport(t, sh, "a.txt", "Port strike ends\n\nThe union said the strike was over. The minister said wages would rise. Critics said jobs would go.")
	tagged := map[string][]string{
		"the strike was over": {"labor", "politics/elections"},
		"wages would rise":    {"labour", "economy/wages"},
		"jobs would go":       {"labor"},
	}
	for q, tags := range tagged {
		if _, err := sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: q, Kind: annotate.KindClaim, Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
	tb := newTagBook(sh)
	var shown []string
	p := newTagsPanel(sh, tb, tagsCallbacks{show: func(tag string) { shown = append(shown, tag) }})
	sh.svc.Store().Watch(func(c store.Changes) { tb.invalidate(c); p.update(c) })
	sh.win.SetContent(p.object())
	if len(p.rows) != 0 {
		t.Error("the Tags view read the tags before it was shown")
	}
	p.reload() // shown

	want := []string{"economy (parent) 0", "  economy/wages 1", "labor 2", "labour 1", "politics (parent) 0", "  politics/elections 1"}
	if got := tagLines(p); !slices.Equal(got, want) {
		t.Fatalf("book = %q, want %q", got, want)
	}
	if p.count.Text != "4 tags" {
		t.Errorf("count = %q", p.count.Text)
	}
	// A parent's name shows its children.
	p.filter.SetText("Politics")
	if got := tagLines(p); !slices.Equal(got, []string{"politics (parent) 0", "  politics/elections 1"}) {
		t.Errorf("filter politics = %q", got)
	}
	p.filter.SetText("")

	// Description and colour.
	p.list.Select(2)
	if p.chosen != "labor" {
		t.Fatalf("chose %q", p.chosen)
	}
	p.saveNote("labor", action.TagNote{Description: "unions", Colour: "#2e8b57"})
	if n := sh.svc.TagNotes()["labor"]; n.Description != "unions" {
		t.Errorf("note = %+v", n)
	}
	test.Tap(button(t, p.detail, "Highlights"))
	if !slices.Equal(shown, []string{"labor"}) {
		t.Errorf("show = %v", shown)
	}

	// Renaming onto a tag in use asks to merge instead.
	p.rename("labor", "Labour")
	if sh.win.Canvas().Overlays().Top() == nil {
		t.Error("no question about merging")
	}
	sh.win.Canvas().Overlays().Top().Hide()
	p.merge("labor", "labour")
	if got := tagLines(p); !slices.Contains(got, "labour 3") {
		t.Errorf("after the merge: %q", got)
	}
	if slices.ContainsFunc(p.rows, func(r tagRow) bool { return r.tag == "labor" }) {
		t.Error("labor is still listed after the merge")
	}
	// A parent renamed takes its children.
	p.rename("politics", "government")
	if got := tagLines(p); !slices.Contains(got, "  government/elections 1") || slices.Contains(got, "  politics/elections 1") {
		t.Errorf("after renaming the parent: %q", got)
	}
	// Each was one step.
	for range 2 {
		if _, err := sh.svc.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	if got := tagLines(p); !slices.Equal(got, want) {
		t.Errorf("after two undos the book is %q, want %q", got, want)
	}
}

func TestTagTypeaheadSuggestsByUse(t *testing.T) {
	sh, _ := newShell(t)
	art := mustImport(t, sh, "a.txt", "T\n\nOne two three four five six.")
	for i, q := range []string{"One", "two", "three", "four"} {
		tags := []string{"Énergie"}
		if i > 0 {
			tags = []string{"politics/elections", "energy-policy"}
		}
		if _, err := sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: q, Kind: annotate.KindNote, Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
	tb := newTagBook(sh)
	var saved [][]string
	var field *typeahead
	obj := tb.tagEditor(nil, func(tags []string) { saved = append(saved, tags) }, func(f fyne.Focusable) { field = f.(*typeahead) }, nil)
	sh.win.SetContent(obj)
	sh.win.Canvas().Focus(field)
	test.Type(field, "ENE")
	// Both start with "ene"; the more used first; accents ignored.
	if got := field.suggestions(); !slices.Equal(got, []string{"energy-policy", "Énergie"}) {
		t.Errorf("suggestions for ENE = %q", got)
	}
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(saved) != 1 || !slices.Equal(saved[0], []string{"Énergie"}) {
		t.Errorf("Down, Down, Enter saved %q", saved)
	}
	field.SetText("")
	test.Type(field, "elec")
	if got := field.suggestions(); !slices.Equal(got, []string{"politics/elections"}) {
		t.Errorf("a child's name finds it: %q", got)
	}
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(field.suggestions()) != 0 {
		t.Error("Escape did not close the list")
	}
	field.SetText("")
	test.Type(field, "new tag,")
	if len(saved) != 2 || !slices.Equal(saved[1], []string{"new tag"}) {
		t.Errorf("a comma saved %q", saved)
	}
}
