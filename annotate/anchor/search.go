package anchor

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"marginalia/annotate"
	"marginalia/annotate/textdiff"
)

const (
	maxExact     = 500 // exact occurrences examined; more is ambiguous
	maxFuzzy     = 4   // approximate candidates examined
	maxOrphanHit = 3   // candidates an orphan reports
	// Scores weigh the quote 50, prefix and suffix 20 each and position 2,
	// as Hypothesis does.
	wQuote, wContext, wPos = 50.0, 20.0, 2.0
)

// searcher finds quotes in one text, the new one.
type searcher struct {
	text  *annotate.Text
	runes []rune
	f     *folded
	diff  *textdiff.Diff // nil when there is no old text
	opts  Options
}

func newSearcher(t *annotate.Text, d *textdiff.Diff, opts Options) searcher {
	return searcher{text: t, runes: []rune(t.String()), f: fold(t.String()), diff: d, opts: opts.withDefaults()}
}

// cand is a candidate place: folded range [i0, i1), its span in the text
// and its scores.
type cand struct {
	i0, i1 int
	span   annotate.Span
	dist   int
	qsim   float64 // quote similarity
	ev     float64 // evidence: quote length plus agreeing context runes
	score  float64
}

func (s *searcher) placed(m Method, span annotate.Span, old annotate.Quote, conf float64) Result {
	nq, _ := s.text.QuoteAt(span)
	return Result{Method: m, Span: span, Quote: nq, Changed: nq.Exact != old.Exact, Confidence: conf}
}

// mapped maps span through the diff. An end inside replaced text may go
// to either end of its hunk; the pair whose text is closest to the quote
// wins, if it is similar enough.
func (s *searcher) mapped(span annotate.Span, q annotate.Quote) (Result, bool) {
	fq := foldString(q.Exact)
	if len(fq) == 0 {
		return Result{}, false
	}
	d := s.diff
	ends := func(i int, ok bool, first int) []int {
		out := []int{first}
		if !ok {
			return out
		}
		if r := d.Runs()[i]; r.Op == textdiff.Delete && r.Move == 0 {
			h, _ := d.HunkOf(i)
			hk := d.Hunks()[h]
			out = append(out, hk.New.Start, hk.New.End)
		}
		return out
	}
	i, ok := d.RunAt(span.Start)
	starts := ends(i, ok, d.MapStart(span.Start))
	j, ok := d.RunAt(span.End - 1)
	stops := ends(j, ok, d.MapEnd(span.End))
	maxErr := int(float64(len(fq)) * (1 - s.mappedMin(len(fq))))
	bp := newBitPattern(fq)
	best, bestDist := annotate.Span{}, math.MaxInt
	for _, a := range starts {
		for _, b := range stops {
			if b <= a || (annotate.Span{Start: a, End: b}) == best {
				continue
			}
			w := s.f.r[s.f.at[a]:s.f.at[b]]
			if abs(len(w)-len(fq)) > maxErr {
				continue
			}
			if dist := bp.distance(w); dist < bestDist {
				best, bestDist = annotate.Span{Start: a, End: b}, dist
			}
		}
	}
	if bestDist > maxErr {
		return Result{}, false
	}
	best = s.trimSpace(best, q.Exact)
	// The passage became, at most, everything from the earliest start to
	// the latest end: a placement that is less than half of that is a
	// fragment (a short passage whose replaced word was left out), not
	// the passage.
	wide := s.trimSpace(annotate.Span{Start: slices.Min(starts), End: slices.Max(stops)}, q.Exact)
	if overlap(best, wide) < 0.5 || s.foreign(best, span) {
		return Result{}, false
	}
	return s.placed(Mapped, best, q, 1-float64(bestDist)/float64(len(fq))), true
}

// foreign reports whether most of candidate span c came, unchanged or
// moved, from old text outside the annotation's old span home: then it
// is another passage that happens to read the same.
func (s *searcher) foreign(c, home annotate.Span) bool {
	if s.diff == nil || home.Len() == 0 {
		return false
	}
	other := 0
	for _, src := range s.diff.Sources(c) {
		in := max(0, min(src.End, home.End)-max(src.Start, home.Start))
		other += src.Len() - in
	}
	return 2*other > c.Len()
}

