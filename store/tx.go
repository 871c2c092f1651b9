package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
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

// ---- articles ----

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
	return nil
}

// indexed returns the record IDs of owner's index entries in b.
func (t *Tx) indexed(b *bucket, owner string) ([]string, error) {
	var ids []string
	err := forEachIndexed(b, owner, func(id string) error { ids = append(ids, id); return nil })
	return ids, err
}

// ---- annotations ----

// Annotation returns one annotation.
func (t *Tx) Annotation(id string) (annotate.Annotation, error) {
	var a annotate.Annotation
	err := getJSON(t.annotations, "annotation", id, &a)
	return a, err
}

// annotationsIndexed loads the annotations owner's index entries name, in
// text order.
func (t *Tx) annotationsIndexed(b *bucket, owner string) ([]annotate.Annotation, error) {
	var out []annotate.Annotation
	err := forEachIndexed(b, owner, func(id string) error {
		a, err := t.Annotation(id)
		out = append(out, a)
		return err
	})
	slices.SortStableFunc(out, func(a, b annotate.Annotation) int {
		if a.ArticleID != b.ArticleID {
			return strings.Compare(a.ArticleID, b.ArticleID)
		}
		if a.Span.Start != b.Span.Start {
			return a.Span.Start - b.Span.Start
		}
		return a.Span.End - b.Span.End
	})
	return out, err
}

// AnnotationsOf returns an article's annotations in text order.
func (t *Tx) AnnotationsOf(articleID string) ([]annotate.Annotation, error) {
	return t.annotationsIndexed(t.articleAnn, articleID)
}

// AnnotationsBy returns the annotations attributed to a speaker, grouped
// by article and in text order within each.
func (t *Tx) AnnotationsBy(speakerID string) ([]annotate.Annotation, error) {
	return t.annotationsIndexed(t.speakerAnn, speakerID)
}

// PutAnnotation creates or updates an annotation after checking it against
// its article's text and its speaker. An annotation cannot move to another
// article.
func (t *Tx) PutAnnotation(a annotate.Annotation) error {
	a.Tags = annotate.CleanTags(a.Tags)
	text, err := t.ArticleText(a.ArticleID)
	if err != nil {
		return fmt.Errorf("annotation %s: article %s: %w", a.ID, a.ArticleID, ErrNotFound)
	}
	if err := a.ValidateIn(text); err != nil {
		return err
	}
	if a.SpeakerID != "" && t.speakers.Get([]byte(a.SpeakerID)) == nil {
		return fmt.Errorf("annotation %s: speaker %s: %w", a.ID, a.SpeakerID, ErrNotFound)
	}
	old, err := t.Annotation(a.ID)
	switch {
	case err == nil:
		if old.ArticleID != a.ArticleID {
			return fmt.Errorf("annotation %s: %w: it cannot move to another article", a.ID, annotate.ErrInvalid)
		}
		if old.SpeakerID != "" && old.SpeakerID != a.SpeakerID {
			if err := t.speakerAnn.Delete(key(old.SpeakerID, a.ID)); err != nil {
				return fmt.Errorf("unindex annotation %s: %w", a.ID, err)
			}
		}
	case !errors.Is(err, ErrNotFound):
		return err
	}
	if err := t.articleAnn.Put(key(a.ArticleID, a.ID), nil); err != nil {
		return fmt.Errorf("index annotation %s: %w", a.ID, err)
	}
	if a.SpeakerID != "" {
		if err := t.speakerAnn.Put(key(a.SpeakerID, a.ID), nil); err != nil {
			return fmt.Errorf("index annotation %s: %w", a.ID, err)
		}
	}
	return putJSON(t.annotations, a.ID, a)
}

// DeleteAnnotation deletes an annotation and every link touching it.
func (t *Tx) DeleteAnnotation(id string) error {
	a, err := t.Annotation(id)
	if err != nil {
		return err
	}
	if err := t.deleteLinksOf(id); err != nil {
		return err
	}
	if err := t.articleAnn.Delete(key(a.ArticleID, id)); err != nil {
		return fmt.Errorf("delete annotation %s: %w", id, err)
	}
	if a.SpeakerID != "" {
		if err := t.speakerAnn.Delete(key(a.SpeakerID, id)); err != nil {
			return fmt.Errorf("delete annotation %s: %w", id, err)
		}
	}
	return t.annotations.Delete([]byte(id))
}

