package agree

import (
	"errors"
	"fmt"
	"slices"

	"marginalia/annotate"
)

// Errors of Compute, checked with errors.Is.
var (
	// ErrTooFewCreators: fewer than two of the chosen creators annotated
	// the chosen articles, so there is no one to agree with.
	ErrTooFewCreators = errors.New("agreement needs annotations by two or more creators")
	// ErrNoSharedArticle: no chosen article was annotated by two of the
	// chosen creators.
	ErrNoSharedArticle = errors.New("no article was annotated by two of the chosen creators")
	// ErrBadInput: an annotated article has no length, or a span lies
	// outside its article.
	ErrBadInput = errors.New("invalid agreement input")
)

// Options chooses what Compute measures. Empty lists mean all.
type Options struct {
	Articles []string `json:"articles,omitempty"` // article IDs
	Creators []string `json:"creators,omitempty"` // creator names, exactly as recorded
}

// KindAlpha is the unitizing alpha of one kind of annotation.
type KindAlpha struct {
	Kind annotate.Kind `json:"kind"`
	Alpha
}

// Unitizing is u-alpha over all kinds and per kind. Kinds lists every
// kind that occurs in the report's shared articles, in display order, so
// that all parts of a report have the same columns; a kind without units
// in a part is there with Defined false.
type Unitizing struct {
	Overall Alpha       `json:"overall"`
	Kinds   []KindAlpha `json:"kinds"`
}

// Kind returns the alpha of kind k and whether k is listed.
func (u Unitizing) Kind(k annotate.Kind) (Alpha, bool) {
	for _, ka := range u.Kinds {
		if ka.Kind == k {
			return ka.Alpha, true
		}
	}
	return Alpha{}, false
}

// Verdicts is the kappa on the verdicts of matched claims (see the
// package documentation), with the number of claim groups that could not
// be matched because a creator had two or more claims in them.
type Verdicts struct {
	Kappa
	Ambiguous int `json:"ambiguous"`
}

// Pair is the agreement of two creators over the articles both annotated.
type Pair struct {
	A        string    `json:"a"`
	B        string    `json:"b"`
	Articles int       `json:"articles"`
	Alpha    Unitizing `json:"alpha"`
	Verdicts Verdicts  `json:"verdicts"`
}

// ArticleAgreement is the agreement on one article among the chosen
// creators who annotated it.
type ArticleAgreement struct {
	ArticleID string    `json:"article_id"`
	Creators  []string  `json:"creators"`
	Alpha     Unitizing `json:"alpha"`
	Verdicts  Verdicts  `json:"verdicts"`
}

// Report is the agreement of a team over a library. Alpha and Verdicts
// pool the shared articles: those at least two of the chosen creators
// annotated. Verdicts is Cohen's kappa with two creators, Fleiss' with
// more.
type Report struct {
	Creators   []string           `json:"creators"`         // chosen creators with annotations, sorted
	Absent     []string           `json:"absent,omitempty"` // chosen creators without any
	Articles   int                `json:"articles"`         // shared articles
	Alpha      Unitizing          `json:"alpha"`
	Verdicts   Verdicts           `json:"verdicts"`
	Pairs      []Pair             `json:"pairs"`       // every pair of Creators, in order
	PerArticle []ArticleAgreement `json:"per_article"` // shared articles by ID
}

