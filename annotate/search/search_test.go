package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"marginalia/annotate"
)

// testDocs is a small archive: a few notes, quotes, an article with a
// body, and speakers, with accents, typo-prone words and near misses.
func testDocs() []Doc {
	kim := annotate.Speaker{ID: "spk-kim", Name: "Kim Jong Un", Role: "leader"}
	alv := annotate.Speaker{ID: "spk-alv", Name: "José Álvarez", Aliases: []string{"Pepe"}, Role: "farmer"}
	t0 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	ann := func(id, art string, kind annotate.Kind, status annotate.Status, quote, note string, sp *annotate.Speaker, tags []string, creator string, minutes int) Doc {
		a := annotate.Annotation{ID: id, ArticleID: art, Kind: kind, Status: status, Quote: annotate.Quote{Exact: quote},
			Note: note, Tags: tags, Creator: creator, Created: t0.Add(time.Duration(minutes) * time.Minute)}
		return AnnotationDoc(a, sp)
	}
	return []Doc{
		SpeakerDoc(kim),
		SpeakerDoc(alv),
		ArticleDoc(annotate.Article{ID: "art-port", Title: "Harbour city votes to close its coal terminal", Byline: "Ola Berg", Source: "Harbour Gazette",
			Text: "The terminal handled 3.2 million tonnes of coal last year.\n\nDredging of the channel removed silt.", Imported: t0}),
		ArticleDoc(annotate.Article{ID: "art-andes", Title: "Andean glaciers shrinking", Text: "Glaciers in the central Andes lost ice. Satellite images were combined with field measurements.", Imported: t0.Add(time.Hour)}),
		ann("ann-sat", "art-andes", annotate.KindEvidence, "", "Satellite images were combined with field measurements.", "Satellite imagery shows the convoy crossing the river.", nil, []string{"ukraine"}, "olena", 1),
		ann("ann-wash", "art-port", annotate.KindClaim, annotate.StatusDisputed, "Washington said the forces would withdraw.", "Check Washington's figure.", &kim, nil, "dana", 2),
		ann("ann-sanc", "art-port", annotate.KindClaim, annotate.StatusFalse, "New sanctions will halve oil revenue.", "The sanctions figure is wrong.", &alv, []string{"sanctions", "oil"}, "dana", 3),
		ann("ann-q", "art-port", annotate.KindQuestion, "", "The terminal lost money.", "Who audited the terminal accounts?", nil, nil, "mira", 4),
		ann("ann-from", "art-port", annotate.KindNote, "", "Ships from the north.", "from the minister", nil, nil, "mira", 5),
		ann("ann-form", "art-port", annotate.KindNote, "", "A form was filed.", "the form is missing", nil, nil, "lars", 6),
	}
}

func newTestIndex(t *testing.T) (*MemStorage, *Engine) {
	t.Helper()
	st := NewMemStorage()
	if err := Build(st, testDocs(), nil); err != nil {
		t.Fatal(err)
	}
	return st, NewEngine()
}

func ids(res []Result) []string {
	out := make([]string, len(res))
	for i, r := range res {
		out[i] = r.ID
	}
	return out
}

