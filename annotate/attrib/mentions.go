package attrib

// Mentions: names, pronouns and descriptions resolved to the people they
// refer to, in text order, and every cue given its person.

import (
	"slices"
	"strings"
)

// resolveMentions walks the text in order, resolving each name, pronoun
// and unnamed source to an entity and counting mentions. A surname refers
// to the person of that name mentioned most recently; a pronoun to the
// latest compatible entity in its paragraph or the one before.
func (a *Analysis) resolveMentions() {
	a.lastSeen = make([]int, len(a.people))
	for i := range a.lastSeen {
		a.lastSeen[i] = -1
	}
	npAt := map[int]int{}
	a.pronSubject = map[int]bool{}
	for ci := range a.cues {
		switch c := &a.cues[ci]; {
		case c.kind == sNP && c.run < 0 && c.pron < 0:
			npAt[c.shi-1] = ci
		case c.kind == sPron:
			a.pronSubject[c.pron] = true
		}
	}
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind != tWord {
			continue
		}
		if t.run >= 0 && a.runs[t.run].lo == i {
			a.resolveRun(t.run)
		}
		if ok, g, pl := isPronoun(t.base); ok && t.quote < 0 && !a.sents[t.sent].heading {
			a.pronRes[i] = a.resolvePronoun(i, g, pl)
		}
		if ci, ok := npAt[i]; ok {
			a.resolveNP(ci)
		}
	}
}

func (a *Analysis) resolveRun(ri int) {
	r := &a.runs[ri]
	if r.kind != rkName {
		return
	}
	if r.heading {
		for pi := range a.people {
			p := &a.people[pi]
			if p.folds != nil && len(p.folds) <= len(r.folds) && slices.Equal(p.folds, r.folds[:len(p.folds)]) {
				p.mentions++
				r.person = pi
				if p.headRole == "" {
					p.headRole = a.preRoleAt(r.lo) // "New Thorns coach Beatriz Alencar on …"
				}
				return
			}
		}
	}
	pi := a.lookup(r)
	if pi < 0 {
		return
	}
	r.person = pi
	p := &a.people[pi]
	p.mentions++
	if r.heading {
		if p.headRole == "" {
			p.headRole = a.preRoleAt(r.lo)
		}
		return
	}
	if r.key != strings.Join(p.folds, " ") {
		alias := strings.TrimSpace(a.slice(r.lo, r.hi-1) + " " + a.toks[r.hi-1].name)
		if r.hi-1 == r.lo {
			alias = a.toks[r.lo].name
		}
		if !slices.Contains(p.aliases, alias) && alias != p.name {
			p.aliases = append(p.aliases, alias)
		}
	}
	if r.native != "" && !slices.Contains(p.aliases, r.native) {
		p.aliases = append(p.aliases, r.native)
	}
	a.takeRole(pi, r)
	a.lastSeen[pi] = r.lo
	if a.toks[r.lo].quote < 0 && !p.author && !a.afterPrep(r) {
		a.push(r.hi-1, pi, false, a.subjectMention(ri), "")
	}
}

// lookup finds the person a name run refers to.
func (a *Analysis) lookup(r *nameRun) int {
	if pi, ok := a.byKey[r.key]; ok {
		return pi
	}
	if len(r.titles) == 0 && a.orgKeys[r.key] {
		return -1 // "Ford said" where the text shows Ford a company ("at Ford", "Ford’s shares")
	}
	// The person of that surname mentioned most recently; a short form
	// before any full mention ("Ford said …" before "Pruitt Ford") refers
	// to no one.
	for _, cands := range [][]int{a.keys[r.key], a.firstKeys[r.key]} {
		best, seen := -1, -1
		for _, c := range cands {
			if s := a.lastSeen[c]; s > seen {
				best, seen = c, s
			}
		}
		if best >= 0 {
			return best
		}
	}
	return -1
}

func (a *Analysis) push(tok, entity int, plural, subj bool, head string) {
	t := &a.toks[tok]
	a.events = append(a.events, event{tok: tok, sent: t.sent, para: t.para, entity: entity, plural: plural, subj: subj, head: head})
	if entity >= 0 {
		a.lastSeen[entity] = tok
	}
}

