package store

import (
	"encoding/json"
	"fmt"

	"marginalia/annotate"
)

// recordBucket returns the bucket holding records of type typ.
func (t *Tx) recordBucket(typ annotate.RecordType) *bucket {
	switch typ {
	case annotate.RecordArticle:
		return t.articles
	case annotate.RecordAnnotation:
		return t.annotations
	case annotate.RecordSpeaker:
		return t.speakers
	case annotate.RecordLink:
		return t.links
	}
	return nil
}

// Kind returns the type of the record id names. It fails with
// ErrNotFound.
func (t *Tx) Kind(id string) (annotate.RecordType, error) {
	if typ, ok := t.kind(id); ok {
		return typ, nil
	}
	return "", fmt.Errorf("no record %s: %w", annotate.Clip(id, 80), ErrNotFound)
}

// kind is Kind without an error to build when there is no record: a
// merge asks it of every new ID.
func (t *Tx) kind(id string) (annotate.RecordType, bool) {
	key := []byte(id)
	for _, typ := range annotate.RecordTypes() {
		if t.recordBucket(typ).Get(key) != nil {
			return typ, true
		}
	}
	return "", false
}

// Delete deletes whatever record id names, with what depends on it, and
// returns its type.
func (t *Tx) Delete(id string) (annotate.RecordType, error) {
	typ, err := t.Kind(id)
	if err != nil {
		return "", err
	}
	switch typ {
	case annotate.RecordArticle:
		err = t.DeleteArticle(id)
	case annotate.RecordAnnotation:
		err = t.DeleteAnnotation(id)
	case annotate.RecordSpeaker:
		err = t.DeleteSpeaker(id)
	case annotate.RecordLink:
		err = t.DeleteLink(id)
	}
	return typ, err
}

// ForEachArticle calls fn with every article's metadata (not its text),
// in ID order.
func (t *Tx) ForEachArticle(fn func(annotate.Article) error) error {
	return forEachRecord(t.articles, "article", fn)
}

// ForEachAnnotation calls fn with every annotation, in ID order.
func (t *Tx) ForEachAnnotation(fn func(annotate.Annotation) error) error {
	return forEachRecord(t.annotations, "annotation", fn)
}

// ForEachSpeaker calls fn with every speaker, in ID order.
func (t *Tx) ForEachSpeaker(fn func(annotate.Speaker) error) error {
	return forEachRecord(t.speakers, "speaker", fn)
}

// ForEachLink calls fn with every link, in ID order.
func (t *Tx) ForEachLink(fn func(annotate.Link) error) error {
	return forEachRecord(t.links, "link", fn)
}

func forEachRecord[T any](b *bucket, what string, fn func(T) error) error {
	return b.ForEach(func(k, v []byte) error {
		var rec T
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("decode %s %s: %w", what, k, err)
		}
		return fn(rec)
	})
}
