package annotate

import (
	"fmt"
	"slices"
	"time"
)

// The rules two copies of a record are united by when a colleague's
// bundle is merged. They are pure: the store applies them.
//
// Annotations carry their modification time, so the later copy wins.
// Articles, speakers and links carry none: the stored copy is kept, fields
// it leaves empty are filled from the other copy, tags and aliases are
// united, and where both copies have different values the field is
// reported as a difference (the stored value stays).

// UniteArticle returns old with the empty fields filled from other and
// other's tags added, and the names of the fields where both have
// different values.
func UniteArticle(old, other Article) (Article, []string) {
	merged := old
	var differ []string
	for _, f := range []struct {
		name  string
		dst   *string
		other string
	}{
		{"title", &merged.Title, other.Title}, {"byline", &merged.Byline, other.Byline}, {"source", &merged.Source, other.Source},
		{"url", &merged.URL, other.URL}, {"note", &merged.Note, other.Note},
	} {
		if fillOrDiffer(f.dst, f.other) {
			differ = append(differ, f.name)
		}
	}
	switch {
	case other.Published.IsZero() || other.Published.Equal(old.Published):
	case old.Published.IsZero():
		merged.Published = other.Published
	default:
		differ = append(differ, "publication date")
	}
	merged.Tags = UniteTags(old.Tags, other.Tags, MaxTags)
	return merged, differ
}

// fillOrDiffer fills *dst with other when *dst is empty, and reports
// whether both hold different non-empty values.
func fillOrDiffer(dst *string, other string) bool {
	switch {
	case other == "" || other == *dst:
		return false
	case *dst == "":
		*dst = other
		return false
	}
	return true
}

// UniteTags appends to old the tags of add it lacks (ignoring case and
// accents), up to limit tags.
func UniteTags(old, add []string, limit int) []string {
	out := slices.Clone(old)
	have := make(map[string]bool, len(old))
	for _, t := range old {
		have[Fold(t)] = true
	}
	for _, t := range CleanTags(add) {
		if f := Fold(t); !have[f] && len(out) < limit {
			have[f] = true
			out = append(out, t)
		}
	}
	return out
}

// SameArticle reports whether two copies of an article have the same
// metadata (the text is compared by hash elsewhere).
func SameArticle(a, b Article) bool {
	return a.Title == b.Title && a.Byline == b.Byline && a.Source == b.Source && a.URL == b.URL &&
		a.Published.Equal(b.Published) && a.Note == b.Note && slices.Equal(a.Tags, b.Tags)
}

// UniteSpeaker returns old with other's names added as aliases and empty
// fields filled, and the fields where both have different values.
func UniteSpeaker(old, other Speaker) (Speaker, []string) {
	merged := old
	merged.Aliases = slices.Clone(old.Aliases)
	have := map[string]bool{}
	for _, n := range old.Names() {
		have[Fold(n)] = true
	}
	var differ []string
	for _, n := range other.Names() {
		if f := Fold(n); !have[f] {
			if len(merged.Aliases) >= MaxAliases {
				differ = append(differ, fmt.Sprintf("name %q (no room for another alias)", Clip(n, 80)))
				continue
			}
			have[f] = true
			merged.Aliases = append(merged.Aliases, n)
		}
	}
	for _, f := range []struct {
		name  string
		dst   *string
		other string
	}{{"role", &merged.Role, other.Role}, {"affiliation", &merged.Affiliation, other.Affiliation}, {"note", &merged.Note, other.Note}} {
		if fillOrDiffer(f.dst, f.other) {
			differ = append(differ, f.name)
		}
	}
	return merged, differ
}

// SameSpeaker reports whether two copies of a speaker are equal.
func SameSpeaker(a, b Speaker) bool {
	return a.Name == b.Name && slices.Equal(a.Aliases, b.Aliases) && a.Role == b.Role && a.Affiliation == b.Affiliation && a.Note == b.Note
}

// SameAnnotation reports whether two copies of an annotation are equal in
// every field.
func SameAnnotation(a, b Annotation) bool {
	return a.ID == b.ID && a.ArticleID == b.ArticleID && a.Kind == b.Kind && a.Span == b.Span && a.Quote == b.Quote &&
		a.SpeakerID == b.SpeakerID && a.Note == b.Note && slices.Equal(a.Tags, b.Tags) && a.Status == b.Status &&
		a.Creator == b.Creator && a.Created.Equal(b.Created) && a.Modified.Equal(b.Modified) &&
		a.VersionOf() == b.VersionOf() && sameAnchoring(a.Anchor, b.Anchor)
}

func sameAnchoring(a, b *Anchoring) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// Newer reports which copy of an annotation a merge keeps: the other copy
// when it was modified later, the stored one on a tie.
func Newer(stored, other Annotation) bool { return other.Modified.After(stored.Modified) }

// SameLinkEnds reports whether two links join the same ends by the same
// relation, which makes them one link whatever their IDs.
func SameLinkEnds(a, b Link) bool {
	return a.From == b.From && a.To == b.To && a.Relation == b.Relation
}

// MergeTimeFormat is how merge reports print times.
const MergeTimeFormat = "2006-01-02 15:04:05Z"

// FormatMergeTime formats t for a merge report.
func FormatMergeTime(t time.Time) string { return t.UTC().Format(MergeTimeFormat) }
