package attrib

import (
	"slices"
	"strings"

	"marginalia/annotate"
)

// Person is someone quoted in an article.
type Person struct {
	// Name is the full name as first written, titles removed: "Hong Min".
	Name string
	// Mentions counts the mentions: full name, surname or titled surname,
	// and pronouns resolved to the person.
	Mentions int
	// Role is what an appositive, a role noun before the name or a title
	// says the person is: "a senior analyst", "North Korean leader",
	// "Labour Minister". Empty if the text gives none.
	Role string
	// Affiliation is the organisation an appositive names: "Korea
	// Institute for National Unification". Empty if none.
	Affiliation string
	// Aliases are the other forms the text names the person by, as
	// written: "Kim", "Dr. Peña".
	Aliases []string
	// Quotes are the spans of the quotations attributed to the person,
	// quotation marks excluded, in text order.
	Quotes []annotate.Span
}

// Attribution is the source of a passage.
type Attribution struct {
	// Name is the full name of the person the passage is attributed to,
	// or "" when the source is unnamed ("a senior official", "officials",
	// "according to sources") or not a person ("the ministry", "Reuters").
	Name string
	// Source is the words that name the source, as written: "Kim", "he",
	// "Hong Min", "a senior official", "the ministry".
	Source string
	// Cue is the span of the attributing words: "Kim said", "said Hwang
	// Ildo", "according to state-run media".
	Cue annotate.Span
}

// Analysis is the attribution analysis of one text. Build it once with
// Analyze to ask about many spans.
type Analysis struct {
	rs     []rune
	toks   []token
	quotes []quotation
	sents  []sentence
	runs   []nameRun
	cues   []cue
	people []person

	cueSubject  []bool           // by run: the subject of a cue
	extEnd      map[int]int      // last token of a run's extension -> run
	personRun   map[int]bool     // runs the syntax shows to name a person: "One cleaner, …, Manolo, said", “…,” said X
	orgKeys     map[string]bool  // folded names the text shows to be organisations (false: people)
	affilRuns   map[int]bool     // runs named as a person's organisation: "an analyst at Wells Fargo"
	keys        map[string][]int // folded name, surname or ending of a name -> people
	firstKeys   map[string][]int // folded first or middle word of a name -> people
	byKey       map[string]int   // folded full name -> person
	folds       map[string]string
	lastSeen    []int        // by person: token of the latest mention, or -1
	events      []event      // the entities mentioned so far, for pronouns
	pronRes     map[int]int  // pronoun token -> entity
	pronSubject map[int]bool // pronoun tokens that are the subject of a cue
	qa          *interview   // the question-and-answer layout, or nil
}

// Entities other than people, for resolving pronouns.
const (
	entAnon = -1 // unnamed people: "a senior official", "officials"
	entOrg  = -2 // an organisation: "the ministry"
	entNone = -3
)

// nearCues is how many cues on either side of a span compete to
// attribute it in a very long sentence.
const nearCues = 8

// maxLookback bounds how many mentions a pronoun or a definite role
// ("the minister") looks back over.
const maxLookback = 60

// event is a mention of an entity, in text order.
type event struct {
	tok, sent, para int
	entity          int // a person, entAnon or entOrg
	plural          bool
	subj            bool   // a grammatical subject: of a speech verb, or opening its sentence
	head            string // the role noun of unnamed people
}

// Analyze analyses text, an article's normalised text (see
// annotate.NormalizeText).
func Analyze(text string) *Analysis {
	a := &Analysis{rs: []rune(text), folds: map[string]string{}, pronRes: map[int]int{}, extEnd: map[int]int{},
		personRun: map[int]bool{}, orgKeys: map[string]bool{}, affilRuns: map[int]bool{}}
	a.toks = tokenize(a.rs)
	a.findQuotes()
	a.splitSentences()
	a.markHeadings()
	a.findRuns()
	a.findCues()
	a.discoverPeople()
	a.resolveMentions()
	a.resolveCues()
	a.findInterview()
	a.attributeQuotes()
	return a
}

// Detect lists the people quoted in text, most mentioned first: people who
// say, write, tell, warn, note, argue … something, or are the source of
// "according to". Authors named in a byline are listed only when quoted;
// organisations, places and unnamed sources never are.
func Detect(text string) []Person { return Analyze(text).People() }

// Suggest proposes who said the passage at span, a claim or quotation an
// analyst selected: the full name of the person it is attributed to, or
// ok=false when there is none (no attribution, an unnamed source, or an
// organisation).
func Suggest(text string, span annotate.Span) (name string, ok bool) {
	return Analyze(text).Suggest(span)
}

// Suggest proposes who said the passage at span; see the function Suggest.
func (a *Analysis) Suggest(span annotate.Span) (name string, ok bool) {
	at, found := a.Attribute(span)
	return at.Name, found && at.Name != ""
}

