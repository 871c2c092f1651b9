package attrib

import (
	"slices"
	"strings"

	"marginalia/annotate"
)

// Question-and-answer interviews print the outlet's questions and the
// interviewee's answers as paragraphs opening with a label: "Q." and "A.",
// or the speakers' names in capitals ("WORLD DESK:", "DIALLO:"). Answers
// carry no quotation marks and no speech verb, so the cue rules never
// attribute them; this layer does.

// Paragraph roles in an interview.
const (
	qaNone int8 = iota
	qaQuestion
	qaAnswer
)

// qaLabel is the label that opens a paragraph.
type qaLabel struct {
	key    string // folded label: "q", "a", "world desk", "diallo"
	lo, hi int    // its tokens, the closing mark included
}

// interview is the question-and-answer layout of a text, if it has one.
type interview struct {
	role    []int8 // by paragraph
	speaker []int  // by paragraph: the person who answers, or -1
	labels  map[int]qaLabel
	person  int // the interviewee, or -1
}

// paragraphLabel reads the label opening sentence s, if any.
func (a *Analysis) paragraphLabel(s *sentence) (qaLabel, bool) {
	toks := a.toks
	i := s.lo
	if i+1 >= s.hi || toks[i].kind != tWord || !toks[i].cap {
		return qaLabel{}, false
	}
	switch toks[i].text {
	case "Q.", "A.": // "Q. How has the first month gone?"
		return qaLabel{key: toks[i].base, lo: i, hi: i + 1}, true
	}
	// One to four capitalised words and a colon: "Q:", "WORLD DESK:",
	// "DIALLO:".
	k := i
	for k < s.hi && k < i+4 && toks[k].kind == tWord && toks[k].cap && (k == i || a.adjacent(k-1, k)) {
		k++
	}
	if k >= s.hi || toks[k].text != ":" || k+1 >= s.hi {
		return qaLabel{}, false
	}
	words := make([]string, 0, k-i)
	for m := i; m < k; m++ {
		words = append(words, a.fold(toks[m].name))
	}
	return qaLabel{key: strings.Join(words, " "), lo: i, hi: k + 1}, true
}

