package app

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sahilm/fuzzy"

	"marginalia/annotate"
	"marginalia/annotate/related"
	"marginalia/annotate/search"
	"marginalia/store"
)

// articleRelations and claimRelations are the relations offered between
// two articles and between two highlights.
func articleRelations() []string {
	return []string{"related", "follow-up", "same-event", "contradicts", "source-of"}
}

func claimRelations() []string { return []string{"supports", "contradicts", "same-claim"} }

// relationColour colours a relation's edges in the link map.
func relationColour(r annotate.Relation) color.Color {
	switch r {
	case annotate.RelContradicts:
		return color.NRGBA{0xd9, 0x48, 0x3b, 0xff}
	case annotate.RelSupports:
		return color.NRGBA{0x2e, 0x8b, 0x57, 0xff}
	case annotate.RelSameEvent:
		return color.NRGBA{0x3b, 0x6e, 0xd9, 0xff}
	case annotate.RelSameClaim:
		return color.NRGBA{0x12, 0x9c, 0xa8, 0xff}
	case annotate.RelFollowUp:
		return color.NRGBA{0xc7, 0x8b, 0x12, 0xff}
	case annotate.RelSourceOf:
		return color.NRGBA{0x8e, 0x44, 0xad, 0xff}
	}
	return color.NRGBA{0x80, 0x80, 0x80, 0xff}
}

// linkView is one link as seen from one of its ends.
type linkView struct {
	link     annotate.Link
	outgoing bool
	other    annotate.Ref
	label    string // the other end: an article title, or a quote and its article
	article  string // the article to open for the other end
}

// linksOf loads the links of id (an article or annotation) with labels
// for their other ends.
func (wb *Workbench) linksOf(id string) []linkView {
	var out []linkView
	err := wb.st.View(func(tx *store.Tx) error {
		links, err := tx.LinksOf(id)
		if err != nil {
			return err
		}
		for _, l := range links {
			v := linkView{link: l, outgoing: l.From.ID == id, other: l.To}
			if !v.outgoing {
				v.other = l.From
			}
			switch v.other.Type {
			case annotate.RefArticle:
				a, err := tx.ArticleMeta(v.other.ID)
				if err != nil {
					return err
				}
				v.label, v.article = a.Title, a.ID
			case annotate.RefAnnotation:
				an, err := tx.Annotation(v.other.ID)
				if err != nil {
					return err
				}
				a, err := tx.ArticleMeta(an.ArticleID)
				if err != nil {
					return err
				}
				v.label, v.article = "“"+shorten(an.Quote.Exact, 70)+"” — "+a.Title, a.ID
			}
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		wb.fail("load the links", err)
	}
	return out
}

func shorten(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}

// linksSection lists the links of id in both directions: open the other
// end, change the relation, or unlink (all undoable).
func (wb *Workbench) linksSection(id string, relations []string) fyne.CanvasObject {
	box := container.NewVBox()
	for _, v := range wb.linksOf(id) {
		arrow := "→"
		if !v.outgoing {
			arrow = "←"
		}
		open := tapText(arrow+" "+v.label, func() { wb.openRef(v.other, v.article) })
		rel := widget.NewSelect(relations, nil)
		rel.SetSelected(string(v.link.Relation))
		rel.OnChanged = func(s string) {
			if annotate.Relation(s) == v.link.Relation {
				return
			}
			l := v.link
			l.Relation = annotate.Relation(s)
			if err := wb.st.Do("Change relation", func(tx *store.Tx) error { return tx.PutLink(l) }); err != nil {
				wb.fail("change the relation", err)
				return
			}
			wb.afterChange("Relation changed to " + s + " — Ctrl+Z to undo")
		}
		unlink := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
			if err := wb.st.Do("Unlink", func(tx *store.Tx) error { return tx.DeleteLink(v.link.ID) }); err != nil {
				wb.fail("unlink", err)
				return
			}
			wb.afterChange("Unlinked — Ctrl+Z to undo")
		})
		row := container.NewBorder(nil, nil, nil, container.NewHBox(rel, unlink), open)
		box.Add(row)
		if v.link.Note != "" {
			note := wrapped(v.link.Note)
			note.Importance = widget.LowImportance
			box.Add(note)
		}
	}
	if len(box.Objects) == 0 {
		box.Add(widget.NewLabel("No links yet."))
	}
	return box
}