// Compute measures agreement among the creators of anns. lengths gives
// each article's text length in runes (annotate.RuneLen of its Text): the
// continuum u-alpha measures on. Annotations without a creator, outside
// the chosen articles or by creators not chosen are ignored; a creator
// who annotated an article at all is taken to have read all of it.
func Compute(anns []annotate.Annotation, lengths map[string]int, opt Options) (Report, error) {
	wantArticle := set(opt.Articles)
	wantCreator := set(opt.Creators)
	byArticle := map[string][]int{}
	present := map[string]bool{}
	for i := range anns {
		a := &anns[i]
		if a.Creator == "" || wantArticle != nil && !wantArticle[a.ArticleID] || wantCreator != nil && !wantCreator[a.Creator] {
			continue
		}
		byArticle[a.ArticleID] = append(byArticle[a.ArticleID], i)
		present[a.Creator] = true
	}
	var rep Report
	for c := range present {
		rep.Creators = append(rep.Creators, c)
	}
	slices.Sort(rep.Creators)
	for _, c := range opt.Creators {
		if !present[c] && !slices.Contains(rep.Absent, c) {
			rep.Absent = append(rep.Absent, c)
		}
	}
	if len(opt.Creators) == 1 {
		return rep, fmt.Errorf("%w: only %q was chosen", ErrTooFewCreators, opt.Creators[0])
	}
	switch len(rep.Creators) {
	case 0:
		return rep, fmt.Errorf("%w: the chosen articles have no annotations by the chosen creators", ErrTooFewCreators)
	case 1:
		return rep, fmt.Errorf("%w: only %q annotated the chosen articles", ErrTooFewCreators, rep.Creators[0])
	}
	creatorIndex := make(map[string]int, len(rep.Creators))
	for i, c := range rep.Creators {
		creatorIndex[c] = i
	}

	lib, err := newLibrary(anns, byArticle, lengths, creatorIndex)
	if err != nil {
		return rep, err
	}
	if len(lib.articles) == 0 {
		return rep, fmt.Errorf("%w (%d creators, %d articles)", ErrNoSharedArticle, len(rep.Creators), len(byArticle))
	}
	rep.Articles = len(lib.articles)

	all := make([]int, len(rep.Creators))
	for i := range all {
		all[i] = i
	}
	rep.Alpha = lib.alpha(all, nil)
	rep.Verdicts = lib.verdicts(all, nil)
	for x := range rep.Creators {
		for y := x + 1; y < len(rep.Creators); y++ {
			p := Pair{A: rep.Creators[x], B: rep.Creators[y]}
			only := []int{x, y}
			for ai := range lib.articles {
				if lib.articles[ai].local[x] >= 0 && lib.articles[ai].local[y] >= 0 {
					p.Articles++
				}
			}
			p.Alpha = lib.alpha(only, nil)
			p.Verdicts = lib.verdicts(only, nil)
			rep.Pairs = append(rep.Pairs, p)
		}
	}
	for ai := range lib.articles {
		art := &lib.articles[ai]
		aa := ArticleAgreement{ArticleID: art.id}
		for _, c := range art.raters {
			aa.Creators = append(aa.Creators, rep.Creators[c])
		}
		aa.Alpha = lib.alpha(art.raters, []int{ai})
		aa.Verdicts = lib.verdicts(art.raters, []int{ai})
		rep.PerArticle = append(rep.PerArticle, aa)
	}
	return rep, nil
}

