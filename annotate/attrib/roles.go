package attrib

// Roles and affiliations: what the text says a person is, and for whom.

import (
	"strings"
	"unicode"
)

// preRoleAt returns a role written before the name starting at token lo,
// as in "North Korean leader Kim Jong Un" or "union leader Tomás
// Ferreira", or "".
func (a *Analysis) preRoleAt(lo int) string {
	if from := a.preRoleStart(lo); from >= 0 {
		return a.slice(from, lo)
	}
	return ""
}

// preRoleStart returns the first token of the role preRoleAt reads, or -1.
func (a *Analysis) preRoleStart(lo int) int {
	k := lo - 1
	if k < 0 || !a.adjacent(k, lo) || a.toks[k].kind != tWord || a.toks[k].cap || !personNoun(a.toks[k].base) {
		return -1
	}
	from := k
	for n := 0; n < 3 && from > 0 && a.adjacent(from-1, from); n++ {
		t := &a.toks[from-1]
		if t.kind != tWord || t.quote >= 0 || isDeterminer(t.base) || isFunctionWord(t.base) || speechVerb(t.base) || isAux(t.base) {
			break
		}
		if !t.cap && !modifierWord(t.base) {
			break
		}
		from--
	}
	return from
}

// modifierWord reports lower-case words that qualify a role noun.
func modifierWord(w string) bool {
	switch w {
	case "senior", "former", "deputy", "chief", "top", "veteran", "foreign", "defence",
		"defense", "prime", "opposition", "union", "local", "regional", "state", "crown",
		"rescue", "finance", "health", "trade", "interior", "labour", "labor", "party",
		"rebel", "army", "military", "government", "company", "bank", "council", "city",
		"education", "transport", "energy", "justice", "environment", "agriculture", "acting",
		"interim", "outgoing", "incoming", "vice", "assistant", "executive", "managing":
		return true
	}
	return false
}

// slice returns the text from token lo to token hi-1 as written.
func (a *Analysis) slice(lo, hi int) string {
	if hi <= lo {
		return ""
	}
	return string(a.rs[a.toks[lo].start:a.toks[hi-1].end])
}

// takeRole records the role and affiliation an appositive, a preceding
// role noun or a title gives person pi at run r: "Hong Min, a senior
// analyst at the Korea Institute for National Unification, …".
func (a *Analysis) takeRole(pi int, r *nameRun) {
	p := &a.people[pi]
	if p.titleRole == "" && r.name > r.lo && !isHonorific(r.titles[len(r.titles)-1]) {
		p.titleRole = a.slice(r.lo, r.name)
	}
	if p.preRole == "" {
		if from := a.preRoleStart(r.lo); from >= 0 {
			// "Morgan Stanley economist Jane Doe": the organisation apart
			k := from
			for k < r.lo && a.toks[k].cap {
				k++
			}
			if k > from && k < r.lo && !(k == from+1 && a.sentenceInitial(from)) && !a.placeAt(from) && !demonym(a.fold(a.toks[from].name)) && !isPlaceWord(a.fold(a.toks[from].name)) {
				p.preRole = a.slice(k, r.lo)
				if p.affil == "" {
					p.affil = a.slice(from, k)
				}
			} else {
				p.preRole = a.slice(from, r.lo)
			}
		}
	}
	if p.appos == "" {
		if role, affil := a.appositive(r.ext); role != "" {
			p.appos, p.affil = role, affil
		}
	}
	if p.predRole == "" {
		if role, affil := a.predicateRole(r); role != "" {
			p.predRole = role
			if p.affil == "" {
				p.affil = affil
			}
		}
	}
	if p.appos == "" && p.preRole == "" {
		var affil string
		if p.preRole, affil = a.roleBefore(r); p.affil == "" {
			p.affil = affil
		}
	}
}

