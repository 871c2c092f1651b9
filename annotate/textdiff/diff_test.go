package textdiff

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"marginalia/annotate"
)

// checkDiff asserts the invariants every diff keeps: the runs tile both
// texts in order, equal runs and the two sides of a move hold the same
// text, hunks group exactly the non-equal runs, and the texts rebuild.
func checkDiff(t *testing.T, d *Diff, oldText, newText string) {
	t.Helper()
	var oldB, newB strings.Builder
	oldAt, newAt := 0, 0
	old, nw := annotate.NewText(oldText), annotate.NewText(newText)
	inHunk := make([]bool, len(d.Runs()))
	for _, h := range d.Hunks() {
		for i := h.First; i < h.End; i++ {
			inHunk[i] = true
		}
	}
	for i, r := range d.Runs() {
		if r.Old.Start != oldAt || r.New.Start != newAt {
			t.Fatalf("run %d %+v: got start old %d new %d, want %d %d", i, r, r.Old.Start, r.New.Start, oldAt, newAt)
		}
		switch r.Op {
		case Equal:
			if old.Slice(r.Old.Start, r.Old.End) != nw.Slice(r.New.Start, r.New.End) {
				t.Fatalf("equal run %d %+v holds different texts", i, r)
			}
			if inHunk[i] {
				t.Fatalf("equal run %d is in a hunk", i)
			}
		case Delete:
			if r.New.Len() != 0 || r.Old.Len() == 0 {
				t.Fatalf("delete run %d %+v: want an empty new side and a non-empty old side", i, r)
			}
		case Insert:
			if r.Old.Len() != 0 || r.New.Len() == 0 {
				t.Fatalf("insert run %d %+v: want an empty old side and a non-empty new side", i, r)
			}
		}
		if r.Op != Equal && !inHunk[i] {
			t.Fatalf("%v run %d is in no hunk", r.Op, i)
		}
		if j, ok := d.Partner(i); ok {
			if d.Text(r) != d.Text(d.Runs()[j]) || d.Runs()[j].Move != r.Move || j == i {
				t.Fatalf("move %d: runs %d and %d differ", r.Move, i, j)
			}
			if annotate.RuneLen(d.Text(r)) < MinMove {
				t.Fatalf("move %d is %d runes, want >= %d", r.Move, annotate.RuneLen(d.Text(r)), MinMove)
			}
		} else if r.Move != 0 {
			t.Fatalf("run %d has move %d and no partner", i, r.Move)
		}
		if r.Op != Insert {
			oldB.WriteString(old.Slice(r.Old.Start, r.Old.End))
		}
		if r.Op != Delete {
			newB.WriteString(nw.Slice(r.New.Start, r.New.End))
		}
		oldAt, newAt = r.Old.End, r.New.End
	}
	if got := oldB.String(); got != oldText {
		t.Fatalf("old side rebuilds %q, want %q", got, oldText)
	}
	if got := newB.String(); got != newText {
		t.Fatalf("new side rebuilds %q, want %q", got, newText)
	}
	if d.Identical() != (oldText == newText) {
		t.Fatalf("Identical() = %v for %q and %q", d.Identical(), oldText, newText)
	}
}

var words = strings.Fields(`the port strike ended on Monday after three weeks union leaders said
	workers would return tonight minister Ana Peña José Álvarez ÉTÉ naïve café 東京 대한민국 👍🏽
	e\u0301 , . ; “ ” ' — said claimed 40,000 containers 2031 "quoted" (aside)`)

// randomText is paragraphs of random words.
func randomText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			switch rng.IntN(12) {
			case 0:
				b.WriteString("\n\n")
			case 1:
				b.WriteString("  ")
			default:
				b.WriteString(" ")
			}
		}
		b.WriteString(words[rng.IntN(len(words))])
	}
	return b.String()
}

// mutate applies n random word, sentence and block edits to text.
func mutate(rng *rand.Rand, text string, n int) string {
	ws := strings.SplitAfter(text, " ")
	for range n {
		if len(ws) < 4 {
			break
		}
		i := rng.IntN(len(ws))
		switch rng.IntN(5) {
		case 0:
			ws[i] = words[rng.IntN(len(words))] + " "
		case 1:
			ws = append(ws[:i], ws[i+1:]...)
		case 2:
			ws = append(ws[:i], append([]string{words[rng.IntN(len(words))] + " "}, ws[i:]...)...)
		default: // move a block of words
			l := 1 + rng.IntN(min(30, len(ws)-i))
			block := append([]string(nil), ws[i:i+l]...)
			rest := append(append([]string(nil), ws[:i]...), ws[i+l:]...)
			j := rng.IntN(len(rest) + 1)
			ws = append(rest[:j:j], append(block, rest[j:]...)...)
		}
	}
	return strings.Join(ws, "")
}

