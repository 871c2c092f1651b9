package attrib

// Subjects: who or what a speech verb or "according to" names.

import (
	"strings"
	"unicode"
)

// subjectAt reads the subject ending at token j, just before a verb.
func (a *Analysis) subjectAt(s *sentence, j int) cue {
	t := &a.toks[j]
	c := noCue()
	if subjectPronoun(t.base) {
		c.kind, c.pron, c.slo, c.shi = sPron, j, j, j+1
		return c
	}
	if ri := a.runEndingAt(j); ri >= 0 {
		r := &a.runs[ri]
		last := &a.toks[r.hi-1]
		if last.poss {
			return noCue() // a possessor: "Kim’s comments"
		}
		if r.lo-2 >= s.lo && a.adjacent(r.lo-1, r.lo) && isNPPrep(a.toks[r.lo-1].base) && a.toks[r.lo-2].kind == tWord {
			return a.npBack(s, r.hi-1) // "a spokesperson for Ferreira said"
		}
		if r.kind == rkTitle || r.hi-r.lo == 1 && roleNoun(last.base) {
			return a.npBack(s, r.hi-1) // "the Prime Minister said", "Officials said"
		}
		c.kind, c.run, c.slo, c.shi = sRun, ri, r.lo, r.hi
		return c
	}
	if t.cap && t.run < 0 || !t.cap && (isFunctionWord(t.base) || speechVerb(t.base) && !nounLike(t.base)) ||
		unicode.IsDigit([]rune(t.text)[0]) && !strings.HasSuffix(t.base, "-year-old") {
		return noCue()
	}
	if ok, _, _ := isPronoun(t.base); ok {
		return noCue() // "his", "them"
	}
	return a.npBack(s, j)
}

// inverted reads the subject after a verb that follows a quotation:
// “…,” said Hwang Ildo.
func (a *Analysis) inverted(s *sentence, v int) cue {
	if !invertible(a.toks[v].base) || v+1 >= s.hi {
		return noCue()
	}
	c := a.subjectAfter(s, v+1, false)
	if c.kind == sRun && v > s.lo && (a.toks[v-1].kind == tCloseQ || a.toks[v-1].text == ",") {
		a.personRun[c.run] = true // “…,” said Tomás Ferreira: how a person is quoted
	}
	return c
}

// subjectAfter reads a subject or source starting at token k: a name, a
// pronoun or a noun phrase.
func (a *Analysis) subjectAfter(s *sentence, k int, according bool) cue {
	t := &a.toks[k]
	c := noCue()
	if t.kind != tWord || t.quote >= 0 {
		return c
	}
	if t.run >= 0 && a.runs[t.run].lo == k {
		r := &a.runs[t.run]
		if r.kind == rkTitle {
			return a.npForward(s, k)
		}
		c.kind, c.run, c.slo, c.shi = sRun, t.run, r.lo, r.hi
		return c
	}
	if m := a.roleBeforeName(k, s.hi); m >= 0 { // "said councillor Ana Lucía Peña"
		r := &a.runs[a.toks[m].run]
		c.kind, c.run, c.slo, c.shi = sRun, a.toks[m].run, k, r.hi
		return c
	}
	if subjectPronoun(t.base) || according && (t.base == "him" || t.base == "her" || t.base == "them") {
		c.kind, c.pron, c.slo, c.shi = sPron, k, k, k+1
		return c
	}
	if isDeterminer(t.base) || roleNoun(t.base) || !t.cap && !isFunctionWord(t.base) && !speechVerb(t.base) {
		return a.npForward(s, k)
	}
	return c
}

// roleBeforeName returns the first token of a name that follows lower-case
// role words starting at token k ("councillor Ana Lucía Peña", "union
// leader Tomás Ferreira", "the rescue coordinator Luis Ortega"), or -1.
func (a *Analysis) roleBeforeName(k, end int) int {
	i, role := k, false
	if i < end && a.toks[i].base == "the" {
		i++
	}
	for ; i < end && i-k < 5 && a.toks[i].kind == tWord && !a.toks[i].cap; i++ {
		w := a.toks[i].base
		if !personNoun(w) && !modifierWord(w) {
			return -1
		}
		role = role || personNoun(w)
	}
	if !role || i >= end || !a.adjacent(i-1, i) || a.toks[i].run < 0 {
		return -1
	}
	if r := &a.runs[a.toks[i].run]; r.lo != i || r.kind != rkName || a.toks[r.hi-1].poss {
		return -1
	}
	return i
}

