package app

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/agree"
	"marginalia/app/action"
	"marginalia/store"
)

// reviewPanel is the team lead's view of shared work: the report of the
// last merge as a table of records (clicking a row opens it), the
// disagreements between analysts with who said what and the means to
// settle them, and agreement figures.
type reviewPanel struct {
	sh     *shell
	open   func(articleID string)
	reveal func(articleID, annotationID string)

	dlg   dialog.Dialog // the disagreements view, while open
	units []agree.Unit
	list  *fyne.Container
}

func newReviewPanel(sh *shell, open func(string), reveal func(string, string)) *reviewPanel {
	return &reviewPanel{sh: sh, open: open, reveal: reveal}
}

// update follows changes while the disagreements view is open.
func (p *reviewPanel) update(c store.Changes) {
	if p.dlg != nil && len(c.Annotations)+len(c.Resolutions) > 0 {
		p.fillDisagreements()
	}
}

// showReport shows a merge report: counts, then every record as a row.
func (p *reviewPanel) showReport(name string, r store.Report) {
	summary := widget.NewLabel(countsLine(r))
	summary.Wrapping = fyne.TextWrapWord
	rows := r.Records
	var d dialog.Dialog
	list := widget.NewList(
		func() int { return len(rows) },
		func() fyne.CanvasObject {
			what := widget.NewLabel("")
			what.TextStyle.Bold = true
			text := widget.NewLabel("")
			text.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, what, nil, text)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := rows[i]
			box := o.(*fyne.Container)
			box.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%-8s %s", c.Action, c.Type))
			line := oneLine(c.Text)
			if c.Title != "" && c.Type != annotate.RecordArticle {
				line += " — " + c.Title
			}
			if c.Detail != "" {
				line += " (" + c.Detail + ")"
			}
			box.Objects[0].(*widget.Label).SetText(line)
		})
	list.OnSelected = func(i widget.ListItemID) {
		c := rows[i]
		switch {
		case c.Type == annotate.RecordAnnotation && c.ArticleID != "" && c.Action != store.ActionDeleted:
			d.Hide()
			p.reveal(c.ArticleID, c.ID)
		case c.Type == annotate.RecordArticle && c.Action != store.ActionDeleted:
			d.Hide()
			p.open(c.ID)
		}
		list.UnselectAll()
	}
	extra := container.NewVBox()
	if n := len(r.Disagreements); n > 0 {
		extra.Add(widget.NewButtonWithIcon(fmt.Sprintf("%s in the merged work…", count(n, "disagreement")), theme.WarningIcon(), func() {
			d.Hide()
			p.showDisagreements()
		}))
	}
	for _, m := range r.SpeakerMatches {
		extra.Add(container.NewBorder(nil, nil, nil, widget.NewButton("Merge…", func() { p.confirmSpeakerMerge(m.A, m.B, m.NameA, m.NameB) }),
			wrapped(fmt.Sprintf("Same speaker? “%s” and “%s” (%s)", m.NameA, m.NameB, m.Reason))))
	}
	content := container.NewBorder(container.NewVBox(summary, extra), nil, nil, nil, list)
	d = dialog.NewCustom("Merged "+name, "Close", content, p.sh.win)
	d.Resize(p.sh.fit(900, 600))
	d.Show()
}

func countsLine(r store.Report) string {
	var parts []string
	for _, row := range []struct {
		name string
		c    store.MergeCounts
	}{{"articles", r.Articles}, {"annotations", r.Annotations}, {"speakers", r.Speakers}, {"links", r.Links}} {
		parts = append(parts, fmt.Sprintf("%s: %d added, %d updated, %d deleted, %d unchanged, %d in conflict", row.name, row.c.Added, row.c.Updated, row.c.Deleted, row.c.Unchanged, row.c.Conflicts))
	}
	return strings.Join(parts, "\n")
}

func oneLine(s string) string { return shorten(s, 200) }

// confirmSpeakerMerge offers to merge one of two possibly identical
// speakers into the other.
func (p *reviewPanel) confirmSpeakerMerge(a, b, nameA, nameB string) {
	dialog.ShowConfirm("Merge speakers", fmt.Sprintf("Merge “%s” into “%s”? Their highlights move to %s; Ctrl+Z undoes it.", nameB, nameA, nameA), func(ok bool) {
		if !ok {
			return
		}
		if _, _, err := p.sh.svc.MergeSpeakers(b, a, p.sh.creator()); err != nil {
			p.sh.fail("merge the speakers", err)
			return
		}
		p.sh.status("Merged " + nameB + " into " + nameA + " — Ctrl+Z to undo")
	}, p.sh.win)
}

// showDisagreements opens the disagreements view.
func (p *reviewPanel) showDisagreements() {
	p.list = container.NewVBox()
	p.fillDisagreements()
	p.dlg = dialog.NewCustom("Disagreements", "Close", container.NewVScroll(p.list), p.sh.win)
	p.dlg.SetOnClosed(func() { p.dlg = nil })
	p.dlg.Resize(p.sh.fit(960, 640))
	p.dlg.Show()
}

func (p *reviewPanel) fillDisagreements() {
	units, err := p.sh.svc.Disagreements()
	if err != nil {
		p.sh.fail("find the disagreements", err)
		return
	}
	p.units = units
	p.list.Objects = nil
	if len(units) == 0 {
		p.list.Add(wrapped("No disagreements: where analysts' highlights overlap, they agree on kind, verdict and speaker (or a reviewer settled it)."))
	}
	titles := p.titles()
	for _, u := range units {
		p.list.Add(p.unitView(u, titles[u.ArticleID]))
		p.list.Add(widget.NewSeparator())
	}
	p.list.Refresh()
}

