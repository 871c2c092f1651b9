package anchor

import (
	"fmt"
	"slices"

	"marginalia/annotate"
	"marginalia/annotate/textdiff"
)

// Method says how an annotation was placed.
type Method uint8

// The ways of placing an annotation, in the order they are tried. Orphan
// is the zero value: an annotation is placed only when a method accepts
// it.
const (
	Orphan    Method = iota // not placed: no clearly right place
	Unchanged               // same quote and context at the same offsets
	Mapped                  // its span mapped through the diff of the texts
	Quote                   // its exact quote found, chosen by its context
	Fuzzy                   // an approximate match of its quote
)

var methodNames = [...]string{Orphan: "orphan", Unchanged: "unchanged", Mapped: "mapped", Quote: "quote", Fuzzy: "fuzzy"}

// String returns the method's name.
func (m Method) String() string {
	if int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("method(%d)", m)
}

// MarshalText encodes the method as its name.
func (m Method) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText decodes a method's name.
func (m *Method) UnmarshalText(b []byte) error {
	if i := slices.Index(methodNames[:], string(b)); i >= 0 {
		*m = Method(i)
		return nil
	}
	return fmt.Errorf("anchor: unknown method %q", b)
}

// Result is where one annotation goes in the new text.
type Result struct {
	Method Method `json:"method"`
	// Span is the annotation's range in the new text; zero for an orphan.
	Span annotate.Span `json:"span"`
	// Quote is the quote selector at Span in the new text; for an orphan,
	// the quote it was searched with.
	Quote annotate.Quote `json:"quote"`
	// Changed reports that Quote.Exact differs from the old quote: the
	// passage was reworded, or its white space or punctuation changed.
	Changed bool `json:"changed,omitempty"`
	// Confidence is 1 for an unchanged annotation, the similarity of the
	// new text to the old quote for a mapped one, and the candidate's
	// score (quote, context and position) for a found one.
	Confidence float64 `json:"confidence"`
	// Reason says why an orphan was not placed.
	Reason string `json:"reason,omitempty"`
	// Candidates are an orphan's best guesses, best first, for a person
	// to confirm; they are never applied automatically.
	Candidates []Candidate `json:"candidates,omitempty"`
}

// Placed reports whether the annotation has a place in the new text.
func (r Result) Placed() bool { return r.Method != Orphan }

// Candidate is a possible place for an orphan.
type Candidate struct {
	Span  annotate.Span `json:"span"`
	Score float64       `json:"score"`
}

// Options are the acceptance rule. The zero value of a field means its
// default (DefaultOptions).
type Options struct {
	// MinSimilarity is the least similarity, 1 - edits/length on folded
	// text, between the old quote and the placed text.
	MinSimilarity float64
	// MinMapped replaces MinSimilarity for a span mapped through the
	// diff, when the quote is at least ShortQuote long: the diff vouches
	// for the place, so a reworded passage may still follow.
	MinMapped float64
	// MinMargin is the least lead of the best candidate's score over the
	// second best's.
	MinMargin float64
	// ShortQuote is the folded length (white space aside) below which a
	// quote is not distinctive alone: a search places it only where it
	// occurs exactly (after folding) and its context agrees enough.
	ShortQuote int
	// MinEvidence is what a short quote needs: its length plus the runes
	// of prefix and suffix that agree (length times similarity) must
	// reach it.
	MinEvidence float64
}

// DefaultOptions returns the acceptance rule the benchmark was tuned
// with on its development half (see the package documentation).
func DefaultOptions() Options {
	return Options{MinSimilarity: 0.75, MinMapped: 0.6, MinMargin: 0.1, ShortQuote: 24, MinEvidence: 48}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.MinSimilarity == 0 {
		o.MinSimilarity = d.MinSimilarity
	}
	if o.MinMapped == 0 {
		o.MinMapped = d.MinMapped
	}
	if o.MinMargin == 0 {
		o.MinMargin = d.MinMargin
	}
	if o.ShortQuote == 0 {
		o.ShortQuote = d.ShortQuote
	}
	if o.MinEvidence == 0 {
		o.MinEvidence = d.MinEvidence
	}
	return o
}

// Selector is an annotation's anchor in the old text.
type Selector struct {
	Span  annotate.Span  `json:"span"`
	Quote annotate.Quote `json:"quote"`
}

// Reanchorer places annotations of an old text on a new version of it.
// Build it once per pair of texts; it is safe for concurrent use.
type Reanchorer struct {
	s searcher
}

// NewReanchorer diffs the two texts (both normalised, see
// annotate.NormalizeText) and prepares the new one for searching.
func NewReanchorer(oldText, newText string, opts Options) *Reanchorer {
	return FromDiff(textdiff.Compare(oldText, newText), opts)
}

// FromDiff is NewReanchorer for a diff already computed, such as the one
// a diff view shows.
func FromDiff(d *textdiff.Diff, opts Options) *Reanchorer {
	return &Reanchorer{s: newSearcher(d.New(), d, opts)}
}

// Diff returns the diff the reanchorer maps through.
func (r *Reanchorer) Diff() *textdiff.Diff { return r.s.diff }

// Reanchor places every selector of the old text on the new text.
func Reanchor(oldText, newText string, sels []Selector, opts Options) []Result {
	r := NewReanchorer(oldText, newText, opts)
	out := make([]Result, len(sels))
	for i, sel := range sels {
		out[i] = r.Place(sel.Span, sel.Quote)
	}
	return out
}

// Place finds the new place of the annotation at span with quote q in
// the old text, trying in turn: the same place, the span mapped through
// the diff, the exact quote chosen by its context, an approximate match.
// If span and q disagree with the old text, only the searches are tried,
// with the quote as given.
func (r *Reanchorer) Place(span annotate.Span, q annotate.Quote) Result {
	s := &r.s
	old, nw := s.diff.Old(), s.diff.New()
	q.Exact = annotate.NormalizeQuote(q.Exact)
	if old.CheckSpan(span) != nil || old.Slice(span.Start, span.End) != q.Exact {
		hint := -1
		if old.CheckSpan(span) == nil {
			hint = s.diff.MapStart(span.Start)
		}
		return s.find(q, hint, annotate.Span{})
	}
	oq, _ := old.QuoteAt(span)
	if nw.CheckSpan(span) == nil && nw.Slice(span.Start, span.End) == q.Exact {
		if nq, _ := nw.QuoteAt(span); nq == oq {
			return Result{Method: Unchanged, Span: span, Quote: nq, Confidence: 1}
		}
	}
	if res, ok := s.mapped(span, oq); ok {
		return res
	}
	return s.find(oq, s.diff.MapStart(span.Start), span)
}

// Locator places annotations made on a text we do not have, such as a
// browser's DOM text for a Hypothesis or W3C import, on a text we have.
// It is safe for concurrent use.
type Locator struct {
	s searcher
}

// NewLocator prepares text (normalised) for locating quotes in.
func NewLocator(text string, opts Options) *Locator {
	return &Locator{s: newSearcher(annotate.NewText(text), nil, opts)}
}

// Locate places a TextQuoteSelector: the exact quote chosen by its
// prefix and suffix, else an approximate match, under the same
// acceptance rule as Place. hint is a TextPositionSelector's start in
// the other text, or -1: it only breaks near ties, since the other
// text's offsets count boilerplate and white space ours lack.
func (l *Locator) Locate(q annotate.Quote, hint int) Result {
	q.Exact = annotate.NormalizeQuote(q.Exact)
	return l.s.find(q, hint, annotate.Span{})
}
