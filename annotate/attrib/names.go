package attrib

import (
	"slices"
	"strings"
	"unicode"

	"marginalia/annotate"
)

// maxNameWords bounds a run of capitalised words; longer runs are split.
const maxNameWords = 8

type runKind uint8

const (
	rkName  runKind = iota // a possible person's name, whole or in part
	rkTitle                // titles only: "Prime Minister", "the Mayor"
	rkOrg                  // an organisation, event or building
	rkPlace                // a country, city or region
)

// nameRun is a run of capitalised words, such as "Defence Minister Ana
// Lucía Peña", "Kim’s", "von der Leyen" or "Korean Central News Agency".
type nameRun struct {
	lo, hi  int // token range [lo, hi)
	name    int // first token of the name proper, after any titles
	kind    runKind
	folds   []string // folded name words
	key     string   // folds joined by spaces
	titles  []string // bare lower-case titles
	heading bool
	person  int    // resolved person, or -1
	ext     int    // the token after the name and its post-nominals or parenthesis
	native  string // a name in its own script in parentheses after the run
	soft    bool   // rkOrg only by a word that is also a family name ("Hall")
}

// words returns the name as written, titles and possessive removed.
func (a *Analysis) runName(r *nameRun) string {
	parts := make([]string, 0, r.hi-r.name)
	for i := r.name; i < r.hi; i++ {
		parts = append(parts, a.toks[i].name)
	}
	return strings.Join(parts, " ")
}

// adjacent reports whether tokens i and j=i+1 are separated by one space.
func (a *Analysis) adjacent(i, j int) bool {
	if j >= len(a.toks) || a.toks[i].sent != a.toks[j].sent || a.toks[i].quote != a.toks[j].quote {
		return false
	}
	return a.toks[j].start == a.toks[i].end+1 && a.rs[a.toks[i].end] == ' '
}

// nameWord reports whether token i can be part of a name.
func (a *Analysis) nameWord(i int) bool {
	t := &a.toks[i]
	if t.kind != tWord || !t.cap || unicode.IsDigit([]rune(t.text)[0]) || isAcronym(t.name) {
		return false
	}
	if isStopword(t.base) {
		if !nameLikeStopword(t.base) {
			return false
		}
		if !strings.HasSuffix(t.text, ".") && a.sentenceInitial(i) {
			return false
		}
	}
	return !speechVerb(t.base)
}

// sentenceInitial reports whether token i opens its sentence or the text
// after a quotation mark or dash.
func (a *Analysis) sentenceInitial(i int) bool {
	if i == 0 || a.toks[i-1].sent != a.toks[i].sent {
		return true
	}
	p := &a.toks[i-1]
	return p.kind == tOpenQ || p.text == "—" || p.text == "–" || p.text == "(" || p.text == ":"
}