// predicateRole reads a role given by a copula after the name: "Beatriz
// Alencar was named head coach of the Portland Thorns", "Ruth Kessler is
// a former accident investigator".
func (a *Analysis) predicateRole(r *nameRun) (role, affil string) {
	toks := a.toks
	i := r.ext
	if i >= len(toks) || toks[i].kind != tWord || !a.adjacent(i-1, i) {
		return "", ""
	}
	switch toks[i].base {
	case "is", "was", "became", "becomes":
		i++
	case "has", "had":
		if i+1 < len(toks) && toks[i+1].base == "been" {
			i += 2
		}
	}
	if i == r.ext || i >= len(toks) {
		return "", ""
	}
	switch toks[i].base {
	case "named", "appointed", "elected":
		i++
	}
	s := toks[r.lo].sent
	if i >= len(toks) || toks[i].sent != s || s < 0 {
		return "", ""
	}
	hi := i
	for hi < a.sents[s].hi && toks[hi].kind == tWord && toks[hi].quote < 0 && hi < i+12 {
		hi++
	}
	if hi == i || !a.rolePhrase(i, hi) || !a.hasRoleNoun(i, min(hi, i+5)) {
		return "", ""
	}
	return a.splitRole(i, hi)
}

// roleBefore reads a role given before a name between commas: "His
// barrister, Sam O'Brien, argued" gives "His barrister".
func (a *Analysis) roleBefore(r *nameRun) (role, affil string) {
	if lo, end := a.roleBeforeSpan(r); lo < end {
		return a.splitRole(lo, end)
	}
	return "", ""
}

// roleBeforeSpan returns the tokens [lo, end) of the role roleBefore
// reads, or lo == end.
func (a *Analysis) roleBeforeSpan(r *nameRun) (lo, end int) {
	toks := a.toks
	if r.lo < 2 || r.ext >= len(toks) || toks[r.lo-1].text != "," || toks[r.ext].text != "," {
		return 0, 0
	}
	end = r.lo - 1
	if toks[end-1].kind == tWord && nameNoun(toks[end-1].base) && toks[end-1].sent >= 0 {
		// "One cleaner, who gave only his first name, Manolo, said"
		if m := a.relativeBefore(&a.sents[toks[end-1].sent], end); m >= 0 {
			end = m - 1
		}
	}
	if end < 1 || toks[end-1].kind != tWord || !isTitle(toks[end-1].base) && (toks[end-1].cap || !personNoun(toks[end-1].base)) {
		return 0, 0 // "The agency's director general, Josef Brandt, wrote"
	}
	lo = end - 1
	for lo > 0 && toks[lo-1].sent == toks[end-1].sent && end-lo < 7 {
		t := &toks[lo-1]
		if t.kind == tPunct && (t.text == "’" || t.text == "'") && lo > 1 && toks[lo-2].kind == tWord {
			lo-- // "the Greens’ co-leader"
			continue
		}
		if t.kind != tWord {
			break
		}
		if t.base == "of" && lo > 1 && (isDeterminer(toks[lo-2].base) || isNumber(toks[lo-2].text)) {
			lo -= 2 // "One of my year 12 students"
			continue
		}
		if speechVerb(t.base) && !nounLike(t.base) || isFunctionWord(t.base) && !isDeterminer(t.base) {
			break
		}
		lo--
	}
	return lo, end
}

// appositive reads ", a senior analyst at the X," after a name ending
// before token i and splits it into a role and an affiliation.
func (a *Analysis) appositive(i int) (role, affil string) {
	toks := a.toks
	for layer := 0; layer < 2; layer++ {
		if i+1 >= len(toks) || toks[i].text != "," || toks[i+1].kind != tWord || toks[i+1].quote != toks[i].quote {
			return "", ""
		}
		lo := i + 1
		hi := lo
		for hi < len(toks) && toks[hi].sent == toks[lo].sent && !(speechVerb(toks[hi].base) && !nounLike(toks[hi].base)) &&
			(toks[hi].kind == tWord || (toks[hi].text == "’" || toks[hi].text == "'") && toks[hi].kind == tPunct) {
			hi++
		}
		if hi == lo {
			return "", ""
		}
		first := &toks[lo]
		if unicode.IsDigit([]rune(first.text)[0]) && hi == lo+1 { // an age: "Mario Quispe, 34, …"
			i = hi
			continue
		}
		for k := lo; k < hi; k++ { // a relative clause ends the role
			if k > lo && (toks[k].base == "who" || toks[k].base == "which" || toks[k].base == "that") {
				hi = k
				break
			}
		}
		if !a.rolePhrase(lo, hi) {
			return "", ""
		}
		return a.splitRole(lo, hi)
	}
	return "", ""
}