func (p *reviewPanel) titles() map[string]string {
	m := map[string]string{}
	_ = p.sh.svc.Store().View(func(tx *store.Tx) error {
		infos, err := tx.Articles()
		for _, i := range infos {
			m[i.ID] = i.Title
		}
		return err
	})
	return m
}

// unitView shows one disagreement: the passage, each analyst's position
// side by side, and the three ways to settle it.
func (p *reviewPanel) unitView(u agree.Unit, title string) fyne.CanvasObject {
	head := widget.NewLabel(fmt.Sprintf("On %s — %s", joinAspects(u.Differs), title))
	head.TextStyle.Bold = true
	head.Truncation = fyne.TextTruncateEllipsis
	cols := container.NewGridWithColumns(len(u.Positions))
	for _, pos := range u.Positions {
		cols.Add(p.positionView(u, pos))
	}
	both := widget.NewButton("Keep both", func() { p.resolve(u, store.OutcomeKeptBoth, "") })
	agreed := widget.NewButton("Mark agreed", func() { p.resolve(u, store.OutcomeAgreed, "") })
	return container.NewVBox(head, cols, container.NewHBox(both, agreed))
}

// positionView is what one analyst said in a unit, with "Keep this one".
func (p *reviewPanel) positionView(u agree.Unit, pos agree.Position) fyne.CanvasObject {
	box := container.NewVBox(heading(pos.Creator))
	for _, id := range pos.Members {
		a, ok := memberOf(u, id)
		if !ok {
			continue
		}
		desc := a.Kind.Label()
		if a.Status != "" {
			desc += " · " + string(a.Status)
		}
		if a.SpeakerID != "" {
			desc += " · " + p.speakerName(a.SpeakerID)
		}
		box.Add(container.NewBorder(nil, nil, newChip(a.Kind, p.sh.variant()), nil, widget.NewLabel(desc)))
		box.Add(tapText("“"+a.Quote.Exact+"”", func() {
			if p.dlg != nil {
				p.dlg.Hide()
			}
			p.reveal(a.ArticleID, a.ID)
		}))
		if a.Note != "" {
			note := wrapped(a.Note)
			note.TextStyle.Italic = true
			box.Add(note)
		}
		keep := widget.NewButtonWithIcon("Keep this one", theme.ConfirmIcon(), func() { p.resolve(u, store.OutcomeKeptOne, a.ID) })
		box.Add(keep)
	}
	return box
}

func memberOf(u agree.Unit, id string) (annotate.Annotation, bool) {
	for _, m := range u.Members {
		if m.ID == id {
			return m, true
		}
	}
	return annotate.Annotation{}, false
}

func (p *reviewPanel) speakerName(id string) string {
	name := id
	_ = p.sh.svc.Store().View(func(tx *store.Tx) error {
		if sp, err := tx.Speaker(id); err == nil {
			name = sp.Name
		}
		return nil
	})
	return name
}

func joinAspects(as []agree.Aspect) string {
	var s []string
	for _, a := range as {
		s = append(s, string(a))
	}
	return strings.Join(s, ", ")
}

// resolve settles a disagreement as the current analyst (undoable).
func (p *reviewPanel) resolve(u agree.Unit, outcome store.Outcome, keep string) {
	err := p.sh.svc.Resolve(u, outcome, keep, p.sh.creator())
	if errors.Is(err, action.ErrStaleUnit) {
		p.sh.status("That disagreement changed; the list is up to date now")
		p.fillDisagreements()
		return
	}
	if err != nil {
		p.sh.fail("settle the disagreement", err)
		return
	}
	p.sh.status("Settled (" + string(outcome) + ") — Ctrl+Z to undo")
	if p.dlg != nil {
		p.fillDisagreements()
	}
}

// showAgreement shows agreement figures over the whole library.
func (p *reviewPanel) showAgreement() {
	rep, err := p.sh.svc.Agreement(agree.Options{})
	var msg fyne.CanvasObject
	switch {
	case errors.Is(err, agree.ErrTooFewCreators), errors.Is(err, agree.ErrNoSharedArticle):
		msg = wrapped("Agreement needs at least two analysts who annotated the same article: " + annotate.Reason(err))
	case err != nil:
		p.sh.fail("compute agreement", err)
		return
	default:
		form := widget.NewForm(
			widget.NewFormItem("Analysts", wrapped(strings.Join(rep.Creators, ", "))),
			widget.NewFormItem("Articles", widget.NewLabel(fmt.Sprintf("%d annotated by two or more", rep.Articles))),
			widget.NewFormItem("Highlighting (u-alpha)", widget.NewLabel(rep.Alpha.Overall.String())),
		)
		for _, k := range rep.Alpha.Kinds {
			form.Append("  "+k.Kind.Label(), widget.NewLabel(k.Alpha.String()))
		}
		form.Append("Verdicts ("+rep.Verdicts.Method+")", widget.NewLabel(rep.Verdicts.Kappa.String()))
		for _, pr := range rep.Pairs {
			form.Append(pr.A+" / "+pr.B, widget.NewLabel("alpha "+pr.Alpha.Overall.String()+", verdicts "+pr.Verdicts.Kappa.String()))
		}
		msg = form
	}
	d := dialog.NewCustom("Agreement", "Close", container.NewVScroll(msg), p.sh.win)
	d.Resize(p.sh.fit(760, 560))
	d.Show()
}
