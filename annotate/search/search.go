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

// Small numbers for types and fields in the index's postings.
const (
	tAnnotation uint8 = iota
	tArticle
	tSpeaker
)

const (
	fQuote uint8 = iota + 1
	fNote
	fSpeaker
	fAlias
	fTag
	fKind
	fStatus
	fCreator
	fTitle
	fSource
	fByline
	fName
	fRole
	fAffiliation
	fieldCount // one past the last
)

// fieldCode returns the number of a Field.
func fieldCode(f Field) (uint8, bool) {
	for c := fQuote; c < fieldCount; c++ {
		if fieldName(c) == f {
			return c, true
		}
	}
	return 0, false
}

// fieldName returns the Field with the number c.
func fieldName(c uint8) Field {
	switch c {
	case fQuote:
		return FieldQuote
	case fNote:
		return FieldNote
	case fSpeaker:
		return FieldSpeaker
	case fAlias:
		return FieldAlias
	case fTag:
		return FieldTag
	case fKind:
		return FieldKind
	case fStatus:
		return FieldStatus
	case fCreator:
		return FieldCreator
	case fTitle:
		return FieldTitle
	case fSource:
		return FieldSource
	case fByline:
		return FieldByline
	case fName:
		return FieldName
	case fRole:
		return FieldRole
	case fAffiliation:
		return FieldAffiliation
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

// Result is one record a search found, with the value that matched best.
type Result struct {
	Type      Type
	ID        string
	ArticleID string
	Field     Field  // which value matched
	Text      string // that value, original (unfolded) text
	Score     int    // github.com/sahilm/fuzzy's score; 0 in a listing
	// Matches are the matched characters as half-open rune offset ranges
	// into Text, adjacent ones merged.
	Matches [][2]int
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

// ArticleDoc returns the searchable form of an article (not its text).
func ArticleDoc(a annotate.Article) Doc {
	d := Doc{Type: TypeArticle, ID: a.ID, ArticleID: a.ID, Time: a.Imported}
	d.add(FieldTitle, a.Title)
	d.add(FieldSource, a.Source)
	d.add(FieldByline, a.Byline)
	d.add(FieldNote, a.Note)
	for _, t := range a.Tags {
		d.add(FieldTag, t)
	}
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
	return d
}

func (d *Doc) add(f Field, text string) {
	if text != "" {
		d.Values = append(d.Values, Value{Field: f, Text: text})
	}
}
