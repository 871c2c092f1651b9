package app

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

// speakersPanel is the speaker registry (Ctrl+Shift+P): every speaker with
// counts; choosing one shows and edits its details, lists what it said
// across articles (each jumping to its place), and merges or deletes it.
// It stays open through edits, merges and deletions, following changes.
type speakersPanel struct {
	sh      *shell
	reveal  func(articleID, annotationID string)
	infos   []store.SpeakerInfo
	chosen  string // the speaker whose details show
	dlg     dialog.Dialog
	list    *widget.List
	detail  *fyne.Container
	editing bool           // the details' fields are being typed in
	prune   *widget.Button // "Remove unused (N)"
	count   *widget.Label  // "3 speakers, 2 unused"
}

func newSpeakersPanel(sh *shell, reveal func(articleID, annotationID string)) *speakersPanel {
	return &speakersPanel{sh: sh, reveal: reveal}
}

// show opens the registry.
func (p *speakersPanel) show() {
	p.infos = usedFirst(registry(p.sh))
	p.chosen = ""
	p.detail = container.NewStack(wrapped("Choose a speaker to see everything they said."))
	p.list = widget.NewList(
		func() int { return len(p.infos) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("name")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			// Unused speakers say so in words, at full contrast: the faint
			// grey of disabled controls is too faint for content.
			l := o.(*widget.Label)
			if n := p.infos[i].Annotations; n > 0 {
				l.SetText(fmt.Sprintf("%s  (%d)", p.infos[i].Name, n))
			} else {
				l.SetText(p.infos[i].Name + "  — unused")
			}
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.infos) {
			p.choose(p.infos[i].ID)
		}
	}
	add := widget.NewButtonWithIcon("New speaker…", theme.ContentAddIcon(), p.showNew)
	p.prune = widget.NewButtonWithIcon("", theme.DeleteIcon(), p.confirmRemoveUnused)
	p.count = widget.NewLabel("")
	p.refreshPrune()
	buttons := container.NewGridWithColumns(2, add, p.prune)
	split := container.NewHSplit(container.NewBorder(p.count, buttons, nil, nil, p.list), p.detail)
	split.Offset = 0.35
	// The count is a label that follows changes, not the title, which a
	// Fyne dialog cannot change once shown.
	p.dlg = dialog.NewCustom("Speakers", "Close", split, p.sh.win)
	p.dlg.SetOnClosed(func() { p.dlg = nil })
	p.dlg.Resize(p.sh.fit(960, 640))
	p.dlg.Show()
}

// update follows changes while the registry is open.
func (p *speakersPanel) update(c store.Changes) {
	if p.dlg == nil || len(c.Speakers)+len(c.SpokenSpeakers) == 0 {
		return
	}
	p.infos = usedFirst(registry(p.sh))
	p.list.Refresh()
	p.refreshPrune()
	switch {
	case p.chosen == "":
	case !slices.ContainsFunc(p.infos, func(s store.SpeakerInfo) bool { return s.ID == p.chosen }):
		p.chosen = ""
		p.list.UnselectAll()
		p.detail.Objects = []fyne.CanvasObject{wrapped("Choose a speaker to see everything they said.")}
		p.detail.Refresh()
	case !p.editing:
		p.choose(p.chosen)
	}
}

func (p *speakersPanel) choose(id string) {
	i := slices.IndexFunc(p.infos, func(s store.SpeakerInfo) bool { return s.ID == id })
	if i < 0 {
		return
	}
	p.chosen, p.editing = id, false
	p.detail.Objects = []fyne.CanvasObject{container.NewVScroll(p.speakerDetail(p.infos[i].Speaker))}
	p.detail.Refresh()
}