// resolvePronoun returns the entity a pronoun at token i refers to: the
// latest subject of its sentence or the one before that fits it (so that
// in "X said he had lost sight of Cole’s header. “…,” he said." the
// second "he" is X), else the latest entity that fits it in its paragraph
// or the one before.
func (a *Analysis) resolvePronoun(i int, gender byte, plural bool) int {
	t := &a.toks[i]
	subj := subjectPronoun(a.toks[i].base) // "he", "she": always the subject of a clause
	recent, salient := -1, -1
	for k := len(a.events) - 1; k >= 0 && k >= len(a.events)-maxLookback; k-- {
		e := &a.events[k]
		if e.para < t.para-1 {
			break
		}
		if plural {
			if e.entity >= 0 && (t.sent-e.sent > 1 || !a.pronSubject[i] || !e.subj) {
				// "they" for one person only as the subject of a cue, for
				// the latest subject: not "Officials met Kim. They said …"
				return entNone
			}
			if e.entity >= 0 {
				a.people[e.entity].mentions++
				a.push(i, e.entity, false, subj, "")
			}
			return e.entity
		}
		if e.plural || e.entity == entOrg {
			continue
		}
		salientHere := e.subj && t.sent-e.sent <= 1
		if e.entity >= 0 {
			// A name nothing else shows a person's is one only for "he"
			// or "she" right after it as the subject: "Maria Santos spoke
			// first. She said …", not "Goldman Sachs said …" for "his".
			if g := a.people[e.entity].gender; g != 0 && g != gender || !a.people[e.entity].evidence && !(subj && salientHere) {
				continue
			}
		}
		if recent < 0 {
			recent = k
		}
		if salientHere {
			salient = k
			break
		}
		if t.sent-e.sent > 1 {
			break
		}
	}
	if salient < 0 {
		salient = recent
	}
	if salient < 0 {
		return entNone
	}
	e := &a.events[salient]
	if e.entity < 0 {
		a.push(i, entAnon, false, subj, e.head)
		return entAnon
	}
	p := &a.people[e.entity]
	if p.gender == 0 && t.sent-e.sent <= 1 && subj {
		p.gender = gender // learnt from "he", "she", not from "his", "her"
	}
	if subj {
		p.evidence = true
	}
	p.mentions++
	a.push(i, e.entity, false, subj, "")
	return e.entity
}

// opensSentence reports whether token i opens its sentence, after any
// dateline and lower-case role words ("union leader Tomás Ferreira …").
func (a *Analysis) opensSentence(i int) bool {
	sn := a.toks[i].sent
	if sn < 0 {
		return false
	}
	s := &a.sents[sn]
	k := a.afterDateline(s)
	for k < i && a.toks[k].kind == tWord && !a.toks[k].cap && (roleNoun(a.toks[k].base) || modifierWord(a.toks[k].base)) {
		k++
	}
	return k == i
}

// subjectMention reports whether the name at run ri is a grammatical
// subject: of a speech verb, or opening its sentence alone, after a role
// ("Forest manager Niall Hartigan was …") or after a role and a comma
// ("Quispe’s wife, Rosa Mamani, waited …"). A possessor is not one.
func (a *Analysis) subjectMention(ri int) bool {
	r := &a.runs[ri]
	switch {
	case a.cueSubject[ri]:
		return true
	case a.toks[r.hi-1].poss:
		return false
	case a.opensSentence(r.lo):
		return true
	}
	if from := a.preRoleStart(r.lo); from >= 0 && a.opensSentence(from) {
		return true
	}
	if lo, end := a.roleBeforeSpan(r); lo < end && a.opensSentence(lo) {
		return true
	}
	return false
}

// afterPrep reports whether the name at r follows a preposition of place
// or organisation ("a teacher at Rosa Parks", "moved to Ohio"): such a
// mention is not one a later pronoun refers to.
func (a *Analysis) afterPrep(r *nameRun) bool {
	return r.lo > 0 && a.adjacent(r.lo-1, r.lo) && a.toks[r.lo-1].kind == tWord && placePrep(a.toks[r.lo-1].base) && a.toks[r.lo-1].base != "to"
}

