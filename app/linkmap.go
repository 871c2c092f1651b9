package app

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/store"
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

// linkMap draws a linkGraph: article boxes with their linked highlights
// as rows inside, arrows from each link's From end to its To end in the
// relation's colour, labelled with the relation. The wheel zooms (about
// the pointer), a drag pans, a click opens a node. With the keyboard:
// Tab and Shift+Tab go from node to node, Enter opens, arrows pan, + and
// - zoom, 0 fits the map to the view, Escape closes.
type linkMap struct {
	widget.BaseWidget
	g       *linkGraph
	hidden  map[annotate.Relation]bool // relations filtered out
	zoom    float32
	pan     fyne.Position // the map point at the view's top left
	focused int           // index into g.nodes of the keyboard's node, -1 for none
	shift   bool
	hasKeys bool // the map has the keyboard
	variant fyne.ThemeVariant

	open   func(n *mapNode)
	escape func()
}

func newLinkMap(g *linkGraph, variant fyne.ThemeVariant, open func(*mapNode), escape func()) *linkMap {
	m := &linkMap{g: g, hidden: map[annotate.Relation]bool{}, zoom: 1, focused: -1, variant: variant, open: open, escape: escape}
	m.ExtendBaseWidget(m)
	return m
}

// MinSize implements fyne.Widget: the map fills what it is given.
func (m *linkMap) MinSize() fyne.Size { return fyne.NewSize(320, 240) }

// fit zooms and pans so the whole map shows in the view.
func (m *linkMap) fit() {
	size := m.Size()
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	b := m.g.bounds()
	const margin = 24
	m.zoom = float32(math.Min(float64((size.Width-2*margin)/max(b.w, 1)), float64((size.Height-2*margin)/max(b.h, 1))))
	m.zoom = clampF(m.zoom, 0.2, 1.5)
	m.pan = fyne.NewPos(b.x-(size.Width/m.zoom-b.w)/2, b.y-(size.Height/m.zoom-b.h)/2)
	m.Refresh()
}

func clampF(v, lo, hi float32) float32 { return min(max(v, lo), hi) }

// toView and toMap convert between map and view coordinates.
func (m *linkMap) toView(p fyne.Position) fyne.Position {
	return fyne.NewPos((p.X-m.pan.X)*m.zoom, (p.Y-m.pan.Y)*m.zoom)
}

func (m *linkMap) toMap(p fyne.Position) fyne.Position {
	return fyne.NewPos(p.X/m.zoom+m.pan.X, p.Y/m.zoom+m.pan.Y)
}

// zoomAt zooms by factor f keeping view point at in place.
func (m *linkMap) zoomAt(f float32, at fyne.Position) {
	before := m.toMap(at)
	m.zoom = clampF(m.zoom*f, 0.2, 3)
	after := m.toMap(at)
	m.pan = m.pan.Add(before).Subtract(after)
	m.Refresh()
}

// visible reports whether node n shows: the centre always, an article
// with a visible highlight or link, a highlight with a visible link.
func (m *linkMap) visible(n *mapNode) bool {
	if n.id == m.g.centre {
		return true
	}
	for _, e := range m.g.edges {
		if m.hidden[e.link.Relation] {
			continue
		}
		if e.from == n || e.to == n || n.isArticle && (e.from.articleID == n.id || e.to.articleID == n.id) {
			return true
		}
	}
	return false
}

// Scrolled zooms about the pointer.
func (m *linkMap) Scrolled(ev *fyne.ScrollEvent) {
	f := float32(math.Pow(1.0015, float64(ev.Scrolled.DY)))
	m.zoomAt(f, ev.Position)
}

// Dragged pans.
func (m *linkMap) Dragged(ev *fyne.DragEvent) {
	m.pan = m.pan.Subtract(fyne.NewPos(ev.Dragged.DX/m.zoom, ev.Dragged.DY/m.zoom))
	m.Refresh()
}

// DragEnd implements fyne.Draggable.
func (m *linkMap) DragEnd() {}

// Tapped opens the node under the pointer.
func (m *linkMap) Tapped(ev *fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil {
		c.Focus(m)
	}
	if n := m.g.nodeAt(m.toMap(ev.Position)); n != nil && m.visible(n) && m.open != nil {
		m.open(n)
	}
}

