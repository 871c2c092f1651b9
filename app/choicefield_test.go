package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

func TestSpeakerChoices(t *testing.T) {
	infos := []store.SpeakerInfo{
		{Speaker: annotate.Speaker{ID: "k", Name: "Kim Jong Un", Aliases: []string{"Kim Jong-un"}}},
		{Speaker: annotate.Speaker{ID: "h", Name: "Hong Min", Role: "senior analyst"}},
		{Speaker: annotate.Speaker{ID: "w", Name: "Hwang Ildo"}},
	}
	for _, tc := range []struct {
		typed, suggested string
		first            string
		createLast       bool
	}{
		{"kju", "", "Kim Jong Un", true},    // initials
		{"kim", "", "Kim Jong Un", true},    // a family name
		{"hong", "", "Hong Min", true},      // a prefix is never a new speaker by itself
		{"min", "", "Hong Min", true},       // a given name
		{"hwnag", "", "", true},             // nothing close enough
		{"Hong Min", "", "Hong Min", false}, // exact: nothing to create
		{"", "Hwang Ildo", "Hwang Ildo", false},
	} {
		got := speakerChoices(infos, tc.suggested, tc.typed)
		if tc.first != "" && (len(got) == 0 || got[0].Value != tc.first || got[0].New) {
			t.Errorf("%q: first choice %+v, want %s", tc.typed, got, tc.first)
		}
		if last := len(got) > 0 && got[len(got)-1].New; last != tc.createLast {
			t.Errorf("%q: create offered last = %v, want %v (%+v)", tc.typed, last, tc.createLast, got)
		}
	}
}

// TestSpeakerFieldNeverMakesJunk types "hong" and presses Enter: the
// highlighted choice is the known Hong Min, not a new speaker "hong";
// choosing "Create speaker" for a near name asks first.
func TestSpeakerFieldNeverMakesJunk(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	wb.imports.openSample()
	art := article(t, wb)
	if _, err := wb.sh.svc.AddSpeaker(annotate.Speaker{Name: "Hong Min"}); err != nil {
		t.Fatal(err)
	}
	res, err := wb.sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "coal terminal", Kind: annotate.KindQuote})
	if err != nil {
		t.Fatal(err)
	}
	wb.drain()
	wb.SelectAnnotation(res.Annotation.ID)
	c := wb.sh.win.Canvas()
	c.Focus(wb.insp.speaker)
	typeFocused(c, "hong")
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	wb.drain()
	a, _ := wb.doc.annotation(res.Annotation.ID)
	if sp := wb.doc.speakers[a.SpeakerID]; sp.Name != "Hong Min" {
		t.Fatalf("Enter after \"hong\" attributed to %+v, want Hong Min", sp)
	}
	if n := len(registry(wb.sh)); n != 1 {
		t.Errorf("the registry has %d speakers, want 1 (no junk)", n)
	}
	// Choosing "Create speaker “hon”" explicitly asks before creating it.
	wb.SelectAnnotation(res.Annotation.ID)
	c.Focus(wb.insp.speaker)
	typeFocused(c, "hon")
	ta := wb.insp.speakerTA
	for i := range ta.list.items {
		if ta.list.items[i].New {
			ta.list.cursor = i
		}
	}
	before := len(c.Overlays().List())
	ta.choose()
	if len(c.Overlays().List()) <= before {
		t.Error("creating a near-duplicate speaker did not ask first")
	}
	if n := len(registry(wb.sh)); n != 1 {
		t.Errorf("the registry has %d speakers before the analyst confirmed", n)
	}
}