func set(xs []string) map[string]bool {
	if len(xs) == 0 {
		return nil
	}
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// library is the shared articles of a report, prepared once for all its
// figures.
type library struct {
	articles []article
	kinds    []annotate.Kind // categories, in display order
	statuses []annotate.Status
	items    []item
}

// article is one shared article: its chosen raters (creator indices) and
// each rater's merged units per kind.
type article struct {
	id     string
	length int
	raters []int // creator indices, ascending
	local  []int // creator index -> place in raters, or -1
	tracks [][]ival
	items  []int // indices into library.items
}

// item is a group of overlapping claims: per creator the number of claims
// in it and, when that is one, its verdict's index in statuses.
type item struct {
	article  int
	claims   []int
	verdicts []int
}

func newLibrary(anns []annotate.Annotation, byArticle map[string][]int, lengths map[string]int, creatorIndex map[string]int) (*library, error) {
	lib := &library{statuses: annotate.Statuses()}
	ids := make([]string, 0, len(byArticle))
	for id, idx := range byArticle {
		c0 := anns[idx[0]].Creator
		if slices.ContainsFunc(idx, func(i int) bool { return anns[i].Creator != c0 }) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	kindSeen := map[annotate.Kind]bool{}
	for _, id := range ids {
		n, ok := lengths[id]
		if !ok || n <= 0 {
			return nil, fmt.Errorf("%w: no text length for article %s", ErrBadInput, id)
		}
		for _, i := range byArticle[id] {
			a := &anns[i]
			if a.Span.Start < 0 || a.Span.End <= a.Span.Start || a.Span.End > n {
				return nil, fmt.Errorf("%w: annotation %s: span %d-%d outside article %s of %d characters",
					ErrBadInput, a.ID, a.Span.Start, a.Span.End, id, n)
			}
			kindSeen[a.Kind] = true
		}
	}
	for _, k := range annotate.Kinds() {
		if kindSeen[k] {
			lib.kinds = append(lib.kinds, k)
			delete(kindSeen, k)
		}
	}
	var odd []annotate.Kind
	for k := range kindSeen {
		odd = append(odd, k)
	}
	slices.Sort(odd)
	lib.kinds = append(lib.kinds, odd...)
	kindIndex := make(map[annotate.Kind]int, len(lib.kinds))
	for i, k := range lib.kinds {
		kindIndex[k] = i
	}

	ncreators := len(creatorIndex)
	creatorOf := make([]int, len(anns)) // annotation index -> creator index
	var claimIdx []int
	for _, id := range ids {
		for _, i := range byArticle[id] {
			creatorOf[i] = creatorIndex[anns[i].Creator]
		}
		art := article{id: id, length: lengths[id], local: make([]int, ncreators)}
		for i := range art.local {
			art.local[i] = -1
		}
		for _, i := range byArticle[id] {
			art.local[creatorOf[i]] = 0
		}
		for c, l := range art.local {
			if l == 0 {
				art.local[c] = len(art.raters)
				art.raters = append(art.raters, c)
			}
		}
		m := len(art.raters)
		art.tracks = make([][]ival, len(lib.kinds)*m)
		for _, i := range byArticle[id] {
			a := &anns[i]
			k := kindIndex[a.Kind]*m + art.local[creatorOf[i]]
			art.tracks[k] = append(art.tracks[k], ival{a.Span.Start, a.Span.End})
			if a.Kind == annotate.KindClaim {
				claimIdx = append(claimIdx, i)
			}
		}
		for k := range art.tracks {
			art.tracks[k] = mergeOverlaps(art.tracks[k])
		}
		lib.articles = append(lib.articles, art)
	}

	articleIndex := make(map[string]int, len(ids))
	for i, id := range ids {
		articleIndex[id] = i
	}
	for _, g := range components(anns, claimIdx) {
		it := item{article: articleIndex[anns[g[0]].ArticleID], claims: make([]int, ncreators), verdicts: make([]int, ncreators)}
		art := &lib.articles[it.article]
		art.items = append(art.items, len(lib.items))
		for _, i := range g {
			c := creatorOf[i]
			it.claims[c]++
			it.verdicts[c] = lib.statusIndex(verdict(&anns[i]))
		}
		lib.items = append(lib.items, it)
	}
	return lib, nil
}

// statusIndex returns s's place in statuses, adding a status the model
// does not know so that it still counts as a category of its own.
func (lib *library) statusIndex(s annotate.Status) int {
	if i := slices.Index(lib.statuses, s); i >= 0 {
		return i
	}
	lib.statuses = append(lib.statuses, s)
	return len(lib.statuses) - 1
}

// alpha computes u-alpha for the creators in raters (indices, ascending)
// over the given articles (indices; nil for all), counting in each article
// only those of raters who annotated it, and only articles where two did.
func (lib *library) alpha(raters []int, articles []int) Unitizing {
	st := newStudy(len(lib.kinds))
	tracks := make([][]ival, 0, len(raters))
	sections := 0
	each(articles, len(lib.articles), func(ai int) {
		art := &lib.articles[ai]
		var local []int
		for _, c := range raters {
			if art.local[c] >= 0 {
				local = append(local, art.local[c])
			}
		}
		if len(local) < 2 {
			return
		}
		m := len(art.raters)
		for k := range lib.kinds {
			tracks = tracks[:0]
			for _, l := range local {
				tracks = append(tracks, art.tracks[k*m+l])
			}
			st.add(k, 0, art.length, tracks)
		}
		st.addSection(art.length, len(local))
		sections++
	})
	u := Unitizing{Kinds: make([]KindAlpha, len(lib.kinds))}
	if sections == 0 {
		u.Overall = Alpha{Note: "no shared article"}
		for i, k := range lib.kinds {
			u.Kinds[i] = KindAlpha{Kind: k, Alpha: Alpha{Note: "no shared article"}}
		}
		return u
	}
	res := st.result()
	u.Overall = res.overall
	for i, k := range lib.kinds {
		u.Kinds[i] = KindAlpha{Kind: k, Alpha: res.cats[i]}
	}
	return u
}

// verdicts computes the kappa on verdicts of the creators in raters over
// the claim groups of the given articles (nil for all): Cohen's for two
// creators, Fleiss' for more. A group counts as an item when two or more
// of raters have exactly one claim in it; it is ambiguous when one of
// them has two or more and at least two have claims.
func (lib *library) verdicts(raters []int, articles []int) Verdicts {
	var v Verdicts
	ns := len(lib.statuses)
	var cohen [][]int
	var fleiss [][]int
	if len(raters) == 2 {
		cohen = make([][]int, ns)
		for i := range cohen {
			cohen[i] = make([]int, ns)
		}
	}
	visit := func(it *item) {
		single, claimed, multi := 0, 0, false
		for _, c := range raters {
			switch n := it.claims[c]; {
			case n == 1:
				single++
				claimed++
			case n > 1:
				claimed++
				multi = true
			}
		}
		if multi && claimed >= 2 {
			v.Ambiguous++
		}
		switch {
		case single < 2:
		case cohen != nil:
			cohen[it.verdicts[raters[0]]][it.verdicts[raters[1]]]++
		default:
			row := make([]int, ns)
			for _, c := range raters {
				if it.claims[c] == 1 {
					row[it.verdicts[c]]++
				}
			}
			fleiss = append(fleiss, row)
		}
	}
	if articles == nil {
		for i := range lib.items {
			visit(&lib.items[i])
		}
	}
	for _, a := range articles {
		for _, i := range lib.articles[a].items {
			visit(&lib.items[i])
		}
	}
	var err error
	if cohen != nil {
		v.Kappa, err = CohenKappa(cohen)
	} else {
		v.Kappa, err = FleissKappa(fleiss)
	}
	if err != nil {
		// The tables are built square and non-negative above.
		panic(fmt.Sprintf("agree: %v", err))
	}
	if v.Items == 0 {
		v.Note = "no matched claims: no overlapping claims by two creators with one claim each"
	}
	return v
}

// each calls f for each index in idx, or for 0..n-1 when idx is nil.
func each(idx []int, n int, f func(int)) {
	if idx == nil {
		for i := range n {
			f(i)
		}
		return
	}
	for _, i := range idx {
		f(i)
	}
}