// FocusGained, FocusLost, TypedRune: fyne.Focusable.
func (m *linkMap) FocusGained() { m.hasKeys = true; m.Refresh() }

// FocusLost implements fyne.Focusable.
func (m *linkMap) FocusLost() { m.hasKeys, m.shift = false, false; m.Refresh() }

// TypedRune zooms with + and -, and fits with 0.
func (m *linkMap) TypedRune(r rune) {
	centre := fyne.NewPos(m.Size().Width/2, m.Size().Height/2)
	switch r {
	case '+', '=':
		m.zoomAt(1.2, centre)
	case '-':
		m.zoomAt(1/1.2, centre)
	case '0':
		m.fit()
	}
}

// AcceptsTab lets Tab move between the map's nodes.
func (m *linkMap) AcceptsTab() bool { return true }

// KeyDown and KeyUp follow Shift, for Shift+Tab.
func (m *linkMap) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		m.shift = true
	}
}

// KeyUp implements desktop.Keyable.
func (m *linkMap) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		m.shift = false
	}
}

// TypedKey moves between nodes, opens, pans and closes.
func (m *linkMap) TypedKey(ev *fyne.KeyEvent) {
	const step = 60
	switch ev.Name {
	case fyne.KeyTab:
		m.step(map[bool]int{false: 1, true: -1}[m.shift])
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		if m.focused >= 0 && m.open != nil {
			m.open(m.g.nodes[m.focused])
		}
	case fyne.KeyLeft:
		m.panBy(-step, 0)
	case fyne.KeyRight:
		m.panBy(step, 0)
	case fyne.KeyUp:
		m.panBy(0, -step)
	case fyne.KeyDown:
		m.panBy(0, step)
	case fyne.KeyEscape:
		if m.escape != nil {
			m.escape()
		}
	}
}

func (m *linkMap) panBy(dx, dy float32) {
	m.pan = m.pan.Add(fyne.NewPos(dx/m.zoom, dy/m.zoom))
	m.Refresh()
}

