package action

import (
	"time"

	"marginalia/annotate"
	"marginalia/store"
)

// Deleted is what Delete removed.
type Deleted struct {
	Type        annotate.RecordType
	Description string // "claim “…”", "article “…”"
}

// Delete deletes the record id names, with what depends on it (an
// article's annotations and links, an annotation's links; a speaker's
// annotations stay, unattributed), as one undoable step. Each deleted
// record leaves a tombstone naming who deleted it, so the deletion
// travels to colleagues.
func (s *Service) Delete(id, who string) (Deleted, error) {
	var d Deleted
	var desc string
	_ = s.st.View(func(tx *store.Tx) error { desc = Describe(tx, id); return nil })
	err := s.st.Do("Delete "+desc, func(tx *store.Tx) error {
		tx.Actor(who, s.Now())
		var err error
		d.Type, err = tx.Delete(id)
		return err
	})
	d.Description = desc
	return d, err
}

// PurgeTombstones forgets the deletions made before cutoff, as one
// undoable step, and returns how many. A purged deletion no longer
// travels: a colleague's older bundle can bring the record back.
func (s *Service) PurgeTombstones(cutoff time.Time) (int, error) {
	n := 0
	err := s.st.Do("Purge tombstones", func(tx *store.Tx) error {
		var err error
		n, err = tx.PurgeTombstones(cutoff)
		return err
	})
	return n, err
}
