package searchtest

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/sahilm/fuzzy"

	"marginalia/annotate"
	"marginalia/annotate/search"
)

// Docs returns the searchable form of every record of the archive:
// speakers, articles (with their text), annotations.
func Docs(arc *Archive) []search.Doc {
	spk := arc.SpeakerByID()
	docs := make([]search.Doc, 0, len(arc.Speakers)+len(arc.Articles)+len(arc.Annotations))
	for _, s := range arc.Speakers {
		docs = append(docs, search.SpeakerDoc(s))
	}
	for _, a := range arc.Articles {
		docs = append(docs, search.ArticleDoc(a))
	}
	for _, a := range arc.Annotations {
		docs = append(docs, search.AnnotationDoc(a, spk[a.SpeakerID]))
	}
	return docs
}

// FuzzyBaseline is the search Marginalia had before: github.com/sahilm/fuzzy
// over the folded values of every record (annotations: quote, note,
// speaker, aliases, tags, kind, status, creator; articles: title, source,
// byline, note, tags, not the text; speakers: name, aliases, role,
// affiliation), a record scored by its best value, with the same
// filters.
type FuzzyBaseline struct {
	recs []baseRec
}

type baseRec struct {
	id, typ               string
	kind, status, creator string
	tags, speakers        []string
	values                []string // folded
	masks                 []uint64 // runeMask of each value
	fields                []string
}

// NewFuzzyBaseline prepares the baseline over an archive.
func NewFuzzyBaseline(arc *Archive) *FuzzyBaseline {
	b := &FuzzyBaseline{}
	spk := arc.SpeakerByID()
	f := annotate.Fold
	add := func(r *baseRec, field, v string) {
		if v != "" {
			fv := f(v)
			r.values = append(r.values, fv)
			r.masks = append(r.masks, runeMask(fv))
			r.fields = append(r.fields, field)
		}
	}
	for _, s := range arc.Speakers {
		r := baseRec{id: s.ID, typ: "speaker", speakers: append([]string{f(s.Name)}, foldAll(s.Aliases)...)}
		add(&r, "name", s.Name)
		for _, a := range s.Aliases {
			add(&r, "alias", a)
		}
		add(&r, "role", s.Role)
		add(&r, "affiliation", s.Affiliation)
		b.recs = append(b.recs, r)
	}
	for _, a := range arc.Articles {
		r := baseRec{id: a.ID, typ: "article", tags: foldAll(a.Tags)}
		add(&r, "title", a.Title)
		add(&r, "source", a.Source)
		add(&r, "byline", a.Byline)
		add(&r, "note", a.Note)
		for _, t := range a.Tags {
			add(&r, "tag", t)
		}
		b.recs = append(b.recs, r)
	}
	for _, a := range arc.Annotations {
		r := baseRec{id: a.ID, typ: "annotation", kind: string(a.Kind), status: string(a.Status), creator: f(a.Creator), tags: foldAll(a.Tags)}
		add(&r, "quote", a.Quote.Exact)
		add(&r, "note", a.Note)
		if s := spk[a.SpeakerID]; s != nil {
			r.speakers = append([]string{f(s.Name)}, foldAll(s.Aliases)...)
			add(&r, "speaker", s.Name)
			for _, al := range s.Aliases {
				add(&r, "alias", al)
			}
		}
		for _, t := range a.Tags {
			add(&r, "tag", t)
		}
		add(&r, "kind", string(a.Kind))
		add(&r, "status", string(a.Status))
		add(&r, "creator", a.Creator)
		b.recs = append(b.recs, r)
	}
	return b
}

func foldAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = annotate.Fold(x)
	}
	return out
}

func anyPrefix(s string, ws []string) bool {
	return slices.ContainsFunc(ws, func(w string) bool { return strings.HasPrefix(s, w) })
}

