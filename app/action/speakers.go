package action

import (
	"errors"
	"fmt"
	"strings"

	"marginalia/annotate"
	"marginalia/annotate/attrib"
	"marginalia/store"
)

// SpeakerExistsError refuses a speaker whose name or alias is already
// known (ignoring case and accents).
type SpeakerExistsError struct {
	Name     string
	Existing annotate.Speaker
}

func (e *SpeakerExistsError) Error() string {
	return fmt.Sprintf("%q is already known as speaker %s (%s)", annotate.Clip(e.Name, 80), e.Existing.ID, e.Existing.Name)
}

// Unwrap lets errors.Is(err, store.ErrExists) hold.
func (e *SpeakerExistsError) Unwrap() error { return store.ErrExists }

// CleanSpeaker tidies typed speaker fields: names and aliases with single
// spaces, duplicates and empty aliases dropped, role and affiliation
// trimmed.
func CleanSpeaker(sp annotate.Speaker) annotate.Speaker {
	sp.Name = strings.Join(strings.Fields(sp.Name), " ")
	sp.Role, sp.Affiliation = strings.TrimSpace(sp.Role), strings.TrimSpace(sp.Affiliation)
	var aliases []string
	seen := map[string]bool{annotate.Fold(sp.Name): true}
	for _, a := range sp.Aliases {
		a = strings.Join(strings.Fields(a), " ")
		if a != "" && !seen[annotate.Fold(a)] {
			seen[annotate.Fold(a)] = true
			aliases = append(aliases, a)
		}
	}
	sp.Aliases = aliases
	return sp
}

// AddSpeaker adds a speaker to the registry (with a new ID when it has
// none). A name or alias already known fails with *SpeakerExistsError.
func (s *Service) AddSpeaker(sp annotate.Speaker) (annotate.Speaker, error) {
	sp = CleanSpeaker(sp)
	if sp.ID == "" {
		sp.ID = annotate.NewID()
	}
	err := s.st.Do("Add speaker "+sp.Name, func(tx *store.Tx) error {
		for _, n := range sp.Names() {
			if old, err := tx.SpeakerByName(n); err == nil {
				return &SpeakerExistsError{Name: n, Existing: old}
			}
		}
		return tx.PutSpeaker(sp)
	})
	return sp, err
}

// EditSpeaker saves a speaker's fields; a burst of typing is one step.
// A name or alias that belongs to another speaker fails with
// *SpeakerExistsError.
func (s *Service) EditSpeaker(sp annotate.Speaker) (annotate.Speaker, error) {
	sp = CleanSpeaker(sp)
	err := s.st.DoMerge("Edit speaker "+sp.Name, "speaker:"+sp.ID, func(tx *store.Tx) error {
		for _, n := range sp.Names() {
			if old, err := tx.SpeakerByName(n); err == nil && old.ID != sp.ID {
				return &SpeakerExistsError{Name: n, Existing: old}
			}
		}
		return tx.PutSpeaker(sp)
	})
	return sp, err
}

// FindSpeaker resolves a speaker's ID, name or alias.
func FindSpeaker(tx *store.Tx, ref string) (annotate.Speaker, error) {
	if sp, err := tx.Speaker(ref); err == nil {
		return sp, nil
	}
	return tx.SpeakerByName(ref)
}

// MergeSpeakers folds speaker from into speaker into (each an ID, name or
// alias): from's annotations move to into, from's names become aliases,
// from is deleted (who is recorded on its tombstone). It returns both as
// they were before.
func (s *Service) MergeSpeakers(from, into, who string) (annotate.Speaker, annotate.Speaker, error) {
	var src, dst annotate.Speaker
	err := s.st.View(func(tx *store.Tx) error {
		var err error
		if src, err = FindSpeaker(tx, from); err != nil {
			return err
		}
		dst, err = FindSpeaker(tx, into)
		return err
	})
	if err != nil {
		return src, dst, err
	}
	err = s.st.Do("Merge speaker "+src.Name+" into "+dst.Name, func(tx *store.Tx) error {
		tx.Actor(who, s.Now())
		return tx.MergeSpeakers(src.ID, dst.ID)
	})
	return src, dst, err
}

// AddPeople adds people detected in an article to the registry as one
// undoable step, skipping those already known, and returns those added.
func (s *Service) AddPeople(people []attrib.Person) ([]annotate.Speaker, error) {
	var added []annotate.Speaker
	err := s.st.Do(fmt.Sprintf("Add %d speakers", len(people)), func(tx *store.Tx) error {
		added = added[:0]
		for _, p := range people {
			if _, err := tx.SpeakerByName(p.Name); err == nil {
				continue
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			sp := annotate.Speaker{ID: annotate.NewID(), Name: p.Name, Role: p.Role, Affiliation: p.Affiliation}
			for _, al := range p.Aliases {
				if !strings.ContainsAny(al, ".") {
					sp.Aliases = append(sp.Aliases, al)
				}
			}
			sp = CleanSpeaker(sp)
			if err := tx.PutSpeaker(sp); err != nil {
				return err
			}
			added = append(added, sp)
		}
		return nil
	})
	return added, err
}

// RemoveUnusedSpeakers deletes, as one undoable step, every speaker no
// annotation is attributed to (typically created by mistake), and returns
// them. Each leaves a tombstone, so the removal travels too.
func (s *Service) RemoveUnusedSpeakers(who string) ([]annotate.Speaker, error) {
	var gone []annotate.Speaker
	err := s.st.Do("Remove unused speakers", func(tx *store.Tx) error {
		infos, err := tx.Speakers()
		if err != nil {
			return err
		}
		tx.Actor(who, s.Now())
		gone = gone[:0]
		for _, info := range infos {
			if info.Annotations == 0 {
				if err := tx.DeleteSpeaker(info.ID); err != nil {
					return err
				}
				gone = append(gone, info.Speaker)
			}
		}
		return nil
	})
	return gone, err
}
