package app

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
)

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

// showLinkMap draws the open article's neighbourhood: linked articles
// (directly, or through linked highlights) around it, edges coloured by
// relation; clicking a node opens that article.
func (lp *linksPanel) showLinkMap() {
	doc := lp.ctx.doc()
	if doc == nil {
		return
	}
	type edge struct {
		to  string
		rel annotate.Relation
	}
	center := doc.article.ID
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
	add(lp.linksOf(center))
	for _, a := range doc.anns {
		add(lp.linksOf(a.ID))
	}
	titles := lp.ctx.titles()
	var nodes []string
	for _, info := range lp.ctx.articles() {
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
			lp.ctx.open(id)
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
	d = dialog.NewCustom("Link map — "+shorten(doc.article.Title, 50), "Close", content, lp.sh.win)
	d.Resize(fyne.NewSize(w+40, h+120))
	d.Show()
}
