package store

import (
	"fmt"
	"slices"

	"marginalia/annotate"
)

// MergeSpeakers folds speaker from into speaker into: every annotation
// attributed to from is re-attributed to into, from's name and aliases
// become aliases of into, and from is deleted. Run it in Store.Do to make
// it undoable.
func (t *Tx) MergeSpeakers(from, into string) error {
	if from == into {
		return fmt.Errorf("merge speakers: %w: a speaker cannot merge into itself", annotate.ErrInvalid)
	}
	src, err := t.Speaker(from)
	if err != nil {
		return err
	}
	dst, err := t.Speaker(into)
	if err != nil {
		return err
	}
	for _, n := range src.Names() {
		if !slices.ContainsFunc(dst.Names(), func(m string) bool { return annotate.Fold(m) == annotate.Fold(n) }) {
			dst.Aliases = append(dst.Aliases, n)
		}
	}
	if dst.Role == "" {
		dst.Role = src.Role
	}
	if dst.Affiliation == "" {
		dst.Affiliation = src.Affiliation
	}
	if err := t.PutSpeaker(dst); err != nil {
		return err
	}
	anns, err := t.AnnotationsBy(from)
	if err != nil {
		return err
	}
	for _, a := range anns {
		a.SpeakerID = into
		if err := t.PutAnnotation(a); err != nil {
			return err
		}
	}
	return t.DeleteSpeaker(from)
}
