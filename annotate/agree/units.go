package agree

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"

	"marginalia/annotate"
)

// Aspect is what the members of a unit can disagree on.
type Aspect string

// The aspects of a disagreement.
const (
	AspectKind    Aspect = "kind"
	AspectVerdict Aspect = "verdict"
	AspectSpeaker Aspect = "speaker"
)

// Position is what one creator said in a unit: the kinds of their
// members, the verdicts of their claims (an unset verdict counts as
// unverified) and the speakers they named, each without repeats, kinds
// and verdicts in display order, speakers by ID.
type Position struct {
	Creator  string            `json:"creator"`
	Members  []string          `json:"members"` // annotation IDs
	Kinds    []annotate.Kind   `json:"kinds"`
	Verdicts []annotate.Status `json:"verdicts,omitempty"`
	Speakers []string          `json:"speakers,omitempty"`
}

// Unit is a group of annotations on one article by two or more creators,
// linked by overlapping spans of different creators (see the package
// documentation for chains).
type Unit struct {
	// Key identifies the unit by its members' IDs: the same annotations
	// give the same key in every database and merge order.
	Key string `json:"key"`
	// Version changes when a member joins or leaves, or a member's kind,
	// verdict or speaker changes; a resolution recorded for one version
	// need not hold for the next.
	Version   string                `json:"version"`
	ArticleID string                `json:"article_id"`
	Span      annotate.Span         `json:"span"`      // first start to last end
	Members   []annotate.Annotation `json:"members"`   // by creator, then span, then ID
	Positions []Position            `json:"positions"` // one per creator, by creator
	// Differs lists the aspects on which two creators' positions differ,
	// in the order kind, verdict, speaker; empty when they agree.
	Differs []Aspect `json:"differs,omitempty"`
}

// Disagreement reports whether the unit's creators differ on any aspect.
func (u *Unit) Disagreement() bool { return len(u.Differs) > 0 }

// Units groups annotations into units: per article, annotations by
// different creators whose spans share at least one character are linked,
// and each connected group with two or more creators is a unit.
// Annotations without a creator are left out. Units come by article ID,
// then span. The input is not modified.
func Units(anns []annotate.Annotation) []Unit {
	idx := make([]int, 0, len(anns))
	for i := range anns {
		if anns[i].Creator != "" && anns[i].Span.End > anns[i].Span.Start {
			idx = append(idx, i)
		}
	}
	groups := components(anns, idx)
	units := make([]Unit, 0, len(groups))
	for _, g := range groups {
		units = append(units, newUnit(anns, g))
	}
	slices.SortFunc(units, func(a, b Unit) int {
		return cmp.Or(strings.Compare(a.ArticleID, b.ArticleID),
			cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Span.End, b.Span.End),
			strings.Compare(a.Key, b.Key))
	})
	return units
}

// Disagreements returns the units of anns whose creators differ.
func Disagreements(anns []annotate.Annotation) []Unit {
	return slices.DeleteFunc(Units(anns), func(u Unit) bool { return !u.Disagreement() })
}

// Touching returns the units with at least one member whose ID is in ids,
// such as the records a merge added or updated.
func Touching(units []Unit, ids map[string]bool) []Unit {
	var out []Unit
	for _, u := range units {
		if slices.ContainsFunc(u.Members, func(a annotate.Annotation) bool { return ids[a.ID] }) {
			out = append(out, u)
		}
	}
	return out
}

// Find returns the unit with a member whose ID is id, such as the
// annotation a reader clicked, and false when it is in none.
func Find(units []Unit, id string) (Unit, bool) {
	for _, u := range units {
		if slices.ContainsFunc(u.Members, func(a annotate.Annotation) bool { return a.ID == id }) {
			return u, true
		}
	}
	return Unit{}, false
}

// components returns the groups of anns[idx...] linked by overlaps
// between different creators on the same article, as index lists, each
// group of two or more. It sorts idx.
//
// One sweep per article in order of start: an annotation overlaps every
// earlier one still open (ending after its start). Open annotations are
// kept per creator, and once a newcomer has joined another creator's open
// annotations into its group only the one ending last is kept: any later
// annotation that overlaps one of them overlaps that one too. Each open
// entry is thus looked at a bounded number of times, and the sweep costs
// O(n log n) for the sort plus near-linear union-find.
func components(anns []annotate.Annotation, idx []int) [][]int {
	// Sort by article (as a rank, to compare IDs once per annotation, not
	// per comparison), then span, then ID.
	rank := map[string]int{}
	for _, i := range idx {
		rank[anns[i].ArticleID] = 0
	}
	ids := slices.Sorted(maps.Keys(rank))
	for r, id := range ids {
		rank[id] = r
	}
	ranks := make([]int, len(anns))
	for _, i := range idx {
		ranks[i] = rank[anns[i].ArticleID]
	}
	slices.SortFunc(idx, func(i, j int) int {
		a, b := &anns[i], &anns[j]
		switch {
		case ranks[i] != ranks[j]:
			return cmp.Compare(ranks[i], ranks[j])
		case a.Span.Start != b.Span.Start:
			return cmp.Compare(a.Span.Start, b.Span.Start)
		case a.Span.End != b.Span.End:
			return cmp.Compare(a.Span.End, b.Span.End)
		}
		return strings.Compare(a.ID, b.ID)
	})
	uf := newUnionFind(len(idx))
	type open struct {
		end, pos int // pos is the annotation's place in idx
	}
	type lane struct {
		creator string
		open    []open
	}
	var lanes []lane
	for lo := 0; lo < len(idx); {
		article := ranks[idx[lo]]
		hi := lo
		for hi < len(idx) && ranks[idx[hi]] == article {
			hi++
		}
		lanes = lanes[:0]
		for p := lo; p < hi; p++ {
			a := &anns[idx[p]]
			own := -1
			for li := range lanes {
				ln := &lanes[li]
				if ln.creator == a.Creator {
					own = li
					continue
				}
				keep := ln.open[:0]
				for _, o := range ln.open {
					if o.end > a.Span.Start {
						keep = append(keep, o)
					}
				}
				ln.open = keep
				if len(keep) == 0 {
					continue
				}
				best := keep[0]
				for _, o := range keep {
					uf.union(p, o.pos)
					if o.end > best.end {
						best = o
					}
				}
				ln.open = append(keep[:0], best)
			}
			if own < 0 {
				lanes = append(lanes, lane{creator: a.Creator})
				own = len(lanes) - 1
			}
			ln := &lanes[own]
			keep := ln.open[:0]
			for _, o := range ln.open {
				if o.end > a.Span.Start {
					keep = append(keep, o)
				}
			}
			ln.open = append(keep, open{end: a.Span.End, pos: p})
		}
		lo = hi
	}
	byRoot := map[int][]int{}
	var roots []int
	for p := range idx {
		r := uf.find(p)
		if uf.size[r] < 2 {
			continue
		}
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], idx[p])
	}
	out := make([][]int, 0, len(roots))
	for _, r := range roots {
		out = append(out, byRoot[r])
	}
	return out
}

