package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"marginalia/annotate"
)

// fold returns s folded exactly as annotate.Fold does. Pure ASCII text,
// the common case, takes a fast path (lower case, white space collapsed),
// which is what annotate.Fold computes for it; text that is already
// folded is returned as is, without a copy. Text in the Latin alphabets
// takes another (see foldLatin); the rest goes to annotate.Fold.
func fold(s string) string {
	if !isASCII(s) {
		if f, ok := foldLatin(s); ok {
			return f
		}
		return annotate.Fold(s)
	}
	if asciiFolded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if asciiSpace(c) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// foldLatin folds s rune by rune when every rune is ASCII or a
// precomposed Latin letter (U+00C0-U+024F, U+1E00-U+1EFF), and reports
// false for any other text. For such text annotate.Fold's NFD, dropping
// of nonspacing marks, NFC and lower-casing come down to foldLatinRune,
// rune by rune: nothing recomposes, as none of these letters combines
// with the rune after it. TestFoldLatinEveryRune checks every rune.
func foldLatin(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r < utf8.RuneSelf && asciiSpace(byte(r)) {
			space = b.Len() > 0
			continue
		}
		f, ok := foldLatinRune(r)
		if !ok {
			return "", false
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(f)
	}
	return b.String(), true
}

// foldLatinRune folds an ASCII rune that is not white space, or a Latin
// letter of U+00C0-U+024F or U+1E00-U+1EFF: a letter whose canonical
// decomposition is a base letter and nonspacing marks becomes the base
// letter, lower-cased; any other rune is lower-cased. It reports false
// for any other rune.
func foldLatinRune(r rune) (rune, bool) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	}
	if !(0xC0 <= r && r <= 0x24F || 0x1E00 <= r && r <= 0x1EFF) {
		return 0, false
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	if d := norm.NFD.Properties(buf[:n]).Decomposition(); d != nil {
		base, size := utf8.DecodeRune(d)
		for _, m := range string(d[size:]) {
			if !unicode.Is(unicode.Mn, m) {
				return 0, false
			}
		}
		r = base
	}
	return unicode.ToLower(r), true
}

// asciiFolded reports whether the ASCII string s is its own fold.
func asciiFolded(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case asciiSpace(c):
			return false
		default:
			prevSpace = false
		}
	}
	return true
}

// asciiSpace reports the ASCII characters unicode.IsSpace accepts.
func asciiSpace(c byte) bool {
	return c == ' ' || '\t' <= c && c <= '\r'
}

// origRange is a half-open range of rune offsets into an original text.
type origRange struct{ start, end int32 }

// foldMap folds orig like fold and returns, for each rune of the folded
// text, the runes of orig it came from. Accents that folding drops belong
// to the letter before them, so a highlight covers the whole character; a
// run of white space collapsed to one space maps to its first character.
//
// It folds orig piece by piece (each piece a character with its combining
// marks, the units Unicode normalisation works on) and checks the result
// against fold(orig); for the rare text where the pieces do not add up,
// it falls back to an even spread, good enough to highlight.
func foldMap(orig string) (string, []origRange) {
	if f, ranges, ok := foldMapLatin(orig); ok {
		return f, ranges
	}
	want := fold(orig)
	var runes []rune
	var ranges []origRange
	pos := int32(0)
	for i := 0; i < len(orig); {
		n := norm.NFC.NextBoundaryInString(orig[i:], true)
		if n <= 0 {
			n = len(orig) - i
		}
		seg := orig[i : i+n]
		cnt := int32(utf8.RuneCountInString(seg))
		f := foldPiece(seg)
		if f == "" && len(ranges) > 0 && !unicode.IsSpace(runes[len(runes)-1]) {
			ranges[len(ranges)-1].end = pos + cnt
		}
		for _, r := range f {
			runes = append(runes, r)
			ranges = append(ranges, origRange{pos, pos + cnt})
		}
		pos += cnt
		i += n
	}
	// Collapse white space as strings.Fields does.
	outR := runes[:0]
	outG := ranges[:0]
	var spaceAt origRange
	space := false
	for k, r := range runes {
		if unicode.IsSpace(r) {
			if !space && len(outR) > 0 {
				space, spaceAt = true, ranges[k]
			}
			continue
		}
		if space {
			outR = append(outR, ' ')
			outG = append(outG, spaceAt)
			space = false
		}
		outR = append(outR, r)
		outG = append(outG, ranges[k])
	}
	if string(outR) == want {
		return want, outG
	}
	// Fallback: spread the folded runes evenly over the original.
	nf := int32(utf8.RuneCountInString(want))
	no := pos
	spread := make([]origRange, nf)
	for k := range spread {
		s := int32(int64(k) * int64(no) / int64(max(nf, 1)))
		e := int32(int64(k+1) * int64(no) / int64(max(nf, 1)))
		spread[k] = origRange{s, max(e, s+1)}
	}
	return want, spread
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldMapLatin is foldMap for the text foldLatin folds, one rune for
// one rune but for white space. It reports false for other text.
func foldMapLatin(orig string) (string, []origRange, bool) {
	b := make([]byte, 0, len(orig))
	ranges := make([]origRange, 0, len(orig))
	space, spaceAt := false, int32(0)
	pos := int32(-1)
	for _, r := range orig {
		pos++
		if r < utf8.RuneSelf && asciiSpace(byte(r)) {
			if !space && len(b) > 0 {
				space, spaceAt = true, pos
			}
			continue
		}
		f, ok := foldLatinRune(r)
		if !ok {
			return "", nil, false
		}
		if space {
			b = append(b, ' ')
			ranges = append(ranges, origRange{spaceAt, spaceAt + 1})
			space = false
		}
		b = utf8.AppendRune(b, f)
		ranges = append(ranges, origRange{pos, pos + 1})
	}
	return string(b), ranges, true
}

// foldPiece folds one normalisation unit the way annotate.Fold folds a
// whole text, without the white space collapsing.
func foldPiece(seg string) string {
	if len(seg) == 1 && seg[0] < utf8.RuneSelf {
		c := seg[0]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		return string(rune(c))
	}
	d := norm.NFD.String(seg)
	d = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, d)
	return strings.ToLower(norm.NFC.String(d))
}
