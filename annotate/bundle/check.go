package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"marginalia/annotate"
)

// Validating an article's text and an annotation against it must not
// cost more memory than the text itself: annotate.NormalizeText splits
// the text into a slice of lines (16 bytes per line, 320 MB for 20 MB of
// one-character lines) and annotate.NewText keeps 8 bytes per byte (160
// MB for a 20 MB text). The checks below give the same verdicts and the
// same messages with a few MB at most; tests compare them with annotate's.

// checkArticle is annotate.Article.Validate with the text checks done by
// isNormal instead of annotate.NormalizeText.
func checkArticle(a *annotate.Article) error {
	bare := *a
	bare.Text = ""
	if err := bare.Validate(); err != nil || a.Text == "" {
		return err
	}
	if err := annotate.ValidateText(a.Text); err != nil {
		return fmt.Errorf("article %s: %w", a.ID, err)
	}
	if !isNormal(a.Text) {
		return fmt.Errorf("%w: article %s text is not normalised", annotate.ErrInvalid, a.ID)
	}
	if a.TextHash != hashText(a.Text) {
		return fmt.Errorf("%w: article %s text hash does not match its text", annotate.ErrInvalid, a.ID)
	}
	return nil
}

// hashText is annotate.HashText without its copy of the text.
func hashText(s string) string {
	h := sha256.New()
	var buf [32 << 10]byte
	for len(s) > 0 {
		n := copy(buf[:], s)
		h.Write(buf[:n])
		s = s[n:]
	}
	return hex.EncodeToString(h.Sum(nil))
}

// isNormal reports whether annotate.NormalizeText would leave the valid
// UTF-8 text s as it is: no byte-order mark at its start, no carriage
// return, no leading or trailing blank line and never two in a row, no
// line ending in white space, and NFC.
func isNormal(s string) bool {
	if s == "" {
		return true
	}
	if strings.HasPrefix(s, "\uFEFF") || strings.IndexByte(s, '\r') >= 0 ||
		s[0] == '\n' || s[len(s)-1] == '\n' || strings.Contains(s, "\n\n\n") {
		return false
	}
	for line := range strings.SplitSeq(s, "\n") {
		if r, _ := utf8.DecodeLastRuneInString(line); line != "" && unicode.IsSpace(r) {
			return false
		}
	}
	return norm.NFC.IsNormalString(s)
}

// runeIndex gives rune-offset access to a text, as annotate.Text does,
// from the byte offset of every 64th rune: 1/64 of its memory, and at
// most 63 runes to step over per lookup.
type runeIndex struct {
	s     string
	n     int   // runes
	marks []int // marks[i] is the byte offset of rune 64*i
}

func newRuneIndex(s string) *runeIndex {
	x := &runeIndex{s: s, marks: make([]int, 0, len(s)/64+1)}
	for i := range s {
		if x.n%64 == 0 {
			x.marks = append(x.marks, i)
		}
		x.n++
	}
	return x
}

// at returns the byte offset of rune r, clamped to the text.
func (x *runeIndex) at(r int) int {
	if r <= 0 {
		return 0
	}
	if r >= x.n {
		return len(x.s)
	}
	i := x.marks[r/64]
	for k := r % 64; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(x.s[i:])
		i += size
	}
	return i
}

// slice returns the runes [start, end), clamped as annotate.Text.Slice.
func (x *runeIndex) slice(start, end int) string {
	start = max(0, min(start, x.n))
	end = max(start, min(end, x.n))
	return x.s[x.at(start):x.at(end)]
}

// checkQuote is the part of annotate.Annotation.ValidateIn that follows
// Validate: the span lies inside the text and the quote is exactly what
// it selects, with annotate.ContextRunes of context.
func checkQuote(a *annotate.Annotation, x *runeIndex) error {
	sp := a.Span
	switch {
	case sp.Start < 0 || sp.End < 0:
		return fmt.Errorf("%w: annotation %s: span %d-%d: offsets must not be negative", annotate.ErrInvalid, a.ID, sp.Start, sp.End)
	case sp.End <= sp.Start:
		return fmt.Errorf("%w: annotation %s: span %d-%d: end must be after start", annotate.ErrInvalid, a.ID, sp.Start, sp.End)
	case sp.End > x.n:
		return fmt.Errorf("%w: annotation %s: span %d-%d: past the end of the text (%d characters)", annotate.ErrInvalid, a.ID, sp.Start, sp.End, x.n)
	}
	q := a.Quote
	if q.Exact != x.slice(sp.Start, sp.End) || q.Prefix != x.slice(sp.Start-annotate.ContextRunes, sp.Start) ||
		q.Suffix != x.slice(sp.End, sp.End+annotate.ContextRunes) {
		return fmt.Errorf("%w: annotation %s: quote does not match the article text at %d-%d", annotate.ErrInvalid, a.ID, sp.Start, sp.End)
	}
	return nil
}

// QuoteInput quotes user input for an error message: in Go syntax, and
// when that is longer than about 80 characters, its first ones followed
// by an ellipsis and the input's length. It never reads past what it
// shows, so a 100 MB note costs nothing to mention.
func QuoteInput(s string) string {
	const limit = 72
	if len(s) <= limit {
		if q := strconv.Quote(s); len(q) <= limit+2 {
			return q
		}
	}
	out := []byte{'"'}
	shown := 0 // characters of the quoted text
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		q := strconv.Quote(s[i : i+size])
		w := utf8.RuneCountInString(q) - 2
		if shown+w > limit {
			break
		}
		out = append(out, q[1:len(q)-1]...)
		shown += w
		i += size
	}
	return fmt.Sprintf("%s\"… (%d bytes)", out, len(s))
}
