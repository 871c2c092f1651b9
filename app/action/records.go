package action

import (
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
// annotations stay, unattributed), as one undoable step.
func (s *Service) Delete(id string) (Deleted, error) {
	var d Deleted
	var desc string
	_ = s.st.View(func(tx *store.Tx) error { desc = Describe(tx, id); return nil })
	err := s.st.Do("Delete "+desc, func(tx *store.Tx) error {
		var err error
		d.Type, err = tx.Delete(id)
		return err
	})
	d.Description = desc
	return d, err
}
