package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// ContextRunes is how many runes of context a Quote keeps on either side
// of its exact text.
const ContextRunes = 32

// NormalizeText returns text as Marginalia stores it: NFC-normalised, with
// "\n" line endings, no byte-order mark, no trailing spaces on lines, at
// most one blank line between paragraphs, and no leading or trailing blank
// lines. Offsets always refer to normalised text.
func NormalizeText(text string) string {
	text = strings.TrimPrefix(text, "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = norm.NFC.String(text)
	lines := strings.Split(text, "\n")
	out := make([]string, 0, len(lines))
	blank := 0
	for _, line := range lines {
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if line == "" {
			blank++
			continue
		}
		if len(out) > 0 && blank > 0 {
			out = append(out, "")
		}
		blank = 0
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// NormalizeQuote prepares text an analyst typed or pasted to be searched
// for in normalised article text.
func NormalizeQuote(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return norm.NFC.String(text)
}

// HashText returns the hex sha256 of text, the identity of an article's
// content across databases.
func HashText(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// RuneLen returns the number of runes in s.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }

// Text gives rune-offset access to an article's text. Build it once per
// text when converting many offsets.
type Text struct {
	s     string
	bytes []int // bytes[i] is the byte offset of rune i; bytes[n] == len(s)
}

// NewText indexes s for rune-offset access.
func NewText(s string) *Text {
	idx := make([]int, 0, len(s)+1)
	for i := range s {
		idx = append(idx, i)
	}
	idx = append(idx, len(s))
	return &Text{s: s, bytes: idx}
}

// String returns the whole text.
func (t *Text) String() string { return t.s }

// Len returns the text's length in runes.
func (t *Text) Len() int { return len(t.bytes) - 1 }

// Slice returns the runes [start, end), clamped to the text.
func (t *Text) Slice(start, end int) string {
	start = max(0, min(start, t.Len()))
	end = max(start, min(end, t.Len()))
	return t.s[t.bytes[start]:t.bytes[end]]
}

// RuneOffset converts a byte offset into s to a rune offset.
func (t *Text) RuneOffset(byteOffset int) int {
	// Binary search: bytes is strictly increasing.
	lo, hi := 0, len(t.bytes)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if t.bytes[mid] < byteOffset {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// CheckSpan reports whether span is a non-empty range inside the text.
func (t *Text) CheckSpan(span Span) error {
	switch {
	case span.Start < 0 || span.End < 0:
		return fmt.Errorf("span %d-%d: offsets must not be negative", span.Start, span.End)
	case span.End <= span.Start:
		return fmt.Errorf("span %d-%d: end must be after start", span.Start, span.End)
	case span.End > t.Len():
		return fmt.Errorf("span %d-%d: past the end of the text (%d characters)", span.Start, span.End, t.Len())
	}
	return nil
}

// QuoteAt returns the quote selector for span: the exact text and up to
// ContextRunes runes of context on either side.
func (t *Text) QuoteAt(span Span) (Quote, error) {
	if err := t.CheckSpan(span); err != nil {
		return Quote{}, err
	}
	return Quote{
		Exact:  t.Slice(span.Start, span.End),
		Prefix: t.Slice(span.Start-ContextRunes, span.Start),
		Suffix: t.Slice(span.End, span.End+ContextRunes),
	}, nil
}

// Find returns the span of the nth (1-based) occurrence of quote in the
// text, or false when there is none.
func (t *Text) Find(quote string, nth int) (Span, bool) {
	if quote == "" || nth < 1 {
		return Span{}, false
	}
	from := 0
	for {
		i := strings.Index(t.s[from:], quote)
		if i < 0 {
			return Span{}, false
		}
		start := from + i
		nth--
		if nth == 0 {
			rs := t.RuneOffset(start)
			return Span{Start: rs, End: rs + RuneLen(quote)}, true
		}
		_, size := utf8.DecodeRuneInString(t.s[start:])
		from = start + size
	}
}

// Fold returns s folded for matching names and search: accents removed,
// case folded, runs of white space collapsed to one space. "José  ÁLVAREZ"
// folds to "jose alvarez".
func Fold(s string) string {
	if isASCII(s) {
		return strings.Join(strings.Fields(strings.ToLower(s)), " ")
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	return strings.Join(strings.Fields(strings.ToLower(folded)), " ")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// WordStep returns where a span edge at rune offset o moves by one word:
// forward (dir > 0) past the spaces and the next word to the word's end,
// backward past the spaces and the previous word to its start. Punctuation
// counts as a word of its own. It returns o at either end of the text.
func (t *Text) WordStep(o, dir int) int {
	o = max(0, min(o, t.Len()))
	at := func(i int) rune { r, _ := utf8.DecodeRuneInString(t.s[t.bytes[i]:]); return r }
	class := func(r rune) int {
		switch {
		case unicode.IsSpace(r):
			return 0
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-':
			return 1
		}
		return 2
	}
	if dir > 0 {
		for o < t.Len() && class(at(o)) == 0 {
			o++
		}
		if o < t.Len() {
			c := class(at(o))
			for o < t.Len() && class(at(o)) == c {
				o++
			}
		}
		return o
	}
	for o > 0 && class(at(o-1)) == 0 {
		o--
	}
	if o > 0 {
		c := class(at(o - 1))
		for o > 0 && class(at(o-1)) == c {
			o--
		}
	}
	return o
}
