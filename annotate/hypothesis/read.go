package hypothesis

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	xunicode "golang.org/x/text/encoding/unicode"

	"marginalia/annotate"
)

// Annotation is an annotation made in another tool, before it is placed
// on an article: what the file says, in the file's terms.
type Annotation struct {
	// ID is the annotation's id in its file: a Hypothesis id or a W3C IRI.
	ID string
	// URL is the annotated page; Source is the target's own source when
	// it differs (Hypothesis gives both).
	URL, Source string
	// Title is the page's title, when the file has it.
	Title string
	// Quote is the TextQuoteSelector; an empty Exact means the annotation
	// quotes nothing (a note on the whole page).
	Quote annotate.Quote
	// Hint is the TextPositionSelector's start, in the other tool's text;
	// -1 without one.
	Hint int
	// Note is the annotation's text: Hypothesis' text, or the W3C
	// commenting and describing bodies.
	Note string
	// Tags are Hypothesis' tags or the W3C tagging bodies.
	Tags []string
	// Creator is the name of who made it ("name" of acct:name@domain).
	Creator           string
	Created, Modified time.Time
	// Motivation is the W3C motivation, when given.
	Motivation string
	// Kind, Status and Speaker are what Marginalia's own W3C export says
	// in its classifying, assessing and identifying bodies.
	Kind    annotate.Kind
	Status  annotate.Status
	Speaker string
	// Reply reports a Hypothesis reply to another annotation; Link a W3C
	// linking annotation. Neither is a highlight.
	Reply, Link bool
}

// File is what a file holds.
type File struct {
	// Format is "hypothesis" or "w3c".
	Format      string
	Annotations []Annotation
}

// URLs returns the distinct pages the file's annotations are on,
// normalised (see NormalizeURL), in the order they first appear.
func (f *File) URLs() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range f.Annotations {
		if u := NormalizeURL(a.URL); u != "" && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// Matcher returns a test of whether some annotation of the file is on
// an article's page (see NormalizeURL), so that a caller can load the text
// of only those articles before Place; the article need not carry its
// text. The file's pages are normalised once, when Matcher is called.
func (f *File) Matcher() func(a *annotate.Article) bool {
	pages := map[string]bool{}
	for _, fa := range f.Annotations {
		for _, u := range []string{fa.URL, fa.Source} {
			if u != "" {
				pages[NormalizeURL(u)] = true
			}
		}
	}
	return func(a *annotate.Article) bool {
		return slices.ContainsFunc(articleKeys(a), func(k string) bool { return pages[k] })
	}
}

// Limits bound what Read accepts. A zero field means its default.
type Limits struct {
	MaxBytes       int64 // the file
	MaxAnnotations int
	MaxDepth       int // nesting of JSON arrays and objects
}

// DefaultLimits fit a Hypothesis export of a very active account (about
// 1 kB per annotation) and refuse what would exhaust memory.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 256 << 20, MaxAnnotations: 200_000, MaxDepth: 64}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxAnnotations <= 0 {
		l.MaxAnnotations = d.MaxAnnotations
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	return l
}

// ErrRefused is wrapped by every error Read returns for a file it does
// not accept.
var ErrRefused = errors.New("annotation file refused")

func refused(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRefused, fmt.Errorf(format, args...))
}

// ReadFile reads the file at path; see Read.
func ReadFile(path string, lim Limits) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, lim)
}

// Read reads a Hypothesis JSON export ({export_date, export_userid,
// client_version, annotations}), a Hypothesis API response ({rows}), list
// of annotations or single annotation, or a W3C Web Annotation collection, page, list or
// single annotation, including Marginalia's own (package w3c). It stops
// reading past the size limit and refuses JSON nested deeper than the
// limit or holding more annotations than it, before decoding any
// annotation.
func Read(r io.Reader, lim Limits) (*File, error) {
	lim = lim.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, refused("larger than %d bytes, the limit", lim.MaxBytes)
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		// UTF-16 with a byte-order mark, as Windows PowerShell 5 saves
		// what it downloads. JSON is UTF-8 by its standard; the mark
		// says which it is.
		if data, err = xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder().Bytes(data); err != nil {
			return nil, refused("not UTF-16 text, though it starts as such: %w", err)
		}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if err := annotate.CheckJSONDepth(data, lim.MaxDepth); err != nil {
		return nil, refused("%w", err)
	}
	if !json.Valid(data) {
		return nil, refused("not JSON")
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return nil, refused("%w", err)
		}
		if len(items) > lim.MaxAnnotations {
			return nil, refused("%d annotations; the limit is %d", len(items), lim.MaxAnnotations)
		}
		if len(items) > 0 && looksHypothesis(items[0]) {
			return readHypothesis(items)
		}
		return readW3CItems(items)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &top); err != nil {
		return nil, refused("neither a Hypothesis export nor a W3C Web Annotation file: %w", err)
	}
	for _, key := range []string{"annotations", "rows"} {
		raw, ok := top[key]
		if !ok {
			continue
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, refused("%q is not a list of annotations", key)
		}
		if len(items) > lim.MaxAnnotations {
			return nil, refused("%d annotations; the limit is %d", len(items), lim.MaxAnnotations)
		}
		return readHypothesis(items)
	}
	// One annotation, as GET /api/annotations/{id} returns it.
	if looksHypothesis(trimmed) {
		return readHypothesis([]json.RawMessage{trimmed})
	}
	return readW3C(top, lim)
}

