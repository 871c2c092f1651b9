package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// TestIncrementalMatchesFuzzyFind puts, edits and deletes records at
// random, then checks Search against fuzzy.Find over what is left: an
// index updated in place answers as one built from scratch would.
func TestIncrementalMatchesFuzzyFind(t *testing.T) {
	arc := genArchive(genOptions{Seed: 21, Annotations: 2500, Articles: 60, Speakers: 40, Tags: 50, Unicode: true})
	r := rand.New(rand.NewPCG(21, 1))
	ix := New()
	live := map[string]Doc{}
	byType := map[Type][]Doc{}
	for _, d := range arc.Docs {
		byType[d.Type] = append(byType[d.Type], d)
	}
	for range 8000 {
		d := arc.Docs[r.IntN(len(arc.Docs))]
		switch op := r.IntN(10); {
		case op < 4: // add or re-add as it was
		case op < 7: // edit: take the values of another record of its type
			other := byType[d.Type][r.IntN(len(byType[d.Type]))]
			d.Values = other.Values
		default:
			ix.Delete(d.ID)
			delete(live, d.ID)
			continue
		}
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
		live[d.ID] = d
	}
	if ix.Len() != len(live) {
		t.Fatalf("Len() = %d, want %d", ix.Len(), len(live))
	}
	var docs []Doc
	for _, d := range live {
		docs = append(docs, d)
	}
	strs, owner := baselineStrings(docs)
	for _, pat := range []string{"e", "the", "nuc", "sanct", "minstr", "cafe", "서울", "👍", "alvarez", "zz", "official statement"} {
		want := baselineTop(pat, strs, owner, 50)
		res, err := ix.Search(context.Background(), Query{Text: pat}, 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != len(want) {
			t.Fatalf("%q: got %d results, want %d", pat, len(res), len(want))
		}
		for i, w := range want {
			if got := (baselineHit{res[i].ID, fold(res[i].Text), res[i].Score}); got != w {
				t.Fatalf("%q result %d: got %+v, want %+v", pat, i, got, w)
			}
		}
	}
}

// TestConcurrentSearchPutDelete searches while other goroutines put and
// delete records; run it with -race. Each writer owns half the records,
// so what is left at the end is known and checked against fuzzy.Find.
func TestConcurrentSearchPutDelete(t *testing.T) {
	arc := genArchive(genOptions{Seed: 9, Annotations: 1500, Articles: 30, Speakers: 20, Tags: 30, Unicode: true})
	known := map[string]bool{}
	for _, d := range arc.Docs {
		known[d.ID] = true
	}
	ix := New()
	if err := ix.Put(arc.Docs[:len(arc.Docs)/2]...); err != nil {
		t.Fatal(err)
	}
	const writers, searchers = 2, 3
	lives := make([]map[string]Doc, writers)
	var wg sync.WaitGroup
	errs := make(chan error, writers+searchers)
	for w := range writers {
		lives[w] = map[string]Doc{}
		for i, d := range arc.Docs[:len(arc.Docs)/2] {
			if i%writers == w {
				lives[w][d.ID] = d
			}
		}
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 2))
			for range 1500 {
				i := r.IntN(len(arc.Docs)/writers)*writers + w
				if i >= len(arc.Docs) {
					continue
				}
				d := arc.Docs[i]
				if r.IntN(3) == 0 {
					ix.Delete(d.ID)
					delete(lives[w], d.ID)
					continue
				}
				if err := ix.Put(d); err != nil {
					errs <- err
					return
				}
				lives[w][d.ID] = d
			}
		})
	}
	queries := []string{"e", "nuc", "minstr", "kind:claim", "tag:nuclear sanct", "in:notes cafe", "speaker:kim", "", "서울", "ceasefir"}
	for s := range searchers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(s), 3))
			for range 150 {
				q := ParseQuery(queries[r.IntN(len(queries))])
				ctx, cancel := context.WithCancel(context.Background())
				if r.IntN(4) == 0 {
					go cancel() // cancelled while it runs, or before
				}
				res, err := ix.Search(ctx, q, 1+r.IntN(60))
				cancel()
				if err != nil {
					if err != context.Canceled {
						errs <- err
						return
					}
					continue
				}
				if err := checkResults(q, res, known); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var docs []Doc
	for _, l := range lives {
		for _, d := range l {
			docs = append(docs, d)
		}
	}
	if ix.Len() != len(docs) {
		t.Fatalf("Len() = %d, want %d", ix.Len(), len(docs))
	}
	strs, owner := baselineStrings(docs)
	for _, pat := range []string{"e", "nuc", "minstr", "서울"} {
		want := baselineTop(pat, strs, owner, 50)
		res, err := ix.Search(context.Background(), Query{Text: pat}, 50)
		if err != nil {
			t.Fatal(err)
		}
		for i := range max(len(want), len(res)) {
			if i >= len(want) || i >= len(res) || (baselineHit{res[i].ID, fold(res[i].Text), res[i].Score}) != want[i] {
				t.Fatalf("%q: got %d results, want %d; they differ at %d", pat, len(res), len(want), i)
			}
		}
	}
}