// npBack reads the noun phrase ending at token j: "a senior official",
// "a spokesperson for the ministry", "people familiar with the matter".
func (a *Analysis) npBack(s *sentence, j int) cue {
	toks := a.toks
	lo := j
	for n := 0; n < 12 && lo-1 >= s.lo; n++ {
		t := &toks[lo-1]
		if t.kind != tWord || t.quote >= 0 {
			if t.kind == tPunct && (t.text == "’" || t.text == "'") && lo-2 >= s.lo && toks[lo-2].kind == tWord {
				lo-- // "the dockworkers’ union"
				continue
			}
			break
		}
		w := t.base
		if isDeterminer(w) {
			lo--
			if lo-2 >= s.lo && isNPPrep(toks[lo-1].base) && toks[lo-2].kind == tWord && !isFunctionWord(toks[lo-2].base) && toks[lo-2].quote < 0 {
				lo-- // the preposition; the noun before it comes next
				continue
			}
			break
		}
		if isNPPrep(w) {
			if lo-2 >= s.lo && toks[lo-2].kind == tWord && !isFunctionWord(toks[lo-2].base) && toks[lo-2].quote < 0 {
				lo--
				continue
			}
			break
		}
		if isFunctionWord(w) || speechVerb(w) && !nounLike(w) || subjectPronoun(w) {
			break
		}
		lo--
	}
	return a.classifyNP(lo, j+1)
}

// npForward reads the noun phrase starting at token k.
func (a *Analysis) npForward(s *sentence, k int) cue {
	toks := a.toks
	hi := k
	for n := 0; n < 12 && hi < s.hi; n++ {
		t := &toks[hi]
		if t.kind != tWord || t.quote >= 0 {
			break
		}
		w := t.base
		if hi > k && (speechVerb(w) || w == "that" || w == "who" || w == "which" || isBe(w) || w == "and") {
			break
		}
		if isNPPrep(w) && !(hi+1 < s.hi && toks[hi+1].kind == tWord && toks[hi+1].quote < 0) {
			break
		}
		hi++
	}
	if hi == k {
		return noCue()
	}
	return a.classifyNP(k, hi)
}

// classifyNP tells unnamed people ("a senior official", "officials") from
// organisations ("the ministry", "state-run media"), and finds a
// possessor who speaks through a statement ("Kim’s comments", "his
// speech", "a statement by Kim").
func (a *Analysis) classifyNP(lo, hi int) cue {
	toks := a.toks
	c := noCue()
	c.kind, c.slo, c.shi = sNP, lo, hi
	c.definite = toks[lo].base == "the"
	end := hi // the words before the first preposition
	for k := lo + 1; k < hi; k++ {
		if isNPPrep(toks[k].base) {
			end = k
			break
		}
	}
	if t := &toks[end-1]; t.run >= 0 && !t.poss && end < hi {
		// "Professor Selin Kaya of Istanbul Technical University warned"
		if r := &a.runs[t.run]; r.kind == rkName && r.hi == end && (r.hi-r.name > 1 || len(r.titles) > 0) {
			c.kind, c.run, c.slo, c.shi = sRun, t.run, r.lo, r.hi
			return c
		}
	}
	head := ""
	for k := lo; k < end; k++ {
		t := &toks[k]
		if t.kind != tWord {
			continue
		}
		head = t.base
		if (roleNoun(t.base) || !t.cap && personNoun(t.base) || k == end-1 && descriptionNoun(t.base)) && (!t.cap || k == lo || a.sentenceInitial(k) || t.run < 0 || demonym(t.base)) {
			c.anon, c.head = true, t.base
			c.plural = pluralPerson(t.base) || strings.HasSuffix(t.base, "s") && !strings.HasSuffix(t.base, "ss")
		}
	}
	if !c.anon {
		c.head = head
		c.plural = strings.HasSuffix(head, "s")
	}
	if speechNoun(head) {
		for k := lo; k < hi; k++ {
			t := &toks[k]
			switch {
			case k < end && t.poss && t.run >= 0:
				c.run = t.run // "Kim’s comments"
			case k < end && (t.base == "his" || t.base == "her" || t.base == "their"):
				c.pron = k // "his speech"
			case k >= end && t.run >= 0 && a.runs[t.run].kind == rkName && (toks[k-1].base == "by" || toks[k-1].base == "from") &&
				!toks[a.runs[t.run].hi-1].poss:
				c.run = t.run // "a statement by Kim", not "a statement from Kim’s office"
			}
		}
	}
	return c
}