func TestSearchSemantics(t *testing.T) {
	st, eng := newTestIndex(t)
	tests := []struct {
		query string
		first string   // the best result, "" for none
		has   []string // also in the results
		not   []string // never in the results
	}{
		{query: "satellite convoy", first: "ann-sat"},
		{query: "convoy satellite", first: "ann-sat"},                              // any order
		{query: "satelitte", first: "ann-sat", has: []string{"art-andes"}},         // two substitutions, 9 letters
		{query: "sanctoins", first: "ann-sanc"},                                    // a swap of neighbours is one edit
		{query: "sanctons", first: "ann-sanc"},                                     // a deletion
		{query: "satel imag", first: "ann-sat"},                                    // prefixes
		{query: "alvarez", first: "spk-alv", has: []string{"ann-sanc"}},            // accents ignored, speaker on annotations
		{query: "ÁLVAREZ pepe", first: "spk-alv", has: []string{"ann-sanc"}},       // case ignored, alias
		{query: "tonnes", first: "art-port", not: []string{"ann-wash"}},            // article body; never across words
		{query: "dredging silt", first: "art-port"},                                // body only
		{query: "satellite xylophone"},                                             // every word is required
		{query: "zzkq"},                                                            // nothing
		{query: `"imagery shows the convoy"`, first: "ann-sat"},                    // phrase
		{query: `"convoy shows imagery"`},                                          // phrase order matters
		{query: "satellite -convoy", first: "art-andes", not: []string{"ann-sat"}}, // exclusion
		{query: "kind:claim figure", has: []string{"ann-wash", "ann-sanc"}, not: []string{"ann-q"}},
		{query: "status:false figure", first: "ann-sanc", not: []string{"ann-wash"}},
		{query: "speaker:kim figure", first: "ann-wash", not: []string{"ann-sanc"}},
		{query: "tag:sanc oil", first: "ann-sanc"},
		{query: "creator:mira terminal", first: "ann-q", not: []string{"art-port"}},
		{query: "in:notes audited", first: "ann-q"},
		{query: "in:quotes audited"},
		{query: "in:articles terminal", first: "art-port", not: []string{"ann-q"}},
		{query: "harbour city votes to close its coal terminal", first: "art-port"}, // exact title first
		{query: "form", first: "ann-form", has: []string{"ann-from"}},               // exact before a one-edit swap
		{query: "mnstr", first: "ann-from"},                                         // fuzzy inside one word
		{query: "teh"},                                                              // no typos under 4 letters
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := eng.Search(context.Background(), st, ParseQuery(tt.query), 20)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res)
			if tt.first == "" && len(tt.has) == 0 {
				if len(got) != 0 {
					t.Errorf("got %v, want nothing", got)
				}
				return
			}
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("got %v, want %s first", got, tt.first)
			}
			for _, id := range tt.has {
				if !slices.Contains(got, id) {
					t.Errorf("got %v, want %s among them", got, id)
				}
			}
			for _, id := range tt.not {
				if slices.Contains(got, id) {
					t.Errorf("got %v, want no %s", got, id)
				}
			}
			checkResults(t, res)
		})
	}
}

// checkResults fails unless every result is well formed: labelled, its
// match ranges inside the snippet, in order and apart.
func checkResults(t testing.TB, res []Result) {
	t.Helper()
	for _, r := range res {
		if r.ID == "" || r.Kind == "" || r.Type == "" {
			t.Errorf("result %+v: want ID, Kind and Type", r)
		}
		n := utf8.RuneCountInString(r.Text)
		prev := -1
		for _, m := range r.Matches {
			if m[0] < 0 || m[1] > n || m[0] >= m[1] || m[0] <= prev {
				t.Errorf("result %s: match %v in a snippet of %d runes after %d", r.ID, m, n, prev)
			}
			prev = m[1]
		}
	}
}

func TestResultLabels(t *testing.T) {
	st, eng := newTestIndex(t)
	res, err := eng.Search(context.Background(), st, ParseQuery("sanctions halve"), 5)
	if err != nil || len(res) == 0 {
		t.Fatalf("got %v, %v", res, err)
	}
	r := res[0]
	want := Result{Type: TypeAnnotation, ID: "ann-sanc", ArticleID: "art-port", Kind: "claim", Status: "false",
		Title: "Harbour city votes to close its coal terminal", Speaker: "José Álvarez", Field: FieldQuote,
		Text: "New sanctions will halve oil revenue.", Matches: [][2]int{{4, 13}, {19, 24}}}
	r.Score = 0
	if fmt.Sprint(r) != fmt.Sprint(want) {
		t.Errorf("got %+v\nwant %+v", r, want)
	}
}

