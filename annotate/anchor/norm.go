package anchor

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"marginalia/annotate"
)

// folded is a text as the searches see it: white space and invisible
// format characters dropped, letters case- and accent-folded
// (annotate.Fold), typographic quotation marks, apostrophes and dashes
// made plain. Dropping white space rather than collapsing it lets a quote
// taken from a browser's DOM text, where paragraphs may run together
// ("claims.The minister"), match the stored text ("claims.\n\nThe
// minister"). Each folded rune remembers the original runes it came from.
type folded struct {
	r     []rune  // folded runes
	from  []int32 // from[i]: offset in the original text of folded rune i
	to    []int32 // to[i]: end (exclusive) of the original runes of folded rune i
	at    []int32 // at[p]: index of the first folded rune at original offset >= p
	s     string  // string(r), for strings.Index
	index *annotate.Text
}

// plain maps typographic marks to the ASCII a browser or an editor may
// have put in their place.
var plain = map[rune]string{
	'‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '`': "'", '´': "'",
	'“': `"`, '”': `"`, '„': `"`, '‟': `"`, '″': `"`, '«': `"`, '»': `"`,
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '―': "-", '−': "-",
	'…': "...",
}

// foldRune appends the folded form of r to dst.
func foldRune(dst []rune, r rune, cache map[rune][]rune) []rune {
	switch {
	case r < 0x80:
		if unicode.IsSpace(r) || r < 0x20 || r == 0x7f {
			return dst
		}
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, r)
	case unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Cc, r):
		return dst
	}
	if f, ok := cache[r]; ok {
		return append(dst, f...)
	}
	var f []rune
	if p, ok := plain[r]; ok {
		f = []rune(p)
	} else {
		f = []rune(strings.ReplaceAll(annotate.Fold(string(r)), " ", ""))
	}
	cache[r] = f
	return append(dst, f...)
}

// fold returns the folded view of s.
func fold(s string) *folded {
	n := annotate.RuneLen(s)
	f := &folded{
		r:    make([]rune, 0, n),
		from: make([]int32, 0, n),
		to:   make([]int32, 0, n),
		at:   make([]int32, n+1),
	}
	cache := make(map[rune][]rune)
	p := int32(0)
	for _, r := range s {
		f.at[p] = int32(len(f.r))
		k := len(f.r)
		f.r = foldRune(f.r, r, cache)
		for ; k < len(f.r); k++ {
			f.from = append(f.from, p)
			f.to = append(f.to, p+1)
		}
		p++
	}
	f.at[p] = int32(len(f.r))
	f.s = string(f.r)
	f.index = annotate.NewText(f.s)
	return f
}

// foldString returns the folded runes of s.
func foldString(s string) []rune {
	out := make([]rune, 0, len(s))
	cache := make(map[rune][]rune)
	for _, r := range s {
		out = foldRune(out, r, cache)
	}
	return out
}

// span returns the original range of folded runes [i, j), i < j.
func (f *folded) span(i, j int) annotate.Span {
	return annotate.Span{Start: int(f.from[i]), End: int(f.to[j-1])}
}

// indexAll returns the start of every occurrence of q in f (q folded and
// not empty), at most limit of them; more reports whether there were
// more.
func (f *folded) indexAll(q string, limit int) (starts []int, more bool) {
	from := 0
	for {
		i := strings.Index(f.s[from:], q)
		if i < 0 {
			return starts, false
		}
		if len(starts) == limit {
			return starts, true
		}
		b := from + i
		starts = append(starts, f.index.RuneOffset(b))
		_, size := utf8.DecodeRuneInString(f.s[b:])
		from = b + size
	}
}
