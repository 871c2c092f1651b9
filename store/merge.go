package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// Bundles: exporting records to a bundle and merging a bundle in.
//
// Merge resolves the whole bundle against the database inside one
// read-write transaction before it writes anything, then writes it all in
// that same transaction, recorded as one undo step. A refusal returns
// before the first write, and the transaction is rolled back, so the file
// is untouched.
//
// How records are matched and who wins:
//   - An article with the same ID must have the same text (a different
//     text is refused). An article with another ID but the same text (same
//     text hash) is the same article: its annotations and links are
//     re-pointed to the stored ID.
//   - A speaker with the same ID, or whose name or an alias folds
//     (annotate.Fold) to a stored speaker's name or alias, is that speaker:
//     aliases are united and annotations re-pointed.
//   - Annotations carry Modified: of two different versions, the later one
//     wins; on a tie the stored one stays.
//   - Articles, speakers and links carry no modification time. Their
//     stored version stays; fields it leaves empty are filled from the
//     bundle, tags and aliases are united; where both have a different
//     value, the stored one is kept and a conflict is reported.
//   - A link with the same ends and relation as a stored one (under another
//     ID) is that link.
//
// Nothing is ever deleted by a merge, so merging the same bundle twice
// changes nothing the second time.

// MergeOptions tune Merge.
type MergeOptions struct {
	// Progress, when not nil, is called with the work done so far and the
	// total (every record checked, then every record written), a few
	// hundred times at most, the last time with done == total.
	Progress func(done, total int)
	// Label names the undo step; "Merge bundle" when empty.
	Label string
	// NoUndo merges without recording an undo step. Recording one keeps
	// a copy of everything the merge wrote in the undo history, which
	// roughly doubles the time a large merge takes; a command-line merge,
	// which offers no undo, can skip it.
	NoUndo bool
}

// MergeCounts counts what a merge did with one type of record. Every
// record of the bundle is counted in exactly one of Added, Updated,
// Unchanged and Conflicts.
type MergeCounts struct {
	// Added records were new to the database.
	Added int
	// Updated records changed a stored record without disagreeing with it:
	// aliases or tags united, empty fields filled in.
	Updated int
	// Unchanged records were already stored as they are.
	Unchanged int
	// Conflicts disagreed with the stored version; see Report.Conflicts.
	Conflicts int
	// Matched counts the records identified with a stored record under
	// another ID: an article with the same text, a speaker with the same
	// name, a link with the same ends. They are counted above as well.
	Matched int
}

// Total is the number of bundle records counted.
func (c MergeCounts) Total() int { return c.Added + c.Updated + c.Unchanged + c.Conflicts }

// Conflict describes a record whose bundle and stored versions disagree.
type Conflict struct {
	// Type is "article", "annotation", "speaker" or "link".
	Type string
	// ID is the record's ID in the database.
	ID string
	// Kept is "database" or "bundle": whose version is stored now.
	Kept string
	// Detail says what differed.
	Detail string
}

func (c Conflict) String() string {
	return fmt.Sprintf("%s %s: %s; kept the %s version", c.Type, c.ID, c.Detail, c.Kept)
}

// Report tells what Merge did.
type Report struct {
	Articles, Annotations, Speakers, Links MergeCounts
	Conflicts                              []Conflict
}

// Changed reports whether the merge wrote anything.
func (r Report) Changed() bool {
	for _, c := range []MergeCounts{r.Articles, r.Annotations, r.Speakers, r.Links} {
		if c.Added > 0 || c.Updated > 0 {
			return true
		}
	}
	for _, c := range r.Conflicts {
		if c.Kept == "bundle" {
			return true
		}
	}
	return false
}

// String summarises the report in a few lines, conflicts last.
func (r Report) String() string {
	var sb strings.Builder
	for _, row := range []struct {
		name string
		c    MergeCounts
	}{{"articles", r.Articles}, {"annotations", r.Annotations}, {"speakers", r.Speakers}, {"links", r.Links}} {
		fmt.Fprintf(&sb, "%-12s %d added, %d updated, %d unchanged, %d conflicts", row.name+":", row.c.Added, row.c.Updated, row.c.Unchanged, row.c.Conflicts)
		if row.c.Matched > 0 {
			fmt.Fprintf(&sb, " (%d matched under another id)", row.c.Matched)
		}
		sb.WriteByte('\n')
	}
	for _, c := range r.Conflicts {
		sb.WriteString("conflict: " + c.String() + "\n")
	}
	return sb.String()
}

