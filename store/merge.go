package store

import (
	"errors"
	"fmt"
	"marginalia/annotate"
	"marginalia/annotate/anchor"
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
	// Remote marks the merge as a teammate's work pulled from the team hub:
	// the change log leaves it out of this database's pushes.
	Remote bool
	// Mark, when set, is recorded (see Store.Marked) in the merge's own
	// transaction, even when the bundle changes nothing.
	Mark string
	// NoUndo merges without recording an undo step. Recording one keeps
	// a copy of everything the merge wrote in the undo history, which
	// roughly doubles the time a large merge takes; a command-line merge,
	// which offers no undo, can skip it.
	NoUndo bool
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
		return Report{}, fmt.Errorf("%w: %w", bundle.ErrRefused, err)
	}
	label := opts.Label
	if label == "" {
		label = "Merge bundle"
	}
	var rep Report
	merge := func(tx *Tx) error {
		m := newMerger(tx, b, opts.Progress)
		if err := m.resolve(); err != nil {
			return err
		}
		m.describe()
		if opts.Mark != "" {
			if err := setMark(tx.tx, opts.Mark); err != nil {
				return err
			}
		}
		if m.empty() {
			rep = m.report
			if opts.Mark != "" {
				return nil // commit the mark
			}
			return errNoChange
		}
		if err := m.write(); err != nil {
			return err
		}
		err := m.reviewMerge()
		rep = m.report
		return err
	}
	var err error
	if opts.NoUndo {
		err = s.update(opts.Remote, merge)
	} else {
		rep.Undoable, err = s.doRemote(label, "", opts.Remote, merge)
	}
	if err != nil && !errors.Is(err, errNoChange) {
		return Report{}, err
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

	// Deletions: tombstones by record ID (the bundle's, each the later of
	// it and a stored one), the stored records the bundle deletes, and the
	// bundle records left out because they were deleted.
	stones    map[string]annotate.Tombstone
	newStones []annotate.Tombstone
	deletions []deletion
	deleting  map[string]bool
	skipped   map[string]bool
	// localStone marks the bundle tombstones the database already had;
	// laterStones counts those it lacks or has an earlier one of.
	localStone  map[string]bool
	laterStones int
	index       *recordIndex

	// Versions: those of new articles, plans for stored ones, and the
	// bundle versions of each article the database does not share.
	newVersions     []annotate.ArticleVersion
	versionPlans    []versionPlan
	unknownVersions map[string]map[int]bool
	latest          map[string]latestOf           // storedLatest's answers
	reanchorers     map[string]*anchor.Reanchorer // carryIncoming's, per article@version

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
		artID:           make(map[string]string, n.Articles),
		spkID:           make(map[string]string, n.Speakers),
		added:           make(map[string]bool, n.Articles+n.Annotations),
		dirtySet:        map[string]bool{},
		stones:          map[string]annotate.Tombstone{},
		deleting:        map[string]bool{},
		skipped:         map[string]bool{},
		localStone:      map[string]bool{},
		unknownVersions: map[string]map[int]bool{},
		latest:          map[string]latestOf{},
		reanchorers:     map[string]*anchor.Reanchorer{},
		linkEnds:        map[string]int{},
		updLinkAt:       map[string]int{},
		total:           2 * n.Total(),
		fn:              progress,
	}
}

func (m *merger) tick() {
	m.done++
	if m.fn != nil && m.done >= m.next && m.done < m.total {
		m.fn(m.done, m.total)
		m.next = m.done + max(1, m.total/200)
	}
}

func (m *merger) conflict(c *MergeCounts, typ annotate.RecordType, id string, kept Kept, format string, args ...any) {
	c.Conflicts++
	m.report.Records = append(m.report.Records, Change{Action: ActionConflict, Type: typ, ID: id, Kept: kept, Detail: fmt.Sprintf(format, args...)})
}

// note lists a record the merge adds or updates in the report.
func (m *merger) note(action Action, typ annotate.RecordType, id, articleID, text string) {
	m.report.Records = append(m.report.Records, Change{Action: action, Type: typ, ID: id, ArticleID: articleID, Text: text})
}

// describe fills in what the report's records lack for an analyst to
// recognise them: the article and quote of annotations, the article's
// title, a conflicting record's own text.
func (m *merger) describe() {
	titles := make(map[string]string, len(m.b.Articles))
	for _, a := range m.b.Articles {
		titles[m.artID[a.ID]] = a.Title
	}
	title := func(id string) string {
		if t, ok := titles[id]; ok {
			return t
		}
		a, err := m.tx.ArticleMeta(id)
		if err == nil {
			titles[id] = a.Title
		}
		return a.Title
	}
	for i := range m.report.Records {
		c := &m.report.Records[i]
		if c.Text == "" {
			if rec, err := m.tx.record(c.Type, c.ID); err == nil {
				c.Text, c.ArticleID = describeRecord(rec)
			}
		}
		if c.ArticleID != "" {
			c.Title = title(c.ArticleID)
		}
	}
}

// describeRecord returns what names a record in a report (an article's
// title, an annotation's quote, a speaker's name, a link's relation) and
// the article it belongs to.
func describeRecord(rec any) (text, articleID string) {
	switch r := rec.(type) {
	case annotate.Article:
		return r.Title, r.ID
	case annotate.Annotation:
		return r.Quote.Exact, r.ArticleID
	case annotate.Speaker:
		return r.Name, ""
	case annotate.Link:
		return string(r.Relation), ""
	}
	return "", ""
}

func (m *merger) empty() bool {
	return len(m.dirtySpk) == 0 && len(m.newArticles) == 0 && len(m.updArticles) == 0 &&
		len(m.newAnnotations) == 0 && len(m.updAnnotations) == 0 && len(m.newLinks) == 0 && len(m.updLinks) == 0 &&
		len(m.deletions) == 0 && !m.newTombstones() && len(m.newVersions) == 0 && len(m.versionPlans) == 0
}

// newTombstones reports whether the bundle has a tombstone the database
// lacks (or has an earlier one of).
func (m *merger) newTombstones() bool { return m.laterStones > 0 }

// checkFree refuses an ID a new record would take when a record of another
// type already has it.
func (m *merger) checkFree(typ annotate.RecordType, id string) error {
	if other, ok := m.tx.kind(id); ok && other != typ {
		return mergeRefused("%s %s: the id belongs to a stored %s", typ, id, other)
	}
	return nil
}

func (m *merger) resolve() error {
	for _, step := range []func() error{m.resolveTombstones, m.resolveArticles, m.resolveSpeakers, m.resolveAnnotations, m.resolveLinks} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
