package store

import (
	"marginalia/annotate"
	"marginalia/annotate/search"
)

// SearchDocs returns the searchable form of every article, annotation and
// speaker, for building a search index.
func (t *Tx) SearchDocs() ([]search.Doc, error) {
	speakers := map[string]*annotate.Speaker{}
	var docs []search.Doc
	err := t.speakers.ForEach(func(k, _ []byte) error {
		sp, err := t.Speaker(string(k))
		if err != nil {
			return err
		}
		speakers[sp.ID] = &sp
		docs = append(docs, search.SpeakerDoc(sp))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = t.articles.ForEach(func(k, _ []byte) error {
		a, err := t.ArticleMeta(string(k))
		if err != nil {
			return err
		}
		docs = append(docs, search.ArticleDoc(a))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = t.annotations.ForEach(func(k, _ []byte) error {
		a, err := t.Annotation(string(k))
		if err != nil {
			return err
		}
		docs = append(docs, search.AnnotationDoc(a, speakers[a.SpeakerID]))
		return nil
	})
	return docs, err
}

// SearchDocsFor returns the current searchable form of the records that
// changes touched, and the IDs of those that no longer exist. A changed
// speaker also refreshes the annotations attributed to it, whose documents
// carry the speaker's names.
func (t *Tx) SearchDocsFor(c Changes) (docs []search.Doc, gone []string, err error) {
	annIDs := append([]string{}, c.Annotations...)
	for _, id := range c.Speakers {
		sp, err := t.Speaker(id)
		if err != nil {
			gone = append(gone, id)
			continue
		}
		docs = append(docs, search.SpeakerDoc(sp))
		said, err := t.indexed(t.speakerAnn, id)
		if err != nil {
			return nil, nil, err
		}
		annIDs = append(annIDs, said...)
	}
	for _, id := range c.Articles {
		if a, err := t.ArticleMeta(id); err == nil {
			docs = append(docs, search.ArticleDoc(a))
		} else {
			gone = append(gone, id)
		}
	}
	for _, id := range annIDs {
		a, err := t.Annotation(id)
		if err != nil {
			gone = append(gone, id)
			continue
		}
		var sp *annotate.Speaker
		if a.SpeakerID != "" {
			if s, err := t.Speaker(a.SpeakerID); err == nil {
				sp = &s
			}
		}
		docs = append(docs, search.AnnotationDoc(a, sp))
	}
	return docs, gone, nil
}
