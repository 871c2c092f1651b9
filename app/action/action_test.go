package action_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/annotate/search"
	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/storetest"
)

var t0 = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

const fixture = "../../../shared/fixtures/articles/kim-jong-un-shock-troops.txt"

// newService opens a checked throw-away store with the fixture article.
func newService(t *testing.T) (*action.Service, annotate.Article) {
	t.Helper()
	svc := action.New(storetest.Open(t), func() time.Time { return t0 })
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Skipf("fixture not available: %v", err)
	}
	done, err := svc.Import([]action.Source{svc.ReadData("kim.txt", data)})
	if err != nil || len(done) != 1 || !done[0].New {
		t.Fatalf("import = %+v, %v", done, err)
	}
	return svc, done[0].Article
}

func TestImportTwiceKeepsOne(t *testing.T) {
	svc, art := newService(t)
	data, _ := os.ReadFile(fixture)
	done, err := svc.Import([]action.Source{svc.ReadData("again.txt", data), {Name: "bad.txt", Err: errors.New("unreadable")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 1 || done[0].New || done[0].Article.ID != art.ID {
		t.Errorf("re-import = %+v, want the stored article %s, not new", done, art.ID)
	}
	if st := svc.Store().UndoLabel(); !strings.Contains(st, "Kim Jong Un") {
		t.Errorf("undo label %q does not name the article", st)
	}
}

func TestAnnotateByQuoteWithSpeakers(t *testing.T) {
	svc, art := newService(t)
	res, err := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "shock troops", Kind: annotate.KindQuote, Speaker: action.AutoSpeaker, Creator: "dana"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Speaker == nil || res.Speaker.Name != "Kim Jong Un" || !res.NewSpeaker || res.Speaker.Role == "" {
		t.Fatalf("auto speaker = %+v (new %v), want Kim Jong Un with his role, new", res.Speaker, res.NewSpeaker)
	}
	// The same name in other spelling reuses the speaker.
	res2, err := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "provocation", Kind: annotate.KindClaim, Speaker: "kim  JONG un", Creator: "dana"})
	if err != nil || res2.NewSpeaker || res2.Speaker.ID != res.Speaker.ID {
		t.Fatalf("second attribution = %+v, %v", res2, err)
	}
	if res2.Annotation.Status != annotate.StatusUnverified {
		t.Errorf("a new claim has verdict %q, want unverified", res2.Annotation.Status)
	}
	// A half-typed name near a known speaker is refused, naming him...
	_, err = svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "Asian NATO", Kind: annotate.KindQuote, Speaker: "kim", Creator: "dana"})
	var amb *action.AmbiguousSpeakerError
	if !errors.As(err, &amb) || len(amb.Candidates) != 1 || amb.Candidates[0].ID != res.Speaker.ID {
		t.Fatalf("speaker kim: got %v, want an ambiguity naming Kim Jong Un", err)
	}
	// ... unless a new speaker is asked for explicitly.
	res3, err := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "Asian NATO", Kind: annotate.KindQuote, Speaker: "kim", NewSpeaker: true, Creator: "dana"})
	if err != nil || !res3.NewSpeaker || res3.Speaker.Name != "kim" {
		t.Errorf("explicit new speaker = %+v, %v", res3, err)
	}
	// An unrelated new name is simply added.
	res4, err := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "without limit", Kind: annotate.KindQuote, Speaker: "Park Sun-young", Creator: "dana"})
	if err != nil || !res4.NewSpeaker {
		t.Errorf("new unrelated speaker = %+v, %v", res4, err)
	}
}

