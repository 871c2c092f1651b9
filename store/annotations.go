package store

import (
	"errors"
	"fmt"
	"marginalia/annotate"
	"slices"
	"strings"
)

// Annotation returns one annotation.
func (t *Tx) Annotation(id string) (annotate.Annotation, error) {
	if a, ok := t.annotations.fresh[id].(annotate.Annotation); ok {
		return a, nil
	}
	var a annotate.Annotation
	err := getJSON(t.annotations, "annotation", id, &a)
	return a, err
}

// annotationsIndexed loads the annotations owner's index entries name, in
// text order.
func (t *Tx) annotationsIndexed(b *bucket, owner string) ([]annotate.Annotation, error) {
	var out []annotate.Annotation
	err := forEachIndexed(b, owner, func(id string) error {
		a, err := t.Annotation(id)
		out = append(out, a)
		return err
	})
	slices.SortStableFunc(out, func(a, b annotate.Annotation) int {
		if a.ArticleID != b.ArticleID {
			return strings.Compare(a.ArticleID, b.ArticleID)
		}
		if a.Span.Start != b.Span.Start {
			return a.Span.Start - b.Span.Start
		}
		return a.Span.End - b.Span.End
	})
	return out, err
}

// AnnotationsOf returns an article's annotations in text order.
func (t *Tx) AnnotationsOf(articleID string) ([]annotate.Annotation, error) {
	return t.annotationsIndexed(t.articleAnn, articleID)
}

// AnnotationsBy returns the annotations attributed to a speaker, grouped
// by article and in text order within each.
func (t *Tx) AnnotationsBy(speakerID string) ([]annotate.Annotation, error) {
	return t.annotationsIndexed(t.speakerAnn, speakerID)
}

// PutAnnotation creates or updates an annotation after checking it against
// its article's text and its speaker. An annotation cannot move to another
// article.
func (t *Tx) PutAnnotation(a annotate.Annotation) error {
	a.Tags = annotate.CleanTags(a.Tags)
	text, err := t.VersionText(a.ArticleID, a.VersionOf())
	if err != nil {
		return fmt.Errorf("annotation %s: article %s version %d: %w", a.ID, a.ArticleID, a.VersionOf(), ErrNotFound)
	}
	if err := a.ValidateIn(text); err != nil {
		return err
	}
	if a.SpeakerID != "" && t.speakers.Get([]byte(a.SpeakerID)) == nil {
		return fmt.Errorf("annotation %s: speaker %s: %w", a.ID, a.SpeakerID, ErrNotFound)
	}
	old, err := t.Annotation(a.ID)
	switch {
	case err == nil:
		if old.ArticleID != a.ArticleID {
			return fmt.Errorf("annotation %s: %w: it cannot move to another article", a.ID, annotate.ErrInvalid)
		}
		if old.SpeakerID != "" && old.SpeakerID != a.SpeakerID {
			if err := t.speakerAnn.Delete(key(old.SpeakerID, a.ID)); err != nil {
				return fmt.Errorf("unindex annotation %s: %w", a.ID, err)
			}
		}
	case !errors.Is(err, ErrNotFound):
		return err
	}
	if err := t.articleAnn.Put(key(a.ArticleID, a.ID), nil); err != nil {
		return fmt.Errorf("index annotation %s: %w", a.ID, err)
	}
	if a.SpeakerID != "" {
		if err := t.speakerAnn.Put(key(a.SpeakerID, a.ID), nil); err != nil {
			return fmt.Errorf("index annotation %s: %w", a.ID, err)
		}
	}
	return putJSON(t.annotations, a.ID, a)
}

// DeleteAnnotation deletes an annotation and every link touching it.
func (t *Tx) DeleteAnnotation(id string) error {
	a, err := t.Annotation(id)
	if err != nil {
		return err
	}
	return t.deleteAnnotation(a)
}

// deleteAnnotation deletes the stored annotation a, as stored.
func (t *Tx) deleteAnnotation(a annotate.Annotation) error {
	id := a.ID
	if err := t.deleteLinksOf(id); err != nil {
		return err
	}
	if err := t.articleAnn.Delete(key(a.ArticleID, id)); err != nil {
		return fmt.Errorf("delete annotation %s: %w", id, err)
	}
	if a.SpeakerID != "" {
		if err := t.speakerAnn.Delete(key(a.SpeakerID, id)); err != nil {
			return fmt.Errorf("delete annotation %s: %w", id, err)
		}
	}
	if err := t.bury(annotate.RecordAnnotation, id, a.ArticleID); err != nil {
		return err
	}
	return t.annotations.Delete([]byte(id))
}

// AnnotationCount returns how many annotations an article has, without
// loading them.
func (t *Tx) AnnotationCount(articleID string) int { return countIndexed(t.articleAnn, articleID) }