// looksHypothesis tells a Hypothesis API row from a W3C annotation: it
// has a uri and no JSON-LD type.
func looksHypothesis(raw json.RawMessage) bool {
	var probe struct {
		URI  *string         `json:"uri"`
		Type json.RawMessage `json:"type"`
	}
	return json.Unmarshal(raw, &probe) == nil && probe.URI != nil && probe.Type == nil
}

// parseTime reads an ISO 8601 time as Hypothesis and W3C files write it.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999-0700", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// userName returns the name of a Hypothesis account, acct:name@domain.
func userName(user string) string {
	name, ok := strings.CutPrefix(user, "acct:")
	if !ok {
		return user
	}
	if at := strings.LastIndex(name, "@"); at > 0 {
		name = name[:at]
	}
	return name
}

// hypothesisAnnotation is an annotation of Hypothesis' API and export.
type hypothesisAnnotation struct {
	ID         string          `json:"id"`
	URI        string          `json:"uri"`
	Text       string          `json:"text"`
	Tags       []string        `json:"tags"`
	User       string          `json:"user"`
	Created    string          `json:"created"`
	Updated    string          `json:"updated"`
	References []string        `json:"references"`
	Document   json.RawMessage `json:"document"`
	Target     []struct {
		Source   string            `json:"source"`
		Selector []json.RawMessage `json:"selector"`
	} `json:"target"`
}

func readHypothesis(items []json.RawMessage) (*File, error) {
	f := &File{Format: "hypothesis"}
	for i, raw := range items {
		var h hypothesisAnnotation
		if err := json.Unmarshal(raw, &h); err != nil {
			return nil, refused("annotation %d: %w", i+1, err)
		}
		a := Annotation{ID: h.ID, URL: h.URI, Note: h.Text, Tags: h.Tags, Creator: userName(h.User),
			Created: parseTime(h.Created), Modified: parseTime(h.Updated), Hint: -1, Reply: len(h.References) > 0}
		a.Title = documentTitle(h.Document)
		for _, t := range h.Target {
			if a.Source == "" && t.Source != "" && t.Source != h.URI {
				a.Source = t.Source
			}
			for _, sr := range t.Selector {
				var s struct {
					Type   string `json:"type"`
					Exact  string `json:"exact"`
					Prefix string `json:"prefix"`
					Suffix string `json:"suffix"`
					Start  *int   `json:"start"`
				}
				if json.Unmarshal(sr, &s) != nil {
					continue
				}
				switch s.Type {
				case "TextQuoteSelector":
					if a.Quote.Exact == "" {
						a.Quote = annotate.Quote{Exact: s.Exact, Prefix: s.Prefix, Suffix: s.Suffix}
					}
				case "TextPositionSelector":
					if s.Start != nil && a.Hint < 0 && *s.Start >= 0 {
						a.Hint = *s.Start
					}
				}
			}
		}
		if a.URL == "" {
			a.URL = a.Source
		}
		f.Annotations = append(f.Annotations, a)
	}
	return f, nil
}

// documentTitle reads Hypothesis' document.title, a list of titles (or,
// in some exports, one).
func documentTitle(raw json.RawMessage) string {
	var d struct {
		Title json.RawMessage `json:"title"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &d) != nil {
		return ""
	}
	var titles []string
	if json.Unmarshal(d.Title, &titles) == nil && len(titles) > 0 {
		return titles[0]
	}
	var title string
	if json.Unmarshal(d.Title, &title) == nil {
		return title
	}
	return ""
}
