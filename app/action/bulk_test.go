package action_test

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

// highlight creates a highlight of quote in art and returns its ID.
func highlight(t *testing.T, svc *action.Service, art annotate.Article, quote string, kind annotate.Kind) string {
	t.Helper()
	res, err := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: quote, Kind: kind, Creator: "dana"})
	if err != nil {
		t.Fatalf("annotate %q: %v", quote, err)
	}
	return res.Annotation.ID
}

func get(t *testing.T, svc *action.Service, id string) annotate.Annotation {
	t.Helper()
	var a annotate.Annotation
	if err := svc.Store().View(func(tx *store.Tx) error {
		var err error
		a, err = tx.Annotation(id)
		return err
	}); err != nil {
		t.Fatalf("annotation %s: %v", id, err)
	}
	return a
}

func TestBulkEditsAreOneUndoStep(t *testing.T) {
	svc, art := newService(t)
	claim := highlight(t, svc, art, "shock troops", annotate.KindClaim)
	claim2 := highlight(t, svc, art, "provocation", annotate.KindClaim)
	quote := highlight(t, svc, art, "World War III", annotate.KindQuote)
	all := []string{claim, claim2, quote}

	t.Run("tag", func(t *testing.T) {
		res, err := svc.TagAll(all, []string{"conflict/ukraine", " rhetoric "})
		if err != nil || res.Changed != 3 {
			t.Fatalf("TagAll = %+v, %v; want 3 changed", res, err)
		}
		if got := svc.Store().UndoLabel(); got != "Tag 3 highlights “conflict/ukraine”, “rhetoric”" {
			t.Errorf("undo label = %q", got)
		}
		for _, id := range all {
			if got := get(t, svc, id).Tags; !slices.Equal(got, []string{"conflict/ukraine", "rhetoric"}) {
				t.Errorf("tags of %s = %q", id, got)
			}
		}
		// Tagging again changes nothing and writes nothing.
		if _, err := svc.TagAll(all, []string{"Rhetoric"}); !errors.Is(err, action.ErrNoChange) {
			t.Errorf("tagging again: got %v, want ErrNoChange", err)
		}
		if _, err := svc.Undo(); err != nil {
			t.Fatal(err)
		}
		for _, id := range all {
			if got := get(t, svc, id).Tags; len(got) != 0 {
				t.Errorf("after one undo, %s has tags %q", id, got)
			}
		}
	})

	t.Run("verdict on claims only", func(t *testing.T) {
		res, err := svc.SetStatusAll(all, annotate.StatusFalse)
		if err != nil || res.Changed != 2 || res.Skipped != 1 {
			t.Fatalf("SetStatusAll = %+v, %v; want 2 changed, the quote skipped", res, err)
		}
		if get(t, svc, quote).Status != "" || get(t, svc, claim2).Status != annotate.StatusFalse {
			t.Error("the verdict went to the wrong highlights")
		}
		if _, err := svc.Undo(); err != nil {
			t.Fatal(err)
		}
		if get(t, svc, claim).Status != annotate.StatusUnverified {
			t.Error("undo did not restore the verdict")
		}
	})

	t.Run("attribute to a new speaker", func(t *testing.T) {
		res, err := svc.AttributeAll(all, "Kim Jong Un", true)
		if err != nil || res.Changed != 3 || res.Speaker == nil || !res.NewSpeaker {
			t.Fatalf("AttributeAll = %+v, %v", res, err)
		}
		for _, id := range all {
			if get(t, svc, id).SpeakerID != res.Speaker.ID {
				t.Errorf("%s is not attributed", id)
			}
		}
		if _, err := svc.Undo(); err != nil {
			t.Fatal(err)
		}
		var speakers []store.SpeakerInfo
		_ = svc.Store().View(func(tx *store.Tx) error { speakers, _ = tx.Speakers(); return nil })
		if len(speakers) != 0 || get(t, svc, quote).SpeakerID != "" {
			t.Errorf("one undo left %d speakers and speaker %q", len(speakers), get(t, svc, quote).SpeakerID)
		}
		// A half-typed name near a known speaker is refused, as for one.
		if _, err := svc.AttributeAll(all[:1], "Kim Jong Un", true); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AttributeAll(all, "kim", false); !errors.Is(err, action.ErrAmbiguousSpeaker) {
			t.Errorf("got %v, want an ambiguous speaker", err)
		}
	})

	t.Run("delete", func(t *testing.T) {
		if _, err := svc.Link(claim, claim2, annotate.RelSupports, "", "dana"); err != nil {
			t.Fatal(err)
		}
		res, err := svc.DeleteAll(append(slices.Clone(all), "no-such-id", claim), "dana")
		if err != nil || res.Changed != 3 || res.Skipped != 1 {
			t.Fatalf("DeleteAll = %+v, %v", res, err)
		}
		if got := svc.Store().UndoLabel(); got != "Delete 3 highlights" {
			t.Errorf("undo label = %q", got)
		}
		var n, links int
		_ = svc.Store().View(func(tx *store.Tx) error {
			n = tx.AnnotationCount(art.ID)
			ls, _ := tx.Links()
			links = len(ls)
			return nil
		})
		if n != 0 || links != 0 {
			t.Errorf("after the delete: %d highlights, %d links", n, links)
		}
		if _, err := svc.Undo(); err != nil {
			t.Fatal(err)
		}
		_ = svc.Store().View(func(tx *store.Tx) error {
			n = tx.AnnotationCount(art.ID)
			ls, _ := tx.Links()
			links = len(ls)
			return nil
		})
		if n != 3 || links != 1 {
			t.Errorf("after one undo: %d highlights, %d links; want 3 and 1", n, links)
		}
	})
}

func TestExportAnnotationsWritesTheSelectionOnly(t *testing.T) {
	svc, art := newService(t)
	a := highlight(t, svc, art, "shock troops", annotate.KindClaim)
	b := highlight(t, svc, art, "provocation", annotate.KindClaim)
	c := highlight(t, svc, art, "World War III", annotate.KindQuote)
	if _, err := svc.Link(a, c, annotate.RelSupports, "", "dana"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sel.csv")
	counts, err := svc.ExportAnnotations("csv", []string{a, b}, path, action.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if counts.Annotations != 2 || counts.Links != 0 || counts.Articles != 1 {
		t.Errorf("counts = %+v, want 2 annotations of 1 article and no link (its other end is not exported)", counts)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	body := ""
	for _, r := range rows[1:] {
		body += strings.Join(r, "|") + "\n"
	}
	if len(rows) != 3 || !strings.Contains(body, "shock troops") || strings.Contains(body, "World War III") {
		t.Errorf("csv has %d rows:\n%s", len(rows), body)
	}
	for _, format := range []string{"bundle", "w3c"} {
		if _, err := svc.ExportAnnotations(format, []string{a, c}, filepath.Join(t.TempDir(), "sel."+format), action.ExportOptions{}); err != nil {
			t.Errorf("export %s: %v", format, err)
		}
	}
	if _, err := svc.ExportAnnotations("csv", nil, path, action.ExportOptions{}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("an empty selection: got %v", err)
	}
}
