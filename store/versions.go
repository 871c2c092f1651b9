package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"

	"marginalia/annotate"
)

// Versions: an article's earlier texts. The texts bucket always holds the
// latest text (everything that reads an article reads it); a new version
// moves the latest into the versions bucket under (article, number) and
// takes its place. The text-hash index keeps every version's hash, so
// importing an old version again finds the article.

func versionKey(articleID string, n int) []byte {
	return binary.BigEndian.AppendUint32(key(articleID, ""), uint32(n))
}

// ArticleVersion returns an earlier version (with its text), or the
// latest as a version record.
func (t *Tx) ArticleVersion(articleID string, n int) (annotate.ArticleVersion, error) {
	a, err := t.ArticleMeta(articleID)
	if err != nil {
		return annotate.ArticleVersion{}, err
	}
	if n == a.CurrentVersion() {
		// The latest text only when it is the one asked for.
		return annotate.ArticleVersion{ArticleID: a.ID, N: n, Title: a.Title, Source: a.Source, URL: a.URL,
			Imported: a.Imported, Text: string(t.texts.Get([]byte(articleID))), TextHash: a.TextHash}, nil
	}
	var v annotate.ArticleVersion
	if err := getJSON(t.versions, "version", string(versionKey(articleID, n)), &v); err != nil {
		return v, fmt.Errorf("article %s version %d: %w", articleID, n, ErrNotFound)
	}
	return v, nil
}

// ArticleVersions lists an article's versions, oldest first, the latest
// last, without their texts.
func (t *Tx) ArticleVersions(articleID string) ([]annotate.ArticleVersion, error) {
	a, err := t.ArticleMeta(articleID)
	if err != nil {
		return nil, err
	}
	var out []annotate.ArticleVersion
	prefix := key(articleID, "")
	c := t.versions.Cursor()
	for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		var av annotate.ArticleVersion
		if err := json.Unmarshal(v, &av); err != nil {
			return nil, fmt.Errorf("decode version of %s: %w", articleID, err)
		}
		av.Text = ""
		out = append(out, av)
	}
	return append(out, annotate.ArticleVersion{ArticleID: a.ID, N: a.CurrentVersion(), Title: a.Title, Source: a.Source, URL: a.URL,
		Imported: a.Imported, TextHash: a.TextHash}), nil
}

// VersionText returns the text of version n of an article, indexed for
// rune offsets.
func (t *Tx) VersionText(articleID string, n int) (*annotate.Text, error) {
	a, err := t.ArticleMeta(articleID)
	if err != nil {
		return nil, err
	}
	if n <= 1 && a.CurrentVersion() == 1 || n == a.CurrentVersion() {
		return t.ArticleText(articleID)
	}
	cacheID := articleID + "@" + strconv.Itoa(n)
	if txt := t.cache.get(cacheID); txt != nil {
		return txt, nil // old versions never change
	}
	v, err := t.ArticleVersion(articleID, max(n, 1))
	if err != nil {
		return nil, err
	}
	txt := annotate.NewText(v.Text)
	t.cache.put(cacheID, txt)
	return txt, nil
}