// resolveNP resolves the noun-phrase subject of cue ci: a definite role
// ("the minister") may name a person mentioned before.
func (a *Analysis) resolveNP(ci int) {
	c := &a.cues[ci]
	end := c.shi - 1
	if !c.anon {
		a.push(end, entOrg, c.plural, true, "")
		return
	}
	if c.definite && !c.plural {
		if pi := a.roleHolder(c.head, end); pi >= 0 {
			c.person = pi
			a.people[pi].mentions++
			a.push(end, pi, false, true, "")
			return
		}
		sameHead := false
		for k := len(a.events) - 1; k >= 0 && k >= len(a.events)-maxLookback && !sameHead; k-- {
			sameHead = a.events[k].entity == entAnon && a.events[k].head == c.head
		}
		if !sameHead && !rankTitle(c.head) && descriptionNoun(c.head) {
			// "the striker said", "the Spaniard said": the latest person,
			// unless unnamed people came after them.
			para := a.toks[end].para
			for k := len(a.events) - 1; k >= 0 && k >= len(a.events)-maxLookback && a.events[k].para >= para-1; k-- {
				if e := &a.events[k]; e.entity >= 0 && (a.people[e.entity].evidence || e.subj) && (demonym(c.head) || strings.HasSuffix(c.head, "-year-old") || a.mayHold(e.entity, c.head)) {
					a.people[e.entity].evidence = true
					c.person = e.entity
					a.people[e.entity].mentions++
					a.push(end, e.entity, false, true, "")
					return
				} else if e.entity == entAnon {
					break
				}
			}
		}
		if !sameHead && rankTitle(c.head) {
			para := a.toks[end].para
			for k := len(a.events) - 1; k >= 0 && k >= len(a.events)-maxLookback && a.events[k].para >= para-1; k-- {
				if e := &a.events[k]; e.entity >= 0 && (a.people[e.entity].evidence || e.subj) && a.mayHold(e.entity, c.head) {
					a.people[e.entity].evidence = true
					c.person = e.entity
					a.people[e.entity].mentions++
					a.push(end, e.entity, false, true, "")
					return
				}
			}
		}
	}
	a.push(end, entAnon, c.plural, true, c.head)
}

// mayHold reports whether person pi may be the one a rank title refers
// to: a person whose known role is another ("an analyst") is not "the
// chief executive".
func (a *Analysis) mayHold(pi int, head string) bool {
	p := &a.people[pi]
	known := false
	for _, r := range []string{p.appos, p.preRole, p.titleRole, p.predRole} {
		for _, w := range strings.Fields(strings.ToLower(r)) {
			w = strings.Trim(w, ",.’'")
			switch {
			case w == head, sameRank(w, head):
				return true
			case personNoun(w) || isTitle(w) && !isHonorific(w):
				known = true
			}
		}
	}
	return !known
}

// sameRank reports titles that name the same office: "Mr Justice
// Hartwell" is "the judge".
func sameRank(w, head string) bool {
	group := func(x string) int {
		switch x {
		case "judge", "justice", "magistrate":
			return 1
		case "chairman", "chairwoman", "chair", "chairperson":
			return 2
		case "ceo", "executive", "chief":
			return 3
		case "councillor", "councilor", "councilmember", "councilwoman", "councilman":
			return 4
		}
		return 0
	}
	return group(w) != 0 && group(w) == group(head)
}

// roleHolder returns the person mentioned last before token end whose
// role or title includes the word role, or -1.
func (a *Analysis) roleHolder(role string, end int) int {
	tried := map[int]bool{}
	for k := len(a.events) - 1; k >= 0 && k >= len(a.events)-maxLookback; k-- {
		pi := a.events[k].entity
		if pi < 0 || tried[pi] {
			continue
		}
		tried[pi] = true
		p := &a.people[pi]
		for _, r := range []string{p.appos, p.preRole, p.titleRole} {
			if slices.Contains(strings.Fields(strings.ToLower(r)), role) {
				return pi
			}
		}
	}
	return -1
}

// laterHolder returns the person a singular role the text has not yet
// given anyone refers to ahead: in "…, its owner said. The restaurant's
// owner, Chiara Bellini, said …" the first owner is Bellini. The person
// must be introduced with that role in the same or the next paragraph.
func (a *Analysis) laterHolder(c *cue) int {
	if !c.anon || c.plural || c.person >= 0 || !(c.definite || isPossPronoun(a.toks[c.slo].base)) {
		return -1
	}
	end := c.shi - 1
	para := a.toks[end].para
	if a.byFirst == nil { // the people in order of first mention, once
		a.byFirst = make([]int, len(a.people))
		for pi := range a.byFirst {
			a.byFirst[pi] = pi
		}
		slices.SortStableFunc(a.byFirst, func(x, y int) int { return a.people[x].first - a.people[y].first })
	}
	k, _ := slices.BinarySearchFunc(a.byFirst, end+1, func(pi, tok int) int { return a.people[pi].first - tok })
	for n := 0; k < len(a.byFirst) && n < nearCues; k, n = k+1, n+1 { // the next few people introduced
		pi := a.byFirst[k]
		p := &a.people[pi]
		if a.toks[p.first].para > para+1 {
			break
		}
		if p.folds == nil || !p.evidence {
			continue
		}
		for _, r := range []string{p.appos, p.preRole, p.titleRole} {
			if slices.Contains(strings.Fields(strings.ToLower(r)), c.head) {
				return pi
			}
		}
	}
	return -1
}

