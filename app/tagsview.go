package app

import (
	"errors"
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

// tagsPanel is the tag book: every tag in use with its count, its
// description and colour, nested tags (parent/child) under their
// parents, a filter (a parent's name shows its children), and renaming
// and merging tags, each one undoable step that edits the records
// carrying them (so it travels in bundles like any edit). Descriptions
// and colours are this library's settings (action.TagNote).
type tagsPanel struct {
	sh *shell
	tb *tagBook
	cb tagsCallbacks

	rows   []tagRow
	notes  map[string]action.TagNote
	chosen string // the tag shown on the right, "" for none
	// shown: the view is in the window. It reads every tag only then
	// (at start-up that read took a second on 100,000 annotations).
	shown bool

	filter *escEntry
	byUse  *widget.Check
	list   *widget.List
	count  *widget.Label
	detail *fyne.Container
	box    fyne.CanvasObject
}

// tagsCallbacks are what the Tags view asks of the workbench.
type tagsCallbacks struct {
	// show lists the highlights carrying a tag (or its children).
	show   func(tag string)
	escape func()
}

// tagRow is one line of the tag book: a tag in use, or a parent that is
// only used through its children.
type tagRow struct {
	tag      string
	own      action.TagUse // Tag is "" for a parent used only through children
	subtree  int           // uses of the tag and every tag under it
	depth    int
	implicit bool
}

// tagPalette is the colours a tag may take, with names for the picker.
func tagPalette() [][2]string {
	return [][2]string{
		{"none", ""}, {"red", "#d9483b"}, {"orange", "#c78b12"}, {"green", "#2e8b57"}, {"teal", "#129ca8"},
		{"blue", "#3b6ed9"}, {"purple", "#8e44ad"}, {"pink", "#c2417a"}, {"grey", "#808080"},
	}
}

func newTagsPanel(sh *shell, tb *tagBook, cb tagsCallbacks) *tagsPanel {
	p := &tagsPanel{sh: sh, tb: tb, cb: cb}
	p.filter = newEscEntry(false, func() {
		if cb.escape != nil {
			cb.escape()
		}
	})
	p.filter.SetPlaceHolder("Filter tags (a parent shows its children)")
	p.filter.OnChanged = func(string) { p.reload() }
	p.byUse = widget.NewCheck("Most used first", func(bool) { p.reload() })
	p.count = widget.NewLabel("")
	p.list = widget.NewList(func() int { return len(p.rows) }, newTagLine, func(i widget.ListItemID, o fyne.CanvasObject) {
		p.fillLine(p.rows[i], o.(*fyne.Container))
	})
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.rows) {
			p.choose(p.rows[i].tag)
		}
	}
	p.detail = container.NewVBox()
	top := container.NewBorder(nil, nil, nil, p.byUse, p.filter)
	left := container.NewBorder(container.NewVBox(top, p.count), nil, nil, nil, p.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(p.detail)))
	split.Offset = 0.55
	p.box = split
	return p
}

func (p *tagsPanel) object() fyne.CanvasObject { return p.box }

// focus puts the keyboard in the filter.
func (p *tagsPanel) focus() { p.sh.win.Canvas().Focus(p.filter) }

// update follows changes to tags (the tag book is brought up to date by
// the workbench first).
func (p *tagsPanel) update(c store.Changes) {
	if p.shown && len(c.Annotations)+len(c.Articles) > 0 {
		p.reload()
	}
}

// reload rebuilds the rows from the tag book.
func (p *tagsPanel) reload() {
	p.shown = true
	p.notes = p.sh.svc.TagNotes()
	p.rows = tagRows(p.tb.all(), p.filter.Text, p.byUse.Checked)
	n := 0
	for _, r := range p.rows {
		if !r.implicit {
			n++
		}
	}
	p.count.SetText(count(n, "tag"))
	p.list.Refresh()
	if p.chosen != "" && !slices.ContainsFunc(p.rows, func(r tagRow) bool { return annotate.Fold(r.tag) == annotate.Fold(p.chosen) }) {
		p.chosen = ""
	}
	p.showDetail()
}

