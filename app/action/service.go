package action

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/related"
	"marginalia/annotate/search"
	"marginalia/store"
)

// Service runs user actions against one open store.
type Service struct {
	st      *store.Store
	now     func() time.Time
	search  *search.Engine // one per process: it caches the vocabulary
	related *relatedCache  // the articles' related-ranking documents
}

// New returns the actions on st; now is the clock (time.Now when nil).
func New(st *store.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{st: st, now: now, search: search.NewEngine(), related: &relatedCache{docs: map[string]related.Doc{}}}
	st.Watch(s.related.forget(st))
	return s
}

// Store is the store the actions write to, for reading.
func (s *Service) Store() *store.Store { return s.st }

// Now is the service's clock, in UTC.
func (s *Service) Now() time.Time { return s.now().UTC() }

// Undo reverts the last action.
func (s *Service) Undo() (store.Step, error) { return s.st.Undo() }

// Redo re-applies the last undone action.
func (s *Service) Redo() (store.Step, error) { return s.st.Redo() }

// ErrNoChange means an action would change nothing (a delete of nothing,
// a verdict already set); the store was not written.
var ErrNoChange = errors.New("nothing to change")

// quoted shortens a passage for an undo label or a message: “the first
// words…”.
func quoted(s string, n int) string {
	return "“" + annotate.Clip(strings.Join(strings.Fields(s), " "), n) + "”"
}

// Describe names a record for a message: an annotation by its kind and
// quote, an article by its title, a speaker by name, a link by its ends.
func Describe(tx *store.Tx, id string) string {
	typ, err := tx.Kind(id)
	if err != nil {
		return id
	}
	switch typ {
	case annotate.RecordArticle:
		if a, err := tx.ArticleMeta(id); err == nil {
			return "article " + quoted(a.Title, 40)
		}
	case annotate.RecordAnnotation:
		if a, err := tx.Annotation(id); err == nil {
			return strings.ToLower(a.Kind.Label()) + " " + quoted(a.Quote.Exact, 40)
		}
	case annotate.RecordSpeaker:
		if sp, err := tx.Speaker(id); err == nil {
			return "speaker " + sp.Name
		}
	case annotate.RecordLink:
		if l, err := tx.Link(id); err == nil {
			return fmt.Sprintf("link %s → %s", describeEnd(tx, l.From), describeEnd(tx, l.To))
		}
	}
	return string(typ) + " " + id
}

func describeEnd(tx *store.Tx, r annotate.Ref) string {
	if r.Type == annotate.RefArticle {
		if a, err := tx.ArticleMeta(r.ID); err == nil {
			return quoted(a.Title, 30)
		}
	}
	if a, err := tx.Annotation(r.ID); err == nil {
		return quoted(a.Quote.Exact, 30)
	}
	return r.ID
}
