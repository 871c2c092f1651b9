package textdiff

import (
	"fmt"
	"slices"
	"sort"

	"marginalia/annotate"
)

// Op is what a run of a diff does.
type Op uint8

// The operations of a run.
const (
	Equal  Op = iota // in both texts
	Delete           // only in the old text
	Insert           // only in the new text
)

var opNames = [...]string{Equal: "equal", Delete: "delete", Insert: "insert"}

// String returns "equal", "delete" or "insert".
func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return fmt.Sprintf("op(%d)", o)
}

// MarshalText encodes the op as its name.
func (o Op) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText decodes an op's name.
func (o *Op) UnmarshalText(b []byte) error {
	if i := slices.Index(opNames[:], string(b)); i >= 0 {
		*o = Op(i)
		return nil
	}
	return fmt.Errorf("textdiff: unknown op %q", b)
}

// Run is one stretch of a diff. Old and New are rune ranges of the old
// and new text; an Insert's Old and a Delete's New are empty ranges that
// say where the run sits in the other text. An Equal run's two ranges
// hold the same text.
//
// Move is 0, or, for a Delete and the Insert holding the same text
// elsewhere, the number both carry: the block moved.
type Run struct {
	Op   Op            `json:"op"`
	Old  annotate.Span `json:"old"`
	New  annotate.Span `json:"new"`
	Move int           `json:"move,omitempty"`
}

// Hunk is one change: the consecutive non-equal runs Runs[First:End]
// between two equal ones. Old and New cover the text they remove and
// add; either is empty (a position) for a pure insertion or deletion.
type Hunk struct {
	Old   annotate.Span `json:"old"`
	New   annotate.Span `json:"new"`
	First int           `json:"first"`
	End   int           `json:"end"`
}

// Diff is the word-by-word difference between two texts. It is immutable
// and safe for concurrent use.
type Diff struct {
	old, new *annotate.Text
	runs     []Run
	hunks    []Hunk
	runHunk  []int    // hunk of each run, -1 for equal runs
	oldIdx   []int    // runs with a non-empty Old, in order
	newIdx   []int    // runs with a non-empty New, in order
	moves    [][2]int // moves[id-1]: the Delete and the Insert run of move id
}

// Compare diffs two texts word by word. Offsets in the result are rune
// offsets; the texts are taken as they are (store them normalised, see
// annotate.NormalizeText, so offsets agree with annotations).
func Compare(oldText, newText string) *Diff {
	ra, rb := []rune(oldText), []rune(newText)
	tz := newTokenizer()
	ta, ia, wa := tz.split(ra)
	tb, ib, _ := tz.split(rb)
	posA := func(t int) int {
		if t < len(ta) {
			return int(ta[t].start)
		}
		return len(ra)
	}
	posB := func(t int) int {
		if t < len(tb) {
			return int(tb[t].start)
		}
		return len(rb)
	}
	runeLen := func(isA bool, t0, t1 int) int {
		if isA {
			return posA(t1) - posA(t0)
		}
		return posB(t1) - posB(t0)
	}
	wordsBefore := make([]int, len(wa)+1)
	for i, w := range wa {
		wordsBefore[i+1] = wordsBefore[i]
		if w {
			wordsBefore[i+1]++
		}
	}
	words := func(t0, t1 int) int { return wordsBefore[t1] - wordsBefore[t0] }

	parts := cleanup(diffTokens(ia, ib, len(tz.ids)), runeLen, words)
	parts = slide(parts, ia, ib, classes(ra, ta), classes(rb, tb))
	var changes []part
	for _, p := range parts {
		if !p.equal {
			changes = append(changes, p)
		}
	}
	moves := findMoves(changes, ia, ib, runeLen, words)
	parts, moves = extendMoves(parts, moves, ia, ib, runeLen)
	byB := slices.Clone(moves)
	slices.SortFunc(byB, func(x, y match) int { return x.b0 - y.b0 })
	moveID := make(map[match]int, len(moves))
	for i, m := range moves {
		moveID[m] = i + 1
	}

	d := &Diff{old: annotate.NewText(oldText), new: annotate.NewText(newText), moves: make([][2]int, len(moves))}
	span := func(s, e int) annotate.Span { return annotate.Span{Start: s, End: e} }
	for _, p := range parts {
		if p.equal {
			d.add(Run{Op: Equal, Old: span(posA(p.a0), posA(p.a1)), New: span(posB(p.b0), posB(p.b1))}, -1)
			continue
		}
		h := Hunk{Old: span(posA(p.a0), posA(p.a1)), New: span(posB(p.b0), posB(p.b1)), First: len(d.runs)}
		hi := len(d.hunks)
		at := posB(p.b0)
		cur := p.a0
		for _, m := range moves {
			if m.a0 < p.a0 || m.a0 >= p.a1 {
				continue
			}
			if m.a0 > cur {
				d.add(Run{Op: Delete, Old: span(posA(cur), posA(m.a0)), New: span(at, at)}, hi)
			}
			id := moveID[m]
			d.moves[id-1][0] = len(d.runs)
			d.add(Run{Op: Delete, Old: span(posA(m.a0), posA(m.a0+m.n)), New: span(at, at), Move: id}, hi)
			cur = m.a0 + m.n
		}
		if cur < p.a1 {
			d.add(Run{Op: Delete, Old: span(posA(cur), posA(p.a1)), New: span(at, at)}, hi)
		}
		at = posA(p.a1)
		cur = p.b0
		for _, m := range byB {
			if m.b0 < p.b0 || m.b0 >= p.b1 {
				continue
			}
			if m.b0 > cur {
				d.add(Run{Op: Insert, Old: span(at, at), New: span(posB(cur), posB(m.b0))}, hi)
			}
			id := moveID[m]
			d.moves[id-1][1] = len(d.runs)
			d.add(Run{Op: Insert, Old: span(at, at), New: span(posB(m.b0), posB(m.b0+m.n)), Move: id}, hi)
			cur = m.b0 + m.n
		}
		if cur < p.b1 {
			d.add(Run{Op: Insert, Old: span(at, at), New: span(posB(cur), posB(p.b1))}, hi)
		}
		h.End = len(d.runs)
		d.hunks = append(d.hunks, h)
	}
	return d
}