// openRef opens the article of a link end, revealing the highlight when
// the end is one.
func (wb *Workbench) openRef(r annotate.Ref, articleID string) {
	if wb.article == nil || wb.article.ID != articleID {
		wb.OpenArticle(articleID)
	}
	if r.Type == annotate.RefAnnotation {
		wb.RevealAnnotation(r.ID)
	}
}

// candidate is one choice in a link picker.
type candidate struct {
	ref     annotate.Ref
	label   string
	article string
}

// showPicker lets the analyst find the other end by fuzzy search, choose
// a relation and write a note, then creates the link as one undoable step.
func (wb *Workbench) showPicker(title string, from annotate.Ref, relations []string, find func(q string) []candidate) {
	var cands []candidate
	chosen := -1
	entry := widget.NewEntry()
	entry.SetPlaceHolder("Type to search…")
	list := widget.NewList(func() int { return len(cands) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(cands[i].label) })
	list.OnSelected = func(i widget.ListItemID) { chosen = i }
	update := func(q string) {
		cands, chosen = find(q), -1
		list.UnselectAll()
		list.Refresh()
		if len(cands) > 0 {
			list.Select(0)
		}
	}
	entry.OnChanged = update
	rel := widget.NewSelect(relations, nil)
	rel.SetSelected(relations[0])
	note := widget.NewEntry()
	note.SetPlaceHolder("Note (optional)")
	form := container.NewBorder(entry, container.NewVBox(container.NewBorder(nil, nil, widget.NewLabel("Relation"), nil, rel), note), nil, nil, list)
	create := func() {
		if chosen < 0 || chosen >= len(cands) {
			return
		}
		c := cands[chosen]
		l := annotate.Link{ID: annotate.NewID(), From: from, To: c.ref, Relation: annotate.Relation(rel.Selected),
			Note: note.Text, Creator: wb.prefs.String(prefCreator), Created: wb.now().UTC()}
		if err := wb.st.Do("Link", func(tx *store.Tx) error { return tx.PutLink(l) }); err != nil {
			wb.fail("link", err)
			return
		}
		wb.afterChange(fmt.Sprintf("Linked (%s) to %s — Ctrl+Z to undo", l.Relation, shorten(c.label, 50)))
	}
	d := dialog.NewCustomConfirm(title, "Link", "Cancel", form, func(ok bool) {
		if ok {
			create()
		}
	}, wb.win)
	entry.OnSubmitted = func(string) { d.Confirm() } // Enter links the first match
	d.Resize(fyne.NewSize(680, 520))
	update("")
	d.Show()
	wb.win.Canvas().Focus(entry)
}

// ShowLinkArticle links the open article to another, picked by fuzzy
// search over the library's titles and sources.
func (wb *Workbench) ShowLinkArticle() {
	if wb.article == nil {
		wb.setStatus("Open an article first")
		return
	}
	self := wb.article.ID
	wb.showPicker("Link article", annotate.Ref{Type: annotate.RefArticle, ID: self}, articleRelations(), func(q string) []candidate {
		var pool []candidate
		var folded []string
		for _, info := range wb.infos {
			if info.ID == self {
				continue
			}
			pool = append(pool, candidate{annotate.Ref{Type: annotate.RefArticle, ID: info.ID}, info.Title + "  ·  " + articleMeta(info), info.ID})
			folded = append(folded, annotate.Fold(info.Title+" "+info.Source))
		}
		if strings.TrimSpace(q) == "" {
			return pool
		}
		var out []candidate
		for _, m := range fuzzy.Find(annotate.Fold(q), folded) {
			out = append(out, pool[m.Index])
		}
		return out
	})
}

