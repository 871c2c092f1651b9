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
	"github.com/sahilm/fuzzy"

	"marginalia/annotate"
	"marginalia/annotate/attrib"
	"marginalia/store"
)

// registry returns every speaker with its annotation count, by name.
func (wb *Workbench) registry() []store.SpeakerInfo {
	var infos []store.SpeakerInfo
	if err := wb.st.View(func(tx *store.Tx) error {
		var err error
		infos, err = tx.Speakers()
		return err
	}); err != nil {
		wb.fail("load the speakers", err)
	}
	return infos
}

// speakerChoices ranks registry names and aliases against what was typed,
// ignoring case and accents, as "Name" or "Alias → Name".
func speakerChoices(infos []store.SpeakerInfo, typed string) []string {
	type cand struct{ label, folded string }
	var cands []cand
	for _, s := range infos {
		for i, n := range s.Names() {
			label := s.Name
			if i > 0 {
				label = n + " → " + s.Name
			}
			cands = append(cands, cand{label, annotate.Fold(n)})
		}
	}
	q := annotate.Fold(typed)
	var out []string
	if q == "" {
		for _, c := range cands {
			out = append(out, c.label)
		}
	} else {
		folded := make([]string, len(cands))
		for i, c := range cands {
			folded[i] = c.folded
		}
		for _, m := range fuzzy.Find(q, folded) {
			out = append(out, cands[m.Index].label)
		}
	}
	return out[:min(len(out), 12)]
}

// nameOfChoice undoes speakerChoices' labels.
func nameOfChoice(label string) string {
	if _, name, ok := strings.Cut(label, " → "); ok {
		return name
	}
	return label
}

// analysis returns the attribution analysis of the open article, cached
// while it stays open.
func (wb *Workbench) analysis() *attrib.Analysis {
	if wb.article == nil {
		return nil
	}
	if wb.attribFor != wb.article.ID {
		wb.attribution = attrib.Analyze(wb.article.Text)
		wb.attribFor = wb.article.ID
	}
	return wb.attribution
}

// suggestedSpeaker proposes who said the selected annotation, "" when the
// text names nobody or the suggestion is already its speaker.
func (wb *Workbench) suggestedSpeaker() string {
	a, ok := wb.annotation(wb.selected)
	if !ok || a.Kind == annotate.KindEvidence {
		return ""
	}
	name, ok := wb.analysis().Suggest(a.Span)
	if !ok {
		return ""
	}
	if sp, has := wb.speakers[a.SpeakerID]; has && slices.ContainsFunc(sp.Names(), func(n string) bool { return annotate.Fold(n) == annotate.Fold(name) }) {
		return ""
	}
	return name
}

// AttributeSelected attributes the selected annotation to the speaker
// with this name or alias, creating the speaker when new; "" removes the
// attribution.
func (wb *Workbench) AttributeSelected(name string) {
	a, ok := wb.annotation(wb.selected)
	if !ok {
		return
	}
	name = strings.Join(strings.Fields(name), " ")
	var sp annotate.Speaker
	created := false
	label := "Attribute to " + name
	if name == "" {
		label = "Remove speaker"
	}
	err := wb.st.Do(label, func(tx *store.Tx) error {
		if name != "" {
			var err error
			sp, created, err = tx.SpeakerFor(name, func(s *annotate.Speaker) {
				if p := wb.detectedRole(name); p != nil {
					s.Role, s.Affiliation = p.Role, p.Affiliation
				}
			})
			if err != nil {
				return err
			}
		}
		a.SpeakerID = sp.ID
		a.Modified = wb.now().UTC()
		return tx.PutAnnotation(a)
	})
	if err != nil {
		wb.fail("attribute the highlight", err)
		return
	}
	msg := "Attributed to " + sp.Name
	switch {
	case name == "":
		msg = "Speaker removed"
	case created:
		msg += " (new speaker added to the registry)"
	}
	wb.afterChange(msg)
}

// AcceptSuggestion attributes the selected highlight to the suggested
// speaker: one keystroke (Ctrl+Enter).
func (wb *Workbench) AcceptSuggestion() {
	if name := wb.suggestedSpeaker(); name != "" {
		wb.AttributeSelected(name)
	} else {
		wb.setStatus("No speaker to suggest for this highlight")
	}
}

// FocusSpeaker puts the keyboard in the inspector's speaker field (Ctrl+E).
func (wb *Workbench) FocusSpeaker() {
	if wb.speakerEntry != nil {
		wb.win.Canvas().Focus(wb.speakerEntry)
	} else {
		wb.setStatus("Select a highlight to attribute it")
	}
}