// checkResults checks what any search result must satisfy, whatever the
// index held at the time.
func checkResults(q Query, res []Result, known map[string]bool) error {
	seen := map[string]bool{}
	for i, r := range res {
		if !known[r.ID] || seen[r.ID] {
			return fmt.Errorf("%+v: result %d is %q, unknown or repeated", q, i, r.ID)
		}
		seen[r.ID] = true
		if i > 0 && q.Text != "" {
			p := res[i-1]
			if p.Score < r.Score || p.Score == r.Score && p.ID > r.ID {
				return fmt.Errorf("%+v: results %d and %d out of order", q, i-1, i)
			}
		}
		n := utf8.RuneCountInString(r.Text)
		for _, m := range r.Matches {
			if m[0] < 0 || m[1] > n || m[0] >= m[1] {
				return fmt.Errorf("%+v: %s: range %v outside %q", q, r.ID, m, r.Text)
			}
		}
		if q.Text != "" && len(r.Matches) == 0 {
			return fmt.Errorf("%+v: %s matched no characters of %q", q, r.ID, r.Text)
		}
	}
	return nil
}

// refFilter is the filters' specification, applied record by record: it
// returns the values of d that a search with q's filters looks at, and
// whether d passes at all.
func refFilter(q Query, d Doc) ([]Value, bool) {
	has := func(fields []Field, want []string, match func(s, w string) bool) bool {
		for _, v := range d.Values {
			if !slices.Contains(fields, v.Field) {
				continue
			}
			for _, w := range want {
				if match(fold(v.Text), fold(w)) {
					return true
				}
			}
		}
		return false
	}
	ann := d.Type == TypeAnnotation
	if len(q.Kinds) > 0 && !(ann && has([]Field{FieldKind}, q.Kinds, strings.HasPrefix)) ||
		len(q.Statuses) > 0 && !(ann && has([]Field{FieldStatus}, q.Statuses, strings.HasPrefix)) ||
		len(q.Creators) > 0 && !(ann && has([]Field{FieldCreator}, q.Creators, strings.HasPrefix)) ||
		len(q.Tags) > 0 && !(d.Type != TypeSpeaker && has([]Field{FieldTag}, q.Tags, strings.HasPrefix)) {
		return nil, false
	}
	if len(q.Speakers) > 0 {
		switch d.Type {
		case TypeArticle:
			return nil, false
		case TypeSpeaker:
			if !has([]Field{FieldName, FieldAlias}, q.Speakers, strings.Contains) {
				return nil, false
			}
		default:
			if !has([]Field{FieldSpeaker, FieldAlias}, q.Speakers, strings.Contains) {
				return nil, false
			}
		}
	}
	if len(q.In) == 0 {
		return d.Values, true
	}
	var vals []Value
	for _, v := range d.Values {
		for _, in := range q.In {
			ok := false
			for _, sc := range []string{"notes", "quotes", "articles", "speakers", "annotations"} {
				if !strings.HasPrefix(sc, in) {
					continue
				}
				switch sc {
				case "notes":
					ok = ok || v.Field == FieldNote && d.Type != TypeSpeaker
				case "quotes":
					ok = ok || v.Field == FieldQuote && ann
				case "articles":
					ok = ok || d.Type == TypeArticle
				case "speakers":
					ok = ok || d.Type == TypeSpeaker
				case "annotations":
					ok = ok || ann
				}
			}
			if ok {
				vals = append(vals, v)
				break
			}
		}
	}
	return vals, len(vals) > 0
}

