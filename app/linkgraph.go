package app

import (
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2"

	"marginalia/annotate"
	"marginalia/store"
)

// The link map's graph and layout, apart from its widget so that both
// can be tested: articles are boxes, the highlights that take part in
// links are rows inside their article's box, and every link is an arrow
// from its From end to its To end, in its relation's colour.

// mapNode is an article's box or a highlight's row in it.
type mapNode struct {
	id        string
	articleID string // the article; its own ID for an article
	isArticle bool
	label     string        // the title, or the quote
	kind      annotate.Kind // a highlight's
	speaker   string        // a highlight's speaker, "" for none
	depth     int           // an article's distance in links from the centre
	start     int           // a highlight's offset in its article's text
	rect      rectangle     // where it is, in map coordinates
}

// rectangle is a box in map coordinates.
type rectangle struct{ x, y, w, h float32 }

func (r rectangle) centre() fyne.Position { return fyne.NewPos(r.x+r.w/2, r.y+r.h/2) }

func (r rectangle) contains(p fyne.Position) bool {
	return p.X >= r.x && p.X <= r.x+r.w && p.Y >= r.y && p.Y <= r.y+r.h
}

// mapEdge is one link, drawn as a polyline from its From end's node to
// its To end's, the arrowhead at the last point.
type mapEdge struct {
	link   annotate.Link
	from   *mapNode
	to     *mapNode
	points []fyne.Position
	// loop says the edge joins two highlights of one article, out and
	// back on its right: its label goes beside it, not on it.
	loop bool
}

// linkGraph is what the map shows around one article.
type linkGraph struct {
	centre string
	nodes  []*mapNode // articles, each followed by its highlights
	byID   map[string]*mapNode
	edges  []*mapEdge
}

// Sizes of the layout, in map coordinates (before zoom).
const (
	mapBoxW    = 250
	mapHeaderH = 46
	mapRowH    = 30
	mapPad     = 8
)

// buildLinkGraph reads the links around article centre: its own and its
// highlights', and, up to depth steps away, those of the articles they
// reach. It lays the graph out.
func buildLinkGraph(tx *store.Tx, centre string, depth int) (*linkGraph, error) {
	g := &linkGraph{centre: centre, byID: map[string]*mapNode{}}
	article := func(id string, d int) (*mapNode, error) {
		if n, ok := g.byID[id]; ok {
			return n, nil
		}
		a, err := tx.ArticleMeta(id)
		if err != nil {
			return nil, err
		}
		n := &mapNode{id: id, articleID: id, isArticle: true, label: a.Title, depth: d}
		g.byID[id] = n
		return n, nil
	}
	node := func(r annotate.Ref, d int) (*mapNode, error) {
		if r.Type == annotate.RefArticle {
			return article(r.ID, d)
		}
		if n, ok := g.byID[r.ID]; ok {
			return n, nil
		}
		an, err := tx.Annotation(r.ID)
		if err != nil {
			return nil, err
		}
		if _, err := article(an.ArticleID, d); err != nil {
			return nil, err
		}
		n := &mapNode{id: an.ID, articleID: an.ArticleID, label: an.Quote.Exact, kind: an.Kind, start: an.Span.Start}
		if an.SpeakerID != "" {
			if sp, err := tx.Speaker(an.SpeakerID); err == nil {
				n.speaker = sp.Name
			}
		}
		g.byID[an.ID] = n
		return n, nil
	}
	if _, err := article(centre, 0); err != nil {
		return nil, err
	}
	seenLink := map[string]bool{}
	frontier := []string{centre}
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		var next []string
		for _, artID := range frontier {
			owners := []string{artID}
			anns, err := tx.AnnotationsOf(artID)
			if err != nil {
				return nil, err
			}
			for _, a := range anns {
				owners = append(owners, a.ID)
			}
			for _, owner := range owners {
				links, err := tx.LinksOf(owner)
				if err != nil {
					return nil, err
				}
				for _, l := range links {
					if seenLink[l.ID] {
						continue
					}
					seenLink[l.ID] = true
					from, err := node(l.From, d)
					if err != nil {
						return nil, err
					}
					to, err := node(l.To, d)
					if err != nil {
						return nil, err
					}
					g.edges = append(g.edges, &mapEdge{link: l, from: from, to: to})
					for _, n := range []*mapNode{from, to} {
						if a := g.byID[n.articleID]; a.depth == d && !slices.Contains(next, a.id) && a.id != centre {
							next = append(next, a.id)
						}
					}
				}
			}
		}
		frontier = next
	}
	g.order()
	g.layout()
	return g, nil
}

// order lists the nodes: the centre first, then articles by distance and
// title, each followed by its highlights in text order of their quotes.
func (g *linkGraph) order() {
	var arts []*mapNode
	kids := map[string][]*mapNode{}
	for _, n := range g.byID {
		if n.isArticle {
			arts = append(arts, n)
		} else {
			kids[n.articleID] = append(kids[n.articleID], n)
		}
	}
	slices.SortFunc(arts, func(a, b *mapNode) int {
		switch {
		case a.id == g.centre:
			return -1
		case b.id == g.centre:
			return 1
		case a.depth != b.depth:
			return a.depth - b.depth
		}
		return strings.Compare(annotate.Fold(a.label)+a.id, annotate.Fold(b.label)+b.id)
	})
	g.nodes = g.nodes[:0]
	for _, a := range arts {
		g.nodes = append(g.nodes, a)
		k := kids[a.id]
		slices.SortFunc(k, func(x, y *mapNode) int { return x.start - y.start })
		g.nodes = append(g.nodes, k...)
	}
	at := map[*mapNode]int{}
	for i, n := range g.nodes {
		at[n] = i
	}
	slices.SortStableFunc(g.edges, func(a, b *mapEdge) int {
		if d := at[a.from] - at[b.from]; d != 0 {
			return d
		}
		if d := at[a.to] - at[b.to]; d != 0 {
			return d
		}
		return strings.Compare(string(a.link.Relation), string(b.link.Relation))
	})
}