func TestAnnotateRefusesWhatCannotBe(t *testing.T) {
	svc, art := newService(t)
	for _, tc := range []struct {
		name string
		req  action.NewAnnotation
		want string
	}{
		{"missing quote", action.NewAnnotation{ArticleID: art.ID, Quote: "not in the text at all", Kind: annotate.KindClaim}, "not found in article " + art.ID},
		{"third of two", action.NewAnnotation{ArticleID: art.ID, Quote: "shock troops", Nth: 99, Kind: annotate.KindClaim}, "occurrence 99"},
		{"white space only", action.NewAnnotation{ArticleID: art.ID, Span: &annotate.Span{Start: 0, End: 0}, Kind: annotate.KindClaim}, "white space"},
		{"unknown kind", action.NewAnnotation{ArticleID: art.ID, Quote: "Kim", Kind: "rumour"}, "unknown kind"},
		{"no article", action.NewAnnotation{ArticleID: "nope", Quote: "Kim", Kind: annotate.KindClaim}, "not found"},
		{"auto with nobody", action.NewAnnotation{ArticleID: art.ID, Quote: "battalion commanders", Kind: annotate.KindQuote, Speaker: action.AutoSpeaker}, "no speaker found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := svc.Store().UndoLabel()
			_, err := svc.Annotate(tc.req)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error mentioning %q", err, tc.want)
			}
			if after := svc.Store().UndoLabel(); after != before {
				t.Errorf("a refused annotation left an undo step %q", after)
			}
		})
	}
}

func TestSpanIsTrimmedOfWhiteSpace(t *testing.T) {
	svc, art := newService(t)
	text := annotate.NewText(art.Text)
	span, _ := text.Find("shock troops", 1)
	res, err := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Span: &annotate.Span{Start: span.Start - 1, End: span.End + 1}, Kind: annotate.KindQuote})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Annotation.Quote.Exact; got != "“shock troops”" && got != "shock troops" {
		t.Errorf("quote = %q", got)
	}
	s, e := action.TrimSpan(annotate.NewText("  word  "), 0, 8)
	if s != 2 || e != 6 {
		t.Errorf("TrimSpan = %d-%d, want 2-6", s, e)
	}
}

func TestEditsAreUndoableSteps(t *testing.T) {
	svc, art := newService(t)
	res, _ := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "provocation", Kind: annotate.KindQuote})
	id := res.Annotation.ID
	if a, err := svc.SetKind(id, annotate.KindClaim); err != nil || a.Status != annotate.StatusUnverified {
		t.Fatalf("SetKind = %+v, %v", a, err)
	}
	if _, err := svc.SetStatus(id, annotate.StatusFalse); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"c", "ch", "che", "check"} {
		if _, err := svc.SetNote(id, s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.SetTags(id, []string{"a", " a", "b"}); err != nil {
		t.Fatal(err)
	}
	var a annotate.Annotation
	_ = svc.Store().View(func(tx *store.Tx) error { a, _ = tx.Annotation(id); return nil })
	if a.Note != "check" || len(a.Tags) != 2 || a.Status != annotate.StatusFalse {
		t.Errorf("stored %+v", a)
	}
	for _, want := range []string{"Edit tags", "Edit note", "Set verdict false", "Change to claim"} {
		st, err := svc.Undo()
		if err != nil || st.Label != want {
			t.Fatalf("undo = %q, %v; want %q", st.Label, err, want)
		}
		if len(st.Changes.Annotations) != 1 || st.Changes.Annotations[0] != id {
			t.Errorf("undo %q reports %+v", want, st.Changes)
		}
	}
}

func TestLinkDeleteAndDescriptions(t *testing.T) {
	svc, art := newService(t)
	a, _ := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "shock troops", Kind: annotate.KindClaim})
	b, _ := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "provocation", Kind: annotate.KindClaim})
	l, err := svc.Link(a.Annotation.ID, b.Annotation.ID, annotate.RelSupports, "", "dana")
	if err != nil {
		t.Fatal(err)
	}
	if label := svc.Store().UndoLabel(); !strings.Contains(label, "shock troops") || !strings.Contains(label, "supports") {
		t.Errorf("link label %q does not say what was linked", label)
	}
	if _, err := svc.Link(a.Annotation.ID, b.Annotation.ID, annotate.RelSupports, "", "dana"); !errors.Is(err, store.ErrExists) {
		t.Errorf("second identical link: %v, want ErrExists", err)
	}
	if _, err := svc.Link(a.Annotation.ID, b.Annotation.ID, "rumour", "", "dana"); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("unknown relation: %v", err)
	}
	if l2, err := svc.SetRelation(l.ID, annotate.RelContradicts); err != nil || l2.Relation != annotate.RelContradicts {
		t.Errorf("SetRelation = %+v, %v", l2, err)
	}
	d, err := svc.Delete(a.Annotation.ID, "dana")
	if err != nil || d.Type != annotate.RecordAnnotation || !strings.Contains(d.Description, "claim “shock troops”") {
		t.Errorf("Delete = %+v, %v", d, err)
	}
	_ = svc.Store().View(func(tx *store.Tx) error {
		if links, _ := tx.LinksOf(b.Annotation.ID); len(links) != 0 {
			t.Errorf("deleting an end left %d links", len(links))
		}
		return nil
	})
	if _, err := svc.Delete("no-such-id", "dana"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleting nothing: %v", err)
	}
}

