package store

import (
	"slices"
	"testing"

	"marginalia/annotate"
)

func TestMergeSpeakers(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Kim said one thing. Kim Jong Un said another.")
	kim := annotate.Speaker{ID: annotate.NewID(), Name: "Kim", Role: "leader"}
	full := annotate.Speaker{ID: annotate.NewID(), Name: "Kim Jong Un", Aliases: []string{"KJU"}}
	one := mustAnnotate(t, s, a, "one thing", annotate.KindQuote)
	two := mustAnnotate(t, s, a, "another", annotate.KindQuote)
	one.SpeakerID, two.SpeakerID = kim.ID, full.ID
	err := s.Update(func(tx *Tx) error {
		for _, sp := range []annotate.Speaker{kim, full} {
			if err := tx.PutSpeaker(sp); err != nil {
				return err
			}
		}
		if err := tx.PutAnnotation(one); err != nil {
			return err
		}
		return tx.PutAnnotation(two)
	})
	if err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	if err := s.Do("Merge speakers", func(tx *Tx) error { return tx.MergeSpeakers(kim.ID, full.ID) }); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	_ = s.View(func(tx *Tx) error {
		got, err := tx.Speaker(full.ID)
		if err != nil || !slices.Equal(got.Aliases, []string{"KJU", "Kim"}) || got.Role != "leader" {
			t.Errorf("merged speaker = %+v, %v", got, err)
		}
		if _, err := tx.Speaker(kim.ID); err == nil {
			t.Error("the merged-away speaker still exists")
		}
		said, _ := tx.AnnotationsBy(full.ID)
		if len(said) != 2 {
			t.Errorf("%d annotations attributed after the merge, want 2", len(said))
		}
		return nil
	})
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); !slices.Equal(withoutUndo(got), withoutUndo(before)) {
		t.Error("undoing the merge did not restore both speakers")
	}
	if err := s.Update(func(tx *Tx) error { return tx.MergeSpeakers(full.ID, full.ID) }); err == nil {
		t.Error("merging a speaker into itself succeeded")
	}
}
