package attrib

import (
	"slices"

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
	byFirst     []int        // people by first mention, built when needed
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
