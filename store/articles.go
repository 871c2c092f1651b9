package store

import (
	"errors"
	"fmt"
	"marginalia/annotate"
	"slices"
)

// Article returns the article with its text.
func (t *Tx) Article(id string) (annotate.Article, error) {
	a, err := t.ArticleMeta(id)
	if err != nil {
		return a, err
	}
	a.Text = string(t.texts.Get([]byte(id)))
	return a, nil
}

// ArticleMeta returns the article without loading its text.
func (t *Tx) ArticleMeta(id string) (annotate.Article, error) {
	var a annotate.Article
	err := getJSON(t.articles, "article", id, &a)
	return a, err
}

// ArticleText returns the article's text indexed for rune offsets.
// Article texts never change, so the index is shared across transactions
// through a small cache of recently used texts.
func (t *Tx) ArticleText(id string) (*annotate.Text, error) {
	data := t.texts.Get([]byte(id))
	if data == nil {
		return nil, fmt.Errorf("text of article %s: %w", id, ErrNotFound)
	}
	// Comparing (without copying) guards against an entry left by a
	// rolled-back transaction.
	if txt := t.cache.get(id); txt != nil && txt.String() == string(data) {
		return txt, nil
	}
	txt := annotate.NewText(string(data))
	t.cache.put(id, txt)
	return txt, nil
}

// ArticleByHash returns the ID of the article whose text has the given
// hash, or "" when there is none.
func (t *Tx) ArticleByHash(hash string) string {
	return string(t.textHash.Get([]byte(hash)))
}

// Articles lists every article's metadata with its annotation count,
// newest import first.
func (t *Tx) Articles() ([]ArticleInfo, error) {
	var out []ArticleInfo
	err := t.articles.ForEach(func(k, v []byte) error {
		var a annotate.Article
		if err := getJSON(t.articles, "article", string(k), &a); err != nil {
			return err
		}
		out = append(out, ArticleInfo{Article: a, Annotations: countIndexed(t.articleAnn, a.ID)})
		return nil
	})
	slices.SortStableFunc(out, func(a, b ArticleInfo) int { return b.Imported.Compare(a.Imported) })
	return out, err
}

// PutArticle creates or updates an article. A new article must carry its
// text; an update may leave Text empty to keep the stored text, and may
// not change it. A new article whose text is already stored under another
// ID fails with ErrExists.
func (t *Tx) PutArticle(a annotate.Article) error {
	old, err := t.ArticleMeta(a.ID)
	exists := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if exists {
		if a.Text != "" && annotate.HashText(a.Text) != old.TextHash {
			return fmt.Errorf("update article %s: %w: its text cannot change", a.ID, annotate.ErrInvalid)
		}
		a.TextHash = old.TextHash
	} else if a.Text == "" {
		return fmt.Errorf("create article %s: %w: text is empty", a.ID, annotate.ErrInvalid)
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if !exists {
		t.cache.drop(a.ID)
		if other := t.ArticleByHash(a.TextHash); other != "" {
			return fmt.Errorf("article %s has the same text as article %s: %w", a.ID, other, ErrExists)
		}
		if err := t.texts.Put([]byte(a.ID), []byte(a.Text)); err != nil {
			return fmt.Errorf("put article text: %w", err)
		}
		if err := t.textHash.Put([]byte(a.TextHash), []byte(a.ID)); err != nil {
			return fmt.Errorf("put article hash: %w", err)
		}
	}
	a.Text = ""
	a.Tags = annotate.CleanTags(a.Tags)
	return putJSON(t.articles, a.ID, a)
}

// ImportArticle stores a new article unless its text is already in the
// library, and returns the stored article (the existing one, with its own
// ID and title, when the text was known) and whether it was new.
func (t *Tx) ImportArticle(a annotate.Article) (annotate.Article, bool, error) {
	if id := t.ArticleByHash(a.TextHash); id != "" {
		old, err := t.ArticleMeta(id)
		return old, false, err
	}
	return a, true, t.PutArticle(a)
}

// DeleteArticle deletes an article with its text, its annotations and
// every link touching it or them.
func (t *Tx) DeleteArticle(id string) error {
	a, err := t.ArticleMeta(id)
	if err != nil {
		return err
	}
	anns, err := t.indexed(t.articleAnn, id)
	if err != nil {
		return err
	}
	for _, annID := range anns {
		if err := t.DeleteAnnotation(annID); err != nil {
			return err
		}
	}
	if err := t.deleteLinksOf(id); err != nil {
		return err
	}
	for _, del := range []struct {
		b *bucket
		k string
	}{{t.texts, id}, {t.textHash, a.TextHash}, {t.articles, id}} {
		if err := del.b.Delete([]byte(del.k)); err != nil {
			return fmt.Errorf("delete article %s: %w", id, err)
		}
	}
	t.cache.drop(id)
	if err := t.deleteVersions(id); err != nil {
		return err
	}
	return t.bury(annotate.RecordArticle, id, "")
}

// indexed returns the record IDs of owner's index entries in b.
func (t *Tx) indexed(b *bucket, owner string) ([]string, error) {
	var ids []string
	err := forEachIndexed(b, owner, func(id string) error { ids = append(ids, id); return nil })
	return ids, err
}
