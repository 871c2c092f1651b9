package attrib

import (
	"strings"
	"unicode"
)

type subjKind uint8

const (
	sNone    subjKind = iota
	sRun              // a capitalised run: a person, or an organisation or place
	sPron             // a personal pronoun
	sNP               // a common noun phrase: unnamed people or an organisation
	sInherit          // a participle or second verb: the previous cue's subject
)

// cue is an attribution in the text: a speech verb with its subject ("Kim
// said", "said a senior official", "Hong Min, a senior analyst …, noted")
// or "according to" with its source.
type cue struct {
	sent      int
	verb      int // token of the verb, or of "according"
	lo, hi    int // tokens [lo, hi] spanning subject and verb
	slo, shi  int // tokens [slo, shi) of the subject
	kind      subjKind
	run       int  // sRun: the run; sNP: a possessor or "by" run, or -1
	pron      int  // sPron: the pronoun; sNP: a possessive pronoun, or -1
	anon      bool // sNP: people rather than an organisation
	plural    bool
	definite  bool   // sNP: "the minister"
	head      string // sNP: the role or head noun
	according bool
	org       bool // the subject is an organisation: "X, which …, said"
	valid     bool
	person    int // the person it names, or -1
	src       int // sInherit: the cue it continues, or -1
}

// findCues finds the attributions in every sentence outside quotations
// and headlines.
func (a *Analysis) findCues() {
	a.cueSubject = make([]bool, len(a.runs))
	for si := range a.sents {
		s := &a.sents[si]
		if s.heading {
			continue
		}
		for i := s.lo; i < s.hi; i++ {
			t := &a.toks[i]
			if t.kind != tWord || t.quote >= 0 {
				continue
			}
			var c cue
			switch {
			case t.base == "according" && i+2 < s.hi && a.toks[i+1].base == "to":
				c = a.subjectAfter(s, i+2, true)
				c.according = true
				if c.kind != sNone {
					c.lo, c.hi = i, c.shi-1
				}
			case findingVerb(t.base) && i+1 < s.hi && a.toks[i+1].base == "that" && (!t.cap || a.sentenceInitial(i)):
				c = a.cueAt(s, i) // "the judge found that …", "the court ruled that …"
			case afterQuoteVerb(t.base) && a.quoteJustBefore(s, i):
				c = a.cueAt(s, i) // “…,” she laughed
			case (t.base == "read" || t.base == "reads") && i > s.lo+1 && (a.toks[i-1].kind == tCloseQ || a.toks[i-1].text == "," && a.toks[i-2].kind == tCloseQ):
				c = a.subjectAfter(s, i+1, false) // “…,” read a statement from the airline
			case speechVerb(t.base) && (!t.cap || a.sentenceInitial(i)):
				if i+1 < s.hi && a.notSpeech(t.base, i+1) {
					continue // "reported by the agency", "did not add up"
				}
				c = a.cueAt(s, i)
			default:
				continue
			}
			if c.kind == sNone {
				continue
			}
			if nounLike(t.base) && !a.personLike(&c) {
				continue // "the claims", "state-run media reports", "the Gulf states"
			}
			c.sent, c.verb, c.valid, c.person, c.src = si, i, true, -1, -1
			if !c.according {
				c.lo, c.hi = min(c.slo, i), max(c.shi-1, i)
				if c.kind == sInherit {
					c.lo, c.hi = i, i
				}
			}
			if c.run >= 0 {
				a.cueSubject[c.run] = true
			}
			s.cues = append(s.cues, len(a.cues))
			a.cues = append(a.cues, c)
		}
	}
}

