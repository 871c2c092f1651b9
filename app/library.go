package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate/search"
	"marginalia/store"
)

// libraryPanel lists the articles with a filter box; choosing one opens it.
type libraryPanel struct {
	sh     *shell
	onOpen func(id string)

	infos  []store.ArticleInfo // every article, newest import first
	shown  []store.ArticleInfo // infos after the filter
	opened string              // the open article's ID
	seq    int                 // the newest filter's number

	filter *widget.Entry
	count  *widget.Label
	list   *widget.List
	box    fyne.CanvasObject
}

func newLibraryPanel(sh *shell, onOpen func(id string)) *libraryPanel {
	p := &libraryPanel{sh: sh, onOpen: onOpen}
	p.filter = widget.NewEntry()
	p.filter.SetPlaceHolder("Filter articles")
	p.filter.OnChanged = func(string) { p.applyFilter() }
	p.count = widget.NewLabel("")
	p.list = widget.NewList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("title")
			title.TextStyle.Bold = true
			title.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("meta")
			meta.SizeName = theme.SizeNameCaptionText
			meta.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(title, meta)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			info := p.shown[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(info.Title)
			box.Objects[1].(*widget.Label).SetText(articleMeta(info))
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.shown) && p.shown[i].ID != p.opened {
			p.onOpen(p.shown[i].ID)
		}
	}
	p.box = container.NewBorder(container.NewVBox(p.filter, p.count), nil, nil, nil, p.list)
	return p
}

func (p *libraryPanel) object() fyne.CanvasObject { return p.box }

func articleMeta(info store.ArticleInfo) string {
	var parts []string
	if info.Source != "" {
		parts = append(parts, info.Source)
	}
	if !info.Published.IsZero() {
		parts = append(parts, info.Published.Format("2 Jan 2006"))
	}
	return strings.Join(append(parts, count(info.Annotations, "highlight")), " · ")
}

// reload reads every article's metadata.
func (p *libraryPanel) reload() {
	err := p.sh.svc.Store().View(func(tx *store.Tx) error {
		var err error
		p.infos, err = tx.Articles()
		return err
	})
	if err != nil {
		p.sh.fail("load the library", err)
	}
	p.applyFilter()
}

// update re-reads only the articles changes touched: metadata, deletion,
// and annotation counts.
func (p *libraryPanel) update(c store.Changes) {
	ids := append(slices.Clone(c.Articles), c.AnnotatedArticles...)
	if len(ids) == 0 {
		return
	}
	added := false
	err := p.sh.svc.Store().View(func(tx *store.Tx) error {
		for _, id := range ids {
			i := slices.IndexFunc(p.infos, func(x store.ArticleInfo) bool { return x.ID == id })
			a, err := tx.ArticleMeta(id)
			switch {
			case err != nil && i >= 0:
				p.infos = slices.Delete(p.infos, i, i+1)
			case err != nil:
			case i >= 0:
				p.infos[i] = store.ArticleInfo{Article: a, Annotations: tx.AnnotationCount(id)}
			default:
				p.infos = append(p.infos, store.ArticleInfo{Article: a, Annotations: tx.AnnotationCount(id)})
				added = true
			}
		}
		return nil
	})
	if err != nil {
		p.sh.fail("load the library", err)
	}
	if added {
		slices.SortStableFunc(p.infos, func(a, b store.ArticleInfo) int { return b.Imported.Compare(a.Imported) })
	}
	p.applyFilter()
}

func (p *libraryPanel) has(id string) bool {
	return slices.ContainsFunc(p.infos, func(i store.ArticleInfo) bool { return i.ID == id })
}

// first is the newest article's ID, "" when the library is empty.
func (p *libraryPanel) first() string {
	if len(p.infos) == 0 {
		return ""
	}
	return p.infos[0].ID
}

// titles maps article IDs to titles.
func (p *libraryPanel) titles() map[string]string {
	m := make(map[string]string, len(p.infos))
	for _, info := range p.infos {
		m[info.ID] = info.Title
	}
	return m
}

// applyFilter shows the articles the filter finds: every word must match
// a word of the title, byline, source, tags or text (typos allowed, as in
// search), best match first. An empty filter shows them all, newest first.
func (p *libraryPanel) applyFilter() {
	text := strings.TrimSpace(p.filter.Text)
	if text == "" {
		p.show(slices.Clone(p.infos))
		return
	}
	p.seq++
	seq := p.seq
	q := search.ParseQuery(text)
	q.In = append(q.In, "articles")
	p.sh.run.Go(func() {
		res, err := p.sh.svc.Search(context.Background(), q, max(len(p.infos), 1))
		p.sh.run.UI(func() {
			if seq != p.seq {
				return // the filter changed meanwhile
			}
			if err != nil {
				p.sh.fail("filter the library", err)
				return
			}
			byID := make(map[string]store.ArticleInfo, len(p.infos))
			for _, info := range p.infos {
				byID[info.ID] = info
			}
			var shown []store.ArticleInfo
			for _, r := range res {
				if info, ok := byID[r.ID]; ok && r.Type == search.TypeArticle {
					shown = append(shown, info)
				}
			}
			p.show(shown)
		})
	})
}

func (p *libraryPanel) show(shown []store.ArticleInfo) {
	p.shown = shown
	if len(p.shown) == len(p.infos) {
		p.count.SetText(count(len(p.infos), "article"))
	} else {
		p.count.SetText(fmt.Sprintf("%d of %s", len(p.shown), count(len(p.infos), "article")))
	}
	p.list.Refresh()
	p.syncSelection()
}

// setOpened marks the open article in the list.
func (p *libraryPanel) setOpened(id string) {
	p.opened = id
	p.syncSelection()
}

func (p *libraryPanel) syncSelection() {
	for i, info := range p.shown {
		if info.ID == p.opened {
			p.list.Select(i)
			return
		}
	}
	p.list.UnselectAll()
}