// tagRows arranges tag uses as the book lists them: each parent followed
// by its children, A to Z (or the most used first at each level), with a
// row for a parent used only through its children; filter keeps the
// tags under it or containing it, with their parents.
func tagRows(uses []action.TagUse, filter string, byUse bool) []tagRow {
	q := annotate.Fold(annotate.CleanTag(filter))
	byFold := map[string]*tagRow{}
	var all []*tagRow
	get := func(tag string) *tagRow {
		f := annotate.Fold(tag)
		if r, ok := byFold[f]; ok {
			return r
		}
		r := &tagRow{tag: tag, depth: annotate.TagDepth(tag), implicit: true}
		byFold[f] = r
		all = append(all, r)
		return r
	}
	for _, u := range uses {
		tag := annotate.CleanTag(u.Tag)
		if q != "" && !annotate.TagUnder(tag, filter) && !strings.Contains(annotate.Fold(tag), q) {
			continue
		}
		r := get(tag)
		r.own, r.implicit, r.tag = u, false, tag
		for t := tag; t != ""; t = annotate.TagParent(t) {
			get(t).subtree += u.Uses()
		}
	}
	// Sort as a tree: compare the paths level by level.
	key := func(r *tagRow) []string {
		var parts []string
		for t := r.tag; t != ""; t = annotate.TagParent(t) {
			parts = append([]string{t}, parts...)
		}
		return parts
	}
	slices.SortFunc(all, func(a, b *tagRow) int {
		ka, kb := key(a), key(b)
		for i := 0; i < len(ka) && i < len(kb); i++ {
			if annotate.Fold(ka[i]) == annotate.Fold(kb[i]) {
				continue
			}
			if byUse {
				if d := byFold[annotate.Fold(kb[i])].subtree - byFold[annotate.Fold(ka[i])].subtree; d != 0 {
					return d
				}
			}
			return strings.Compare(annotate.Fold(ka[i]), annotate.Fold(kb[i]))
		}
		return len(ka) - len(kb)
	})
	out := make([]tagRow, len(all))
	for i, r := range all {
		out[i] = *r
	}
	return out
}

// newTagLine is a row template: indent, colour, name, counts, description.
func newTagLine() fyne.CanvasObject {
	indent := canvas.NewRectangle(color.Transparent)
	swatch := canvas.NewRectangle(color.Transparent)
	swatch.CornerRadius = 4
	swatch.SetMinSize(fyne.NewSize(14, 14))
	name := widget.NewLabel("tag")
	name.TextStyle.Bold = true
	counts := widget.NewLabel("0")
	desc := widget.NewLabel("")
	desc.SizeName = theme.SizeNameCaptionText
	desc.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, container.NewHBox(indent, container.NewCenter(swatch), name), counts, desc)
}

// fillLine shows r in a row made by newTagLine.
func (p *tagsPanel) fillLine(r tagRow, o *fyne.Container) {
	// Border puts the centre object first, then the sides.
	desc := o.Objects[0].(*widget.Label)
	left := o.Objects[1].(*fyne.Container)
	counts := o.Objects[2].(*widget.Label)
	indent := left.Objects[0].(*canvas.Rectangle)
	swatch := left.Objects[1].(*fyne.Container).Objects[0].(*canvas.Rectangle)
	name := left.Objects[2].(*widget.Label)
	indent.SetMinSize(fyne.NewSize(float32(18*r.depth), 1))
	label := r.tag
	if i := strings.LastIndex(label, annotate.TagSep); i >= 0 && r.depth > 0 {
		label = "/" + label[i+1:]
	}
	name.SetText(label)
	note := p.notes[annotate.Fold(r.tag)]
	swatch.FillColor = colourOf(note.Colour)
	swatch.Refresh()
	desc.SetText(note.Description)
	if note.Description == "" && r.implicit {
		desc.SetText("used through the tags under it")
	}
	counts.SetText(tagCounts(r))
	left.Refresh()
	o.Refresh() // the name's width changed
}

// tagCounts says how often a tag is used, and its children with it.
func tagCounts(r tagRow) string {
	var parts []string
	if n := r.own.Annotations; n > 0 {
		parts = append(parts, count(n, "highlight"))
	}
	if n := r.own.Articles; n > 0 {
		parts = append(parts, count(n, "article"))
	}
	s := strings.Join(parts, ", ")
	if r.subtree > r.own.Uses() {
		if s != "" {
			s += " · "
		}
		s += fmt.Sprintf("%d with children", r.subtree)
	}
	return s
}

// colourOf reads "#rrggbb"; anything else is transparent.
func colourOf(hex string) color.Color {
	var r, g, b uint8
	if len(hex) != 7 || hex[0] != '#' {
		return color.Transparent
	}
	if _, err := fmt.Sscanf(hex[1:], "%02x%02x%02x", &r, &g, &b); err != nil {
		return color.Transparent
	}
	return color.NRGBA{r, g, b, 0xff}
}

// choose shows tag on the right.
func (p *tagsPanel) choose(tag string) {
	p.chosen = tag
	p.showDetail()
}