// errNoChange rolls back a merge that has nothing to write, so the file is
// not touched at all.
var errNoChange = errors.New("nothing to write")

// Merge verifies b against the database and merges it in one transaction,
// as one undo step unless opts.NoUndo is set. Refusals wrap bundle.ErrRefused and leave the database
// as it was: a record Verify rejects, an article stored under the same ID
// with another text, an annotation whose span or quote does not fit a
// stored article's text, a reference to a record neither in the bundle nor
// in the database, an ID already used by a record of another type.
func (s *Store) Merge(b *bundle.Bundle, opts MergeOptions) (Report, error) {
	if b == nil {
		return Report{}, errors.New("merge: no bundle")
	}
	if _, err := b.Verify(); err != nil {
		return Report{}, fmt.Errorf("merge: %w: %w", bundle.ErrRefused, err)
	}
	label := opts.Label
	if label == "" {
		label = "Merge bundle"
	}
	run := func(fn func(*Tx) error) error { return s.Do(label, fn) }
	if opts.NoUndo {
		run = s.Update
	}
	var rep Report
	err := run(func(tx *Tx) error {
		m := newMerger(tx, b, opts.Progress)
		if err := m.resolve(); err != nil {
			return err
		}
		rep = m.report
		if m.empty() {
			return errNoChange
		}
		return m.write()
	})
	if err != nil && !errors.Is(err, errNoChange) {
		return Report{}, fmt.Errorf("merge: %w", err)
	}
	if progress := opts.Progress; progress != nil {
		total := 2 * b.Counts().Total()
		progress(total, total)
	}
	return rep, nil
}

func mergeRefused(format string, args ...any) error {
	return fmt.Errorf("%w: %w", bundle.ErrRefused, fmt.Errorf(format, args...))
}

// merger resolves one bundle against one transaction.
type merger struct {
	tx *Tx
	b  *bundle.Bundle

	artID map[string]string // bundle article ID -> stored (or added) ID
	spkID map[string]string // bundle speaker ID -> stored (or added) ID
	added map[string]bool   // IDs of articles and annotations the merge adds

	speakers  map[string]*annotate.Speaker // every stored and added speaker
	names     map[string]string            // folded name or alias -> speaker ID
	dirtySpk  []string                     // speakers to write, in order
	dirtySet  map[string]bool
	linkEnds  map[string]int // from|to|relation of added links -> index in newLinks
	updLinkAt map[string]int // stored link ID -> index in updLinks

	// What to write: records new to the database, and updates of stored
	// ones (articles without their text).
	newArticles, updArticles       []annotate.Article
	newAnnotations, updAnnotations []annotate.Annotation
	newLinks, updLinks             []annotate.Link

	report Report
	done   int
	total  int
	next   int
	fn     func(done, total int)
}

func newMerger(tx *Tx, b *bundle.Bundle, progress func(done, total int)) *merger {
	n := b.Counts()
	return &merger{
		tx: tx, b: b,
		artID:     make(map[string]string, n.Articles),
		spkID:     make(map[string]string, n.Speakers),
		added:     make(map[string]bool, n.Articles+n.Annotations),
		dirtySet:  map[string]bool{},
		linkEnds:  map[string]int{},
		updLinkAt: map[string]int{},
		total:     2 * n.Total(),
		fn:        progress,
	}
}

func (m *merger) tick() {
	m.done++
	if m.fn != nil && m.done >= m.next && m.done < m.total {
		m.fn(m.done, m.total)
		m.next = m.done + max(1, m.total/200)
	}
}

func (m *merger) conflict(c *MergeCounts, typ, id, kept, format string, args ...any) {
	c.Conflicts++
	m.report.Conflicts = append(m.report.Conflicts, Conflict{Type: typ, ID: id, Kept: kept, Detail: fmt.Sprintf(format, args...)})
}

