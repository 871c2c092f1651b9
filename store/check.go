package store

import (
	"encoding/json"
	"fmt"

	"marginalia/annotate"
)

// Check verifies the database: bbolt's own page consistency, every record
// decodes and is valid, every annotation's article exists and its span
// fits the text with a matching quote, every speaker and link end exists,
// every index entry points at a record that agrees with it, and every
// record is indexed. It returns the problems found; an error means the
// check itself could not run.
func (s *Store) Check() ([]string, error) {
	var problems []string
	err := s.View(func(t *Tx) error {
		for err := range t.tx.Check() {
			problems = append(problems, "bbolt: "+err.Error())
		}
		problems = append(problems, t.checkRecords()...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	return problems, nil
}

func (t *Tx) checkRecords() []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	decode := func(b *bucket, what string, v any, fn func()) {
		_ = b.ForEach(func(k, data []byte) error {
			if err := json.Unmarshal(data, v); err != nil {
				bad("%s %s: cannot decode: %v", what, k, err)
				return nil
			}
			fn()
			return nil
		})
	}

	// Articles: valid, text present and hashed, hash indexed.
	var a annotate.Article
	decode(t.articles, "article", &a, func() {
		text := t.texts.Get([]byte(a.ID))
		if text == nil {
			bad("article %s: no text", a.ID)
			return
		}
		a.Text = string(text)
		if err := a.Validate(); err != nil {
			bad("%v", err)
		}
		if got := string(t.textHash.Get([]byte(a.TextHash))); got != a.ID {
			bad("article %s: text hash index points at %q", a.ID, got)
		}
		a = annotate.Article{}
	})
	_ = t.texts.ForEach(func(k, _ []byte) error {
		if t.articles.Get(k) == nil {
			bad("text %s: no article", k)
		}
		return nil
	})
	_ = t.textHash.ForEach(func(k, v []byte) error {
		if meta, err := t.ArticleMeta(string(v)); err != nil || meta.TextHash != string(k) && !t.hasVersionHash(meta, string(k)) {
			bad("text hash index %.12s…: points at %s, which does not have that text", k, v)
		}
		return nil
	})

	// Annotations: valid in their article's text, speaker exists, indexed.
	var ann annotate.Annotation
	decode(t.annotations, "annotation", &ann, func() {
		defer func() { ann = annotate.Annotation{} }()
		text, err := t.VersionText(ann.ArticleID, ann.VersionOf())
		if err != nil || t.articles.Get([]byte(ann.ArticleID)) == nil {
			bad("annotation %s: article %s does not exist", ann.ID, ann.ArticleID)
			return
		}
		if err := ann.ValidateIn(text); err != nil {
			bad("%v", err)
		}
		if t.articleAnn.Get(key(ann.ArticleID, ann.ID)) == nil {
			bad("annotation %s: not in its article's index", ann.ID)
		}
		if ann.SpeakerID != "" {
			if t.speakers.Get([]byte(ann.SpeakerID)) == nil {
				bad("annotation %s: speaker %s does not exist", ann.ID, ann.SpeakerID)
			}
			if t.speakerAnn.Get(key(ann.SpeakerID, ann.ID)) == nil {
				bad("annotation %s: not in its speaker's index", ann.ID)
			}
		}
	})

	var sp annotate.Speaker
	decode(t.speakers, "speaker", &sp, func() {
		if err := sp.Validate(); err != nil {
			bad("%v", err)
		}
		sp = annotate.Speaker{}
	})

	var l annotate.Link
	decode(t.links, "link", &l, func() {
		if err := l.Validate(); err != nil {
			bad("%v", err)
		}
		for _, r := range []annotate.Ref{l.From, l.To} {
			if !t.refExists(r) {
				bad("link %s: %s %s does not exist", l.ID, r.Type, r.ID)
			}
			if t.refLinks.Get(key(r.ID, l.ID)) == nil {
				bad("link %s: not in the index of %s", l.ID, r.ID)
			}
		}
		l = annotate.Link{}
	})

	// Index entries point at records that agree with them.
	checkIndex := func(b *bucket, name string, agrees func(owner, id string) bool) {
		_ = b.ForEach(func(k, _ []byte) error {
			owner, id, ok := splitKey(k)
			if !ok || !agrees(owner, id) {
				bad("%s index entry %q points at no matching record", name, k)
			}
			return nil
		})
	}
	checkIndex(t.articleAnn, "article", func(owner, id string) bool {
		a, err := t.Annotation(id)
		return err == nil && a.ArticleID == owner
	})
	checkIndex(t.speakerAnn, "speaker", func(owner, id string) bool {
		a, err := t.Annotation(id)
		return err == nil && a.SpeakerID == owner
	})
	t.checkTombstones(bad)
	t.checkVersions(bad)
	checkIndex(t.refLinks, "link", func(owner, id string) bool {
		l, err := t.Link(id)
		return err == nil && (l.From.ID == owner || l.To.ID == owner)
	})
	return problems
}
