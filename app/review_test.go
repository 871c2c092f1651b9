package app

import (
	"strings"
	"testing"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

// twoAnalysts imports the sample and has two analysts mark the same
// passage as claims with different verdicts; it returns their IDs.
func twoAnalysts(t *testing.T, wb *Workbench) (string, string) {
	t.Helper()
	wb.imports.openSample()
	art := article(t, wb)
	mark := func(creator string, status annotate.Status, quote string) string {
		res, err := wb.sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: quote, Kind: annotate.KindClaim, Status: status, Creator: creator})
		if err != nil {
			t.Fatal(err)
		}
		return res.Annotation.ID
	}
	dana := mark("dana", annotate.StatusDisputed, "lost money in six of the last eight years")
	lee := mark("lee", annotate.StatusFalse, "the terminal had lost money in six")
	wb.drain()
	return dana, lee
}

func TestSharedPassageShowsBothAnalysts(t *testing.T) {
	wb, _ := newTestWorkbench(t)
	dana, lee := twoAnalysts(t, wb)
	wb.SelectAnnotation(dana)
	if !inspectorShows(wb, "Marked by 2 analysts — they differ on verdict") {
		t.Error("the inspector does not show both analysts' positions for a shared passage")
	}
	wb.SelectAnnotation(lee)
	if !inspectorShows(wb, "Marked by 2 analysts — they differ on verdict") {
		t.Error("the other analyst's highlight does not show the unit either")
	}
}

func TestResolveDisagreementUndoRedo(t *testing.T) {
	wb, st := newTestWorkbench(t)
	dana, lee := twoAnalysts(t, wb)
	p := wb.review
	p.showDisagreements()
	if len(p.units) != 1 || p.units[0].Differs[0] != "verdict" {
		t.Fatalf("disagreements = %+v, want one on the verdict", p.units)
	}
	// Keep both: the disagreement goes; undo brings it back; redo settles it again.
	p.resolve(p.units[0], store.OutcomeKeptBoth, "")
	if len(p.units) != 0 {
		t.Fatalf("after keeping both, %d disagreements are listed", len(p.units))
	}
	wb.Undo()
	if len(p.units) != 1 {
		t.Fatalf("after undo, %d disagreements are listed, want 1", len(p.units))
	}
	if !strings.HasPrefix(wb.status.Text, "Undid: keep both") {
		t.Errorf("status %q does not say what was undone", wb.status.Text)
	}
	wb.Redo()
	if len(p.units) != 0 {
		t.Errorf("after redo, %d disagreements are listed, want none", len(p.units))
	}
	wb.Undo()
	// Keep one: the other analyst's claim is deleted, leaving a tombstone
	// with the reviewer's name; undo restores it.
	p.resolve(p.units[0], store.OutcomeKeptOne, dana)
	anns := storedAnnotations(t, st, article(t, wb).ID)
	if len(anns) != 1 || anns[0].ID != dana {
		t.Fatalf("after keeping dana's claim: %d annotations", len(anns))
	}
	_ = st.View(func(tx *store.Tx) error {
		if ts, ok := tx.Tombstone(lee); !ok || ts.Deleter != "tester" {
			t.Errorf("tombstone of the deleted claim = %+v, %v", ts, ok)
		}
		return nil
	})
	wb.Undo()
	if len(storedAnnotations(t, st, article(t, wb).ID)) != 2 || len(p.units) != 1 {
		t.Error("undo did not bring the other claim and the disagreement back")
	}
}
