package action

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"marginalia/annotate"
	"marginalia/store"
)

// The tag book: tags in use with their counts, renaming and merging them
// (edits of the records that carry them, so they undo as one step and
// travel in bundles like any edit), and a description and colour per tag.

// TagUse is one tag with how many records carry it. Spellings that differ
// only in case or accents are one tag, shown as most records write it.
type TagUse struct {
	Tag         string `json:"tag"`
	Annotations int    `json:"annotations"`
	Articles    int    `json:"articles"`
}

// Uses is how many records carry the tag.
func (u TagUse) Uses() int { return u.Annotations + u.Articles }

// TagCounter counts tags record by record, so a view can keep counts up
// to date by re-reading only the records a change touched.
type TagCounter struct {
	byRecord map[string][]string       // record ID -> its tags
	articles map[string]bool           // which records are articles
	counts   map[string]map[string]int // folded tag -> spelling -> records
	kinds    map[string][2]int         // folded tag -> annotations, articles
}

// NewTagCounter returns an empty counter.
func NewTagCounter() *TagCounter {
	return &TagCounter{byRecord: map[string][]string{}, articles: map[string]bool{}, counts: map[string]map[string]int{}, kinds: map[string][2]int{}}
}

// Set records the tags of record id (an article when article is set),
// replacing what it had; nil tags forget the record.
func (c *TagCounter) Set(id string, article bool, tags []string) {
	for _, t := range c.byRecord[id] {
		c.add(t, c.articles[id], -1)
	}
	delete(c.byRecord, id)
	delete(c.articles, id)
	if len(tags) == 0 {
		return
	}
	c.byRecord[id] = slices.Clone(tags)
	c.articles[id] = article
	for _, t := range tags {
		c.add(t, article, 1)
	}
}

func (c *TagCounter) add(tag string, article bool, n int) {
	f := annotate.Fold(tag)
	sp := c.counts[f]
	if sp == nil {
		sp = map[string]int{}
		c.counts[f] = sp
	}
	sp[tag] += n
	if sp[tag] <= 0 {
		delete(sp, tag)
	}
	k := c.kinds[f]
	if article {
		k[1] += n
	} else {
		k[0] += n
	}
	c.kinds[f] = k
	if len(sp) == 0 {
		delete(c.counts, f)
		delete(c.kinds, f)
	}
}

// Uses lists every tag in use, most used first, then by name.
func (c *TagCounter) Uses() []TagUse {
	out := make([]TagUse, 0, len(c.counts))
	for f, sp := range c.counts {
		best, bestN := "", -1
		for s, n := range sp {
			if n > bestN || n == bestN && s < best {
				best, bestN = s, n
			}
		}
		k := c.kinds[f]
		out = append(out, TagUse{Tag: best, Annotations: k[0], Articles: k[1]})
	}
	slices.SortFunc(out, func(a, b TagUse) int {
		if d := b.Uses() - a.Uses(); d != 0 {
			return d
		}
		return strings.Compare(annotate.Fold(a.Tag), annotate.Fold(b.Tag))
	})
	return out
}

// Load counts the tags of every article and annotation.
func (c *TagCounter) Load(tx *store.Tx) error {
	if err := tx.ForEachArticle(func(a annotate.Article) error { c.Set(a.ID, true, a.Tags); return nil }); err != nil {
		return err
	}
	return tx.ForEachAnnotation(func(a annotate.Annotation) error { c.Set(a.ID, false, a.Tags); return nil })
}

// Update re-reads the records changes touched.
func (c *TagCounter) Update(tx *store.Tx, ch store.Changes) {
	for _, id := range ch.Articles {
		a, err := tx.ArticleMeta(id)
		if err != nil {
			c.Set(id, true, nil)
			continue
		}
		c.Set(id, true, a.Tags)
	}
	for _, id := range ch.Annotations {
		a, err := tx.Annotation(id)
		if err != nil {
			c.Set(id, false, nil)
			continue
		}
		c.Set(id, false, a.Tags)
	}
}

// TagUses lists every tag in use on articles and annotations, most used
// first.
func (s *Service) TagUses() ([]TagUse, error) {
	c := NewTagCounter()
	if err := s.st.View(c.Load); err != nil {
		return nil, err
	}
	return c.Uses(), nil
}

// ErrTagExists refuses to rename a tag to one already in use: that is a
// merge, which the analyst must ask for.
var ErrTagExists = errors.New("tag already in use")

// RenameTag renames tag from, and the tags nested under it, on every
// article and annotation, as one undoable step, and returns how many
// records changed. A new name already in use fails with ErrTagExists
// (merge them instead); a change of case or accents alone is a rename.
func (s *Service) RenameTag(from, into string) (int, error) {
	return s.retag(from, into, false)
}

