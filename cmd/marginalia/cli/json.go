package cli

import (
	"encoding/json"
	"time"

	"marginalia/annotate"
)

// JSON shapes of the command line's output. Field names are part of the
// interface: scripts depend on them.
type (
	articleItem struct {
		ID          string `json:"id"`
		Title       string `json:"title"`
		Source      string `json:"source"`
		URL         string `json:"url"`
		Published   string `json:"published"`
		Annotations int    `json:"annotations"`
	}
	articleJSON struct {
		ID        string `json:"id"`
		Title     string `json:"title"`
		Byline    string `json:"byline"`
		Source    string `json:"source"`
		URL       string `json:"url"`
		Published string `json:"published"`
		Text      string `json:"text"`
	}
	annotationJSON struct {
		ID       string   `json:"id"`
		Kind     string   `json:"kind"`
		Start    int      `json:"start"`
		End      int      `json:"end"`
		Exact    string   `json:"exact"`
		Prefix   string   `json:"prefix"`
		Suffix   string   `json:"suffix"`
		Speaker  string   `json:"speaker"`
		Note     string   `json:"note"`
		Tags     []string `json:"tags"`
		Status   string   `json:"status"`
		Creator  string   `json:"creator"`
		Created  string   `json:"created"`
		Modified string   `json:"modified"`
	}
	linkJSON struct {
		ID        string `json:"id"`
		From      string `json:"from"`
		FromType  string `json:"from_type"` // "article" or "annotation"
		To        string `json:"to"`
		ToType    string `json:"to_type"`
		Relation  string `json:"relation"`
		Note      string `json:"note"`
		Direction string `json:"direction"`
	}
	showJSON struct {
		Article     articleJSON      `json:"article"`
		Annotations []annotationJSON `json:"annotations"`
		Links       []linkJSON       `json:"links"`
	}
	speakerJSON struct {
		ID          string   `json:"id"`
		Name        string   `json:"name"`
		Aliases     []string `json:"aliases"`
		Role        string   `json:"role"`
		Affiliation string   `json:"affiliation"`
		Annotations int      `json:"annotations"`
	}
	detectedJSON struct {
		Name     string `json:"name"`
		Mentions int    `json:"mentions"`
	}
	relatedJSON struct {
		ID      string   `json:"id"`
		Title   string   `json:"title"`
		Score   float64  `json:"score"`
		Reasons []string `json:"reasons"`
	}
)

// rfc3339 formats t, or "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (s *session) printJSON(v any) error {
	enc := json.NewEncoder(s.env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func linkItems(links []annotate.Link, self string) []linkJSON {
	out := make([]linkJSON, 0, len(links))
	for _, l := range links {
		dir := "out"
		if l.To.ID == self && l.From.ID != self {
			dir = "in"
		}
		out = append(out, linkJSON{ID: l.ID, From: l.From.ID, FromType: string(l.From.Type), To: l.To.ID, ToType: string(l.To.Type),
			Relation: string(l.Relation), Note: l.Note, Direction: dir})
	}
	return out
}
