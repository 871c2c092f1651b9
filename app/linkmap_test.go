package app

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

// mapFixture is three articles linked as the issue describes: a claim in
// A supported by a quote in B, which contradicts another claim in A; A
// followed up by C; and the two claims of A the same claim.
type mapFixture struct {
	sh         *shell
	a, b, c    annotate.Article
	a1, a2, b1 string
	g          *linkGraph
}

func newMapFixture(t *testing.T) *mapFixture {
	t.Helper()
	sh, _ := newShell(t)
	f := &mapFixture{sh: sh}
	f.a = mustImport(t, sh, "a.txt", "Port strike ends\n\nThe union said the strike was over. The minister said wages would rise by four per cent.")
	f.b = mustImport(t, sh, "b.txt", "Dockers return\n\nThe union leader Maria Okonkwo said: we have won what we came for.")
	f.c = mustImport(t, sh, "c.txt", "Backlog clears\n\nThe port cleared its backlog of containers within a month.")
	hl := func(art annotate.Article, quote string, kind annotate.Kind, speaker string) string {
		res, err := sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: quote, Kind: kind, Speaker: speaker, NewSpeaker: speaker != ""})
		if err != nil {
			t.Fatal(err)
		}
		return res.Annotation.ID
	}
	f.a1 = hl(f.a, "the strike was over", annotate.KindClaim, "")
	f.a2 = hl(f.a, "wages would rise by four per cent", annotate.KindClaim, "")
	f.b1 = hl(f.b, "we have won what we came for", annotate.KindQuote, "Maria Okonkwo")
	for _, l := range []struct {
		from, to string
		rel      annotate.Relation
	}{
		{f.b1, f.a1, annotate.RelSupports},
		{f.b1, f.a2, annotate.RelContradicts},
		{f.a.ID, f.c.ID, annotate.RelFollowUp},
		{f.a1, f.a2, annotate.RelSameClaim},
	} {
		if _, err := sh.svc.Link(l.from, l.to, l.rel, "", "tester"); err != nil {
			t.Fatal(err)
		}
	}
	if err := sh.svc.Store().View(func(tx *store.Tx) error {
		var err error
		f.g, err = buildLinkGraph(tx, f.a.ID, 1)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return f
}

// onBorder reports whether p lies on a side of r.
func onBorder(p fyne.Position, r rectangle) bool {
	const eps = 0.5
	inY := p.Y >= r.y-eps && p.Y <= r.y+r.h+eps
	inX := p.X >= r.x-eps && p.X <= r.x+r.w+eps
	return inY && (abs32(p.X-r.x) < eps || abs32(p.X-(r.x+r.w)) < eps) ||
		inX && (abs32(p.Y-r.y) < eps || abs32(p.Y-(r.y+r.h)) < eps)
}

func abs32(f float32) float32 { return max(f, -f) }

func TestLinkMapNodesAndArrows(t *testing.T) {
	f := newMapFixture(t)
	g := f.g
	var got []string
	for _, n := range g.nodes {
		got = append(got, n.id)
	}
	// The centre, its linked highlights in text order, then the others.
	want := []string{f.a.ID, f.a1, f.a2, f.c.ID, f.b.ID, f.b1}
	if !slices.Equal(got, want) {
		t.Fatalf("nodes %v, want %v", got, want)
	}
	// Highlights sit inside their article's box.
	for _, n := range g.nodes {
		if art := g.byID[n.articleID]; !n.isArticle && (n.rect.x < art.rect.x || n.rect.y < art.rect.y || n.rect.x+n.rect.w > art.rect.x+art.rect.w || n.rect.y+n.rect.h > art.rect.y+art.rect.h) {
			t.Errorf("highlight %s lies outside its article's box", n.id)
		}
	}
	if g.byID[f.b1].speaker != "Maria Okonkwo" || g.byID[f.b1].kind != annotate.KindQuote {
		t.Errorf("b1 = %+v", g.byID[f.b1])
	}
	// Every arrow runs from its From end's box to its To end's box.
	if len(g.edges) != 4 {
		t.Fatalf("%d edges, want 4", len(g.edges))
	}
	for _, e := range g.edges {
		first, last := e.points[0], e.points[len(e.points)-1]
		if e.from.id != e.link.From.ID || e.to.id != e.link.To.ID {
			t.Errorf("%s edge joins %s to %s, the link %s to %s", e.link.Relation, e.from.id, e.to.id, e.link.From.ID, e.link.To.ID)
		}
		if !onBorder(first, e.from.rect) || !onBorder(last, e.to.rect) {
			t.Errorf("%s edge from %v to %v is not from box %+v to box %+v", e.link.Relation, first, last, e.from.rect, e.to.rect)
		}
	}

	// Drawn: each visible relation's strokes in its colour, an arrowhead
	// (two strokes) at the To end of each.
	m := newLinkMap(g, theme.VariantLight, nil, nil)
	w := test.NewTempWindow(t, m)
	w.Resize(fyne.NewSize(1000, 700))
	m.fit()
	strokes := func() map[color.Color]int {
		n := map[color.Color]int{}
		for _, o := range test.WidgetRenderer(m).Objects() {
			if l, ok := o.(*canvas.Line); ok {
				n[l.StrokeColor]++
			}
		}
		return n
	}
	counts := strokes()
	for _, e := range g.edges {
		want := len(e.points) - 1 + 2
		if got := counts[relationColour(e.link.Relation)]; got != want {
			t.Errorf("%s: %d strokes, want %d (segments and an arrowhead)", e.link.Relation, got, want)
		}
	}
	// The filter: without supports and contradicts, B and its quote go.
	m.hidden[annotate.RelSupports], m.hidden[annotate.RelContradicts] = true, true
	m.Refresh()
	if m.visible(g.byID[f.b.ID]) || m.visible(g.byID[f.b1]) || !m.visible(g.byID[f.c.ID]) {
		t.Error("hiding relations did not hide the nodes only they link")
	}
	if n := strokes()[relationColour(annotate.RelSupports)]; n != 0 {
		t.Errorf("%d strokes of a hidden relation", n)
	}
}

func TestLinkMapOpensNodesByClickAndKeyboard(t *testing.T) {
	f := newMapFixture(t)
	var opened []string
	closed := false
	m := newLinkMap(f.g, theme.VariantLight, func(n *mapNode) { opened = append(opened, n.id) }, func() { closed = true })
	w := test.NewTempWindow(t, m)
	w.Resize(fyne.NewSize(1000, 700))
	m.fit()
	// A click on the quote's row in B opens the quote.
	test.TapAt(m, m.toView(f.g.byID[f.b1].rect.centre()))
	// A click on C's title opens C.
	c := f.g.byID[f.c.ID].rect
	test.TapAt(m, m.toView(fyne.NewPos(c.x+10, c.y+10)))
	if !slices.Equal(opened, []string{f.b1, f.c.ID}) {
		t.Errorf("clicks opened %v", opened)
	}
	opened = nil
	w.Canvas().Focus(m)
	for range 2 {
		m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	}
	m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !slices.Equal(opened, []string{f.a1}) {
		t.Errorf("Tab, Tab, Enter opened %v, want the first highlight", opened)
	}
	z := m.zoom
	m.TypedRune('+')
	if m.zoom <= z {
		t.Error("+ did not zoom in")
	}
	pan := m.pan
	m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if m.pan.X <= pan.X {
		t.Error("the right arrow did not pan")
	}
	m.Dragged(&fyne.DragEvent{Dragged: fyne.NewDelta(50, 0)})
	if m.pan.X >= pan.X+60/m.zoom {
		t.Error("a drag to the right did not move the map right")
	}
	m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !closed {
		t.Error("Escape did not close the map")
	}
}

// TestLinkMapLooksTheSame compares the drawn map with a reviewed image,
// allowing for anti-aliasing: at most 0.05% of pixels (about 250) may
// differ by more than a small amount. The same comparison must fail when
// its shortest arrow is missing, so the tolerance cannot hide a lost edge.
// MARGINALIA_UPDATE_GOLDEN=1 rewrites the image.
func TestLinkMapLooksTheSame(t *testing.T) {
	f := newMapFixture(t)
	m := newLinkMap(f.g, theme.VariantLight, nil, nil)
	w := test.NewTempWindow(t, m)
	w.Resize(fyne.NewSize(900, 560))
	m.fit()
	got := w.Canvas().Capture()
	path := filepath.Join("testdata", "linkmap.png")
	if os.Getenv("MARGINALIA_UPDATE_GOLDEN") != "" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		if err := png.Encode(out, got); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
		return
	}
	in, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (MARGINALIA_UPDATE_GOLDEN=1 writes it)", err)
	}
	defer in.Close()
	want, err := png.Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	const tol, maxFrac = 48, 0.0005
	if frac, ok := imagesMatch(got, want, tol, maxFrac); !ok {
		failed := filepath.Join(t.TempDir(), "linkmap.png")
		if out, err := os.Create(failed); err == nil {
			_ = png.Encode(out, got)
			out.Close()
		}
		t.Errorf("%.3f%% of pixels differ from %s (drawn: %s)", 100*frac, path, failed)
	}
	m.hidden[annotate.RelSameClaim] = true // one short arrow, every box stays
	m.Refresh()
	if frac, ok := imagesMatch(w.Canvas().Capture(), want, tol, maxFrac); ok {
		t.Errorf("without its same-claim arrow the map still matches (%.3f%% differ): the tolerance is too loose", 100*frac)
	}
}

