package app

import (
	"strings"

	"marginalia/store"
)

// highlightLabel describes a highlight in a link picker, so the analyst
// knows what each candidate is: its kind, its speaker, its quote and its
// article ("Claim · Maria Okonkwo · “…” — Port strike ends"). titles maps
// article IDs to titles; the ID itself is the label of a highlight that
// cannot be read.
func highlightLabel(sh *shell, id string, titles map[string]string) string {
	label := id
	_ = sh.svc.Store().View(func(tx *store.Tx) error {
		a, err := tx.Annotation(id)
		if err != nil {
			return err
		}
		parts := []string{a.Kind.Label()}
		if a.SpeakerID != "" {
			if sp, err := tx.Speaker(a.SpeakerID); err == nil {
				parts = append(parts, sp.Name)
			}
		}
		parts = append(parts, "“"+shorten(a.Quote.Exact, 80)+"”")
		label = strings.Join(parts, " · ")
		title, ok := titles[a.ArticleID]
		if !ok {
			if art, err := tx.ArticleMeta(a.ArticleID); err == nil {
				title = art.Title
			}
		}
		if title != "" {
			label += " — " + title
		}
		return nil
	})
	return label
}
