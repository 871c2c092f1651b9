package store

import (
	bolt "go.etcd.io/bbolt"

	"marginalia/annotate"
)

// Tx is one transaction's view of the store. Obtain it from Store.View or
// Store.Update; it is valid only inside the function it is passed to.
type Tx struct {
	tx                                               *bolt.Tx
	articles, texts, annotations, speakers, links    *bucket
	articleAnn, speakerAnn, refLinks, textHash, meta *bucket
	cache                                            *textCache
}

func newTx(tx *bolt.Tx, cache *textCache, j *journal) *Tx {
	b := func(name string) *bucket { return &bucket{name: name, b: tx.Bucket([]byte(name)), j: j} }
	return &Tx{
		tx: tx, meta: b(bMeta),
		articles: b(bArticles), texts: b(bTexts), annotations: b(bAnnotations),
		speakers: b(bSpeakers), links: b(bLinks),
		articleAnn: b(bArticleAnn), speakerAnn: b(bSpeakerAnn), refLinks: b(bRefLinks), textHash: b(bTextHash),
		cache: cache,
	}
}

// ArticleInfo is an article's metadata (without its text) and how many
// annotations it has.
type ArticleInfo struct {
	annotate.Article
	Annotations int
}