// own returns where the surviving text of old span home is in the new
// text, by the diff: its unchanged and moved parts.
func (s *searcher) own(home annotate.Span) []annotate.Span {
	if s.diff == nil || home.Len() == 0 {
		return nil
	}
	var out []annotate.Span
	runs := s.diff.Runs()
	i, ok := s.diff.RunAt(home.Start)
	for ; ok && i < len(runs) && runs[i].Old.Start < home.End; i++ {
		r := runs[i]
		if r.Old.Len() == 0 || r.Op == textdiff.Delete && r.Move == 0 {
			continue
		}
		to := r.New.Start
		if r.Op == textdiff.Delete {
			j, _ := s.diff.Partner(i)
			to = runs[j].New.Start
		}
		a, b := max(home.Start, r.Old.Start), min(home.End, r.Old.End)
		out = append(out, annotate.Span{Start: to + a - r.Old.Start, End: to + b - r.Old.Start})
	}
	return out
}

// leavesOut reports whether candidate c leaves out a word of the
// passage's surviving text: then c is a fragment of a passage the diff
// already judged (split by an insertion, or mostly rewritten), not a
// place of its own.
func (s *searcher) leavesOut(c annotate.Span, own []annotate.Span) bool {
	for _, o := range own {
		for _, part := range [2]annotate.Span{{Start: o.Start, End: min(o.End, c.Start)}, {Start: max(o.Start, c.End), End: o.End}} {
			for p := part.Start; p < part.End; p++ {
				if isWord(s.runes[p]) {
					return true
				}
			}
		}
	}
	return false
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// find searches for q: its exact (folded) occurrences, else approximate
// matches. With an old text, home is the annotation's old span: a
// candidate made mostly of other old passages, or leaving out a word
// that survives of this one, is dropped. The best candidate is accepted
// only when clearly right.
func (s *searcher) find(q annotate.Quote, expected int, home annotate.Span) Result {
	fq := foldString(q.Exact)
	orphan := Result{Quote: q}
	if len(fq) == 0 {
		orphan.Reason = "the quote has no visible characters"
		return orphan
	}
	starts, more := s.f.indexAll(string(fq), maxExact)
	if more {
		orphan.Reason = fmt.Sprintf("the quote occurs more than %d times", maxExact)
		return orphan
	}
	own := s.own(home)
	bp := newBitPattern(fq)
	keep := func(c cand) bool {
		return !s.foreign(c.span, home) && !s.leavesOut(c.span, own)
	}
	var cands []cand
	for _, st := range starts {
		c := cand{i0: st, i1: st + len(fq)}
		if s.finish(&c, q, bp); keep(c) {
			cands = append(cands, c)
		}
	}
	method := Quote
	if len(cands) == 0 && len(fq) >= s.opts.ShortQuote {
		method = Fuzzy
		for _, c := range s.approximate(fq) {
			if s.finish(&c, q, bp); keep(c) {
				cands = append(cands, c)
			}
		}
	}
	slices.SortFunc(cands, func(a, b cand) int { return cmp.Or(a.span.Start-b.span.Start, a.span.End-b.span.End) })
	cands = slices.CompactFunc(cands, func(a, b cand) bool { return a.span == b.span })
	if len(cands) == 0 {
		orphan.Reason = "the quote was not found"
		return orphan
	}
	pre, suf := foldString(q.Prefix), foldString(q.Suffix)
	var preP, sufP *bitPattern
	if len(pre) > 0 {
		preP = newBitPattern(pre)
	}
	if len(suf) > 0 {
		sufP = newBitPattern(suf)
	}
	for k := range cands {
		s.score(&cands[k], len(fq), preP, sufP, expected)
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(b.score, a.score) })
	best := cands[0]
	second := 0.0
	if len(cands) > 1 {
		second = cands[1].score
	}
	switch {
	case best.qsim < s.opts.MinSimilarity:
		orphan.Reason = fmt.Sprintf("the closest text is only %.0f%% similar", 100*best.qsim)
	case len(fq) < s.opts.ShortQuote && best.dist > 0:
		orphan.Reason = "a short quote that is not there as it was"
	case best.ev < s.opts.MinEvidence && !(len(pre) == 0 && len(suf) == 0 && len(cands) == 1 && best.dist == 0):
		// A quote given with no context at all (W3C and other tools'
		// files often leave it out) is placed where it occurs exactly
		// and only there: nothing around it can disagree.
		orphan.Reason = "too short a match for a context that does not match"
	case best.score-second < s.opts.MinMargin:
		orphan.Reason = fmt.Sprintf("%d places match about equally well", len(cands))
	default:
		if best.dist > 0 {
			method = Fuzzy
		}
		return s.placed(method, best.span, q, best.score)
	}
	for _, c := range cands[:min(len(cands), maxOrphanHit)] {
		orphan.Candidates = append(orphan.Candidates, Candidate{Span: c.span, Score: c.score})
	}
	return orphan
}

