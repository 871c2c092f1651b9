package search

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"marginalia/annotate"
)

// fixture is a small archive with accents, Korean and emoji.
type fixture struct {
	speakers    []annotate.Speaker
	articles    []annotate.Article
	annotations []annotate.Annotation
}

func newFixture() fixture {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f := fixture{
		speakers: []annotate.Speaker{
			{ID: "spk-1", Name: "José Álvarez", Aliases: []string{"Pepe"}, Role: "Foreign Minister", Affiliation: "Ministry of Foreign Affairs"},
			{ID: "spk-2", Name: "Kim Ji-woo", Aliases: []string{"김지우"}, Role: "spokesperson", Affiliation: "Blue House"},
			{ID: "spk-3", Name: "Dana Whitfield", Role: "analyst"},
		},
		articles: []annotate.Article{
			{ID: "art-1", Title: "Oil exports tighten", Source: "Reuters", Byline: "By Olena Kovalenko",
				Note: "Follow up the embargo angle", Tags: []string{"energy", "sanctions"}, Imported: t0},
			{ID: "art-2", Title: "서울 peace talks resume 👍", Source: "Yonhap", Tags: []string{"diplomacy"}, Imported: t0.Add(time.Hour)},
		},
	}
	ann := func(id, art string, kind annotate.Kind, status annotate.Status, quote, note, speaker, creator string, tags ...string) {
		f.annotations = append(f.annotations, annotate.Annotation{
			ID: id, ArticleID: art, Kind: kind, Status: status, Quote: annotate.Quote{Exact: quote},
			Note: note, SpeakerID: speaker, Creator: creator, Tags: tags,
			Created: t0.Add(time.Duration(len(f.annotations)) * time.Minute),
		})
	}
	ann("ann-1", "art-1", annotate.KindClaim, annotate.StatusDisputed,
		"The minister said new measures would cut oil revenue by half.",
		"Check the sanctions figure against the treasury data.", "spk-1", "dana", "nuclear", "oil")
	ann("ann-2", "art-1", annotate.KindQuote, "",
		"We will not accept a ceasefire under these conditions.",
		"Strong wording; compare with the 2023 ceasefire statement.", "spk-2", "olena", "ceasefire")
	ann("ann-3", "art-2", annotate.KindEvidence, "",
		"Satellite images show the reactor running.",
		"Nuclear reactor restarted: the café owner nearby confirmed.", "", "dana", "nuclear")
	ann("ann-4", "art-2", annotate.KindQuestion, "",
		"회담은 서울에서 열렸다 🎉",
		"Korean quote: talks were held in Seoul 👍🏽 need translation", "spk-2", "kim")
	ann("ann-5", "art-1", annotate.KindClaim, annotate.StatusSupported,
		"Prices rose 5% in Zürich.", "", "spk-3", "dana", "inflation")
	return f
}

func (f fixture) speaker(id string) *annotate.Speaker {
	for i := range f.speakers {
		if f.speakers[i].ID == id {
			return &f.speakers[i]
		}
	}
	return nil
}

func (f fixture) docs() []Doc {
	var docs []Doc
	for _, s := range f.speakers {
		docs = append(docs, SpeakerDoc(s))
	}
	for _, a := range f.articles {
		docs = append(docs, ArticleDoc(a))
	}
	for _, a := range f.annotations {
		docs = append(docs, AnnotationDoc(a, f.speaker(a.SpeakerID)))
	}
	return docs
}

func (f fixture) index(t *testing.T) *Index {
	t.Helper()
	ix := New()
	if err := ix.Put(f.docs()...); err != nil {
		t.Fatal(err)
	}
	return ix
}

func search(t *testing.T, ix *Index, query string) []Result {
	t.Helper()
	res, err := ix.Search(context.Background(), ParseQuery(query), 0)
	if err != nil {
		t.Fatalf("Search(%q): %v", query, err)
	}
	return res
}

func ids(res []Result) []string {
	out := make([]string, len(res))
	for i, r := range res {
		out[i] = r.ID
	}
	return out
}

