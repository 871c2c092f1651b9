package annotate

import "time"

// Tombstone records that a record was deleted, so that the deletion
// travels to colleagues in bundles instead of the next merge bringing the
// record back. It names the record's type (and, for an annotation, its
// article), who deleted it and when.
type Tombstone struct {
	ID        string     `json:"id"`
	Type      RecordType `json:"type"`
	ArticleID string     `json:"article_id,omitempty"`
	Deleter   string     `json:"deleter,omitempty"`
	Deleted   time.Time  `json:"deleted"`
}

// MaxClockSkew is how far in the future a tombstone may be dated before a
// merge refuses it: clocks of colleagues' machines differ a little, a
// deletion dated next year is an error or a forgery.
const MaxClockSkew = 10 * time.Minute

// Validate checks the tombstone's fields; now is the time it is checked
// at (a tombstone dated more than MaxClockSkew after it is refused).
func (t *Tombstone) Validate(now time.Time) error {
	c := checker{"tombstone", t.ID}
	if err := c.ref(string(t.Type), t.ID); err != nil {
		return err
	}
	switch t.Type {
	case RecordArticle, RecordAnnotation, RecordSpeaker, RecordLink:
	default:
		return c.fail("unknown record type %q", Clip(string(t.Type), 40))
	}
	if t.ArticleID != "" {
		if err := c.ref("article", t.ArticleID); err != nil {
			return err
		}
	}
	if err := c.str("deleter", t.Deleter, MaxNameRunes); err != nil {
		return err
	}
	switch {
	case t.Deleted.IsZero():
		return c.fail("no deletion time")
	case !now.IsZero() && t.Deleted.After(now.Add(MaxClockSkew)):
		return c.fail("dated %s, in the future", t.Deleted.UTC().Format(time.RFC3339))
	}
	return nil
}

// Outlived reports whether a copy of the record last changed at modified
// survives the deletion: an edit made after a deletion wins over it, and
// the merge reports the two as a conflict.
func (t Tombstone) Outlived(modified time.Time) bool { return modified.After(t.Deleted) }

// Later returns whichever of two tombstones of one record is later: the
// deletion that counts.
func Later(a, b Tombstone) Tombstone {
	if b.Deleted.After(a.Deleted) || b.Deleted.Equal(a.Deleted) && b.Deleter > a.Deleter {
		return b
	}
	return a
}

// ChangedAt is when a record was last changed, for weighing it against a
// tombstone: an annotation's modification time, an article's import, a
// link's creation; a speaker carries no time (the zero time: a deletion
// always wins over it).
func ChangedAt(rec any) time.Time {
	switch r := rec.(type) {
	case Annotation:
		return r.Modified
	case Article:
		return r.Imported
	case Link:
		return r.Created
	}
	return time.Time{}
}