// resolveCues gives every cue its person.
func (a *Analysis) resolveCues() {
	for ci := range a.cues {
		c := &a.cues[ci]
		switch c.kind {
		case sRun:
			if !c.org {
				c.person = a.runs[c.run].person
			}
		case sPron:
			c.person = a.pronoun(c.pron) // "it", "we": not a person
		case sNP:
			switch {
			case c.run >= 0:
				c.person = a.runs[c.run].person
			case c.pron >= 0:
				c.person = a.pronoun(c.pron)
			case c.person < 0:
				c.person = a.laterHolder(c)
			}
		case sInherit:
			if ci > 0 && a.cues[ci-1].sent == c.sent && a.cues[ci-1].valid {
				c.src = ci - 1
				c.person = a.cues[ci-1].person
			} else if pi, lo, hi := a.sentenceSpeaker(c.sent); pi >= 0 {
				c.person, c.slo, c.shi = pi, lo, hi
			} else {
				c.valid = false
			}
		}
		if c.person >= 0 && a.people[c.person].author {
			switch a.toks[c.verb].base {
			case "reported", "reporting", "wrote", "writes", "contributed":
				c.person = -1
			}
		}
		if c.person >= 0 && !a.people[c.person].evidence {
			c.person = -1 // "Goldman Sachs said …": nothing shows a person
		}
		if c.valid && c.person >= 0 {
			a.people[c.person].speaker = true
		}
	}
}

// afterDateline returns the first token of sentence s after a dateline
// such as "LISBON —" or "POTOSÍ, Bolivia —".
func (a *Analysis) afterDateline(s *sentence) int {
	if !isAcronym(a.toks[s.lo].text) {
		return s.lo
	}
	for k := s.lo + 1; k < s.hi && k < s.lo+6; k++ {
		switch t := &a.toks[k]; {
		case t.text == "—" || t.text == "–":
			return k + 1
		case t.kind != tWord && t.text != ",":
			return s.lo
		}
	}
	return s.lo
}

// pronoun returns the person the pronoun at token i refers to, or -1.
func (a *Analysis) pronoun(i int) int {
	if e, ok := a.pronRes[i]; ok && e >= 0 {
		return e
	}
	return -1
}

// sentenceSpeaker returns the person, and the tokens [lo, hi) naming
// them, that opens a sentence whose participle has no earlier cue: a person opening the sentence ("Prime Minister Clare
// Whitby defended the plan, telling lawmakers …", "He defended …,
// saying …"), or a possessor and a speech noun ("Kim’s speech …, claiming
// …", "His remarks …").
func (a *Analysis) sentenceSpeaker(si int) (person, lo, hi int) {
	s := &a.sents[si]
	i := a.afterDateline(s)
	if i+1 < s.hi && a.toks[i].kind == tWord && isAcronym(a.toks[i].name) && a.adjacent(i, i+1) && a.toks[i+1].run >= 0 {
		i++ // "U.S. Trade Representative Lisa Wong"
	}
	for i < s.hi && a.toks[i].kind == tWord && !a.toks[i].cap && (roleNoun(a.toks[i].base) || modifierWord(a.toks[i].base)) {
		i++ // "union leader Tomás Ferreira"
	}
	if i+1 >= s.hi || a.toks[i].kind != tWord {
		return -1, 0, 0
	}
	t := &a.toks[i]
	if t.run >= 0 && a.runs[t.run].lo == i {
		r := &a.runs[t.run]
		next := &a.toks[min(r.ext, s.hi-1)]
		switch {
		case r.person < 0 || r.ext >= s.hi || next.kind != tWord:
		case !a.toks[r.hi-1].poss && !next.cap: // "Clare Whitby defended …"
			return r.person, r.lo, r.hi
		case a.toks[r.hi-1].poss && speechNoun(next.base): // "Kim’s speech …"
			return r.person, r.lo, r.hi + 1
		}
		return -1, 0, 0
	}
	next := &a.toks[i+1]
	switch t.base {
	case "he", "she": // "He defended …"
		if p := a.pronoun(i); p >= 0 && next.kind == tWord {
			return p, i, i + 1
		}
	case "his", "her": // "His speech …"
		if p := a.pronoun(i); p >= 0 && speechNoun(next.base) {
			return p, i, i + 2
		}
	}
	return -1, 0, 0
}