// step moves the keyboard to the next (or previous) visible node.
func (m *linkMap) step(dir int) {
	n := len(m.g.nodes)
	for i, at := 0, m.focused; i < n; i++ {
		at = (at + dir + n) % n
		if m.visible(m.g.nodes[at]) {
			m.focused = at
			break
		}
	}
	m.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (m *linkMap) CreateRenderer() fyne.WidgetRenderer {
	r := &linkMapRenderer{m: m}
	r.Refresh()
	return r
}

type linkMapRenderer struct {
	m    *linkMap
	objs []fyne.CanvasObject
}

func (r *linkMapRenderer) Destroy()                     {}
func (r *linkMapRenderer) MinSize() fyne.Size           { return r.m.MinSize() }
func (r *linkMapRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *linkMapRenderer) Layout(fyne.Size)             { r.Refresh() }

// Refresh draws the map again at the current zoom and pan: boxes, then
// the arrows over them, then the labels over everything.
func (r *linkMapRenderer) Refresh() {
	m := r.m
	th := m.Theme()
	fg := th.Color(theme.ColorNameForeground, m.variant)
	bgBox := th.Color(theme.ColorNameInputBackground, m.variant)
	border := th.Color(theme.ColorNameSeparator, m.variant)
	focus := th.Color(theme.ColorNameFocus, m.variant)
	size := m.Size()
	clip := canvas.NewRectangle(th.Color(theme.ColorNameBackground, m.variant))
	clip.Resize(size)
	objs := []fyne.CanvasObject{clip}
	textSize := clampF(theme.TextSize()*m.zoom, 6, 22)
	rect := func(rc rectangle) (fyne.Position, fyne.Size) {
		return m.toView(fyne.NewPos(rc.x, rc.y)), fyne.NewSize(rc.w*m.zoom, rc.h*m.zoom)
	}
	text := func(s string, c color.Color, pos fyne.Position, width float32, bold bool) *canvas.Text {
		t := canvas.NewText(fitText(s, width, textSize, bold), c)
		t.TextSize = textSize
		t.TextStyle.Bold = bold
		t.Move(pos)
		return t
	}
	var labels []fyne.CanvasObject
	for i, n := range m.g.nodes {
		if !m.visible(n) {
			continue
		}
		pos, sz := rect(n.rect)
		box := canvas.NewRectangle(bgBox)
		box.StrokeColor, box.StrokeWidth = border, 1
		if n.isArticle {
			box.CornerRadius = 6 * m.zoom
			if n.id == m.g.centre {
				box.StrokeColor, box.StrokeWidth = th.Color(theme.ColorNamePrimary, m.variant), 2
			}
		} else {
			box.FillColor = withAlpha(fillFor(n.kind, m.variant), 0xff)
			box.StrokeWidth = 0
			box.CornerRadius = 3 * m.zoom
		}
		if m.hasKeys && i == m.focused {
			box.StrokeColor, box.StrokeWidth = focus, 3
		}
		box.Move(pos)
		box.Resize(sz)
		objs = append(objs, box)
		inner := 6 * m.zoom
		if n.isArticle {
			labels = append(labels, text(n.label, fg, pos.AddXY(inner, inner/2), sz.Width-2*inner, true))
			continue
		}
		label := n.kind.Label() + " · “" + oneLineText(n.label) + "”"
		if n.speaker != "" {
			label = n.kind.Label() + " · " + n.speaker + ": “" + oneLineText(n.label) + "”"
		}
		labels = append(labels, text(label, kindTextColour(n.kind, m.variant), pos.AddXY(inner, (sz.Height-textSize*1.3)/2), sz.Width-2*inner, false))
	}
	for _, e := range m.g.edges {
		if m.hidden[e.link.Relation] {
			continue
		}
		c := relationColour(e.link.Relation)
		pts := make([]fyne.Position, len(e.points))
		for i, p := range e.points {
			pts[i] = m.toView(p)
		}
		for i := 1; i < len(pts); i++ {
			objs = append(objs, line(pts[i-1], pts[i], c, 2))
		}
		objs = append(objs, arrowhead(pts[len(pts)-2], pts[len(pts)-1], c, clampF(10*m.zoom, 5, 14))...)
		mid := midpoint(pts)
		lt := canvas.NewText(string(e.link.Relation), c)
		lt.TextSize = clampF(theme.CaptionTextSize()*m.zoom, 6, 18)
		lt.TextStyle.Bold = true
		ls := fyne.MeasureText(lt.Text, lt.TextSize, lt.TextStyle)
		if e.loop {
			mid = mid.AddXY(ls.Width/2+4, 0)
		}
		plate := canvas.NewRectangle(withAlpha(th.Color(theme.ColorNameBackground, m.variant), 0xe6))
		plate.CornerRadius = 3
		plate.Move(mid.SubtractXY(ls.Width/2+3, ls.Height/2))
		plate.Resize(ls.AddWidthHeight(6, 0))
		lt.Move(mid.SubtractXY(ls.Width/2, ls.Height/2))
		labels = append(labels, plate, lt)
	}
	r.objs = append(objs, labels...)
}

// line is a straight stroke from a to b.
func line(a, b fyne.Position, c color.Color, width float32) *canvas.Line {
	l := canvas.NewLine(c)
	l.StrokeWidth = width
	l.Position1, l.Position2 = a, b
	return l
}

// arrowhead is the two strokes of an arrow's head at to, pointing away
// from from.
func arrowhead(from, to fyne.Position, c color.Color, size float32) []fyne.CanvasObject {
	dx, dy := float64(to.X-from.X), float64(to.Y-from.Y)
	angle := math.Atan2(dy, dx)
	var out []fyne.CanvasObject
	for _, side := range []float64{-1, 1} {
		a := angle + math.Pi - side*math.Pi/7
		tip := fyne.NewPos(to.X+size*float32(math.Cos(a)), to.Y+size*float32(math.Sin(a)))
		out = append(out, line(to, tip, c, 2))
	}
	return out
}

// midpoint is the middle of a polyline's middle segment.
func midpoint(pts []fyne.Position) fyne.Position {
	i := len(pts) / 2
	a, b := pts[i-1], pts[i]
	return fyne.NewPos((a.X+b.X)/2, (a.Y+b.Y)/2)
}

func withAlpha(c color.Color, a uint8) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// kindTextColour is readable text on a kind's band colour: the bands
// are light in the light theme and dark in the dark one.
func kindTextColour(_ annotate.Kind, variant fyne.ThemeVariant) color.Color {
	if variant == theme.VariantDark {
		return color.NRGBA{0xf0, 0xf0, 0xf0, 0xff}
	}
	return color.NRGBA{0x17, 0x17, 0x18, 0xff}
}

// fitText shortens s with "…" to fit width at size.
func fitText(s string, width, size float32, bold bool) string {
	s = oneLineText(s)
	style := fyne.TextStyle{Bold: bold}
	if fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(r[:mid])+"…", size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimSpace(string(r[:lo])) + "…"
}

// showLinkMap shows the open article's neighbourhood in a dialog: the
// map, how far out it reaches, zoom buttons and a legend whose checks
// filter the relations. A click on a node (or Enter) opens it.
func (lp *linksPanel) showLinkMap() {
	doc := lp.ctx.doc()
	if doc == nil {
		lp.sh.status("Open an article first")
		return
	}
	var d dialog.Dialog
	var m *linkMap
	body := container.NewStack()
	legend := container.NewHBox()
	load := func(depth int) {
		var g *linkGraph
		err := lp.sh.svc.Store().View(func(tx *store.Tx) error {
			var err error
			g, err = buildLinkGraph(tx, doc.article.ID, depth)
			return err
		})
		if err != nil {
			lp.sh.fail("draw the link map", err)
			return
		}
		m = newLinkMap(g, lp.sh.variant(), func(n *mapNode) {
			d.Hide()
			if n.isArticle {
				lp.ctx.open(n.id)
				return
			}
			lp.ctx.openRef(annotate.Ref{Type: annotate.RefAnnotation, ID: n.id}, n.articleID)
		}, func() { d.Hide() })
		if len(g.edges) == 0 {
			body.Objects = []fyne.CanvasObject{container.NewCenter(widget.NewLabel("This article has no links yet. Use “Link article…” or link its highlights."))}
		} else {
			body.Objects = []fyne.CanvasObject{m}
		}
		body.Refresh()
		fillLegend(legend, g, m)
		m.fit()
		lp.sh.win.Canvas().Focus(m)
	}
	depth := widget.NewSelect([]string{"1 link away", "2 links away", "3 links away"}, func(s string) {
		load(int(s[0] - '0'))
	})
	zoomIn := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { m.TypedRune('+') })
	zoomOut := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { m.TypedRune('-') })
	fit := widget.NewButtonWithIcon("", theme.ZoomFitIcon(), func() { m.fit() })
	help := widget.NewLabel("Click a box to open it · wheel zooms · drag pans · Tab, Enter, arrows, + − 0")
	help.SizeName = theme.SizeNameCaptionText
	top := container.NewBorder(nil, nil, container.NewHBox(depth, zoomOut, zoomIn, fit), nil, help)
	content := container.NewBorder(top, container.NewHScroll(legend), nil, nil, body)
	d = dialog.NewCustom("Link map — "+shorten(doc.article.Title, 60), "Close", content, lp.sh.win)
	d.Resize(lp.sh.fit(1100, 760))
	d.Show()
	depth.SetSelected("1 link away")
}

// fillLegend shows each relation in use with its colour and count, a
// check to show or hide it.
func fillLegend(legend *fyne.Container, g *linkGraph, m *linkMap) {
	legend.Objects = nil
	counts := map[annotate.Relation]int{}
	for _, e := range g.edges {
		counts[e.link.Relation]++
	}
	for _, rel := range annotate.Relations() {
		if counts[rel] == 0 {
			continue
		}
		sw := canvas.NewRectangle(relationColour(rel))
		sw.SetMinSize(fyne.NewSize(22, 5))
		check := widget.NewCheck(fmt.Sprintf("%s (%d)", rel, counts[rel]), func(on bool) {
			m.hidden[rel] = !on
			m.Refresh()
		})
		check.SetChecked(true)
		legend.Add(container.NewHBox(container.NewCenter(sw), check))
	}
	legend.Refresh()
}
