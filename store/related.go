package store

import (
	"marginalia/annotate/related"
)

// Related ranks every other article by likely relation to the article id
// (text similarity, shared speakers, shared tags), best first.
func (t *Tx) Related(id string) ([]related.Suggestion, error) {
	if _, err := t.ArticleMeta(id); err != nil {
		return nil, err
	}
	infos, err := t.Articles()
	if err != nil {
		return nil, err
	}
	var target related.Doc
	others := make([]related.Doc, 0, len(infos))
	for _, info := range infos {
		d, err := t.relatedDoc(info)
		if err != nil {
			return nil, err
		}
		if info.ID == id {
			target = d
		} else {
			others = append(others, d)
		}
	}
	return related.Rank(target, others), nil
}

func (t *Tx) relatedDoc(info ArticleInfo) (related.Doc, error) {
	text, err := t.ArticleText(info.ID)
	if err != nil {
		return related.Doc{}, err
	}
	d := related.Doc{ID: info.ID, Title: info.Title, Text: text.String(), Speakers: map[string]string{}, Tags: info.Tags}
	anns, err := t.AnnotationsOf(info.ID)
	if err != nil {
		return d, err
	}
	for _, a := range anns {
		d.Tags = append(d.Tags, a.Tags...)
		if a.SpeakerID == "" {
			continue
		}
		if _, ok := d.Speakers[a.SpeakerID]; !ok {
			sp, err := t.Speaker(a.SpeakerID)
			if err != nil {
				return d, err
			}
			d.Speakers[a.SpeakerID] = sp.Name
		}
	}
	return d, nil
}
