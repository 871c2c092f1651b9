package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"marginalia/annotate"
	"runtime"
	"slices"
	"sync"
)

// write stores what resolve planned, in dependency order. Updates of
// stored records go through the Put methods. New records, which resolve
// has already checked as the Put methods would, are written straight into
// their buckets and indexes in key order: in one large bbolt transaction,
// inserting in key order is many times faster than in random order, since
// nodes are split only at commit. The keys written here must match those
// of tx.go; Check verifies that they do.
func (m *merger) write() error {
	for _, id := range m.dirtySpk {
		if err := m.tx.PutSpeaker(*m.speakers[id]); err != nil {
			return err
		}
		m.tick()
	}
	if err := m.putNewArticles(); err != nil {
		return err
	}
	for _, a := range m.updArticles {
		if err := m.tx.PutArticle(a); err != nil {
			return err
		}
		m.tick()
	}
	if err := m.writeVersions(); err != nil {
		return err
	}
	if err := m.putNewAnnotations(); err != nil {
		return err
	}
	for _, n := range m.updAnnotations {
		if err := m.tx.PutAnnotation(n); err != nil {
			return err
		}
		m.tick()
	}
	if err := m.putNewLinks(); err != nil {
		return err
	}
	if err := m.writeDeletions(); err != nil {
		return err
	}
	for _, l := range m.updLinks {
		if err := m.tx.PutLink(l); err != nil {
			return err
		}
		m.tick()
	}
	return nil
}

type bulkPair struct{ k, v []byte }

// putInKeyOrder puts the pairs into b in key order.
func putInKeyOrder(b *bucket, kvs []bulkPair) error {
	slices.SortFunc(kvs, func(x, y bulkPair) int { return bytes.Compare(x.k, y.k) })
	for _, p := range kvs {
		if err := b.Put(p.k, p.v); err != nil {
			return fmt.Errorf("write %s: %w", b.name, err)
		}
	}
	return nil
}

// marshalRecords encodes records as JSON on all cores.
func marshalRecords[T any](recs []T, id func(*T) string) ([]bulkPair, error) {
	out := make([]bulkPair, len(recs))
	err := onAllCores(len(recs), func(i int) error {
		data, err := json.Marshal(&recs[i])
		if err != nil {
			return fmt.Errorf("encode %s: %w", id(&recs[i]), err)
		}
		out[i] = bulkPair{[]byte(id(&recs[i])), data}
		return nil
	})
	return out, err
}

func (m *merger) putNewArticles() error {
	texts := make([]bulkPair, 0, len(m.newArticles))
	hashes := make([]bulkPair, 0, len(m.newArticles))
	metas := make([]annotate.Article, 0, len(m.newArticles))
	for _, a := range m.newArticles {
		m.tx.cache.drop(a.ID)
		texts = append(texts, bulkPair{[]byte(a.ID), []byte(a.Text)})
		hashes = append(hashes, bulkPair{[]byte(a.TextHash), []byte(a.ID)})
		a.Text = ""
		metas = append(metas, a)
	}
	versions := make([]bulkPair, 0, len(m.newVersions))
	for _, v := range m.newVersions {
		data, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("encode version: %w", err)
		}
		versions = append(versions, bulkPair{versionKey(v.ArticleID, v.N), data})
		hashes = append(hashes, bulkPair{[]byte(v.TextHash), []byte(v.ArticleID)})
	}
	recs, err := marshalRecords(metas, func(a *annotate.Article) string { return a.ID })
	if err != nil {
		return err
	}
	for _, w := range []struct {
		b   *bucket
		kvs []bulkPair
	}{{m.tx.texts, texts}, {m.tx.textHash, hashes}, {m.tx.articles, recs}, {m.tx.versions, versions}} {
		if err := putInKeyOrder(w.b, w.kvs); err != nil {
			return err
		}
	}
	m.done += len(m.newArticles) - 1
	m.tick()
	return nil
}

func (m *merger) putNewAnnotations() error {
	recs, err := marshalRecords(m.newAnnotations, func(n *annotate.Annotation) string { return n.ID })
	if err != nil {
		return err
	}
	byArticle := make([]bulkPair, 0, len(m.newAnnotations))
	var bySpeaker []bulkPair
	for _, n := range m.newAnnotations {
		byArticle = append(byArticle, bulkPair{key(n.ArticleID, n.ID), nil})
		if n.SpeakerID != "" {
			bySpeaker = append(bySpeaker, bulkPair{key(n.SpeakerID, n.ID), nil})
		}
	}
	for _, w := range []struct {
		b   *bucket
		kvs []bulkPair
	}{{m.tx.annotations, recs}, {m.tx.articleAnn, byArticle}, {m.tx.speakerAnn, bySpeaker}} {
		if err := putInKeyOrder(w.b, w.kvs); err != nil {
			return err
		}
	}
	for _, n := range m.newAnnotations {
		m.tx.annotations.remember(n.ID, n)
	}
	m.done += len(m.newAnnotations) - 1
	m.tick()
	return nil
}

func (m *merger) putNewLinks() error {
	recs, err := marshalRecords(m.newLinks, func(l *annotate.Link) string { return l.ID })
	if err != nil {
		return err
	}
	ends := make([]bulkPair, 0, 2*len(m.newLinks))
	for _, l := range m.newLinks {
		ends = append(ends, bulkPair{key(l.From.ID, l.ID), nil}, bulkPair{key(l.To.ID, l.ID), nil})
	}
	if err := putInKeyOrder(m.tx.links, recs); err != nil {
		return err
	}
	if err := putInKeyOrder(m.tx.refLinks, ends); err != nil {
		return err
	}
	m.done += len(m.newLinks) - 1
	m.tick()
	return nil
}

// onAllCores calls fn for 0 <= i < n on all cores and returns the error of
// the lowest i that failed.
func onAllCores(n int, fn func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/256))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				if err := fn(i); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