// isAcronym reports all-capital words of two letters or more ("KCNA",
// "NATO", "LISBON"): organisations and datelines, not names.
func isAcronym(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// connectorAt returns the token after a chain of name particles starting
// at i ("von der" in "von der Leyen") when a name word follows, or -1.
func (a *Analysis) connectorAt(i int) int {
	j := i
	for j < len(a.toks) && a.toks[j].kind == tWord && isConnector(a.toks[j].base) {
		if j > i && !a.adjacent(j-1, j) {
			return -1
		}
		j++
	}
	if j == i || j >= len(a.toks) || !a.adjacent(j-1, j) || !a.nameWord(j) {
		return -1
	}
	return j
}

// findRuns collects the runs of capitalised words and classifies them. A
// run may begin or continue with name particles ("von der Leyen") and
// ends after a possessive ("Kim’s").
func (a *Analysis) findRuns() {
	toks := a.toks
	for i := 0; i < len(toks); {
		var j int // the last name word of the run
		if a.nameWord(i) {
			j = i
		} else if m := a.connectorAt(i); m >= 0 {
			j = m
		} else {
			i++
			continue
		}
		for !toks[j].poss && j-i < maxNameWords {
			k := j + 1
			if k < len(toks) && a.adjacent(j, k) {
				if a.nameWord(k) {
					j = k
					continue
				}
				if m := a.connectorAt(k); m >= 0 {
					j = m
					continue
				}
			}
			break
		}
		a.addRun(i, j+1)
		i = j + 1
	}
}

func (a *Analysis) addRun(lo, hi int) {
	toks := a.toks
	r := nameRun{lo: lo, hi: hi, name: lo, person: -1}
	r.heading = toks[lo].sent >= 0 && a.sents[toks[lo].sent].heading
	for k := hi - 2; k >= lo; k-- {
		if k == lo && hi-lo == 2 && toks[k].base == "general" && !strings.HasSuffix(toks[k].text, ".") {
			break // "General Mills", but "Gen. Milley"
		}
		if a.titleWord(k) {
			r.name = k + 1
			for m := lo; m <= k; m++ {
				if a.titleWord(m) {
					r.titles = append(r.titles, toks[m].base)
				}
			}
			break
		}
	}
	r.ext = a.extend(hi)
	if r.ext > hi && toks[r.ext-1].text == ")" {
		r.native = a.nativeName(hi+1, r.ext-1)
	}
	for k := r.name; k < hi; k++ {
		r.folds = append(r.folds, a.fold(toks[k].name))
	}
	r.key = strings.Join(r.folds, " ")
	r.kind = a.classify(&r)
	idx := len(a.runs)
	for k := lo; k < hi; k++ {
		toks[k].run = idx
	}
	if r.ext > hi {
		a.extEnd[r.ext-1] = idx
	}
	a.runs = append(a.runs, r)
}

// titleWord reports whether token k, inside a capitalised run, is a
// title, an office or a profession written before a name: "Mayor",
// "Councilmember", "Tan Sri", "Forecaster" in "Forecaster Jean-Luc
// Moreau".
func (a *Analysis) titleWord(k int) bool {
	b := a.toks[k].base
	switch {
	case isTitle(b) || profession(b):
		return true
	case b == "sri": // "Tan Sri", "Dato' Sri"; "Sri" alone is also a given name
		return k > 0 && (a.toks[k-1].base == "tan" || a.toks[k-1].base == "dato" || a.toks[k-1].base == "datuk")
	}
	return false
}

// extend returns the token after a name that ends before token i and the
// words that may follow it without being part of it: post-nominal letters
// ("Hugh Sinclair KC") and a short parenthesis ("Takeshi Mori (森武)",
// "Sen. Ann Doe (D-Vt.)").
func (a *Analysis) extend(i int) int {
	toks := a.toks
	for i < len(toks) && toks[i].kind == tWord && toks[i].cap && isPostNominal(strings.ToLower(strings.TrimSuffix(toks[i].name, "."))) &&
		a.adjacent(i-1, i) && (isAcronym(toks[i].name) || strings.HasSuffix(toks[i].text, ".")) {
		i++
	}
	if i+2 < len(toks) && toks[i].text == "(" && toks[i].sent == toks[i-1].sent {
		for k := i + 1; k < len(toks) && k <= i+7 && toks[k].sent == toks[i].sent; k++ {
			if t := &toks[k]; t.text == ")" {
				if k > i+1 {
					return k + 1
				}
				break
			} else if t.kind != tWord && t.text != "-" && t.text != "." && t.text != "," && t.text != "’" && t.text != "'" {
				break
			} else if t.kind == tWord && speechVerb(t.base) {
				break
			}
		}
	}
	return i
}

// nativeName returns the words of tokens [lo, hi) when they are written in
// a script without letter case, as a name given in its own script in
// parentheses ("Kim Jong Un (김정은)"), or "".
func (a *Analysis) nativeName(lo, hi int) string {
	if lo >= hi {
		return ""
	}
	for k := lo; k < hi; k++ {
		for _, r := range a.toks[k].text {
			if unicode.IsLetter(r) && (unicode.IsUpper(r) || unicode.IsLower(r)) {
				return ""
			}
		}
	}
	return string(a.rs[a.toks[lo].start:a.toks[hi-1].end])
}

// runEndingAt returns the run of a name that ends at token j, counting the
// words extend adds, or -1.
func (a *Analysis) runEndingAt(j int) int {
	if j < 0 || j >= len(a.toks) {
		return -1
	}
	if ri, ok := a.extEnd[j]; ok {
		return ri
	}
	if ri := a.toks[j].run; ri >= 0 && a.runs[ri].hi-1 == j && a.runs[ri].ext == j+1 {
		return ri
	}
	return -1
}

// classify tells names from titles, organisations and places.
func (a *Analysis) classify(r *nameRun) runKind {
	toks := a.toks
	if r.name == r.lo && isTitle(toks[r.hi-1].base) {
		return rkTitle
	}
	the := r.lo > 0 && a.adjacent(r.lo-1, r.lo) && toks[r.lo-1].base == "the"
	if the && len(r.folds) == 1 && r.name == r.lo && demonym(r.folds[0]) {
		return rkTitle // "the Spaniard said": a description of a person
	}
	for _, t := range r.titles {
		if isHonorific(t) {
			return rkName // "Dr. Howard Banks"
		}
	}
	soft := false
	for k, f := range r.folds {
		if isOrgWord(f) && surnameOrgWord(f) {
			soft = soft || k == len(r.folds)-1 && k > 0 // "Stuart Hall" maybe, "Park Ji-sung" never
			continue
		}
		if isOrgWord(f) || isAcronym(toks[r.name+k].name) {
			return rkOrg
		}
		if isPlaceWord(f) {
			return rkPlace
		}
	}
	if soft {
		r.soft = true
		return rkOrg
	}
	if len(r.folds) > 1 && isPlaceSuffix(r.folds[len(r.folds)-1]) {
		return rkPlace // "Jackson Avenue"
	}
	if len(r.folds) > 1 && isPlaceStart(r.folds[0]) || placePhrase(r.key) {
		return rkPlace
	}
	if len(r.titles) == 0 && the {
		return rkOrg // the Pentagon, the Korea Institute
	}
	return rkName
}

// fold folds a name word for matching, caching the result.
func (a *Analysis) fold(s string) string {
	if f, ok := a.folds[s]; ok {
		return f
	}
	f := annotate.Fold(s)
	a.folds[s] = f
	return f
}

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
