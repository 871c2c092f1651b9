package store

import (
	"encoding/json"
	"fmt"
	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// ExportBundle collects the given articles with their annotations, the
// speakers those annotations are attributed to and the links between any
// two of these records into a bundle, ready for bundle.Write. With no IDs
// it collects the whole database, every speaker and link included. Links
// with one end outside the chosen articles are left out, so a bundle never
// refers to records it does not hold.
func (s *Store) ExportBundle(articleIDs []string) (*bundle.Bundle, error) {
	b := &bundle.Bundle{}
	err := s.View(func(t *Tx) error {
		if len(articleIDs) == 0 {
			return t.exportAll(b)
		}
		return t.exportArticles(b, articleIDs)
	})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return b, nil
}

func (t *Tx) exportAll(b *bundle.Bundle) error {
	var err error
	if b.Articles, err = decodeBucket[annotate.Article](t.articles, "article"); err != nil {
		return err
	}
	for i := range b.Articles {
		a := &b.Articles[i]
		text := t.texts.Get([]byte(a.ID))
		if text == nil {
			return fmt.Errorf("text of article %s: %w", a.ID, ErrNotFound)
		}
		a.Text = string(text)
	}
	if b.Annotations, err = decodeBucket[annotate.Annotation](t.annotations, "annotation"); err != nil {
		return err
	}
	if b.Speakers, err = decodeBucket[annotate.Speaker](t.speakers, "speaker"); err != nil {
		return err
	}
	b.Links, err = decodeBucket[annotate.Link](t.links, "link")
	return err
}

// decodeBucket decodes every record of a bucket, in key order, on all
// cores. The values point into the transaction's memory map, valid until
// it ends, which is after decodeBucket returns.
func decodeBucket[T any](b *bucket, what string) ([]T, error) {
	var keys, values [][]byte
	_ = b.ForEach(func(k, v []byte) error {
		keys, values = append(keys, k), append(values, v)
		return nil
	})
	out := make([]T, len(values))
	err := onAllCores(len(values), func(i int) error {
		if err := json.Unmarshal(values[i], &out[i]); err != nil {
			return fmt.Errorf("decode %s %s: %w", what, keys[i], err)
		}
		return nil
	})
	return out, err
}

func (t *Tx) exportArticles(b *bundle.Bundle, ids []string) error {
	in := map[string]bool{}
	speakers := map[string]bool{}
	for _, id := range ids {
		if in[id] {
			continue
		}
		a, err := t.Article(id)
		if err != nil {
			return err
		}
		in[id] = true
		b.Articles = append(b.Articles, a)
		anns, err := t.AnnotationsOf(id)
		if err != nil {
			return err
		}
		for _, n := range anns {
			in[n.ID] = true
			if n.SpeakerID != "" && !speakers[n.SpeakerID] {
				speakers[n.SpeakerID] = true
				sp, err := t.Speaker(n.SpeakerID)
				if err != nil {
					return fmt.Errorf("annotation %s: %w", n.ID, err)
				}
				b.Speakers = append(b.Speakers, sp)
			}
		}
		b.Annotations = append(b.Annotations, anns...)
	}
	seen := map[string]bool{}
	collect := func(id string) error {
		links, err := t.LinksOf(id)
		for _, l := range links {
			if !seen[l.ID] && in[l.From.ID] && in[l.To.ID] {
				seen[l.ID] = true
				b.Links = append(b.Links, l)
			}
		}
		return err
	}
	for _, a := range b.Articles {
		if err := collect(a.ID); err != nil {
			return err
		}
	}
	for _, n := range b.Annotations {
		if err := collect(n.ID); err != nil {
			return err
		}
	}
	return nil
}
