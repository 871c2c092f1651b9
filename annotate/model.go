package annotate

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// NewID returns a new UUIDv7 string: time-ordered and globally unique, so
// work from different analysts merges without collisions.
func NewID() string {
	id, err := uuid.NewV7()
	if err != nil {
		// NewV7 fails only when the system's random source fails.
		return uuid.NewString()
	}
	return id.String()
}

// Kind is what an annotation marks in the text.
type Kind string

// The kinds of annotation.
const (
	KindClaim    Kind = "claim"
	KindQuote    Kind = "quote"
	KindEvidence Kind = "evidence"
	KindQuestion Kind = "question"
	KindNote     Kind = "note"
)

// Status is an analyst's verdict on a claim.
type Status string

// The verdicts a claim can carry.
const (
	StatusUnverified Status = "unverified"
	StatusSupported  Status = "supported"
	StatusDisputed   Status = "disputed"
	StatusFalse      Status = "false"
	StatusMisleading Status = "misleading"
)

// Statuses lists every claim status in display order.
func Statuses() []Status {
	return []Status{StatusUnverified, StatusSupported, StatusDisputed, StatusFalse, StatusMisleading}
}

// Relation is how the two ends of a link relate.
type Relation string

// The relations a link can carry.
const (
	RelRelated     Relation = "related"
	RelFollowUp    Relation = "follow-up"
	RelSameEvent   Relation = "same-event"
	RelContradicts Relation = "contradicts"
	RelSupports    Relation = "supports"
	RelSameClaim   Relation = "same-claim"
	RelSourceOf    Relation = "source-of"
)

// Relations lists every relation in display order.
func Relations() []Relation {
	return []Relation{RelRelated, RelFollowUp, RelSameEvent, RelContradicts, RelSupports, RelSameClaim, RelSourceOf}
}

// RecordType names a type of record.
type RecordType string

// The types of record.
const (
	RecordArticle    RecordType = "article"
	RecordAnnotation RecordType = "annotation"
	RecordSpeaker    RecordType = "speaker"
	RecordLink       RecordType = "link"
)

// RecordTypes lists every record type.
func RecordTypes() []RecordType {
	return []RecordType{RecordArticle, RecordAnnotation, RecordSpeaker, RecordLink}
}

// An returns the type with its article: "an article", "a link".
func (t RecordType) An() string {
	switch t {
	case RecordArticle, RecordAnnotation:
		return "an " + string(t)
	}
	return "a " + string(t)
}

// RefType names what a link end points at: an article or an annotation.
type RefType = RecordType

// The things a link can point at.
const (
	RefArticle    = RecordArticle
	RefAnnotation = RecordAnnotation
)

// Ref is one end of a link.
type Ref struct {
	Type RefType `json:"type"`
	ID   string  `json:"id"`
}

// Span is a half-open range [Start, End) of rune offsets into an article's
// text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the number of runes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Quote is the selected text with some context on either side, as in the
// W3C TextQuoteSelector.
type Quote struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

// Article is one imported news article.
type Article struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Byline    string    `json:"byline,omitempty"`
	Source    string    `json:"source,omitempty"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Imported  time.Time `json:"imported"`
	Text      string    `json:"text,omitempty"`
	TextHash  string    `json:"text_hash"`
	Tags      []string  `json:"tags,omitempty"`
	Note      string    `json:"note,omitempty"`
	// Version numbers the text: 1 for the first import (0 in records
	// written before versions existed means 1), one more for each new
	// version of the article (a correction, an update). Text is always
	// the latest; earlier ones are kept as ArticleVersion records.
	Version int `json:"version,omitempty"`
}

// CurrentVersion is the article's version number, 1 for an article that
// never had another.
func (a Article) CurrentVersion() int { return max(a.Version, 1) }

// ArticleVersion is an earlier text of an article, kept when a newer
// version was imported so the old text stays readable and annotations
// that could not be placed in the new one stay anchored to it.
type ArticleVersion struct {
	ArticleID string    `json:"article_id"`
	N         int       `json:"n"`
	Title     string    `json:"title"`
	Source    string    `json:"source,omitempty"`
	URL       string    `json:"url,omitempty"`
	Imported  time.Time `json:"imported"`
	Text      string    `json:"text,omitempty"`
	TextHash  string    `json:"text_hash"`
}

// Annotation marks a span of an article's text as a claim, quote, evidence,
// question or note.
type Annotation struct {
	ID        string    `json:"id"`
	ArticleID string    `json:"article_id"`
	Kind      Kind      `json:"kind"`
	Span      Span      `json:"span"`
	Quote     Quote     `json:"quote"`
	SpeakerID string    `json:"speaker_id,omitempty"`
	Note      string    `json:"note,omitempty"`
	Tags      []string  `json:"tags,omitempty"`
	Status    Status    `json:"status,omitempty"`
	Creator   string    `json:"creator,omitempty"`
	Created   time.Time `json:"created"`
	Modified  time.Time `json:"modified"`
	// Version is the version of the article's text the span refers to (0
	// or 1 for the first). An annotation anchored to an older version than
	// the article's latest is an orphan: the re-anchoring could not place
	// it with confidence, and an analyst re-attaches it by selecting text.
	Version int `json:"version,omitempty"`
	// Anchor says how the annotation was last placed on a new version.
	Anchor *Anchoring `json:"anchor,omitempty"`
}

// VersionOf is the version number the annotation is anchored to.
func (a Annotation) VersionOf() int { return max(a.Version, 1) }

// Anchoring records how an annotation was carried to a new version of its
// article's text.
type Anchoring struct {
	// Method is how it was placed: unchanged, mapped (through the diff),
	// quote (its exact quote found), fuzzy (an approximate match), manual
	// (re-attached by an analyst), or orphan (not placed).
	Method string `json:"method"`
	// Confidence is the placement's score, 0 to 1.
	Confidence float64 `json:"confidence,omitempty"`
	// From is the version it was carried from.
	From int `json:"from"`
	// OldQuote is the quote before the move, when the text of the passage
	// changed (a claim reworded).
	OldQuote string `json:"old_quote,omitempty"`
}

// Speaker is a person claims and quotes are attributed to.
type Speaker struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Aliases     []string `json:"aliases,omitempty"`
	Role        string   `json:"role,omitempty"`
	Affiliation string   `json:"affiliation,omitempty"`
	Note        string   `json:"note,omitempty"`
}

// Names returns the speaker's name followed by its aliases.
func (s Speaker) Names() []string {
	return append([]string{s.Name}, s.Aliases...)
}

// Link relates two articles or annotations. It is one record, seen from
// both ends.
type Link struct {
	ID       string    `json:"id"`
	From     Ref       `json:"from"`
	To       Ref       `json:"to"`
	Relation Relation  `json:"relation"`
	Note     string    `json:"note,omitempty"`
	Creator  string    `json:"creator,omitempty"`
	Created  time.Time `json:"created"`
}

// NewArticle returns a new article with a fresh ID, its text normalised and
// hashed, imported now. It is validated before it is returned.
func NewArticle(title, text string, now time.Time) (Article, error) {
	text = NormalizeText(text)
	if err := ValidateText(text); err != nil {
		return Article{}, err
	}
	a := Article{
		ID:       NewID(),
		Title:    strings.Join(strings.Fields(title), " "),
		Imported: now,
		Text:     text,
		TextHash: HashText(text),
	}
	return a, a.Validate()
}

// ValidRelation reports whether r is one of Relations.
func ValidRelation(r Relation) bool { return slices.Contains(Relations(), r) }