// findInterview recognises a question-and-answer layout: questions and
// answers each opening with a label ("Q." and "A.", "WORLD DESK:" and
// "DIALLO:"); questions alone labelled, the answers following them; or,
// with no labels, at least three paragraphs that only ask the interviewee
// something ("you"), each followed by an answer in the first person. The
// interviewee is the person the answer label names, or, when it names no
// one ("A."), the person the introduction mentions most.
func (a *Analysis) findInterview() {
	if len(a.sents) == 0 {
		return
	}
	paras := a.sents[len(a.sents)-1].para + 1
	first := make([]int, paras) // by paragraph: its first sentence, or -1
	for p := range first {
		first[p] = -1
	}
	labels := map[int]qaLabel{}
	count := map[string]int{}
	asks := map[string]int{}
	for si := range a.sents {
		s := &a.sents[si]
		if first[s.para] >= 0 {
			continue
		}
		first[s.para] = si
		l, ok := a.paragraphLabel(s)
		if !ok {
			continue
		}
		labels[s.para] = l
		count[l.key]++
		if a.paragraphAsks(si) {
			asks[l.key]++
		}
	}
	var keys []string
	for k, n := range count {
		if n >= 2 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y string) int {
		if d := count[y] - count[x]; d != 0 {
			return d
		}
		return strings.Compare(x, y)
	})
	role := make([]int8, paras)
	qKey, aKey := "", ""
	switch {
	case count["q"] >= 2 && count["a"] >= 2:
		qKey, aKey = "q", "a"
	case len(keys) >= 2:
		qKey, aKey = keys[0], keys[1]
		if asks[aKey]*count[qKey] > asks[qKey]*count[aKey] {
			qKey, aKey = aKey, qKey
		}
		if asks[aKey]*2 >= count[aKey] {
			aKey = "" // the answers must not ask
		}
	case len(keys) == 1 && count[keys[0]] >= 3:
		qKey = keys[0]
	}
	if qKey != "" && asks[qKey]*2 < count[qKey] {
		qKey, aKey = "", "" // the questions must ask
	}
	questions := 0
	for p := range role {
		if l, ok := labels[p]; ok && qKey != "" && l.key == qKey {
			role[p] = qaQuestion
			questions++
		}
	}
	if qKey == "" {
		// No labels: paragraphs that only ask the interviewee something.
		for p := range role {
			if first[p] >= 0 && a.standaloneQuestion(first[p]) {
				role[p] = qaQuestion
				questions++
			}
		}
		if questions < 3 || !a.interviewIntro(first, slices.Index(role, qaQuestion)) {
			return // unlabelled answers need an introduction that says it is an interview
		}
	}
	if questions < 2 {
		return
	}
	firstQ := slices.Index(role, qaQuestion)
	iv := &interview{role: role, speaker: make([]int, paras), labels: labels, person: a.interviewee(aKey, firstQ)}
	// Each labelled answer is its label's: the person it names, or the
	// interviewee for "A." and unlabelled answers. Answers run on over
	// unlabelled paragraphs up to the next label, and after the last one
	// until the text turns to the third person.
	answers, firstPerson, cur := 0, 0, -1
	for p := range role {
		iv.speaker[p] = -1
		if p <= firstQ {
			continue
		}
		if role[p] == qaQuestion {
			cur = iv.person
			continue
		}
		if l, ok := labels[p]; ok {
			cur = a.labelSpeaker(l.key, aKey, iv.person)
			if cur < 0 {
				continue // a label that names no one known
			}
		} else if cur < 0 || first[p] < 0 || a.sents[first[p]].heading || a.thirdPerson(first[p], cur) {
			cur = -1
			continue
		}
		role[p], iv.speaker[p] = qaAnswer, cur
		answers++
		if a.firstPerson(first[p]) {
			firstPerson++
		}
	}
	if answers < 2 || qKey == "" && firstPerson*2 < answers {
		return // answers speak in the first person
	}
	for p := range role {
		if pi := iv.speaker[p]; pi >= 0 {
			a.people[pi].speaker = true
			a.people[pi].evidence = true
		}
	}
	a.qa = iv
}

// labelSpeaker returns the person an answer label names: the person of
// that name, or the interviewee for "A." and for the answer label that
// names no one in the text ("THORNS COACH:"), or -1.
func (a *Analysis) labelSpeaker(key, aKey string, interviewee int) int {
	if key == "a" {
		return interviewee
	}
	if pi, ok := a.byKey[key]; ok && a.people[pi].folds != nil {
		return pi
	}
	for _, cands := range [][]int{a.keys[key], a.firstKeys[key]} {
		if len(cands) == 1 {
			return cands[0]
		}
	}
	if key == aKey {
		return interviewee
	}
	return -1
}

// interviewIntro reports whether the paragraphs before paragraph end
// (the headline included) say the text is an interview: "Q&A", "in an
// interview", "spoke to", "sat down with".
func (a *Analysis) interviewIntro(first []int, end int) bool {
	for p := 0; p < end; p++ {
		si := first[p]
		if si < 0 {
			continue
		}
		for k := si; k < len(a.sents) && a.sents[k].para == p; k++ {
			s := &a.sents[k]
			for i := s.lo; i < s.hi; i++ {
				t := &a.toks[i]
				if t.kind != tWord {
					continue
				}
				switch t.base {
				case "interview", "interviews", "interviewed", "q&a", "conversation":
					return true
				case "spoke", "talked", "sat":
					if i+1 < s.hi {
						switch a.toks[i+1].base {
						case "to", "with", "down":
							return true
						}
					}
				case "q":
					if i+2 < s.hi && a.toks[i+1].text == "&" && a.toks[i+2].base == "a" {
						return true
					}
				}
			}
		}
	}
	return false
}

// standaloneQuestion reports whether the paragraph opening with sentence
// si only asks the interviewee something: short, outside quotation marks,
// ending in a question mark and addressing "you".
func (a *Analysis) standaloneQuestion(si int) bool {
	para := a.sents[si].para
	words, you, last := 0, false, -1
	for k := si; k < len(a.sents) && a.sents[k].para == para; k++ {
		s := &a.sents[k]
		for i := s.lo; i < s.hi; i++ {
			t := &a.toks[i]
			if t.quote >= 0 {
				return false
			}
			if t.kind == tWord {
				words++
				you = you || t.base == "you" || t.base == "your"
			}
			last = i
		}
	}
	return last >= 0 && a.toks[last].text == "?" && words <= 60 && you
}