// imagesMatch reports whether a and b have the same size and at most
// maxFrac of their pixels differ by more than tol in any channel (0-255).
func imagesMatch(a, b image.Image, tol int, maxFrac float64) (float64, bool) {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 1, false
	}
	ab, bb := a.Bounds(), b.Bounds()
	differ := 0
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			ca := color.NRGBAModel.Convert(a.At(ab.Min.X+x, ab.Min.Y+y)).(color.NRGBA)
			cb := color.NRGBAModel.Convert(b.At(bb.Min.X+x, bb.Min.Y+y)).(color.NRGBA)
			d := max(absInt(int(ca.R)-int(cb.R)), absInt(int(ca.G)-int(cb.G)), absInt(int(ca.B)-int(cb.B)), absInt(int(ca.A)-int(cb.A)))
			if d > tol {
				differ++
			}
		}
	}
	frac := float64(differ) / float64(ab.Dx()*ab.Dy())
	return frac, frac <= maxFrac
}

func absInt(n int) int { return max(n, -n) }

func TestHighlightPickerSaysWhatEachIsAndEscapeCloses(t *testing.T) {
	f := newMapFixture(t)
	d, err := loadDoc(f.sh.svc.Store(), f.a.ID)
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{f.a.ID: f.a.Title, f.b.ID: f.b.Title, f.c.ID: f.c.Title}
	lp := newLinksPanel(f.sh, linkContext{
		doc: func() *openDoc { return d }, selected: func() string { return f.a1 },
		titles: func() map[string]string { return titles },
	})
	lp.showLinkHighlight()
	c := f.sh.win.Canvas()
	pop := c.Overlays().Top()
	if pop == nil {
		t.Fatal("no picker")
	}
	typeFocused(c, "won")
	var labels []string
	for _, o := range findObjects(pop, func(o fyne.CanvasObject) bool { _, ok := o.(*widget.Label); return ok }) {
		labels = append(labels, o.(*widget.Label).Text)
	}
	want := "Quote · Maria Okonkwo · “we have won what we came for” — Dockers return"
	if !slices.Contains(labels, want) {
		t.Errorf("the picker lists %q, want %q", labels, want)
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if pop.Visible() {
		t.Error("Escape did not close the picker")
	}
}
