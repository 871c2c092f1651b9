package app

import (
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
	"marginalia/annotate/formats"
	"marginalia/app/action"
	"marginalia/assets"
	"marginalia/store"
)

// The annotations table's bulk actions: each is one action.Service call,
// one undo step, whatever the number of rows selected.

// bulkBar is the row of selection buttons and bulk actions above the
// table, with the count of rows shown and selected.
func (p *annotationsPanel) bulkBar() fyne.CanvasObject {
	all := widget.NewButton("Select all", p.selectAll)
	none := widget.NewButton("Clear", p.clearSelection)
	tag := widget.NewButtonWithIcon("Tag…", theme.ContentAddIcon(), p.showTagDialog)
	var verdicts []string
	for _, s := range annotate.Statuses() {
		verdicts = append(verdicts, string(s))
	}
	verdict := widget.NewSelect(verdicts, nil)
	verdict.PlaceHolder = "Set verdict…"
	verdict.OnChanged = func(s string) {
		if s == "" {
			return
		}
		p.setVerdict(annotate.Status(s))
		verdict.ClearSelected()
	}
	speaker := widget.NewButtonWithIcon("Speaker…", theme.AccountIcon(), p.showSpeakerDialog)
	del := widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), p.deleteSelected)
	del.Importance = widget.DangerImportance
	var names []string
	for _, f := range formats.Exporters() {
		names = append(names, f.Title)
	}
	export := widget.NewSelect(names, nil)
	export.PlaceHolder = "Export as…"
	export.OnChanged = func(title string) {
		if title == "" {
			return
		}
		for _, f := range formats.Exporters() {
			if f.Title == title {
				p.showExport(f)
			}
		}
		export.ClearSelected()
	}
	p.actions = []fyne.Disableable{tag, verdict, speaker, del, export}
	for _, a := range p.actions {
		a.Disable()
	}
	buttons := container.NewHBox(all, none, widget.NewSeparator(), tag, verdict, speaker, del, widget.NewSeparator(), export)
	p.bar = container.NewBorder(nil, nil, p.count, nil, container.NewHScroll(buttons))
	return p.bar
}

// done reports a bulk action's outcome in the status line: doing names
// it in an error ("tag the highlights"), said describes it done to n
// highlights.
func (p *annotationsPanel) done(doing string, said func(n string) string, res action.Bulk, err error) {
	switch {
	case errors.Is(err, action.ErrNoChange):
		p.sh.status("Nothing to change: the selected highlights are already so")
	case err != nil:
		p.sh.fail(doing, err)
	default:
		msg := said(highlightsCount(res.Changed)) + " — Ctrl+Z to undo"
		if res.Skipped > 0 {
			msg += fmt.Sprintf(" (%d left as they were)", res.Skipped)
		}
		p.sh.status(msg)
	}
}

func highlightsCount(n int) string { return count(n, "highlight") }

// setVerdict sets the verdict of the selected claims.
func (p *annotationsPanel) setVerdict(s annotate.Status) {
	res, err := p.sh.svc.SetStatusAll(p.selectedIDs(), s)
	p.done("set the verdict", func(n string) string { return "Verdict " + string(s) + " on " + n }, res, err)
}

// deleteSelected deletes the selected highlights (undoable, so without
// asking).
func (p *annotationsPanel) deleteSelected() {
	ids := p.selectedIDs()
	if len(ids) == 0 {
		p.sh.status("Select highlights first (Space, Ctrl+click or the check boxes)")
		return
	}
	res, err := p.sh.svc.DeleteAll(ids, p.sh.creator())
	p.done("delete the highlights", func(n string) string { return "Deleted " + n }, res, err)
}