func (m *merger) empty() bool {
	return len(m.dirtySpk) == 0 && len(m.newArticles) == 0 && len(m.updArticles) == 0 &&
		len(m.newAnnotations) == 0 && len(m.updAnnotations) == 0 && len(m.newLinks) == 0 && len(m.updLinks) == 0
}

// checkFree refuses an ID a new record would take when a record of another
// type already has it.
func (m *merger) checkFree(typ, id string) error {
	for _, c := range []struct {
		b    *bucket
		kind string
	}{{m.tx.articles, "article"}, {m.tx.annotations, "annotation"}, {m.tx.speakers, "speaker"}, {m.tx.links, "link"}} {
		if c.kind != typ && c.b.Get([]byte(id)) != nil {
			return mergeRefused("%s %s: the id belongs to a stored %s", typ, id, c.kind)
		}
	}
	return nil
}

func (m *merger) resolve() error {
	for _, step := range []func() error{m.resolveArticles, m.resolveSpeakers, m.resolveAnnotations, m.resolveLinks} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (m *merger) resolveArticles() error {
	c := &m.report.Articles
	for _, a := range m.b.Articles {
		m.tick()
		old, err := m.tx.ArticleMeta(a.ID)
		switch {
		case err == nil:
			if old.TextHash != a.TextHash {
				return mergeRefused("article %s is stored with a different text", a.ID)
			}
		case errors.Is(err, ErrNotFound):
			other := m.tx.ArticleByHash(a.TextHash)
			if other == "" {
				if err := m.checkFree("article", a.ID); err != nil {
					return err
				}
				a.Tags = cleanTags(a.Tags)
				m.artID[a.ID] = a.ID
				m.added[a.ID] = true
				m.newArticles = append(m.newArticles, a)
				c.Added++
				continue
			}
			if old, err = m.tx.ArticleMeta(other); err != nil {
				return err
			}
			c.Matched++
		default:
			return err
		}
		m.artID[a.ID] = old.ID
		merged, differ := uniteArticle(old, a)
		changed := !sameArticle(merged, old)
		if changed {
			merged.Text = ""
			m.updArticles = append(m.updArticles, merged)
		}
		switch {
		case len(differ) > 0:
			detail := "the bundle has a different " + strings.Join(differ, ", ")
			if a.ID != old.ID {
				detail = fmt.Sprintf("same text as bundle article %s, but %s", a.ID, detail)
			}
			m.conflict(c, "article", old.ID, "database", "%s", detail)
		case changed:
			c.Updated++
		default:
			c.Unchanged++
		}
	}
	return nil
}

// uniteArticle returns the stored article with tags united and empty fields
// filled from the bundle's, and the names of fields where both have
// different values.
func uniteArticle(old, a annotate.Article) (annotate.Article, []string) {
	merged := old
	var differ []string
	for _, f := range []struct {
		name      string
		dst       *string
		bundleVal string
	}{
		{"title", &merged.Title, a.Title}, {"byline", &merged.Byline, a.Byline}, {"source", &merged.Source, a.Source},
		{"url", &merged.URL, a.URL}, {"note", &merged.Note, a.Note},
	} {
		switch {
		case f.bundleVal == "" || f.bundleVal == *f.dst:
		case *f.dst == "":
			*f.dst = f.bundleVal
		default:
			differ = append(differ, f.name)
		}
	}
	switch {
	case a.Published.IsZero() || a.Published.Equal(old.Published):
	case old.Published.IsZero():
		merged.Published = a.Published
	default:
		differ = append(differ, "publication date")
	}
	merged.Tags = uniteTags(old.Tags, a.Tags, annotate.MaxTags)
	return merged, differ
}

// uniteTags appends to old the tags of add it lacks (ignoring case and
// accents), up to limit tags.
func uniteTags(old, add []string, limit int) []string {
	out := slices.Clone(old)
	have := make(map[string]bool, len(old))
	for _, t := range old {
		have[annotate.Fold(t)] = true
	}
	for _, t := range cleanTags(add) {
		if f := annotate.Fold(t); !have[f] && len(out) < limit {
			have[f] = true
			out = append(out, t)
		}
	}
	return out
}

func sameArticle(a, b annotate.Article) bool {
	return a.Title == b.Title && a.Byline == b.Byline && a.Source == b.Source && a.URL == b.URL &&
		a.Published.Equal(b.Published) && a.Note == b.Note && slices.Equal(a.Tags, b.Tags)
}

func (m *merger) resolveSpeakers() error {
	stored, err := m.tx.Speakers()
	if err != nil {
		return err
	}
	m.speakers = make(map[string]*annotate.Speaker, len(stored)+len(m.b.Speakers))
	m.names = make(map[string]string, len(stored))
	for _, info := range stored {
		sp := info.Speaker
		m.speakers[sp.ID] = &sp
		m.learnNames(&sp)
	}
	c := &m.report.Speakers
	for _, s := range m.b.Speakers {
		m.tick()
		target := ""
		if _, ok := m.speakers[s.ID]; ok {
			target = s.ID
		} else {
			for _, n := range s.Names() {
				if id, ok := m.names[annotate.Fold(n)]; ok {
					target = id
					c.Matched++
					break
				}
			}
		}
		if target == "" {
			if err := m.checkFree("speaker", s.ID); err != nil {
				return err
			}
			sp := s
			m.speakers[s.ID] = &sp
			m.learnNames(&sp)
			m.spkID[s.ID] = s.ID
			m.markSpeaker(s.ID)
			c.Added++
			continue
		}
		m.spkID[s.ID] = target
		cur := m.speakers[target]
		merged, differ := uniteSpeaker(*cur, s)
		changed := !sameSpeaker(merged, *cur)
		if changed {
			*cur = merged
			m.learnNames(cur)
			m.markSpeaker(target)
		}
		switch {
		case len(differ) > 0:
			detail := "the bundle has a different " + strings.Join(differ, ", ")
			if s.ID != target {
				detail = fmt.Sprintf("same name as bundle speaker %s, but %s", s.ID, detail)
			}
			m.conflict(c, "speaker", target, "database", "%s", detail)
		case changed:
			c.Updated++
		default:
			c.Unchanged++
		}
	}
	return nil
}

// learnNames indexes a speaker's names for matching; a name already taken
// by another speaker keeps pointing there.
func (m *merger) learnNames(s *annotate.Speaker) {
	for _, n := range s.Names() {
		if f := annotate.Fold(n); m.names[f] == "" {
			m.names[f] = s.ID
		}
	}
}

func (m *merger) markSpeaker(id string) {
	if !m.dirtySet[id] {
		m.dirtySet[id] = true
		m.dirtySpk = append(m.dirtySpk, id)
	}
}

// uniteSpeaker returns the stored speaker with the bundle speaker's names
// added as aliases and empty fields filled, and the fields where both have
// different values.
func uniteSpeaker(old, s annotate.Speaker) (annotate.Speaker, []string) {
	merged := old
	merged.Aliases = slices.Clone(old.Aliases)
	have := map[string]bool{}
	for _, n := range old.Names() {
		have[annotate.Fold(n)] = true
	}
	var differ []string
	for _, n := range s.Names() {
		if f := annotate.Fold(n); !have[f] {
			if len(merged.Aliases) >= annotate.MaxAliases {
				differ = append(differ, fmt.Sprintf("name %q (no room for another alias)", n))
				continue
			}
			have[f] = true
			merged.Aliases = append(merged.Aliases, n)
		}
	}
	for _, f := range []struct {
		name      string
		dst       *string
		bundleVal string
	}{{"role", &merged.Role, s.Role}, {"affiliation", &merged.Affiliation, s.Affiliation}, {"note", &merged.Note, s.Note}} {
		switch {
		case f.bundleVal == "" || f.bundleVal == *f.dst:
		case *f.dst == "":
			*f.dst = f.bundleVal
		default:
			differ = append(differ, f.name)
		}
	}
	return merged, differ
}

func sameSpeaker(a, b annotate.Speaker) bool {
	return a.Name == b.Name && slices.Equal(a.Aliases, b.Aliases) && a.Role == b.Role && a.Affiliation == b.Affiliation && a.Note == b.Note
}

func (m *merger) resolveAnnotations() error {
	c := &m.report.Annotations
	for _, n := range m.b.Annotations {
		m.tick()
		n.Tags = cleanTags(n.Tags)
		if id, ok := m.artID[n.ArticleID]; ok {
			n.ArticleID = id
		} else {
			// An article the bundle refers to without carrying it: its
			// stored text is the judge.
			text, err := m.tx.ArticleText(n.ArticleID)
			if err != nil || m.tx.articles.Get([]byte(n.ArticleID)) == nil {
				return mergeRefused("annotation %s: article %s is neither in the bundle nor in the database", n.ID, n.ArticleID)
			}
			if err := n.ValidateIn(text); err != nil {
				return fmt.Errorf("%w: %w", bundle.ErrRefused, err)
			}
		}
		if n.SpeakerID != "" {
			if id, ok := m.spkID[n.SpeakerID]; ok {
				n.SpeakerID = id
			} else if m.speakers[n.SpeakerID] == nil {
				return mergeRefused("annotation %s: speaker %s is neither in the bundle nor in the database", n.ID, n.SpeakerID)
			}
		}
		data := m.tx.annotations.Get([]byte(n.ID))
		if data == nil {
			if err := m.checkFree("annotation", n.ID); err != nil {
				return err
			}
			m.added[n.ID] = true
			m.newAnnotations = append(m.newAnnotations, n)
			c.Added++
			continue
		}
		var old annotate.Annotation
		if err := json.Unmarshal(data, &old); err != nil {
			return fmt.Errorf("decode annotation %s: %w", n.ID, err)
		}
		switch {
		case sameAnnotation(old, n):
			c.Unchanged++
		case old.ArticleID != n.ArticleID:
			m.conflict(c, "annotation", n.ID, "database", "the bundle has it on article %s, the database on %s", n.ArticleID, old.ArticleID)
		case n.Modified.After(old.Modified):
			m.updAnnotations = append(m.updAnnotations, n)
			m.conflict(c, "annotation", n.ID, "bundle", "both changed; the bundle's version (modified %s) is later than the stored one (modified %s)",
				n.Modified.UTC().Format(conflictTimeFormat), old.Modified.UTC().Format(conflictTimeFormat))
		default:
			m.conflict(c, "annotation", n.ID, "database", "both changed; the stored version (modified %s) is not older than the bundle's (modified %s)",
				old.Modified.UTC().Format(conflictTimeFormat), n.Modified.UTC().Format(conflictTimeFormat))
		}
	}
	return nil
}

const conflictTimeFormat = "2006-01-02 15:04:05Z"

func sameAnnotation(a, b annotate.Annotation) bool {
	return a.ID == b.ID && a.ArticleID == b.ArticleID && a.Kind == b.Kind && a.Span == b.Span && a.Quote == b.Quote &&
		a.SpeakerID == b.SpeakerID && a.Note == b.Note && slices.Equal(a.Tags, b.Tags) && a.Status == b.Status &&
		a.Creator == b.Creator && a.Created.Equal(b.Created) && a.Modified.Equal(b.Modified)
}

// ref maps a link end to its stored ID and checks that it exists.
func (m *merger) ref(l annotate.Link, r annotate.Ref) (annotate.Ref, error) {
	if r.Type == annotate.RefArticle {
		if id, ok := m.artID[r.ID]; ok {
			r.ID = id
		}
	}
	if m.added[r.ID] || m.tx.refExists(r) {
		return r, nil
	}
	return r, mergeRefused("link %s: %s %s is neither in the bundle nor in the database", l.ID, r.Type, r.ID)
}

func linkEndsKey(l annotate.Link) string {
	return l.From.ID + "|" + l.To.ID + "|" + string(l.Relation)
}

func (m *merger) resolveLinks() error {
	c := &m.report.Links
	for _, l := range m.b.Links {
		m.tick()
		var err error
		if l.From, err = m.ref(l, l.From); err != nil {
			return err
		}
		if l.To, err = m.ref(l, l.To); err != nil {
			return err
		}
		if l.From.ID == l.To.ID {
			m.conflict(c, "link", l.ID, "database", "both ends are the same article once its copies are merged; the link is left out")
			continue
		}
		planned := -1 // index in m.newLinks of the link l matches, if planned
		old, err := m.tx.Link(l.ID)
		switch {
		case err == nil:
			if i, ok := m.updLinkAt[old.ID]; ok {
				old = m.updLinks[i] // as an earlier bundle link left it
			}
		case !errors.Is(err, ErrNotFound):
			return err
		default:
			var found bool
			if old, planned, found, err = m.sameEnds(l); err != nil {
				return err
			}
			if !found {
				if err := m.checkFree("link", l.ID); err != nil {
					return err
				}
				m.linkEnds[linkEndsKey(l)] = len(m.newLinks)
				m.newLinks = append(m.newLinks, l)
				c.Added++
				continue
			}
			c.Matched++
		}
		sameEnds := old.From == l.From && old.To == l.To && old.Relation == l.Relation
		switch {
		case sameEnds && (l.Note == "" || l.Note == old.Note):
			c.Unchanged++
		case sameEnds && old.Note == "":
			old.Note = l.Note
			switch i, ok := m.updLinkAt[old.ID]; {
			case planned >= 0:
				m.newLinks[planned] = old
			case ok:
				m.updLinks[i] = old
			default:
				m.updLinkAt[old.ID] = len(m.updLinks)
				m.updLinks = append(m.updLinks, old)
			}
			c.Updated++
		case sameEnds:
			m.conflict(c, "link", old.ID, "database", "the bundle's link %s has a different note", l.ID)
		default:
			m.conflict(c, "link", old.ID, "database", "the bundle's version links %s %s %s %s", l.From.Type, l.From.ID, l.Relation, l.To.ID)
		}
	}
	return nil
}

// sameEnds finds an added or stored link with l's ends and relation, and
// its index in m.newLinks when it is one the merge adds.
func (m *merger) sameEnds(l annotate.Link) (annotate.Link, int, bool, error) {
	if i, ok := m.linkEnds[linkEndsKey(l)]; ok {
		return m.newLinks[i], i, true, nil
	}
	if !m.tx.refExists(l.From) {
		return annotate.Link{}, -1, false, nil
	}
	existing, err := m.tx.LinksOf(l.From.ID)
	if err != nil {
		return annotate.Link{}, -1, false, err
	}
	for _, e := range existing {
		if e.From == l.From && e.To == l.To && e.Relation == l.Relation {
			if i, ok := m.updLinkAt[e.ID]; ok {
				e = m.updLinks[i] // as an earlier bundle link left it
			}
			return e, -1, true, nil
		}
	}
	return annotate.Link{}, -1, false, nil
}

// write stores what resolve planned, in dependency order. Updates of
// stored records go through the Put methods. New records, which resolve
// has already checked as the Put methods would, are written straight into
// their buckets and indexes in key order: in one large bbolt transaction,
// inserting in key order is many times faster than in random order, since
// nodes are split only at commit. The keys written here must match those
// of tx.go; Check verifies that they do.
func (m *merger) write() error {
	for _, id := range m.dirtySpk {
		if err := m.tx.PutSpeaker(*m.speakers[id]); err != nil {
			return err
		}
		m.tick()
	}
	if err := m.putNewArticles(); err != nil {
		return err
	}
	for _, a := range m.updArticles {
		if err := m.tx.PutArticle(a); err != nil {
			return err
		}
		m.tick()
	}
	if err := m.putNewAnnotations(); err != nil {
		return err
	}
	for _, n := range m.updAnnotations {
		if err := m.tx.PutAnnotation(n); err != nil {
			return err
		}
		m.tick()
	}
	if err := m.putNewLinks(); err != nil {
		return err
	}
	for _, l := range m.updLinks {
		if err := m.tx.PutLink(l); err != nil {
			return err
		}
		m.tick()
	}
	return nil
}

type bulkPair struct{ k, v []byte }

// putInKeyOrder puts the pairs into b in key order.
func putInKeyOrder(b *bucket, kvs []bulkPair) error {
	slices.SortFunc(kvs, func(x, y bulkPair) int { return bytes.Compare(x.k, y.k) })
	for _, p := range kvs {
		if err := b.Put(p.k, p.v); err != nil {
			return fmt.Errorf("write %s: %w", b.name, err)
		}
	}
	return nil
}

// marshalRecords encodes records as JSON on all cores.
func marshalRecords[T any](recs []T, id func(*T) string) ([]bulkPair, error) {
	out := make([]bulkPair, len(recs))
	err := onAllCores(len(recs), func(i int) error {
		data, err := json.Marshal(&recs[i])
		if err != nil {
			return fmt.Errorf("encode %s: %w", id(&recs[i]), err)
		}
		out[i] = bulkPair{[]byte(id(&recs[i])), data}
		return nil
	})
	return out, err
}

func (m *merger) putNewArticles() error {
	texts := make([]bulkPair, 0, len(m.newArticles))
	hashes := make([]bulkPair, 0, len(m.newArticles))
	metas := make([]annotate.Article, 0, len(m.newArticles))
	for _, a := range m.newArticles {
		m.tx.cache.drop(a.ID)
		texts = append(texts, bulkPair{[]byte(a.ID), []byte(a.Text)})
		hashes = append(hashes, bulkPair{[]byte(a.TextHash), []byte(a.ID)})
		a.Text = ""
		metas = append(metas, a)
	}
	recs, err := marshalRecords(metas, func(a *annotate.Article) string { return a.ID })
	if err != nil {
		return err
	}
	for _, w := range []struct {
		b   *bucket
		kvs []bulkPair
	}{{m.tx.texts, texts}, {m.tx.textHash, hashes}, {m.tx.articles, recs}} {
		if err := putInKeyOrder(w.b, w.kvs); err != nil {
			return err
		}
	}
	m.done += len(m.newArticles) - 1
	m.tick()
	return nil
}

func (m *merger) putNewAnnotations() error {
	recs, err := marshalRecords(m.newAnnotations, func(n *annotate.Annotation) string { return n.ID })
	if err != nil {
		return err
	}
	byArticle := make([]bulkPair, 0, len(m.newAnnotations))
	var bySpeaker []bulkPair
	for _, n := range m.newAnnotations {
		byArticle = append(byArticle, bulkPair{key(n.ArticleID, n.ID), nil})
		if n.SpeakerID != "" {
			bySpeaker = append(bySpeaker, bulkPair{key(n.SpeakerID, n.ID), nil})
		}
	}
	for _, w := range []struct {
		b   *bucket
		kvs []bulkPair
	}{{m.tx.annotations, recs}, {m.tx.articleAnn, byArticle}, {m.tx.speakerAnn, bySpeaker}} {
		if err := putInKeyOrder(w.b, w.kvs); err != nil {
			return err
		}
	}
	m.done += len(m.newAnnotations) - 1
	m.tick()
	return nil
}

func (m *merger) putNewLinks() error {
	recs, err := marshalRecords(m.newLinks, func(l *annotate.Link) string { return l.ID })
	if err != nil {
		return err
	}
	ends := make([]bulkPair, 0, 2*len(m.newLinks))
	for _, l := range m.newLinks {
		ends = append(ends, bulkPair{key(l.From.ID, l.ID), nil}, bulkPair{key(l.To.ID, l.ID), nil})
	}
	if err := putInKeyOrder(m.tx.links, recs); err != nil {
		return err
	}
	if err := putInKeyOrder(m.tx.refLinks, ends); err != nil {
		return err
	}
	m.done += len(m.newLinks) - 1
	m.tick()
	return nil
}

// cleanTags is annotate.CleanTags without its cost in the common case of
// tags that are already clean ASCII, where folding is lower-casing.
func cleanTags(tags []string) []string {
	if len(tags) > 16 {
		return annotate.CleanTags(tags)
	}
	var folded [16]string
	for i, t := range tags {
		if t == "" || t[0] == ' ' || t[len(t)-1] == ' ' {
			return annotate.CleanTags(tags)
		}
		for j := 0; j < len(t); j++ {
			c := t[j]
			if c >= 0x80 || c < 0x20 || c == 0x7f || c == ' ' && t[j+1] == ' ' {
				return annotate.CleanTags(tags)
			}
		}
		folded[i] = strings.ToLower(t)
		if slices.Contains(folded[:i], folded[i]) {
			return annotate.CleanTags(tags)
		}
	}
	return tags
}

// onAllCores calls fn for 0 <= i < n on all cores and returns the error of
// the lowest i that failed.
func onAllCores(n int, fn func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/256))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				if err := fn(i); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// ExportBundle collects the given articles with their annotations, the
// speakers those annotations are attributed to and the links between any
// two of these records into a bundle, ready for bundle.Write. With no IDs
// it collects the whole database, every speaker and link included. Links
// with one end outside the chosen articles are left out, so a bundle never
// refers to records it does not hold.
func (s *Store) ExportBundle(articleIDs []string) (*bundle.Bundle, error) {
	b := &bundle.Bundle{}
	err := s.View(func(t *Tx) error {
		if len(articleIDs) == 0 {
			return t.exportAll(b)
		}
		return t.exportArticles(b, articleIDs)
	})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return b, nil
}