// detectedRole returns what the open article says of the person named.
func (wb *Workbench) detectedRole(name string) *attrib.Person {
	an := wb.analysis()
	if an == nil {
		return nil
	}
	for _, p := range an.People() {
		if annotate.Fold(p.Name) == annotate.Fold(name) {
			return &p
		}
	}
	return nil
}

// speakerField is the inspector's attribution: the current speaker, a
// field with fuzzy completion over names and aliases (Enter attributes,
// creating the speaker if new), and the suggestion from the text.
func (wb *Workbench) speakerField(a annotate.Annotation) fyne.CanvasObject {
	infos := wb.registry()
	entry := newEscSelectEntry(speakerChoices(infos, ""), wb.backToReader)
	entry.SetPlaceHolder("Type a name, Enter to attribute (Ctrl+E)")
	entry.OnChanged = func(s string) {
		if strings.Contains(s, " → ") {
			entry.SetText(nameOfChoice(s))
			return
		}
		entry.SetOptions(speakerChoices(infos, s))
	}
	entry.OnSubmitted = func(s string) {
		if s = strings.TrimSpace(nameOfChoice(s)); s != "" {
			wb.AttributeSelected(s)
		}
	}
	wb.speakerEntry = entry
	items := []fyne.CanvasObject{}
	if sp, ok := wb.speakers[a.SpeakerID]; ok {
		desc := sp.Name
		if d := strings.Trim(strings.Join([]string{sp.Role, sp.Affiliation}, ", "), ", "); d != "" {
			desc += " — " + d
		}
		clear := widget.NewButtonWithIcon("", theme.CancelIcon(), func() { wb.AttributeSelected("") })
		items = append(items, container.NewBorder(nil, nil, nil, clear, wrapped(desc)))
	}
	items = append(items, entry)
	if name := wb.suggestedSpeaker(); name != "" {
		accept := widget.NewButtonWithIcon("Suggested: "+name+"   Ctrl+Enter", theme.ConfirmIcon(), func() { wb.AttributeSelected(name) })
		accept.Importance = widget.HighImportance
		accept.Alignment = widget.ButtonAlignLeading
		items = append(items, accept)
	}
	return container.NewVBox(items...)
}

// peopleQuoted lists the people the open article quotes, with one-click
// addition to the registry for those not in it yet.
func (wb *Workbench) peopleQuoted() fyne.CanvasObject {
	an := wb.analysis()
	if an == nil {
		return widget.NewLabel("")
	}
	people := an.People()
	if len(people) == 0 {
		return wrapped("No quoted people found in the text.")
	}
	infos := wb.registry()
	known := func(p attrib.Person) bool {
		return slices.ContainsFunc(infos, func(s store.SpeakerInfo) bool {
			return slices.ContainsFunc(s.Names(), func(n string) bool { return annotate.Fold(n) == annotate.Fold(p.Name) })
		})
	}
	box := container.NewVBox()
	var missing []attrib.Person
	for _, p := range people {
		desc := fmt.Sprintf("%s  ·  %d mention%s", p.Name, p.Mentions, plural(p.Mentions))
		if d := strings.Trim(strings.Join([]string{p.Role, p.Affiliation}, ", "), ", "); d != "" {
			desc += "\n" + d
		}
		label := wrapped(desc)
		if known(p) {
			box.Add(container.NewBorder(nil, nil, nil, widget.NewIcon(theme.ConfirmIcon()), label))
			continue
		}
		missing = append(missing, p)
		add := widget.NewButton("Add", func() { wb.addPeople([]attrib.Person{p}) })
		box.Add(container.NewBorder(nil, nil, nil, add, label))
	}
	if len(missing) > 1 {
		box.Add(widget.NewButton(fmt.Sprintf("Add all %d to the registry", len(missing)), func() { wb.addPeople(missing) }))
	}
	return box
}