// Attribute returns the source of the passage at span: for a quotation,
// the attribution of the quotation; otherwise the attribution nearest to
// the span in its sentence. ok is false when the passage has none.
func (a *Analysis) Attribute(span annotate.Span) (at Attribution, ok bool) {
	if span.End < span.Start {
		return Attribution{}, false
	}
	if qi := a.quoteAt(span); qi >= 0 {
		q := &a.quotes[qi]
		if !q.decided || q.cue < 0 {
			return Attribution{}, false
		}
		return a.attribution(q.cue), true
	}
	switch at, role := a.interviewAt(span); role {
	case qaAnswer:
		// The interviewee's, unless someone else's speech verb in the
		// same sentence governs the span: "the ministry says [the camps
		// are safe], but …".
		if si := a.sentencesAt(span); len(si) == 1 {
			if ci := a.nearestCue(si[0], span.Start, span.End); ci >= 0 && !a.firstPersonCue(ci) {
				c := &a.cues[ci]
				if clo, chi := a.toks[c.lo].start, a.toks[c.hi].end; chi <= span.Start || clo >= span.End {
					return a.attribution(ci), a.cues[ci].person >= 0
				}
			}
		}
		return at, at.Name != ""
	case qaQuestion:
		return Attribution{}, false // the outlet's question
	}
	for _, si := range a.sentencesAt(span) {
		if ci := a.nearestCue(si, span.Start, span.End); ci >= 0 {
			return a.attribution(ci), true
		}
	}
	return Attribution{}, false
}

func (a *Analysis) attribution(ci int) Attribution {
	c := &a.cues[ci]
	at := Attribution{Cue: annotate.Span{Start: a.toks[c.lo].start, End: a.toks[c.hi].end}}
	src := c
	for src.kind == sInherit && src.src >= 0 {
		src = &a.cues[src.src]
	}
	at.Source = a.slice(src.slo, src.shi)
	if c.person >= 0 {
		at.Name = a.people[c.person].name
	}
	return at
}

// People returns the people quoted in the text, most mentioned first; see
// Detect.
func (a *Analysis) People() []Person {
	var idx []int
	for pi := range a.people {
		if p := &a.people[pi]; p.speaker && p.folds != nil {
			idx = append(idx, pi)
		}
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		if d := a.people[y].mentions - a.people[x].mentions; d != 0 {
			return d
		}
		return a.people[x].first - a.people[y].first
	})
	out := make([]Person, 0, len(idx))
	for _, pi := range idx {
		p := &a.people[pi]
		out = append(out, Person{
			Name:        p.name,
			Mentions:    p.mentions,
			Role:        p.role(),
			Affiliation: p.affil,
			Aliases:     slices.Clone(p.aliases),
			Quotes:      slices.Clone(p.quotes),
		})
	}
	return out
}

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