// showTagDialog adds or removes tags on the selected highlights, with
// the tag typeahead.
func (p *annotationsPanel) showTagDialog() {
	ids := p.selectedIDs()
	if len(ids) == 0 {
		return
	}
	var chosen []string
	var d *dialog.ConfirmDialog
	chips := container.NewHBox()
	var field *typeahead
	var showChips func()
	showChips = func() {
		chips.Objects = nil
		for _, t := range chosen {
			chips.Add(widget.NewButtonWithIcon(t, theme.CancelIcon(), func() {
				chosen = slices.DeleteFunc(chosen, func(x string) bool { return x == t })
				showChips()
			}))
		}
		chips.Refresh()
	}
	field = newTypeahead(func(typed string) []choice {
		return tagSuggestions(p.tags.suggest(typed, chosen, 8))
	}, func(s string) {
		field.SetText("")
		chosen = annotate.CleanTags(append(chosen, annotate.CleanTag(s)))
		showChips()
	}, func() { d.Hide() })
	field.SetPlaceHolder("Type a tag, Enter to add it; Enter again to apply")
	field.onEmptyEnter = func() { d.Confirm() }
	mode := widget.NewRadioGroup([]string{"Add these tags", "Remove these tags"}, nil)
	mode.Horizontal, mode.Required = true, true
	mode.SetSelected("Add these tags")
	apply := func() {
		if t := strings.TrimSpace(field.Text); t != "" {
			chosen = annotate.CleanTags(append(chosen, annotate.CleanTag(t)))
		}
		if len(chosen) == 0 {
			return
		}
		var res action.Bulk
		var err error
		if mode.Selected == "Remove these tags" {
			res, err = p.sh.svc.UntagAll(ids, chosen)
			p.done("untag the highlights", func(n string) string { return "Untagged " + n }, res, err)
			return
		}
		res, err = p.sh.svc.TagAll(ids, chosen)
		p.done("tag the highlights", func(n string) string { return "Tagged " + n }, res, err)
	}
	content := container.NewVBox(widget.NewLabel("Tags for "+highlightsCount(len(ids))), field.object(), chips, mode)
	d = dialog.NewCustomConfirm("Tag highlights", "Apply", "Cancel", content, func(ok bool) {
		if ok {
			apply()
		}
	}, p.sh.win)
	d.Resize(p.sh.fit(520, 360))
	d.Show()
	p.sh.win.Canvas().Focus(field)
}

// showSpeakerDialog attributes the selected highlights to one speaker,
// chosen from the registry as the name is typed ("" removes it). A name
// near a known speaker's is refused, naming the candidates, unless a new
// speaker is asked for.
func (p *annotationsPanel) showSpeakerDialog() {
	ids := p.selectedIDs()
	if len(ids) == 0 {
		return
	}
	var infos []store.SpeakerInfo
	_ = p.sh.svc.Store().View(func(tx *store.Tx) error {
		var err error
		infos, err = tx.Speakers()
		return err
	})
	var d dialog.Dialog
	newSpeaker := widget.NewCheck("Create a new speaker with this name", nil)
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = widget.DangerImportance
	msg.Hide()
	var field *typeahead
	attribute := func(name string) {
		res, err := p.sh.svc.AttributeAll(ids, name, newSpeaker.Checked)
		var amb *action.AmbiguousSpeakerError
		if errors.As(err, &amb) {
			msg.SetText(err.Error())
			msg.Show()
			newSpeaker.Show()
			d.Show() // the confirm button hid it
			return
		}
		d.Hide()
		said := func(n string) string { return "Attributed " + n + " to " + name }
		if name == "" {
			said = func(n string) string { return "Removed the speaker of " + n }
		}
		p.done("attribute the highlights", said, res, err)
	}
	field = newTypeahead(func(typed string) []choice {
		q := annotate.Fold(typed)
		var out []choice
		for _, sp := range infos {
			if slices.ContainsFunc(sp.Names(), func(n string) bool { return strings.Contains(annotate.Fold(n), q) }) {
				out = append(out, valueChoice(sp.Name, count(sp.Annotations, "highlight")))
			}
		}
		return out[:min(len(out), 8)]
	}, attribute, func() { d.Hide() })
	field.SetPlaceHolder("Speaker's name or alias")
	content := container.NewVBox(widget.NewLabel("Attribute "+highlightsCount(len(ids))+" to"), field.object(), newSpeaker, msg)
	d = dialog.NewCustomConfirm("Attribute highlights", "Attribute", "Cancel", content, func(ok bool) {
		if ok {
			attribute(strings.TrimSpace(field.Text))
		}
	}, p.sh.win)
	d.Resize(p.sh.fit(520, 340))
	d.Show()
	p.sh.win.Canvas().Focus(field)
}

// showExport asks where to write the selected highlights in format f and
// writes them in the background.
func (p *annotationsPanel) showExport(f formats.Format) {
	ids := p.selectedIDs()
	if len(ids) == 0 {
		return
	}
	save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			p.sh.fail("choose the file", err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		p.export(f, ids, path)
	}, p.sh.win)
	save.SetFileName(fmt.Sprintf("marginalia-%d-highlights-%s%s", len(ids), p.sh.svc.Now().Format("2006-01-02"), f.Ext))
	save.Resize(p.sh.fit(800, 560))
	save.Show()
}

// export writes highlights ids to path in format f, in the background.
func (p *annotationsPanel) export(f formats.Format, ids []string, path string) {
	creator := p.sh.creator()
	p.sh.run.Go(func() {
		counts, err := p.sh.svc.ExportAnnotations(f.Name, ids, path, action.ExportOptions{Creator: creator, AppVersion: assets.Version})
		p.sh.run.UI(func() {
			if err != nil {
				p.sh.fail("export", err)
				return
			}
			p.sh.status(fmt.Sprintf("Exported %s (%s) to %s", highlightsCount(counts.Annotations), f.Title, path))
		})
	})
}