func TestCompareTilesBothTexts(t *testing.T) {
	tests := []struct{ name, old, new string }{
		{"both empty", "", ""},
		{"from empty", "", "New text."},
		{"to empty", "Old text.", ""},
		{"identical", "Same words here.", "Same words here."},
		{"white space only", "a b\nc", "a  b c"},
		{"combining marks", "cafe\u0301 noir", "café noir"},
		{"emoji and CJK", "東京 👍🏽 fine", "東京 👍 fine"},
		{"repeats", "the the the the", "the the"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDiff(t, Compare(tt.old, tt.new), tt.old, tt.new)
		})
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range 300 {
		old := randomText(rng, 5+rng.IntN(400))
		nw := mutate(rng, old, rng.IntN(30))
		t.Run("random", func(t *testing.T) {
			defer func() {
				if t.Failed() {
					t.Logf("case %d:\nold %q\nnew %q", i, old, nw)
				}
			}()
			checkDiff(t, Compare(old, nw), old, nw)
		})
	}
}

func TestCompareWordByWord(t *testing.T) {
	tests := []struct{ name, old, new, want string }{
		{"substitution", "The port would reopen on Monday.", "The port would reopen on Tuesday.",
			"The port would reopen on [-Monday-]{+Tuesday+}."},
		{"rewording", "The minister said the port would reopen.", "The minister said the port reopened.",
			"The minister said the port [-would reopen-]{+reopened+}."},
		{"inserted sentence", "Strike ends. Workers return.", "Strike ends. Talks failed twice. Workers return.",
			"Strike ends. {+Talks failed twice. +}Workers return."},
		{"deleted sentence at the end", "Strike ends. Workers return.", "Strike ends.",
			"Strike ends.[- Workers return.-]"},
		{"inserted paragraph", "One.\n\nTwo.", "One.\n\nNew.\n\nTwo.",
			"One.\n\n{+New.\n\n+}Two."},
		{"white space", "a  b", "a b", "a[-  -]{+ +}b"},
		{"accents count", "José said", "Jose said", "[-José-]{+Jose+} said"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Compare(tt.old, tt.new)
			checkDiff(t, d, tt.old, tt.new)
			if got := d.Wdiff(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

const (
	paraA = "The council voted nine to four on Tuesday night to close the municipal coal terminal by the end of 2031."
	paraB = "Opponents warned that the closure would cost jobs well beyond the docks, and the union said it would appeal."
	paraC = "The closure still needs approval from the regional planning board, which is expected to rule in the spring."
)

func TestCompareFindsMovedParagraphs(t *testing.T) {
	old := strings.Join([]string{paraA, paraB, paraC}, "\n\n")
	nw := strings.Join([]string{paraB, paraC, paraA}, "\n\n")
	d := Compare(old, nw)
	checkDiff(t, d, old, nw)
	var moved []string
	for _, r := range d.Runs() {
		if r.Op == Delete && r.Move != 0 {
			moved = append(moved, strings.TrimSpace(d.Text(r)))
		}
	}
	if len(moved) != 1 || moved[0] != paraA {
		t.Fatalf("got moved blocks %q, want just paragraph A", moved)
	}
	if st := d.Stats(); st.Moved < annotate.RuneLen(paraA) || st.Inserted > 2 || st.Deleted > 2 {
		t.Errorf("got stats %+v, want paragraph A moved and nothing else", st)
	}
	// The moved paragraph maps exactly.
	start := strings.Index(old, "coal terminal")
	span := annotate.Span{Start: start, End: start + len("coal terminal")}
	got, ok := d.Map(span)
	if want := strings.Index(nw, "coal terminal"); !ok || got.Start != want || got.End != want+len("coal terminal") {
		t.Errorf("Map(%v) = %v, %v; want start %d", span, got, ok, want)
	}
}

func TestCompareJoinsMoveAcrossFalseEquality(t *testing.T) {
	// Moving paragraph A puts it after C, which ends with words A also
	// has ("the end of"): the moved block must still be one block.
	a := "Prosecutors said the money had been moved through shell companies until the end of the inquiry last year."
	c := "Officials expect a ruling from the court by the end of March, a spokesperson said on Friday."
	old := a + "\n\n" + paraB + "\n\n" + c
	nw := paraB + "\n\n" + c + "\n\n" + a
	d := Compare(old, nw)
	checkDiff(t, d, old, nw)
	moves := 0
	for _, r := range d.Runs() {
		if r.Op == Delete && r.Move != 0 {
			moves++
			if !strings.Contains(d.Text(r), "until the end of the inquiry") {
				t.Errorf("moved block %q lacks the middle of paragraph A", d.Text(r))
			}
		}
	}
	if moves != 1 {
		t.Errorf("got %d moved blocks, want 1:\n%s", moves, d.Wdiff())
	}
}

func TestMapSpans(t *testing.T) {
	old := "The port would reopen on Monday, the minister said."
	tests := []struct {
		name, new, quote, want string
		ok                     bool
	}{
		{"unchanged", old, "the minister said", "the minister said", true},
		{"shifted by an insertion", "Yesterday, the port would reopen on Monday, the minister said.", "the minister said", "the minister said", true},
		{"reworded inside", "The port would open again on Monday, the minister said.", "would reopen on Monday", "would open again on Monday", true},
		{"start in replaced text", "A port would reopen on Monday, the minister said.", "The port would", "A port would", true},
		{"deleted whole", "The minister said.", "would reopen on Monday", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Compare(old, tt.new)
			at := strings.Index(old, tt.quote)
			got, ok := d.Map(annotate.Span{Start: at, End: at + len(tt.quote)})
			if ok != tt.ok {
				t.Fatalf("got ok %v, want %v (span %v)", ok, tt.ok, got)
			}
			if ok && d.New().Slice(got.Start, got.End) != tt.want {
				t.Errorf("got %q, want %q", d.New().Slice(got.Start, got.End), tt.want)
			}
		})
	}
}

func TestTouching(t *testing.T) {
	old := "The port would reopen on Monday, the minister said. Unions disagreed."
	nw := "The port would reopen on Tuesday, the minister said. Unions strongly disagreed."
	d := Compare(old, nw)
	tests := []struct {
		name, passage string
		want          []string // old text of the hunks, or "+new" for insertions
	}{
		{"reworded claim", "would reopen on Monday", []string{"Monday"}},
		{"untouched", "the minister said", nil},
		{"insertion inside", "Unions disagreed", []string{"+strongly "}},
		{"insertion at its edge does not count", "Unions", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := strings.Index(old, tt.passage)
			var got []string
			for _, h := range d.Touching(annotate.Span{Start: at, End: at + len(tt.passage)}) {
				if h.Old.Len() == 0 {
					got = append(got, "+"+d.New().Slice(h.New.Start, h.New.End))
				} else {
					got = append(got, d.Old().Slice(h.Old.Start, h.Old.End))
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSources(t *testing.T) {
	old := strings.Join([]string{paraA, paraB}, "\n\n")
	nw := "Breaking: " + strings.Join([]string{paraB, paraA}, "\n\n")
	d := Compare(old, nw)
	at := strings.Index(nw, "coal terminal")
	srcs := d.Sources(annotate.Span{Start: at, End: at + len("coal terminal")})
	if len(srcs) != 1 || d.Old().Slice(srcs[0].Start, srcs[0].End) != "coal terminal" {
		t.Errorf("got sources %v, want the old \"coal terminal\"", srcs)
	}
	if got := d.Sources(annotate.Span{Start: 0, End: len("Breaking: ")}); len(got) != 0 {
		t.Errorf("inserted text: got sources %v, want none", got)
	}
}

func TestWriteHunks(t *testing.T) {
	old := "The port would reopen on Monday, the minister said, and unions disagreed with the plan."
	nw := "The port would reopen on Tuesday, the minister said, and unions disagreed with the plan."
	var b strings.Builder
	if err := Compare(old, nw).WriteHunks(&b, 12); err != nil {
		t.Fatal(err)
	}
	want := "@@ old 25-31 new 25-32 @@\n… reopen on [-Monday-]{+Tuesday+}, the …\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestMarshalJSONRebuildsTexts(t *testing.T) {
	old := strings.Join([]string{paraA, paraB, paraC}, "\n\n")
	nw := strings.Join([]string{paraC, paraB + " More.", paraA}, "\n\n")
	b, err := json.Marshal(Compare(old, nw))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		OldLen int `json:"old_len"`
		Runs   []struct {
			Op   Op     `json:"op"`
			Move int    `json:"move"`
			Text string `json:"text"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	var o, n strings.Builder
	moves := 0
	for _, r := range got.Runs {
		if r.Op != Insert {
			o.WriteString(r.Text)
		}
		if r.Op != Delete {
			n.WriteString(r.Text)
		}
		if r.Move != 0 {
			moves++
		}
	}
	if o.String() != old || n.String() != nw || got.OldLen != annotate.RuneLen(old) {
		t.Errorf("JSON runs rebuild %q / %q", o.String(), n.String())
	}
	if moves == 0 {
		t.Errorf("JSON has no moved runs: %s", b)
	}
}

func TestOpText(t *testing.T) {
	for _, op := range []Op{Equal, Delete, Insert} {
		b, _ := op.MarshalText()
		var got Op
		if err := got.UnmarshalText(b); err != nil || got != op {
			t.Errorf("round trip of %v: got %v, %v", op, got, err)
		}
	}
	var o Op
	if err := o.UnmarshalText([]byte("replace")); err == nil {
		t.Error("unknown op: got no error")
	}
}

func FuzzCompare(f *testing.F) {
	f.Add("The port would reopen on Monday.", "The port reopened on Tuesday.")
	f.Add(paraA+"\n\n"+paraB, paraB+"\n\n"+paraA)
	f.Fuzz(func(t *testing.T, old, nw string) {
		d := Compare(old, nw) // must not panic, whatever the bytes
		if !validUTF8(old) || !validUTF8(nw) {
			return // texts are validated UTF-8 before they are stored
		}
		checkDiff(t, d, old, nw)
		for p := 0; p <= d.Old().Len(); p++ {
			if s, e := d.MapStart(p), d.MapEnd(p); s < 0 || s > d.New().Len() || e < 0 || e > d.New().Len() {
				t.Fatalf("offset %d maps to %d, %d outside the new text (%d)", p, s, e, d.New().Len())
			}
		}
	})
}
