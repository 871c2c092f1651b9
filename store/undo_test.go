package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"marginalia/annotate"
)

func TestUndoRedoCreateAndCascade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	a := mustArticle(t, s, "A", "The minister said the bridge will open in May.")
	b := mustArticle(t, s, "B", "The bridge opening slipped to June.")
	empty := dump(t, s)

	// Create a claim as a user action.
	txt := annotate.NewText(a.Text)
	span, _ := txt.Find("the bridge will open in May", 1)
	claim, _ := annotate.NewAnnotation(a.ID, txt, span, annotate.KindClaim, "dana", t0)
	if err := s.Do("Create claim", func(tx *Tx) error { return tx.PutAnnotation(claim) }); err != nil {
		t.Fatal(err)
	}
	withClaim := dump(t, s)
	if got := s.UndoLabel(); got != "Create claim" {
		t.Errorf("UndoLabel = %q", got)
	}
	if st, err := s.Undo(); err != nil || st.Label != "Create claim" {
		t.Fatalf("Undo = %q, %v", st.Label, err)
	}
	if got := dump(t, s); !slices.Equal(withoutUndo(got), withoutUndo(empty)) {
		t.Errorf("after undo the store differs from before the action")
	}
	mustCheck(t, s)
	if st, err := s.Redo(); err != nil || st.Label != "Create claim" {
		t.Fatalf("Redo = %q, %v", st.Label, err)
	}
	if got := dump(t, s); !slices.Equal(withoutUndo(got), withoutUndo(withClaim)) {
		t.Error("after redo the store differs from after the action")
	}

	// A cascading delete undoes as one step, and the stacks survive a restart.
	link := annotate.Link{ID: annotate.NewID(), From: annotate.Ref{Type: annotate.RefArticle, ID: a.ID},
		To: annotate.Ref{Type: annotate.RefArticle, ID: b.ID}, Relation: annotate.RelFollowUp, Created: t0}
	if err := s.Do("Link", func(tx *Tx) error { return tx.PutLink(link) }); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	if err := s.Do("Delete article", func(tx *Tx) error { return tx.DeleteArticle(a.ID) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(path, &Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); !slices.Equal(withoutUndo(got), withoutUndo(before)) {
		t.Error("undoing the article delete did not restore everything")
	}
	mustCheck(t, s)
	for _, want := range []string{"Link", "Create claim"} {
		if st, err := s.Undo(); err != nil || st.Label != want {
			t.Fatalf("undo = %q, %v; want %q", st.Label, err, want)
		}
	}
	if _, err := s.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("fourth undo: got %v, want ErrNothingToUndo", err)
	}
	// A new action clears the redo stack.
	if err := s.Do("Edit", func(tx *Tx) error {
		art, err := tx.ArticleMeta(b.ID)
		art.Note = "n"
		if err != nil {
			return err
		}
		return tx.PutArticle(art)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Redo(); !errors.Is(err, ErrNothingToRedo) {
		t.Errorf("redo after a new action: got %v, want ErrNothingToRedo", err)
	}
}

func TestUndoMergesTyping(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Words here.")
	ann := mustAnnotate(t, s, a, "Words", annotate.KindQuestion)
	for _, note := range []string{"W", "Wh", "Why", "Why?"} {
		ann.Note = note
		if err := s.DoMerge("Edit note", "note:"+ann.ID, func(tx *Tx) error { return tx.PutAnnotation(ann) }); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	_ = s.View(func(tx *Tx) error {
		got, _ := tx.Annotation(ann.ID)
		if got.Note != "" {
			t.Errorf("after one undo the note is %q, want it empty", got.Note)
		}
		return nil
	})
	if _, err := s.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("typing made more than one undo step: %v", err)
	}
}

func TestUndoRefusesWhenRecordsChangedSince(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Words here.")
	ann := mustAnnotate(t, s, a, "Words", annotate.KindQuestion)
	ann.Note = "mine"
	if err := s.Do("Edit note", func(tx *Tx) error { return tx.PutAnnotation(ann) }); err != nil {
		t.Fatal(err)
	}
	// Another program (an older build, say) writes the record directly.
	ann.Note = "changed elsewhere"
	data, _ := json.Marshal(ann)
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(bAnnotations)).Put([]byte(ann.ID), data) }); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	if _, err := s.Undo(); !errors.Is(err, ErrUndoConflict) {
		t.Fatalf("got %v, want ErrUndoConflict", err)
	}
	if got := dump(t, s); !slices.Equal(withoutUndo(got), withoutUndo(before)) {
		t.Error("a refused undo changed records")
	}
	if s.UndoLabel() != "" {
		t.Error("the stale step is still on the undo stack")
	}
}

// withoutUndo drops the undo and redo stacks from a dump.
func withoutUndo(entries []string) []string {
	return slices.DeleteFunc(slices.Clone(entries), func(e string) bool {
		return len(e) >= 5 && (e[:5] == "undo/" || e[:5] == "redo/")
	})
}

