package attrib

import (
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