// TestFiltersMatchReference checks random filter combinations, with and
// without text, against refFilter and fuzzy.Find, after random updates.
func TestFiltersMatchReference(t *testing.T) {
	arc := genArchive(genOptions{Seed: 31, Annotations: 2000, Articles: 50, Speakers: 30, Tags: 40, Unicode: true})
	r := rand.New(rand.NewPCG(31, 4))
	ix := New()
	live := map[string]Doc{}
	for range 4000 {
		d := arc.Docs[r.IntN(len(arc.Docs))]
		if r.IntN(4) == 0 {
			ix.Delete(d.ID)
			delete(live, d.ID)
			continue
		}
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
		live[d.ID] = d
	}
	g := newGenerator(genOptions{Seed: 31})
	pick := func(from ...string) []string {
		if r.IntN(2) == 0 {
			return nil
		}
		out := []string{from[r.IntN(len(from))]}
		if r.IntN(4) == 0 {
			out = append(out, from[r.IntN(len(from))])
		}
		return out
	}
	tags := []string{"nuclear", "sanctions", "n", "s", "minister", "ukraine-war"}
	found := 0
	defer func() {
		if found < 100 {
			t.Errorf("only %d of 300 queries found anything", found)
		}
	}()
	for i := range 300 {
		q := Query{
			Kinds:    pick("claim", "quote", "cl", "q", "evidence"),
			Statuses: pick("disputed", "false", "s", "unverified"),
			Creators: pick(g.creators...),
			Tags:     pick(tags...),
			Speakers: pick("kim", "álvarez", "lee", "a", "ko", "zz"),
			In:       pick("notes", "quotes", "articles", "speakers", "annotations", "a", "n"),
		}
		q.Text = []string{"", "", "e", "nuc", "minstr", "the", "sanct", "a"}[r.IntN(8)]
		var docs []Doc
		for _, d := range live {
			if vals, ok := refFilter(q, d); ok {
				d.Values = vals
				docs = append(docs, d)
			}
		}
		res, err := ix.Search(context.Background(), q, 40)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) > 0 {
			found++
		}
		if q.Text == "" {
			slices.SortFunc(docs, func(a, b Doc) int {
				if c := b.Time.Compare(a.Time); c != 0 {
					return c
				}
				return strings.Compare(a.ID, b.ID)
			})
			want := make([]string, 0, 40)
			for _, d := range docs[:min(40, len(docs))] {
				want = append(want, d.ID)
			}
			if got := ids(res); !slices.Equal(got, want) {
				t.Fatalf("query %d %+v: got %v, want %v", i, q, got, want)
			}
			for j, r := range res {
				if r.Text != docs[j].Values[0].Text || r.Field != docs[j].Values[0].Field {
					t.Fatalf("query %d %+v: %s lists %s %q, want %s %q", i, q, r.ID, r.Field, r.Text, docs[j].Values[0].Field, docs[j].Values[0].Text)
				}
			}
			continue
		}
		strs, owner := baselineStrings(docs)
		want := baselineTop(q.Text, strs, owner, 40)
		if len(res) != len(want) {
			t.Fatalf("query %d %+v: got %d results, want %d", i, q, len(res), len(want))
		}
		for j, w := range want {
			if got := (baselineHit{res[j].ID, fold(res[j].Text), res[j].Score}); got != w {
				t.Fatalf("query %d %+v: result %d: got %+v, want %+v", i, q, j, got, w)
			}
		}
	}
}
