package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxWordBytes caps an indexed word; longer runs of letters (URLs,
// hashes) are cut.
const maxWordBytes = 48

// tokenize calls fn for each word of s, in order: the word folded as
// annotate.Fold folds text (lower case, accents dropped) and its extent
// as half-open rune offsets into s. word is only valid during the call.
//
// A word is a run of letters and digits. Combining marks belong to the
// letter before them. A ',' or '.' between two digits is dropped
// ("1,200" is the word "1200", as typed either way); a possessive "'s"
// is dropped; every other character ends a word. Han, Hiragana and
// Katakana characters are words of one character each, as these scripts
// do not separate words with spaces.
func tokenize(s string, fn func(word []byte, start, end int)) {
	var arr [maxWordBytes + utf8.UTFMax]byte
	buf := arr[:0]
	start, end := -1, 0
	lastDigit := false
	flush := func() {
		if start >= 0 && len(buf) > 0 {
			fn(buf, start, end)
		}
		buf, start, lastDigit = buf[:0], -1, false
	}
	add := func(pos int, w string) {
		if start < 0 {
			start = pos
		}
		if len(buf)+len(w) <= maxWordBytes {
			buf = append(buf, w...)
		}
		end = pos + 1
	}
	pos := -1
	for i := 0; i < len(s); {
		pos++
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				if start < 0 {
					start = pos
				}
				if len(buf) < maxWordBytes {
					buf = append(buf, c)
				}
				end = pos + 1
				lastDigit = c <= '9'
			case 'A' <= c && c <= 'Z':
				if start < 0 {
					start = pos
				}
				if len(buf) < maxWordBytes {
					buf = append(buf, c+'a'-'A')
				}
				end = pos + 1
				lastDigit = false
			case (c == ',' || c == '.') && lastDigit && i < len(s) && '0' <= s[i] && s[i] <= '9':
				// a thousands or decimal separator: the number goes on
			case c == '\'' && start >= 0 && possessive(s[i:]):
				flush()
				i++ // the s
				pos++
			default:
				flush()
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '’' && start >= 0 && possessive(s[i:]):
			flush()
			i++
			pos++
		case unicode.Is(unicode.Mn, r):
			if start >= 0 {
				end = pos + 1
			}
		case isIdeograph(r):
			flush()
			var tmp [utf8.UTFMax]byte
			n := utf8.EncodeRune(tmp[:], r)
			fn(tmp[:n], pos, pos+1)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
			add(pos, foldRune(r))
			lastDigit = false
		default:
			flush()
		}
	}
	flush()
}

// possessive reports whether rest, the text after an apostrophe, starts
// with an "s" that ends a word.
func possessive(rest string) bool {
	if rest == "" || rest[0] != 's' && rest[0] != 'S' {
		return false
	}
	if len(rest) == 1 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest[1:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func isIdeograph(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

// foldRune folds one non-ASCII letter or digit: its canonical
// decomposition without nonspacing marks, recomposed, in lower case.
func foldRune(r rune) string {
	if f, ok := foldLatinRune(r); ok {
		return string(f)
	}
	var tmp [utf8.UTFMax]byte
	n := utf8.EncodeRune(tmp[:], r)
	d := norm.NFD.Properties(tmp[:n]).Decomposition()
	if d == nil {
		return string(unicode.ToLower(r))
	}
	var b strings.Builder
	for _, m := range string(d) {
		if !unicode.Is(unicode.Mn, m) {
			b.WriteRune(m)
		}
	}
	return strings.ToLower(norm.NFC.String(b.String()))
}

// words returns the folded words of s.
func words(s string) []string {
	var out []string
	tokenize(s, func(w []byte, _, _ int) { out = append(out, string(w)) })
	return out
}
