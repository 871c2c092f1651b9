package attrib

import (
	"strings"
	"unicode"
)

type tokKind uint8

const (
	tWord   tokKind = iota
	tPunct          // one punctuation rune
	tOpenQ          // a mark opening a quotation
	tCloseQ         // a mark closing a quotation
	tLine           // a line break inside a paragraph
	tPara           // a blank line between paragraphs
)

// token is a word, a punctuation mark or a line break.
type token struct {
	start, end int // rune offsets [start, end)
	kind       tokKind
	text       string // as written
	name       string // as written, without a possessive ’s
	base       string // lower case, without a possessive ’s or a final full stop
	cap        bool   // begins with an upper-case letter
	poss       bool   // ends with a possessive ’s
	quote      int    // the quotation it is part of (marks included), or -1
	sent       int    // its sentence, or -1 for line breaks
	para       int    // its paragraph
	run        int    // the capitalised run (possible name) it is part of, or -1
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// tokenize splits text into tokens. Abbreviations keep their full stop
// ("Dr.", "U.S."); internal apostrophes and hyphens stay inside words
// ("Kim’s", "state-run").
func tokenize(rs []rune) []token {
	toks := make([]token, 0, len(rs)/5+8)
	n, para := len(rs), 0
	for i := 0; i < n; {
		r := rs[i]
		switch {
		case r == '\n':
			j, lines := i, 0
			for j < n && unicode.IsSpace(rs[j]) {
				if rs[j] == '\n' {
					lines++
				}
				j++
			}
			kind := tLine
			if lines > 1 {
				kind = tPara
			}
			toks = append(toks, token{start: i, end: j, kind: kind, quote: -1, sent: -1, para: para, run: -1})
			if kind == tPara {
				para++
			}
			i = j
		case unicode.IsSpace(r):
			i++
		case isWordRune(r):
			j := wordEnd(rs, i)
			toks = append(toks, newWord(rs, i, j, para))
			i = j
		default:
			toks = append(toks, token{start: i, end: i + 1, kind: tPunct, text: string(r), quote: -1, sent: -1, para: para, run: -1})
			i++
		}
	}
	return toks
}

// wordEnd returns the end of the word starting at i.
func wordEnd(rs []rune, i int) int {
	n := len(rs)
	j := i + 1
	for j < n {
		r := rs[j]
		if isWordRune(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) {
			j++
			continue
		}
		next := j+1 < n && isWordRune(rs[j+1])
		switch r {
		case '’', '\'', '-', '‐', '·', '.':
			if next {
				j += 2
				continue
			}
		case ',':
			if next && unicode.IsDigit(rs[j-1]) && unicode.IsDigit(rs[j+1]) {
				j += 2
				continue
			}
		}
		if r == '.' && (abbrevWord(rs[i:j]) || numberSign(rs, i, j)) {
			j++
			// "U.S.-led": a hyphen may follow the full stop.
			if j+1 < n && (rs[j] == '-' || rs[j] == '‐') && isWordRune(rs[j+1]) {
				j += 2
				continue
			}
		}
		break
	}
	return j
}

// abbrevWord reports whether word, not yet ending in a full stop, takes one
// as an abbreviation: an initial, a dotted abbreviation or a listed one.
func abbrevWord(word []rune) bool {
	if len(word) == 0 || word[len(word)-1] == '.' {
		return false
	}
	if len(word) == 1 {
		return unicode.IsUpper(word[0])
	}
	for _, r := range word {
		if r == '.' {
			return true
		}
	}
	return isAbbrev(strings.ToLower(string(word)))
}

// numberSign reports "No." or "Nos." before a number, as in "the No. 9
// bus": the full stop does not end a sentence.
func numberSign(rs []rune, i, j int) bool {
	w := strings.ToLower(string(rs[i:j]))
	return (w == "no" || w == "nos") && j+2 < len(rs) && rs[j+1] == ' ' && unicode.IsDigit(rs[j+2])
}

func newWord(rs []rune, i, j, para int) token {
	text := string(rs[i:j])
	low := strings.ToLower(text)
	t := token{start: i, end: j, kind: tWord, text: text, name: text, quote: -1, sent: -1, para: para, run: -1}
	t.cap = unicode.IsUpper(rs[i]) || unicode.IsTitle(rs[i])
	for _, s := range []string{"’s", "'s"} {
		if strings.HasSuffix(low, s) && len(low) > len(s) {
			t.poss = true
			low = strings.TrimSuffix(low, s)
			t.name = text[:len(text)-len(s)]
		}
	}
	t.base = strings.TrimSuffix(low, ".")
	return t
}

// quotation is one quoted passage, or one paragraph of a quotation that
// runs over several paragraphs.
type quotation struct {
	open, close int // token indices of the marks; close is -1 when the paragraph ends first
	last        int // the last token of the quotation: its closing mark, or the last before it ends
	start, end  int // rune span of the quoted words, marks excluded
	outer       [2]int
	para        int
	prev, next  int  // the previous and next paragraph of the same quotation, or -1
	single      bool // in single quotation marks
	heading     bool

	speaker int  // person index, or -1
	cue     int  // the cue that names the source, or -1
	strong  bool // attributed by a cue in its own sentence
	decided bool
}

func isOpenMark(s string) bool { return s == "“" || s == "«" || s == "„" || s == "\"" }

// findQuotes marks the quotation marks and the quoted tokens. Curly,
// straight and angle double quotation marks are paired; single quotation
// marks count only outside double ones. A paragraph that ends inside a
// quotation continues it when the next paragraph opens with a quotation
// mark, as newspapers write multi-paragraph quotes.
func (a *Analysis) findQuotes() {
	toks, rs := a.toks, a.rs
	cur, pending := -1, -1
	openQ := func(i int, single bool) {
		q := quotation{open: i, close: -1, last: i, para: toks[i].para, prev: -1, next: -1, single: single, speaker: -1, cue: -1}
		if pending >= 0 && a.firstInPara(i) {
			q.prev = pending
			a.quotes[pending].next = len(a.quotes)
		}
		pending = -1
		a.quotes = append(a.quotes, q)
		cur = len(a.quotes) - 1
		toks[i].kind = tOpenQ
	}
	closeQ := func(i int) {
		a.quotes[cur].close, a.quotes[cur].last = i, i
		toks[i].kind = tCloseQ
		cur = -1
	}
	// endPara ends the paragraph before token i, a paragraph break or the
	// end of the text.
	endPara := func(i int) {
		if cur < 0 {
			return
		}
		if a.quotes[cur].single {
			toks[a.quotes[cur].open].kind = tPunct
			a.quotes = a.quotes[:cur]
		} else {
			a.quotes[cur].last = i - 1
			if i+1 < len(toks) && isOpenMark(toks[i+1].text) {
				pending = cur
			}
		}
		cur = -1
	}
	for i := range toks {
		t := &toks[i]
		if t.kind == tPara {
			endPara(i)
			continue
		}
		if t.kind != tPunct {
			continue
		}
		var prev, next rune = ' ', ' '
		if t.start > 0 {
			prev = rs[t.start-1]
		}
		if t.end < len(rs) {
			next = rs[t.end]
		}
		inDouble := cur >= 0 && !a.quotes[cur].single
		inSingle := cur >= 0 && a.quotes[cur].single
		switch t.text {
		case "“", "«", "„":
			if inSingle {
				continue
			}
			if inDouble { // an unclosed quotation: a new one begins
				a.quotes[cur].last = i - 1
				cur = -1
			}
			openQ(i, false)
		case "”", "»":
			if inDouble {
				closeQ(i)
			}
		case "\"":
			switch {
			case inDouble:
				closeQ(i)
			case cur < 0:
				openQ(i, false)
			}
		case "‘":
			if cur < 0 {
				openQ(i, true)
			}
		case "’":
			if inSingle && !unicode.IsLetter(next) {
				closeQ(i)
			}
		case "'":
			switch {
			case inSingle && !unicode.IsLetter(next):
				closeQ(i)
			case cur < 0 && (unicode.IsSpace(prev) || t.start == 0 || prev == '(') && unicode.IsLetter(next):
				openQ(i, true)
			}
		}
	}
	endPara(len(toks))

	for qi := range a.quotes {
		q := &a.quotes[qi]
		last := max(q.last, q.open)
		if q.close < 0 {
			q.start, q.end = toks[q.open].end, max(toks[last].end, toks[q.open].end)
		} else {
			q.start, q.end = toks[q.open].end, toks[q.close].start
		}
		q.outer = [2]int{toks[q.open].start, toks[last].end}
		for i := q.open; i <= last; i++ {
			toks[i].quote = qi
		}
	}
}

// firstInPara reports whether token i is the first of its paragraph.
func (a *Analysis) firstInPara(i int) bool {
	return i == 0 || a.toks[i-1].kind == tPara
}

// sentence is a run of tokens ending in a full stop, question or
// exclamation mark, or a line break. Quotations never split a sentence:
// “A. B,” she said is one sentence.
type sentence struct {
	lo, hi     int // token range [lo, hi)
	start, end int // rune span
	para       int
	heading    bool // a headline, caption or byline
	endsColon  bool
	cues       []int
}

func isEndMark(t *token) bool {
	return t.kind == tPunct && (t.text == "." || t.text == "!" || t.text == "?" || t.text == "…")
}

// splitSentences assigns every word and mark to a sentence.
func (a *Analysis) splitSentences() {
	toks := a.toks
	lo := -1
	flush := func(hi int) {
		if lo < 0 {
			return
		}
		s := sentence{lo: lo, hi: hi, start: toks[lo].start, end: toks[hi-1].end, para: toks[lo].para}
		for i := lo; i < hi; i++ {
			toks[i].sent = len(a.sents)
		}
		for k := hi - 1; k >= lo; k-- {
			if toks[k].kind == tCloseQ {
				continue
			}
			s.endsColon = toks[k].text == ":"
			break
		}
		a.sents = append(a.sents, s)
		lo = -1
	}
	for i := range toks {
		t := &toks[i]
		if t.kind == tLine || t.kind == tPara {
			flush(i)
			continue
		}
		if lo < 0 {
			lo = i
		}
		if a.boundaryAfter(i) {
			flush(i + 1)
		}
	}
	flush(len(toks))
}

func (a *Analysis) boundaryAfter(i int) bool {
	toks := a.toks
	t := &toks[i]
	if i+1 >= len(toks) {
		return true
	}
	nx := &toks[i+1]
	if nx.kind == tLine || nx.kind == tPara {
		return true
	}
	switch {
	case t.quote < 0 && isEndMark(t):
		return nx.start > t.end && !(nx.kind == tWord && !nx.cap && !unicode.IsDigit([]rune(nx.text)[0]))
	case t.kind == tCloseQ && i > 0 && isEndMark(&toks[i-1]):
		return nx.kind == tOpenQ || (nx.kind == tWord && nx.cap)
	case t.kind == tWord && t.quote < 0 && strings.HasSuffix(t.text, ".") && strings.Count(t.text, ".") > 1:
		// "… to the U.S. He said" ends a sentence; "the U.S. mainland" does not.
		return nx.kind == tWord && nx.cap && isStopword(nx.base)
	}
	return false
}

// markHeadings flags headlines, captions and bylines: single-line
// paragraphs without a closing full stop whose words are mostly
// capitalised. Their words are counted as mentions but never start an
// attribution. Names after "By" in such a line are the article's authors.
func (a *Analysis) markHeadings() {
	for p := 0; p < len(a.sents); {
		q := p
		for q < len(a.sents) && a.sents[q].para == a.sents[p].para {
			q++
		}
		if q-p == 1 && a.headingLike(&a.sents[p]) {
			a.sents[p].heading = true
			for i := a.sents[p].lo; i < a.sents[p].hi; i++ {
				if qi := a.toks[i].quote; qi >= 0 {
					a.quotes[qi].heading = true
				}
			}
		}
		p = q
	}
}

func (a *Analysis) headingLike(s *sentence) bool {
	words, caps := 0, 0
	last := -1
	for i := s.lo; i < s.hi; i++ {
		t := &a.toks[i]
		if t.kind == tWord {
			words++
			if t.cap || len([]rune(t.text)) <= 3 {
				caps++
			}
		}
		if t.kind != tCloseQ {
			last = i
		}
	}
	if words == 0 || words > 25 || (last >= 0 && isEndMark(&a.toks[last])) {
		return false
	}
	return caps*10 >= words*7
}
