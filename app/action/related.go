package action

import (
	"marginalia/annotate/related"
	"marginalia/store"
)

// Related ranks every other article by likely relation to the article id
// (text similarity, shared speakers, shared tags), best first. It reads
// every article's text: run it off the UI goroutine.
func (s *Service) Related(id string) ([]related.Suggestion, error) {
	var out []related.Suggestion
	err := s.st.View(func(tx *store.Tx) error {
		if _, err := tx.ArticleMeta(id); err != nil {
			return err
		}
		infos, err := tx.Articles()
		if err != nil {
			return err
		}
		var target related.Doc
		others := make([]related.Doc, 0, len(infos))
		for _, info := range infos {
			d, err := relatedDoc(tx, info)
			if err != nil {
				return err
			}
			if info.ID == id {
				target = d
			} else {
				others = append(others, d)
			}
		}
		out = related.Rank(target, others)
		return nil
	})
	return out, err
}

func relatedDoc(tx *store.Tx, info store.ArticleInfo) (related.Doc, error) {
	text, err := tx.ArticleText(info.ID)
	if err != nil {
		return related.Doc{}, err
	}
	d := related.Doc{ID: info.ID, Title: info.Title, Text: text.String(), Speakers: map[string]string{}, Tags: info.Tags}
	anns, err := tx.AnnotationsOf(info.ID)
	if err != nil {
		return d, err
	}
	for _, a := range anns {
		d.Tags = append(d.Tags, a.Tags...)
		if a.SpeakerID == "" {
			continue
		}
		if _, ok := d.Speakers[a.SpeakerID]; !ok {
			sp, err := tx.Speaker(a.SpeakerID)
			if err != nil {
				return d, err
			}
			d.Speakers[a.SpeakerID] = sp.Name
		}
	}
	return d, nil
}
