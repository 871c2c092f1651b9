package app

import (
	"slices"
	"strconv"

	"marginalia/annotate"
	"marginalia/store"
)

// openDoc is the article open in the reader, with its annotations (in text
// order) and the speakers they are attributed to: what the reader pane and
// the inspector show.
type openDoc struct {
	article  annotate.Article
	anns     []annotate.Annotation // on the latest version, as the reader shows them
	orphans  []string              // IDs of the annotations left on earlier versions
	speakers map[string]annotate.Speaker
}

// loadDoc reads article id with its annotations and their speakers.
func loadDoc(st *store.Store, id string) (*openDoc, error) {
	d := &openDoc{speakers: map[string]annotate.Speaker{}}
	err := st.View(func(tx *store.Tx) error {
		var err error
		if d.article, err = tx.Article(id); err != nil {
			return err
		}
		all, err := tx.AnnotationsOf(id)
		if err != nil {
			return err
		}
		// The reader shows the latest text: highlights left on an earlier
		// version (orphans) are listed by the versions section, never
		// drawn at their old offsets on the new text.
		cur := d.article.CurrentVersion()
		for _, a := range all {
			if a.VersionOf() != cur {
				d.orphans = append(d.orphans, a.ID)
			}
		}
		d.anns = slices.DeleteFunc(all, func(a annotate.Annotation) bool { return a.VersionOf() != cur })
		return d.loadSpeakers(tx)
	})
	return d, err
}

func (d *openDoc) loadSpeakers(tx *store.Tx) error {
	clear(d.speakers)
	for _, a := range d.anns {
		if _, ok := d.speakers[a.SpeakerID]; a.SpeakerID != "" && !ok {
			sp, err := tx.Speaker(a.SpeakerID)
			if err != nil {
				return err
			}
			d.speakers[sp.ID] = sp
		}
	}
	return nil
}

// textKey names the text the document shows: its article and version
// (a new version keeps the article's ID but not its text).
func (d *openDoc) textKey() string {
	return d.article.ID + "@" + strconv.Itoa(d.article.CurrentVersion())
}

// annotation returns the annotation with id.
func (d *openDoc) annotation(id string) (annotate.Annotation, bool) {
	if d == nil {
		return annotate.Annotation{}, false
	}
	i := slices.IndexFunc(d.anns, func(a annotate.Annotation) bool { return a.ID == id })
	if i < 0 {
		return annotate.Annotation{}, false
	}
	return d.anns[i], true
}

// affectedBy reports whether changes touch what the document shows.
func (d *openDoc) affectedBy(c store.Changes) bool {
	if c.Touches(d.article.ID) {
		return true
	}
	for _, a := range d.anns {
		if c.Touches(a.ID) {
			return true
		}
	}
	for _, id := range d.orphans {
		if c.Touches(id) {
			return true
		}
	}
	for id := range d.speakers {
		if c.Touches(id) {
			return true
		}
	}
	return false
}

// textOf reads an article's text ("" when it cannot).
func textOf(sh *shell, id string) string {
	var text string
	_ = sh.svc.Store().View(func(tx *store.Tx) error {
		t, err := tx.ArticleText(id)
		if err == nil {
			text = t.String()
		}
		return err
	})
	return text
}
