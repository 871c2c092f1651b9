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
	"marginalia/app/action"
	"marginalia/store"
)

// The inspector's speaker section: the current speaker, a field with
// completion over the registry, the suggestion from the text, and the
// people the article quotes.

// registry returns every speaker with its annotation count, by name.
func registry(sh *shell) []store.SpeakerInfo {
	var infos []store.SpeakerInfo
	if err := sh.svc.Store().View(func(tx *store.Tx) error {
		var err error
		infos, err = tx.Speakers()
		return err
	}); err != nil {
		sh.fail("load the speakers", err)
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

// speakerField is the attribution of annotation a: the current speaker, a
// field with fuzzy completion over names and aliases (Enter attributes),
// and the suggestion from the text.
func (in *inspector) speakerField(a annotate.Annotation) fyne.CanvasObject {
	infos := registry(in.sh)
	entry := newEscSelectEntry(speakerChoices(infos, ""), in.cb.backToReader)
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
			in.attribute(a.ID, s, false)
		}
	}
	in.speaker = entry
	var items []fyne.CanvasObject
	if sp, ok := in.doc.speakers[a.SpeakerID]; ok {
		desc := sp.Name
		if d := strings.Trim(strings.Join([]string{sp.Role, sp.Affiliation}, ", "), ", "); d != "" {
			desc += " — " + d
		}
		clear := widget.NewButtonWithIcon("", theme.CancelIcon(), func() { in.attribute(a.ID, "", false) })
		items = append(items, container.NewBorder(nil, nil, nil, clear, wrapped(desc)))
	}
	items = append(items, entry)
	if name := in.suggestedSpeaker(); name != "" {
		accept := widget.NewButtonWithIcon("Suggested: "+name+"   Ctrl+Enter", theme.ConfirmIcon(), func() { in.attribute(a.ID, name, true) })
		accept.Importance = widget.HighImportance
		accept.Alignment = widget.ButtonAlignLeading
		items = append(items, accept)
	}
	return container.NewVBox(items...)
}

// attribute attributes annotation id to the speaker called name ("" to
// remove the speaker). A name near a known speaker's asks first whether
// the analyst means that speaker or a new one.
func (in *inspector) attribute(id, name string, allowNew bool) {
	res, err := in.sh.svc.Attribute(id, name, allowNew)
	var amb *action.AmbiguousSpeakerError
	switch {
	case errors.As(err, &amb):
		in.confirmNewSpeaker(id, amb)
		return
	case err != nil:
		in.sh.fail("attribute the highlight", err)
		return
	}
	msg := "Speaker removed"
	if res.Speaker != nil {
		msg = "Attributed to " + res.Speaker.Name
		if res.NewSpeaker {
			msg += " (new speaker added to the registry)"
		}
	}
	in.cb.afterAttrib(msg)
}

// confirmNewSpeaker offers the known speakers a typed name is near, or
// creating it as a new speaker.
func (in *inspector) confirmNewSpeaker(id string, amb *action.AmbiguousSpeakerError) {
	var d dialog.Dialog
	box := container.NewVBox(wrapped(fmt.Sprintf("“%s” is not in the registry. Did you mean:", amb.Name)))
	for _, c := range amb.Candidates {
		b := widget.NewButton(c.Name, func() {
			d.Hide()
			in.attribute(id, c.Name, false)
		})
		b.Alignment = widget.ButtonAlignLeading
		box.Add(b)
	}
	create := widget.NewButtonWithIcon(fmt.Sprintf("Create speaker “%s”", amb.Name), theme.ContentAddIcon(), func() {
		d.Hide()
		in.attribute(id, amb.Name, true)
	})
	box.Add(widget.NewSeparator())
	box.Add(create)
	d = dialog.NewCustom("Which speaker?", "Cancel", box, in.sh.win)
	d.Show()
}

// acceptSuggestion attributes the selected highlight to the suggested
// speaker: one keystroke (Ctrl+Enter).
func (in *inspector) acceptSuggestion() {
	if name := in.suggestedSpeaker(); name != "" {
		in.attribute(in.selected, name, true)
	}
}

// peopleQuoted lists the people the open article quotes, with one-click
// addition to the registry for those not in it yet.
func (in *inspector) peopleQuoted() fyne.CanvasObject {
	an := in.analysis()
	if an == nil {
		return widget.NewLabel("")
	}
	people := an.People()
	if len(people) == 0 {
		return wrapped("No quoted people found in the text.")
	}
	infos := registry(in.sh)
	known := func(p attrib.Person) bool {
		return slices.ContainsFunc(infos, func(s store.SpeakerInfo) bool {
			return slices.ContainsFunc(s.Names(), func(n string) bool { return annotate.Fold(n) == annotate.Fold(p.Name) })
		})
	}
	box := container.NewVBox()
	var missing []attrib.Person
	for _, p := range people {
		desc := fmt.Sprintf("%s  ·  %s", p.Name, count(p.Mentions, "mention"))
		if d := strings.Trim(strings.Join([]string{p.Role, p.Affiliation}, ", "), ", "); d != "" {
			desc += "\n" + d
		}
		label := wrapped(desc)
		if known(p) {
			box.Add(container.NewBorder(nil, nil, nil, widget.NewIcon(theme.ConfirmIcon()), label))
			continue
		}
		missing = append(missing, p)
		add := widget.NewButton("Add", func() { in.addPeople([]attrib.Person{p}) })
		box.Add(container.NewBorder(nil, nil, nil, add, label))
	}
	if len(missing) > 1 {
		box.Add(widget.NewButton(fmt.Sprintf("Add all %d to the registry", len(missing)), func() { in.addPeople(missing) }))
	}
	return box
}

// addPeople adds detected people to the registry as one undoable step.
func (in *inspector) addPeople(people []attrib.Person) {
	added, err := in.sh.svc.AddPeople(people)
	if err != nil {
		in.sh.fail("add the speakers", err)
		return
	}
	in.sh.status(fmt.Sprintf("Added %s to the registry", count(len(added), "speaker")))
}