// Search returns the IDs of the best records for a query typed in the
// search box, at most limit.
func (b *FuzzyBaseline) Search(text string, limit int) []string {
	q := search.ParseQuery(text)
	pat := annotate.Fold(strings.ReplaceAll(q.Text, `"`, ""))
	var vals []string
	var owner []int
	pm := runeMask(pat)
	for i := range b.recs {
		r := &b.recs[i]
		if !b.passes(r, &q) {
			continue
		}
		for k, v := range r.values {
			// A value without every rune of the pattern cannot hold it as
			// a subsequence: fuzzy.Find would not match it either.
			if r.masks[k]&pm == pm && inScope(r, r.fields[k], q.In) {
				vals = append(vals, v)
				owner = append(owner, i)
			}
		}
	}
	best := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	const parts = 2
	for p := range parts {
		lo, hi := p*len(vals)/parts, (p+1)*len(vals)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			// fuzzy.Find matches only strings that hold the pattern as a
			// subsequence: checking that first (a vectorised byte search)
			// gives the same answer several times faster.
			var sub []string
			var at []int
			for k := lo; k < hi; k++ {
				if isSubsequence(pat, vals[k]) {
					sub = append(sub, vals[k])
					at = append(at, k)
				}
			}
			ms := fuzzy.Find(pat, sub)
			mu.Lock()
			defer mu.Unlock()
			for _, m := range ms {
				i := owner[at[m.Index]]
				if s, ok := best[i]; !ok || m.Score > s {
					best[i] = m.Score
				}
			}
		}()
	}
	wg.Wait()
	type hit struct{ i, score int }
	hits := make([]hit, 0, len(best))
	for i, s := range best {
		hits = append(hits, hit{i, s})
	}
	slices.SortFunc(hits, func(x, y hit) int {
		if x.score != y.score {
			return cmp.Compare(y.score, x.score)
		}
		return strings.Compare(b.recs[x.i].id, b.recs[y.i].id)
	})
	var ids []string
	for _, h := range hits[:min(limit, len(hits))] {
		ids = append(ids, b.recs[h.i].id)
	}
	return ids
}

func (b *FuzzyBaseline) passes(r *baseRec, q *search.Query) bool {
	if len(q.Kinds) > 0 && !anyPrefix(r.kind, q.Kinds) ||
		len(q.Statuses) > 0 && !anyPrefix(r.status, q.Statuses) ||
		len(q.Creators) > 0 && !anyPrefix(r.creator, q.Creators) {
		return false
	}
	if len(q.Tags) > 0 && !slices.ContainsFunc(r.tags, func(t string) bool { return anyPrefix(t, q.Tags) }) {
		return false
	}
	if len(q.Speakers) > 0 && !slices.ContainsFunc(r.speakers, func(s string) bool {
		return slices.ContainsFunc(q.Speakers, func(w string) bool { return strings.Contains(s, w) })
	}) {
		return false
	}
	return true
}

func inScope(r *baseRec, field string, in []string) bool {
	if len(in) == 0 {
		return true
	}
	for _, name := range in {
		for _, sc := range []string{"notes", "quotes", "articles", "speakers", "annotations"} {
			if !strings.HasPrefix(sc, name) {
				continue
			}
			switch {
			case sc == "notes" && field == "note",
				sc == "quotes" && field == "quote",
				sc == "articles" && r.typ == "article",
				sc == "speakers" && r.typ == "speaker",
				sc == "annotations" && r.typ == "annotation":
				return true
			}
		}
	}
	return false
}

// isSubsequence reports whether the runes of p occur in order in s.
func isSubsequence(p, s string) bool {
	for _, r := range p {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+len(string(r)):]
	}
	return true
}

// runeMask returns a bit for each kind of rune in s: one per ASCII letter
// and digit, shared bits for the rest.
func runeMask(s string) uint64 {
	var m uint64
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z':
			m |= 1 << (r - 'a')
		case 'A' <= r && r <= 'Z':
			m |= 1 << (r - 'A')
		case '0' <= r && r <= '9':
			m |= 1 << (26 + r - '0')
		default:
			m |= 1 << (36 + r%28)
		}
	}
	return m
}
