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

// ValidationError says why a record, or a value meant for one, is not
// valid. It wraps ErrInvalid; callers that show the reason to an analyst
// take Reason rather than cutting up the message.
type ValidationError struct {
	Type   RecordType // the record's type; "" for a value not yet in a record (a text)
	ID     string     // the record's ID, when it has one
	Reason string     // what is wrong, in a few words
	Cause  error      // an underlying error, when there is one
}

func (e *ValidationError) Error() string {
	switch {
	case e.Type == "":
		return "invalid: " + e.Reason
	case e.ID == "":
		return "invalid: " + string(e.Type) + ": " + e.Reason
	}
	return "invalid: " + string(e.Type) + " " + e.ID + ": " + e.Reason
}

// Unwrap lets errors.Is(err, ErrInvalid) hold, and errors.Is and As find
// the cause.
func (e *ValidationError) Unwrap() []error {
	if e.Cause != nil {
		return []error{ErrInvalid, e.Cause}
	}
	return []error{ErrInvalid}
}

// Invalidf returns a ValidationError about no particular record; as with
// fmt.Errorf, a %w verb makes its argument the cause.
func Invalidf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &ValidationError{Reason: err.Error(), Cause: errors.Unwrap(err)}
}

// Reason returns what an analyst needs to read of err: a validation
// error's reason, or the whole message of any other error.
func Reason(err error) string {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Reason
	}
	return err.Error()
}

// checker validates the fields of one record, naming it in its errors.
type checker struct {
	typ RecordType
	id  string
}

func (c checker) fail(format string, args ...any) error {
	return &ValidationError{Type: c.typ, ID: c.id, Reason: fmt.Sprintf(format, args...)}
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

// ref checks an ID the record refers to (or its own, when what is its type).
func (c checker) ref(what, id string) error {
	if !ValidID(id) {
		return c.fail("%s id %q", what, Clip(id, 80))
	}
	return nil
}

func (c checker) str(what, s string, maxRunes int) error {
	if !utf8.ValidString(s) {
		return c.fail("%s is not valid UTF-8", what)
	}
	if strings.ContainsRune(s, 0) {
		return c.fail("%s contains a NUL character", what)
	}
	if n := utf8.RuneCountInString(s); n > maxRunes {
		return c.fail("%s is %d characters long; the limit is %d", what, n, maxRunes)
	}
	return nil
}

func (c checker) tags(tags []string) error {
	if len(tags) > MaxTags {
		return c.fail("%d tags; the limit is %d", len(tags), MaxTags)
	}
	for _, t := range tags {
		if strings.TrimSpace(t) == "" {
			return c.fail("empty tag")
		}
		if err := c.str("tag", t, MaxTagRunes); err != nil {
			return err
		}
	}
	return nil
}

// Clip shortens s, a value a user typed or a file carried, to at most n
// characters for an error message, marking the cut with "…".
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// CleanTags trims tags, drops empty ones and duplicates (ignoring case and
// accents), keeping the first spelling of each. Tags that are already
// clean come back as they are, without allocating: merging a large bundle
// calls this once per record.
func CleanTags(tags []string) []string {
	if clean, ok := cleanASCIITags(tags); ok {
		return clean
	}
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

// cleanASCIITags reports whether tags are already clean printable ASCII
// (folding is then lower-casing) and distinct, in which case CleanTags
// has nothing to do.
func cleanASCIITags(tags []string) ([]string, bool) {
	if len(tags) > 16 {
		return nil, false
	}
	var folded [16]string
	for i, t := range tags {
		if t == "" || t[0] == ' ' || t[len(t)-1] == ' ' {
			return nil, false
		}
		for j := 0; j < len(t); j++ {
			c := t[j]
			if c >= 0x80 || c < 0x20 || c == 0x7f || c == ' ' && t[j+1] == ' ' {
				return nil, false
			}
		}
		folded[i] = strings.ToLower(t)
		if slices.Contains(folded[:i], folded[i]) {
			return nil, false
		}
	}
	return tags, true
}

// Validate checks the article's own fields, including that TextHash is the
// hash of Text when Text is present.
func (a *Article) Validate() error {
	c := checker{RecordArticle, a.ID}
	if err := c.ref("article", a.ID); err != nil {
		return err
	}
	if strings.TrimSpace(a.Title) == "" {
		return c.fail("no title")
	}
	for _, f := range []struct{ what, s string }{{"title", a.Title}, {"byline", a.Byline}, {"source", a.Source}, {"url", a.URL}} {
		if err := c.str(f.what, f.s, MaxTitleRunes); err != nil {
			return err
		}
	}
	if err := c.str("note", a.Note, MaxNoteRunes); err != nil {
		return err
	}
	if err := c.tags(a.Tags); err != nil {
		return err
	}
	if a.Imported.IsZero() {
		return c.fail("no import time")
	}
	if a.Version < 0 {
		return c.fail("version %d", a.Version)
	}
	if len(a.TextHash) != 64 {
		return c.fail("no text hash")
	}
	if a.Text != "" {
		if err := ValidateText(a.Text); err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) {
				return c.fail("%s", ve.Reason)
			}
			return err
		}
		if a.Text != NormalizeText(a.Text) {
			return c.fail("text is not normalised")
		}
		if a.TextHash != HashText(a.Text) {
			return c.fail("text hash does not match its text")
		}
	}
	return nil
}

// ValidateText checks that text can be an article's text: non-empty, valid
// UTF-8, not binary, not too large.
func ValidateText(text string) error {
	switch {
	case len(text) > MaxTextBytes:
		return Invalidf("text is %d MB; the limit is %d MB", len(text)>>20, MaxTextBytes>>20)
	case strings.TrimSpace(text) == "":
		return Invalidf("text is empty")
	case !utf8.ValidString(text):
		return Invalidf("text is not valid UTF-8")
	case strings.ContainsRune(text, 0):
		return Invalidf("text contains NUL bytes: binary content")
	}
	return nil
}

