package store

import (
	"fmt"
	"slices"
	"strconv"

	"marginalia/annotate"
	"marginalia/annotate/anchor"
)

// Versions in a merge.
//
// Two copies of an article share versions when their texts' hashes agree
// (versions are numbered alike by whoever imported them). Merging compares
// the bundle's latest text with the stored article's versions:
//   - the same latest text: the versions the database lacks are added;
//   - the bundle's latest is an earlier version here (the bundle is
//     behind): its annotations on that version are carried to the latest
//     here, as a new version would carry them (annotate/anchor), or stay
//     on it as orphans when they cannot be placed with confidence;
//   - the stored latest is an earlier version in the bundle (the bundle is
//     ahead): the bundle's later versions are added and become the
//     latest, and the stored annotations left on the old latest are
//     carried over;
//   - otherwise the two have diverged (each imported another update): the
//     stored text stays, a conflict is reported, and the bundle's
//     annotations on texts the database does not have are left out, each
//     reported.

// versionPlan is what a merge does with one stored article's versions.
type versionPlan struct {
	articleID string
	add       []annotate.ArticleVersion // earlier versions to store
	ahead     *annotate.Article         // the bundle's latest, to become the stored latest
	carryFrom int                       // stored annotations on this version move to the new latest
}

// knownTexts maps the text hashes of a stored article's versions to their
// numbers, the latest included.
func (m *merger) knownTexts(a annotate.Article) (map[string]int, error) {
	vs, err := m.tx.ArticleVersions(a.ID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(vs))
	for _, v := range vs {
		out[v.TextHash] = v.N
	}
	return out, nil
}

// bundleVersions returns the bundle's earlier versions of its article id,
// by number.
func (m *merger) bundleVersions(id string) map[int]annotate.ArticleVersion {
	out := map[int]annotate.ArticleVersion{}
	for _, v := range m.b.Versions {
		if v.ArticleID == id {
			out[v.N] = v
		}
	}
	return out
}

// resolveVersions compares bundle article a with the stored article old
// (the same article) and plans what to write; it records, for the
// bundle's annotations on a, which bundle versions the database does not
// have (they are left out).
func (m *merger) resolveVersions(old, a annotate.Article) error {
	if old.TextHash == a.TextHash && len(m.b.Versions) == 0 && old.CurrentVersion() == 1 && a.CurrentVersion() == 1 {
		return nil // the common case: one version each, the same
	}
	known, err := m.knownTexts(old)
	if err != nil {
		return err
	}
	theirs := m.bundleVersions(a.ID)
	theirs[a.CurrentVersion()] = annotate.ArticleVersion{ArticleID: a.ID, N: a.CurrentVersion(), Title: a.Title, Source: a.Source, URL: a.URL,
		Imported: a.Imported, Text: a.Text, TextHash: a.TextHash}
	plan := versionPlan{articleID: old.ID}
	unknown := map[int]bool{}
	numbers := slices.Sorted(mapsKeys(theirs))
	for _, n := range numbers {
		v := theirs[n]
		switch k, ok := known[v.TextHash]; {
		case ok && k != n:
			m.conflict(&m.report.Articles, annotate.RecordArticle, old.ID, KeptDatabase, "the bundle numbers a version %d that is version %d here", n, k)
			unknown[n] = true
		case ok:
		case n < old.CurrentVersion():
			if _, taken := numbered(known, n); taken {
				m.conflict(&m.report.Articles, annotate.RecordArticle, old.ID, KeptDatabase, "the bundle has another text as version %d", n)
				unknown[n] = true
				continue
			}
			v.ArticleID = old.ID
			plan.add = append(plan.add, v)
		}
	}
	latest := a.CurrentVersion()
	switch k, ok := known[a.TextHash]; {
	case ok && k == old.CurrentVersion():
		// The same latest text.
	case ok:
		// The bundle is behind: its annotations on its latest are on
		// our version k; they are carried to our latest in
		// resolveAnnotations.
	case known[theirs[old.CurrentVersion()].TextHash] == old.CurrentVersion() && latest > old.CurrentVersion():
		// The bundle is ahead: its versions after ours are added, its
		// latest becomes ours.
		for n := old.CurrentVersion() + 1; n < latest; n++ {
			v := theirs[n]
			if v.TextHash == "" {
				return mergeRefused("article %s: the bundle lacks version %d", a.ID, n)
			}
			v.ArticleID = old.ID
			plan.add = append(plan.add, v)
		}
		next := a
		next.ID = old.ID
		plan.ahead = &next
		plan.carryFrom = old.CurrentVersion()
		m.note(ActionUpdated, annotate.RecordArticle, old.ID, old.ID, fmt.Sprintf("%s (version %d)", a.Title, latest))
		m.report.Articles.Updated++
	default:
		m.conflict(&m.report.Articles, annotate.RecordArticle, old.ID, KeptDatabase,
			"the bundle has another version %d of this article (the versions diverged); the stored text stays", latest)
		unknown[latest] = true
	}
	if len(unknown) > 0 {
		m.unknownVersions[a.ID] = unknown
	}
	if len(plan.add) > 0 || plan.ahead != nil {
		m.versionPlans = append(m.versionPlans, plan)
	}
	return nil
}

