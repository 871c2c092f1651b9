package action

import (
	"marginalia/annotate"
	"marginalia/store"
)

// EditArticle saves a change to an article's metadata (never its text) as
// an undoable step; see Edit for label and merge.
func (s *Service) EditArticle(id, label, merge string, edit func(*annotate.Article)) (annotate.Article, error) {
	var a annotate.Article
	err := s.st.DoMerge(label, merge, func(tx *store.Tx) error {
		var err error
		if a, err = tx.ArticleMeta(id); err != nil {
			return err
		}
		edit(&a)
		a.ID, a.Text = id, "" // the text is never changed here
		a.Tags = annotate.CleanTags(a.Tags)
		return tx.PutArticle(a)
	})
	return a, err
}