func (t *Tx) exportAll(b *bundle.Bundle) error {
	var err error
	if b.Articles, err = decodeBucket[annotate.Article](t.articles, "article"); err != nil {
		return err
	}
	for i := range b.Articles {
		a := &b.Articles[i]
		text := t.texts.Get([]byte(a.ID))
		if text == nil {
			return fmt.Errorf("text of article %s: %w", a.ID, ErrNotFound)
		}
		a.Text = string(text)
	}
	if b.Annotations, err = decodeBucket[annotate.Annotation](t.annotations, "annotation"); err != nil {
		return err
	}
	if b.Speakers, err = decodeBucket[annotate.Speaker](t.speakers, "speaker"); err != nil {
		return err
	}
	b.Links, err = decodeBucket[annotate.Link](t.links, "link")
	return err
}

// decodeBucket decodes every record of a bucket, in key order, on all
// cores. The values point into the transaction's memory map, valid until
// it ends, which is after decodeBucket returns.
func decodeBucket[T any](b *bucket, what string) ([]T, error) {
	var keys, values [][]byte
	_ = b.ForEach(func(k, v []byte) error {
		keys, values = append(keys, k), append(values, v)
		return nil
	})
	out := make([]T, len(values))
	err := onAllCores(len(values), func(i int) error {
		if err := json.Unmarshal(values[i], &out[i]); err != nil {
			return fmt.Errorf("decode %s %s: %w", what, keys[i], err)
		}
		return nil
	})
	return out, err
}

