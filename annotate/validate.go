package annotate

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what one record may hold. They keep a hostile bundle or a
// slip of the clipboard from bloating the database.
const (
	MaxTextBytes  = 20 << 20 // an article's text
	MaxTitleRunes = 1000
	MaxNoteRunes  = 1 << 20
	MaxTags       = 200
	MaxTagRunes   = 100
	MaxNameRunes  = 200
	MaxAliases    = 100
)

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("invalid")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// ValidID reports whether id looks like a record ID: 1 to 64 characters
// from [0-9A-Za-z-_].
func ValidID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func checkID(what, id string) error {
	if !ValidID(id) {
		return invalid("%s id %q", what, id)
	}
	return nil
}

func checkString(what, s string, maxRunes int) error {
	if !utf8.ValidString(s) {
		return invalid("%s is not valid UTF-8", what)
	}
	if strings.ContainsRune(s, 0) {
		return invalid("%s contains a NUL character", what)
	}
	if n := utf8.RuneCountInString(s); n > maxRunes {
		return invalid("%s is %d characters long; the limit is %d", what, n, maxRunes)
	}
	return nil
}

func checkTags(tags []string) error {
	if len(tags) > MaxTags {
		return invalid("%d tags; the limit is %d", len(tags), MaxTags)
	}
	for _, t := range tags {
		if strings.TrimSpace(t) == "" {
			return invalid("empty tag")
		}
		if err := checkString("tag", t, MaxTagRunes); err != nil {
			return err
		}
	}
	return nil
}

// CleanTags trims tags, drops empty ones and duplicates (ignoring case and
// accents), keeping the first spelling of each.
func CleanTags(tags []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" || seen[Fold(t)] {
			continue
		}
		seen[Fold(t)] = true
		out = append(out, t)
	}
	return out
}

// Validate checks the article's own fields, including that TextHash is the
// hash of Text when Text is present.
func (a *Article) Validate() error {
	if err := checkID("article", a.ID); err != nil {
		return err
	}
	if strings.TrimSpace(a.Title) == "" {
		return invalid("article %s has no title", a.ID)
	}
	for what, s := range map[string]string{"title": a.Title, "byline": a.Byline, "source": a.Source, "url": a.URL} {
		if err := checkString("article "+what, s, MaxTitleRunes); err != nil {
			return err
		}
	}
	if err := checkString("article note", a.Note, MaxNoteRunes); err != nil {
		return err
	}
	if err := checkTags(a.Tags); err != nil {
		return err
	}
	if a.Imported.IsZero() {
		return invalid("article %s has no import time", a.ID)
	}
	if len(a.TextHash) != 64 {
		return invalid("article %s has no text hash", a.ID)
	}
	if a.Text != "" {
		if err := ValidateText(a.Text); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
		if a.Text != NormalizeText(a.Text) {
			return invalid("article %s text is not normalised", a.ID)
		}
		if a.TextHash != HashText(a.Text) {
			return invalid("article %s text hash does not match its text", a.ID)
		}
	}
	return nil
}

// ValidateText checks that text can be an article's text: non-empty, valid
// UTF-8, not binary, not too large.
func ValidateText(text string) error {
	switch {
	case len(text) > MaxTextBytes:
		return invalid("text is %d MB; the limit is %d MB", len(text)>>20, MaxTextBytes>>20)
	case strings.TrimSpace(text) == "":
		return invalid("text is empty")
	case !utf8.ValidString(text):
		return invalid("text is not valid UTF-8")
	case strings.ContainsRune(text, 0):
		return invalid("text contains NUL bytes: binary content")
	}
	return nil
}