// showDetail shows the chosen tag: its name and counts, its description
// and colour (saved as they change), and what can be done with it.
func (p *tagsPanel) showDetail() {
	p.detail.Objects = nil
	i := slices.IndexFunc(p.rows, func(r tagRow) bool { return p.chosen != "" && annotate.Fold(r.tag) == annotate.Fold(p.chosen) })
	if i < 0 {
		p.detail.Add(wrapped("Choose a tag to describe it, give it a colour, rename it or merge it into another. Write parent/child to nest tags."))
		p.detail.Refresh()
		return
	}
	r := p.rows[i]
	tag := r.tag
	note := p.notes[annotate.Fold(tag)]
	desc := newEscEntry(true, p.focusList)
	desc.SetMinRowsVisible(3)
	desc.SetPlaceHolder("What the tag means, when to use it…")
	desc.SetText(note.Description)
	desc.OnChanged = func(s string) {
		note.Description = s
		p.saveNote(tag, note)
	}
	var names []string
	current := "none"
	for _, c := range tagPalette() {
		names = append(names, c[0])
		if strings.EqualFold(c[1], note.Colour) {
			current = c[0]
		}
	}
	colour := widget.NewSelect(names, nil)
	colour.SetSelected(current)
	colour.OnChanged = func(name string) {
		for _, c := range tagPalette() {
			if c[0] == name {
				note.Colour = c[1]
			}
		}
		p.saveNote(tag, note)
		p.list.Refresh()
	}
	rename := widget.NewButtonWithIcon("Rename…", theme.DocumentCreateIcon(), func() { p.showRename(tag) })
	merge := widget.NewButtonWithIcon("Merge into…", theme.ContentPasteIcon(), func() { p.showMerge(tag) })
	show := widget.NewButtonWithIcon("Highlights", theme.SearchIcon(), func() {
		if p.cb.show != nil {
			p.cb.show(tag)
		}
	})
	if r.implicit {
		merge.Disable()
	}
	p.detail.Add(heading(tag))
	p.detail.Add(widget.NewLabel(tagCounts(r)))
	p.detail.Add(widget.NewForm(widget.NewFormItem("Description", desc), widget.NewFormItem("Colour", colour)))
	p.detail.Add(container.NewGridWithColumns(3, rename, merge, show))
	p.detail.Refresh()
}

func (p *tagsPanel) focusList() { p.sh.win.Canvas().Focus(p.list) }

func (p *tagsPanel) saveNote(tag string, n action.TagNote) {
	if err := p.sh.svc.SetTagNote(tag, n); err != nil {
		p.sh.fail("save the tag's description", err)
		return
	}
	p.notes = p.sh.svc.TagNotes()
}

// showRename asks for a tag's new name; a name in use offers a merge.
func (p *tagsPanel) showRename(tag string) {
	var d *dialog.FormDialog
	name := newEscEntry(false, func() { d.Hide() })
	name.SetText(tag)
	name.Validator = func(s string) error {
		if annotate.CleanTag(s) == "" {
			return errors.New("a tag needs a name")
		}
		return checkLength(s, annotate.MaxTagRunes)
	}
	name.OnSubmitted = func(string) { d.Submit() }
	d = dialog.NewForm("Rename tag “"+shorten(tag, 40)+"”", "Rename", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("New name", name)}, func(ok bool) {
			if ok {
				p.rename(tag, name.Text)
			}
		}, p.sh.win)
	d.Resize(p.sh.fit(480, 200))
	d.Show()
	p.sh.win.Canvas().Focus(name)
}

// rename renames tag to into, offering to merge when into is in use.
func (p *tagsPanel) rename(tag, into string) {
	n, err := p.sh.svc.RenameTag(tag, into)
	switch {
	case errors.Is(err, action.ErrTagExists):
		dialog.ShowConfirm("Tag in use", "“"+annotate.CleanTag(into)+"” is already a tag. Merge “"+tag+"” into it?", func(ok bool) {
			if ok {
				p.merge(tag, into)
			}
		}, p.sh.win)
	case errors.Is(err, action.ErrNoChange):
	case err != nil:
		p.sh.fail("rename the tag", err)
	default:
		p.chosen = annotate.CleanTag(into)
		p.sh.status(fmt.Sprintf("Renamed “%s” to “%s” on %s — Ctrl+Z to undo", tag, annotate.CleanTag(into), count(n, "record")))
	}
}

// showMerge asks which tag to merge tag into, with the typeahead.
func (p *tagsPanel) showMerge(tag string) {
	var d dialog.Dialog
	var field *typeahead
	field = newTypeahead(func(typed string) []choice {
		return tagSuggestions(p.tb.suggest(typed, []string{tag}, 8))
	}, func(s string) {
		d.Hide()
		p.merge(tag, s)
	}, func() { d.Hide() })
	field.SetPlaceHolder("The tag to keep")
	d = dialog.NewCustomConfirm("Merge tag “"+shorten(tag, 40)+"” into…", "Merge", "Cancel", field.object(), func(ok bool) {
		if ok {
			p.merge(tag, field.Text)
		}
	}, p.sh.win)
	d.Resize(p.sh.fit(480, 320))
	d.Show()
	p.sh.win.Canvas().Focus(field)
}

func (p *tagsPanel) merge(from, into string) {
	n, err := p.sh.svc.MergeTags(from, into)
	if err != nil {
		p.sh.fail("merge the tags", err)
		return
	}
	p.chosen = annotate.CleanTag(into)
	p.sh.status(fmt.Sprintf("Merged “%s” into “%s” on %s — Ctrl+Z to undo", from, annotate.CleanTag(into), count(n, "record")))
}