// splitRole splits the role phrase [lo, hi) into the role and the
// organisation it names: "chief economist at the Auto Industry Forum",
// "the Transportation Safety Board's chief investigator for the
// incident", "UNHCR’s regional director for West and Central Africa". The
// role ends where the phrase turns to a place, a time or a clause ("a
// rice farmer in Phong Điền district", "a coffee grower with 120
// hectares", "a software engineer travelling home"); a country or a
// common noun that owns the role is dropped ("Norway’s climate envoy",
// "the company's general manager").
func (a *Analysis) splitRole(lo, hi int) (role, affil string) {
	toks := a.toks
	if lo >= hi {
		return "", ""
	}
	if p := a.possessorEnd(lo, hi); p > lo {
		first := lo
		if toks[first].base == "the" {
			first++
		}
		owner := strings.TrimRight(a.slice(first, p), "’'")
		if last := &toks[p-1]; last.kind == tWord && last.poss {
			owner = strings.TrimSpace(a.slice(first, p-1) + " " + last.name)
			if p-1 == first {
				owner = last.name
			}
		}
		ri := toks[first].run
		person := ri >= 0 && a.runs[ri].kind == rkName && len(a.runs[ri].folds) > 1 && !a.corporateAfter(p)
		if toks[first].cap && !a.placeAt(first) && !person { // not "Tom Kessler's lawyer"
			affil = owner
		}
		lo = p
		for lo < hi && toks[lo].kind == tPunct {
			lo++
		}
	}
	if toks[lo].base == "one" && lo+1 < hi && toks[lo+1].kind == tWord && roleNoun(toks[lo+1].base) {
		lo++ // "One cleaner, …, Manolo, said"
	}
	end, head := hi, false
loop:
	for k := lo; k < hi; k++ {
		t := &toks[k]
		w := t.base
		switch {
		case k == lo:
		case w == "at" || w == "of" || w == "for" || w == "with" || w == "from":
			n := k + 1
			if n+1 < hi && toks[n].base == "the" {
				n++
			}
			m := n // "at the trading house Marubeni": a description, then the name
			for m < hi && m < n+4 && toks[m].kind == tWord && !toks[m].cap && !isPrep(toks[m].base) && !isFunctionWord(toks[m].base) {
				m++
			}
			if m > n && (m >= hi || !toks[m].cap || a.affiliation(m, hi) != a.slice(m, hi)) {
				m = n
			}
			if m < hi && toks[m].cap && (!a.placeAt(m) || a.hasOrgWord(m, hi)) {
				if af := a.affiliation(m, hi); af != "" && (w != "from" || a.hasOrgWord(n, hi)) {
					if ri := toks[m].run; ri >= 0 && a.runs[ri].lo == m {
						a.affilRuns[ri] = true
					}
					if affil == "" {
						return a.slice(lo, k), af
					}
					continue // "regional director for West and Central Africa"
				}
			}
			if w != "of" {
				end = k
				break loop
			}
		case isPrep(w) || w == "who" || w == "whose" || w == "which" || w == "that" || w == "where" || w == "when" || w == "based":
			end = k
			break loop
		case head && !t.cap && (strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed")) && !roleNoun(w) && !modifierWord(w):
			end = k // "a software engineer travelling home to Halifax"
			break loop
		}
		if !t.cap && personNoun(w) {
			head = true
		}
	}
	for end > lo && toks[end-1].kind != tWord {
		end--
	}
	return a.slice(lo, end), affil
}

// possessorEnd returns the token after a possessor that opens the role
// phrase [lo, hi) ("the Greens’ co-leader", "UNHCR’s regional director",
// "the company's general manager"), or lo when there is none.
func (a *Analysis) possessorEnd(lo, hi int) int {
	toks := a.toks
	first := lo
	if toks[first].base == "the" {
		first++
	}
	for k := first; k < hi-1 && k < first+6; k++ {
		t := &toks[k]
		if t.kind != tWord || !t.cap && k > first {
			return lo
		}
		switch {
		case t.poss:
			return k + 1
		case (toks[k+1].text == "’" || toks[k+1].text == "'") && toks[k+1].kind == tPunct && strings.HasSuffix(t.base, "s"):
			return k + 2 // "the Greens’"
		}
		if !t.cap {
			return lo
		}
	}
	return lo
}

// placeAt reports whether token i begins a place name: "Friesland" after
// "from" is no affiliation, nor "Norway" in "Norway’s climate envoy".
func (a *Analysis) placeAt(i int) bool {
	if ri := a.toks[i].run; ri >= 0 {
		r := &a.runs[ri]
		if r.kind != rkPlace {
			return false
		}
		for _, f := range r.folds { // "Vietnam Red Cross" is no place
			if !isPlaceWord(f) && !isPlaceStart(f) && !isConnector(f) {
				return false
			}
		}
		return true
	}
	return isPlaceWord(a.fold(a.toks[i].name)) || isAcronym(a.toks[i].name) && len(a.toks[i].name) <= 3 && a.toks[i].name != "UN"
}

// hasOrgWord reports whether tokens [lo, hi) hold a word that names an
// organisation.
func (a *Analysis) hasOrgWord(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if t := &a.toks[k]; t.kind == tWord && (isOrgWord(t.base) || isAcronym(t.name)) {
			return true
		}
	}
	return false
}

