package action

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/anchor"
	"marginalia/annotate/textdiff"
	"marginalia/store"
)

// ErrSameVersion means an imported text is identical to one of the
// article's versions: nothing is added.
var ErrSameVersion = errors.New("identical to a version already in the library")

// VersionResult is what adding a version did.
type VersionResult struct {
	Article  annotate.Article
	N        int                   // the new version's number
	Placed   []annotate.Annotation // carried onto the new text (their Anchor says how)
	Orphans  []annotate.Annotation // left on the version they were made on
	Reworded []annotate.Annotation // placed, but the text of their passage changed
}

// ImportVersion adds src's text as the newest version of article id, as
// one undoable step: every annotation is re-anchored (unchanged position,
// mapped through the diff, its quote found, or an approximate match
// accepted only when clearly right); those that cannot be placed stay on
// their version as orphans, to be re-attached by an analyst.
func (s *Service) ImportVersion(id string, src Source) (VersionResult, error) {
	if src.Err != nil {
		return VersionResult{}, src.Err
	}
	var res VersionResult
	var title string
	_ = s.st.View(func(tx *store.Tx) error {
		if a, err := tx.ArticleMeta(id); err == nil {
			title = a.Title
		}
		return nil
	})
	err := s.st.Do("New version of "+quoted(title, 40), func(tx *store.Tx) error {
		var err error
		res, err = s.addVersion(tx, id, src.Article)
		return err
	})
	return res, err
}

// addVersion re-anchors article id's annotations onto next's text and
// stores it as the newest version.
func (s *Service) addVersion(tx *store.Tx, id string, next annotate.Article) (VersionResult, error) {
	cur, err := tx.Article(id)
	if err != nil {
		return VersionResult{}, err
	}
	hash := annotate.HashText(next.Text)
	if other := tx.ArticleByHash(hash); other == id {
		return VersionResult{Article: cur}, fmt.Errorf("article %s: %w", quoted(cur.Title, 60), ErrSameVersion)
	} else if other != "" {
		return VersionResult{}, fmt.Errorf("this text is already in the library as another article (%s): %w", other, store.ErrExists)
	}
	anns, err := tx.AnnotationsOf(id)
	if err != nil {
		return VersionResult{}, err
	}
	n := cur.CurrentVersion() + 1
	res := VersionResult{N: n}
	// One re-anchorer per version the annotations are anchored to: an
	// orphan of version 1 is placed from version 1's text, not chained
	// through the versions between.
	byVersion := map[int][]annotate.Annotation{}
	for _, a := range anns {
		byVersion[a.VersionOf()] = append(byVersion[a.VersionOf()], a)
	}
	now := s.Now()
	for v, group := range byVersion {
		old, err := tx.VersionText(id, v)
		if err != nil {
			return VersionResult{}, err
		}
		r := anchor.NewReanchorer(old.String(), next.Text, anchor.Options{})
		for _, a := range group {
			p := r.Place(a.Span, a.Quote)
			if !p.Placed() {
				res.Orphans = append(res.Orphans, a)
				continue
			}
			moved := a
			moved.Span, moved.Quote, moved.Version = p.Span, p.Quote, n
			moved.Anchor = &annotate.Anchoring{Method: p.Method.String(), Confidence: min(max(p.Confidence, 0), 1), From: v}
			if p.Changed {
				moved.Anchor.OldQuote = a.Quote.Exact
				res.Reworded = append(res.Reworded, moved)
			}
			moved.Modified = later(now, a.Modified)
			res.Placed = append(res.Placed, moved)
		}
	}
	slices.SortFunc(res.Placed, byStart)
	slices.SortFunc(res.Orphans, byStart)
	next.ID = id
	if _, err := tx.AddVersion(next, res.Placed); err != nil {
		return VersionResult{}, err
	}
	res.Article, _ = tx.ArticleMeta(id)
	return res, nil
}

func byStart(a, b annotate.Annotation) int { return a.Span.Start - b.Span.Start }

// Versions lists an article's versions, oldest first, without texts.
func (s *Service) Versions(id string) ([]annotate.ArticleVersion, error) {
	var out []annotate.ArticleVersion
	err := s.st.View(func(tx *store.Tx) error {
		var err error
		out, err = tx.ArticleVersions(id)
		return err
	})
	return out, err
}

// Diff compares two versions of an article word by word (from 0 means the
// one before to, to 0 the latest).
func (s *Service) Diff(id string, from, to int) (*textdiff.Diff, int, int, error) {
	var a, b string
	err := s.st.View(func(tx *store.Tx) error {
		art, err := tx.ArticleMeta(id)
		if err != nil {
			return err
		}
		if to == 0 {
			to = art.CurrentVersion()
		}
		if from == 0 {
			from = max(to-1, 1)
		}
		for _, n := range []int{from, to} {
			if n < 1 || n > art.CurrentVersion() {
				return fmt.Errorf("article %s has versions 1 to %d, not %d: %w", id, art.CurrentVersion(), n, store.ErrNotFound)
			}
		}
		ta, err := tx.VersionText(id, from)
		if err != nil {
			return err
		}
		tb, err := tx.VersionText(id, to)
		if err != nil {
			return err
		}
		a, b = ta.String(), tb.String()
		return nil
	})
	if err != nil {
		return nil, from, to, err
	}
	return textdiff.Compare(a, b), from, to, nil
}

// Reattach places an annotation (an orphan, or one whose span an analyst
// adjusts) at span in the article's latest text, as one undoable step; its
// quote follows the new span.
func (s *Service) Reattach(annotationID string, span annotate.Span) (annotate.Annotation, error) {
	label := "Adjust span"
	_ = s.st.View(func(tx *store.Tx) error {
		got, err := tx.Annotation(annotationID)
		if err == nil {
			if art, err := tx.ArticleMeta(got.ArticleID); err == nil && got.VersionOf() < art.CurrentVersion() {
				label = "Re-attach " + quoted(got.Quote.Exact, 30)
			}
		}
		return nil
	})
	return s.place(annotationID, span, label, "")
}

