package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
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

// linksPanel is everything about links: the links section of the
// inspector, the pickers that create links, related articles, and the
// link map.
type linksPanel struct {
	sh  *shell
	ctx linkContext
	// related holds the related-article suggestions per article, computed
	// in the background; dropped on every change to articles.
	related map[string][]related.Suggestion
	// autoRelated is the most highlights in the library for which the
	// ranking starts by itself (autoRelatedMax).
	autoRelated int
	// relatedGen counts invalidations: a ranking started before one is
	// shown but not kept. ranking holds, per article, the boxes waiting
	// for a ranking under way, so that a burst of rebuilds (typing in a
	// field) starts one ranking, not one per keystroke.
	relatedGen int
	ranking    map[string][]*fyne.Container
}

// linkContext is what the links panel asks the workbench.
type linkContext struct {
	doc      func() *openDoc // the open article, or nil
	selected func() string   // the selected annotation's ID, or ""
	titles   func() map[string]string
	articles func() []store.ArticleInfo
	openRef  func(r annotate.Ref, articleID string)
	open     func(articleID string)
}

func newLinksPanel(sh *shell, ctx linkContext) *linksPanel {
	return &linksPanel{sh: sh, ctx: ctx, autoRelated: autoRelatedMax}
}

// invalidate forgets related articles after a change to articles,
// annotations' tags or speakers.
func (lp *linksPanel) invalidate(c store.Changes) {
	if len(c.Articles)+len(c.AnnotatedArticles)+len(c.Speakers)+len(c.Annotations) > 0 {
		lp.related = nil
		lp.relatedGen++
	}
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
func (lp *linksPanel) linksOf(id string) []linkView {
	var out []linkView
	err := lp.sh.svc.Store().View(func(tx *store.Tx) error {
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
				v.label, v.article = an.Kind.Label()+" “"+shorten(an.Quote.Exact, 70)+"” — "+a.Title, a.ID
			}
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		lp.sh.fail("load the links", err)
	}
	return out
}

func shorten(s string, n int) string {
	return annotate.Clip(strings.Join(strings.Fields(s), " "), n)
}

// section lists the links of id in both directions: open the other end,
// change the relation, or unlink (all undoable).
func (lp *linksPanel) section(id string, relations []string) fyne.CanvasObject {
	box := container.NewVBox()
	for _, v := range lp.linksOf(id) {
		arrow := "→"
		if !v.outgoing {
			arrow = "←"
		}
		open := tapText(arrow+" "+v.label, func() { lp.ctx.openRef(v.other, v.article) })
		rel := widget.NewSelect(relations, nil)
		rel.SetSelected(string(v.link.Relation))
		rel.OnChanged = func(s string) {
			if annotate.Relation(s) == v.link.Relation {
				return
			}
			if _, err := lp.sh.svc.SetRelation(v.link.ID, annotate.Relation(s)); err != nil {
				lp.sh.fail("change the relation", err)
				return
			}
			lp.sh.status("Relation changed to " + s + " — Ctrl+Z to undo")
		}
		unlink := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
			if _, err := lp.sh.svc.Delete(v.link.ID, lp.sh.creator()); err != nil {
				lp.sh.fail("unlink", err)
				return
			}
			lp.sh.status("Unlinked — Ctrl+Z to undo")
		})
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(rel, unlink), open))
		if v.link.Note != "" {
			note := wrapped(v.link.Note)
			note.TextStyle.Italic = true
			box.Add(note)
		}
	}
	if len(box.Objects) == 0 {
		box.Add(widget.NewLabel("No links yet."))
	}
	return box
}

// candidate is one choice in a link picker.
type candidate struct {
	id    string
	label string
}

// showPicker lets the analyst find the other end by search, choose a
// relation and write a note, then creates the link as one undoable step.
func (lp *linksPanel) showPicker(title, fromID string, relations []string, find func(q string) []candidate) {
	var cands []candidate
	chosen := -1
	var d *dialog.ConfirmDialog
	hide := func() { d.Hide() } // Escape in either field closes the picker
	entry := newEscEntry(false, hide)
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
	note := newEscEntry(false, hide)
	note.SetPlaceHolder("Note (optional)")
	form := container.NewBorder(entry, container.NewVBox(container.NewBorder(nil, nil, widget.NewLabel("Relation"), nil, rel), note), nil, nil, list)
	create := func() {
		if chosen < 0 || chosen >= len(cands) {
			return
		}
		c := cands[chosen]
		l, err := lp.sh.svc.Link(fromID, c.id, annotate.Relation(rel.Selected), note.Text, lp.sh.creator())
		if errors.Is(err, store.ErrExists) {
			lp.sh.status("Already linked that way")
			return
		}
		if err != nil {
			lp.sh.fail("link", err)
			return
		}
		lp.sh.status(fmt.Sprintf("Linked (%s) to %s — Ctrl+Z to undo", l.Relation, shorten(c.label, 50)))
	}
	d = dialog.NewCustomConfirm(title, "Link", "Cancel", form, func(ok bool) {
		if ok {
			create()
		}
	}, lp.sh.win)
	entry.OnSubmitted = func(string) { d.Confirm() } // Enter links the first match
	d.Resize(lp.sh.fit(680, 520))
	update("")
	d.Show()
	lp.sh.win.Canvas().Focus(entry)
}

