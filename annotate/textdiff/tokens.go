package textdiff

import "unicode"

// A token is a word (letters, digits and combining marks), a run of white
// space, or any other single rune. Tokens tile the text: every rune is in
// exactly one token.
type token struct {
	start, end int32 // rune offsets
}

type tokenClass uint8

const (
	classWord tokenClass = iota
	classSpace
	classOther
)

func classOf(r rune) tokenClass {
	switch {
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return classWord
	case unicode.IsSpace(r):
		return classSpace
	}
	return classOther
}

// tokenizer splits texts into tokens and interns their contents, so two
// tokens of either text compare equal exactly when their ids are equal.
type tokenizer struct {
	ids map[string]int32
}

func newTokenizer() *tokenizer {
	return &tokenizer{ids: make(map[string]int32)}
}

// split returns the tokens of rs, their interned ids and whether each is
// a word.
func (tz *tokenizer) split(rs []rune) (toks []token, ids []int32, words []bool) {
	for i := 0; i < len(rs); {
		c := classOf(rs[i])
		j := i + 1
		if c != classOther {
			for j < len(rs) && classOf(rs[j]) == c {
				j++
			}
		}
		s := string(rs[i:j])
		id, ok := tz.ids[s]
		if !ok {
			id = int32(len(tz.ids))
			tz.ids[s] = id
		}
		toks = append(toks, token{int32(i), int32(j)})
		ids = append(ids, id)
		words = append(words, c == classWord)
		i = j
	}
	return toks, ids, words
}