func TestSnippetOfLongText(t *testing.T) {
	long := strings.Repeat("Filler words about nothing in particular. ", 30) + "The dredger removed silt from the channel. " + strings.Repeat("More filler follows here. ", 30)
	st := NewMemStorage()
	if err := Update(st, []Doc{ArticleDoc(annotate.Article{ID: "a", Title: "T", Text: long})}, nil); err != nil {
		t.Fatal(err)
	}
	res, err := NewEngine().Search(context.Background(), st, ParseQuery("silt dredger"), 5)
	if err != nil || len(res) != 1 {
		t.Fatalf("got %v, %v", res, err)
	}
	r := res[0]
	if n := utf8.RuneCountInString(r.Text); n > snippetRunes+2 {
		t.Errorf("snippet of %d runes, want at most %d", n, snippetRunes+2)
	}
	if !strings.HasPrefix(r.Text, "…") || !strings.HasSuffix(r.Text, "…") {
		t.Errorf("snippet %q: want … at both ends", r.Text)
	}
	rs := []rune(r.Text)
	var marked []string
	for _, m := range r.Matches {
		marked = append(marked, string(rs[m[0]:m[1]]))
	}
	if !slices.Equal(marked, []string{"dredger", "silt"}) {
		t.Errorf("marked %q, want dredger and silt", marked)
	}
	checkResults(t, res)
}

