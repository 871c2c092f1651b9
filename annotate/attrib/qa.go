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
	role   []int8 // by paragraph
	labels map[int]qaLabel
	person int // the interviewee, or -1
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

// findInterview recognises a question-and-answer layout: two labels, each
// opening at least two paragraphs, one of which (the questions) mostly
// asks. The interviewee is the person the answer label names, or, when it
// names no one ("A."), the person the introduction mentions most.
func (a *Analysis) findInterview() {
	labels := map[int]qaLabel{}
	count := map[string]int{}
	asks := map[string]int{}
	paras := 0
	for si := range a.sents {
		s := &a.sents[si]
		paras = s.para + 1
		if si > 0 && a.sents[si-1].para == s.para {
			continue
		}
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
	if len(keys) < 2 {
		return
	}
	slices.SortFunc(keys, func(x, y string) int {
		if d := count[y] - count[x]; d != 0 {
			return d
		}
		return strings.Compare(x, y)
	})
	qKey, aKey := keys[0], keys[1]
	if count["q"] >= 2 && count["a"] >= 2 {
		qKey, aKey = "q", "a"
	} else if asks[aKey]*count[qKey] > asks[qKey]*count[aKey] {
		qKey, aKey = aKey, qKey
	}
	if asks[qKey]*2 < count[qKey] || asks[aKey]*2 >= count[aKey] {
		return // the questions must ask and the answers must not
	}
	iv := &interview{role: make([]int8, paras), labels: labels, person: -1}
	first, last := -1, -1
	for p := 0; p < paras; p++ {
		switch l, ok := labels[p]; {
		case ok && l.key == qKey:
			iv.role[p] = qaQuestion
		case ok && l.key == aKey:
			iv.role[p] = qaAnswer
		default:
			continue
		}
		if first < 0 {
			first = p
		}
		last = p
	}
	// An answer runs on over unlabelled paragraphs up to the next label.
	for p := first + 1; p < last; p++ {
		if _, ok := labels[p]; !ok && iv.role[p-1] == qaAnswer {
			iv.role[p] = qaAnswer
		}
	}
	iv.person = a.interviewee(aKey, first)
	if iv.person >= 0 {
		a.people[iv.person].speaker = true
		a.people[iv.person].evidence = true
	}
	a.qa = iv
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
	if aKey != "a" {
		if pi, ok := a.byKey[aKey]; ok {
			return pi
		}
		for _, cands := range [][]int{a.keys[aKey], a.firstKeys[aKey]} {
			if len(cands) == 1 {
				return cands[0]
			}
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
	if role != qaAnswer || a.qa.person < 0 {
		return Attribution{}, role
	}
	// The label of the answer, or of the answer it continues.
	p := para
	for p > 0 && a.qa.labels[p].hi == 0 {
		p--
	}
	l := a.qa.labels[p]
	at.Cue = annotate.Span{Start: a.toks[l.lo].start, End: a.toks[l.hi-1].end}
	at.Source = a.slice(l.lo, l.hi)
	at.Name = a.people[a.qa.person].name
	return at, role
}