func TestWatchReportsTouchedRecords(t *testing.T) {
	s := openTemp(t)
	var got []Changes
	s.Watch(func(c Changes) { got = append(got, c) })
	a := mustArticle(t, s, "A", "Watched words.") // a plain Update is reported too
	txt := annotate.NewText(a.Text)
	ann, _ := annotate.NewAnnotation(a.ID, txt, annotate.Span{Start: 0, End: 7}, annotate.KindQuote, "dana", t0)
	if err := s.Do("Create", func(tx *Tx) error { return tx.PutAnnotation(ann) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Do("Fail", func(tx *Tx) error { return errors.New("rolled back") }); err == nil {
		t.Fatal("want the error back")
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d notifications, want 3 (import, create, undo): %+v", len(got), got)
	}
	if !slices.Equal(got[0].Articles, []string{a.ID}) || len(got[0].Annotations) != 0 {
		t.Errorf("the import notified %+v, want just the article", got[0])
	}
	for i, c := range got[1:] {
		if !slices.Equal(c.Annotations, []string{ann.ID}) || len(c.Articles) != 0 {
			t.Errorf("notification %d = %+v, want just the annotation", i, c)
		}
	}
}

func TestLinksSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := mustArticle(t, s, "A", "Port strike ends.")
	b := mustArticle(t, s, "B", "Port backlog grows.")
	l := mustLink(t, s, a.ID, b.ID, annotate.RelFollowUp)
	s.Close()
	if s, err = Open(path, nil); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_ = s.View(func(tx *Tx) error {
		for _, id := range []string{a.ID, b.ID} {
			links, err := tx.LinksOf(id)
			if err != nil || len(links) != 1 || links[0] != l {
				t.Errorf("links of %s after restart = %v, %v; want %v", id, links, err, l)
			}
		}
		return nil
	})
}

func TestUpdateWithoutJournalClearsUndo(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Words here.")
	ann := mustAnnotate(t, s, a, "Words", annotate.KindQuestion)
	if err := s.Do("Delete", func(tx *Tx) error { return tx.DeleteAnnotation(ann.ID) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Do("Trim", func(tx *Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	// A command-line write has no undo record of its own.
	other := mustAnnotate(t, s, a, "here", annotate.KindQuote)
	if _, err := s.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo after an unjournaled write: %v, want ErrNothingToUndo", err)
	}
	_ = s.View(func(tx *Tx) error {
		if _, err := tx.Annotation(other.ID); err != nil {
			t.Errorf("the later write is gone: %v", err)
		}
		return nil
	})
}

func TestTrimKeepsTheNewestSteps(t *testing.T) {
	s := openTemp(t)
	_ = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bUndo))
		for i := range 10 {
			if err := pushEntry(b, undoEntry{Label: fmt.Sprint(i)}); err != nil {
				return err
			}
		}
		if err := trim(b, 4); err != nil {
			return err
		}
		var labels []string
		_ = b.ForEach(func(_, v []byte) error {
			var e undoEntry
			_ = json.Unmarshal(v, &e)
			labels = append(labels, e.Label)
			return nil
		})
		if !slices.Equal(labels, []string{"6", "7", "8", "9"}) {
			t.Errorf("after trim: %v, want the newest four", labels)
		}
		return nil
	})
}

func TestOversizedStepIsNotUndoable(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "m.db"), &Options{NoSync: true, MaxUndoBytes: 4096})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	small, _ := annotate.NewArticle("Small", "A short text.", t0)
	if err := s.Do("Import small", func(tx *Tx) error { return tx.PutArticle(small) }); err != nil {
		t.Fatal(err)
	}
	big, _ := annotate.NewArticle("Big", strings.Repeat("A much longer text. ", 1000), t0)
	if err := s.Do("Import big", func(tx *Tx) error { return tx.PutArticle(big) }); err != nil {
		t.Fatal(err)
	}
	if l := s.UndoLabel(); l != "" {
		t.Errorf("undo offers %q after an oversized step, want nothing", l)
	}
	_ = s.View(func(tx *Tx) error {
		if _, err := tx.Article(big.ID); err != nil {
			t.Errorf("the oversized action was not committed: %v", err)
		}
		return nil
	})
}

// TestEntryHead: the label, merge key and time read without the changes
// are those of the whole step; a step that is not an object is damaged.
func TestEntryHead(t *testing.T) {
	e := undoEntry{Label: "Edit note", Merge: "note:x", Time: t0, Changes: []change{{Bucket: bAnnotations, Key: []byte("x"), After: []byte(`{"id":"x"}`), Has: true}}}
	data, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := entryHead(data)
	if !ok || got.Label != e.Label || got.Merge != e.Merge || !got.Time.Equal(e.Time) || got.Changes != nil {
		t.Errorf("head of %s: %+v %v", data, got, ok)
	}
	for _, bad := range []string{``, `[]`, `{"label":3}`, `{"label":"x"`} {
		if got, ok := entryHead([]byte(bad)); ok {
			t.Errorf("head of %q: %+v, want damaged", bad, got)
		}
	}
}

