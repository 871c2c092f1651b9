package w3c

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// Context is the JSON-LD context of the Web Annotation model.
const Context = "http://www.w3.org/ns/anno.jsonld"

// Options describe the collection.
type Options struct {
	// ID is the collection's IRI; a new urn:uuid: when empty.
	ID string
	// Label is the collection's title; "Marginalia annotations" when empty.
	Label string
	// Creator is the analyst exporting the collection, if known.
	Creator string
	// Generated is when the collection was made; now when zero.
	Generated time.Time
	// AppVersion is the version of Marginalia, for the generator.
	AppVersion string
}

// AnnotationCollection is a W3C AnnotationCollection with its one page
// embedded.
type AnnotationCollection struct {
	Context   string          `json:"@context"`
	ID        string          `json:"id"`
	Type      string          `json:"type"`
	Label     string          `json:"label"`
	Creator   *Agent          `json:"creator,omitempty"`
	Generator *Agent          `json:"generator,omitempty"`
	Generated string          `json:"generated"`
	Total     int             `json:"total"`
	First     *AnnotationPage `json:"first,omitempty"`
}

// AnnotationPage is a page of a collection.
type AnnotationPage struct {
	ID         string       `json:"id"`
	Type       string       `json:"type"`
	PartOf     string       `json:"partOf"`
	StartIndex int          `json:"startIndex"`
	Items      []Annotation `json:"items"`
}

// Agent is a person or program that made something.
type Agent struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// Annotation is one Web Annotation. Each carries its own @context, so it
// stands alone when taken out of the collection.
type Annotation struct {
	Context    string `json:"@context"`
	ID         string `json:"id"`
	Type       string `json:"type"`
	Motivation string `json:"motivation"`
	Creator    *Agent `json:"creator,omitempty"`
	Created    string `json:"created,omitempty"`
	Modified   string `json:"modified,omitempty"`
	Body       []Body `json:"body,omitempty"`
	Target     Target `json:"target"`
}

// Body is an annotation body: a TextualBody, or, when only ID is set, a
// resource named by its IRI (the other end of a link).
type Body struct {
	ID      string
	Type    string
	Value   string
	Format  string
	Purpose string
}

// MarshalJSON writes an IRI body as a plain string.
func (b Body) MarshalJSON() ([]byte, error) {
	if b.Type == "" && b.Value == "" && b.Purpose == "" {
		return json.Marshal(b.ID)
	}
	return json.Marshal(struct {
		ID      string `json:"id,omitempty"`
		Type    string `json:"type"`
		Value   string `json:"value"`
		Format  string `json:"format,omitempty"`
		Purpose string `json:"purpose,omitempty"`
	}{b.ID, b.Type, b.Value, b.Format, b.Purpose})
}

// Target is what an annotation is about: a source refined by selectors,
// or, without selectors, just the source's IRI.
type Target struct {
	Source   string
	Selector []Selector
	// State, when set, says which version of the source the selectors
	// apply to: an annotation left on an earlier text of its article.
	State *State
}

// State is a W3C TimeState: the source as it was at SourceDate.
type State struct {
	Type       string `json:"type"`
	SourceDate string `json:"sourceDate"`
}

// MarshalJSON writes a target without selectors as a plain IRI.
func (t Target) MarshalJSON() ([]byte, error) {
	if len(t.Selector) == 0 && t.State == nil {
		return json.Marshal(t.Source)
	}
	return json.Marshal(struct {
		Source   string     `json:"source"`
		Selector []Selector `json:"selector,omitempty"`
		State    *State     `json:"state,omitempty"`
	}{t.Source, t.Selector, t.State})
}

// Selector is a TextQuoteSelector (Exact, Prefix, Suffix) or a
// TextPositionSelector (Start, End in code points).
type Selector struct {
	Type                  string
	Exact, Prefix, Suffix string
	Start, End            int
}

// MarshalJSON writes the fields of the selector's type only.
func (s Selector) MarshalJSON() ([]byte, error) {
	if s.Type == "TextPositionSelector" {
		return json.Marshal(struct {
			Type  string `json:"type"`
			Start int    `json:"start"`
			End   int    `json:"end"`
		}{s.Type, s.Start, s.End})
	}
	return json.Marshal(struct {
		Type   string `json:"type"`
		Exact  string `json:"exact"`
		Prefix string `json:"prefix,omitempty"`
		Suffix string `json:"suffix,omitempty"`
	}{s.Type, s.Exact, s.Prefix, s.Suffix})
}

// Motivation is the W3C motivation of an annotation of kind.
func Motivation(kind annotate.Kind) string { return kind.Spec().Motivation }

// IRI names a record as a urn:uuid: when its ID is a UUID, as Marginalia's
// are, and as urn:x-marginalia:<type>:<id> otherwise.
func IRI(recordType, id string) string {
	if u, err := uuid.Parse(id); err == nil && len(id) == 36 {
		return u.URN()
	}
	return "urn:x-marginalia:" + recordType + ":" + id
}

