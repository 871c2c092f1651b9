package action

import (
	"marginalia/annotate"
	"marginalia/annotate/search"
	"marginalia/store"
)

// SearchDocs returns the searchable form of every article, annotation and
// speaker, for building a search index.
func SearchDocs(tx *store.Tx) ([]search.Doc, error) {
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
	err = tx.ForEachArticle(func(a annotate.Article) error {
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

// SearchDocsFor returns the current searchable form of the records that
// changes touched, and the IDs of those that no longer exist. A changed
// speaker also refreshes the annotations attributed to it, whose documents
// carry the speaker's names.
func SearchDocsFor(tx *store.Tx, c store.Changes) (docs []search.Doc, gone []string, err error) {
	annIDs := append([]string{}, c.Annotations...)
	for _, id := range c.Speakers {
		sp, err := tx.Speaker(id)
		if err != nil {
			gone = append(gone, id)
			continue
		}
		docs = append(docs, search.SpeakerDoc(sp))
		said, err := tx.AnnotationsBy(id)
		if err != nil {
			return nil, nil, err
		}
		for _, a := range said {
			annIDs = append(annIDs, a.ID)
		}
	}
	for _, id := range c.Articles {
		if a, err := tx.ArticleMeta(id); err == nil {
			docs = append(docs, search.ArticleDoc(a))
		} else {
			gone = append(gone, id)
		}
	}
	for _, id := range annIDs {
		a, err := tx.Annotation(id)
		if err != nil {
			gone = append(gone, id)
			continue
		}
		var sp *annotate.Speaker
		if a.SpeakerID != "" {
			if s, err := tx.Speaker(a.SpeakerID); err == nil {
				sp = &s
			}
		}
		docs = append(docs, search.AnnotationDoc(a, sp))
	}
	return docs, gone, nil
}