func TestSpeakers(t *testing.T) {
	svc, _ := newService(t)
	kim, err := svc.AddSpeaker(annotate.Speaker{Name: " Kim  Jong Un ", Aliases: []string{"Kim Jong-un", "kim jong un", ""}})
	if err != nil || kim.Name != "Kim Jong Un" || len(kim.Aliases) != 1 {
		t.Fatalf("AddSpeaker = %+v, %v", kim, err)
	}
	var exists *action.SpeakerExistsError
	if _, err := svc.AddSpeaker(annotate.Speaker{Name: "KIM JONG-UN"}); !errors.As(err, &exists) || exists.Existing.ID != kim.ID {
		t.Errorf("duplicate by alias: %v", err)
	}
	other, _ := svc.AddSpeaker(annotate.Speaker{Name: "Hong Min"})
	if _, err := svc.EditSpeaker(annotate.Speaker{ID: other.ID, Name: "Kim Jong-un"}); !errors.As(err, &exists) {
		t.Errorf("renaming onto another speaker's alias: %v", err)
	}
	from, into, err := svc.MergeSpeakers("Hong Min", kim.ID, "dana")
	if err != nil || from.ID != other.ID || into.ID != kim.ID {
		t.Errorf("MergeSpeakers = %v %v %v", from, into, err)
	}
}

func TestExportRefusesTheOpenDatabase(t *testing.T) {
	svc, _ := newService(t)
	db := svc.Store().Path()
	before, _ := os.ReadFile(db)
	for _, path := range []string{db, filepath.Join(filepath.Dir(db), ".", filepath.Base(db))} {
		for _, format := range []string{"bundle", "w3c", "csv"} {
			if _, err := svc.Export(format, nil, path, action.ExportOptions{}); !errors.Is(err, action.ErrOwnFile) {
				t.Errorf("export %s onto %s: %v, want ErrOwnFile", format, path, err)
			}
		}
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Error("a refused export changed the database file")
	}
}