func classes(rs []rune, toks []token) []uint8 {
	out := make([]uint8, len(toks))
	for i, t := range toks {
		out[i] = boundaryClass(rs, t)
	}
	return out
}

func (d *Diff) add(r Run, hunk int) {
	i := len(d.runs)
	d.runs = append(d.runs, r)
	d.runHunk = append(d.runHunk, hunk)
	if r.Old.Len() > 0 {
		d.oldIdx = append(d.oldIdx, i)
	}
	if r.New.Len() > 0 {
		d.newIdx = append(d.newIdx, i)
	}
}

// Old returns the old text.
func (d *Diff) Old() *annotate.Text { return d.old }

// New returns the new text.
func (d *Diff) New() *annotate.Text { return d.new }

// Runs returns the runs in reading order of both texts: the old-side
// ranges of Equal and Delete runs tile the old text, the new-side ranges
// of Equal and Insert runs tile the new text. The slice is the diff's
// own: do not modify it.
func (d *Diff) Runs() []Run { return d.runs }

// Hunks returns the changes in order. The slice is the diff's own: do not
// modify it.
func (d *Diff) Hunks() []Hunk { return d.hunks }

// Identical reports whether the texts are equal.
func (d *Diff) Identical() bool { return len(d.hunks) == 0 }

// Text returns a run's text: the old text's for Equal and Delete runs,
// the new text's for Insert runs.
func (d *Diff) Text(r Run) string {
	if r.Op == Insert {
		return d.new.Slice(r.New.Start, r.New.End)
	}
	return d.old.Slice(r.Old.Start, r.Old.End)
}

// Partner returns, for run i of a moved block, the index of the run on
// the other side of the move.
func (d *Diff) Partner(i int) (int, bool) {
	if i < 0 || i >= len(d.runs) || d.runs[i].Move == 0 {
		return 0, false
	}
	pair := d.moves[d.runs[i].Move-1]
	if pair[0] == i {
		return pair[1], true
	}
	return pair[0], true
}

// HunkOf returns the index in Hunks of the hunk run i belongs to; false
// for an equal run.
func (d *Diff) HunkOf(i int) (int, bool) {
	if i < 0 || i >= len(d.runs) || d.runHunk[i] < 0 {
		return 0, false
	}
	return d.runHunk[i], true
}

// Stats counts the runes a diff changes.
type Stats struct {
	Hunks    int `json:"hunks"`
	Inserted int `json:"inserted"` // runes only in the new text, not moved
	Deleted  int `json:"deleted"`  // runes only in the old text, not moved
	Moved    int `json:"moved"`    // runes of moved blocks
}