// isPrep reports prepositions that end a role noun phrase.
func isPrep(w string) bool {
	switch w {
	case "at", "of", "for", "with", "from", "in", "on", "near", "by", "before", "after", "about",
		"into", "under", "over", "through", "since", "during", "across", "to", "between", "among",
		"against", "outside", "inside", "within", "without", "behind", "like", "until":
		return true
	}
	return false
}

// roleHead reports whether a role phrase has a role noun before its first
// preposition: "a professor of education" does, "built in 1958 for 600
// students" does not.
func roleHead(role string) bool {
	for _, w := range strings.Fields(strings.ToLower(role)) {
		if isPrep(w) {
			return false
		}
		if personNoun(strings.Trim(w, ",.’'")) {
			return true
		}
	}
	return false
}

// rolePhrase reports whether tokens [lo, hi) after a name describe the
// person ("a senior analyst at …", "one of the trapped miners", "chief
// economist at …") rather than continue the sentence ("was less calm",
// "several neighbours have already sold …", "waited at the entrance").
func (a *Analysis) rolePhrase(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if w := a.toks[k].base; isBe(w) || isAux(w) && !isLyAdverb(w) && w != "first" && w != "long" {
			return false
		}
	}
	f := &a.toks[lo]
	switch f.base {
	case "who", "whose", "which", "where", "when", "whom":
		return false // "Rosa Quispe, whose husband, Julio, …"
	}
	if isDeterminer(f.base) && !f.cap || isNumber(f.text) {
		return true
	}
	end := hi // the role noun heads the phrase: not "appeared briefly before reporters"
	for k := lo + 1; k < hi; k++ {
		if isPrep(a.toks[k].base) {
			end = k
			break
		}
	}
	return a.hasRoleNoun(lo, end)
}

// affiliation trims an affiliation at a following place: "Harbour Bay
// Securities in Singapore" stays whole, but a trailing lower-case clause
// is dropped.
func (a *Analysis) affiliation(lo, hi int) string {
	end := lo
	for k := lo; k < hi; k++ {
		t := &a.toks[k]
		if t.cap || isConnector(t.base) || t.base == "for" || t.base == "of" || t.base == "and" ||
			t.base == "the" && k > lo && k+1 < hi && a.toks[k+1].cap || // "Centre for the Study of …"
			t.kind == tPunct && (t.text == "’" || t.text == "'") { // "Harbour Workers' Union"
			end = k + 1
			continue
		}
		break
	}
	for end > lo && !a.toks[end-1].cap {
		end--
	}
	if end < hi && a.toks[end].kind == tWord && !a.toks[end].cap && a.toks[end].base != "in" {
		return "" // "the South Korean company": an adjective, not a name
	}
	return a.slice(lo, end)
}

func (a *Analysis) hasRoleNoun(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if !a.toks[k].cap && personNoun(a.toks[k].base) {
			return true
		}
	}
	return false
}
