package app

import (
	"cmp"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

// tagBook knows the tags in use and how often each is used, for the
// typeahead of every tag field and the Tags view. The counts are read
// once, when first needed, and then kept up to date from the changes the
// workbench routes to invalidate, re-reading only the records touched.
type tagBook struct {
	sh      *shell
	counter *action.TagCounter // nil until first needed
	cache   []action.TagUse    // counter.Uses(), nil when stale
}

func newTagBook(sh *shell) *tagBook { return &tagBook{sh: sh} }

// invalidate brings the counts up to date after changes c.
func (tb *tagBook) invalidate(c store.Changes) {
	if tb.counter == nil || len(c.Annotations)+len(c.Articles) == 0 {
		return
	}
	_ = tb.sh.svc.Store().View(func(tx *store.Tx) error {
		tb.counter.Update(tx, c)
		return nil
	})
	tb.cache = nil
}

// all lists every tag in use, most used first.
func (tb *tagBook) all() []action.TagUse {
	if tb.counter == nil {
		c := action.NewTagCounter()
		if err := tb.sh.svc.Store().View(c.Load); err != nil {
			tb.sh.fail("read the tags", err)
			return nil
		}
		tb.counter = c
	}
	if tb.cache == nil {
		tb.cache = tb.counter.Uses()
	}
	return tb.cache
}

// suggest lists up to limit tags in use that match what was typed,
// ignoring case and accents, leaving out those already given: first
// tags that start with it, then tags with a level that starts with it
// ("elec" finds politics/elections), then tags that contain it; each
// group most used first.
func (tb *tagBook) suggest(typed string, given []string, limit int) []action.TagUse {
	return suggestTags(tb.all(), typed, given, limit)
}

func suggestTags(uses []action.TagUse, typed string, given []string, limit int) []action.TagUse {
	q := annotate.Fold(annotate.CleanTag(typed))
	if q == "" {
		return nil
	}
	type hit struct {
		class int
		use   action.TagUse
	}
	var hits []hit
	for _, u := range uses {
		f := annotate.Fold(u.Tag)
		if slices.ContainsFunc(given, func(g string) bool { return annotate.Fold(g) == f }) {
			continue
		}
		class := -1
		switch {
		case strings.HasPrefix(f, q):
			class = 0
		case strings.Contains(f, annotate.TagSep+q) || strings.Contains(f, " "+q):
			class = 1
		case strings.Contains(f, q):
			class = 2
		}
		if class >= 0 {
			hits = append(hits, hit{class, u})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(a.class, b.class) }) // uses are in order of use already
	out := make([]action.TagUse, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.use)
	}
	return out
}

// tagEditor shows tags as removable chips above a typeahead field that
// suggests the tags in use as the analyst types (by use, ignoring case
// and accents); Enter or a comma adds the tag, Down and Up choose a
// suggestion. onEntry learns the field (for focus); escape gives the
// keyboard back.
func (tb *tagBook) tagEditor(tags []string, save func([]string), onEntry func(fyne.Focusable), escape func()) fyne.CanvasObject {
	var field *typeahead
	field = newTypeahead(func(typed string) []choice {
		return tagSuggestions(tb.suggest(typed, tags, 8))
	}, func(s string) {
		if s = annotate.CleanTag(s); s != "" {
			field.SetText("")
			save(annotate.CleanTags(append(slices.Clone(tags), s)))
		}
	}, escape)
	field.SetPlaceHolder("Add a tag…  (parent/child nests)")
	onEntry(field)
	return container.NewVBox(tb.chips(tags, save), field.object())
}

// tagSuggestions shows tag uses as typeahead choices with their counts.
func tagSuggestions(uses []action.TagUse) []choice {
	out := make([]choice, len(uses))
	for i, u := range uses {
		out[i] = valueChoice(u.Tag, count(u.Uses(), "use"))
	}
	return out
}

// chips shows tags as buttons that remove them.
func (tb *tagBook) chips(tags []string, save func([]string)) fyne.CanvasObject {
	chips := container.NewGridWrap(fyne.NewSize(150, 36))
	for _, t := range tags {
		b := widget.NewButtonWithIcon(t, theme.CancelIcon(), func() {
			save(slices.DeleteFunc(slices.Clone(tags), func(x string) bool { return x == t }))
		})
		b.IconPlacement = widget.ButtonIconTrailingText
		chips.Add(b)
	}
	return chips
}
