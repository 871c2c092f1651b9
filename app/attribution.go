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

// registryNames returns every name and alias in the registry, folded
// (annotate.Fold): what telling a known person from a new one needs,
// without the counts registry reads.
func registryNames(sh *shell) map[string]bool {
	names := map[string]bool{}
	if err := sh.svc.Store().View(func(tx *store.Tx) error {
		return tx.ForEachSpeaker(func(s annotate.Speaker) error {
			for _, n := range s.Names() {
				names[annotate.Fold(n)] = true
			}
			return nil
		})
	}); err != nil {
		sh.fail("load the speakers", err)
	}
	return names
}

// speakerChoices lists the registry speakers matching what was typed,
// best first: a name or alias equal to it, starting with it, a word of it
// starting with it ("kim", "min"), its initials ("kju" for Kim Jong Un),
// then letters in order; the speaker the text suggests comes first, and a
// name no speaker has is offered last as an explicit "Create speaker".
func speakerChoices(infos []store.SpeakerInfo, suggested, typed string) []choice {
	q := annotate.Fold(typed)
	type ranked struct {
		c    choice
		rank int
	}
	var out []ranked
	exact := false
	for _, s := range infos {
		best := -1
		for _, n := range s.Names() {
			if r := nameRank(annotate.Fold(n), q); r >= 0 && (best < 0 || r < best) {
				best = r
			}
		}
		if best < 0 {
			continue
		}
		exact = exact || best == 0
		label := s.Name
		if d := strings.Trim(strings.Join([]string{s.Role, s.Affiliation}, ", "), ", "); d != "" {
			label += " — " + d
		}
		if suggested != "" && slices.ContainsFunc(s.Names(), func(n string) bool { return annotate.Fold(n) == annotate.Fold(suggested) }) {
			best, label = -1, label+"  (suggested)"
		}
		out = append(out, ranked{choice{Label: label, Value: s.Name}, best})
	}
	slices.SortStableFunc(out, func(a, b ranked) int { return a.rank - b.rank })
	var choices []choice
	if suggested != "" && !slices.ContainsFunc(out, func(r ranked) bool { return r.rank == -1 }) && nameRank(annotate.Fold(suggested), q) >= 0 {
		choices = append(choices, choice{Label: "Suggested: " + suggested + " (new speaker)", Value: suggested, New: true})
	}
	for _, r := range out[:min(len(out), 12)] {
		choices = append(choices, r.c)
	}
	if name := strings.Join(strings.Fields(typed), " "); name != "" && !exact && !strings.EqualFold(name, suggested) {
		choices = append(choices, choice{Label: "Create speaker “" + name + "”", Value: name, New: true})
	}
	return choices
}

// nameRank says how well the folded query q matches the folded name n
// (lower is better), or -1 for not at all; every name matches an empty
// query.
func nameRank(n, q string) int {
	switch {
	case q == "":
		return 4
	case n == q:
		return 0
	case strings.HasPrefix(n, q):
		return 1
	}
	words := strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == '-' })
	initials := ""
	for _, w := range words {
		if strings.HasPrefix(w, q) {
			return 2
		}
		initials += string([]rune(w)[:1])
	}
	if len([]rune(q)) > 1 && strings.HasPrefix(initials, q) {
		return 2
	}
	if len(fuzzy.Find(q, []string{n})) > 0 {
		return 3
	}
	return -1
}

// speakerField is the attribution of annotation a: the current speaker
// and a typeahead over the registry (Enter takes the highlighted speaker;
// a new speaker is an explicit choice), with the speaker the text
// suggests first.
func (in *inspector) speakerField(a annotate.Annotation) fyne.CanvasObject {
	// The registry is read when the analyst first types here, not on
	// every rebuild of the inspector: with its counts it takes tens of
	// milliseconds in a library of 100,000 highlights.
	var infos []store.SpeakerInfo
	loaded := false
	suggested := in.suggestedSpeaker()
	ta := newChoiceField(func(s string) []choice {
		if !loaded {
			infos, loaded = registry(in.sh), true
		}
		return speakerChoices(infos, suggested, s)
	},
		func(c choice) { in.attribute(a.ID, c.Value, false) }, in.cb.backToReader)
	ta.SetPlaceHolder("Type a name or initials; Enter attributes (Ctrl+E)")
	in.speaker = ta
	in.speakerTA = ta
	var items []fyne.CanvasObject
	if sp, ok := in.doc.speakers[a.SpeakerID]; ok {
		desc := sp.Name
		if d := strings.Trim(strings.Join([]string{sp.Role, sp.Affiliation}, ", "), ", "); d != "" {
			desc += " — " + d
		}
		clear := widget.NewButtonWithIcon("", theme.CancelIcon(), func() { in.attribute(a.ID, "", false) })
		items = append(items, container.NewBorder(nil, nil, nil, clear, wrapped(desc)))
	}
	items = append(items, ta.object())
	if suggested != "" {
		accept := widget.NewButtonWithIcon("Suggested: "+suggested+"   Ctrl+Enter", theme.ConfirmIcon(), func() { in.attribute(a.ID, suggested, true) })
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
	names := registryNames(in.sh)
	known := func(p attrib.Person) bool { return names[annotate.Fold(p.Name)] }
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