// ArticleIRI is the article's URL when it is an absolute http(s) URL, and
// its urn:uuid: otherwise.
func ArticleIRI(a annotate.Article) string {
	if u, err := url.Parse(a.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return a.URL
	}
	return IRI("article", a.ID)
}

func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func person(name string) *Agent {
	if name == "" {
		return nil
	}
	return &Agent{Type: "Person", Name: name}
}

func textual(value, purpose string) Body {
	return Body{Type: "TextualBody", Value: value, Purpose: purpose}
}

// Collection converts the bundle's annotations and links into one
// collection, annotations first, in the bundle's order.
func Collection(b *bundle.Bundle, opts Options) (*AnnotationCollection, error) {
	if opts.ID == "" {
		opts.ID = IRI("collection", annotate.NewID())
	}
	if u, err := url.Parse(opts.ID); err != nil || !u.IsAbs() {
		return nil, fmt.Errorf("w3c: collection id %s is not an absolute IRI", bundle.QuoteInput(opts.ID))
	}
	if opts.Label == "" {
		opts.Label = "Marginalia annotations"
	}
	if opts.Generated.IsZero() {
		opts.Generated = time.Now()
	}
	articles := make(map[string]annotate.Article, len(b.Articles))
	for _, a := range b.Articles {
		articles[a.ID] = a
	}
	// When each earlier version of an article was imported: an annotation
	// left on one targets the article as it was then.
	versionDates := make(map[string]time.Time, len(b.Versions))
	for _, v := range b.Versions {
		versionDates[v.ArticleID+"@"+strconv.Itoa(v.N)] = v.Imported
	}
	speakers := make(map[string]string, len(b.Speakers))
	for _, s := range b.Speakers {
		speakers[s.ID] = s.Name
	}
	refIRI := func(r annotate.Ref) string {
		if a, ok := articles[r.ID]; ok && r.Type == annotate.RefArticle {
			return ArticleIRI(a)
		}
		return IRI(string(r.Type), r.ID)
	}

	items := make([]Annotation, 0, len(b.Annotations)+len(b.Links))
	for _, n := range b.Annotations {
		source := IRI("article", n.ArticleID)
		if a, ok := articles[n.ArticleID]; ok {
			source = ArticleIRI(a)
		}
		item := Annotation{
			Context: Context, ID: IRI("annotation", n.ID), Type: "Annotation",
			Motivation: Motivation(n.Kind), Creator: person(n.Creator),
			Created: timestamp(n.Created), Modified: timestamp(n.Modified),
			Target: Target{Source: source, Selector: []Selector{
				{Type: "TextQuoteSelector", Exact: n.Quote.Exact, Prefix: n.Quote.Prefix, Suffix: n.Quote.Suffix},
				{Type: "TextPositionSelector", Start: n.Span.Start, End: n.Span.End},
			}},
		}
		if at, ok := versionDates[n.ArticleID+"@"+strconv.Itoa(n.VersionOf())]; ok {
			item.Target.State = &State{Type: "TimeState", SourceDate: timestamp(at)}
		}
		if n.Note != "" {
			note := textual(n.Note, "commenting")
			note.Format = "text/plain"
			item.Body = append(item.Body, note)
		}
		for _, tag := range n.Tags {
			item.Body = append(item.Body, textual(tag, "tagging"))
		}
		if name, ok := speakers[n.SpeakerID]; ok {
			item.Body = append(item.Body, textual(name, "identifying"))
		}
		item.Body = append(item.Body, textual(string(n.Kind), "classifying"))
		if n.Status != "" {
			item.Body = append(item.Body, textual(string(n.Status), "assessing"))
		}
		items = append(items, item)
	}
	for _, l := range b.Links {
		item := Annotation{
			Context: Context, ID: IRI("link", l.ID), Type: "Annotation", Motivation: "linking",
			Creator: person(l.Creator), Created: timestamp(l.Created),
			Body:   []Body{{ID: refIRI(l.To)}, textual(string(l.Relation), "classifying")},
			Target: Target{Source: refIRI(l.From)},
		}
		if l.Note != "" {
			note := textual(l.Note, "commenting")
			note.Format = "text/plain"
			item.Body = append(item.Body, note)
		}
		items = append(items, item)
	}

	c := &AnnotationCollection{
		Context: Context, ID: opts.ID, Type: "AnnotationCollection", Label: opts.Label,
		Creator:   person(opts.Creator),
		Generator: &Agent{Type: "Software", Name: strings.TrimSpace("Marginalia " + opts.AppVersion)},
		Generated: timestamp(opts.Generated), Total: len(items),
	}
	if len(items) > 0 {
		c.First = &AnnotationPage{
			ID:   uuid.NewSHA1(uuid.NameSpaceURL, []byte(opts.ID+"#page1")).URN(),
			Type: "AnnotationPage", PartOf: opts.ID, Items: items,
		}
	}
	return c, nil
}

// Write writes the bundle's annotations and links to w as an indented
// JSON-LD AnnotationCollection.
func Write(w io.Writer, b *bundle.Bundle, opts Options) error {
	c, err := Collection(b, opts)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return fmt.Errorf("w3c: write: %w", err)
	}
	return nil
}
