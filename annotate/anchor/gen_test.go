package anchor

// The benchmark's article generator: articles recombined from real
// sentences, annotations on them, random edits, and the ground truth of
// where each annotated passage ends up, taken from the edits themselves
// (every rune of the edited text remembers the old offset it came from).

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"marginalia/annotate"
)

// poolFiles are the texts the sentence pool is drawn from (paths relative
// to this package; the shared fixtures are outside the repository).
var poolFiles = []string{
	"../attrib/testdata/*.txt",
	"../related/testdata/*.txt",
	"../../assets/sample.md",
	"../../../shared/fixtures/articles/*.txt",
}

// loadPool returns the distinct sentences of at least six words in the
// pool files, in a fixed order.
func loadPool(tb testing.TB) []string {
	tb.Helper()
	var files []string
	for _, g := range poolFiles {
		m, err := filepath.Glob(g)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, m...)
	}
	slices.Sort(files)
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, para := range strings.Split(annotate.NormalizeText(string(b)), "\n\n") {
			para = strings.Join(strings.Fields(para), " ")
			if strings.HasPrefix(para, "#") || strings.HasPrefix(para, "*") {
				continue
			}
			for _, s := range splitSentences(para) {
				if len(strings.Fields(s)) >= 6 && !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
	if len(out) < 200 {
		tb.Fatalf("sentence pool has %d sentences; want at least 200", len(out))
	}
	return out
}

// splitSentences cuts a paragraph after . ! ? (and closing quotation
// marks) followed by a space and a capital letter or opening quotation
// mark.
func splitSentences(p string) []string {
	rs := []rune(p)
	var out []string
	start := 0
	for i := 0; i < len(rs); i++ {
		if !strings.ContainsRune(".!?", rs[i]) {
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune("\"”’)", rs[j]) {
			j++
		}
		if j+1 < len(rs) && rs[j] == ' ' && (unicode.IsUpper(rs[j+1]) || strings.ContainsRune("\"“‘", rs[j+1])) {
			out = append(out, string(rs[start:j]))
			start = j + 1
			i = j
		}
	}
	if start < len(rs) {
		out = append(out, string(rs[start:]))
	}
	return out
}

// article is a generated article and its annotations.
type article struct {
	text string
	anns []annotate.Span
	used map[string]bool // sentences in it, never inserted again
}

// genArticle recombines pool sentences, without repeating one, into
// paragraphs of one to four sentences until the text reaches size runes,
// then marks n passages.
func genArticle(rng *rand.Rand, pool []string, size, n int) article {
	order := rng.Perm(len(pool))
	used := map[string]bool{}
	var paras []string
	length := 0
	for len(order) > 0 && length < size {
		k := min(len(order), 1+rng.IntN(4))
		var ss []string
		for _, i := range order[:k] {
			ss = append(ss, pool[i])
			used[pool[i]] = true
		}
		order = order[k:]
		p := strings.Join(ss, " ")
		paras = append(paras, p)
		length += annotate.RuneLen(p) + 2
	}
	a := article{text: strings.Join(paras, "\n\n"), used: used}
	rs := []rune(a.text)
	for range n {
		a.anns = append(a.anns, genSpan(rng, rs))
	}
	return a
}

// genSpan picks a passage inside one paragraph, word-aligned: a whole
// sentence, a phrase of a sentence, two or three sentences, or one to
// three words.
func genSpan(rng *rand.Rand, rs []rune) annotate.Span {
	paras := paragraphs(rs)
	p := paras[rng.IntN(len(paras))]
	sents := sentences(rs, p)
	si := rng.IntN(len(sents))
	s := sents[si]
	words := wordChunks(rs, s)
	switch k := rng.IntN(100); {
	case k < 35:
		return s
	case k < 70 && len(words) > 3:
		l := 3 + rng.IntN(min(13, len(words)-2))
		i := rng.IntN(len(words) - l + 1)
		return annotate.Span{Start: words[i].Start, End: words[i+l-1].End}
	case k < 85 && si+1 < len(sents):
		e := min(len(sents)-1, si+1+rng.IntN(2))
		return annotate.Span{Start: s.Start, End: sents[e].End}
	default:
		l := 1 + rng.IntN(min(3, len(words)))
		i := rng.IntN(len(words) - l + 1)
		return annotate.Span{Start: words[i].Start, End: words[i+l-1].End}
	}
}

// paragraphs returns the spans of rs between blank lines.
func paragraphs(rs []rune) []annotate.Span {
	var out []annotate.Span
	start := 0
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == '\n' && rs[i+1] == '\n' {
			out = append(out, annotate.Span{Start: start, End: i})
			start = i + 2
			i++
		}
	}
	return append(out, annotate.Span{Start: start, End: len(rs)})
}

// sentences returns the sentences of paragraph p, without the spaces
// between them.
func sentences(rs []rune, p annotate.Span) []annotate.Span {
	var out []annotate.Span
	start := p.Start
	for i := p.Start; i < p.End; i++ {
		if !strings.ContainsRune(".!?", rs[i]) {
			continue
		}
		j := i + 1
		for j < p.End && strings.ContainsRune("\"”’)", rs[j]) {
			j++
		}
		if j+1 < p.End && rs[j] == ' ' && (unicode.IsUpper(rs[j+1]) || strings.ContainsRune("\"“‘", rs[j+1])) {
			out = append(out, annotate.Span{Start: start, End: j})
			start = j + 1
			i = j
		}
	}
	if start < p.End {
		out = append(out, annotate.Span{Start: start, End: p.End})
	}
	return out
}

// wordChunks returns the runs of non-space runes in s.
func wordChunks(rs []rune, s annotate.Span) []annotate.Span {
	var out []annotate.Span
	for i := s.Start; i < s.End; {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		j := i
		for j < s.End && !unicode.IsSpace(rs[j]) {
			j++
		}
		out = append(out, annotate.Span{Start: i, End: j})
		i = j
	}
	return out
}

// letterRuns returns the runs of two or more letters in rs[s].
func letterRuns(rs []rune, s annotate.Span) []annotate.Span {
	var out []annotate.Span
	for i := s.Start; i < s.End; {
		if !unicode.IsLetter(rs[i]) {
			i++
			continue
		}
		j := i
		for j < s.End && unicode.IsLetter(rs[j]) {
			j++
		}
		if j-i >= 2 {
			out = append(out, annotate.Span{Start: i, End: j})
		}
		i = j
	}
	return out
}

// doc is a text being edited: each rune remembers its offset in the
// original text, or -1 if an edit put it there.
type doc struct {
	r []rune
	o []int32
}

func newDoc(text string) *doc {
	d := &doc{r: []rune(text)}
	d.o = make([]int32, len(d.r))
	for i := range d.o {
		d.o[i] = int32(i)
	}
	return d
}

// replace puts ins (new runes) in place of [s, e). The new runes
// replace the first old one: they belong to a passage that rune belonged
// to, as "lawmakers" in place of "harbour" belongs to "harbour authority
// had never complained", without surviving from it.
func (d *doc) replace(s, e int, ins string) {
	rs := []rune(ins)
	os := make([]int32, len(rs))
	for i := range os {
		os[i] = -1
		switch {
		case s < e && d.o[s] >= 0:
			os[i] = -2 - d.o[s]
		case s < e:
			os[i] = d.o[s] // a replacement of a replacement
		}
	}
	d.r = slices.Concat(d.r[:s:s], rs, d.r[e:])
	d.o = slices.Concat(d.o[:s:s], os, d.o[e:])
}

// move cuts [s, e) and pastes it at offset to (in the text before the
// cut), keeping its origins.
func (d *doc) move(s, e, to int) {
	r, o := slices.Clone(d.r[s:e]), slices.Clone(d.o[s:e])
	d.r = slices.Delete(d.r, s, e)
	d.o = slices.Delete(d.o, s, e)
	if to > s {
		to -= e - s
	}
	d.r = slices.Insert(d.r, to, r...)
	d.o = slices.Insert(d.o, to, o...)
}

// The kinds of edit, with their weights.
var editKinds = []struct {
	name   string
	weight int
}{
	{"substitute word", 22},
	{"insert sentence", 14},
	{"delete sentence", 14},
	{"move paragraph", 10},
	{"reword highlight", 20},
	{"white space", 10},
	{"punctuation", 10},
}

// edit applies one random edit. anns are the original annotations, used
// to aim rewording at highlighted passages.
func (d *doc) edit(rng *rand.Rand, pool []string, used map[string]bool, vocab []string, anns []annotate.Span) {
	total := 0
	for _, k := range editKinds {
		total += k.weight
	}
	pick := rng.IntN(total)
	kind := 0
	for ; pick >= editKinds[kind].weight; kind++ {
		pick -= editKinds[kind].weight
	}
	paras := paragraphs(d.r)
	whole := annotate.Span{Start: 0, End: len(d.r)}
	switch editKinds[kind].name {
	case "substitute word":
		d.substitute(rng, letterRuns(d.r, whole), vocab)
	case "insert sentence":
		s := unusedSentence(rng, pool, used)
		if rng.IntN(3) == 0 {
			i := rng.IntN(len(paras) + 1)
			if i == len(paras) {
				d.replace(len(d.r), len(d.r), "\n\n"+s)
			} else {
				d.replace(paras[i].Start, paras[i].Start, s+"\n\n")
			}
			return
		}
		p := paras[rng.IntN(len(paras))]
		ss := sentences(d.r, p)
		i := rng.IntN(len(ss) + 1)
		if i == len(ss) {
			d.replace(p.End, p.End, " "+s)
		} else {
			d.replace(ss[i].Start, ss[i].Start, s+" ")
		}
	case "delete sentence":
		pi := rng.IntN(len(paras))
		p := paras[pi]
		ss := sentences(d.r, p)
		i := rng.IntN(len(ss))
		switch {
		case len(ss) > 1 && i+1 < len(ss):
			d.replace(ss[i].Start, ss[i+1].Start, "")
		case len(ss) > 1:
			d.replace(ss[i-1].End, ss[i].End, "")
		case len(paras) == 1:
			return
		case pi+1 < len(paras):
			d.replace(p.Start, paras[pi+1].Start, "")
		default:
			d.replace(paras[pi-1].End, p.End, "")
		}
	case "move paragraph":
		if len(paras) < 3 {
			return
		}
		i := rng.IntN(len(paras) - 1) // never the last: it has no "\n\n" after it
		j := rng.IntN(len(paras))
		if j == i || j == i+1 {
			return
		}
		d.move(paras[i].Start, paras[i+1].Start, paras[j].Start)
	case "reword highlight":
		span := d.current(anns[rng.IntN(len(anns))])
		if span.Len() == 0 {
			return
		}
		words := letterRuns(d.r, span)
		if len(words) == 0 {
			return
		}
		w := words[rng.IntN(len(words))]
		switch rng.IntN(4) {
		case 0:
			if w.End < len(d.r) && d.r[w.End] == ' ' && w.Start > span.Start {
				d.replace(w.Start, w.End+1, "") // delete a word
				return
			}
			d.substitute(rng, []annotate.Span{w}, vocab)
		case 1:
			d.replace(w.Start, w.Start, vocab[rng.IntN(len(vocab))]+" ")
		default:
			d.substitute(rng, []annotate.Span{w}, vocab)
		}
	case "white space":
		var spaces []int
		for i := 1; i+1 < len(d.r); i++ {
			if d.r[i] == ' ' && !unicode.IsSpace(d.r[i-1]) && !unicode.IsSpace(d.r[i+1]) {
				spaces = append(spaces, i)
			}
		}
		if len(spaces) == 0 {
			return
		}
		i := spaces[rng.IntN(len(spaces))]
		if rng.IntN(2) == 0 {
			d.replace(i+1, i+1, " ")
		} else {
			d.replace(i, i+1, "\n")
		}
	case "punctuation":
		var marks []int
		for i, r := range d.r {
			if strings.ContainsRune(",;\"“”'’", r) {
				marks = append(marks, i)
			}
		}
		if len(marks) == 0 {
			return
		}
		i := marks[rng.IntN(len(marks))]
		swap := map[rune]string{',': ";", ';': ",", '"': "“", '“': `"`, '”': `"`, '\'': "’", '’': "'"}
		if d.r[i] == ',' && rng.IntN(2) == 0 {
			d.replace(i, i+1, "")
			return
		}
		d.replace(i, i+1, swap[d.r[i]])
	}
}

func (d *doc) substitute(rng *rand.Rand, words []annotate.Span, vocab []string) {
	if len(words) == 0 {
		return
	}
	w := words[rng.IntN(len(words))]
	old := string(d.r[w.Start:w.End])
	for {
		if v := vocab[rng.IntN(len(vocab))]; !strings.EqualFold(v, old) {
			d.replace(w.Start, w.End, v)
			return
		}
	}
}

func unusedSentence(rng *rand.Rand, pool []string, used map[string]bool) string {
	for {
		s := pool[rng.IntN(len(pool))]
		if !used[s] {
			used[s] = true
			return s
		}
	}
}

// vocabulary returns the distinct words of three or more letters in the
// pool.
func vocabulary(pool []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range pool {
		rs := []rune(s)
		for _, w := range letterRuns(rs, annotate.Span{Start: 0, End: len(rs)}) {
			if v := string(rs[w.Start:w.End]); w.Len() >= 3 && !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// replaced returns the old offset a rune origin o survives from or
// replaces.
func replaced(o int32) int {
	if o <= -2 {
		return int(-2 - o)
	}
	return int(o)
}

// current returns where the passage old is now: from its first to its
// last rune that survives from it or replaces one of it, or an empty
// span if none survives.
func (d *doc) current(old annotate.Span) annotate.Span {
	first, last := -1, -1
	for i, o := range d.o {
		if r := replaced(o); r >= old.Start && r < old.End {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return annotate.Span{}
	}
	return annotate.Span{Start: first, End: last + 1}
}

// survives reports whether any rune of old survives.
func (d *doc) survives(old annotate.Span) bool {
	for _, o := range d.o {
		if int(o) >= old.Start && int(o) < old.End {
			return true
		}
	}
	return false
}

// truth is where an annotated passage truly is after the edits.
type truth struct {
	span    annotate.Span // first to last surviving rune; empty if none
	deleted float64       // fraction of the passage's runes deleted
	changed float64       // (deleted + inserted inside) / passage length
}

func (d *doc) truth(old annotate.Span) truth {
	t := truth{span: d.current(old)}
	n := float64(old.Len())
	surv, inserted := 0, 0
	if !d.survives(old) {
		return truth{deleted: 1, changed: 1}
	}
	for i := t.span.Start; i < t.span.End; i++ {
		if o := int(d.o[i]); o >= old.Start && o < old.End {
			surv++
		} else {
			inserted++
		}
	}
	t.deleted = 1 - float64(surv)/n
	t.changed = (n - float64(surv) + float64(inserted)) / n
	return t
}
