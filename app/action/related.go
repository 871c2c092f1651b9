package action

import (
	"marginalia/annotate"
	"marginalia/annotate/related"
	"marginalia/store"
	"slices"
	"sync"
)

// Related ranks every other article by likely relation to the article id
// (text similarity, shared speakers, shared tags), best first. It reads
// every article's text: run it off the UI goroutine.
func (s *Service) Related(id string) ([]related.Suggestion, error) {
	var out []related.Suggestion
	gen := s.related.generation()
	err := s.st.View(func(tx *store.Tx) error {
		if _, err := tx.ArticleMeta(id); err != nil {
			return err
		}
		var arts []annotate.Article
		if err := tx.ForEachArticle(func(a annotate.Article) error { arts = append(arts, a); return nil }); err != nil {
			return err
		}
		// Newest import first, as the library lists them: equal scores
		// keep this order.
		slices.SortStableFunc(arts, func(a, b annotate.Article) int { return b.Imported.Compare(a.Imported) })
		var target related.Doc
		others := make([]related.Doc, 0, len(arts))
		for _, a := range arts {
			d, err := s.related.doc(tx, a, gen)
			if err != nil {
				return err
			}
			if a.ID == id {
				target = d
			} else {
				others = append(others, d)
			}
		}
		out = related.Rank(target, others)
		return nil
	})
	return out, err
}

func relatedDoc(tx *store.Tx, info annotate.Article) (related.Doc, error) {
	// The text as stored: ArticleText would index it for rune offsets,
	// which ranking does not need, and push the open article's text out
	// of the shared cache.
	art, err := tx.Article(info.ID)
	if err != nil {
		return related.Doc{}, err
	}
	d := related.Doc{ID: info.ID, Title: info.Title, Text: art.Text, Speakers: map[string]string{}, Tags: info.Tags}
	anns, err := tx.AnnotationsOf(info.ID)
	if err != nil {
		return d, err
	}
	for _, a := range anns {
		d.Tags = append(d.Tags, a.Tags...)
		if a.SpeakerID == "" {
			continue
		}
		if _, ok := d.Speakers[a.SpeakerID]; !ok {
			sp, err := tx.Speaker(a.SpeakerID)
			if err != nil {
				return d, err
			}
			d.Speakers[a.SpeakerID] = sp.Name
		}
	}
	return d, nil
}

// relatedCache keeps each article's ranking document (its text, tags and
// speakers, read with all its annotations) across calls: opening an
// article in a library of 100,000 annotations read them all each time
// (1.6 s). A change drops the documents of the articles it touched.
type relatedCache struct {
	mu   sync.Mutex
	docs map[string]related.Doc
	// gen counts the changes forgotten: a document read in a transaction
	// older than the latest change is used but not kept.
	gen uint64
}

// generation is read before the read transaction the documents come from.
func (c *relatedCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// doc returns the document of info, read in tx unless cached; gen is the
// generation read before tx began.
func (c *relatedCache) doc(tx *store.Tx, info annotate.Article, gen uint64) (related.Doc, error) {
	c.mu.Lock()
	d, ok := c.docs[info.ID]
	c.mu.Unlock()
	if ok {
		return d, nil
	}
	d, err := relatedDoc(tx, info)
	if err != nil {
		return d, err
	}
	c.mu.Lock()
	if c.gen == gen {
		c.docs[info.ID] = d
	}
	c.mu.Unlock()
	return d, nil
}

// forget returns the store.Watch function that drops what changes
// touched: changed articles, articles that gained or lost annotations,
// the articles of changed annotations; everything when a speaker changed
// (their names are in the documents).
func (c *relatedCache) forget(st *store.Store) func(store.Changes) {
	return func(ch store.Changes) {
		c.mu.Lock()
		if len(ch.Speakers) > 0 || len(c.docs) == 0 {
			// Nothing cached (a library no article has been ranked in,
			// the command line) needs no reading: documents read before
			// this change fail the generation check.
			clear(c.docs)
			c.gen++
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		drop := append(slices.Clone(ch.Articles), ch.AnnotatedArticles...)
		if len(ch.Annotations) > 0 {
			_ = st.View(func(tx *store.Tx) error {
				for _, id := range ch.Annotations {
					if a, err := tx.Annotation(id); err == nil {
						drop = append(drop, a.ArticleID)
					}
				}
				return nil
			})
		}
		c.mu.Lock()
		for _, id := range drop {
			delete(c.docs, id)
		}
		c.gen++
		c.mu.Unlock()
	}
}
