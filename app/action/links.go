package action

import (
	"slices"

	"marginalia/annotate"
	"marginalia/store"
)

// Link links two articles or annotations (given by ID) as one undoable
// step. A second link with the same ends and relation fails with
// store.ErrExists.
func (s *Service) Link(fromID, toID string, rel annotate.Relation, note, creator string) (annotate.Link, error) {
	l := annotate.Link{ID: annotate.NewID(), Relation: rel, Note: note, Creator: creator, Created: s.Now()}
	if !slices.Contains(annotate.Relations(), rel) {
		return l, annotate.Invalidf("unknown relation %q", annotate.Clip(string(rel), 80))
	}
	var label string
	err := s.st.View(func(tx *store.Tx) error {
		var err error
		if l.From, err = tx.Ref(fromID); err != nil {
			return err
		}
		if l.To, err = tx.Ref(toID); err != nil {
			return err
		}
		label = "Link " + describeEnd(tx, l.From) + " " + string(rel) + " " + describeEnd(tx, l.To)
		return nil
	})
	if err != nil {
		return l, err
	}
	err = s.st.Do(label, func(tx *store.Tx) error { return tx.PutLink(l) })
	return l, err
}

// SetRelation changes how a link's ends relate.
func (s *Service) SetRelation(linkID string, rel annotate.Relation) (annotate.Link, error) {
	var l annotate.Link
	err := s.st.Do("Change relation to "+string(rel), func(tx *store.Tx) error {
		var err error
		if l, err = tx.Link(linkID); err != nil {
			return err
		}
		l.Relation = rel
		return tx.PutLink(l)
	})
	return l, err
}
