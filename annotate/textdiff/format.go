package textdiff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// The marks Wdiff and WriteHunks put around changed text, as GNU wdiff
// does; a moved block carries its number on both sides.
const (
	delOpen, delClose = "[-", "-]"
	insOpen, insClose = "{+", "+}"
)

func (d *Diff) writeRun(b *strings.Builder, r Run) {
	text := d.Text(r)
	switch {
	case r.Op == Equal:
		b.WriteString(text)
	case r.Op == Delete && r.Move != 0:
		fmt.Fprintf(b, "%s(moved to #%d) %s%s", delOpen, r.Move, text, delClose)
	case r.Op == Delete:
		b.WriteString(delOpen + text + delClose)
	case r.Move != 0:
		fmt.Fprintf(b, "%s(moved from #%d) %s%s", insOpen, r.Move, text, insClose)
	default:
		b.WriteString(insOpen + text + insClose)
	}
}

// Wdiff returns the whole new text with deletions as [-…-], insertions as
// {+…+}, and moved blocks marked with their number on both sides.
func (d *Diff) Wdiff() string {
	var b strings.Builder
	for _, r := range d.runs {
		d.writeRun(&b, r)
	}
	return b.String()
}

// WriteHunks writes each hunk on its own paragraph, as
//
//	@@ old 120-135 new 118-140 @@
//	…the port [-would reopen-]{+reopened+} on Monday…
//
// with up to context runes of unchanged text on either side, cut at a
// word boundary. Offsets are rune offsets, end exclusive.
func (d *Diff) WriteHunks(w io.Writer, context int) error {
	var b strings.Builder
	for k, h := range d.hunks {
		if k > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "@@ old %d-%d new %d-%d @@\n", h.Old.Start, h.Old.End, h.New.Start, h.New.End)
		before := d.old.Slice(h.Old.Start-context, h.Old.Start)
		if h.Old.Start-context > 0 {
			before = "…" + trimWordStart(before)
		}
		b.WriteString(before)
		for _, r := range d.runs[h.First:h.End] {
			d.writeRun(&b, r)
		}
		after := d.old.Slice(h.Old.End, h.Old.End+context)
		if h.Old.End+context < d.old.Len() {
			after = trimWordEnd(after) + "…"
		}
		b.WriteString(after + "\n")
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write diff: %w", err)
	}
	return nil
}

// trimWordStart drops a partial word at the start of s.
func trimWordStart(s string) string {
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[i:]
	}
	return s
}

// trimWordEnd drops a partial word at the end of s.
func trimWordEnd(s string) string {
	if i := strings.LastIndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i+1]
	}
	return s
}

type jsonRun struct {
	Run
	Text string `json:"text"`
}

// MarshalJSON encodes the diff as its lengths, statistics, runs (each
// with its text) and hunks.
func (d *Diff) MarshalJSON() ([]byte, error) {
	runs := make([]jsonRun, len(d.runs))
	for i, r := range d.runs {
		runs[i] = jsonRun{r, d.Text(r)}
	}
	hunks := d.hunks
	if hunks == nil {
		hunks = []Hunk{}
	}
	return json.Marshal(struct {
		OldLen int       `json:"old_len"`
		NewLen int       `json:"new_len"`
		Stats  Stats     `json:"stats"`
		Runs   []jsonRun `json:"runs"`
		Hunks  []Hunk    `json:"hunks"`
	}{d.old.Len(), d.new.Len(), d.Stats(), runs, hunks})
}