func (p *speakersPanel) speakerDetail(sp annotate.Speaker) fyne.CanvasObject {
	name, role, aff, aliases := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	name.SetText(sp.Name)
	role.SetText(sp.Role)
	aff.SetText(sp.Affiliation)
	aliases.SetText(strings.Join(sp.Aliases, ", "))
	note := widget.NewMultiLineEntry()
	note.SetText(sp.Note)
	note.SetMinRowsVisible(3)
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Hide()
	save := func(string) {
		p.editing = true
		next := sp
		next.Name, next.Role, next.Affiliation, next.Note = name.Text, role.Text, aff.Text, note.Text
		next.Aliases = strings.Split(aliases.Text, ",")
		if strings.TrimSpace(next.Name) == "" {
			problem.SetText("A speaker needs a name.")
			problem.Show()
			return
		}
		saved, err := p.sh.svc.EditSpeaker(next)
		var exists *action.SpeakerExistsError
		switch {
		case errors.As(err, &exists):
			// Shown beside the fields while typing, not as a dialog per keystroke.
			problem.SetText(fmt.Sprintf("“%s” is already %s's name or alias; not saved.", exists.Name, exists.Existing.Name))
			problem.Show()
			return
		case err != nil:
			p.sh.fail("save the speaker", err)
			return
		}
		problem.Hide()
		sp = saved
		p.sh.status("Saved " + sp.Name)
	}
	for _, e := range []*widget.Entry{name, role, aff, aliases, note} {
		e.OnChanged = save
	}
	form := widget.NewForm(widget.NewFormItem("Name", name), widget.NewFormItem("Aliases", aliases),
		widget.NewFormItem("Role", role), widget.NewFormItem("Affiliation", aff), widget.NewFormItem("Note", note))

	said, anns := p.said(sp)

	// Merge into another speaker, and delete.
	var others []string
	for _, s := range p.infos {
		if s.ID != sp.ID {
			others = append(others, s.Name)
		}
	}
	mergeInto := widget.NewSelect(others, nil)
	mergeInto.PlaceHolder = "Merge into…"
	mergeInto.OnChanged = func(target string) {
		i := slices.IndexFunc(p.infos, func(s store.SpeakerInfo) bool { return s.Name == target && s.ID != sp.ID })
		if i < 0 {
			return
		}
		into := p.infos[i].Speaker
		dialog.ShowConfirm("Merge speakers",
			fmt.Sprintf("Merge “%s” into “%s”?\n%s move to %s, and “%s” becomes an alias. Ctrl+Z undoes it.",
				sp.Name, into.Name, count(anns, "highlight"), into.Name, sp.Name),
			func(ok bool) {
				if !ok {
					mergeInto.ClearSelected()
					return
				}
				if _, _, err := p.sh.svc.MergeSpeakers(sp.ID, into.ID, p.sh.creator()); err != nil {
					p.sh.fail("merge the speakers", err)
					return
				}
				p.sh.status("Merged " + sp.Name + " into " + into.Name + " — Ctrl+Z to undo")
				p.choose(into.ID)
			}, p.sh.win)
	}
	del := widget.NewButtonWithIcon("Delete speaker…", theme.DeleteIcon(), func() {
		dialog.ShowConfirm("Delete speaker", deleteSpeakerMessage(sp.Name, anns), func(ok bool) {
			if !ok {
				return
			}
			if _, err := p.sh.svc.Delete(sp.ID, p.sh.creator()); err != nil {
				p.sh.fail("delete the speaker", err)
				return
			}
			p.sh.status("Deleted " + sp.Name + " — Ctrl+Z to undo")
		}, p.sh.win)
	})
	del.Importance = widget.DangerImportance
	return container.NewVBox(form, problem, heading(fmt.Sprintf("What %s said (%d)", sp.Name, anns)), said,
		widget.NewSeparator(), container.NewGridWithColumns(2, mergeInto, del))
}

// said lists what sp said, newest article first, each jumping to its place.
func (p *speakersPanel) said(sp annotate.Speaker) (fyne.CanvasObject, int) {
	box := container.NewVBox()
	var anns []annotate.Annotation
	arts := map[string]annotate.Article{}
	_ = p.sh.svc.Store().View(func(tx *store.Tx) error {
		var err error
		if anns, err = tx.AnnotationsBy(sp.ID); err != nil {
			return err
		}
		for _, a := range anns {
			if _, ok := arts[a.ArticleID]; !ok {
				if art, err := tx.ArticleMeta(a.ArticleID); err == nil {
					arts[a.ArticleID] = art
				}
			}
		}
		return nil
	})
	when := func(a annotate.Article) int64 {
		if a.Published.IsZero() {
			return a.Imported.Unix()
		}
		return a.Published.Unix()
	}
	slices.SortStableFunc(anns, func(x, y annotate.Annotation) int {
		if c := cmp.Compare(when(arts[y.ArticleID]), when(arts[x.ArticleID])); c != 0 {
			return c
		}
		return x.Span.Start - y.Span.Start
	})
	last := ""
	for _, a := range anns {
		if a.ArticleID != last {
			box.Add(heading(arts[a.ArticleID].Title))
			last = a.ArticleID
		}
		box.Add(container.NewBorder(nil, nil, newChip(a.Kind, p.sh.variant()), nil, tapText(a.Quote.Exact, func() {
			if p.dlg != nil {
				p.dlg.Hide()
			}
			p.reveal(a.ArticleID, a.ID)
		})))
	}
	if len(anns) == 0 {
		box.Add(widget.NewLabel("Nothing attributed yet."))
	}
	return box, len(anns)
}