// place is Reattach, as the undo step label; steps with the same
// non-empty merge key in quick succession undo as one.
func (s *Service) place(annotationID string, span annotate.Span, label, merge string) (annotate.Annotation, error) {
	var a annotate.Annotation
	err := s.st.DoMerge(label, merge, func(tx *store.Tx) error {
		var err error
		if a, err = tx.Annotation(annotationID); err != nil {
			return err
		}
		art, err := tx.ArticleMeta(a.ArticleID)
		if err != nil {
			return err
		}
		text, err := tx.ArticleText(a.ArticleID)
		if err != nil {
			return err
		}
		start, end := TrimSpan(text, span.Start, span.End)
		q, err := text.QuoteAt(annotate.Span{Start: start, End: end})
		if err != nil {
			return annotate.Invalidf("%v", err)
		}
		if a.VersionOf() < art.CurrentVersion() {
			a.Anchor = &annotate.Anchoring{Method: "manual", Confidence: 1, From: a.VersionOf()}
			if q.Exact != a.Quote.Exact {
				a.Anchor.OldQuote = a.Quote.Exact
			}
		}
		a.Span, a.Quote, a.Version = annotate.Span{Start: start, End: end}, q, art.CurrentVersion()
		a.Modified = later(s.Now(), a.Created)
		return tx.PutAnnotation(a)
	})
	return a, err
}

// Orphans lists the annotations of an article left on an earlier version.
func (s *Service) Orphans(id string) ([]annotate.Annotation, error) {
	var out []annotate.Annotation
	err := s.st.View(func(tx *store.Tx) error {
		art, err := tx.ArticleMeta(id)
		if err != nil {
			return err
		}
		anns, err := tx.AnnotationsOf(id)
		for _, a := range anns {
			if a.VersionOf() < art.CurrentVersion() {
				out = append(out, a)
			}
		}
		return err
	})
	return out, err
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// TouchedAnnotation is an annotation on the older side of a diff whose
// passage a change touches ("a claim you marked was reworded").
type TouchedAnnotation struct {
	ID    string        `json:"id"`
	Kind  annotate.Kind `json:"kind"`
	Exact string        `json:"exact"`
	Span  annotate.Span `json:"span"` // in the older version
	Hunks int           `json:"changes"`
}

// TouchedAnnotations lists the annotations anchored to version from (or
// re-anchored from it) whose passage d changes.
func (s *Service) TouchedAnnotations(id string, from int, d *textdiff.Diff) ([]TouchedAnnotation, error) {
	var out []TouchedAnnotation
	err := s.st.View(func(tx *store.Tx) error {
		anns, err := tx.AnnotationsOf(id)
		if err != nil {
			return err
		}
		oldText := d.Old()
		for _, a := range anns {
			span, exact := a.Span, a.Quote.Exact
			switch {
			case a.VersionOf() == from:
			case a.Anchor != nil && a.Anchor.From == from:
				// Its span is in the newer text; find where it came from.
				src := d.Sources(a.Span)
				if len(src) == 0 {
					continue
				}
				span = annotate.Span{Start: src[0].Start, End: src[len(src)-1].End}
				exact = oldText.Slice(span.Start, span.End)
			default:
				continue
			}
			if hunks := d.Touching(span); len(hunks) > 0 {
				out = append(out, TouchedAnnotation{ID: a.ID, Kind: a.Kind, Exact: exact, Span: span, Hunks: len(hunks)})
			}
		}
		return nil
	})
	return out, err
}

// Edge names the end of a span AdjustSpan moves.
type Edge int

// The edges of a span.
const (
	EdgeStart Edge = iota
	EdgeEnd
)

// ErrSpanLimit means a highlight's edge cannot move further that way: it
// would leave the text or empty the highlight.
var ErrSpanLimit = errors.New("the highlight cannot move further that way")

// AdjustSpan moves one edge of a highlight on the article's latest text
// by a word, forward (dir > 0) or back, without deleting and recreating
// it: its quote follows, and presses in quick succession undo as one step.
func (s *Service) AdjustSpan(annotationID string, edge Edge, dir int) (annotate.Annotation, error) {
	var span annotate.Span
	err := s.st.View(func(tx *store.Tx) error {
		a, err := tx.Annotation(annotationID)
		if err != nil {
			return err
		}
		art, err := tx.ArticleMeta(a.ArticleID)
		if err != nil {
			return err
		}
		if a.VersionOf() < art.CurrentVersion() {
			return fmt.Errorf("the highlight is on version %d, not the latest: re-attach it by selecting its text: %w", a.VersionOf(), ErrSpanLimit)
		}
		text, err := tx.ArticleText(a.ArticleID)
		if err != nil {
			return err
		}
		span = a.Span
		if edge == EdgeStart {
			span.Start = text.WordStep(span.Start, dir)
			// Moving the start forward skips the spaces it lands on.
			for span.Start < span.End && strings.TrimSpace(text.Slice(span.Start, span.Start+1)) == "" {
				span.Start++
			}
		} else {
			span.End = text.WordStep(span.End, dir)
		}
		if span == a.Span || span.End <= span.Start {
			return ErrSpanLimit
		}
		return nil
	})
	if err != nil {
		return annotate.Annotation{}, err
	}
	// AdjustSpan moves highlights on the latest version only (checked
	// above): the step is always an adjustment.
	return s.place(annotationID, span, "Adjust span", "span:"+annotationID)
}