// ---- speakers ----

// Speaker returns one speaker.
func (t *Tx) Speaker(id string) (annotate.Speaker, error) {
	var s annotate.Speaker
	err := getJSON(t.speakers, "speaker", id, &s)
	return s, err
}

// SpeakerInfo is a speaker and how many annotations are attributed to it.
type SpeakerInfo struct {
	annotate.Speaker
	Annotations int
}

// Speakers lists every speaker with its annotation count, by name.
func (t *Tx) Speakers() ([]SpeakerInfo, error) {
	var out []SpeakerInfo
	err := t.speakers.ForEach(func(k, _ []byte) error {
		s, err := t.Speaker(string(k))
		out = append(out, SpeakerInfo{Speaker: s, Annotations: countIndexed(t.speakerAnn, s.ID)})
		return err
	})
	slices.SortStableFunc(out, func(a, b SpeakerInfo) int {
		return strings.Compare(annotate.Fold(a.Name), annotate.Fold(b.Name))
	})
	return out, err
}

// SpeakerByName finds the speaker whose name or one of whose aliases
// matches name, ignoring case and accents.
func (t *Tx) SpeakerByName(name string) (annotate.Speaker, error) {
	want := annotate.Fold(name)
	var found annotate.Speaker
	errFound := errors.New("found")
	err := t.speakers.ForEach(func(k, _ []byte) error {
		s, err := t.Speaker(string(k))
		if err != nil {
			return err
		}
		for _, n := range s.Names() {
			if annotate.Fold(n) == want {
				found = s
				return errFound
			}
		}
		return nil
	})
	switch {
	case errors.Is(err, errFound):
		return found, nil
	case err != nil:
		return found, err
	}
	return found, fmt.Errorf("speaker %q: %w", name, ErrNotFound)
}

// SpeakerFor returns the speaker with this name or alias (ignoring case,
// accents and spacing), creating it when there is none; describe, when not
// nil, fills in a new speaker's role and affiliation. It reports whether
// the speaker is new.
func (t *Tx) SpeakerFor(name string, describe func(*annotate.Speaker)) (annotate.Speaker, bool, error) {
	sp, err := t.SpeakerByName(name)
	if !errors.Is(err, ErrNotFound) {
		return sp, false, err
	}
	sp = annotate.Speaker{ID: annotate.NewID(), Name: strings.Join(strings.Fields(name), " ")}
	if describe != nil {
		describe(&sp)
	}
	return sp, true, t.PutSpeaker(sp)
}

// PutSpeaker creates or updates a speaker.
func (t *Tx) PutSpeaker(s annotate.Speaker) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return putJSON(t.speakers, s.ID, s)
}

// DeleteSpeaker deletes a speaker; its annotations stay, unattributed.
func (t *Tx) DeleteSpeaker(id string) error {
	if _, err := t.Speaker(id); err != nil {
		return err
	}
	anns, err := t.indexed(t.speakerAnn, id)
	if err != nil {
		return err
	}
	for _, annID := range anns {
		a, err := t.Annotation(annID)
		if err != nil {
			return err
		}
		a.SpeakerID = ""
		a.Modified = time.Now().UTC()
		if err := t.speakerAnn.Delete(key(id, annID)); err != nil {
			return fmt.Errorf("delete speaker %s: %w", id, err)
		}
		if err := putJSON(t.annotations, a.ID, a); err != nil {
			return err
		}
	}
	return t.speakers.Delete([]byte(id))
}

// ---- links ----

// Link returns one link.
func (t *Tx) Link(id string) (annotate.Link, error) {
	var l annotate.Link
	err := getJSON(t.links, "link", id, &l)
	return l, err
}

// Links lists every link.
func (t *Tx) Links() ([]annotate.Link, error) {
	var out []annotate.Link
	err := t.links.ForEach(func(k, _ []byte) error {
		l, err := t.Link(string(k))
		out = append(out, l)
		return err
	})
	return out, err
}

// LinksOf returns the links with an article or annotation at either end,
// oldest first.
func (t *Tx) LinksOf(id string) ([]annotate.Link, error) {
	var out []annotate.Link
	err := forEachIndexed(t.refLinks, id, func(linkID string) error {
		l, err := t.Link(linkID)
		out = append(out, l)
		return err
	})
	slices.SortStableFunc(out, func(a, b annotate.Link) int { return a.Created.Compare(b.Created) })
	return out, err
}

