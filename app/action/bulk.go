package action

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/store"
)

// Bulk actions: the annotations table acts on many highlights at once.
// Each is ONE store.Do, so a single undo step reverts all of it, and its
// label says how many it touched ("Tag 12 highlights “port”").

// Bulk is what a bulk action did.
type Bulk struct {
	Changed int // highlights changed or deleted
	// Skipped counts highlights left as they were: already so, gone
	// meanwhile, or not concerned (a verdict asked of a quote).
	Skipped int
	// Speaker is the speaker attributed to, when AttributeAll named one.
	Speaker *annotate.Speaker
	// NewSpeaker says that speaker was added to the registry.
	NewSpeaker bool
}

func highlights(n int) string {
	if n == 1 {
		return "1 highlight"
	}
	return fmt.Sprintf("%d highlights", n)
}

// editAll runs edit on each annotation of ids inside one undoable step
// named label(changed). edit reports whether it changed the annotation;
// annotations it leaves alone, and IDs no longer there, are skipped.
// When nothing changes nothing is written and the error is ErrNoChange.
// edit runs twice per annotation: first with counting set, in a read
// transaction, to name the step (it must not write then), then in the
// step itself.
func (s *Service) editAll(ids []string, label func(n int) string, edit func(tx *store.Tx, a *annotate.Annotation, counting bool) (bool, error)) (Bulk, error) {
	var out Bulk
	ids = uniqueIDs(ids)
	if len(ids) == 0 {
		return out, ErrNoChange
	}
	// The label must be known before the step starts: count first.
	changed := 0
	err := s.st.View(func(tx *store.Tx) error {
		for _, id := range ids {
			a, err := tx.Annotation(id)
			if err != nil {
				continue
			}
			before := a
			ok, err := edit(tx, &a, true)
			if err != nil {
				return err
			}
			if ok && !annotate.SameAnnotation(before, a) {
				changed++
			}
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	if changed == 0 {
		out.Skipped = len(ids)
		return out, ErrNoChange
	}
	err = s.st.Do(label(changed), func(tx *store.Tx) error {
		out = Bulk{}
		for _, id := range ids {
			a, err := tx.Annotation(id)
			if errors.Is(err, store.ErrNotFound) {
				out.Skipped++
				continue
			} else if err != nil {
				return err
			}
			before := a
			ok, err := edit(tx, &a, false)
			if err != nil {
				return err
			}
			if !ok || annotate.SameAnnotation(before, a) {
				out.Skipped++
				continue
			}
			a.Modified = later(s.Now(), a.Created)
			if err := tx.PutAnnotation(a); err != nil {
				return err
			}
			out.Changed++
		}
		return nil
	})
	return out, err
}

// uniqueIDs drops repeats, keeping the first of each.
func uniqueIDs(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func quotedTags(tags []string) string {
	var q []string
	for _, t := range tags {
		q = append(q, quoted(t, 30))
	}
	return strings.Join(q, ", ")
}

// TagAll adds tags to every highlight of ids, as one undoable step.
func (s *Service) TagAll(ids, tags []string) (Bulk, error) {
	tags = cleanTagList(tags)
	if len(tags) == 0 {
		return Bulk{}, annotate.Invalidf("no tag given")
	}
	return s.editAll(ids, func(n int) string { return "Tag " + highlights(n) + " " + quotedTags(tags) },
		func(_ *store.Tx, a *annotate.Annotation, _ bool) (bool, error) {
			a.Tags = annotate.CleanTags(annotate.UniteTags(a.Tags, tags, annotate.MaxTags))
			return true, nil
		})
}

// UntagAll removes tags (ignoring case and accents) from every highlight
// of ids, as one undoable step.
func (s *Service) UntagAll(ids, tags []string) (Bulk, error) {
	tags = cleanTagList(tags)
	return s.editAll(ids, func(n int) string { return "Untag " + highlights(n) + " " + quotedTags(tags) },
		func(_ *store.Tx, a *annotate.Annotation, _ bool) (bool, error) {
			a.Tags = slices.DeleteFunc(slices.Clone(a.Tags), func(t string) bool {
				return slices.ContainsFunc(tags, func(x string) bool { return annotate.Fold(x) == annotate.Fold(t) })
			})
			if len(a.Tags) == 0 {
				a.Tags = nil
			}
			return true, nil
		})
}

func cleanTagList(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if t = annotate.CleanTag(t); t != "" {
			out = append(out, t)
		}
	}
	return annotate.CleanTags(out)
}

// SetStatusAll sets the verdict of every claim among ids, as one undoable
// step; highlights of other kinds carry no verdict and are skipped.
func (s *Service) SetStatusAll(ids []string, status annotate.Status) (Bulk, error) {
	if !slices.Contains(annotate.Statuses(), status) {
		return Bulk{}, annotate.Invalidf("unknown verdict %q", annotate.Clip(string(status), 40))
	}
	return s.editAll(ids, func(n int) string {
		claims := fmt.Sprintf("%d claims", n)
		if n == 1 {
			claims = "1 claim"
		}
		return "Set verdict " + string(status) + " on " + claims
	}, func(_ *store.Tx, a *annotate.Annotation, _ bool) (bool, error) {
		if a.Kind != annotate.KindClaim {
			return false, nil
		}
		a.Status = status
		return true, nil
	})
}

// AttributeAll attributes every highlight of ids to the speaker with this
// name or alias, as Attribute does for one ("" removes the attribution),
// as one undoable step.
func (s *Service) AttributeAll(ids []string, name string, allowNew bool) (Bulk, error) {
	name = strings.Join(strings.Fields(name), " ")
	label := func(n int) string { return "Remove the speaker of " + highlights(n) }
	if name != "" {
		label = func(n int) string { return "Attribute " + highlights(n) + " to " + name }
	}
	// The speaker is resolved once, in the step, from the first
	// highlight's article (for a new speaker's role).
	var sp *annotate.Speaker
	var created bool
	resolve := func(tx *store.Tx, a *annotate.Annotation) error {
		if sp != nil || name == "" {
			return nil
		}
		text, err := tx.ArticleText(a.ArticleID)
		if err != nil {
			return err
		}
		found, isNew, err := resolveSpeaker(tx, name, allowNew, text.String())
		if err != nil {
			return err
		}
		sp, created = &found, isNew
		return nil
	}
	// Counting must not create the speaker: it only needs to know which
	// highlights would change, so it compares by name, looked up once.
	countAs, looked := "", false
	out, err := s.editAll(ids, label, func(tx *store.Tx, a *annotate.Annotation, counting bool) (bool, error) {
		if counting {
			if name != "" && !looked {
				countAs, looked = "new:"+name, true
				if cur, err := tx.SpeakerByName(name); err == nil {
					countAs = cur.ID
				}
			}
			a.SpeakerID = countAs
			return true, nil
		}
		if err := resolve(tx, a); err != nil {
			return false, err
		}
		a.SpeakerID = ""
		if sp != nil {
			a.SpeakerID = sp.ID
		}
		return true, nil
	})
	out.Speaker, out.NewSpeaker = sp, created
	return out, err
}

// DeleteAll deletes every highlight of ids with its links, as one
// undoable step; each leaves a tombstone naming who.
func (s *Service) DeleteAll(ids []string, who string) (Bulk, error) {
	var out Bulk
	ids = uniqueIDs(ids)
	n := 0
	_ = s.st.View(func(tx *store.Tx) error {
		for _, id := range ids {
			if typ, err := tx.Kind(id); err == nil && typ == annotate.RecordAnnotation {
				n++
			}
		}
		return nil
	})
	if n == 0 {
		out.Skipped = len(ids)
		return out, ErrNoChange
	}
	err := s.st.Do("Delete "+highlights(n), func(tx *store.Tx) error {
		out = Bulk{}
		tx.Actor(who, s.Now())
		for _, id := range ids {
			if typ, err := tx.Kind(id); err != nil || typ != annotate.RecordAnnotation {
				out.Skipped++
				continue
			}
			if _, err := tx.Delete(id); err != nil {
				return err
			}
			out.Changed++
		}
		return nil
	})
	return out, err
}

// ExportAnnotations writes the highlights of ids, with their articles,
// the speakers they are attributed to and the links among them, to path
// in the named format, as Export does for whole articles. Other
// highlights of the same articles, and deletions, are left out: a
// selection is not a sync.
func (s *Service) ExportAnnotations(format string, ids []string, path string, opts ExportOptions) (bundle.Counts, error) {
	return s.export(format, path, opts, func() (*bundle.Bundle, error) { return s.selectionBundle(ids) })
}

// selectionBundle collects the highlights of ids with what they need.
func (s *Service) selectionBundle(ids []string) (*bundle.Bundle, error) {
	keep := map[string]bool{}
	var articles []string
	err := s.st.View(func(tx *store.Tx) error {
		for _, id := range uniqueIDs(ids) {
			a, err := tx.Annotation(id)
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			keep[id] = true
			if !slices.Contains(articles, a.ArticleID) {
				articles = append(articles, a.ArticleID)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(keep) == 0 {
		return nil, annotate.Invalidf("no highlight to export")
	}
	b, err := s.st.ExportBundle(articles)
	if err != nil {
		return nil, err
	}
	b.Annotations = slices.DeleteFunc(b.Annotations, func(a annotate.Annotation) bool { return !keep[a.ID] })
	speakers := map[string]bool{}
	for _, a := range b.Annotations {
		speakers[a.SpeakerID] = true
	}
	b.Speakers = slices.DeleteFunc(b.Speakers, func(sp annotate.Speaker) bool { return !speakers[sp.ID] })
	in := func(r annotate.Ref) bool {
		return r.Type == annotate.RefArticle && slices.Contains(articles, r.ID) || keep[r.ID]
	}
	b.Links = slices.DeleteFunc(b.Links, func(l annotate.Link) bool { return !in(l.From) || !in(l.To) })
	b.Tombstones = nil
	return b, nil
}