// showLinkArticle links the open article to another, picked by fuzzy
// search over the library's titles and sources.
func (lp *linksPanel) showLinkArticle() {
	d := lp.ctx.doc()
	if d == nil {
		lp.sh.status("Open an article first")
		return
	}
	self := d.article.ID
	lp.showPicker("Link article", self, articleRelations(), func(q string) []candidate {
		var pool []candidate
		var folded []string
		for _, info := range lp.ctx.articles() {
			if info.ID == self {
				continue
			}
			pool = append(pool, candidate{info.ID, info.Title + "  ·  " + articleMeta(info)})
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

// showLinkHighlight links the selected highlight to a highlight in any
// article, picked by search over quotes and notes.
func (lp *linksPanel) showLinkHighlight() {
	a, ok := lp.ctx.doc().annotation(lp.ctx.selected())
	if !ok {
		lp.sh.status("Select a highlight first")
		return
	}
	titles := lp.ctx.titles()
	lp.showPicker("Link to highlight", a.ID, claimRelations(), func(q string) []candidate {
		query := search.ParseQuery(q)
		query.In = append(query.In, "quotes", "notes")
		res, err := lp.sh.svc.Search(context.Background(), query, 40)
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
			out = append(out, candidate{r.ID, highlightLabel(lp.sh, r.ID, titles)})
		}
		return out
	})
}

// relatedSection lists likely related articles of article id with their
// reasons and a one-click link; ranking runs in the background.
func (lp *linksPanel) relatedSection(id string) fyne.CanvasObject {
	box := container.NewVBox()
	if sugg, ok := lp.related[id]; ok {
		lp.fillRelated(box, id, sugg)
		return box
	}
	rank := func() {
		box.Objects = []fyne.CanvasObject{widget.NewLabel("Finding related articles…")}
		box.Refresh()
		lp.rankRelated(box, id)
	}
	// Ranking reads every article and highlight: automatic in a library
	// of ordinary size, on request in a large one, where it would read
	// the whole database each time an article opens.
	if lp.libraryHighlights() > lp.autoRelated {
		box.Add(widget.NewButtonWithIcon("Suggest related articles", theme.SearchIcon(), rank))
		return box
	}
	rank()
	return box
}

// autoRelatedMax is the most highlights in the library for which related
// articles are ranked as soon as an article opens.
const autoRelatedMax = 20000

// libraryHighlights counts the library's highlights (from the counts the
// library list already holds).
func (lp *linksPanel) libraryHighlights() int {
	if lp.ctx.articles == nil {
		return 0
	}
	n := 0
	for _, info := range lp.ctx.articles() {
		n += info.Annotations
	}
	return n
}

// rankRelated ranks in the background and fills box (and every box that
// asks for the same article meanwhile).
func (lp *linksPanel) rankRelated(box *fyne.Container, id string) {
	if lp.ranking == nil {
		lp.ranking = map[string][]*fyne.Container{}
	}
	waiting, underWay := lp.ranking[id]
	lp.ranking[id] = append(waiting, box)
	if underWay {
		return
	}
	gen := lp.relatedGen
	lp.sh.run.Go(func() {
		sugg, err := lp.sh.svc.Related(id)
		lp.sh.run.UI(func() {
			boxes := lp.ranking[id]
			delete(lp.ranking, id)
			if err == nil && gen == lp.relatedGen {
				if lp.related == nil {
					lp.related = map[string][]related.Suggestion{}
				}
				lp.related[id] = sugg
			}
			for _, b := range boxes {
				if err != nil {
					b.Objects = []fyne.CanvasObject{widget.NewLabel("Could not rank related articles: " + err.Error())}
				} else {
					b.Objects = nil
					lp.fillRelated(b, id, sugg)
				}
				b.Refresh()
			}
		})
	})
}

// fillRelated shows up to five suggestions for article id with their
// reasons and a one-click link.
func (lp *linksPanel) fillRelated(box *fyne.Container, id string, sugg []related.Suggestion) {
	linked := map[string]bool{}
	for _, v := range lp.linksOf(id) {
		linked[v.other.ID] = true
	}
	shown := 0
	for _, s := range sugg {
		if s.Score < 0.05 || shown == 5 {
			continue
		}
		shown++
		open := tapText(s.Title, func() { lp.ctx.open(s.ID) })
		var act fyne.CanvasObject = widget.NewIcon(theme.ConfirmIcon())
		if !linked[s.ID] {
			act = widget.NewButton("Link", func() {
				if _, err := lp.sh.svc.Link(id, s.ID, annotate.RelRelated, "", lp.sh.creator()); err != nil {
					lp.sh.fail("link", err)
					return
				}
				lp.sh.status("Linked as related — Ctrl+Z to undo")
			})
		}
		box.Add(container.NewBorder(nil, nil, nil, act, open))
		why := wrapped(strings.Join(s.Reasons, "; "))
		why.SizeName = theme.SizeNameCaptionText
		box.Add(why)
	}
	if shown == 0 {
		box.Add(widget.NewLabel("No related articles found."))
	}
}