func TestTyposAndPartialWords(t *testing.T) {
	ix := newFixture().index(t)
	for _, tc := range []struct {
		query, wantID string
		wantField     Field
		wantText      string // the matched value
	}{
		{"in:notes sanctons", "ann-1", FieldNote, "Check the sanctions figure against the treasury data."},
		{"sanctons", "art-1", FieldTag, "sanctions"},
		{"minstr", "spk-1", FieldAffiliation, "Ministry of Foreign Affairs"},
		{"in:quotes minstr", "ann-1", FieldQuote, "The minister said new measures would cut oil revenue by half."},
		{"ceasfire", "ann-2", FieldTag, "ceasefire"},
		{"in:notes ceasfire stat", "ann-2", FieldNote, "Strong wording; compare with the 2023 ceasefire statement."},
		{"reactr restrt", "ann-3", FieldNote, "Nuclear reactor restarted: the café owner nearby confirmed."},
		{"in:notes cafe owner", "ann-3", FieldNote, "Nuclear reactor restarted: the café owner nearby confirmed."},
		{"CAFÉ OWNER", "ann-3", FieldNote, "Nuclear reactor restarted: the café owner nearby confirmed."},
		{"alvarez", "ann-1", FieldSpeaker, "José Álvarez"}, // ties go by ID
		{"in:speakers alvarez", "spk-1", FieldName, "José Álvarez"},
		{"zurich", "ann-5", FieldQuote, "Prices rose 5% in Zürich."},
		{"서울", "art-2", FieldTitle, "서울 peace talks resume 👍"},
		{"in:speakers 김지", "spk-2", FieldAlias, "김지우"},
		{"kovalenko", "art-1", FieldByline, "By Olena Kovalenko"},
		{"translaton", "ann-4", FieldNote, "Korean quote: talks were held in Seoul 👍🏽 need translation"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			res := search(t, ix, tc.query)
			if len(res) == 0 {
				t.Fatalf("got no results, want %s", tc.wantID)
			}
			got := res[0]
			if got.ID != tc.wantID || got.Field != tc.wantField || got.Text != tc.wantText {
				t.Errorf("got %s %s %q, want %s %s %q (all: %v)", got.ID, got.Field, got.Text, tc.wantID, tc.wantField, tc.wantText, ids(res))
			}
			if got.Score == 0 || len(got.Matches) == 0 {
				t.Errorf("got score %d, matches %v; want a score and matches", got.Score, got.Matches)
			}
		})
	}
}

func TestNoMatch(t *testing.T) {
	ix := newFixture().index(t)
	for _, q := range []string{"xylophone", "zzz", "in:speakers reactor", "kind:claim ceasefire"} {
		if res := search(t, ix, q); len(res) != 0 {
			t.Errorf("Search(%q) = %v, want nothing", q, ids(res))
		}
	}
}