// Validate checks the annotation's own fields. ValidateIn also checks it
// against its article's text.
func (a *Annotation) Validate() error {
	c := checker{RecordAnnotation, a.ID}
	if err := c.ref("annotation", a.ID); err != nil {
		return err
	}
	if err := c.ref("article", a.ArticleID); err != nil {
		return err
	}
	if !slices.Contains(Kinds(), a.Kind) {
		return c.fail("unknown kind %q", Clip(string(a.Kind), 80))
	}
	if a.SpeakerID != "" {
		if err := c.ref("speaker", a.SpeakerID); err != nil {
			return err
		}
	}
	switch {
	case a.Status == "":
	case a.Kind != KindClaim:
		return c.fail("a verdict applies to claims only")
	case !slices.Contains(Statuses(), a.Status):
		return c.fail("unknown verdict %q", Clip(string(a.Status), 80))
	}
	if a.Span.Start < 0 || a.Span.End <= a.Span.Start {
		return c.fail("span %d-%d is empty or negative", a.Span.Start, a.Span.End)
	}
	if RuneLen(a.Quote.Exact) != a.Span.Len() {
		return c.fail("quote is %d characters but span %d-%d covers %d",
			RuneLen(a.Quote.Exact), a.Span.Start, a.Span.End, a.Span.Len())
	}
	for _, f := range []struct{ what, s string }{{"quote", a.Quote.Exact}, {"prefix", a.Quote.Prefix}, {"suffix", a.Quote.Suffix}} {
		if err := c.str(f.what, f.s, MaxTextBytes); err != nil {
			return err
		}
	}
	if err := c.str("note", a.Note, MaxNoteRunes); err != nil {
		return err
	}
	if err := c.str("creator", a.Creator, MaxNameRunes); err != nil {
		return err
	}
	if err := c.tags(a.Tags); err != nil {
		return err
	}
	if a.Created.IsZero() || a.Modified.IsZero() {
		return c.fail("no creation or modification time")
	}
	if a.Version < 0 {
		return c.fail("version %d", a.Version)
	}
	if a.Anchor != nil {
		switch a.Anchor.Method {
		case "unchanged", "mapped", "quote", "fuzzy", "manual", "orphan":
		default:
			return c.fail("unknown anchoring method %q", Clip(a.Anchor.Method, 40))
		}
		if a.Anchor.Confidence < 0 || a.Anchor.Confidence > 1 || a.Anchor.From < 0 {
			return c.fail("anchoring confidence %v from version %d", a.Anchor.Confidence, a.Anchor.From)
		}
		if err := c.str("old quote", a.Anchor.OldQuote, MaxTextBytes); err != nil {
			return err
		}
	}
	if a.Modified.Before(a.Created) {
		return c.fail("modified before it was created")
	}
	return nil
}

// ValidateIn checks the annotation and that its span fits text and its
// quote is exactly what the span selects.
func (a *Annotation) ValidateIn(text *Text) error {
	if err := a.Validate(); err != nil {
		return err
	}
	c := checker{RecordAnnotation, a.ID}
	want, err := text.QuoteAt(a.Span)
	if err != nil {
		return c.fail("%v", err)
	}
	if want != a.Quote {
		return c.fail("quote does not match the article text at %d-%d", a.Span.Start, a.Span.End)
	}
	return nil
}

// NewAnnotation anchors a new annotation of kind at span in the article's
// text, computing its quote. Claims start unverified.
func NewAnnotation(articleID string, text *Text, span Span, kind Kind, creator string, now time.Time) (Annotation, error) {
	q, err := text.QuoteAt(span)
	if err != nil {
		return Annotation{}, Invalidf("%v", err)
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
	c := checker{RecordSpeaker, s.ID}
	if err := c.ref("speaker", s.ID); err != nil {
		return err
	}
	if strings.TrimSpace(s.Name) == "" {
		return c.fail("no name")
	}
	if len(s.Aliases) > MaxAliases {
		return c.fail("%d aliases; the limit is %d", len(s.Aliases), MaxAliases)
	}
	for _, n := range s.Names() {
		if strings.TrimSpace(n) == "" {
			return c.fail("an empty alias")
		}
		if err := c.str("name", n, MaxNameRunes); err != nil {
			return err
		}
	}
	for _, f := range []struct{ what, s string }{{"role", s.Role}, {"affiliation", s.Affiliation}} {
		if err := c.str(f.what, f.s, MaxTitleRunes); err != nil {
			return err
		}
	}
	return c.str("note", s.Note, MaxNoteRunes)
}

// Validate checks the link's own fields: known relation, valid ends, no
// link from a record to itself.
func (l *Link) Validate() error {
	c := checker{RecordLink, l.ID}
	if err := c.ref("link", l.ID); err != nil {
		return err
	}
	for _, r := range []Ref{l.From, l.To} {
		if r.Type != RefArticle && r.Type != RefAnnotation {
			return c.fail("unknown end type %q", Clip(string(r.Type), 80))
		}
		if err := c.ref(string(r.Type), r.ID); err != nil {
			return err
		}
	}
	if l.From.ID == l.To.ID {
		return c.fail("a record cannot link to itself")
	}
	if !slices.Contains(Relations(), l.Relation) {
		return c.fail("unknown relation %q", Clip(string(l.Relation), 80))
	}
	if err := c.str("note", l.Note, MaxNoteRunes); err != nil {
		return err
	}
	if err := c.str("creator", l.Creator, MaxNameRunes); err != nil {
		return err
	}
	if l.Created.IsZero() {
		return c.fail("no creation time")
	}
	return nil
}