// ShowLinkHighlight links the selected highlight to a highlight in any
// article, picked by fuzzy search over quotes and notes.
func (wb *Workbench) ShowLinkHighlight() {
	a, ok := wb.annotation(wb.selected)
	if !ok {
		wb.setStatus("Select a highlight first")
		return
	}
	titles := wb.articleTitles()
	wb.showPicker("Link to highlight", annotate.Ref{Type: annotate.RefAnnotation, ID: a.ID}, claimRelations(), func(q string) []candidate {
		query := search.ParseQuery(q)
		query.In = append(query.In, "quotes", "notes")
		res, err := wb.index.ix.Search(context.Background(), query, 40)
		if err != nil {
			return nil
		}
		var out []candidate
		seen := map[string]bool{a.ID: true}
		for _, r := range res {
			if r.Type != search.TypeAnnotation || seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			out = append(out, candidate{annotate.Ref{Type: annotate.RefAnnotation, ID: r.ID}, "“" + shorten(r.Text, 80) + "” — " + titles[r.ArticleID], r.ArticleID})
		}
		return out
	})
}

// relatedSection lists likely related articles with their reasons and a
// one-click link.
func (wb *Workbench) relatedSection() fyne.CanvasObject {
	box := container.NewVBox()
	id := wb.article.ID
	if sugg, ok := wb.relatedCache[id]; ok {
		wb.fillRelated(box, id, sugg)
		return box
	}
	box.Add(widget.NewLabel("Finding related articles…"))
	// Ranking reads every article's text: never on the UI goroutine.
	work := func() {
		var sugg []related.Suggestion
		err := wb.st.View(func(tx *store.Tx) error {
			var err error
			sugg, err = tx.Related(id)
			return err
		})
		done := func() {
			if err != nil {
				box.Objects = []fyne.CanvasObject{widget.NewLabel("Could not rank related articles: " + err.Error())}
				box.Refresh()
				return
			}
			if wb.relatedCache == nil {
				wb.relatedCache = map[string][]related.Suggestion{}
			}
			wb.relatedCache[id] = sugg
			box.Objects = nil
			wb.fillRelated(box, id, sugg)
			box.Refresh()
		}
		if wb.inline {
			done()
		} else {
			fyne.Do(done)
		}
	}
	if wb.inline {
		work()
	} else {
		go work()
	}
	return box
}

// fillRelated shows up to five suggestions for article id with their
// reasons and a one-click link.
func (wb *Workbench) fillRelated(box *fyne.Container, id string, sugg []related.Suggestion) {
	linked := map[string]bool{}
	for _, v := range wb.linksOf(id) {
		linked[v.other.ID] = true
	}
	from := annotate.Ref{Type: annotate.RefArticle, ID: id}
	shown := 0
	for _, s := range sugg {
		if s.Score < 0.05 || shown == 5 {
			continue
		}
		shown++
		open := tapText(s.Title, func() { wb.OpenArticle(s.ID) })
		var action fyne.CanvasObject = widget.NewIcon(theme.ConfirmIcon())
		if !linked[s.ID] {
			action = widget.NewButton("Link", func() {
				l := annotate.Link{ID: annotate.NewID(), From: from, To: annotate.Ref{Type: annotate.RefArticle, ID: s.ID},
					Relation: annotate.RelRelated, Creator: wb.prefs.String(prefCreator), Created: wb.now().UTC()}
				if err := wb.st.Do("Link", func(tx *store.Tx) error { return tx.PutLink(l) }); err != nil {
					wb.fail("link", err)
					return
				}
				wb.afterChange("Linked as related — Ctrl+Z to undo")
			})
		}
		box.Add(container.NewBorder(nil, nil, nil, action, open))
		why := wrapped(strings.Join(s.Reasons, "; "))
		why.SizeName = theme.SizeNameCaptionText
		box.Add(why)
	}
	if shown == 0 {
		box.Add(widget.NewLabel("No related articles found."))
	}
}