func numbered(known map[string]int, n int) (string, bool) {
	for h, k := range known {
		if k == n {
			return h, true
		}
	}
	return "", false
}

func mapsKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// carryIncoming places a bundle annotation anchored to an earlier version
// here onto the stored latest, as a new version would; one that cannot be
// placed with confidence stays on its version.
func (m *merger) carryIncoming(n annotate.Annotation, latest int) (annotate.Annotation, error) {
	if n.VersionOf() >= latest {
		return n, nil
	}
	// One diff per article and version, not per annotation: a bundle
	// behind by a version carries all its annotations across the same two
	// texts.
	key := n.ArticleID + "@" + strconv.Itoa(n.VersionOf())
	r := m.reanchorers[key]
	if r == nil {
		oldText, err := m.tx.VersionText(n.ArticleID, n.VersionOf())
		if err != nil {
			return n, err
		}
		newText, err := m.tx.ArticleText(n.ArticleID)
		if err != nil {
			return n, err
		}
		r = anchor.NewReanchorer(oldText.String(), newText.String(), anchor.Options{})
		m.reanchorers[key] = r
	}
	p := r.Place(n.Span, n.Quote)
	if !p.Placed() {
		return n, nil
	}
	moved := n
	moved.Span, moved.Quote, moved.Version = p.Span, p.Quote, latest
	moved.Anchor = &annotate.Anchoring{Method: p.Method.String(), Confidence: min(max(p.Confidence, 0), 1), From: n.VersionOf()}
	if p.Changed {
		moved.Anchor.OldQuote = n.Quote.Exact
	}
	return moved, nil
}

// writeVersions stores the planned versions, makes the bundle's latest
// text the stored latest where the bundle was ahead, and carries the
// stored annotations left on the old latest over to it.
func (m *merger) writeVersions() error {
	for _, p := range m.versionPlans {
		for _, v := range p.add {
			if err := putJSON(m.tx.versions, string(versionKey(v.ArticleID, v.N)), v); err != nil {
				return err
			}
			if err := m.tx.textHash.Put([]byte(v.TextHash), []byte(v.ArticleID)); err != nil {
				return fmt.Errorf("index version text: %w", err)
			}
		}
		if p.ahead == nil {
			continue
		}
		anns, err := m.tx.AnnotationsOf(p.articleID)
		if err != nil {
			return err
		}
		// The stored annotations the bundle did not carry itself.
		var stay []annotate.Annotation
		for _, a := range anns {
			if a.VersionOf() == p.carryFrom {
				stay = append(stay, a)
			}
		}
		old, err := m.tx.ArticleText(p.articleID)
		if err != nil {
			return err
		}
		r := anchor.NewReanchorer(old.String(), p.ahead.Text, anchor.Options{})
		n := p.ahead.CurrentVersion()
		var placed []annotate.Annotation
		for _, a := range stay {
			res := r.Place(a.Span, a.Quote)
			if !res.Placed() {
				continue
			}
			moved := a
			moved.Span, moved.Quote, moved.Version = res.Span, res.Quote, n
			moved.Anchor = &annotate.Anchoring{Method: res.Method.String(), Confidence: min(max(res.Confidence, 0), 1), From: p.carryFrom}
			if res.Changed {
				moved.Anchor.OldQuote = a.Quote.Exact
			}
			placed = append(placed, moved)
		}
		if _, err := m.tx.setLatest(*p.ahead, placed); err != nil {
			return err
		}
	}
	return nil
}

// storedLatest reports a stored article's latest version number and
// whether the bundle's copy of it is behind (its latest text is an
// earlier version here), so its annotations must be carried over.
func (m *merger) storedLatest(id string) (int, bool) {
	if l, ok := m.latest[id]; ok {
		return l.n, l.behind
	}
	n, behind := m.findLatest(id)
	m.latest[id] = latestOf{n, behind}
	return n, behind
}

// latestOf caches storedLatest per article: a bundle of 100,000
// annotations asks it once per annotation.
type latestOf struct {
	n      int
	behind bool
}

func (m *merger) findLatest(id string) (int, bool) {
	a, err := m.tx.ArticleMeta(id)
	if err != nil {
		return 0, false
	}
	for _, b := range m.b.Articles {
		if m.artID[b.ID] == id {
			return a.CurrentVersion(), b.TextHash != a.TextHash && !m.goesAhead(id)
		}
	}
	return a.CurrentVersion(), false
}

// goesAhead reports whether the merge makes the bundle's text the latest
// of stored article id.
func (m *merger) goesAhead(id string) bool {
	for _, p := range m.versionPlans {
		if p.articleID == id && p.ahead != nil {
			return true
		}
	}
	return false
}