// finish sets c.span from its folded range. A candidate that begins or
// ends inside a word, where the quote began or ended at a word boundary,
// is moved to the nearer word boundary that keeps it closest to the
// quote (so "Salm[an never]" cannot stand for "and I never"). Then the
// white space the quote begins or ends with is taken back.
func (s *searcher) finish(c *cand, q annotate.Quote, bp *bitPattern) {
	c.span = s.f.span(c.i0, c.i1)
	s.snap(c, q, bp)
	c.span = s.trimSpace(c.span, q.Exact)
}

// spaces returns how many white-space runes s begins and ends with.
func spaces(s string) (lead, trail int) {
	rs := []rune(s)
	for lead < len(rs) && unicode.IsSpace(rs[lead]) {
		lead++
	}
	for trail < len(rs)-lead && unicode.IsSpace(rs[len(rs)-1-trail]) {
		trail++
	}
	return lead, trail
}

// trimSpace gives span as much white space at either end as quote has
// there (if the text has it), no more.
func (s *searcher) trimSpace(span annotate.Span, quote string) annotate.Span {
	lead, trail := spaces(quote)
	rs := s.runes
	for span.Len() > 0 && unicode.IsSpace(rs[span.Start]) {
		span.Start++
	}
	for span.Len() > 0 && unicode.IsSpace(rs[span.End-1]) {
		span.End--
	}
	for ; lead > 0 && span.Start > 0 && unicode.IsSpace(rs[span.Start-1]); lead-- {
		span.Start--
	}
	for ; trail > 0 && span.End < len(rs) && unicode.IsSpace(rs[span.End]); trail-- {
		span.End++
	}
	return span
}

// score rates a candidate on its quote (edit distance), prefix, suffix
// and distance from the expected position.
func (s *searcher) score(c *cand, n int, preP, sufP *bitPattern, expected int) {
	c.qsim = 1 - float64(c.dist)/float64(n)
	psim := s.contextSim(preP, c.i0, true)
	ssim := s.contextSim(sufP, c.i1, false)
	c.ev = float64(n - c.dist)
	if preP != nil {
		c.ev += psim * float64(preP.m)
	}
	if sufP != nil {
		c.ev += ssim * float64(sufP.m)
	}
	pos := 0.5
	if expected >= 0 {
		pos = 1 - min(1, math.Abs(float64(c.span.Start-expected))/float64(max(1, len(s.runes))))
	}
	c.score = (wQuote*c.qsim + wContext*psim + wContext*ssim + wPos*pos) / (wQuote + 2*wContext + wPos)
}

// contextSim is how well a prefix (before, ending at folded offset at)
// or a suffix (starting at it) agrees with the text there, in [0, 1]. The
// far end of the context may align anywhere, so text inserted or removed
// next to the quote costs only its own length.
func (s *searcher) contextSim(p *bitPattern, at int, before bool) float64 {
	r := s.f.r
	if p == nil {
		if before && at == 0 || !before && at == len(r) {
			return 1
		}
		return 0.5
	}
	slack := p.m / 4
	var dist int
	if before {
		d := p.distances(r[max(0, at-p.m-slack):at], false)
		dist = int(d[len(d)-1])
	} else {
		d := p.distances(r[at:min(len(r), at+p.m+slack)], true)
		dist = int(slices.Min(d))
	}
	return max(0, 1-float64(dist)/float64(p.m))
}