// firstPerson reports whether the paragraph opening with sentence si
// speaks in the first person outside quotation marks.
func (a *Analysis) firstPerson(si int) bool {
	para := a.sents[si].para
	for k := si; k < len(a.sents) && a.sents[k].para == para; k++ {
		s := &a.sents[k]
		for i := s.lo; i < s.hi; i++ {
			if t := &a.toks[i]; t.kind == tWord && t.quote < 0 {
				switch t.base {
				case "i", "we", "my", "our", "me", "us":
					return true
				}
			}
		}
	}
	return false
}

// thirdPerson reports whether the paragraph opening with sentence si
// speaks of the interviewee pi or attributes speech outside quotation
// marks: narration, not an answer.
func (a *Analysis) thirdPerson(si, pi int) bool {
	para := a.sents[si].para
	for k := si; k < len(a.sents) && a.sents[k].para == para; k++ {
		s := &a.sents[k]
		for _, ci := range s.cues {
			if c := &a.cues[ci]; c.valid && c.kind != sPron {
				return true
			}
		}
		for i := s.lo; i < s.hi; i++ {
			if t := &a.toks[i]; t.run >= 0 && t.quote < 0 && a.runs[t.run].person == pi {
				return true
			}
		}
	}
	return false
}

// paragraphAsks reports whether the paragraph that opens with sentence si
// asks a question.
func (a *Analysis) paragraphAsks(si int) bool {
	for k := si; k < len(a.sents) && a.sents[k].para == a.sents[si].para; k++ {
		s := &a.sents[k]
		for i := s.lo; i < s.hi; i++ {
			if a.toks[i].text == "?" && a.toks[i].quote < 0 {
				return true
			}
		}
	}
	return false
}

// interviewee returns the person the answer label names, or the person
// most mentioned before the first labelled paragraph, or -1.
func (a *Analysis) interviewee(aKey string, firstPara int) int {
	if aKey != "a" && aKey != "" {
		if pi := a.labelSpeaker(aKey, "", -1); pi >= 0 {
			return pi
		}
	}
	best := -1
	for pi := range a.people {
		p := &a.people[pi]
		if p.folds == nil || p.author || a.toks[p.first].para >= firstPara {
			continue
		}
		if best < 0 || p.mentions > a.people[best].mentions {
			best = pi
		}
	}
	return best
}

// interviewAt attributes a span inside an interview's answer to the
// interviewee; a span in a question has no source. ok is false when the
// span is in neither.
func (a *Analysis) interviewAt(span annotate.Span) (at Attribution, role int8) {
	if a.qa == nil {
		return Attribution{}, qaNone
	}
	si := a.sentencesAt(span)
	if len(si) == 0 {
		return Attribution{}, qaNone
	}
	para := a.sents[si[0]].para
	role = a.qa.role[para]
	if role != qaAnswer {
		return Attribution{}, role
	}
	// The label of the answer, or of the answer it continues; an
	// unlabelled answer has an empty cue where it starts.
	p := para
	for p > 0 && a.qa.role[p-1] == qaAnswer && a.qa.speaker[p-1] == a.qa.speaker[para] && a.qa.labels[p].hi == 0 {
		p--
	}
	if l := a.qa.labels[p]; l.hi > 0 && a.qa.role[p] == qaAnswer {
		at.Cue = annotate.Span{Start: a.toks[l.lo].start, End: a.toks[l.hi-1].end}
		at.Source = a.slice(l.lo, l.hi)
	} else {
		start := a.sents[si[0]].start
		for k := si[0]; k >= 0 && a.sents[k].para == para; k-- {
			start = a.sents[k].start
		}
		at.Cue = annotate.Span{Start: start, End: start}
	}
	at.Name = a.people[a.qa.speaker[para]].name
	return at, role
}