// TestRememberedRecordFollowsWrites: an annotation a merge keeps decoded
// for later readers in its transaction is dropped when the transaction
// writes it again or deletes it.
func TestRememberedRecordFollowsWrites(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Words here.")
	ann := mustAnnotate(t, s, a, "Words", annotate.KindQuestion)
	err := s.Update(func(tx *Tx) error {
		stale := ann
		stale.Note = "as remembered"
		tx.annotations.remember(ann.ID, stale)
		if got, _ := tx.Annotation(ann.ID); got.Note != "as remembered" {
			t.Fatalf("remembered annotation not read: %q", got.Note)
		}
		ann.Note = "written after"
		if err := tx.PutAnnotation(ann); err != nil {
			return err
		}
		if got, _ := tx.Annotation(ann.ID); got.Note != "written after" {
			t.Errorf("after a write the annotation reads %q", got.Note)
		}
		tx.annotations.remember(ann.ID, ann)
		if err := tx.DeleteAnnotation(ann.ID); err != nil {
			return err
		}
		if got, err := tx.Annotation(ann.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("after deleting it the annotation reads %+v, %v", got, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTypingDoesNotMergeIntoDamagedStep: an undo step whose head is
// readable but whose changes are not is not merged into by typing with
// the same merge key.
func TestTypingDoesNotMergeIntoDamagedStep(t *testing.T) {
	s := openTemp(t)
	art := mustArticle(t, s, "A", "Some words to annotate here.")
	ann := mustAnnotate(t, s, art, "words", annotate.KindClaim)
	if err := s.db.Update(func(btx *bolt.Tx) error {
		b := btx.Bucket([]byte(bUndo))
		seq, _ := b.NextSequence()
		k := binary.BigEndian.AppendUint64(nil, seq)
		v := `{"label":"Edit note","merge":"note:` + ann.ID + `","time":"` + time.Now().UTC().Format(time.RFC3339Nano) + `","changes":"garbage"}`
		return b.Put(k, []byte(v))
	}); err != nil {
		t.Fatal(err)
	}
	ann.Note = "typed"
	ann.Modified = t0.Add(time.Minute)
	if err := s.DoMerge("Edit note", "note:"+ann.ID, func(tx *Tx) error { return tx.PutAnnotation(ann) }); err != nil {
		t.Fatal(err)
	}
	if l := s.UndoLabel(); l != "Edit note" {
		t.Errorf("undo label after typing: %q, want %q", l, "Edit note")
	}
}

// TestEncodeEntryIsJSONMarshal: an undo step is encoded byte for byte as
// json.Marshal encodes it (steps are read with json.Unmarshal, and older
// databases hold steps json.Marshal wrote): empty, nil and present
// values, labels with quotes, markup, accents and invalid UTF-8.
func TestEncodeEntryIsJSONMarshal(t *testing.T) {
	entries := []undoEntry{
		{Label: "Create claim", Time: t0},
		{Label: "Edit note", Merge: "note:x", Time: t0.Add(1234567 * time.Nanosecond), Changes: []change{}},
		{Label: `Rename "tag" <a> & café`, Time: t0, Changes: []change{
			{Bucket: bAnnotations, Key: []byte("ann-1"), After: []byte(`{"id":"ann-1"}`), Has: true},
			{Bucket: bArticleAnn, Key: []byte("art\x00ann"), Before: []byte{}, Had: true, After: []byte{}, Has: true},
			{Bucket: bAnnotations, Key: []byte("ann-2"), Before: []byte(`{"id":"ann-2"}`), Had: true},
			{Bucket: "odd\"bucket", Key: nil},
			{Bucket: bSpeakers, Key: []byte{}, Before: []byte{0, 1, 2, 255}, After: nil},
		}},
		{Label: "bad \xff utf-8", Merge: "m", Time: t0.In(time.FixedZone("x", 3600)), Changes: nil},
	}
	r := rand.New(rand.NewPCG(5, 6))
	some := func() []byte {
		switch r.IntN(4) {
		case 0:
			return nil
		case 1:
			return []byte{}
		}
		v := make([]byte, r.IntN(40))
		for i := range v {
			v[i] = byte(r.IntN(256))
		}
		return v
	}
	for range 100 {
		e := undoEntry{Label: string(some()), Merge: string(some()), Time: t0.Add(time.Duration(r.Int64N(1e15)))}
		for range r.IntN(5) {
			e.Changes = append(e.Changes, change{Bucket: string(some()), Key: some(), Before: some(), Had: r.IntN(2) == 0, After: some(), Has: r.IntN(2) == 0})
		}
		entries = append(entries, e)
	}
	for i, e := range entries {
		want, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeEntry(e)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("entry %d:\n got %s\nwant %s", i, got, want)
		}
	}
}
