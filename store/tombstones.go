package store

import (
	"fmt"
	"slices"
	"time"

	"marginalia/annotate"
)

// Tombstones: a deleted record leaves one (see annotate.Tombstone), so the
// deletion travels in bundles. Undoing the deletion removes it again (the
// journal records it like any other key).

// bury records the deletion of a record by the transaction's actor,
// keeping the later deletion when the record already has a tombstone.
func (t *Tx) bury(typ annotate.RecordType, id, articleID string) error {
	ts := annotate.Tombstone{ID: id, Type: typ, ArticleID: articleID, Deleter: t.actor, Deleted: t.deletionTime()}
	return t.putTombstone(ts)
}

func (t *Tx) putTombstone(ts annotate.Tombstone) error {
	if old, ok := t.Tombstone(ts.ID); ok {
		ts = annotate.Later(old, ts)
	}
	return putJSON(t.tombstones, ts.ID, ts)
}

// Tombstone returns the tombstone of a deleted record.
func (t *Tx) Tombstone(id string) (annotate.Tombstone, bool) {
	var ts annotate.Tombstone
	if err := getJSON(t.tombstones, "tombstone", id, &ts); err != nil {
		return ts, false
	}
	return ts, true
}

// Tombstones lists every tombstone, oldest deletion first.
func (t *Tx) Tombstones() ([]annotate.Tombstone, error) {
	var out []annotate.Tombstone
	err := forEachRecord(t.tombstones, "tombstone", func(ts annotate.Tombstone) error {
		out = append(out, ts)
		return nil
	})
	slices.SortStableFunc(out, func(a, b annotate.Tombstone) int { return a.Deleted.Compare(b.Deleted) })
	return out, err
}

// PurgeTombstones removes the tombstones of deletions made before cutoff
// and returns how many. A purged deletion no longer travels: a colleague's
// bundle that still holds the record can bring it back.
func (t *Tx) PurgeTombstones(cutoff time.Time) (int, error) {
	stones, err := t.Tombstones()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ts := range stones {
		if !ts.Deleted.Before(cutoff) {
			break
		}
		if err := t.tombstones.Delete([]byte(ts.ID)); err != nil {
			return n, fmt.Errorf("purge tombstone %s: %w", ts.ID, err)
		}
		n++
	}
	return n, nil
}

// checkTombstones reports invalid tombstones, tombstones whose ID belongs
// to a record of another type, and records that still exist although
// their tombstone is later than their last change.
func (t *Tx) checkTombstones(bad func(format string, args ...any)) {
	_ = t.tombstones.ForEach(func(k, _ []byte) error {
		ts, ok := t.Tombstone(string(k))
		if !ok {
			bad("tombstone %s: cannot decode", k)
			return nil
		}
		if err := ts.Validate(time.Time{}); err != nil {
			bad("%v", err)
			return nil
		}
		if ts.ID != string(k) {
			bad("tombstone %s: stored under %s", ts.ID, k)
		}
		typ, err := t.Kind(ts.ID)
		if err != nil {
			return nil // the record is gone, as it should be
		}
		if typ != ts.Type {
			bad("tombstone %s: for %s, but the id belongs to %s", ts.ID, ts.Type.An(), typ.An())
			return nil
		}
		if rec, err := t.record(typ, ts.ID); err == nil && !ts.Outlived(annotate.ChangedAt(rec)) {
			bad("%s %s: still stored, though deleted at %s after its last change", typ, ts.ID, ts.Deleted.Format(time.RFC3339))
		}
		return nil
	})
}

// record returns the stored record of type typ with id.
func (t *Tx) record(typ annotate.RecordType, id string) (any, error) {
	switch typ {
	case annotate.RecordArticle:
		return t.ArticleMeta(id)
	case annotate.RecordAnnotation:
		return t.Annotation(id)
	case annotate.RecordSpeaker:
		return t.Speaker(id)
	case annotate.RecordLink:
		return t.Link(id)
	}
	return nil, fmt.Errorf("record type %q: %w", typ, ErrNotFound)
}