type unionFind struct{ parent, size []int }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n), size: make([]int, n)}
	for i := range u.parent {
		u.parent[i] = i
		u.size[i] = 1
	}
	return u
}

func (u *unionFind) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
}

// verdict is a claim's verdict, unset counting as unverified.
func verdict(a *annotate.Annotation) annotate.Status {
	if a.Status == "" {
		return annotate.StatusUnverified
	}
	return a.Status
}

// newUnit builds the unit of the annotations anns[g...].
func newUnit(anns []annotate.Annotation, g []int) Unit {
	u := Unit{Members: make([]annotate.Annotation, len(g))}
	for i, k := range g {
		u.Members[i] = anns[k]
	}
	slices.SortFunc(u.Members, func(a, b annotate.Annotation) int {
		return cmp.Or(strings.Compare(a.Creator, b.Creator),
			cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Span.End, b.Span.End),
			strings.Compare(a.ID, b.ID))
	})
	u.ArticleID = u.Members[0].ArticleID
	u.Span = u.Members[0].Span
	key, version := sha256.New(), sha256.New()
	ids := make([]string, len(u.Members))
	for i := range u.Members {
		ids[i] = u.Members[i].ID
	}
	slices.Sort(ids)
	for _, id := range ids {
		key.Write([]byte(id))
		key.Write([]byte{0})
	}
	byID := make(map[string]*annotate.Annotation, len(u.Members))
	for i := range u.Members {
		m := &u.Members[i]
		byID[m.ID] = m
		u.Span.Start = min(u.Span.Start, m.Span.Start)
		u.Span.End = max(u.Span.End, m.Span.End)
		if len(u.Positions) == 0 || u.Positions[len(u.Positions)-1].Creator != m.Creator {
			u.Positions = append(u.Positions, Position{Creator: m.Creator})
		}
		p := &u.Positions[len(u.Positions)-1]
		p.Members = append(p.Members, m.ID)
		p.Kinds = append(p.Kinds, m.Kind)
		if m.Kind == annotate.KindClaim {
			p.Verdicts = append(p.Verdicts, verdict(m))
		}
		if m.SpeakerID != "" {
			p.Speakers = append(p.Speakers, m.SpeakerID)
		}
	}
	for _, id := range ids {
		m := byID[id]
		s := ""
		if m.Kind == annotate.KindClaim {
			s = string(verdict(m))
		}
		version.Write([]byte(id + "\x00" + string(m.Kind) + "\x00" + s + "\x00" + m.SpeakerID + "\x00"))
	}
	u.Key = hex.EncodeToString(key.Sum(nil)[:16])
	u.Version = hex.EncodeToString(version.Sum(nil)[:16])
	for i := range u.Positions {
		p := &u.Positions[i]
		p.Kinds = inOrder(p.Kinds, annotate.Kinds())
		p.Verdicts = inOrder(p.Verdicts, annotate.Statuses())
		slices.Sort(p.Speakers)
		p.Speakers = slices.Compact(p.Speakers)
	}
	u.Differs = differs(u.Positions)
	return u
}

// inOrder returns the distinct values of vs in the order of all; values
// not in all come last, sorted.
func inOrder[T ~string](vs []T, all []T) []T {
	if len(vs) < 2 {
		return vs
	}
	rank := func(v T) int {
		if i := slices.Index(all, v); i >= 0 {
			return i
		}
		return len(all)
	}
	slices.SortFunc(vs, func(a, b T) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b)) })
	return slices.Compact(vs)
}

// differs compares the creators' positions: kinds always; verdicts
// between creators who both marked a claim; speakers between creators who
// both named one. A creator who did not judge an aspect does not disagree
// on it (the kinds already show that one marked a claim and the other
// did not).
func differs(ps []Position) []Aspect {
	var kind, verdict, speaker bool
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			a, b := &ps[i], &ps[j]
			kind = kind || !slices.Equal(a.Kinds, b.Kinds)
			verdict = verdict || len(a.Verdicts) > 0 && len(b.Verdicts) > 0 && !slices.Equal(a.Verdicts, b.Verdicts)
			speaker = speaker || len(a.Speakers) > 0 && len(b.Speakers) > 0 && !slices.Equal(a.Speakers, b.Speakers)
		}
	}
	var out []Aspect
	if kind {
		out = append(out, AspectKind)
	}
	if verdict {
		out = append(out, AspectVerdict)
	}
	if speaker {
		out = append(out, AspectSpeaker)
	}
	return out
}