// AddVersion makes next the latest version of its article: the current
// text becomes an earlier version, next's text (normalised, not empty,
// and not any version's text already) takes its place, and the article's
// empty metadata fields are filled from next's. placed are the
// annotations re-anchored on the new text (each with Version set to the
// new number); annotations not among them stay on the version they were
// made on, as orphans. It returns the new version number.
func (t *Tx) AddVersion(next annotate.Article, placed []annotate.Annotation) (int, error) {
	cur, err := t.Article(next.ID)
	if err != nil {
		return 0, err
	}
	if err := annotate.ValidateText(next.Text); err != nil {
		return 0, err
	}
	hash := annotate.HashText(next.Text)
	if next.Text != annotate.NormalizeText(next.Text) {
		return 0, fmt.Errorf("version of article %s: %w: text is not normalised", next.ID, annotate.ErrInvalid)
	}
	if other := t.ArticleByHash(hash); other != "" {
		return 0, fmt.Errorf("this text is already stored (article %s): %w", other, ErrExists)
	}
	old := annotate.ArticleVersion{ArticleID: cur.ID, N: cur.CurrentVersion(), Title: cur.Title, Source: cur.Source, URL: cur.URL,
		Imported: cur.Imported, Text: cur.Text, TextHash: cur.TextHash}
	if err := putJSON(t.versions, string(versionKey(cur.ID, old.N)), old); err != nil {
		return 0, err
	}
	n := old.N + 1
	updated := cur
	updated.Text, updated.TextHash, updated.Version = "", hash, n
	updated.Imported = next.Imported
	for _, f := range []struct {
		dst *string
		v   string
	}{{&updated.Byline, next.Byline}, {&updated.Source, next.Source}, {&updated.URL, next.URL}} {
		if *f.dst == "" {
			*f.dst = f.v
		}
	}
	if updated.Published.IsZero() {
		updated.Published = next.Published
	}
	if err := updated.Validate(); err != nil {
		return 0, err
	}
	t.cache.drop(cur.ID)
	if err := t.texts.Put([]byte(cur.ID), []byte(next.Text)); err != nil {
		return 0, fmt.Errorf("put version text: %w", err)
	}
	if err := t.textHash.Put([]byte(hash), []byte(cur.ID)); err != nil {
		return 0, fmt.Errorf("index version text: %w", err)
	}
	if err := putJSON(t.articles, cur.ID, updated); err != nil {
		return 0, err
	}
	for _, a := range placed {
		if a.ArticleID != cur.ID || a.VersionOf() != n {
			return 0, fmt.Errorf("annotation %s: %w: placed on version %d of %s, not %d of %s", a.ID, annotate.ErrInvalid, a.VersionOf(), a.ArticleID, n, cur.ID)
		}
		if err := t.PutAnnotation(a); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// deleteVersions removes an article's earlier versions and their hashes.
func (t *Tx) deleteVersions(articleID string) error {
	prefix := key(articleID, "")
	var keys [][]byte
	var hashes []string
	c := t.versions.Cursor()
	for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		var av annotate.ArticleVersion
		if err := json.Unmarshal(v, &av); err == nil {
			hashes = append(hashes, av.TextHash)
		}
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if err := t.versions.Delete(k); err != nil {
			return fmt.Errorf("delete version: %w", err)
		}
	}
	for _, h := range hashes {
		if err := t.textHash.Delete([]byte(h)); err != nil {
			return fmt.Errorf("delete version hash: %w", err)
		}
	}
	return nil
}

// checkVersions reports versions whose text does not match its hash or
// whose hash is not indexed, and versions numbered at or after the
// article's latest.
func (t *Tx) checkVersions(bad func(format string, args ...any)) {
	_ = t.versions.ForEach(func(k, v []byte) error {
		var av annotate.ArticleVersion
		if err := json.Unmarshal(v, &av); err != nil {
			bad("version %q: cannot decode: %v", k, err)
			return nil
		}
		a, err := t.ArticleMeta(av.ArticleID)
		switch {
		case err != nil:
			bad("version %d of article %s: no such article", av.N, av.ArticleID)
		case av.N < 1 || av.N >= a.CurrentVersion():
			bad("version %d of article %s: the article is at version %d", av.N, av.ArticleID, a.CurrentVersion())
		case annotate.HashText(av.Text) != av.TextHash:
			bad("version %d of article %s: text hash does not match its text", av.N, av.ArticleID)
		case string(t.textHash.Get([]byte(av.TextHash))) != av.ArticleID:
			bad("version %d of article %s: its text hash is not indexed", av.N, av.ArticleID)
		}
		return nil
	})
}

// hasVersionHash reports whether one of a's earlier versions has the text
// hash h.
func (t *Tx) hasVersionHash(a annotate.Article, h string) bool {
	vs, err := t.ArticleVersions(a.ID)
	if err != nil {
		return false
	}
	for _, v := range vs {
		if v.TextHash == h {
			return true
		}
	}
	return false
}

// setLatest is AddVersion for a version numbered by another database: next
// carries its own version number, which must be above the stored one; the
// versions in between must already be stored.
func (t *Tx) setLatest(next annotate.Article, placed []annotate.Annotation) (int, error) {
	cur, err := t.ArticleMeta(next.ID)
	if err != nil {
		return 0, err
	}
	n := next.CurrentVersion()
	if n <= cur.CurrentVersion() {
		return 0, fmt.Errorf("article %s: version %d is not after %d", next.ID, n, cur.CurrentVersion())
	}
	for k := cur.CurrentVersion() + 1; k < n; k++ {
		if t.versions.Get(versionKey(cur.ID, k)) == nil {
			return 0, fmt.Errorf("article %s: version %d is missing: %w", cur.ID, k, ErrNotFound)
		}
	}
	// AddVersion numbers the new text one after the stored; store the
	// intermediate numbering first by moving the current text to its own
	// number, then write the new latest with its number.
	got, err := t.AddVersion(next, nil)
	if err != nil {
		return 0, err
	}
	if got != n {
		a, err := t.ArticleMeta(cur.ID)
		if err != nil {
			return 0, err
		}
		a.Version = n
		if err := putJSON(t.articles, a.ID, a); err != nil {
			return 0, err
		}
	}
	for _, a := range placed {
		if err := t.PutAnnotation(a); err != nil {
			return 0, err
		}
	}
	return n, nil
}
