package store

import (
	"time"

	"marginalia/annotate"
	"marginalia/annotate/agree"
	"marginalia/annotate/names"
)

// Review: disagreements between analysts and the reviewers' resolutions.

// Resolution records how a reviewer settled a disagreement: both
// annotations kept, the analysts marked as agreeing, or one kept (the
// others deleted). It holds for the unit's version it was made on; a later
// change to a member brings the disagreement back.
type Resolution struct {
	Key      string    `json:"key"`
	Version  string    `json:"version"`
	Outcome  Outcome   `json:"outcome"`
	Kept     string    `json:"kept,omitempty"` // the annotation kept, for OutcomeKeptOne
	Reviewer string    `json:"reviewer"`
	Time     time.Time `json:"time"`
}

// Outcome is how a disagreement was settled.
type Outcome string

// The ways to settle a disagreement.
const (
	OutcomeKeptOne  Outcome = "kept-one"
	OutcomeKeptBoth Outcome = "kept-both"
	OutcomeAgreed   Outcome = "agreed"
)

// PutResolution records a resolution.
func (t *Tx) PutResolution(r Resolution) error { return putJSON(t.resolutions, r.Key, r) }

// Resolved reports whether a reviewer settled this version of a unit.
func (t *Tx) Resolved(u agree.Unit) bool {
	var r Resolution
	return getJSON(t.resolutions, "resolution", u.Key, &r) == nil && r.Version == u.Version
}

// Disagreements lists the unresolved disagreements on the given articles
// (every article when none is given).
func (t *Tx) Disagreements(articleIDs ...string) ([]agree.Unit, error) {
	var anns []annotate.Annotation
	if len(articleIDs) == 0 {
		if err := t.ForEachAnnotation(func(a annotate.Annotation) error { anns = append(anns, a); return nil }); err != nil {
			return nil, err
		}
	}
	for _, id := range articleIDs {
		got, err := t.AnnotationsOf(id)
		if err != nil {
			return nil, err
		}
		anns = append(anns, got...)
	}
	var out []agree.Unit
	for _, u := range agree.Disagreements(anns) {
		if !t.Resolved(u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// reviewMerge finds, after a merge's writes, the unresolved disagreements
// its annotations take part in, and the speakers it may have duplicated.
func (m *merger) reviewMerge() error {
	touched := map[string]bool{}
	articles := map[string]bool{}
	speakers := map[string]bool{}
	for _, c := range m.report.Records {
		switch c.Type {
		case annotate.RecordAnnotation:
			if c.Action == ActionDeleted {
				continue // a deleted annotation takes part in no unit
			}
			touched[c.ID] = true
			articles[c.ArticleID] = true
		case annotate.RecordSpeaker:
			speakers[c.ID] = true
		}
	}
	for _, id := range m.spkID {
		speakers[id] = true
	}
	if len(touched) > 0 {
		// The annotations the merge wrote are read as it holds them
		// (bucket.remember), not decoded again.
		ids := make([]string, 0, len(articles))
		for id := range articles {
			ids = append(ids, id)
		}
		units, err := m.tx.Disagreements(ids...)
		if err != nil {
			return err
		}
		m.report.Disagreements = agree.Touching(units, touched)
	}
	if len(speakers) > 0 {
		infos, err := m.tx.Speakers()
		if err != nil {
			return err
		}
		all := make([]annotate.Speaker, len(infos))
		for i, s := range infos {
			all[i] = s.Speaker
		}
		for _, match := range names.NearDuplicates(all) {
			if speakers[match.A] || speakers[match.B] {
				m.report.SpeakerMatches = append(m.report.SpeakerMatches, match)
			}
		}
	}
	return nil
}
