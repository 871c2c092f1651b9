package search

import (
	"time"

	"marginalia/annotate"
)

// Type is the kind of record a Doc or Result stands for.
type Type string

// The record types the index holds.
const (
	TypeAnnotation Type = "annotation"
	TypeArticle    Type = "article"
	TypeSpeaker    Type = "speaker"
)

// Field names a searchable value of a record.
type Field string

// The searchable fields. An annotation has quote, note, speaker, alias,
// tag, kind, status and creator; an article title, source, byline, note
// and tag; a speaker name, alias, role and affiliation.
const (
	FieldQuote       Field = "quote"
	FieldNote        Field = "note"
	FieldSpeaker     Field = "speaker" // an annotation's speaker's name
	FieldAlias       Field = "alias"   // a speaker's alias, on the speaker or on its annotations
	FieldTag         Field = "tag"
	FieldKind        Field = "kind"
	FieldStatus      Field = "status"
	FieldCreator     Field = "creator"
	FieldTitle       Field = "title"
	FieldSource      Field = "source"
	FieldByline      Field = "byline"
	FieldName        Field = "name" // a speaker's own name
	FieldRole        Field = "role"
	FieldAffiliation Field = "affiliation"
)

// FieldText is an article's body text.
const FieldText Field = "text"

// Small numbers for types and fields in the stored index. A field's
// number is its bit in a posting's field mask; the fields most words
// occur in come first, so that masks stay small.
const (
	tAnnotation uint8 = iota
	tArticle
	tSpeaker
	typeCount
)

const (
	fQuote uint8 = iota
	fNote
	fText
	fTag
	fSpeaker
	fKind
	fStatus
	fCreator
	fTitle
	fSource
	fByline
	fName
	fAlias
	fRole
	fAffiliation
	fieldCount // one past the last
)

var fieldNames = [fieldCount]Field{
	fQuote: FieldQuote, fNote: FieldNote, fText: FieldText, fTag: FieldTag, fSpeaker: FieldSpeaker,
	fKind: FieldKind, fStatus: FieldStatus, fCreator: FieldCreator, fTitle: FieldTitle, fSource: FieldSource,
	fByline: FieldByline, fName: FieldName, fAlias: FieldAlias, fRole: FieldRole, fAffiliation: FieldAffiliation,
}

// fieldCode returns the number of a Field.
func fieldCode(f Field) (uint8, bool) {
	for c, n := range fieldNames {
		if n == f {
			return uint8(c), true
		}
	}
	return 0, false
}

// fieldName returns the Field with the number c.
func fieldName(c uint8) Field {
	if c < fieldCount {
		return fieldNames[c]
	}
	return ""
}

// typeCode returns the number of a Type.
func typeCode(t Type) (uint8, bool) {
	switch t {
	case TypeAnnotation:
		return tAnnotation, true
	case TypeArticle:
		return tArticle, true
	case TypeSpeaker:
		return tSpeaker, true
	}
	return 0, false
}

// typeName returns the Type with the number c.
func typeName(c uint8) Type {
	switch c {
	case tAnnotation:
		return TypeAnnotation
	case tArticle:
		return TypeArticle
	}
	return TypeSpeaker
}

// Value is one searchable value of a record.
type Value struct {
	Field Field
	Text  string // as the analyst wrote it; the index folds it
}

// Doc is what the index holds for one record: its identity and its
// searchable values. The order of Values is the tie-break when two values
// of a record score the same: the earlier one is reported.
type Doc struct {
	Type      Type
	ID        string
	ArticleID string    // the annotation's article, or the article itself
	Time      time.Time // orders a listing (a query with no text): newest first
	Values    []Value
}

// Result is one record a search found, labelled for a list: what it is,
// what it belongs to, and a snippet of the value that matched best.
type Result struct {
	Type      Type
	ID        string
	ArticleID string // the annotation's article, or the article itself; "" for a speaker
	// Kind is what the record is, for its label: an annotation's kind
	// (claim, quote, evidence, question, note), or "article" or "speaker".
	Kind    string
	Title   string // the article's title (for an annotation, its article's); a speaker's name
	Speaker string // an annotation's speaker's name, if any
	Status  string // a claim's status, if any
	Field   Field  // the field the snippet comes from
	// Text is the snippet: the matched value, or for a long one about
	// 160 characters around the matched words, "…" marking a cut.
	Text string
	// Matches are the matched words as half-open rune offset ranges into
	// Text, in order, not overlapping.
	Matches [][2]int
	Score   int // higher is better; comparable within one search only
}

// AnnotationDoc returns the searchable form of an annotation. speaker is
// the annotation's speaker or nil; its name and aliases become searchable
// on the annotation, so re-Put the annotations when a speaker is renamed.
func AnnotationDoc(a annotate.Annotation, speaker *annotate.Speaker) Doc {
	d := Doc{Type: TypeAnnotation, ID: a.ID, ArticleID: a.ArticleID, Time: a.Modified}
	if d.Time.IsZero() {
		d.Time = a.Created
	}
	d.add(FieldQuote, a.Quote.Exact)
	d.add(FieldNote, a.Note)
	if speaker != nil {
		d.add(FieldSpeaker, speaker.Name)
		for _, al := range speaker.Aliases {
			d.add(FieldAlias, al)
		}
	}
	for _, t := range a.Tags {
		d.add(FieldTag, t)
	}
	d.add(FieldKind, string(a.Kind))
	d.add(FieldStatus, string(a.Status))
	d.add(FieldCreator, a.Creator)
	return d
}

// ArticleDoc returns the searchable form of an article, its body text
// a.Text included: the store keeps the text apart from the article's
// other fields, so load it into a.Text first (an article without it is
// found by title, byline, source, note and tags only).
func ArticleDoc(a annotate.Article) Doc {
	d := Doc{Type: TypeArticle, ID: a.ID, ArticleID: a.ID, Time: a.Imported}
	d.add(FieldTitle, a.Title)
	d.add(FieldSource, a.Source)
	d.add(FieldByline, a.Byline)
	d.add(FieldNote, a.Note)
	for _, t := range a.Tags {
		d.add(FieldTag, t)
	}
	d.add(FieldText, a.Text)
	return d
}

// SpeakerDoc returns the searchable form of a speaker.
func SpeakerDoc(s annotate.Speaker) Doc {
	d := Doc{Type: TypeSpeaker, ID: s.ID}
	d.add(FieldName, s.Name)
	for _, al := range s.Aliases {
		d.add(FieldAlias, al)
	}
	d.add(FieldRole, s.Role)
	d.add(FieldAffiliation, s.Affiliation)
	d.add(FieldNote, s.Note)
	return d
}

func (d *Doc) add(f Field, text string) {
	if text != "" {
		d.Values = append(d.Values, Value{Field: f, Text: text})
	}
}
