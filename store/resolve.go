package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"strings"
	"time"
)

func (m *merger) resolveArticles() error {
	c := &m.report.Articles
	for _, a := range m.b.Articles {
		m.tick()
		old, err := m.tx.ArticleMeta(a.ID)
		switch {
		case err == nil:
		case errors.Is(err, ErrNotFound):
			other := m.tx.ArticleByHash(a.TextHash)
			if other == "" && m.buried(annotate.RecordArticle, a.ID, func() time.Time { return m.bundleChange(a) }) {
				continue
			}
			if other == "" {
				if err := m.checkFree(annotate.RecordArticle, a.ID); err != nil {
					return err
				}
				a.Tags = annotate.CleanTags(a.Tags)
				m.artID[a.ID] = a.ID
				m.added[a.ID] = true
				m.newArticles = append(m.newArticles, a)
				for _, v := range m.bundleVersions(a.ID) {
					m.newVersions = append(m.newVersions, v)
				}
				c.Added++
				m.note(ActionAdded, annotate.RecordArticle, a.ID, a.ID, a.Title)
				continue
			}
			if old, err = m.tx.ArticleMeta(other); err != nil {
				return err
			}
			c.Matched++
		default:
			return err
		}
		m.artID[a.ID] = old.ID
		if err := m.resolveVersions(old, a); err != nil {
			return err
		}
		a.Version = old.Version // the text and its numbering are settled above
		merged, differ := annotate.UniteArticle(old, a)
		changed := !annotate.SameArticle(merged, old)
		if changed {
			merged.Text = ""
			m.updArticles = append(m.updArticles, merged)
		}
		switch {
		case len(differ) > 0:
			detail := "the bundle has a different " + strings.Join(differ, ", ")
			if a.ID != old.ID {
				detail = fmt.Sprintf("same text as bundle article %s, but %s", a.ID, detail)
			}
			m.conflict(c, annotate.RecordArticle, old.ID, KeptDatabase, "%s", detail)
		case changed:
			c.Updated++
			m.note(ActionUpdated, annotate.RecordArticle, old.ID, old.ID, merged.Title)
		default:
			c.Unchanged++
		}
	}
	return nil
}

func (m *merger) resolveSpeakers() error {
	stored, err := m.tx.Speakers()
	if err != nil {
		return err
	}
	m.speakers = make(map[string]*annotate.Speaker, len(stored)+len(m.b.Speakers))
	m.names = make(map[string]string, len(stored))
	for _, info := range stored {
		sp := info.Speaker
		m.speakers[sp.ID] = &sp
		m.learnNames(&sp)
	}
	c := &m.report.Speakers
	for _, s := range m.b.Speakers {
		m.tick()
		target := ""
		if _, ok := m.speakers[s.ID]; ok {
			target = s.ID
		} else {
			for _, n := range s.Names() {
				if id, ok := m.names[annotate.Fold(n)]; ok {
					target = id
					c.Matched++
					break
				}
			}
		}
		if target == "" && m.buried(annotate.RecordSpeaker, s.ID, func() time.Time { return time.Time{} }) {
			continue
		}
		if target == "" {
			if err := m.checkFree(annotate.RecordSpeaker, s.ID); err != nil {
				return err
			}
			sp := s
			m.speakers[s.ID] = &sp
			m.learnNames(&sp)
			m.spkID[s.ID] = s.ID
			m.markSpeaker(s.ID)
			c.Added++
			m.note(ActionAdded, annotate.RecordSpeaker, s.ID, "", s.Name)
			continue
		}
		m.spkID[s.ID] = target
		cur := m.speakers[target]
		merged, differ := annotate.UniteSpeaker(*cur, s)
		changed := !annotate.SameSpeaker(merged, *cur)
		if changed {
			*cur = merged
			m.learnNames(cur)
			m.markSpeaker(target)
		}
		switch {
		case len(differ) > 0:
			detail := "the bundle has a different " + strings.Join(differ, ", ")
			if s.ID != target {
				detail = fmt.Sprintf("same name as bundle speaker %s, but %s", s.ID, detail)
			}
			m.conflict(c, annotate.RecordSpeaker, target, KeptDatabase, "%s", detail)
		case changed:
			c.Updated++
			m.note(ActionUpdated, annotate.RecordSpeaker, target, "", cur.Name)
		default:
			c.Unchanged++
		}
	}
	return nil
}

// learnNames indexes a speaker's names for matching; a name already taken
// by another speaker keeps pointing there.
func (m *merger) learnNames(s *annotate.Speaker) {
	for _, n := range s.Names() {
		if f := annotate.Fold(n); m.names[f] == "" {
			m.names[f] = s.ID
		}
	}
}

