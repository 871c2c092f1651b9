package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/store"
)

// tagBook knows the tags in use, for completion in every tag field.
type tagBook struct {
	sh    *shell
	cache []string // every tag in use; nil when stale
}

func newTagBook(sh *shell) *tagBook { return &tagBook{sh: sh} }

// invalidate forgets the tags in use after a change to tags.
func (tb *tagBook) invalidate(c store.Changes) {
	if len(c.Annotations)+len(c.Articles) > 0 {
		tb.cache = nil
	}
}

// editor shows tags as removable buttons and an entry that completes from
// the tags in use; Enter or a comma adds the tag. onEntry learns the entry
// (for focus); escape gives the keyboard back.
func (tb *tagBook) editor(tags []string, save func([]string), onEntry func(*escSelectEntry), escape func()) fyne.CanvasObject {
	chips := container.NewGridWrap(fyne.NewSize(140, 36))
	for _, t := range tags {
		b := widget.NewButtonWithIcon(t, theme.CancelIcon(), func() {
			save(slices.DeleteFunc(slices.Clone(tags), func(x string) bool { return x == t }))
		})
		b.IconPlacement = widget.ButtonIconTrailingText
		chips.Add(b)
	}
	entry := newEscSelectEntry(nil, escape)
	onEntry(entry)
	entry.SetPlaceHolder("Add a tag…")
	add := func(s string) {
		s = strings.TrimSpace(strings.TrimSuffix(s, ","))
		if s == "" {
			return
		}
		save(annotate.CleanTags(append(slices.Clone(tags), s)))
	}
	entry.OnChanged = func(s string) {
		if strings.HasSuffix(s, ",") {
			add(s)
			return
		}
		// The tags in use are gathered on the first keystroke, not when the
		// field is built: in a large archive that scan is not free.
		entry.SetOptions(tagCompletions(tb.all(), tags, s))
	}
	entry.OnSubmitted = add
	return container.NewVBox(chips, entry)
}

// tagCompletions lists the known tags that start with what was typed,
// ignoring case and accents, leaving out those already given.
func tagCompletions(known, given []string, typed string) []string {
	q := annotate.Fold(typed)
	var out []string
	for _, k := range known {
		if q != "" && strings.HasPrefix(annotate.Fold(k), q) && !slices.ContainsFunc(given, func(g string) bool { return annotate.Fold(g) == annotate.Fold(k) }) {
			out = append(out, k)
		}
	}
	return out
}

// all lists every tag used on articles and annotations, computed once and
// dropped on every change that may touch tags.
func (tb *tagBook) all() []string {
	if tb.cache != nil {
		return tb.cache
	}
	seen := map[string]bool{}
	out := []string{}
	addAll := func(tags []string) {
		for _, t := range tags {
			if !seen[annotate.Fold(t)] {
				seen[annotate.Fold(t)] = true
				out = append(out, t)
			}
		}
	}
	_ = tb.sh.svc.Store().View(func(tx *store.Tx) error {
		if err := tx.ForEachArticle(func(a annotate.Article) error { addAll(a.Tags); return nil }); err != nil {
			return err
		}
		return tx.ForEachAnnotation(func(a annotate.Annotation) error { addAll(a.Tags); return nil })
	})
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(annotate.Fold(a), annotate.Fold(b)) })
	tb.cache = out
	return out
}
