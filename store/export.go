package store

import (
	"encoding/json"
	"fmt"
	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"slices"
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
	// Only the speakers something is attributed to travel: one created by
	// mistake and never used stays home.
	used := make(map[string]bool, len(b.Speakers))
	for i := range b.Annotations {
		used[b.Annotations[i].SpeakerID] = true
	}
	b.Speakers = slices.DeleteFunc(b.Speakers, func(sp annotate.Speaker) bool { return !used[sp.ID] })
	if b.Links, err = decodeBucket[annotate.Link](t.links, "link"); err != nil {
		return err
	}
	if b.Versions, err = decodeBucket[annotate.ArticleVersion](t.versions, "version"); err != nil {
		return err
	}
	b.Tombstones, err = decodeBucket[annotate.Tombstone](t.tombstones, "tombstone")
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
		if err := t.exportVersions(b, a); err != nil {
			return err
		}
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
	articles := map[string]bool{}
	for _, a := range b.Articles {
		articles[a.ID] = true
	}
	return t.exportArticleTombstones(b, articles)
}

// ExportChanges collects a bundle of the records c names that still
// exist, with what they depend on (an annotation's article and speaker,
// a link's ends), and the tombstones of those that were deleted: the
// delta a team push sends.
func (s *Store) ExportChanges(c LocalChanges) (*bundle.Bundle, []annotate.Tombstone, error) {
	b := &bundle.Bundle{}
	var stones []annotate.Tombstone
	err := s.View(func(t *Tx) error {
		x := newCollector(t, b)
		for _, g := range []struct {
			typ annotate.RecordType
			ids []string
		}{{annotate.RecordArticle, c.Articles}, {annotate.RecordSpeaker, c.Speakers}, {annotate.RecordAnnotation, c.Annotations}, {annotate.RecordLink, c.Links}} {
			for _, id := range g.ids {
				if typ, ok := t.kind(id); ok && typ == g.typ {
					if err := x.add(g.typ, id); err != nil {
						return err
					}
					continue
				}
				if ts, ok := t.Tombstone(id); ok {
					stones = append(stones, ts)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("export changes: %w", err)
	}
	return b, stones, nil
}

// collector adds records to a bundle once each, with their dependencies.
type collector struct {
	t    *Tx
	b    *bundle.Bundle
	have map[string]bool
}

func newCollector(t *Tx, b *bundle.Bundle) *collector {
	return &collector{t: t, b: b, have: map[string]bool{}}
}

func (x *collector) add(typ annotate.RecordType, id string) error {
	if x.have[id] {
		return nil
	}
	x.have[id] = true
	switch typ {
	case annotate.RecordArticle:
		a, err := x.t.Article(id)
		if err != nil {
			return err
		}
		x.b.Articles = append(x.b.Articles, a)
		if err := x.t.exportVersions(x.b, a); err != nil {
			return err
		}
	case annotate.RecordSpeaker:
		sp, err := x.t.Speaker(id)
		if err != nil {
			return err
		}
		if countIndexed(x.t.speakerAnn, id) == 0 {
			return nil // unused speakers do not travel
		}
		x.b.Speakers = append(x.b.Speakers, sp)
	case annotate.RecordAnnotation:
		a, err := x.t.Annotation(id)
		if err != nil {
			return err
		}
		if err := x.add(annotate.RecordArticle, a.ArticleID); err != nil {
			return err
		}
		if a.SpeakerID != "" {
			if err := x.add(annotate.RecordSpeaker, a.SpeakerID); err != nil {
				return err
			}
		}
		x.b.Annotations = append(x.b.Annotations, a)
	case annotate.RecordLink:
		l, err := x.t.Link(id)
		if err != nil {
			return err
		}
		for _, r := range []annotate.Ref{l.From, l.To} {
			if err := x.add(r.Type, r.ID); err != nil {
				return err
			}
		}
		x.b.Links = append(x.b.Links, l)
	}
	return nil
}

// exportVersions adds an article's earlier versions to the bundle.
func (t *Tx) exportVersions(b *bundle.Bundle, a annotate.Article) error {
	for n := 1; n < a.CurrentVersion(); n++ {
		v, err := t.ArticleVersion(a.ID, n)
		if err != nil {
			return err
		}
		b.Versions = append(b.Versions, v)
	}
	return nil
}

// exportArticleTombstones adds the tombstones of annotations deleted from
// the chosen articles, so an export of some articles carries their
// deletions too.
func (t *Tx) exportArticleTombstones(b *bundle.Bundle, articles map[string]bool) error {
	return forEachRecord(t.tombstones, "tombstone", func(ts annotate.Tombstone) error {
		if ts.Type == annotate.RecordAnnotation && articles[ts.ArticleID] {
			b.Tombstones = append(b.Tombstones, ts)
		}
		return nil
	})
}
