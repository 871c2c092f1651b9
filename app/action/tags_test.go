package action_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

// usesOf renders tag uses as "tag:annotations+articles" for comparison.
func usesOf(t *testing.T, svc *action.Service) []string {
	t.Helper()
	uses, err := svc.TagUses()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range uses {
		out = append(out, fmt.Sprintf("%s:%d+%d", u.Tag, u.Annotations, u.Articles))
	}
	return out
}

func TestRenameAndMergeTags(t *testing.T) {
	svc, art := newService(t)
	a := highlight(t, svc, art, "shock troops", annotate.KindClaim)
	b := highlight(t, svc, art, "provocation", annotate.KindClaim)
	c := highlight(t, svc, art, "World War III", annotate.KindQuote)
	if _, err := svc.SetTags(a, []string{"Labor", "politics/elections"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetTags(b, []string{"labour", "politics"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetTags(c, []string{"labor"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.EditArticle(art.ID, "Tag", "", func(x *annotate.Article) { x.Tags = []string{"politics/elections/local"} }); err != nil {
		t.Fatal(err)
	}
	// Spellings that differ in case are one tag; a tie goes to the first.
	want := []string{"Labor:2+0", "labour:1+0", "politics:1+0", "politics/elections:1+0", "politics/elections/local:0+1"}
	if got := usesOf(t, svc); !slices.Equal(got, want) {
		t.Fatalf("uses = %q, want %q", got, want)
	}
	if err := svc.SetTagNote("Labor", action.TagNote{Description: "unions, wages", Colour: "#c0392b"}); err != nil {
		t.Fatal(err)
	}

	// A rename to a tag in use is refused: that is a merge.
	if _, err := svc.RenameTag("labor", "Labour"); !errors.Is(err, action.ErrTagExists) {
		t.Errorf("rename onto a tag in use: got %v, want ErrTagExists", err)
	}
	n, err := svc.MergeTags("labor", "labour")
	if err != nil || n != 2 {
		t.Fatalf("merge = %d, %v; want 2 records", n, err)
	}
	if got := svc.Store().UndoLabel(); got != "Merge tag “labor” into “labour”" {
		t.Errorf("undo label = %q", got)
	}
	if got := usesOf(t, svc); !slices.Equal(got[:1], []string{"labour:3+0"}) {
		t.Errorf("after the merge, uses = %q", got)
	}
	if note := svc.TagNotes()["labour"]; note.Description != "unions, wages" {
		t.Errorf("the merged tag's note = %+v, want labor's", note)
	}

	// A parent renamed takes its children along, on articles too.
	n, err = svc.RenameTag("Politics", "government")
	if err != nil || n != 3 {
		t.Fatalf("rename = %d, %v; want 3 records", n, err)
	}
	want = []string{"labour:3+0", "government:1+0", "government/elections:1+0", "government/elections/local:0+1"}
	if got := usesOf(t, svc); !slices.Equal(got, want) {
		t.Errorf("after the rename, uses = %q, want %q", got, want)
	}
	// One undo step each.
	if _, err := svc.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Undo(); err != nil {
		t.Fatal(err)
	}
	want = []string{"Labor:2+0", "labour:1+0", "politics:1+0", "politics/elections:1+0", "politics/elections/local:0+1"}
	if got := usesOf(t, svc); !slices.Equal(got, want) {
		t.Errorf("after two undos, uses = %q, want %q", got, want)
	}
	for _, tc := range []struct{ from, into string }{{"nothing", "x"}, {"labor", "labor"}, {"", "x"}} {
		if _, err := svc.MergeTags(tc.from, tc.into); err == nil {
			t.Errorf("merge %q into %q succeeded", tc.from, tc.into)
		}
	}
	if _, err := svc.RenameTag("nothing", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("renaming a tag nobody uses: got %v", err)
	}
}

func TestTagCounterFollowsChanges(t *testing.T) {
	svc, art := newService(t)
	a := highlight(t, svc, art, "shock troops", annotate.KindClaim)
	c := action.NewTagCounter()
	if err := svc.Store().View(c.Load); err != nil {
		t.Fatal(err)
	}
	var changes store.Changes
	svc.Store().Watch(func(ch store.Changes) { changes = changes.Add(ch) })
	step := func(f func() error) {
		t.Helper()
		changes = store.Changes{}
		if err := f(); err != nil {
			t.Fatal(err)
		}
		_ = svc.Store().View(func(tx *store.Tx) error { c.Update(tx, changes); return nil })
		full, _ := svc.TagUses()
		if !slices.Equal(c.Uses(), full) {
			t.Errorf("incremental %v, full count %v", c.Uses(), full)
		}
	}
	step(func() error { _, err := svc.SetTags(a, []string{"x", "y"}); return err })
	step(func() error {
		_, err := svc.EditArticle(art.ID, "Tag", "", func(x *annotate.Article) { x.Tags = []string{"X"} })
		return err
	})
	step(func() error { _, err := svc.MergeTags("y", "x"); return err })
	step(func() error { _, err := svc.Delete(a, "dana"); return err })
	step(func() error { _, err := svc.Undo(); return err })
	if got := c.Uses(); len(got) != 1 || got[0].Uses() != 2 {
		t.Errorf("uses = %+v, want x on the article and the highlight", got)
	}
}

func TestTagNotes(t *testing.T) {
	svc, _ := newService(t)
	if err := svc.SetTagNote("Économie", action.TagNote{Description: " money ", Colour: "#2E8B57"}); err != nil {
		t.Fatal(err)
	}
	if got := svc.TagNotes()["economie"]; got != (action.TagNote{Description: "money", Colour: "#2E8B57"}) {
		t.Errorf("note = %+v", got)
	}
	if err := svc.SetTagNote("x", action.TagNote{Colour: "red"}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("colour red: got %v", err)
	}
	if err := svc.SetTagNote("économie", action.TagNote{}); err != nil || len(svc.TagNotes()) != 0 {
		t.Errorf("clearing: %v, notes %v", err, svc.TagNotes())
	}
}
