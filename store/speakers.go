package store

import (
	"errors"
	"fmt"
	"marginalia/annotate"
	"slices"
	"strings"
	"time"
)

// Speaker returns one speaker.
func (t *Tx) Speaker(id string) (annotate.Speaker, error) {
	var s annotate.Speaker
	err := getJSON(t.speakers, "speaker", id, &s)
	return s, err
}

// SpeakerInfo is a speaker and how many annotations are attributed to it.
type SpeakerInfo struct {
	annotate.Speaker
	Annotations int
}

// Speakers lists every speaker with its annotation count, by name.
func (t *Tx) Speakers() ([]SpeakerInfo, error) {
	var out []SpeakerInfo
	err := t.speakers.ForEach(func(k, _ []byte) error {
		s, err := t.Speaker(string(k))
		out = append(out, SpeakerInfo{Speaker: s, Annotations: countIndexed(t.speakerAnn, s.ID)})
		return err
	})
	slices.SortStableFunc(out, func(a, b SpeakerInfo) int {
		return strings.Compare(annotate.Fold(a.Name), annotate.Fold(b.Name))
	})
	return out, err
}

// SpeakerByName finds the speaker whose name or one of whose aliases
// matches name, ignoring case and accents.
func (t *Tx) SpeakerByName(name string) (annotate.Speaker, error) {
	want := annotate.Fold(name)
	var found annotate.Speaker
	errFound := errors.New("found")
	err := t.speakers.ForEach(func(k, _ []byte) error {
		s, err := t.Speaker(string(k))
		if err != nil {
			return err
		}
		for _, n := range s.Names() {
			if annotate.Fold(n) == want {
				found = s
				return errFound
			}
		}
		return nil
	})
	switch {
	case errors.Is(err, errFound):
		return found, nil
	case err != nil:
		return found, err
	}
	return found, fmt.Errorf("speaker %q: %w", name, ErrNotFound)
}

// SpeakerFor returns the speaker with this name or alias (ignoring case,
// accents and spacing), creating it when there is none; describe, when not
// nil, fills in a new speaker's role and affiliation. It reports whether
// the speaker is new.
func (t *Tx) SpeakerFor(name string, describe func(*annotate.Speaker)) (annotate.Speaker, bool, error) {
	sp, err := t.SpeakerByName(name)
	if !errors.Is(err, ErrNotFound) {
		return sp, false, err
	}
	sp = annotate.Speaker{ID: annotate.NewID(), Name: strings.Join(strings.Fields(name), " ")}
	if describe != nil {
		describe(&sp)
	}
	return sp, true, t.PutSpeaker(sp)
}

// PutSpeaker creates or updates a speaker.
func (t *Tx) PutSpeaker(s annotate.Speaker) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return putJSON(t.speakers, s.ID, s)
}

// DeleteSpeaker deletes a speaker; its annotations stay, unattributed.
func (t *Tx) DeleteSpeaker(id string) error {
	if _, err := t.Speaker(id); err != nil {
		return err
	}
	anns, err := t.indexed(t.speakerAnn, id)
	if err != nil {
		return err
	}
	for _, annID := range anns {
		a, err := t.Annotation(annID)
		if err != nil {
			return err
		}
		a.SpeakerID = ""
		a.Modified = time.Now().UTC()
		if err := t.speakerAnn.Delete(key(id, annID)); err != nil {
			return fmt.Errorf("delete speaker %s: %w", id, err)
		}
		if err := putJSON(t.annotations, a.ID, a); err != nil {
			return err
		}
	}
	if err := t.bury(annotate.RecordSpeaker, id, ""); err != nil {
		return err
	}
	return t.speakers.Delete([]byte(id))
}

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