// ShowLinkMap draws the open article's neighbourhood: linked articles
// (directly, or through linked highlights) around it, edges coloured by
// relation; clicking a node opens that article.
func (wb *Workbench) ShowLinkMap() {
	if wb.article == nil {
		return
	}
	type edge struct {
		to  string
		rel annotate.Relation
	}
	center := wb.article.ID
	var edges []edge
	seen := map[string]bool{}
	add := func(vs []linkView) {
		for _, v := range vs {
			if v.article != center {
				edges = append(edges, edge{v.article, v.link.Relation})
				seen[v.article] = true
			}
		}
	}
	add(wb.linksOf(center))
	for _, a := range wb.anns {
		add(wb.linksOf(a.ID))
	}
	titles := wb.articleTitles()
	var nodes []string
	for _, info := range wb.infos {
		if seen[info.ID] {
			nodes = append(nodes, info.ID)
		}
	}
	const w, h, r = 760.0, 520.0, 200.0
	cx, cy := float32(w/2), float32(h/2)
	pos := map[string]fyne.Position{center: fyne.NewPos(cx, cy)}
	for i, id := range nodes {
		angle := 2*math.Pi*float64(i)/float64(max(len(nodes), 1)) - math.Pi/2
		pos[id] = fyne.NewPos(cx+float32(r*math.Cos(angle)), cy+float32(r*0.8*math.Sin(angle)))
	}
	var objs []fyne.CanvasObject
	parallel := map[string]int{} // edges drawn so far to each node
	for _, e := range edges {
		line := canvas.NewLine(relationColour(e.rel))
		line.StrokeWidth = 3
		// Several links to one article are drawn side by side, 6 px apart.
		a, b := pos[center], pos[e.to]
		dx, dy := b.X-a.X, b.Y-a.Y
		n := float32(math.Hypot(float64(dx), float64(dy)))
		k := float32(parallel[e.to]) * 6
		parallel[e.to]++
		if n > 0 {
			off := fyne.NewPos(-dy/n*k, dx/n*k)
			a, b = a.Add(off), b.Add(off)
		}
		line.Position1, line.Position2 = a, b
		objs = append(objs, line)
	}
	var d dialog.Dialog
	node := func(id string, important bool) fyne.CanvasObject {
		b := widget.NewButton(shorten(titles[id], 28), func() {
			d.Hide()
			wb.OpenArticle(id)
		})
		if important {
			b.Importance = widget.HighImportance
		}
		size := b.MinSize().Max(fyne.NewSize(120, 0))
		b.Resize(size)
		p := pos[id]
		b.Move(fyne.NewPos(p.X-size.Width/2, p.Y-size.Height/2))
		return b
	}
	for _, id := range nodes {
		objs = append(objs, node(id, false))
	}
	objs = append(objs, node(center, true))
	legend := container.NewHBox()
	for _, rel := range annotate.Relations() {
		sw := canvas.NewRectangle(relationColour(rel))
		sw.SetMinSize(fyne.NewSize(18, 4))
		legend.Add(container.NewHBox(container.NewCenter(sw), widget.NewLabel(string(rel))))
	}
	graph := container.NewWithoutLayout(objs...)
	bg := canvas.NewRectangle(color.Transparent)
	bg.SetMinSize(fyne.NewSize(w, h))
	content := container.NewBorder(nil, legend, nil, nil, container.NewStack(bg, graph))
	if len(nodes) == 0 {
		content = container.NewCenter(widget.NewLabel("This article has no links yet. Use “Link article…” or link its highlights."))
	}
	d = dialog.NewCustom("Link map — "+shorten(wb.article.Title, 50), "Close", content, wb.win)
	d.Resize(fyne.NewSize(w+40, h+120))
	d.Show()
}
