package store

import (
	"time"

	"marginalia/annotate"
)

// Deletions in a merge.
//
// A record exists after a merge if and only if its latest change is later
// than its latest deletion (annotate.Tombstone.Outlived); whichever order
// bundles are merged in, every database ends the same. So:
//   - a bundle's tombstone deletes the stored record unless the record
//     was changed after the deletion (an article also when one of its
//     annotations was), which is a conflict reported with both sides;
//   - a bundle's record whose ID has a tombstone (stored, or in the
//     bundle) is left out unless it was changed after the deletion
//     (conflict, and it comes back); its dependants (an article's
//     annotations, an annotation's links) go with it; an annotation
//     attributed to a deleted speaker arrives unattributed;
//   - every tombstone is kept (the later of two for one record), so the
//     deletion keeps travelling.

// resolveTombstones plans the bundle's deletions; it runs before the
// bundle's records are resolved.
func (m *merger) resolveTombstones() error {
	stones, err := m.bundleTombstones()
	if err != nil {
		return err
	}
	for _, ts := range stones {
		if old, ok := m.tx.Tombstone(ts.ID); ok {
			if old.Type != ts.Type {
				return mergeRefused("tombstone %s: for %s, but a stored tombstone says %s", ts.ID, ts.Type.An(), old.Type.An())
			}
			ts = annotate.Later(old, ts)
			m.localStone[ts.ID] = true
			if !ts.Deleted.Equal(old.Deleted) || ts.Deleter != old.Deleter {
				m.laterStones++
			}
		} else {
			m.laterStones++
		}
		m.stones[ts.ID] = ts
		m.newStones = append(m.newStones, ts)
		c := m.counts(ts.Type)
		typ, ok := m.tx.kind(ts.ID)
		if !ok {
			c.Unchanged++ // nothing here to delete; the tombstone is kept
			continue
		}
		if typ != ts.Type {
			return mergeRefused("tombstone %s deletes %s, but the id belongs to a stored %s", ts.ID, ts.Type.An(), typ)
		}
		rec, err := m.tx.record(typ, ts.ID)
		if err != nil {
			return err
		}
		if m.bundleOutlives(ts) {
			// The bundle's own copy came back after the deletion: it is
			// merged as an ordinary record.
			c.Unchanged++
			continue
		}
		if changed := m.lastChange(typ, ts.ID, rec); ts.Outlived(changed) {
			m.conflict(c, typ, ts.ID, KeptDatabase, "deleted by %s at %s in the bundle, but changed here later (%s)",
				orSomeone(ts.Deleter), annotate.FormatMergeTime(ts.Deleted), annotate.FormatMergeTime(changed))
			continue
		}
		m.deletions = append(m.deletions, deletion{ts, rec})
		m.deleting[ts.ID] = true
		c.Deleted++
		text, articleID := describeRecord(rec)
		m.report.Records = append(m.report.Records, Change{Action: ActionDeleted, Type: typ, ID: ts.ID, ArticleID: articleID, Text: text})
	}
	return nil
}

// bundleTombstones checks the bundle's tombstones and returns them one a
// record: of two for one record (a hand-made or combined file) the later
// deletion counts, as it would merged one after the other.
func (m *merger) bundleTombstones() ([]annotate.Tombstone, error) {
	now := time.Now().UTC()
	var out []annotate.Tombstone
	at := make(map[string]int, len(m.b.Tombstones))
	for _, ts := range m.b.Tombstones {
		m.tick()
		if err := ts.Validate(now); err != nil {
			return nil, mergeRefused("%v", err)
		}
		i, dup := at[ts.ID]
		if !dup {
			at[ts.ID] = len(out)
			out = append(out, ts)
			continue
		}
		if out[i].Type != ts.Type {
			return nil, mergeRefused("tombstone %s: for %s and for %s", ts.ID, out[i].Type.An(), ts.Type.An())
		}
		out[i] = annotate.Later(out[i], ts)
	}
	return out, nil
}

// A deletion is a stored record a bundle's tombstone deletes, as resolve
// read it.
type deletion struct {
	ts  annotate.Tombstone
	rec any
}

// lastChange is when a stored record last changed; for an article, the
// latest change of it or any of its annotations.
func (m *merger) lastChange(typ annotate.RecordType, id string, rec any) time.Time {
	t := annotate.ChangedAt(rec)
	if typ == annotate.RecordArticle {
		anns, _ := m.tx.AnnotationsOf(id)
		for _, a := range anns {
			if a.Modified.After(t) {
				t = a.Modified
			}
		}
	}
	return t
}

func orSomeone(name string) string {
	if name == "" {
		return "someone"
	}
	return name
}

// counts returns the report's counts for a record type.
func (m *merger) counts(typ annotate.RecordType) *MergeCounts {
	switch typ {
	case annotate.RecordArticle:
		return &m.report.Articles
	case annotate.RecordAnnotation:
		return &m.report.Annotations
	case annotate.RecordSpeaker:
		return &m.report.Speakers
	}
	return &m.report.Links
}