func (m *merger) markSpeaker(id string) {
	if !m.dirtySet[id] {
		m.dirtySet[id] = true
		m.dirtySpk = append(m.dirtySpk, id)
	}
}

func (m *merger) resolveAnnotations() error {
	c := &m.report.Annotations
	for _, n := range m.b.Annotations {
		m.tick()
		n.Tags = annotate.CleanTags(n.Tags)
		if m.gone(n.ArticleID) {
			m.skipped[n.ID] = true
			c.Unchanged++ // its article was deleted
			continue
		}
		if id, ok := m.artID[n.ArticleID]; ok {
			if m.unknownVersions[n.ArticleID][n.VersionOf()] {
				m.conflict(c, annotate.RecordAnnotation, n.ID, KeptDatabase, "it is on version %d of its article, which differs here; left out", n.VersionOf())
				m.skipped[n.ID] = true
				continue
			}
			n.ArticleID = id
			if latest, behind := m.storedLatest(id); behind {
				var err error
				if n, err = m.carryIncoming(n, latest); err != nil {
					return err
				}
			}
		} else {
			// An article the bundle refers to without carrying it: its
			// stored text is the judge.
			text, err := m.tx.VersionText(n.ArticleID, n.VersionOf())
			if err != nil || m.tx.articles.Get([]byte(n.ArticleID)) == nil {
				return m.missing("annotation "+n.ID, annotate.RecordArticle, n.ArticleID)
			}
			if err := n.ValidateIn(text); err != nil {
				return fmt.Errorf("%w: %w", bundle.ErrRefused, err)
			}
		}
		if n.SpeakerID != "" && m.gone(n.SpeakerID) {
			n.SpeakerID = "" // its speaker was deleted: unattributed, as a deletion leaves it
		}
		if n.SpeakerID != "" {
			if id, ok := m.spkID[n.SpeakerID]; ok {
				n.SpeakerID = id
			} else if m.speakers[n.SpeakerID] == nil {
				return m.missing("annotation "+n.ID, annotate.RecordSpeaker, n.SpeakerID)
			}
		}
		if m.deleting[n.ID] {
			c.Unchanged++ // the bundle deletes its own copy too, later
			continue
		}
		data := m.tx.annotations.Get([]byte(n.ID))
		if data == nil && (m.deleting[n.ArticleID] || m.buried(annotate.RecordAnnotation, n.ID, func() time.Time { return n.Modified })) {
			continue
		}
		if data == nil {
			if err := m.checkFree(annotate.RecordAnnotation, n.ID); err != nil {
				return err
			}
			m.added[n.ID] = true
			m.newAnnotations = append(m.newAnnotations, n)
			c.Added++
			m.note(ActionAdded, annotate.RecordAnnotation, n.ID, n.ArticleID, n.Quote.Exact)
			continue
		}
		var old annotate.Annotation
		if err := json.Unmarshal(data, &old); err != nil {
			return fmt.Errorf("decode annotation %s: %w", n.ID, err)
		}
		switch {
		case annotate.SameAnnotation(old, n):
			c.Unchanged++
		case old.ArticleID != n.ArticleID:
			m.conflict(c, annotate.RecordAnnotation, n.ID, KeptDatabase, "the bundle has it on article %s, the database on %s", n.ArticleID, old.ArticleID)
		case n.Modified.After(old.Modified):
			m.updAnnotations = append(m.updAnnotations, n)
			m.conflict(c, annotate.RecordAnnotation, n.ID, KeptBundle, "both changed; the bundle's version (modified %s) is later than the stored one (modified %s)",
				annotate.FormatMergeTime(n.Modified), annotate.FormatMergeTime(old.Modified))
		default:
			m.conflict(c, annotate.RecordAnnotation, n.ID, KeptDatabase, "both changed; the stored version (modified %s) is not older than the bundle's (modified %s)",
				annotate.FormatMergeTime(old.Modified), annotate.FormatMergeTime(n.Modified))
		}
	}
	return nil
}

// ref maps a link end to its stored ID and checks that it exists.
func (m *merger) ref(l annotate.Link, r annotate.Ref) (annotate.Ref, error) {
	if r.Type == annotate.RefArticle {
		if id, ok := m.artID[r.ID]; ok {
			r.ID = id
		}
	}
	if m.added[r.ID] || m.tx.refExists(r) {
		return r, nil
	}
	return r, m.missing("link "+l.ID, r.Type, r.ID)
}

func linkEndsKey(l annotate.Link) string {
	return l.From.ID + "|" + l.To.ID + "|" + string(l.Relation)
}

