package store

import (
	"fmt"
	"slices"
	"strings"

	"marginalia/annotate"
	"marginalia/annotate/agree"
	"marginalia/annotate/names"
)

// MergeCounts counts what a merge did with one type of record. Every
// record of the bundle is counted in exactly one of Added, Updated,
// Unchanged, Deleted and Conflicts.
type MergeCounts struct {
	// Added records were new to the database.
	Added int `json:"added"`
	// Updated records changed a stored record without disagreeing with it:
	// aliases or tags united, empty fields filled in.
	Updated int `json:"updated"`
	// Unchanged records were already stored as they are (or were deleted
	// here after their last change: the deletion stands).
	Unchanged int `json:"unchanged"`
	// Deleted counts the bundle's tombstones that deleted a stored record.
	Deleted int `json:"deleted"`
	// Conflicts disagreed with the stored version; see Report.Records.
	Conflicts int `json:"conflicts"`
	// Matched counts the records identified with a stored record under
	// another ID: an article with the same text, a speaker with the same
	// name, a link with the same ends. They are counted above as well.
	Matched int `json:"matched"`
}

// Total is the number of bundle records counted.
func (c MergeCounts) Total() int { return c.Added + c.Updated + c.Unchanged + c.Deleted + c.Conflicts }

// Kept names the version of a record a merge kept.
type Kept string

// The versions a merge can keep.
const (
	KeptDatabase Kept = "database"
	KeptBundle   Kept = "bundle"
)

// Action is what a merge did with one record.
type Action string

// The actions of a merge report.
const (
	ActionAdded    Action = "added"
	ActionUpdated  Action = "updated"
	ActionDeleted  Action = "deleted"
	ActionConflict Action = "conflict"
)

// Change is one record a merge added, updated, deleted or found in
// conflict, with what an analyst needs to recognise it.
type Change struct {
	Action    Action              `json:"action"`
	Type      annotate.RecordType `json:"type"`
	ID        string              `json:"id"` // the record's ID in the database
	ArticleID string              `json:"article_id,omitempty"`
	Title     string              `json:"title,omitempty"` // the article's title
	// Text is an annotation's quote, a speaker's name, a link's relation.
	Text string `json:"text,omitempty"`
	// Detail says what differed, for a conflict.
	Detail string `json:"detail,omitempty"`
	// Kept says whose version is stored now, for a conflict.
	Kept Kept `json:"kept,omitempty"`
}

func (c Change) String() string {
	s := fmt.Sprintf("%s %s %s", c.Action, c.Type, c.ID)
	if c.Text != "" {
		s += " “" + annotate.Clip(strings.Join(strings.Fields(c.Text), " "), 60) + "”"
	}
	if c.Detail != "" {
		s += ": " + c.Detail
	}
	if c.Kept != "" {
		s += "; kept the " + string(c.Kept) + " version"
	}
	return s
}

// Report tells what Merge did.
type Report struct {
	Articles    MergeCounts `json:"articles"`
	Annotations MergeCounts `json:"annotations"`
	Speakers    MergeCounts `json:"speakers"`
	Links       MergeCounts `json:"links"`
	// Records lists every record added, updated, deleted or in conflict,
	// articles first, then speakers, annotations and links, in bundle order.
	Records []Change `json:"records"`
	// Disagreements are the units (see annotate/agree) the merged
	// annotations take part in whose creators differ in kind, verdict or
	// speaker, and that no reviewer has resolved.
	Disagreements []agree.Unit `json:"disagreements"`
	// SpeakerMatches are speakers that may be the same person, one of them
	// added or updated by the merge: offered for 'speaker merge', never
	// merged automatically.
	SpeakerMatches []names.Match `json:"speaker_matches"`
	// Undoable reports whether the merge was recorded as one undo step.
	// A merge with NoUndo, or one too large to keep, is not.
	Undoable bool `json:"undoable"`
}

// Conflicts lists the records in conflict.
func (r Report) Conflicts() []Change {
	var out []Change
	for _, c := range r.Records {
		if c.Action == ActionConflict {
			out = append(out, c)
		}
	}
	return out
}