func TestExportAndMergeRoundTrip(t *testing.T) {
	svc, art := newService(t)
	if _, err := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "shock troops", Kind: annotate.KindQuote, Speaker: "Kim Jong Un"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out.marginalia")
	n, err := svc.Export("bundle", nil, path, action.ExportOptions{Creator: "dana"})
	if err != nil || n.Annotations != 1 || n.Speakers != 1 {
		t.Fatalf("export = %v, %v", n, err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm()&0o077 != 0 {
		t.Errorf("export mode = %v, %v; want readable by its owner only", info.Mode(), err)
	}
	other := action.New(storetest.Open(t), nil)
	rep, err := other.MergeFile(path, action.MergeOptions{})
	if err != nil || rep.Annotations.Added != 1 || !rep.Undoable {
		t.Fatalf("merge = %+v, %v", rep, err)
	}
	rep2, err := other.MergeFile(path, action.MergeOptions{})
	if err != nil || rep2.Changed() {
		t.Errorf("second merge = %+v, %v; want nothing changed", rep2, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.marginalia")
	_ = os.WriteFile(bad, []byte("not a zip"), 0o600)
	if _, err := other.MergeFile(bad, action.MergeOptions{}); !errors.Is(err, bundle.ErrRefused) {
		t.Errorf("merging junk: %v, want ErrRefused", err)
	}
}

// TestSearchFollowsChanges: the stored search index follows every write,
// undo included, in the write's own transaction.
func TestSearchFollowsChanges(t *testing.T) {
	svc, art := newService(t)
	res, _ := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "shock troops", Kind: annotate.KindQuote, Speaker: "Kim Jong Un"})
	if _, _, err := svc.MergeSpeakers(res.Speaker.ID, "Kim Jong Un", "dana"); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("merging a speaker into itself: %v, want it refused", err)
	}
	if !svc.SearchReady() {
		t.Fatal("a new database has no search index")
	}
	found := func(q string) bool {
		t.Helper()
		rs, err := svc.Search(t.Context(), search.ParseQuery(q), 10)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(rs, func(r search.Result) bool { return r.ID == res.Annotation.ID })
	}
	if found("supreme leader") {
		t.Fatal("found by an alias the speaker does not have yet")
	}
	// Renaming a speaker re-indexes what they said.
	if _, err := svc.EditSpeaker(annotate.Speaker{ID: res.Speaker.ID, Name: "Kim Jong Un", Aliases: []string{"Supreme Leader"}}); err != nil {
		t.Fatal(err)
	}
	if !found("supreme leader shock") {
		t.Error("the quote is not found by the speaker's new alias")
	}
	if _, err := svc.Store().Undo(); err != nil {
		t.Fatal(err)
	}
	if found("supreme leader") {
		t.Error("after undo, the quote is still found by the alias the undo removed")
	}
	if _, err := svc.Delete(res.Annotation.ID, "dana"); err != nil {
		t.Fatal(err)
	}
	if found("shock troops") {
		t.Error("a deleted quote is still found")
	}
	problems, built, err := svc.CheckSearchIndex()
	if err != nil || !built || len(problems) > 0 {
		t.Errorf("check: %v built %v, %v", problems, built, err)
	}
}

func TestShareExistingWork(t *testing.T) {
	svc, art := newService(t)
	if _, err := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "shock troops", Kind: annotate.KindQuote}); err != nil {
		t.Fatal(err)
	}
	from, err := svc.StartTeamLog()
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := svc.TeamWaiting(from); n != 0 {
		t.Fatalf("%d records wait before anything was shared", n)
	}
	if err := svc.ShareExistingWork(); err != nil {
		t.Fatal(err)
	}
	d, err := svc.TeamDelta(from, "dana")
	if err != nil {
		t.Fatal(err)
	}
	if d.Records < 2 || d.Data == nil {
		t.Errorf("the first push after sharing carries %d records, want the article and its annotation", d.Records)
	}
}

// TestRelatedFollowsChanges: the ranking documents are kept between calls
// and dropped when what they hold changes (tags, speakers, texts).
func TestRelatedFollowsChanges(t *testing.T) {
	svc := action.New(storetest.Open(t), nil)
	done, err := svc.Import([]action.Source{
		svc.ReadData("a.txt", []byte("Port strike\n\nDockers walked out over pay on Monday.")),
		svc.ReadData("b.txt", []byte("Bakery opens\n\nA sourdough bakery opened on the high street.")),
	})
	if err != nil {
		t.Fatal(err)
	}
	a, b := done[0].Article, done[1].Article
	shared := func() bool {
		t.Helper()
		sugg, err := svc.Related(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sugg {
			if s.ID == b.ID && strings.Contains(strings.Join(s.Reasons, " "), "local") {
				return true
			}
		}
		return false
	}
	if shared() {
		t.Fatal("a shared tag before any was set")
	}
	for _, x := range []struct{ art, quote string }{{a.ID, "Dockers"}, {b.ID, "bakery"}} {
		res, err := svc.Annotate(action.NewAnnotation{ArticleID: x.art, Quote: x.quote, Kind: annotate.KindEvidence})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetTags(res.Annotation.ID, []string{"local"}); err != nil {
			t.Fatal(err)
		}
	}
	if !shared() {
		t.Error("the tag both articles now share is not among the reasons: a stale ranking document")
	}
}