// approximate returns up to maxFuzzy non-overlapping approximate matches
// of fq, fewest edits first, with at most a little more than the
// acceptance rule allows (so near rivals count against the margin).
func (s *searcher) approximate(fq []rune) []cand {
	n := len(fq)
	maxErr := min(n/2, int(float64(n)*(1-s.opts.MinSimilarity+0.1)))
	d := newBitPattern(fq).distances(s.f.r, false)
	rev := newBitPattern(reversed(fq))
	var out []cand
	blocked := func(j int) bool {
		for _, c := range out {
			if j > c.i0 && j < c.i1+n {
				return true
			}
		}
		return false
	}
	for len(out) < maxFuzzy {
		end := -1
		for j := 1; j < len(d); j++ {
			if int(d[j]) <= maxErr && (end < 0 || d[j] < d[end]) && !blocked(j) {
				end = j
			}
		}
		if end < 0 {
			break
		}
		lo := max(0, end-n-int(d[end]))
		rd := rev.distances(reversed(s.f.r[lo:end]), true)
		l := -1
		for k := range rd {
			if l < 0 || rd[k] < rd[l] || rd[k] == rd[l] && abs(k-n) < abs(l-n) {
				l = k
			}
		}
		out = append(out, cand{i0: end - l, i1: end, dist: int(rd[l])})
	}
	return out
}

// overlap is the intersection of a and b over their union.
func overlap(a, b annotate.Span) float64 {
	in := min(a.End, b.End) - max(a.Start, b.Start)
	if in <= 0 {
		return 0
	}
	return float64(in) / float64(max(a.End, b.End)-min(a.Start, b.Start))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// snap moves a candidate's ends that fall inside a word to a word
// boundary when the quote's own ends were at word boundaries.
func (s *searcher) snap(c *cand, q annotate.Quote, bp *bitPattern) {
	qr := []rune(strings.TrimSpace(q.Exact))
	if len(qr) == 0 {
		return
	}
	rs := s.runes
	inWord := func(p int) bool { return p > 0 && p < len(rs) && isWord(rs[p-1]) && isWord(rs[p]) }
	lastRune := func(x string) rune { r, _ := utf8.DecodeLastRuneInString(x); return r }
	firstRune := func(x string) rune { r, _ := utf8.DecodeRuneInString(x); return r }
	starts := []int{c.span.Start}
	if isWord(qr[0]) && !isWord(lastRune(q.Prefix)) && inWord(c.span.Start) {
		l, r := c.span.Start, c.span.Start
		for l > 0 && isWord(rs[l-1]) {
			l--
		}
		for r < c.span.End && isWord(rs[r]) {
			r++
		}
		for r < c.span.End && !isWord(rs[r]) {
			r++
		}
		starts = []int{l, r}
	}
	ends := []int{c.span.End}
	if isWord(qr[len(qr)-1]) && !isWord(firstRune(q.Suffix)) && inWord(c.span.End) {
		l, r := c.span.End, c.span.End
		for r < len(rs) && isWord(rs[r]) {
			r++
		}
		for l > c.span.Start && isWord(rs[l-1]) {
			l--
		}
		for l > c.span.Start && !isWord(rs[l-1]) {
			l--
		}
		ends = []int{l, r}
	}
	if len(starts) == 1 && len(ends) == 1 {
		return
	}
	best, bestDist := c.span, math.MaxInt
	for _, a := range starts {
		for _, b := range ends {
			if b <= a {
				continue
			}
			if d := bp.distance(s.f.r[s.f.at[a]:s.f.at[b]]); d < bestDist {
				best, bestDist = annotate.Span{Start: a, End: b}, d
			}
		}
	}
	if bestDist == math.MaxInt {
		c.dist = bp.m // nothing left: no similarity
		return
	}
	c.span, c.dist = best, bestDist
	c.i0, c.i1 = int(s.f.at[best.Start]), int(s.f.at[best.End])
}

// mappedMin is the least similarity a mapped span of a quote of n folded
// runes needs: the diff vouches for the place, so a long passage may
// have been reworded more than a search would accept; a short one's
// similarity is too coarse to vouch for anything.
func (s *searcher) mappedMin(n int) float64 {
	if n < s.opts.ShortQuote {
		return s.opts.MinSimilarity
	}
	return s.opts.MinMapped
}