// layout places the centre article in the middle and the others on a
// ring per distance, each box tall enough for its highlights, then routes
// the edges.
func (g *linkGraph) layout() {
	rings := map[int][]*mapNode{}
	for _, n := range g.nodes {
		if n.isArticle {
			rings[n.depth] = append(rings[n.depth], n)
		}
	}
	height := func(a *mapNode) float32 {
		rows := 0
		for _, n := range g.nodes {
			if !n.isArticle && n.articleID == a.id {
				rows++
			}
		}
		return mapHeaderH + float32(rows)*mapRowH + mapPad
	}
	place := func(a *mapNode, c fyne.Position) {
		h := height(a)
		a.rect = rectangle{c.X - mapBoxW/2, c.Y - h/2, mapBoxW, h}
		row := 0
		for _, n := range g.nodes {
			if !n.isArticle && n.articleID == a.id {
				n.rect = rectangle{a.rect.x + mapPad, a.rect.y + mapHeaderH + float32(row)*mapRowH, mapBoxW - 2*mapPad, mapRowH - 4}
				row++
			}
		}
	}
	radius := float32(0)
	for d := 0; d < len(rings)+1; d++ {
		ring := rings[d]
		if len(ring) == 0 {
			continue
		}
		if d == 0 {
			place(ring[0], fyne.NewPos(0, 0))
			continue
		}
		// Far enough out for the boxes of this ring to stand apart.
		radius = max(radius+mapBoxW+230, float32(len(ring))*(mapBoxW+80)/(2*math.Pi))
		// Around the centre from its right, so that two neighbours stand
		// left and right (arrows leave boxes by their sides), the first
		// ones not straight above or below.
		for i, a := range ring {
			angle := 2*math.Pi*float64(i)/float64(len(ring)) + float64(d-1)*math.Pi/float64(2*len(ring))
			place(a, fyne.NewPos(radius*float32(math.Cos(angle)), radius*0.7*float32(math.Sin(angle))))
		}
	}
	g.route()
}

// route draws each edge from the side of its From node that faces its
// To node to the facing side of the To node; links inside one article go
// out and back on its right. Links between the same two nodes are drawn
// apart.
func (g *linkGraph) route() {
	pairs := map[[2]string]int{}
	for _, e := range g.edges {
		key := [2]string{min(e.from.id, e.to.id), max(e.from.id, e.to.id)}
		k := float32(pairs[key]) * 7
		pairs[key]++
		a, b := e.from.rect, e.to.rect
		if e.from.articleID == e.to.articleID && !e.from.isArticle && !e.to.isArticle {
			e.loop = true
			x := a.x + a.w
			out := x + mapPad + 24 + k
			y1, y2 := a.y+a.h/2+k/2, b.y+b.h/2+k/2
			e.points = []fyne.Position{{X: x, Y: y1}, {X: out, Y: y1}, {X: out, Y: y2}, {X: x, Y: y2}}
			continue
		}
		ac, bc := e.from.rect.centre(), e.to.rect.centre()
		p1 := anchor(e.from, bc, k)
		p2 := anchor(e.to, ac, k)
		e.points = []fyne.Position{p1, p2}
	}
}

// anchor is where an edge meets node n on its way to or from point
// towards: the side of the box that faces it, the box's top or bottom
// when an article lies above or below (a highlight's row is always left
// by a side: its article's box is around it). k spreads edges apart.
func anchor(n *mapNode, towards fyne.Position, k float32) fyne.Position {
	r := n.rect
	c := r.centre()
	if n.isArticle {
		c.Y = r.y + mapHeaderH/2
		dx, dy := towards.X-c.X, towards.Y-c.Y
		if abs(dx) < r.w/2+mapBoxW/2 && abs(dy) > r.h/2 {
			if dy > 0 {
				return fyne.NewPos(c.X+k, r.y+r.h)
			}
			return fyne.NewPos(c.X+k, r.y)
		}
	}
	if towards.X >= c.X {
		return fyne.NewPos(r.x+r.w, c.Y+k)
	}
	return fyne.NewPos(r.x, c.Y+k)
}

func abs(f float32) float32 { return max(f, -f) }

// bounds is the box around every node and edge.
func (g *linkGraph) bounds() rectangle {
	if len(g.nodes) == 0 {
		return rectangle{}
	}
	x0, y0 := float32(math.MaxFloat32), float32(math.MaxFloat32)
	x1, y1 := -x0, -y0
	grow := func(x, y float32) {
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	for _, n := range g.nodes {
		grow(n.rect.x, n.rect.y)
		grow(n.rect.x+n.rect.w, n.rect.y+n.rect.h)
	}
	for _, e := range g.edges {
		for _, p := range e.points {
			grow(p.X, p.Y)
		}
	}
	return rectangle{x0, y0, x1 - x0, y1 - y0}
}

// nodeAt is the node under map point p, highlights before their article.
func (g *linkGraph) nodeAt(p fyne.Position) *mapNode {
	for _, n := range g.nodes {
		if !n.isArticle && n.rect.contains(p) {
			return n
		}
	}
	for _, n := range g.nodes {
		if n.isArticle && n.rect.contains(p) {
			return n
		}
	}
	return nil
}