// notSpeech reports a speech verb followed by a word that makes it
// something else: "reported by", "add up", "added to", "called off".
func (a *Analysis) notSpeech(verb string, i int) bool {
	next := a.toks[i].base
	switch next {
	case "by":
		// "reported by the agency", but "said by phone"
		return i+1 >= len(a.toks) || !byMedium(a.toks[i+1].base)
	case "up", "to":
		return strings.HasPrefix(verb, "add")
	case "a", "an", "another", "two", "three", "four", "five", "his", "her", "their", "its", "record", "higher", "lower":
		// "added a third", "reported a 12 percent rise in profit", "posted record sales"
		return strings.HasPrefix(verb, "add") || strings.HasPrefix(verb, "report") || strings.HasPrefix(verb, "post")
	}
	if isNumber(strings.ReplaceAll(strings.ReplaceAll(next, ",", ""), ".", "")) {
		return strings.HasPrefix(verb, "report") || strings.HasPrefix(verb, "post") || strings.HasPrefix(verb, "add")
	}
	switch next {
	case "off", "in":
		return strings.HasPrefix(verb, "call")
	}
	return false
}

// afterQuoteVerb reports verbs that attribute a quotation only right
// after it: “…,” she laughed.
func afterQuoteVerb(w string) bool {
	switch w {
	case "laughed", "smiled", "grinned", "shrugged", "nodded", "chuckled", "sobbed", "beamed":
		return true
	}
	return false
}

// quoteJustBefore reports whether a quotation closes at most three words
// and a comma before token i: “…,” she laughed; “…,” Maria Santos smiled.
func (a *Analysis) quoteJustBefore(s *sentence, i int) bool {
	for k := i - 1; k >= s.lo && k >= i-5; k-- {
		switch t := &a.toks[k]; {
		case t.kind == tCloseQ:
			return true
		case t.kind == tWord || t.text == ",":
		default:
			return false
		}
	}
	return false
}

// findingVerb reports verbs that report a claim only before "that": "Mr
// Justice Hartwell found that the allegations were true".
func findingVerb(w string) bool {
	switch w {
	case "found", "finds", "ruled", "rules", "concluded", "determined", "held", "hope", "hopes",
		"hoped", "fear", "fears", "feared", "expect", "expects", "expected", "worry", "worries",
		"worried", "suspect", "suspects", "suspected", "doubt", "doubts", "doubted", "feel",
		"feels", "felt", "think", "thought", "knew", "knows":
		return true
	}
	return false
}

// byMedium reports the words of "said by phone", "told by email".
func byMedium(w string) bool {
	switch w {
	case "phone", "telephone", "email", "e-mail", "text", "video", "videolink", "video-link",
		"letter", "message", "satellite", "radio", "zoom", "messaging":
		return true
	}
	return false
}

// personLike reports whether the subject of cue c may be a person: a
// name, a pronoun, unnamed people, or a possessor of a statement.
func (a *Analysis) personLike(c *cue) bool {
	switch c.kind {
	case sRun:
		r := &a.runs[c.run]
		return r.kind == rkName
	case sPron:
		return true
	case sNP:
		// "experts caution", not "analysts on a conference call"
		return c.anon && personNoun(a.toks[c.shi-1].base) || c.run >= 0 || c.pron >= 0
	}
	return c.kind == sInherit
}

// skipAge steps back over an age, as in "Mario Quispe, 34, one of the
// miners, said", returning the token before it.
func (a *Analysis) skipAge(s *sentence, j int) int {
	if j-2 >= s.lo && isNumber(a.toks[j].text) && a.toks[j-1].text == "," {
		return j - 2
	}
	return j
}