func (t *Tx) exportArticles(b *bundle.Bundle, ids []string) error {
	in := map[string]bool{}
	speakers := map[string]bool{}
	for _, id := range ids {
		if in[id] {
			continue
		}
		a, err := t.Article(id)
		if err != nil {
			return err
		}
		in[id] = true
		b.Articles = append(b.Articles, a)
		anns, err := t.AnnotationsOf(id)
		if err != nil {
			return err
		}
		for _, n := range anns {
			in[n.ID] = true
			if n.SpeakerID != "" && !speakers[n.SpeakerID] {
				speakers[n.SpeakerID] = true
				sp, err := t.Speaker(n.SpeakerID)
				if err != nil {
					return fmt.Errorf("annotation %s: %w", n.ID, err)
				}
				b.Speakers = append(b.Speakers, sp)
			}
		}
		b.Annotations = append(b.Annotations, anns...)
	}
	seen := map[string]bool{}
	collect := func(id string) error {
		links, err := t.LinksOf(id)
		for _, l := range links {
			if !seen[l.ID] && in[l.From.ID] && in[l.To.ID] {
				seen[l.ID] = true
				b.Links = append(b.Links, l)
			}
		}
		return err
	}
	for _, a := range b.Articles {
		if err := collect(a.ID); err != nil {
			return err
		}
	}
	for _, n := range b.Annotations {
		if err := collect(n.ID); err != nil {
			return err
		}
	}
	return nil
}