func TestListing(t *testing.T) {
	st, eng := newTestIndex(t)
	res, err := eng.Search(context.Background(), st, ParseQuery("creator:mira"), 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(res), []string{"ann-from", "ann-q"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v (newest first)", got, want)
	}
	res, err = eng.Search(context.Background(), st, ParseQuery("kind:note -form"), 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(res), []string{"ann-from"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want Query
	}{
		{"sanctions oil", Query{Text: "sanctions oil"}},
		{`kind:claim "black sea" -russia`, Query{Text: `"black sea" -russia`, Kinds: []string{"claim"}}},
		{`speaker:"José Álvarez" tag:a|b in:notes status:`, Query{Speakers: []string{"jose alvarez"}, Tags: []string{"a", "b"}, In: []string{"notes"}}},
		{"10:30 http://x", Query{Text: "10:30 http://x"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ParseQuery(tt.in); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseText(t *testing.T) {
	tq := parseText(`Satélite "black  sea" -Russia follow-up "unclosed phrase`)
	var ws []string
	for _, w := range tq.words {
		ws = append(ws, fmt.Sprintf("%s/%v", w.text, w.exact))
	}
	want := []string{"satelite/false", "black/true", "sea/true", "follow/false", "up/false", "unclosed/true", "phrase/true"}
	if !slices.Equal(ws, want) {
		t.Errorf("words %v, want %v", ws, want)
	}
	if fmt.Sprint(tq.phrases) != "[[black sea] [unclosed phrase]]" || fmt.Sprint(tq.excludes) != "[russia]" {
		t.Errorf("phrases %v, excludes %v", tq.phrases, tq.excludes)
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"José Álvarez's farm", "jose[0,4] alvarez[5,12] farm[15,19]"},
		{"1,200 tonnes; 4.2 million.", "1200[0,5] tonnes[6,12] 42[14,17] million[18,25]"},
		{"cafe\u0301 follow-up", "cafe[0,5] follow[6,12] up[13,15]"},
		{"東京 Peña’s", "東[0,1] 京[1,2] pena[3,7]"},
	}
	for _, tt := range tests {
		var got []string
		tokenize(tt.in, func(w []byte, s, e int) { got = append(got, fmt.Sprintf("%s[%d,%d]", w, s, e)) })
		if strings.Join(got, " ") != tt.want {
			t.Errorf("tokenize(%q) = %s, want %s", tt.in, strings.Join(got, " "), tt.want)
		}
	}
}

func TestEditBudget(t *testing.T) {
	sn := &snapshot{terms: []string{"from", "minister", "ministers", "sanctions", "satellite", "the", "washington"}, df: []uint32{1, 1, 1, 1, 1, 1, 1}, n: 7}
	sn.matches = map[string][]termMatch{}
	tests := []struct {
		typed string
		want  []string
	}{
		{"teh", nil},               // 3 letters: no edit
		{"the", []string{"the"}},   // exact
		{"frmo", []string{"from"}}, // 4 letters: a swap of neighbours is one edit
		{"fmor", nil},              // two edits at 4 letters
		{"minster", []string{"minister", "ministers"}}, // one deletion (ministers: prefix within one edit)
		{"satelitte", []string{"satellite"}},           // 9 letters: two edits
		{"sanctoinz", []string{"sanctions"}},           // two edits
		{"sanxtoinz", nil},                             // three edits
		{"mnstr", []string{"minister", "ministers"}},   // fuzzy inside a word
		{"wash", []string{"washington"}},               // prefix
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			var got []string
			for _, m := range sn.matchWord(tt.typed, false) {
				got = append(got, m.term)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestUpdateMatchesBuild applies random puts and deletes one Update at a
// time and checks, after each, that the index is exactly what Build
// writes for the surviving records (Check finds nothing) and that search
// sees the change through the same Engine.
func TestUpdateMatchesBuild(t *testing.T) {
	base := testDocs()
	r := rand.New(rand.NewPCG(1, 2))
	st := NewMemStorage()
	eng := NewEngine()
	live := map[string]Doc{}
	words := []string{"convoy", "grain", "tonnes", "Zürich", "sanctions", "river", "minister", "café"}
	for step := range 200 {
		var put []Doc
		var del []string
		for range 1 + r.IntN(3) {
			d := base[r.IntN(len(base))]
			if r.IntN(4) == 0 {
				del = append(del, d.ID)
				continue
			}
			d.Values = append(slices.Clone(d.Values), Value{FieldNote, words[r.IntN(len(words))] + fmt.Sprint(" step", step)})
			put = append(put, d)
		}
		if err := Update(st, put, del); err != nil {
			t.Fatal(err)
		}
		for _, id := range del {
			delete(live, id)
		}
		for _, d := range put {
			live[d.ID] = d
		}
		var docs []Doc
		for _, d := range live {
			docs = append(docs, d)
		}
		problems, err := Check(st, docs)
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) > 0 {
			t.Fatalf("step %d: %d problems: %v", step, len(problems), problems)
		}
		if len(put) > 0 {
			q := fmt.Sprintf("step%d", step)
			res, err := eng.Search(context.Background(), st, ParseQuery(q), 10)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res); !slices.Contains(got, put[len(put)-1].ID) {
				t.Fatalf("step %d: search %q got %v, want %s", step, q, got, put[len(put)-1].ID)
			}
		}
	}
}

// orderChecker is a Storage that records a write whose key is not above
// the one written before it.
type orderChecker struct {
	*MemStorage
	last  string
	wrote int
	bad   []string
}

func (o *orderChecker) note(key []byte) {
	if o.wrote > 0 && string(key) <= o.last {
		o.bad = append(o.bad, fmt.Sprintf("%q after %q", key, o.last))
	}
	o.last, o.wrote = string(key), o.wrote+1
}

func (o *orderChecker) Put(key, value []byte) error {
	o.note(key)
	return o.MemStorage.Put(key, value)
}

func (o *orderChecker) Delete(key []byte) error {
	o.note(key)
	return o.MemStorage.Delete(key)
}

// TestUpdateWritesInKeyOrder: an update writes each key once, in
// ascending order (a bbolt page moves every key after one put among
// others, so random order costs the square of the number of keys), and
// the index it leaves matches a build.
func TestUpdateWritesInKeyOrder(t *testing.T) {
	base := testDocs()
	st := NewMemStorage()
	if err := Build(st, base[:3], nil); err != nil {
		t.Fatal(err)
	}
	o := &orderChecker{MemStorage: st}
	changed := base[0]
	changed.Values = append(slices.Clone(changed.Values), Value{FieldNote, "harbour pilots"})
	put := append([]Doc{changed}, base[4:]...)
	if err := Update(o, put, []string{base[1].ID}); err != nil {
		t.Fatal(err)
	}
	if o.wrote == 0 || len(o.bad) > 0 {
		t.Fatalf("%d writes, out of order: %v", o.wrote, o.bad)
	}
	problems, err := Check(st, append([]Doc{changed, base[2]}, base[4:]...))
	if err != nil || len(problems) > 0 {
		t.Fatalf("after the update: %v %v", err, problems)
	}
}

func TestCheckFindsProblems(t *testing.T) {
	docs := testDocs()
	tests := []struct {
		name  string
		spoil func(st *MemStorage) []Doc
	}{
		{"record missing from the index", func(st *MemStorage) []Doc {
			return append(slices.Clone(docs), SpeakerDoc(annotate.Speaker{ID: "spk-new", Name: "New"}))
		}},
		{"record deleted from the store", func(st *MemStorage) []Doc { return docs[1:] }},
		{"stale copy", func(st *MemStorage) []Doc {
			d := slices.Clone(docs)
			d[0].Values = append(slices.Clone(d[0].Values), Value{FieldNote, "renamed"})
			return d
		}},
		{"postings lost", func(st *MemStorage) []Doc {
			_ = st.Delete(postKey("satellite", 0))
			return docs
		}},
		{"frequency wrong", func(st *MemStorage) []Doc {
			_ = st.Put(wordKey("satellite"), []byte{99})
			return docs
		}},
		{"index missing", func(st *MemStorage) []Doc {
			_ = clearIndex(st)
			return docs
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := NewMemStorage()
			if err := Build(st, docs, nil); err != nil {
				t.Fatal(err)
			}
			if p, err := Check(st, docs); err != nil || len(p) > 0 {
				t.Fatalf("fresh index: got %v, %v; want no problems", p, err)
			}
			want := tt.spoil(st)
			p, err := Check(st, want)
			if err != nil {
				t.Fatal(err)
			}
			if len(p) == 0 {
				t.Errorf("got no problems, want some")
			}
		})
	}
}

// TestEngineFollowsGeneration: an Engine that searched one state of the
// index answers for another state it is given, newer or older, and a
// rolled-back write that reused a counter value is not mistaken for it.
func TestEngineFollowsGeneration(t *testing.T) {
	docs := testDocs()
	a := NewMemStorage()
	if err := Build(a, docs, nil); err != nil {
		t.Fatal(err)
	}
	copyOf := func(m *MemStorage) *MemStorage {
		c := NewMemStorage()
		_ = m.Ascend(nil, func(k, v []byte) bool { _ = c.Put(k, slices.Clone(v)); return true })
		return c
	}
	b, c := copyOf(a), copyOf(a)
	extra := func(id, note string) Doc {
		return Doc{Type: TypeAnnotation, ID: id, ArticleID: "art-port", Values: []Value{{FieldNote, note}}}
	}
	if err := Update(b, []Doc{extra("ann-b", "quokka")}, nil); err != nil {
		t.Fatal(err)
	}
	if err := Update(c, []Doc{extra("ann-c", "wombat")}, nil); err != nil {
		t.Fatal(err)
	}
	eng := NewEngine()
	for _, step := range []struct {
		st    *MemStorage
		query string
		want  []string
	}{
		{a, "quokka", nil},
		{b, "quokka", []string{"ann-b"}},
		{c, "quokka", nil}, // same counter as b, another write
		{c, "wombat", []string{"ann-c"}},
		{a, "wombat", nil},
	} {
		res, err := eng.Search(context.Background(), step.st, ParseQuery(step.query), 5)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); !slices.Equal(got, step.want) && len(got)+len(step.want) > 0 {
			t.Errorf("%q: got %v, want %v", step.query, got, step.want)
		}
	}
}

func TestIndexOldAPI(t *testing.T) {
	ix := New()
	if err := ix.Put(testDocs()...); err != nil {
		t.Fatal(err)
	}
	if got, want := ix.Len(), len(testDocs()); got != want {
		t.Errorf("Len got %d, want %d", got, want)
	}
	ix.Delete("ann-sat")
	res, err := ix.Search(context.Background(), ParseQuery("convoy"), 5)
	if err != nil || len(res) != 0 {
		t.Errorf("after Delete: got %v, %v; want nothing", ids(res), err)
	}
	if err := ix.Put(Doc{Type: "bogus", ID: "x"}); err == nil {
		t.Error("Put of an unknown type: got no error")
	}
}

func TestContextCancelled(t *testing.T) {
	st, eng := newTestIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := eng.Search(ctx, st, ParseQuery("satellite"), 5); err == nil {
		t.Error("got no error from a cancelled context")
	}
}

// TestKthScore checks the quickselect against a sort on random scores
// with many ties.
func TestKthScore(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for range 500 {
		n := 1 + r.IntN(300)
		k := 1 + r.IntN(n)
		sc := &scratch{best: make([]float32, n)}
		var cands []uint32
		for i := range n {
			sc.best[i] = float32(r.IntN(20))
			cands = append(cands, uint32(i))
		}
		got := (&search{sc: sc}).kthScore(cands, k)
		xs := slices.Clone(sc.best)
		slices.Sort(xs)
		if want := xs[n-k]; got != want {
			t.Fatalf("n %d, k %d: got %v, want %v", n, k, got, want)
		}
	}
}

// osa is the optimal string alignment distance, for the brute force.
func osa(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// TestMatchWordBruteForce compares the vocabulary walk with the edit
// distance computed word by word, on random small vocabularies.
func TestMatchWordBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	letters := []rune("abcdeé")
	word := func(n int) string {
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = letters[r.IntN(len(letters))]
		}
		return string(rs)
	}
	for round := range 500 {
		set := map[string]bool{}
		for range 1 + r.IntN(60) {
			set[word(1+r.IntN(9))] = true
		}
		sn := &snapshot{n: 1 << 30, matches: map[string][]termMatch{}}
		for w := range set {
			sn.terms = append(sn.terms, w)
		}
		slices.Sort(sn.terms)
		sn.df = make([]uint32, len(sn.terms))
		for i := range sn.df {
			sn.df[i] = 1
		}
		typed := word(1 + r.IntN(9))
		wr := []rune(typed)
		k := editBudget(len(wr))
		var want []string
		for _, tm := range sn.terms {
			tr := []rune(tm)
			ok := osa(wr, tr) <= k || k == 0 && strings.HasPrefix(tm, typed)
			for d := max(2, len(wr)-1); k > 0 && d < len(tr) && !ok; d++ {
				ok = osa(wr, tr[:d]) <= k
			}
			if ok {
				want = append(want, tm)
			}
		}
		if len(want) == 0 && len(wr) >= minFuzzyRunes {
			for _, tm := range sn.terms {
				tr := []rune(tm)
				if tr[0] == wr[0] && len(tm) > len(typed) && len(tr) <= 3*len(wr) && subsequence(typed, tm) {
					want = append(want, tm)
				}
			}
		}
		var got []string
		for _, m := range sn.matchWordUncached(typed, false) {
			got = append(got, m.term)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: %q in %v: got %v, want %v", round, typed, sn.terms, got, want)
		}
	}
}

func TestEmptyIndex(t *testing.T) {
	st := NewMemStorage()
	for _, q := range []string{"", "satellite", "kind:claim", `"a b" -c`} {
		res, err := NewEngine().Search(context.Background(), st, ParseQuery(q), 5)
		if err != nil || len(res) != 0 {
			t.Errorf("%q: got %v, %v; want nothing", q, res, err)
		}
	}
	if p, err := Check(st, nil); err != nil || len(p) != 0 {
		t.Errorf("Check of nothing: got %v, %v", p, err)
	}
	if p, _ := Check(st, testDocs()[:1]); len(p) == 0 {
		t.Error("Check of a missing index: got no problem")
	}
}

// TestConcurrentSearch searches from several goroutines through one
// Engine while an Index takes updates (run with -race).
func TestConcurrentSearch(t *testing.T) {
	ix := New()
	if err := ix.Put(testDocs()...); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				res, err := ix.Search(context.Background(), ParseQuery([]string{"satelite", "figure", "kind:claim", "terminal"}[(g+i)%4]), 5)
				if err != nil {
					errs <- err
					return
				}
				checkResults(t, res)
			}
		}()
	}
	for i := range 200 {
		d := Doc{Type: TypeAnnotation, ID: fmt.Sprintf("n-%d", i%20), ArticleID: "art-port", Values: []Value{{FieldNote, fmt.Sprintf("figure %d", i)}}}
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			ix.Delete(d.ID)
		}
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