// firstPersonCue reports whether cue ci is the speaker's own "I said",
// "we believe".
func (a *Analysis) firstPersonCue(ci int) bool {
	c := &a.cues[ci]
	for c.kind == sInherit && c.src >= 0 {
		c = &a.cues[c.src]
	}
	if c.kind == sInherit {
		return true // a participle with no subject of its own
	}
	return c.kind == sPron && (a.toks[c.pron].base == "i" || a.toks[c.pron].base == "we")
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
	for pi := range a.people {
		p := &a.people[pi]
		if p.folds == nil || p.first <= end || a.toks[p.first].para > para+1 || !p.evidence {
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

// nearestCue returns the valid cue of sentence si nearest to the rune
// span [lo, hi), or -1. "According to" an organisation or unnamed source
// yields to any other cue: it names the channel, not the speaker.
func (a *Analysis) nearestCue(si, lo, hi int) int {
	s := &a.sents[si]
	if s.heading {
		return -1
	}
	// "Kim said the drills were a rehearsal, according to state media":
	// an unnamed source after the span yields to a speaker before it. But
	// "according to the ministry, 40 people died, and Kim said …" is the
	// ministry's.
	others := false
	for _, ci := range s.cues {
		if c := &a.cues[ci]; c.valid && !(c.according && c.person < 0) && a.toks[c.verb].end <= lo {
			others = true
			break
		}
	}
	// Only the cues near the span compete, which keeps a very long
	// sentence linear.
	cues := s.cues
	if len(cues) > 2*nearCues {
		k, _ := slices.BinarySearchFunc(cues, lo, func(ci, x int) int { return a.toks[a.cues[ci].verb].start - x })
		cues = cues[max(k-nearCues, 0):min(k+nearCues, len(cues))]
	}
	// A cue wholly inside the span is more likely part of what was said
	// ("the authority had never complained") than its attribution.
	best, bestD, bestIn := -1, 0, false
	for _, ci := range cues {
		c := &a.cues[ci]
		clo, chi := a.toks[c.lo].start, a.toks[c.hi].end
		if !c.valid || others && c.according && c.person < 0 && clo >= hi {
			continue
		}
		d, in := 0, clo >= lo && chi <= hi && hi-lo > chi-clo
		switch {
		case chi <= lo:
			d = lo - chi
		case clo >= hi:
			d = clo - hi
		}
		if best < 0 || bestIn && !in || bestIn == in && d < bestD {
			best, bestD, bestIn = ci, d, in
		}
	}
	return best
}

// attributeQuotes gives every quotation a source: the nearest cue in its
// sentence, else the speaker of the quotation it continues, the sentence
// before it that ends in a colon, the previous quotation or cue in its
// paragraph, the next sentence, or the last quotation of the previous
// paragraph.
func (a *Analysis) attributeQuotes() {
	for qi := range a.quotes {
		q := &a.quotes[qi]
		if q.heading {
			continue
		}
		if ci := a.nearestCue(a.toks[q.open].sent, q.outer[0], q.outer[1]); ci >= 0 {
			q.cue, q.strong, q.decided = ci, true, true
			continue
		}
		a.quoteFallback(qi)
	}
	// A quotation running over several paragraphs has one speaker: a
	// paragraph without its own cue takes the next one's that has.
	fromStrong := make([]int, len(a.quotes)) // the cue of the nearest later paragraph with one
	for qi := len(a.quotes) - 1; qi >= 0; qi-- {
		q := &a.quotes[qi]
		switch {
		case q.strong:
			fromStrong[qi] = q.cue
		case q.next >= 0 && fromStrong[q.next] >= 0:
			fromStrong[qi] = fromStrong[q.next]
			q.cue, q.decided = fromStrong[qi], true
		default:
			fromStrong[qi] = -1
		}
	}
	for qi := range a.quotes {
		q := &a.quotes[qi]
		if !q.decided || q.cue < 0 {
			continue
		}
		q.speaker = a.cues[q.cue].person
		if q.speaker >= 0 {
			p := &a.people[q.speaker]
			p.speaker = true
			p.quotes = append(p.quotes, annotate.Span{Start: q.start, End: q.end})
		}
	}
}

func (a *Analysis) quoteFallback(qi int) {
	q := &a.quotes[qi]
	si := a.toks[q.open].sent
	take := func(ci int) bool {
		if ci < 0 {
			return false
		}
		q.cue, q.decided = ci, true
		return true
	}
	if q.prev >= 0 && a.quotes[q.prev].decided && take(a.quotes[q.prev].cue) {
		return
	}
	if si > 0 && a.sents[si-1].endsColon && !a.sents[si-1].heading && take(a.lastCue(si-1)) {
		return
	}
	if qi > 0 {
		if pq := &a.quotes[qi-1]; pq.para == q.para && pq.decided && take(pq.cue) {
			return
		}
	}
	if si > 0 && a.sents[si-1].para == q.para && take(a.lastCue(si-1)) {
		return
	}
	if si+1 < len(a.sents) && a.sents[si+1].para == q.para && take(a.firstCue(si+1)) {
		return
	}
	if a.firstInPara(q.open) && qi > 0 {
		pq := &a.quotes[qi-1]
		if pq.para == q.para-1 && pq.decided && a.lastInPara(a.toks[pq.open].sent) {
			take(pq.cue)
		}
	}
}

func (a *Analysis) lastCue(si int) int {
	for k := len(a.sents[si].cues) - 1; k >= 0; k-- {
		if ci := a.sents[si].cues[k]; a.cues[ci].valid {
			return ci
		}
	}
	return -1
}

func (a *Analysis) firstCue(si int) int {
	for _, ci := range a.sents[si].cues {
		if a.cues[ci].valid {
			return ci
		}
	}
	return -1
}

// lastInPara reports whether sentence si ends its paragraph.
func (a *Analysis) lastInPara(si int) bool {
	return si+1 >= len(a.sents) || a.sents[si+1].para != a.sents[si].para
}

// quoteAt returns the quotation that holds most of span, or -1.
func (a *Analysis) quoteAt(span annotate.Span) int {
	best, bestOv := -1, 0
	n := max(span.End-span.Start, 1)
	for qi := range a.quotes {
		q := &a.quotes[qi]
		if q.outer[0] >= max(span.End, span.Start+1) {
			break
		}
		ov := min(q.outer[1], max(span.End, span.Start+1)) - max(q.outer[0], span.Start)
		if ov > bestOv {
			best, bestOv = qi, ov
		}
	}
	if best >= 0 && bestOv*2 >= n {
		return best
	}
	return -1
}

// sentencesAt returns the sentences span overlaps, most overlapped first.
func (a *Analysis) sentencesAt(span annotate.Span) []int {
	type ov struct{ si, n int }
	var got []ov
	lo, hi := span.Start, max(span.End, span.Start+1)
	k, _ := slices.BinarySearchFunc(a.sents, lo, func(s sentence, x int) int {
		if s.end <= x {
			return -1
		}
		return 1
	})
	for ; k < len(a.sents) && a.sents[k].start < hi; k++ {
		if n := min(a.sents[k].end, hi) - max(a.sents[k].start, lo); n > 0 {
			got = append(got, ov{k, n})
		}
	}
	slices.SortStableFunc(got, func(x, y ov) int { return y.n - x.n })
	out := make([]int, len(got))
	for i, g := range got {
		out[i] = g.si
	}
	return out
}
