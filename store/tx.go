package store

import (
	"time"

	bolt "go.etcd.io/bbolt"

	"marginalia/annotate"
)

// Tx is one transaction's view of the store. Obtain it from Store.View or
// Store.Update; it is valid only inside the function it is passed to.
type Tx struct {
	tx                                               *bolt.Tx
	articles, texts, annotations, speakers, links    *bucket
	articleAnn, speakerAnn, refLinks, textHash, meta *bucket
	tombstones, resolutions, versions                *bucket
	cache                                            *textCache
	// Who deletes, and when: recorded on the tombstones deletions leave.
	actor string
	at    time.Time
}

func newTx(tx *bolt.Tx, cache *textCache, j *journal) *Tx {
	b := func(name string) *bucket { return &bucket{name: name, b: tx.Bucket([]byte(name)), j: j} }
	return &Tx{
		tx: tx, meta: b(bMeta),
		articles: b(bArticles), texts: b(bTexts), annotations: b(bAnnotations),
		speakers: b(bSpeakers), links: b(bLinks),
		articleAnn: b(bArticleAnn), speakerAnn: b(bSpeakerAnn), refLinks: b(bRefLinks), textHash: b(bTextHash),
		tombstones: b(bTombstones), resolutions: b(bResolutions), versions: b(bVersions),
		cache: cache,
	}
}

// Actor names who makes the transaction's deletions and when, for the
// tombstones they leave (by default nobody, now).
func (t *Tx) Actor(name string, at time.Time) {
	t.actor, t.at = name, at.UTC()
}

// deletionTime is when the transaction's deletions happen.
func (t *Tx) deletionTime() time.Time {
	if t.at.IsZero() {
		return time.Now().UTC()
	}
	return t.at
}

// ArticleInfo is an article's metadata (without its text) and how many
// annotations it has.
type ArticleInfo struct {
	annotate.Article
	Annotations int
}