func isNumber(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

func noCue() cue { return cue{kind: sNone, run: -1, pron: -1} }

// cueAt finds the subject of the speech verb at token v: before it
// ("Kim said"), across appositives ("Hong Min, a senior analyst …,
// noted"), after it when it follows a quotation ("“…,” said Hwang Ildo"),
// or the subject of an earlier verb for a participle ("…, warning that").
func (a *Analysis) cueAt(s *sentence, v int) cue {
	toks := a.toks
	w := toks[v].base
	j := v - 1
	if w == "saying" && j >= s.lo && toks[j].base == "as" { // "was quoted as saying"
		j--
		if j >= s.lo && toks[j].base == "quoted" {
			j--
		}
	}
	passive, which := false, false
	for j >= s.lo {
		t := &toks[j]
		if t.kind != tWord || t.quote >= 0 {
			break
		}
		if isBe(t.base) {
			passive = true
		} else if !isAux(t.base) && (t.cap || !isLyAdverb(t.base)) {
			break
		}
		j--
	}
	if passive && w != "saying" && (strings.HasSuffix(w, "ed") || irregularParticiple(w)) {
		return noCue() // "was told", "were reported"
	}
	// "a senior official who was present said": skip a relative clause.
	for k := j; k >= s.lo && k > j-8; k-- {
		t := &toks[k]
		if t.kind != tWord || t.quote >= 0 {
			break
		}
		if t.base == "who" {
			switch {
			case k-1 >= s.lo && toks[k-1].kind == tWord:
				j = k - 1
			case k-2 >= s.lo && toks[k-1].text == ",": // "Romano, 58, who denies"
				j = a.skipAge(s, k-2)
			}
			break
		}
	}
	for layer := 0; layer < 4; layer++ {
		if j < s.lo {
			return a.inverted(s, v)
		}
		t := &toks[j]
		switch {
		case t.kind == tCloseQ:
			return a.inverted(s, v)
		case t.kind == tPunct && t.text == ",":
			if j-1 >= s.lo && toks[j-1].kind == tCloseQ {
				return a.inverted(s, v)
			}
			k := a.prevComma(s, j)
			named := k >= 0 && a.nameBetween(k+1, j)
			if named && k-1 >= s.lo && nameNoun(toks[k-1].base) {
				// "One cleaner, who gave only his first name, Manolo, said"
				a.personRun[toks[k+1].run] = true
				return a.runCue(toks[k+1].run)
			}
			if m := a.relativeBefore(s, j); m >= 0 {
				// "Tadesse, who shares a first name with …, Abebe
				// Bikila, said": the subject is what "who" refers to.
				if toks[m].base == "which" {
					which = true
				}
				j = a.skipAge(s, m-2)
				continue
			}
			if named {
				// "His barrister, Sam O'Brien, argued"
				if k-1 >= s.lo && toks[k-1].kind == tWord && roleNoun(toks[k-1].base) {
					a.personRun[toks[k+1].run] = true
				}
				return a.runCue(toks[k+1].run)
			} else if k >= 0 && a.appositiveSpan(k+1, j) {
				j = a.skipAge(s, k-1)
				continue
			}
			if strings.HasSuffix(w, "ing") {
				return inherit()
			}
			return noCue()
		case t.kind != tWord && t.quote < 0 && a.runEndingAt(j) >= 0: // "Takeshi Mori (森武), a …, said"
			return a.subjectAt(s, j)
		case t.kind == tWord && t.quote < 0:
			switch t.base {
			case "and", "but", "while", "before", "after", "by", "when", "then":
				if t.base == "and" || t.base == "but" || strings.HasSuffix(w, "ing") {
					return inherit()
				}
				return noCue()
			}
			if ri := a.appositiveHost(s, j); ri >= 0 {
				return a.runCue(ri) // "Miriam Rosen, a lawyer with the Digital Liberty Project who argued …, said"
			}
			c := a.subjectAt(s, j)
			if strings.HasSuffix(w, "ing") && c.kind == sNP && !c.anon && c.run < 0 && c.pron < 0 && speechNoun(c.head) {
				// "wrote a short concurrence stressing that …": the writer's
				return inherit()
			}
			if which && c.kind == sRun {
				a.orgKeys[a.runs[c.run].key] = true // "Veridian Therapeutics, which makes the drug, said"
				c.org = true
			}
			return c
		default:
			return noCue()
		}
	}
	return noCue()
}

// maxAppositive bounds how far back appositiveHost looks for the comma
// that opens an appositive.
const maxAppositive = 40

// runCue returns a cue whose subject is run ri.
func (a *Analysis) runCue(ri int) cue {
	r := &a.runs[ri]
	c := noCue()
	c.kind, c.run, c.slo, c.shi = sRun, ri, r.lo, r.hi
	return c
}

// nameNoun reports the words after which a name between commas is the
// name of the person just described: "who gave only his first name,
// Manolo, said".
func nameNoun(w string) bool {
	switch w {
	case "name", "names", "named", "called", "nicknamed", "surname":
		return true
	}
	return false
}

// relativeBefore returns the token of "who", "whose" or "which" opening a
// relative clause after a comma that runs up to the comma at token j, as
// in "Dale Pruitt, who owns Pruitt Ford in Dayton, Ohio, said", or -1.
func (a *Analysis) relativeBefore(s *sentence, j int) int {
	for k := j - 1; k > s.lo && k > j-40; k-- {
		t := &a.toks[k]
		if t.quote >= 0 {
			return -1
		}
		if t.kind == tPunct {
			switch t.text {
			case ";", ":", "—", "–":
				return -1
			}
			continue
		}
		if (t.base == "who" || t.base == "whose" || t.base == "which") && a.toks[k-1].text == "," {
			if k-2 >= s.lo && a.toks[k-2].kind == tWord {
				return k
			}
			return -1
		}
	}
	return -1
}

// appositiveHost returns the run of the name an appositive ending at
// token j describes, when j is the object of a preposition in it: in
// "Kathleen Brennan, chief economist at the Auto Industry Forum, …, said"
// the subject is Brennan, not the forum. It returns -1 otherwise.
func (a *Analysis) appositiveHost(s *sentence, j int) int {
	k := a.prevComma(&sentence{lo: max(s.lo, j-maxAppositive)}, j+1) // bounded: a sentence may be very long
	if k < s.lo+1 || k+1 > j {
		return -1
	}
	f := &a.toks[k+1]
	if f.kind != tWord || f.cap && !roleNoun(f.base) && !isDeterminer(f.base) {
		return -1
	}
	prep := -1
	for p := k + 2; p < j; p++ {
		switch a.toks[p].base {
		case "at", "of", "for", "with", "from", "in":
			prep = p
		}
		if prep >= 0 {
			break
		}
	}
	if prep < 0 || !a.hasRoleNoun(k+1, prep) {
		return -1
	}
	ri := a.runEndingAt(k - 1)
	if ri < 0 {
		return -1
	}
	r := &a.runs[ri]
	if r.kind != rkName || a.toks[r.hi-1].poss || r.lo > s.lo && a.adjacent(r.lo-1, r.lo) && placePrep(a.toks[r.lo-1].base) {
		return -1
	}
	return ri
}

func inherit() cue { c := noCue(); c.kind = sInherit; return c }

// prevComma returns the comma before token j in the sentence, skipping
// parentheses, or -1 if a quotation or a clause mark comes first.
func (a *Analysis) prevComma(s *sentence, j int) int {
	for k := j - 1; k >= s.lo; k-- {
		t := &a.toks[k]
		if t.quote >= 0 {
			return -1
		}
		if t.kind == tPunct {
			switch t.text {
			case ",":
				return k
			case ".", ";", ":", "—", "–":
				return -1
			}
		}
	}
	return -1
}

// appositiveSpan reports whether tokens [lo, hi) between commas describe
// the noun before them: ", a senior analyst at …,", ", 34,", ", who …,",
// ", however,".
func (a *Analysis) appositiveSpan(lo, hi int) bool {
	if lo >= hi || a.toks[lo].kind != tWord {
		return false
	}
	f := &a.toks[lo]
	switch f.base {
	case "who", "whose", "which":
		return true
	case "and", "but", "or", "so", "while", "then", "if", "when":
		return false
	}
	for k := lo; k < hi; k++ {
		if w := a.toks[k].base; a.toks[k].kind == tWord && speechVerb(w) && !nounLike(w) && a.toks[k].quote < 0 {
			return false
		}
	}
	return !f.cap || unicode.IsDigit([]rune(f.text)[0]) || a.hasRoleNoun(lo, hi)
}

// nameBetween reports whether tokens [lo, hi) are exactly one name, as in
// "His barrister, Sam O'Brien, argued".
func (a *Analysis) nameBetween(lo, hi int) bool {
	if lo >= hi || a.toks[lo].run < 0 {
		return false
	}
	r := &a.runs[a.toks[lo].run]
	return r.lo == lo && r.ext == hi && r.kind == rkName && !a.toks[r.hi-1].poss
}