// MergeTags moves every use of tag from, and of the tags nested under it,
// to into ("labor" into "labour"; "politics/x" becomes "labour/x" when
// politics merges into labour), as one undoable step, and returns how
// many records changed. A record that had both keeps one.
func (s *Service) MergeTags(from, into string) (int, error) {
	return s.retag(from, into, true)
}

func (s *Service) retag(from, into string, merge bool) (int, error) {
	from, into = annotate.CleanTag(from), annotate.CleanTag(into)
	switch {
	case from == "" || into == "":
		return 0, annotate.Invalidf("a tag name is empty")
	case len([]rune(into)) > annotate.MaxTagRunes:
		return 0, annotate.Invalidf("tag %q is longer than %d characters", annotate.Clip(into, 40), annotate.MaxTagRunes)
	case merge && annotate.Fold(from) == annotate.Fold(into):
		return 0, annotate.Invalidf("cannot merge tag %q into itself", from)
	case from == into:
		return 0, ErrNoChange
	}
	label := "Rename tag " + quoted(from, 30) + " to " + quoted(into, 30)
	if merge {
		label = "Merge tag " + quoted(from, 30) + " into " + quoted(into, 30)
	}
	n := 0
	found, exists := false, false
	err := s.st.Do(label, func(tx *store.Tx) error {
		n, found, exists = 0, false, false
		var arts []annotate.Article
		var anns []annotate.Annotation
		note := func(tags []string) {
			for _, t := range tags {
				found = found || annotate.TagUnder(t, from)
				exists = exists || annotate.Fold(t) == annotate.Fold(into) && annotate.Fold(into) != annotate.Fold(from)
			}
		}
		if err := tx.ForEachArticle(func(a annotate.Article) error {
			note(a.Tags)
			if tags, ok := annotate.RetagIn(a.Tags, from, into); ok {
				a.Tags = tags
				arts = append(arts, a)
			}
			return nil
		}); err != nil {
			return err
		}
		if err := tx.ForEachAnnotation(func(a annotate.Annotation) error {
			note(a.Tags)
			if tags, ok := annotate.RetagIn(a.Tags, from, into); ok {
				a.Tags = tags
				anns = append(anns, a)
			}
			return nil
		}); err != nil {
			return err
		}
		switch {
		case !found:
			return fmt.Errorf("no tag %s: %w", quoted(from, 40), store.ErrNotFound)
		case exists && !merge:
			return fmt.Errorf("%s is in use: %w; merge %s into it instead", quoted(into, 40), ErrTagExists, quoted(from, 40))
		}
		for _, a := range arts {
			a.Text = ""
			if err := tx.PutArticle(a); err != nil {
				return err
			}
		}
		now := s.Now()
		for _, a := range anns {
			a.Modified = later(now, a.Created)
			if err := tx.PutAnnotation(a); err != nil {
				return err
			}
		}
		n = len(arts) + len(anns)
		if n == 0 {
			return ErrNoChange
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	// The description and colour go with the name. They are settings, not
	// records, so the old name keeps its own: an undo finds it again.
	notes := s.TagNotes()
	if old, ok := notes[annotate.Fold(from)]; ok {
		if _, has := notes[annotate.Fold(into)]; !has || !merge {
			_ = s.SetTagNote(into, old)
		}
	}
	return n, nil
}

// TagNote is what an analyst says about a tag: a description and a
// colour ("#rrggbb", "" for none).
type TagNote struct {
	Description string `json:"description,omitempty"`
	Colour      string `json:"colour,omitempty"`
}

// tagNotesSetting is the store setting holding every tag's note, as JSON
// keyed by the folded tag. Notes are settings of this library, not
// records: they do not travel in bundles and are not undone.
const tagNotesSetting = "tags.notes"

// TagNotes returns the note of every tag that has one, keyed by the
// folded tag (annotate.Fold).
func (s *Service) TagNotes() map[string]TagNote {
	m := map[string]TagNote{}
	if v := s.st.Setting(tagNotesSetting); v != "" {
		_ = json.Unmarshal([]byte(v), &m)
	}
	return m
}

// SetTagNote keeps a tag's description and colour; an empty note forgets
// them.
func (s *Service) SetTagNote(tag string, n TagNote) error {
	tag = annotate.CleanTag(tag)
	if tag == "" {
		return annotate.Invalidf("no tag given")
	}
	n.Description = strings.TrimSpace(n.Description)
	if len([]rune(n.Description)) > 2000 {
		return annotate.Invalidf("description is longer than 2000 characters")
	}
	if n.Colour != "" && !validColour(n.Colour) {
		return annotate.Invalidf("colour %q is not #rrggbb", annotate.Clip(n.Colour, 20))
	}
	m := s.TagNotes()
	if n == (TagNote{}) {
		delete(m, annotate.Fold(tag))
	} else {
		m[annotate.Fold(tag)] = n
	}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if len(m) == 0 {
		data = nil
	}
	return s.st.SetSetting(tagNotesSetting, string(data))
}

func validColour(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for _, r := range c[1:] {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return false
		}
	}
	return true
}