// Validate checks the annotation's own fields. ValidateIn also checks it
// against its article's text.
func (a *Annotation) Validate() error {
	if err := checkID("annotation", a.ID); err != nil {
		return err
	}
	if err := checkID("article", a.ArticleID); err != nil {
		return fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	if !slices.Contains(Kinds(), a.Kind) {
		return invalid("annotation %s: unknown kind %q", a.ID, a.Kind)
	}
	if a.SpeakerID != "" {
		if err := checkID("speaker", a.SpeakerID); err != nil {
			return fmt.Errorf("annotation %s: %w", a.ID, err)
		}
	}
	switch {
	case a.Status == "":
	case a.Kind != KindClaim:
		return invalid("annotation %s: a status applies to claims only", a.ID)
	case !slices.Contains(Statuses(), a.Status):
		return invalid("annotation %s: unknown status %q", a.ID, a.Status)
	}
	if a.Span.Start < 0 || a.Span.End <= a.Span.Start {
		return invalid("annotation %s: span %d-%d is empty or negative", a.ID, a.Span.Start, a.Span.End)
	}
	if RuneLen(a.Quote.Exact) != a.Span.Len() {
		return invalid("annotation %s: quote is %d characters but span %d-%d covers %d",
			a.ID, RuneLen(a.Quote.Exact), a.Span.Start, a.Span.End, a.Span.Len())
	}
	for what, s := range map[string]string{"quote": a.Quote.Exact, "prefix": a.Quote.Prefix, "suffix": a.Quote.Suffix} {
		if err := checkString("annotation "+what, s, MaxTextBytes); err != nil {
			return err
		}
	}
	if err := checkString("annotation note", a.Note, MaxNoteRunes); err != nil {
		return err
	}
	if err := checkString("creator", a.Creator, MaxNameRunes); err != nil {
		return err
	}
	if err := checkTags(a.Tags); err != nil {
		return err
	}
	if a.Created.IsZero() || a.Modified.IsZero() {
		return invalid("annotation %s has no creation or modification time", a.ID)
	}
	if a.Modified.Before(a.Created) {
		return invalid("annotation %s was modified before it was created", a.ID)
	}
	return nil
}

// ValidateIn checks the annotation and that its span fits text and its
// quote is exactly what the span selects.
func (a *Annotation) ValidateIn(text *Text) error {
	if err := a.Validate(); err != nil {
		return err
	}
	want, err := text.QuoteAt(a.Span)
	if err != nil {
		return fmt.Errorf("%w: annotation %s: %w", ErrInvalid, a.ID, err)
	}
	if want != a.Quote {
		return invalid("annotation %s: quote does not match the article text at %d-%d", a.ID, a.Span.Start, a.Span.End)
	}
	return nil
}

// NewAnnotation anchors a new annotation of kind at span in the article's
// text, computing its quote. Claims start unverified.
func NewAnnotation(articleID string, text *Text, span Span, kind Kind, creator string, now time.Time) (Annotation, error) {
	q, err := text.QuoteAt(span)
	if err != nil {
		return Annotation{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	a := Annotation{
		ID: NewID(), ArticleID: articleID, Kind: kind, Span: span, Quote: q,
		Creator: creator, Created: now, Modified: now,
	}
	if kind == KindClaim {
		a.Status = StatusUnverified
	}
	return a, a.Validate()
}

// Validate checks the speaker's fields.
func (s *Speaker) Validate() error {
	if err := checkID("speaker", s.ID); err != nil {
		return err
	}
	if strings.TrimSpace(s.Name) == "" {
		return invalid("speaker %s has no name", s.ID)
	}
	if len(s.Aliases) > MaxAliases {
		return invalid("speaker %s has %d aliases; the limit is %d", s.ID, len(s.Aliases), MaxAliases)
	}
	for _, n := range s.Names() {
		if strings.TrimSpace(n) == "" {
			return invalid("speaker %s has an empty alias", s.ID)
		}
		if err := checkString("speaker name", n, MaxNameRunes); err != nil {
			return err
		}
	}
	for what, v := range map[string]string{"role": s.Role, "affiliation": s.Affiliation} {
		if err := checkString("speaker "+what, v, MaxTitleRunes); err != nil {
			return err
		}
	}
	return checkString("speaker note", s.Note, MaxNoteRunes)
}

// Validate checks the link's own fields: known relation, valid ends, no
// link from a record to itself.
func (l *Link) Validate() error {
	if err := checkID("link", l.ID); err != nil {
		return err
	}
	for _, r := range []Ref{l.From, l.To} {
		if r.Type != RefArticle && r.Type != RefAnnotation {
			return invalid("link %s: unknown end type %q", l.ID, r.Type)
		}
		if err := checkID(string(r.Type), r.ID); err != nil {
			return fmt.Errorf("link %s: %w", l.ID, err)
		}
	}
	if l.From.ID == l.To.ID {
		return invalid("link %s: a record cannot link to itself", l.ID)
	}
	if !slices.Contains(Relations(), l.Relation) {
		return invalid("link %s: unknown relation %q", l.ID, l.Relation)
	}
	if err := checkString("link note", l.Note, MaxNoteRunes); err != nil {
		return err
	}
	if err := checkString("creator", l.Creator, MaxNameRunes); err != nil {
		return err
	}
	if l.Created.IsZero() {
		return invalid("link %s has no creation time", l.ID)
	}
	return nil
}