// refExists reports whether a link end names a stored record of its type.
func (t *Tx) refExists(r annotate.Ref) bool {
	switch r.Type {
	case annotate.RefArticle:
		return t.articles.Get([]byte(r.ID)) != nil
	case annotate.RefAnnotation:
		return t.annotations.Get([]byte(r.ID)) != nil
	}
	return false
}

// Ref returns the link end for a stored article or annotation ID.
func (t *Tx) Ref(id string) (annotate.Ref, error) {
	switch {
	case t.articles.Get([]byte(id)) != nil:
		return annotate.Ref{Type: annotate.RefArticle, ID: id}, nil
	case t.annotations.Get([]byte(id)) != nil:
		return annotate.Ref{Type: annotate.RefAnnotation, ID: id}, nil
	}
	return annotate.Ref{}, fmt.Errorf("no article or annotation %s: %w", id, ErrNotFound)
}

// PutLink creates or updates a link. Both ends must exist; a second link
// with the same ends and relation fails with ErrExists.
func (t *Tx) PutLink(l annotate.Link) error {
	if err := l.Validate(); err != nil {
		return err
	}
	for _, r := range []annotate.Ref{l.From, l.To} {
		if !t.refExists(r) {
			return fmt.Errorf("link %s: %s %s: %w", l.ID, r.Type, r.ID, ErrNotFound)
		}
	}
	existing, err := t.LinksOf(l.From.ID)
	if err != nil {
		return err
	}
	for _, e := range existing {
		if e.ID != l.ID && e.From == l.From && e.To == l.To && e.Relation == l.Relation {
			return fmt.Errorf("link %s %s %s: %w as %s", l.From.ID, l.Relation, l.To.ID, ErrExists, e.ID)
		}
	}
	if old, err := t.Link(l.ID); err == nil {
		if err := t.unindexLink(old); err != nil {
			return err
		}
	}
	for _, r := range []annotate.Ref{l.From, l.To} {
		if err := t.refLinks.Put(key(r.ID, l.ID), nil); err != nil {
			return fmt.Errorf("index link %s: %w", l.ID, err)
		}
	}
	return putJSON(t.links, l.ID, l)
}

func (t *Tx) unindexLink(l annotate.Link) error {
	for _, r := range []annotate.Ref{l.From, l.To} {
		if err := t.refLinks.Delete(key(r.ID, l.ID)); err != nil {
			return fmt.Errorf("unindex link %s: %w", l.ID, err)
		}
	}
	return nil
}

// DeleteLink deletes one link.
func (t *Tx) DeleteLink(id string) error {
	l, err := t.Link(id)
	if err != nil {
		return err
	}
	if err := t.unindexLink(l); err != nil {
		return err
	}
	return t.links.Delete([]byte(id))
}

func (t *Tx) deleteLinksOf(id string) error {
	ids, err := t.indexed(t.refLinks, id)
	if err != nil {
		return err
	}
	for _, linkID := range ids {
		if err := t.DeleteLink(linkID); err != nil {
			return err
		}
	}
	return nil
}

// ---- any record ----

// Kind names the type of record id is: "article", "annotation",
// "speaker" or "link". It fails with ErrNotFound.
func (t *Tx) Kind(id string) (string, error) {
	for _, c := range []struct {
		b    *bucket
		name string
	}{{t.articles, "article"}, {t.annotations, "annotation"}, {t.speakers, "speaker"}, {t.links, "link"}} {
		if c.b.Get([]byte(id)) != nil {
			return c.name, nil
		}
	}
	return "", fmt.Errorf("no record %s: %w", id, ErrNotFound)
}

// Delete deletes whatever record id names, with what depends on it, and
// returns its type.
func (t *Tx) Delete(id string) (string, error) {
	kind, err := t.Kind(id)
	if err != nil {
		return "", err
	}
	switch kind {
	case "article":
		err = t.DeleteArticle(id)
	case "annotation":
		err = t.DeleteAnnotation(id)
	case "speaker":
		err = t.DeleteSpeaker(id)
	case "link":
		err = t.DeleteLink(id)
	}
	return kind, err
}
