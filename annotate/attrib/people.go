package attrib

// People: which names are people's, and the keys later mentions use.

import (
	"slices"
	"strings"

	"marginalia/annotate"
)

// person is someone named in the text.
type person struct {
	name      string
	folds     []string
	first     int // token of the first mention
	mentions  int
	gender    byte
	author    bool
	evidence  bool   // the text shows a person: a title, role, age, short form or he/she
	appos     string // role from an appositive
	affil     string
	preRole   string // role written before the name: "North Korean leader"
	titleRole string // non-honorific title: "Labour Minister"
	predRole  string // role after a copula: "was named head coach"
	headRole  string // role before the name in a headline
	aliases   []string
	speaker   bool
	quotes    []annotate.Span
}

func (p *person) role() string {
	switch {
	case p.appos != "":
		return p.appos
	case p.preRole != "":
		return p.preRole
	case p.titleRole != "":
		return p.titleRole
	case p.predRole != "":
		return p.predRole
	}
	return p.headRole
}

// discoverPeople registers the people named in the text: full names that
// are the subject of a speech verb, carry a title or a role, or look like
// a person's name; authors from bylines; and titled surnames with no full
// name ("Dr. Osei").
func (a *Analysis) discoverPeople() {
	a.keys = map[string][]int{}
	a.firstKeys = map[string][]int{}
	a.byKey = map[string]int{}
	lower := a.lowerWords()
	evidence := make([]bool, len(a.runs))
	org := a.organisationKeys()
	for ri := range a.runs {
		if r := &a.runs[ri]; r.soft && !r.heading && a.personEvidence(ri) {
			r.kind = rkName // "Stuart Hall, a historian at …"
		}
	}
	for ri := range a.runs {
		if r := &a.runs[ri]; r.kind == rkName && !r.heading && a.personEvidence(ri) {
			evidence[ri] = true
		}
	}
	for ri := range a.affilRuns { // "an analyst at Wells Fargo"
		org[a.runs[ri].key] = true
	}
	for ri := range a.runs {
		if evidence[ri] {
			org[a.runs[ri].key] = false
		}
	}
	a.orgKeys = org
	for ri := range a.runs {
		r := &a.runs[ri]
		if r.kind != rkName || r.hi-r.name < 2 || org[r.key] {
			continue
		}
		author := a.inByline(r)
		if r.heading && !author {
			continue
		}
		if !(author || a.cueSubject[ri] || evidence[ri] || a.looksPersonal(r, lower)) {
			continue
		}
		pi := a.register(r, author)
		a.people[pi].evidence = a.people[pi].evidence || evidence[ri]
	}
	// A name that is the end of a longer one is that person: "Lucía Peña".
	longer := map[string]int{}
	for qi := range a.people {
		f := a.people[qi].folds
		for k := 1; k < len(f)-1; k++ {
			if _, ok := longer[strings.Join(f[k:], " ")]; !ok {
				longer[strings.Join(f[k:], " ")] = qi
			}
		}
	}
	for pi := range a.people {
		p := &a.people[pi]
		if qi, ok := longer[strings.Join(p.folds, " ")]; ok && qi != pi {
			a.byKey[strings.Join(p.folds, " ")] = qi
			p.folds = nil // merged
		}
	}
	for pi := range a.people {
		if a.people[pi].folds != nil {
			a.index(pi)
		}
	}
	// A short form shows a person: "Pryor said" after "Dana Pryor".
	for ri := range a.runs {
		r := &a.runs[ri]
		if r.kind != rkName || r.heading {
			continue
		}
		if pi, ok := a.byKey[r.key]; ok {
			if strings.Join(a.people[pi].folds, " ") != r.key {
				a.people[pi].evidence = true // a merged short form: "von der Leyen"
			}
			continue
		}
		for _, pi := range a.keys[r.key] {
			a.people[pi].evidence = true
		}
		if familyFirst(r.key) {
			// "Xie said" after "Xie Lanping"; but "Goldman said" after
			// "Goldman Sachs" shows nothing: companies are shortened to
			// their first word, people to their family name.
			for _, pi := range a.firstKeys[r.key] {
				a.people[pi].evidence = true
			}
		}
	}
	// One word that is no one's surname names a person of its own when it
	// has a title or role ("Dr. Osei", "coach Smith"), or is quoted and
	// the text shows a person ("Ahmed, 24, said", "One cleaner, …,
	// Manolo, said").
	for ri := range a.runs {
		r := &a.runs[ri]
		if r.kind != rkName || r.heading || len(r.folds) != 1 || org[r.key] ||
			len(r.titles) == 0 && a.preRoleAt(r.lo) == "" && !a.personRun[ri] && !(evidence[ri] && a.cueSubject[ri]) {
			continue
		}
		if len(a.keys[r.key]) == 0 && len(a.firstKeys[r.key]) == 0 {
			pi := a.register(r, false)
			a.people[pi].evidence = true
			a.index(pi)
		}
	}
	// Gendered titles: "Mr. Kim", "Ms. Mensah".
	for ri := range a.runs {
		r := &a.runs[ri]
		if r.kind != rkName || len(r.titles) == 0 {
			continue
		}
		var g byte
		for _, t := range r.titles {
			if g == 0 {
				g = titleGender(t) // "Mr Justice Hartwell"
			}
		}
		if g == 0 {
			continue
		}
		if pi, ok := a.byKey[r.key]; ok {
			a.people[pi].gender = g
		} else if c := a.keys[r.key]; len(c) == 1 {
			a.people[c[0]].gender = g
		} else if c := a.firstKeys[r.key]; len(c) == 1 && len(a.keys[r.key]) == 0 {
			a.people[c[0]].gender = g
		}
	}
}

