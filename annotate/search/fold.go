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

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