// buried reports whether a bundle record new to the database was deleted
// here (or by the bundle) after its last change, changed: it is left out.
// When it was changed after the deletion, the conflict is reported and
// the record comes back.
func (m *merger) buried(typ annotate.RecordType, id string, changedAt func() time.Time) bool {
	ts, ok := m.stones[id]
	if !ok {
		if ts, ok = m.tx.Tombstone(id); !ok {
			return false
		}
	}
	if changed := changedAt(); ts.Outlived(changed) {
		if !m.localStone[id] && !m.wasLocal(id) {
			return false // came back before it reached us: nothing to report
		}
		m.conflict(m.counts(typ), typ, id, KeptBundle, "deleted by %s at %s here, but changed later in the bundle (%s); it comes back",
			orSomeone(ts.Deleter), annotate.FormatMergeTime(ts.Deleted), annotate.FormatMergeTime(changed))
		return false
	}
	m.skipped[id] = true
	m.counts(typ).Unchanged++
	return true
}

// gone reports whether a stored or bundle record is not there after the
// merge: deleted by the bundle, or left out because it was deleted here.
func (m *merger) gone(id string) bool { return m.deleting[id] || m.skipped[id] }

// writeDeletions carries out the bundle's deletions (with what depends on
// them, each leaving a tombstone of the same deleter and time) and keeps
// every tombstone of the bundle.
func (m *merger) writeDeletions() error {
	actor, at := m.tx.actor, m.tx.at
	defer func() { m.tx.actor, m.tx.at = actor, at }()
	// buried: the deletions that left their own tombstone, which is the
	// bundle's (same deleter and time) unless the database had one.
	buried := make(map[string]bool, len(m.deletions))
	for _, d := range m.deletions {
		ts := d.ts
		m.tx.Actor(ts.Deleter, ts.Deleted)
		if m.tx.recordBucket(ts.Type).Get([]byte(ts.ID)) == nil {
			continue // gone with an earlier deletion's cascade
		}
		var err error
		if a, ok := d.rec.(annotate.Annotation); ok {
			err = m.tx.deleteAnnotation(a) // as resolve read it: unchanged since
		} else {
			_, err = m.tx.Delete(ts.ID)
		}
		if err != nil {
			return err
		}
		buried[ts.ID] = !m.localStone[ts.ID]
	}
	for _, ts := range m.newStones {
		if buried[ts.ID] {
			continue
		}
		if err := m.tx.putTombstone(ts); err != nil {
			return err
		}
	}
	return nil
}

// bundleOutlives reports whether the bundle holds a copy of the record the
// tombstone deletes, changed after the deletion.
func (m *merger) bundleOutlives(ts annotate.Tombstone) bool {
	x := m.bundleIndex()
	i, ok := x.at[ts.ID]
	if !ok {
		return false
	}
	switch ts.Type {
	case annotate.RecordAnnotation:
		return ts.Outlived(m.b.Annotations[i].Modified)
	case annotate.RecordArticle:
		return ts.Outlived(m.bundleChange(m.b.Articles[i]))
	case annotate.RecordLink:
		return ts.Outlived(m.b.Links[i].Created)
	}
	return false
}

// recordIndex finds the bundle's records by ID, and the latest change of
// each article's annotations, built once and only when a deletion needs
// it (merges without tombstones pay nothing).
type recordIndex struct {
	at          map[string]int       // ID -> index in its type's slice
	annotatedAt map[string]time.Time // article ID -> latest annotation change
}

func (m *merger) bundleIndex() *recordIndex {
	if m.index != nil {
		return m.index
	}
	// Only records with a tombstone of the bundle are looked up.
	at := make(map[string]int, len(m.b.Tombstones))
	for _, ts := range m.b.Tombstones {
		at[ts.ID] = -1
	}
	x := &recordIndex{at: map[string]int{}, annotatedAt: map[string]time.Time{}}
	find := func(id string, i int) {
		if _, ok := at[id]; ok {
			x.at[id] = i
		}
	}
	for i, a := range m.b.Articles {
		find(a.ID, i)
	}
	for i := range m.b.Annotations {
		n := &m.b.Annotations[i]
		find(n.ID, i)
		if n.Modified.After(x.annotatedAt[n.ArticleID]) {
			x.annotatedAt[n.ArticleID] = n.Modified
		}
	}
	for i, l := range m.b.Links {
		find(l.ID, i)
	}
	m.index = x
	return x
}

// wasLocal reports whether the database had a tombstone for id before the
// merge.
func (m *merger) wasLocal(id string) bool {
	if m.localStone[id] {
		return true
	}
	_, bundleOnly := m.stones[id]
	if bundleOnly {
		return false
	}
	_, ok := m.tx.Tombstone(id)
	return ok
}
