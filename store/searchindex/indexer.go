package searchindex

import (
	"errors"

	bolt "go.etcd.io/bbolt"

	"marginalia/annotate"
	"marginalia/annotate/search"
	"marginalia/store"
)

// Version is the format of the index this package writes. Bump it when
// annotate/search changes its keys or what a document holds: a database
// with another version drops its index on open and rebuilds it once.
const Version = "1"

// Indexer keeps the search index with the store (store.Options.Index):
// every write updates it in its own transaction.
type Indexer struct{}

// IndexName names the index's bucket and version.
func (Indexer) IndexName() (bucket, version string) { return string(BucketName), Version }

// Update re-indexes the records c names, deleting those that are gone.
// A change more than twice the size of the index (and over 5,000
// records: a first import, say) asks the store for a fresh build
// instead. Otherwise updating is the cheaper: it reads only the changed
// records, where a build decodes every one. Measured on 100,000
// annotations (search.Update alone, without reading records): updating
// 5,000 spread over the index takes 0.24 s, 50,000 1.4 s, a whole
// build 1.5 s; adding 10,000 to an index of 20,000 0.4 s, building all
// 30,000 0.43 s plus decoding them; adding 30,000 to an empty index
// 1.0 s.
func (Indexer) Update(tx *store.Tx, b *bolt.Bucket, c store.Changes) error {
	if n := len(c.Annotations) + len(c.Articles) + len(c.Speakers); n > rebuildMin {
		size, err := search.Numbered(New(b))
		if err != nil {
			return err
		}
		if n > 2*size {
			return store.ErrRebuildIndex
		}
	}
	docs, gone, err := DocsFor(tx, c)
	if err != nil {
		return err
	}
	return search.Update(New(b), docs, gone)
}

// rebuildMin is the fewest changed records that may be rebuilt rather
// than updated.
const rebuildMin = 5000

// Build writes the index of every record into the empty bucket b.
func (Indexer) Build(tx *store.Tx, b *bolt.Bucket, progress func(done, total int)) error {
	docs, err := Docs(tx)
	if err != nil {
		return err
	}
	// The builder writes most keys in order; full pages then are both
	// smaller and faster to write.
	b.FillPercent = 0.9
	return search.Build(New(b), docs, progress)
}

// Open returns the stored index in tx, or ok false when the database has
// none that is current (Store.BuildIndex makes it; until then, search
// Docs with a MemStorage).
func Open(tx *store.Tx) (r search.Reader, ok bool) {
	b := tx.Index(string(BucketName), Version)
	if b == nil {
		return nil, false
	}
	return Bucket{b: b}, true
}

// Docs returns the searchable form of every article (with its text),
// annotation and speaker.
func Docs(tx *store.Tx) ([]search.Doc, error) {
	speakers := map[string]*annotate.Speaker{}
	var docs []search.Doc
	err := tx.ForEachSpeaker(func(sp annotate.Speaker) error {
		speakers[sp.ID] = &sp
		docs = append(docs, search.SpeakerDoc(sp))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tx.ForEachArticle(func(meta annotate.Article) error {
		// The text as stored (ArticleText would index it for rune offsets
		// and fill the shared text cache with every article).
		a, err := tx.Article(meta.ID)
		if err != nil {
			return err
		}
		docs = append(docs, search.ArticleDoc(a))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tx.ForEachAnnotation(func(a annotate.Annotation) error {
		docs = append(docs, search.AnnotationDoc(a, speakers[a.SpeakerID]))
		return nil
	})
	return docs, err
}

// DocsFor returns the current searchable form of the records that
// changes touched, and the IDs of those that no longer exist. A changed
// speaker also refreshes the annotations attributed to it, whose
// documents carry the speaker's names.
func DocsFor(tx *store.Tx, c store.Changes) (docs []search.Doc, gone []string, err error) {
	speakers := map[string]*annotate.Speaker{} // read once each; nil: none
	speaker := func(id string) (*annotate.Speaker, error) {
		if sp, ok := speakers[id]; ok {
			return sp, nil
		}
		sp, err := tx.Speaker(id)
		if errors.Is(err, store.ErrNotFound) {
			speakers[id] = nil
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		speakers[id] = &sp
		return &sp, nil
	}
	seen := map[string]bool{}
	annotationDoc := func(a annotate.Annotation) error {
		seen[a.ID] = true
		var sp *annotate.Speaker
		if a.SpeakerID != "" {
			var err error
			if sp, err = speaker(a.SpeakerID); err != nil {
				return err
			}
		}
		docs = append(docs, search.AnnotationDoc(a, sp))
		return nil
	}
	for _, id := range c.Speakers {
		sp, err := speaker(id)
		if err != nil {
			return nil, nil, err
		}
		if sp == nil {
			gone = append(gone, id)
			continue
		}
		docs = append(docs, search.SpeakerDoc(*sp))
		said, err := tx.AnnotationsBy(id)
		if err != nil {
			return nil, nil, err
		}
		for _, a := range said {
			if !seen[a.ID] {
				if err := annotationDoc(a); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	for _, id := range c.Articles {
		a, err := tx.Article(id)
		switch {
		case errors.Is(err, store.ErrNotFound):
			gone = append(gone, id)
		case err != nil:
			return nil, nil, err
		default:
			docs = append(docs, search.ArticleDoc(a))
		}
	}
	for _, id := range c.Annotations {
		if seen[id] {
			continue
		}
		a, err := tx.Annotation(id)
		if errors.Is(err, store.ErrNotFound) {
			seen[id] = true
			gone = append(gone, id)
			continue
		} else if err != nil {
			return nil, nil, err
		}
		if err := annotationDoc(a); err != nil {
			return nil, nil, err
		}
	}
	return docs, gone, nil
}

// Check compares the stored index with what a build from the records
// would write and describes every difference; ok is false when the
// database has no current index to check.
func Check(tx *store.Tx) (problems []string, ok bool, err error) {
	r, ok := Open(tx)
	if !ok {
		return nil, false, nil
	}
	docs, err := Docs(tx)
	if err != nil {
		return nil, true, err
	}
	problems, err = search.Check(r, docs)
	return problems, true, err
}
