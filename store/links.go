package store

import (
	"fmt"
	"marginalia/annotate"
	"slices"
)

// Link returns one link.
func (t *Tx) Link(id string) (annotate.Link, error) {
	var l annotate.Link
	err := getJSON(t.links, "link", id, &l)
	return l, err
}

// Links lists every link.
func (t *Tx) Links() ([]annotate.Link, error) {
	var out []annotate.Link
	err := t.links.ForEach(func(k, _ []byte) error {
		l, err := t.Link(string(k))
		out = append(out, l)
		return err
	})
	return out, err
}

// LinksOf returns the links with an article or annotation at either end,
// oldest first.
func (t *Tx) LinksOf(id string) ([]annotate.Link, error) {
	var out []annotate.Link
	err := forEachIndexed(t.refLinks, id, func(linkID string) error {
		l, err := t.Link(linkID)
		out = append(out, l)
		return err
	})
	slices.SortStableFunc(out, func(a, b annotate.Link) int { return a.Created.Compare(b.Created) })
	return out, err
}

// refExists reports whether a link end names a stored record of its type.
func (t *Tx) refExists(r annotate.Ref) bool {
	switch r.Type {
	case annotate.RefArticle:
		return t.articles.Get([]byte(r.ID)) != nil
	case annotate.RefAnnotation:
		return t.annotations.Get([]byte(r.ID)) != nil
	}
	return false
}

// Ref returns the link end for a stored article or annotation ID.
func (t *Tx) Ref(id string) (annotate.Ref, error) {
	switch {
	case t.articles.Get([]byte(id)) != nil:
		return annotate.Ref{Type: annotate.RefArticle, ID: id}, nil
	case t.annotations.Get([]byte(id)) != nil:
		return annotate.Ref{Type: annotate.RefAnnotation, ID: id}, nil
	}
	return annotate.Ref{}, fmt.Errorf("no article or annotation %s: %w", id, ErrNotFound)
}

// PutLink creates or updates a link. Both ends must exist; a second link
// with the same ends and relation fails with ErrExists.
func (t *Tx) PutLink(l annotate.Link) error {
	if err := l.Validate(); err != nil {
		return err
	}
	for _, r := range []annotate.Ref{l.From, l.To} {
		if !t.refExists(r) {
			return fmt.Errorf("link %s: %s %s: %w", l.ID, r.Type, r.ID, ErrNotFound)
		}
	}
	existing, err := t.LinksOf(l.From.ID)
	if err != nil {
		return err
	}
	for _, e := range existing {
		if e.ID != l.ID && e.From == l.From && e.To == l.To && e.Relation == l.Relation {
			return fmt.Errorf("link %s %s %s: %w as %s", l.From.ID, l.Relation, l.To.ID, ErrExists, e.ID)
		}
	}
	if old, err := t.Link(l.ID); err == nil {
		if err := t.unindexLink(old); err != nil {
			return err
		}
	}
	for _, r := range []annotate.Ref{l.From, l.To} {
		if err := t.refLinks.Put(key(r.ID, l.ID), nil); err != nil {
			return fmt.Errorf("index link %s: %w", l.ID, err)
		}
	}
	return putJSON(t.links, l.ID, l)
}

func (t *Tx) unindexLink(l annotate.Link) error {
	for _, r := range []annotate.Ref{l.From, l.To} {
		if err := t.refLinks.Delete(key(r.ID, l.ID)); err != nil {
			return fmt.Errorf("unindex link %s: %w", l.ID, err)
		}
	}
	return nil
}

// DeleteLink deletes one link.
func (t *Tx) DeleteLink(id string) error {
	l, err := t.Link(id)
	if err != nil {
		return err
	}
	if err := t.unindexLink(l); err != nil {
		return err
	}
	if err := t.bury(annotate.RecordLink, id, ""); err != nil {
		return err
	}
	return t.links.Delete([]byte(id))
}

func (t *Tx) deleteLinksOf(id string) error {
	ids, err := t.indexed(t.refLinks, id)
	if err != nil {
		return err
	}
	for _, linkID := range ids {
		if err := t.DeleteLink(linkID); err != nil {
			return err
		}
	}
	return nil
}