// personEvidence reports whether the text shows the name at run ri to be
// a person's: a title, a role before or after it ("union leader Tomás
// Ferreira", "Hong Min, a senior analyst"), an age or a relative "who"
// after it ("Loretta Pell, 71, who drove …").
func (a *Analysis) personEvidence(ri int) bool {
	r := &a.runs[ri]
	if len(r.titles) > 0 || a.personRun[ri] || a.preRoleAt(r.lo) != "" {
		return true
	}
	if role, _ := a.roleBefore(r); role != "" {
		return true
	}
	if role, _ := a.predicateRole(r); roleHead(role) {
		return true
	}
	toks := a.toks
	if r.ext+1 < len(toks) && toks[r.ext].text == "," && !toks[r.hi-1].poss {
		n := &toks[r.ext+1]
		if n.base == "who" || n.base == "whose" || isNumber(n.text) && r.ext+2 < len(toks) && toks[r.ext+2].text == "," {
			return true
		}
		if role, _ := a.appositive(r.ext); roleHead(role) {
			return true
		}
	}
	return false
}

// organisationKeys returns the folded names the text shows to be
// organisations or places unless it also shows them to be people: the
// subject of "X, which …, said"; the leading words of an organisation's
// name ("Rosa Parks" of "Rosa Parks Elementary"); and the subject of "X
// said it would …", when no one-word mention of X's last word makes it a
// surname ("Aston Martin said it would limit shipments").
func (a *Analysis) organisationKeys() map[string]bool {
	org := map[string]bool{}
	for k := range a.orgKeys {
		org[k] = true
	}
	single := map[string]bool{}
	for ri := range a.runs {
		r := &a.runs[ri]
		switch {
		case r.kind == rkName && len(r.folds) == 1:
			single[r.key] = true
		case r.kind == rkOrg && r.name == r.lo:
			n := len(r.folds)
			for n > 0 && isOrgWord(r.folds[n-1]) {
				n--
			}
			if n >= 2 && n < len(r.folds) {
				org[strings.Join(r.folds[:n], " ")] = true
			}
		}
	}
	for ri := range a.runs {
		r := &a.runs[ri]
		if r.kind != rkName {
			continue
		}
		// "Morgan Stanley’s chief financial officer", "Wells Fargo’s shares"
		if a.toks[r.hi-1].poss && r.hi+1 < len(a.toks) && a.corporateAfter(r.hi) {
			org[r.key] = true
		}
		// "analysts at Ford", "an economist with Nordbanken"
		k := r.lo - 1
		if k > 0 && a.toks[k].base == "the" {
			k--
		}
		if k > 0 && (a.toks[k].base == "at" || a.toks[k].base == "with") && a.toks[k-1].kind == tWord && (!a.toks[k-1].cap || a.sentenceInitial(k-1)) && personNoun(a.toks[k-1].base) {
			org[r.key] = true
		}
	}
	for ci := range a.cues {
		c := &a.cues[ci]
		if c.kind != sRun || c.according || !a.itFollows(c.verb) {
			continue
		}
		if r := &a.runs[c.run]; r.kind == rkName && len(r.folds) > 1 && !single[r.folds[len(r.folds)-1]] {
			org[r.key] = true
		}
	}
	return org
}