// showNew asks for a new speaker; a name or alias already known (ignoring
// case and accents) is refused, offering the existing speaker.
func (p *speakersPanel) showNew() {
	name, role, aff, aliases := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("enter a name")
		}
		return nil
	}
	aliases.SetPlaceHolder("comma-separated")
	d := dialog.NewForm("New speaker", "Add", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Name", name), widget.NewFormItem("Aliases", aliases),
		widget.NewFormItem("Role", role), widget.NewFormItem("Affiliation", aff),
	}, func(ok bool) {
		if !ok {
			return
		}
		sp, err := p.sh.svc.AddSpeaker(annotate.Speaker{Name: name.Text, Aliases: strings.Split(aliases.Text, ","), Role: role.Text, Affiliation: aff.Text})
		var exists *action.SpeakerExistsError
		switch {
		case errors.As(err, &exists):
			dialog.ShowInformation("Speaker already known",
				fmt.Sprintf("“%s” is already in the registry as %s (%s).", exists.Name, exists.Existing.Name, strings.Join(exists.Existing.Names(), ", ")), p.sh.win)
			if p.dlg != nil {
				p.choose(exists.Existing.ID)
			}
			return
		case err != nil:
			p.sh.fail("add the speaker", err)
			return
		}
		p.sh.status("Added " + sp.Name + " to the registry")
		if p.dlg != nil {
			p.infos = usedFirst(registry(p.sh))
			p.list.Refresh()
			p.refreshPrune()
			p.choose(sp.ID)
		}
	}, p.sh.win)
	for _, e := range []*widget.Entry{name, role, aff, aliases} {
		e.OnSubmitted = func(string) { d.Submit() }
	}
	d.Resize(p.sh.fit(480, 280))
	d.Show()
	p.sh.win.Canvas().Focus(name)
}

// deleteSpeakerMessage asks to confirm deleting a speaker with n
// attributed highlights.
func deleteSpeakerMessage(name string, n int) string {
	if n == 0 {
		return fmt.Sprintf("Delete “%s”? Nothing is attributed to them. Ctrl+Z undoes it.", name)
	}
	return fmt.Sprintf("Delete “%s”? Their %s stay, unattributed. Ctrl+Z undoes it.", name, count(n, "highlight"))
}

// usedFirst orders the registry for the list: speakers with attributed
// highlights first, then those nothing is attributed to (typeahead
// leftovers, imports), each group in the store's name order.
func usedFirst(infos []store.SpeakerInfo) []store.SpeakerInfo {
	slices.SortStableFunc(infos, func(a, b store.SpeakerInfo) int {
		return cmp.Compare(min(b.Annotations, 1), min(a.Annotations, 1))
	})
	return infos
}

// unusedSpeakers counts the speakers nothing is attributed to.
func unusedSpeakers(infos []store.SpeakerInfo) []string {
	var names []string
	for _, in := range infos {
		if in.Annotations == 0 {
			names = append(names, in.Name)
		}
	}
	return names
}

func (p *speakersPanel) refreshPrune() {
	n := len(unusedSpeakers(p.infos))
	p.count.SetText(count(len(p.infos), "speaker"))
	if n > 0 {
		p.count.SetText(fmt.Sprintf("%s, %d unused", count(len(p.infos), "speaker"), n))
	}
	p.prune.SetText(fmt.Sprintf("Remove unused (%d)", n))
	if n == 0 {
		p.prune.Disable()
	} else {
		p.prune.Enable()
	}
}

// confirmRemoveUnused removes, after asking, every speaker nothing is
// attributed to, in one undoable step.
func (p *speakersPanel) confirmRemoveUnused() {
	names := unusedSpeakers(p.infos)
	if len(names) == 0 {
		return
	}
	shown := names
	if len(shown) > 12 {
		shown = append(slices.Clip(shown[:12]), fmt.Sprintf("and %d more", len(names)-12))
	}
	msg := fmt.Sprintf("Remove %s nothing is attributed to?\n\n%s\n\nCtrl+Z undoes it.", count(len(names), "speaker"), strings.Join(shown, ", "))
	dialog.ShowConfirm("Remove unused speakers", msg, func(ok bool) {
		if ok {
			p.removeUnused()
		}
	}, p.sh.win)
}

func (p *speakersPanel) removeUnused() {
	gone, err := p.sh.svc.RemoveUnusedSpeakers(p.sh.creator())
	if err != nil {
		p.sh.fail("remove the unused speakers", err)
		return
	}
	p.sh.status(fmt.Sprintf("Removed %s (Ctrl+Z undoes it)", count(len(gone), "unused speaker")))
}
