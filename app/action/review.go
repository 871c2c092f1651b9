package action

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"marginalia/annotate"
	"marginalia/annotate/agree"
	"marginalia/store"
)

// ErrStaleUnit refuses to resolve a disagreement that changed since it
// was shown (a member edited, added or deleted).
var ErrStaleUnit = errors.New("the disagreement changed since it was shown; look again")

// Disagreements lists the unresolved disagreements on the given articles
// (all when none), in article and text order.
func (s *Service) Disagreements(articleIDs ...string) ([]agree.Unit, error) {
	var out []agree.Unit
	err := s.st.View(func(tx *store.Tx) error {
		var err error
		out, err = tx.Disagreements(articleIDs...)
		return err
	})
	return out, err
}

// FindUnit returns the unresolved disagreement whose key starts with
// prefix (a whole key, or enough of one to tell it from the others).
func (s *Service) FindUnit(prefix string) (agree.Unit, error) {
	units, err := s.Disagreements()
	if err != nil {
		return agree.Unit{}, err
	}
	var found []agree.Unit
	for _, u := range units {
		if strings.HasPrefix(u.Key, prefix) {
			found = append(found, u)
		}
	}
	switch {
	case len(found) == 0:
		return agree.Unit{}, fmt.Errorf("no unresolved disagreement with key %s: %w", annotate.Clip(prefix, 40), store.ErrNotFound)
	case len(found) > 1:
		return agree.Unit{}, fmt.Errorf("%d disagreements have keys starting with %s; give more of the key", len(found), annotate.Clip(prefix, 40))
	}
	return found[0], nil
}

// Resolve settles the disagreement u as one undoable step recorded with
// the reviewer's name: OutcomeKeptOne keeps the annotation keep and deletes
// the unit's other members; OutcomeKeptBoth and OutcomeAgreed keep every
// member and hide the disagreement until one of them changes.
func (s *Service) Resolve(u agree.Unit, outcome store.Outcome, keep, reviewer string) error {
	if outcome == store.OutcomeKeptOne && !slices.ContainsFunc(u.Members, func(a annotate.Annotation) bool { return a.ID == keep }) {
		return annotate.Invalidf("annotation %s is not part of this disagreement", annotate.Clip(keep, 40))
	}
	label := map[store.Outcome]string{
		store.OutcomeKeptOne: "Keep one of", store.OutcomeKeptBoth: "Keep both of", store.OutcomeAgreed: "Mark agreed",
	}[outcome]
	if label == "" {
		return annotate.Invalidf("unknown outcome %q", outcome)
	}
	label += " " + quoted(u.Members[0].Quote.Exact, 30)
	return s.st.Do(label, func(tx *store.Tx) error {
		current, err := tx.Disagreements(u.ArticleID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(current, func(c agree.Unit) bool { return c.Key == u.Key && c.Version == u.Version }) {
			return ErrStaleUnit
		}
		tx.Actor(reviewer, s.Now())
		if outcome == store.OutcomeKeptOne {
			for _, m := range u.Members {
				if m.ID != keep {
					if err := tx.DeleteAnnotation(m.ID); err != nil {
						return err
					}
				}
			}
		}
		return tx.PutResolution(store.Resolution{Key: u.Key, Version: u.Version, Outcome: outcome, Kept: keep, Reviewer: reviewer, Time: s.Now()})
	})
}

// Agreement computes inter-annotator agreement (see annotate/agree) over
// the library, limited to the given articles and creators when any.
func (s *Service) Agreement(opts agree.Options) (agree.Report, error) {
	var anns []annotate.Annotation
	lengths := map[string]int{}
	err := s.st.View(func(tx *store.Tx) error {
		if err := tx.ForEachAnnotation(func(a annotate.Annotation) error {
			anns = append(anns, a)
			if _, ok := lengths[a.ArticleID]; !ok {
				text, err := tx.ArticleText(a.ArticleID)
				if err != nil {
					return err
				}
				lengths[a.ArticleID] = text.Len()
			}
			return nil
		}); err != nil {
			return err
		}
		for _, id := range opts.Articles {
			if _, err := tx.ArticleMeta(id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return agree.Report{}, err
	}
	return agree.Compute(anns, lengths, opts)
}