func TestFilters(t *testing.T) {
	ix := newFixture().index(t)
	for _, tc := range []struct {
		query string
		want  []string // sorted
	}{
		{"kind:claim", []string{"ann-1", "ann-5"}},
		{"kind:cl", []string{"ann-1", "ann-5"}},
		{"kind:claim|question", []string{"ann-1", "ann-4", "ann-5"}},
		{"kind:claim kind:question", []string{"ann-1", "ann-4", "ann-5"}},
		{"status:disputed", []string{"ann-1"}},
		{"creator:dana", []string{"ann-1", "ann-3", "ann-5"}},
		{"creator:DANA", []string{"ann-1", "ann-3", "ann-5"}},
		{"speaker:kim", []string{"ann-2", "ann-4", "spk-2"}},
		{"speaker:alvarez", []string{"ann-1", "spk-1"}},
		{"speaker:Álvarez", []string{"ann-1", "spk-1"}},
		{"speaker:pepe", []string{"ann-1", "spk-1"}},
		{`speaker:"jose alvarez"`, []string{"ann-1", "spk-1"}},
		{"speaker:김지", []string{"ann-2", "ann-4", "spk-2"}},
		{"tag:nuclear", []string{"ann-1", "ann-3"}},
		{"tag:sanctions", []string{"art-1"}},
		{"tag:nuc", []string{"ann-1", "ann-3"}},
		{"in:articles", []string{"art-1", "art-2"}},
		{"in:speakers", []string{"spk-1", "spk-2", "spk-3"}},
		{"in:notes", []string{"ann-1", "ann-2", "ann-3", "ann-4", "art-1"}},
		{"in:quotes", []string{"ann-1", "ann-2", "ann-3", "ann-4", "ann-5"}},
		{"in:notes|speakers", []string{"ann-1", "ann-2", "ann-3", "ann-4", "art-1", "spk-1", "spk-2", "spk-3"}},
		{"in:bogus", nil},
		// Combinations.
		{"kind:claim creator:dana", []string{"ann-1", "ann-5"}},
		{"kind:claim tag:nuclear", []string{"ann-1"}},
		{"speaker:kim kind:question", []string{"ann-4"}},
		{"status:disputed in:articles", nil},
		{"tag:nuclear in:notes reactor", []string{"ann-3"}},
		{"kind:claim oil", []string{"ann-1"}},
		{"creator:dana nuclear", []string{"ann-1", "ann-3"}},
		{"speaker:kim in:quotes ceasefire", []string{"ann-2"}},
		{"in:articles tighten", []string{"art-1"}},
		{"in:speakers minister", []string{"spk-1"}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			got := ids(search(t, ix, tc.query))
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestInScopesTheMatchedValue(t *testing.T) {
	ix := newFixture().index(t)
	for _, tc := range []struct {
		query string
		want  Field
	}{
		{"in:notes nuclear", FieldNote},
		{"in:quotes reactor", FieldQuote},
		{"in:notes", FieldNote},
		{"in:quotes", FieldQuote},
	} {
		res := search(t, ix, tc.query)
		if len(res) == 0 {
			t.Fatalf("Search(%q): no results", tc.query)
		}
		for _, r := range res {
			if r.Field != tc.want {
				t.Errorf("Search(%q): %s matched in %s, want %s", tc.query, r.ID, r.Field, tc.want)
			}
		}
	}
}

func TestListingNewestFirst(t *testing.T) {
	ix := newFixture().index(t)
	res := search(t, ix, "creator:dana")
	if got, want := ids(res), []string{"ann-5", "ann-3", "ann-1"}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for _, r := range res {
		if r.Score != 0 || r.Matches != nil || r.Field != FieldQuote {
			t.Errorf("%s: got score %d, matches %v, field %s; want 0, none, quote", r.ID, r.Score, r.Matches, r.Field)
		}
	}
	all := search(t, ix, "")
	if len(all) != 10 {
		t.Errorf("empty query listed %d records, want all 10", len(all))
	}
}

func TestLimitAndOrder(t *testing.T) {
	ix := newFixture().index(t)
	full, err := ix.Search(context.Background(), Query{Text: "e"}, 100)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(full); i++ {
		a, b := full[i-1], full[i]
		if a.Score < b.Score || a.Score == b.Score && a.ID > b.ID {
			t.Errorf("results %d and %d out of order: %s %d, %s %d", i-1, i, a.ID, a.Score, b.ID, b.Score)
		}
	}
	for _, k := range []int{1, 3, 7} {
		got, err := ix.Search(context.Background(), Query{Text: "e"}, k)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got), ids(full[:k])) {
			t.Errorf("limit %d: got %v, want %v", k, ids(got), ids(full[:k]))
		}
	}
}

func TestEditIsSearchableAtOnce(t *testing.T) {
	f := newFixture()
	ix := f.index(t)
	if got := ids(search(t, ix, "in:notes sanctons")); !slices.Contains(got, "ann-1") {
		t.Fatalf("before the edit: got %v, want ann-1", got)
	}
	a := f.annotations[0]
	a.Note = "Check the tariffs figure against customs data."
	if err := ix.Put(AnnotationDoc(a, f.speaker(a.SpeakerID))); err != nil {
		t.Fatal(err)
	}
	if got := ids(search(t, ix, "in:notes sanctons")); slices.Contains(got, "ann-1") {
		t.Errorf("after the edit, the old note still matches: %v", got)
	}
	res := search(t, ix, "in:notes tarifs")
	if len(res) == 0 || res[0].ID != "ann-1" || res[0].Text != a.Note {
		t.Errorf("after the edit: got %+v, want ann-1 with the new note", res)
	}
	if ix.Len() != 10 {
		t.Errorf("Len() = %d after replacing a record, want 10", ix.Len())
	}

	// A renamed speaker, re-Put with its annotations.
	s := f.speakers[0]
	s.Name = "José Ramírez"
	if err := ix.Put(SpeakerDoc(s), AnnotationDoc(a, &s)); err != nil {
		t.Fatal(err)
	}
	if got := ids(search(t, ix, "speaker:alvarez")); len(got) != 0 {
		t.Errorf("speaker:alvarez after the rename: got %v, want nothing", got)
	}
	if got := ids(search(t, ix, "speaker:ramirez")); !slices.Equal(got, []string{"ann-1", "spk-1"}) && !slices.Equal(got, []string{"spk-1", "ann-1"}) {
		t.Errorf("speaker:ramirez after the rename: got %v, want ann-1 and spk-1", got)
	}
}

func TestDeletedNeverComesBack(t *testing.T) {
	f := newFixture()
	ix := f.index(t)
	ix.Delete("ann-3", "no-such-id")
	if ix.Len() != 9 {
		t.Errorf("Len() = %d, want 9", ix.Len())
	}
	// Fill the freed slots with other records.
	for i := range 5 {
		a := f.annotations[4]
		a.ID = "new-" + string(rune('a'+i))
		a.Quote.Exact = "Other text about grain exports."
		if err := ix.Put(AnnotationDoc(a, nil)); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"reactor", "nuclear", "cafe", "satellite", "tag:nuclear", "kind:evidence", "creator:dana", "", "e", "in:notes", "n"} {
		for _, r := range search(t, ix, q) {
			if r.ID == "ann-3" {
				t.Errorf("Search(%q) returned the deleted ann-3", q)
			}
		}
	}
	if got := ids(search(t, ix, "tag:nuclear")); !slices.Equal(got, []string{"ann-1"}) {
		t.Errorf("tag:nuclear: got %v, want [ann-1]", got)
	}
}

func TestPutRejectsInvalidDocs(t *testing.T) {
	ix := New()
	for _, d := range []Doc{
		{Type: TypeAnnotation},
		{Type: "comment", ID: "x"},
		{Type: TypeSpeaker, ID: "x", Values: []Value{{Field: "shoe size", Text: "44"}}},
	} {
		if err := ix.Put(SpeakerDoc(annotate.Speaker{ID: "ok", Name: "Fine"}), d); !errors.Is(err, ErrInvalidDoc) {
			t.Errorf("Put(%+v) = %v, want ErrInvalidDoc", d, err)
		}
	}
	if ix.Len() != 0 {
		t.Errorf("Len() = %d after failed Puts, want 0", ix.Len())
	}
}

func TestMatchOffsets(t *testing.T) {
	for _, tc := range []struct {
		text, query string
		want        [][2]int
		wantRunes   []string // what the ranges select in text
	}{
		{"José Álvarez", "alvarez", [][2]int{{5, 12}}, []string{"Álvarez"}},
		{"José Álvarez", "JOSE", [][2]int{{0, 4}}, []string{"José"}},
		{"회담은 서울에서 열렸다 🎉", "서울", [][2]int{{4, 6}}, []string{"서울"}},
		{"회담은 서울에서 열렸다 🎉", "🎉", [][2]int{{13, 14}}, []string{"🎉"}},
		{"👍🏽 Zürich", "zurich", [][2]int{{3, 9}}, []string{"Zürich"}},
		{"❤️ love", "love", [][2]int{{3, 7}}, []string{"love"}},
		{"Cafe\u0301 au lait", "cafe", [][2]int{{0, 5}}, []string{"Cafe\u0301"}},
		{"a  b", "a b", [][2]int{{0, 2}, {3, 4}}, []string{"a ", "b"}},
		{"  nuclear", "nuc", [][2]int{{2, 5}}, []string{"nuc"}},
		{"Die Straße", "strasse", nil, nil}, // ß is not ss
		{"Die STRAẞE", "straße", [][2]int{{4, 10}}, []string{"STRAẞE"}},
		{"Łódź, Gdańsk", "gdansk", [][2]int{{6, 12}}, []string{"Gdańsk"}},
		{"x 🇺🇦 ukraine", "ukr", [][2]int{{5, 8}}, []string{"ukr"}},
	} {
		t.Run(tc.text+"/"+tc.query, func(t *testing.T) {
			ix := New()
			d := Doc{Type: TypeArticle, ID: "a", Values: []Value{{FieldTitle, tc.text}}}
			if err := ix.Put(d); err != nil {
				t.Fatal(err)
			}
			res, err := ix.Search(context.Background(), Query{Text: tc.query}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == nil {
				if len(res) != 0 {
					t.Fatalf("got %+v, want no match", res)
				}
				return
			}
			if len(res) != 1 {
				t.Fatalf("got %d results, want 1", len(res))
			}
			if !slices.Equal(res[0].Matches, tc.want) {
				t.Errorf("matches %v, want %v", res[0].Matches, tc.want)
			}
			rs := []rune(res[0].Text)
			var sel []string
			for _, m := range res[0].Matches {
				sel = append(sel, string(rs[m[0]:m[1]]))
			}
			if !slices.Equal(sel, tc.wantRunes) {
				t.Errorf("selected %q, want %q", sel, tc.wantRunes)
			}
		})
	}
}

// TestMatchesSelectThePattern checks, on a random archive with Korean,
// emoji, accents and white space runs, that every result's ranges select
// characters that fold to the pattern's runes as a subsequence.
func TestMatchesSelectThePattern(t *testing.T) {
	arc := genArchive(genOptions{Seed: 11, Annotations: 800, Articles: 20, Speakers: 30, Tags: 40, Unicode: true})
	ix := New()
	if err := ix.Put(arc.Docs...); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, q := range []string{"e", "the", "cafe", "서울", "평화", "zurich", "👍", "sanct", "alvarez", "straße", "a b"} {
		res, err := ix.Search(context.Background(), Query{Text: q}, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			rs := []rune(r.Text)
			var sel strings.Builder
			prev := -1
			for _, m := range r.Matches {
				if m[0] < 0 || m[1] > len(rs) || m[0] >= m[1] || m[0] <= prev {
					t.Fatalf("%s %q: bad range %v in %v", r.ID, r.Text, m, r.Matches)
				}
				prev = m[1]
				sel.WriteString(string(rs[m[0]:m[1]]))
			}
			if !isSubsequence([]rune(fold(q)), []rune(fold(sel.String()))) {
				t.Errorf("%q in %q: ranges %v select %q", q, r.Text, r.Matches, sel.String())
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d results", checked)
	}
}

func isSubsequence(p, s []rune) bool {
	i := 0
	for _, r := range s {
		if i < len(p) && r == p[i] {
			i++
		}
	}
	return i == len(p)
}

// countdown is a context whose Err reports Canceled after n checks: it
// cancels a search deterministically in the middle of its work.
type countdown struct {
	context.Context
	n atomic.Int64
}

func (c *countdown) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestCancelledSearch(t *testing.T) {
	arc := genArchive(genOptions{Seed: 5, Annotations: 20_000, Articles: 50, Speakers: 20, Tags: 30})
	ix := New()
	if err := ix.Put(arc.Docs...); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, q := range []string{"minstr", ""} {
		if res, err := ix.Search(ctx, ParseQuery(q), 10); !errors.Is(err, context.Canceled) || res != nil {
			t.Errorf("cancelled Search(%q) = %d results, %v; want context.Canceled", q, len(res), err)
		}
	}
	dl, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel2()
	if _, err := ix.Search(dl, Query{Text: "x"}, 10); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Search past its deadline = %v, want context.DeadlineExceeded", err)
	}
	// Cancelled while scanning: after a few chunks, and while listing.
	for _, q := range []string{"eeeee", "", "kind:claim"} {
		c := &countdown{Context: context.Background()}
		c.n.Store(3)
		if res, err := ix.Search(c, ParseQuery(q), 10); !errors.Is(err, context.Canceled) || res != nil {
			t.Errorf("Search(%q) cancelled midway = %d results, %v; want context.Canceled", q, len(res), err)
		}
		if c.n.Load() > 0 {
			t.Errorf("Search(%q) checked the context only %d times", q, 3-c.n.Load())
		}
	}
}

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Query
	}{
		{"", Query{}},
		{"  Sanctons  Oil ", Query{Text: "Sanctons Oil"}},
		{"kind:claim", Query{Kinds: []string{"claim"}}},
		{"Kind:CLAIM nuclear", Query{Text: "nuclear", Kinds: []string{"claim"}}},
		{"kind:claim|quote,question", Query{Kinds: []string{"claim", "quote", "question"}}},
		{"speaker:Álvarez tag:Nuclear status:Disputed creator:Dana in:notes", Query{
			Speakers: []string{"alvarez"}, Tags: []string{"nuclear"}, Statuses: []string{"disputed"},
			Creators: []string{"dana"}, In: []string{"notes"}}},
		{`speaker:"José  Álvarez" Said`, Query{Text: "Said", Speakers: []string{"jose alvarez"}}},
		{`"ceasefire talks" tag:x`, Query{Text: "ceasefire talks", Tags: []string{"x"}}},
		{"in:notes|quotes", Query{In: []string{"notes", "quotes"}}},
		{"kind: minister", Query{Text: "minister"}}, // a key with no value yet
		{"kind:", Query{}},
		{"http://example.org 10:30 foo:bar", Query{Text: "http://example.org 10:30 foo:bar"}},
		{"café ÉTÉ", Query{Text: "café ÉTÉ"}},
		{"tag:a tag:b", Query{Tags: []string{"a", "b"}}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := ParseQuery(tc.in)
			if !equalQuery(got, tc.want) {
				t.Errorf("ParseQuery(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}

func equalQuery(a, b Query) bool {
	return a.Text == b.Text && slices.Equal(a.Kinds, b.Kinds) && slices.Equal(a.Speakers, b.Speakers) &&
		slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Statuses, b.Statuses) &&
		slices.Equal(a.Creators, b.Creators) && slices.Equal(a.In, b.In)
}

func TestFoldMatchesAnnotateFold(t *testing.T) {
	g := newGenerator(genOptions{Seed: 3, Unicode: true})
	cases := []string{"", " ", "  a  ", "A\tB\nC\r\nD\vE\fF", "Hello, World", "already folded", "x\u00a0y", "\u0085a",
		"José  ÁLVAREZ", "e\u0301", "İstanbul", "ﬁ", "STRAẞE", "ϒ", "Kelvin \u212a", "\x00a", "a\x00 B", "\xff\xfeab"}
	for range 2000 {
		cases = append(cases, g.sentence(g.length(40, 30, 0)))
	}
	for _, s := range cases {
		if got, want := fold(s), annotate.Fold(s); got != want {
			t.Fatalf("fold(%q) = %q, want annotate.Fold's %q", s, got, want)
		}
		f, ranges := foldMap(s)
		if f != fold(s) {
			t.Fatalf("foldMap(%q) folds to %q, want %q", s, f, fold(s))
		}
		if n := len([]rune(f)); n != len(ranges) {
			t.Fatalf("foldMap(%q): %d ranges for %d runes", s, len(ranges), n)
		}
	}
}

// TestFoldLatinEveryRune checks foldLatin against annotate.Fold for every
// rune it handles, alone and between other letters, spaces and marks.
func TestFoldLatinEveryRune(t *testing.T) {
	checked := 0
	for _, rg := range [][2]rune{{0xC0, 0x24F}, {0x1E00, 0x1EFF}} {
		for r := rg[0]; r <= rg[1]; r++ {
			for _, s := range []string{
				string(r), "A" + string(r) + "b", " " + string(r) + "  x ", string(r) + string(r),
				"é" + string(r) + "Ñ", string(r) + "\u0301", "x\t" + string(r) + "\n",
			} {
				want := annotate.Fold(s)
				if got := fold(s); got != want {
					t.Errorf("fold(%q) = %q, want %q", s, got, want)
				}
				if got, ranges := foldMap(s); got != want || len(ranges) != utf8.RuneCountInString(want) {
					t.Errorf("foldMap(%q) = %q with %d ranges, want %q", s, got, len(ranges), want)
				}
				checked++
			}
		}
	}
	if checked < 4500 {
		t.Errorf("checked %d strings", checked)
	}
}