func (m *merger) resolveLinks() error {
	c := &m.report.Links
	for _, l := range m.b.Links {
		m.tick()
		if m.gone(l.From.ID) || m.gone(l.To.ID) || m.gone(m.artID[l.From.ID]) || m.gone(m.artID[l.To.ID]) {
			c.Unchanged++ // an end was deleted
			continue
		}
		if _, err := m.tx.Link(l.ID); err != nil && m.buried(annotate.RecordLink, l.ID, func() time.Time { return l.Created }) {
			continue
		}
		var err error
		if l.From, err = m.ref(l, l.From); err != nil {
			return err
		}
		if l.To, err = m.ref(l, l.To); err != nil {
			return err
		}
		if l.From.ID == l.To.ID {
			m.conflict(c, annotate.RecordLink, l.ID, KeptDatabase, "both ends are the same article once its copies are merged; the link is left out")
			continue
		}
		planned := -1 // index in m.newLinks of the link l matches, if planned
		old, err := m.tx.Link(l.ID)
		switch {
		case err == nil:
			if i, ok := m.updLinkAt[old.ID]; ok {
				old = m.updLinks[i] // as an earlier bundle link left it
			}
		case !errors.Is(err, ErrNotFound):
			return err
		default:
			var found bool
			if old, planned, found, err = m.sameEnds(l); err != nil {
				return err
			}
			if !found {
				if err := m.checkFree(annotate.RecordLink, l.ID); err != nil {
					return err
				}
				m.linkEnds[linkEndsKey(l)] = len(m.newLinks)
				m.newLinks = append(m.newLinks, l)
				c.Added++
				m.note(ActionAdded, annotate.RecordLink, l.ID, "", string(l.Relation))
				continue
			}
			c.Matched++
		}
		sameEnds := old.From == l.From && old.To == l.To && old.Relation == l.Relation
		switch {
		case sameEnds && (l.Note == "" || l.Note == old.Note):
			c.Unchanged++
		case sameEnds && old.Note == "":
			old.Note = l.Note
			switch i, ok := m.updLinkAt[old.ID]; {
			case planned >= 0:
				m.newLinks[planned] = old
			case ok:
				m.updLinks[i] = old
			default:
				m.updLinkAt[old.ID] = len(m.updLinks)
				m.updLinks = append(m.updLinks, old)
			}
			c.Updated++
			m.note(ActionUpdated, annotate.RecordLink, old.ID, "", string(old.Relation))
		case sameEnds:
			m.conflict(c, annotate.RecordLink, old.ID, KeptDatabase, "the bundle's link %s has a different note", l.ID)
		default:
			m.conflict(c, annotate.RecordLink, old.ID, KeptDatabase, "the bundle's version links %s %s %s %s", l.From.Type, l.From.ID, l.Relation, l.To.ID)
		}
	}
	return nil
}

// sameEnds finds an added or stored link with l's ends and relation, and
// its index in m.newLinks when it is one the merge adds.
func (m *merger) sameEnds(l annotate.Link) (annotate.Link, int, bool, error) {
	if i, ok := m.linkEnds[linkEndsKey(l)]; ok {
		return m.newLinks[i], i, true, nil
	}
	if !m.tx.refExists(l.From) {
		return annotate.Link{}, -1, false, nil
	}
	existing, err := m.tx.LinksOf(l.From.ID)
	if err != nil {
		return annotate.Link{}, -1, false, err
	}
	for _, e := range existing {
		if e.From == l.From && e.To == l.To && e.Relation == l.Relation {
			if i, ok := m.updLinkAt[e.ID]; ok {
				e = m.updLinks[i] // as an earlier bundle link left it
			}
			return e, -1, true, nil
		}
	}
	return annotate.Link{}, -1, false, nil
}

// bundleChange is when a bundle article last changed, counting the
// bundle's annotations on it: an article deleted here comes back when a
// colleague annotated it after the deletion.
func (m *merger) bundleChange(a annotate.Article) time.Time {
	t := annotate.ChangedAt(a)
	if n := m.bundleIndex().annotatedAt[a.ID]; n.After(t) {
		t = n
	}
	return t
}

// missing refuses a reference to a record the merge cannot find, naming
// what the ID is when it belongs to a record of another type.
func (m *merger) missing(who string, typ annotate.RecordType, id string) error {
	if other, ok := m.tx.kind(id); ok && other != typ {
		return mergeRefused("%s: %s %s is %s in the database, not %s", who, typ, annotate.Clip(id, 80), other.An(), typ.An())
	}
	return mergeRefused("%s: %s %s is neither in the bundle nor in the database", who, typ, annotate.Clip(id, 80))
}
