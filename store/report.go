package store

import (
	"fmt"
	"marginalia/annotate"
	"strings"
)

// MergeCounts counts what a merge did with one type of record. Every
// record of the bundle is counted in exactly one of Added, Updated,
// Unchanged and Conflicts.
type MergeCounts struct {
	// Added records were new to the database.
	Added int
	// Updated records changed a stored record without disagreeing with it:
	// aliases or tags united, empty fields filled in.
	Updated int
	// Unchanged records were already stored as they are.
	Unchanged int
	// Conflicts disagreed with the stored version; see Report.Conflicts.
	Conflicts int
	// Matched counts the records identified with a stored record under
	// another ID: an article with the same text, a speaker with the same
	// name, a link with the same ends. They are counted above as well.
	Matched int
}

// Total is the number of bundle records counted.
func (c MergeCounts) Total() int { return c.Added + c.Updated + c.Unchanged + c.Conflicts }

// Kept names the version of a record a merge kept.
type Kept string

// The versions a merge can keep.
const (
	KeptDatabase Kept = "database"
	KeptBundle   Kept = "bundle"
)

// Conflict describes a record whose bundle and stored versions disagree.
type Conflict struct {
	Type annotate.RecordType
	// ID is the record's ID in the database.
	ID string
	// Kept says whose version is stored now.
	Kept Kept
	// Detail says what differed.
	Detail string
}

func (c Conflict) String() string {
	return fmt.Sprintf("%s %s: %s; kept the %s version", c.Type, c.ID, c.Detail, c.Kept)
}

// Report tells what Merge did.
type Report struct {
	Articles, Annotations, Speakers, Links MergeCounts
	Conflicts                              []Conflict
	// Undoable reports whether the merge was recorded as one undo step.
	// A merge with NoUndo, or one too large to keep, is not.
	Undoable bool
}

// Changed reports whether the merge wrote anything.
func (r Report) Changed() bool {
	for _, c := range []MergeCounts{r.Articles, r.Annotations, r.Speakers, r.Links} {
		if c.Added > 0 || c.Updated > 0 {
			return true
		}
	}
	for _, c := range r.Conflicts {
		if c.Kept == KeptBundle {
			return true
		}
	}
	return false
}

// String summarises the report in a few lines, conflicts last.
func (r Report) String() string {
	var sb strings.Builder
	for _, row := range []struct {
		name string
		c    MergeCounts
	}{{"articles", r.Articles}, {"annotations", r.Annotations}, {"speakers", r.Speakers}, {"links", r.Links}} {
		fmt.Fprintf(&sb, "%-12s %d added, %d updated, %d unchanged, %d conflicts", row.name+":", row.c.Added, row.c.Updated, row.c.Unchanged, row.c.Conflicts)
		if row.c.Matched > 0 {
			fmt.Fprintf(&sb, " (%d matched under another id)", row.c.Matched)
		}
		sb.WriteByte('\n')
	}
	for _, c := range r.Conflicts {
		sb.WriteString("conflict: " + c.String() + "\n")
	}
	return sb.String()
}
