package annotate

import (
	"image/color"
	"slices"
	"strconv"
	"strings"
)

// KindSpec is everything that depends on a kind of annotation, in one
// place: its name on screen and on the command line, the key that creates
// it, how W3C Web Annotation and REFI-QDA exports classify it, and its
// highlight colours. Adding a kind is one entry in kindSpecs (and its
// Kind constant); every face of the program reads this table.
type KindSpec struct {
	Kind   Kind
	Label  string // "Claim": menus, toolbar, inspector
	Plural string // "claims": counts ("3 claims", "0 evidence")
	// Key is the digit that, with Ctrl, highlights the selection as this
	// kind ("" when the kind is not offered for highlighting).
	Key string
	// Motivation is the W3C Web Annotation motivation of this kind.
	Motivation string
	// Light and Dark are the highlight band colours for the light and dark
	// theme. Theme text on each is at least 4.5:1 (WCAG AA), and the kinds
	// differ in lightness as well as hue, so they stay distinct for the
	// common colour-vision deficiencies.
	Light, Dark color.NRGBA
}

// Highlightable reports whether analysts create this kind by selecting
// text (notes are written in the inspector, not highlighted).
func (s KindSpec) Highlightable() bool { return s.Key != "" }

// Count returns "1 claim", "3 claims", "0 evidence".
func (s KindSpec) Count(n int) string {
	if n == 1 {
		return "1 " + strings.ToLower(s.Label)
	}
	return strconv.Itoa(n) + " " + s.Plural
}

// kindSpecs lists every kind in display order.
func kindSpecs() []KindSpec {
	return []KindSpec{
		{KindClaim, "Claim", "claims", "1", "assessing", color.NRGBA{0xf6, 0xc1, 0xbc, 0xff}, color.NRGBA{0x7a, 0x2e, 0x28, 0xff}},
		{KindQuote, "Quote", "quotes", "2", "highlighting", color.NRGBA{0xbf, 0xd9, 0xf6, 0xff}, color.NRGBA{0x1f, 0x45, 0x73, 0xff}},
		{KindEvidence, "Evidence", "evidence", "3", "highlighting", color.NRGBA{0xc6, 0xe8, 0xbd, 0xff}, color.NRGBA{0x2a, 0x5a, 0x2c, 0xff}},
		{KindQuestion, "Question", "questions", "4", "questioning", color.NRGBA{0xf8, 0xe0, 0x9a, 0xff}, color.NRGBA{0x66, 0x4f, 0x0f, 0xff}},
		{KindNote, "Note", "notes", "", "commenting", color.NRGBA{0xe0, 0xd4, 0xf5, 0xff}, color.NRGBA{0x4a, 0x36, 0x66, 0xff}},
	}
}

// KindSpecs lists every kind's spec in display order.
func KindSpecs() []KindSpec { return kindSpecs() }

// HighlightKinds lists the specs of the kinds analysts highlight with, in
// toolbar order.
func HighlightKinds() []KindSpec {
	return slices.DeleteFunc(kindSpecs(), func(s KindSpec) bool { return !s.Highlightable() })
}

// Spec returns the spec of kind; an unknown kind gets the note's look
// under its own name.
func (k Kind) Spec() KindSpec {
	for _, s := range kindSpecs() {
		if s.Kind == k {
			return s
		}
	}
	s := kindSpecs()[len(kindSpecs())-1]
	s.Kind, s.Label, s.Plural, s.Key = k, string(k), string(k), ""
	return s
}

// Label is the kind's name on screen ("Claim").
func (k Kind) Label() string { return k.Spec().Label }

// Kinds lists every kind in display order.
func Kinds() []Kind {
	var out []Kind
	for _, s := range kindSpecs() {
		out = append(out, s.Kind)
	}
	return out
}