// addPeople adds detected people to the registry as one undoable step.
func (wb *Workbench) addPeople(people []attrib.Person) {
	err := wb.st.Do(fmt.Sprintf("Add %d speakers", len(people)), func(tx *store.Tx) error {
		for _, p := range people {
			if _, err := tx.SpeakerByName(p.Name); err == nil {
				continue
			}
			sp := annotate.Speaker{ID: annotate.NewID(), Name: p.Name, Role: p.Role, Affiliation: p.Affiliation}
			for _, al := range p.Aliases {
				if annotate.Fold(al) != annotate.Fold(p.Name) && !strings.ContainsAny(al, ".") {
					sp.Aliases = append(sp.Aliases, al)
				}
			}
			if err := tx.PutSpeaker(sp); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		wb.fail("add the speakers", err)
		return
	}
	wb.afterChange(fmt.Sprintf("Added %d speaker%s to the registry", len(people), plural(len(people))))
}

// ---- the speakers window ----

// ShowSpeakers opens the registry: every speaker with counts; choosing one
// shows its details, what it said across articles (newest article first,
// each jumping to its place), and merge and delete.
func (wb *Workbench) ShowSpeakers() {
	infos := wb.registry()
	detail := container.NewStack(wrapped("Choose a speaker to see everything they said."))
	var d dialog.Dialog
	list := widget.NewList(
		func() int { return len(infos) },
		func() fyne.CanvasObject { return widget.NewLabel("name") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(fmt.Sprintf("%s  (%d)", infos[i].Name, infos[i].Annotations))
		})
	list.OnSelected = func(i widget.ListItemID) {
		detail.Objects = []fyne.CanvasObject{container.NewVScroll(wb.speakerDetail(infos[i].Speaker, infos, func() { d.Hide() }))}
		detail.Refresh()
	}
	add := widget.NewButtonWithIcon("New speaker…", theme.ContentAddIcon(), func() {
		d.Hide()
		wb.showNewSpeaker()
	})
	left := container.NewBorder(nil, add, nil, nil, list)
	split := container.NewHSplit(left, detail)
	split.Offset = 0.35
	d = dialog.NewCustom(fmt.Sprintf("Speakers (%d)", len(infos)), "Close", split, wb.win)
	d.Resize(fyne.NewSize(min(960, wb.win.Canvas().Size().Width-40), min(640, wb.win.Canvas().Size().Height-40)))
	d.Show()
}

func (wb *Workbench) speakerDetail(sp annotate.Speaker, infos []store.SpeakerInfo, closeDialog func()) fyne.CanvasObject {
	name, role, aff, aliases := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	name.SetText(sp.Name)
	role.SetText(sp.Role)
	aff.SetText(sp.Affiliation)
	aliases.SetText(strings.Join(sp.Aliases, ", "))
	note := widget.NewMultiLineEntry()
	note.SetText(sp.Note)
	note.SetMinRowsVisible(3)
	save := func(string) {
		next := sp
		next.Name = strings.Join(strings.Fields(name.Text), " ")
		next.Role, next.Affiliation, next.Note = strings.TrimSpace(role.Text), strings.TrimSpace(aff.Text), note.Text
		next.Aliases = nil
		for _, a := range strings.Split(aliases.Text, ",") {
			if a = strings.Join(strings.Fields(a), " "); a != "" {
				next.Aliases = append(next.Aliases, a)
			}
		}
		if next.Name == "" {
			return
		}
		if err := wb.st.DoMerge("Edit speaker", "speaker:"+sp.ID, func(tx *store.Tx) error { return tx.PutSpeaker(next) }); err != nil {
			wb.fail("save the speaker", err)
			return
		}
		sp = next
		wb.setStatus("Saved " + sp.Name)
	}
	for _, e := range []*widget.Entry{name, role, aff, aliases, note} {
		e.OnChanged = save
	}
	form := widget.NewForm(widget.NewFormItem("Name", name), widget.NewFormItem("Aliases", aliases),
		widget.NewFormItem("Role", role), widget.NewFormItem("Affiliation", aff), widget.NewFormItem("Note", note))

	// What they said, newest article first.
	said := container.NewVBox()
	var anns []annotate.Annotation
	arts := map[string]annotate.Article{}
	_ = wb.st.View(func(tx *store.Tx) error {
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
	slices.SortStableFunc(anns, func(x, y annotate.Annotation) int {
		ax, ay := arts[x.ArticleID], arts[y.ArticleID]
		tx, ty := ax.Published, ay.Published
		if tx.IsZero() {
			tx = ax.Imported
		}
		if ty.IsZero() {
			ty = ay.Imported
		}
		if c := ty.Compare(tx); c != 0 {
			return c
		}
		return x.Span.Start - y.Span.Start
	})
	lastArticle := ""
	for _, a := range anns {
		if a.ArticleID != lastArticle {
			said.Add(heading(arts[a.ArticleID].Title))
			lastArticle = a.ArticleID
		}
		said.Add(container.NewBorder(nil, nil, newChip(a.Kind), nil, tapText(a.Quote.Exact, func() {
			closeDialog()
			wb.OpenArticle(a.ArticleID)
			wb.RevealAnnotation(a.ID)
		})))
	}
	if len(anns) == 0 {
		said.Add(widget.NewLabel("Nothing attributed yet."))
	}

	// Merge into another speaker, and delete.
	var others []string
	for _, s := range infos {
		if s.ID != sp.ID {
			others = append(others, s.Name)
		}
	}
	mergeInto := widget.NewSelect(others, nil)
	mergeInto.PlaceHolder = "Merge into…"
	mergeInto.OnChanged = func(target string) {
		i := slices.IndexFunc(infos, func(s store.SpeakerInfo) bool { return s.Name == target && s.ID != sp.ID })
		if i < 0 {
			return
		}
		into := infos[i].Speaker
		dialog.ShowConfirm("Merge speakers",
			fmt.Sprintf("Merge “%s” into “%s”?\n%d highlights move to %s, and “%s” becomes an alias. Ctrl+Z undoes it.",
				sp.Name, into.Name, len(anns), into.Name, sp.Name),
			func(ok bool) {
				if !ok {
					return
				}
				if err := wb.st.Do("Merge speakers", func(tx *store.Tx) error { return tx.MergeSpeakers(sp.ID, into.ID) }); err != nil {
					wb.fail("merge the speakers", err)
					return
				}
				closeDialog()
				wb.afterChange("Merged " + sp.Name + " into " + into.Name + " — Ctrl+Z to undo")
			}, wb.win)
	}
	del := widget.NewButtonWithIcon("Delete speaker…", theme.DeleteIcon(), func() {
		dialog.ShowConfirm("Delete speaker", fmt.Sprintf("Delete “%s”? Its %d highlights stay, unattributed. Ctrl+Z undoes it.", sp.Name, len(anns)),
			func(ok bool) {
				if !ok {
					return
				}
				if err := wb.st.Do("Delete speaker", func(tx *store.Tx) error { return tx.DeleteSpeaker(sp.ID) }); err != nil {
					wb.fail("delete the speaker", err)
					return
				}
				closeDialog()
				wb.afterChange("Deleted " + sp.Name + " — Ctrl+Z to undo")
			}, wb.win)
	})
	del.Importance = widget.DangerImportance
	return container.NewVBox(form, heading(fmt.Sprintf("What %s said (%d)", sp.Name, len(anns))), said,
		widget.NewSeparator(), container.NewGridWithColumns(2, mergeInto, del))
}

// showNewSpeaker asks for a new speaker; a name or alias already known
// (ignoring case and accents) warns and offers the existing speaker.
func (wb *Workbench) showNewSpeaker() {
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
		sp := annotate.Speaker{ID: annotate.NewID(), Name: strings.Join(strings.Fields(name.Text), " "),
			Role: strings.TrimSpace(role.Text), Affiliation: strings.TrimSpace(aff.Text)}
		for _, a := range strings.Split(aliases.Text, ",") {
			if a = strings.Join(strings.Fields(a), " "); a != "" {
				sp.Aliases = append(sp.Aliases, a)
			}
		}
		if existing, ok := wb.knownSpeaker(sp.Names()); ok {
			dialog.ShowConfirm("Speaker already known",
				fmt.Sprintf("“%s” is already in the registry (as %s). Open the existing speaker instead?", existing.Name, strings.Join(existing.Names(), ", ")),
				func(open bool) {
					if open {
						wb.ShowSpeakers()
					}
				}, wb.win)
			return
		}
		if err := wb.st.Do("Add speaker", func(tx *store.Tx) error { return tx.PutSpeaker(sp) }); err != nil {
			wb.fail("add the speaker", err)
			return
		}
		wb.afterChange("Added " + sp.Name + " to the registry")
	}, wb.win)
	for _, e := range []*widget.Entry{name, role, aff, aliases} {
		e.OnSubmitted = func(string) { d.Submit() }
	}
	d.Resize(fyne.NewSize(480, 280))
	d.Show()
	wb.win.Canvas().Focus(name)
}

// knownSpeaker finds a registered speaker with any of these names or
// aliases, ignoring case and accents.
func (wb *Workbench) knownSpeaker(names []string) (annotate.Speaker, bool) {
	var found annotate.Speaker
	ok := false
	_ = wb.st.View(func(tx *store.Tx) error {
		for _, n := range names {
			if sp, err := tx.SpeakerByName(n); err == nil {
				found, ok = sp, true
				return nil
			}
		}
		return nil
	})
	return found, ok
}