// Changed reports whether the merge wrote anything.
func (r Report) Changed() bool {
	for _, c := range []MergeCounts{r.Articles, r.Annotations, r.Speakers, r.Links} {
		if c.Added > 0 || c.Updated > 0 || c.Deleted > 0 {
			return true
		}
	}
	for _, c := range r.Conflicts() {
		if c.Kept == KeptBundle {
			return true
		}
	}
	return false
}

// String summarises the report in a few lines: counts, then conflicts,
// disagreements and possible duplicate speakers.
func (r Report) String() string {
	var sb strings.Builder
	for _, row := range []struct {
		name string
		c    MergeCounts
	}{{"articles", r.Articles}, {"annotations", r.Annotations}, {"speakers", r.Speakers}, {"links", r.Links}} {
		fmt.Fprintf(&sb, "%-12s %d added, %d updated, %d unchanged, %d deleted, %d conflicts", row.name+":", row.c.Added, row.c.Updated, row.c.Unchanged, row.c.Deleted, row.c.Conflicts)
		if row.c.Matched > 0 {
			fmt.Fprintf(&sb, " (%d matched under another id)", row.c.Matched)
		}
		sb.WriteByte('\n')
	}
	for _, c := range r.Conflicts() {
		sb.WriteString("conflict: " + strings.TrimPrefix(c.String(), "conflict ") + "\n")
	}
	for _, u := range r.Disagreements {
		fmt.Fprintf(&sb, "disagreement on %s: %s\n", joinAspects(u.Differs), describeUnit(u))
	}
	for _, m := range r.SpeakerMatches {
		fmt.Fprintf(&sb, "same speaker? %q and %q (%s); 'marginalia speaker merge' joins them\n", m.NameA, m.NameB, m.Reason)
	}
	return sb.String()
}

func joinAspects(as []agree.Aspect) string {
	var s []string
	for _, a := range as {
		s = append(s, string(a))
	}
	return strings.Join(s, ", ")
}

// describeUnit says who said what in a unit, one creator after another.
func describeUnit(u agree.Unit) string {
	var parts []string
	for _, p := range u.Positions {
		var kinds []string
		for _, k := range p.Kinds {
			kinds = append(kinds, string(k))
		}
		desc := p.Creator + ": " + strings.Join(kinds, "+")
		if len(p.Verdicts) > 0 {
			var vs []string
			for _, v := range p.Verdicts {
				vs = append(vs, string(v))
			}
			desc += " (" + strings.Join(vs, ", ") + ")"
		}
		parts = append(parts, desc)
	}
	quote := ""
	if len(u.Members) > 0 {
		quote = "“" + annotate.Clip(strings.Join(strings.Fields(u.Members[0].Quote.Exact), " "), 50) + "” — "
	}
	return quote + strings.Join(parts, "; ")
}

// Join adds the counts and records of o to r, for one report of several
// merges (a team pull that merged three colleagues' bundles).
func (r *Report) Join(o Report) {
	for _, p := range []struct{ dst, src *MergeCounts }{{&r.Articles, &o.Articles}, {&r.Annotations, &o.Annotations}, {&r.Speakers, &o.Speakers}, {&r.Links, &o.Links}} {
		p.dst.add(*p.src)
	}
	r.Records = append(r.Records, o.Records...)
	// A unit two merges both took part in is listed once, as the later
	// merge left it.
	for _, u := range o.Disagreements {
		if i := slices.IndexFunc(r.Disagreements, func(x agree.Unit) bool { return x.Key == u.Key }); i >= 0 {
			r.Disagreements[i] = u
		} else {
			r.Disagreements = append(r.Disagreements, u)
		}
	}
	r.SpeakerMatches = append(r.SpeakerMatches, o.SpeakerMatches...)
	r.Undoable = r.Undoable && o.Undoable
}

func (c *MergeCounts) add(o MergeCounts) {
	c.Added += o.Added
	c.Updated += o.Updated
	c.Unchanged += o.Unchanged
	c.Deleted += o.Deleted
	c.Conflicts += o.Conflicts
	c.Matched += o.Matched
}