// corporateAfter reports whether the words from token i are what a
// company owns, after a possessive: "shares", "chief financial officer",
// "quarterly profit".
func (a *Analysis) corporateAfter(i int) bool {
	t := &a.toks[i]
	if t.kind != tWord || t.cap {
		return false
	}
	switch t.base {
	case "shares", "stock", "profit", "profits", "revenue", "revenues", "earnings", "sales",
		"quarterly", "annual", "results", "board", "shareholders", "investors", "customers",
		"employees", "workforce", "subsidiary", "subsidiaries", "headquarters", "ceo", "cfo",
		"executives", "stores", "factories", "plants", "branches", "products", "bid", "takeover",
		"merger", "acquisition", "bonds", "valuation", "stake", "lenders", "dealership", "brand":
		return true
	case "chief":
		if i+1 < len(a.toks) {
			switch a.toks[i+1].base {
			case "executive", "financial", "operating", "economist", "investment", "technology",
				"information", "strategist", "marketing", "risk":
				return true
			}
		}
	}
	return false
}

// itFollows reports whether the speech verb at token v is followed by
// "it" as the subject of what is said: "Ford said it would raise prices".
func (a *Analysis) itFollows(v int) bool {
	k := v + 1
	if k < len(a.toks) && a.toks[k].base == "that" {
		k++
	}
	return k < len(a.toks) && a.toks[k].base == "it" && a.toks[k].sent == a.toks[v].sent
}

func (a *Analysis) register(r *nameRun, author bool) int {
	if pi, ok := a.byKey[r.key]; ok {
		if author {
			a.people[pi].author = true
		}
		return pi
	}
	a.people = append(a.people, person{name: a.runName(r), folds: r.folds, first: r.lo, author: author})
	pi := len(a.people) - 1
	a.byKey[r.key] = pi
	return pi
}

// index adds the keys a later mention may use: the surname (last word),
// the first word (surnames come first in Korean or Chinese names), the
// name from its first particle ("von der Leyen", "bin Salman") and every
// ending of two words or more.
func (a *Analysis) index(pi int) {
	f := a.people[pi].folds
	add := func(k string) {
		for _, x := range a.keys[k] {
			if x == pi {
				return
			}
		}
		a.keys[k] = append(a.keys[k], pi)
	}
	add(strings.Join(f, " "))
	add(f[len(f)-1])
	for k := 1; k < len(f)-1; k++ {
		add(strings.Join(f[k:], " "))
	}
	// The first word (family names come first in Chinese, Korean or
	// Vietnamese names) and middle words ("Lula" of "Luiz Inácio Lula da
	// Silva") are weaker keys, tried only when no surname fits.
	for k := 0; k < len(f)-1; k++ {
		if w := f[k]; !isConnector(w) && !slices.Contains(a.firstKeys[w], pi) {
			a.firstKeys[w] = append(a.firstKeys[w], pi)
		}
	}
}

// inByline reports whether r follows "By" in a byline.
func (a *Analysis) inByline(r *nameRun) bool {
	if !r.heading {
		return false
	}
	s := &a.sents[a.toks[r.lo].sent]
	return a.toks[s.lo].kind == tWord && a.toks[s.lo].base == "by"
}

// lowerWords returns the words the text writes in lower case: a
// capitalised phrase using one of them ("Cold War") is not a name.
func (a *Analysis) lowerWords() map[string]bool {
	m := map[string]bool{}
	for i := range a.toks {
		t := &a.toks[i]
		if t.kind == tWord && !t.cap && !isConnector(t.base) {
			m[t.base] = true
		}
	}
	return m
}

// looksPersonal reports whether a run that is not the subject of a speech
// verb is still likely a person's name.
func (a *Analysis) looksPersonal(r *nameRun, lower map[string]bool) bool {
	if r.lo > 0 && a.adjacent(r.lo-1, r.lo) && placePrep(a.toks[r.lo-1].base) {
		return false
	}
	for _, f := range r.folds {
		if lower[f] && !isConnector(f) {
			return false
		}
	}
	return true
}