// Stats returns the diff's counts.
func (d *Diff) Stats() Stats {
	s := Stats{Hunks: len(d.hunks)}
	for _, r := range d.runs {
		switch {
		case r.Op == Delete && r.Move != 0:
			s.Moved += r.Old.Len()
		case r.Op == Delete:
			s.Deleted += r.Old.Len()
		case r.Op == Insert && r.Move == 0:
			s.Inserted += r.New.Len()
		}
	}
	return s
}

// RunAt returns the index of the run whose old range holds old offset p
// (an Equal or Delete run); false when p is outside the old text.
func (d *Diff) RunAt(p int) (int, bool) {
	k := sort.Search(len(d.oldIdx), func(k int) bool { return d.runs[d.oldIdx[k]].Old.End > p })
	if k == len(d.oldIdx) || p < 0 {
		return 0, false
	}
	return d.oldIdx[k], true
}

// runEndingAt returns the run whose old range holds the rune before p.
func (d *Diff) runEndingAt(p int) (int, bool) {
	if p <= 0 {
		return 0, false
	}
	return d.RunAt(p - 1)
}

// MapStart maps old offset p, taken as the start of a range, to the new
// text: through an equal run or a moved block exactly, and from inside
// deleted text to the start of the hunk that replaced it.
func (d *Diff) MapStart(p int) int {
	i, ok := d.RunAt(p)
	if !ok {
		if p <= 0 {
			return 0
		}
		return d.new.Len()
	}
	return d.mapIn(i, p, true)
}

// MapEnd maps old offset p, taken as the (exclusive) end of a range, to
// the new text: through an equal run or a moved block exactly, and from
// inside deleted text to the end of the hunk that replaced it.
func (d *Diff) MapEnd(p int) int {
	i, ok := d.runEndingAt(p)
	if !ok {
		if p <= 0 {
			return 0
		}
		return d.new.Len()
	}
	return d.mapIn(i, p, false)
}

func (d *Diff) mapIn(i, p int, start bool) int {
	r := d.runs[i]
	if r.Op == Equal {
		return r.New.Start + p - r.Old.Start
	}
	if j, ok := d.Partner(i); ok {
		return d.runs[j].New.Start + p - r.Old.Start
	}
	h := d.hunks[d.runHunk[i]]
	if start {
		return h.New.Start
	}
	return h.New.End
}

// Map maps an old range to the new text with MapStart and MapEnd; false
// when nothing of it is left.
func (d *Diff) Map(s annotate.Span) (annotate.Span, bool) {
	m := annotate.Span{Start: d.MapStart(s.Start), End: d.MapEnd(s.End)}
	return m, m.End > m.Start
}

// Touching returns the hunks that change old range s: those removing
// text inside it or inserting text strictly inside it. This is how "a
// claim you marked was reworded" is found.
func (d *Diff) Touching(s annotate.Span) []Hunk {
	var out []Hunk
	k := sort.Search(len(d.hunks), func(k int) bool { return d.hunks[k].Old.End >= s.Start })
	for ; k < len(d.hunks); k++ {
		h := d.hunks[k]
		if h.Old.Start >= s.End {
			break
		}
		if h.Old.Len() > 0 && h.Old.Start < s.End && s.Start < h.Old.End ||
			h.Old.Len() == 0 && s.Start < h.Old.Start && h.Old.Start < s.End {
			out = append(out, h)
		}
	}
	return out
}

// Sources returns the ranges of the old text that new range s came from:
// its unchanged text and its moved blocks, in the order they appear in
// s. Inserted text has no source.
func (d *Diff) Sources(s annotate.Span) []annotate.Span {
	var out []annotate.Span
	k := sort.Search(len(d.newIdx), func(k int) bool { return d.runs[d.newIdx[k]].New.End > s.Start })
	for ; k < len(d.newIdx); k++ {
		i := d.newIdx[k]
		r := d.runs[i]
		if r.New.Start >= s.End {
			break
		}
		from := r.Old.Start
		if r.Op == Insert {
			j, ok := d.Partner(i)
			if !ok {
				continue
			}
			from = d.runs[j].Old.Start
		}
		a, b := max(s.Start, r.New.Start), min(s.End, r.New.End)
		out = append(out, annotate.Span{Start: from + a - r.New.Start, End: from + b - r.New.Start})
	}
	return out
}
