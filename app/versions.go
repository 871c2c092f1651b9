package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/annotate/extract"
	"marginalia/annotate/textdiff"
	"marginalia/app/action"
	"marginalia/app/reader"
	"marginalia/store"
)

// versionsPanel is what the window shows of article versions: the
// inspector's list of versions and orphans, "Import as new version of…",
// reading an older version, the diff view, and re-attaching orphans.
type versionsPanel struct {
	sh        *shell
	doc       func() *openDoc
	selection func() (int, int) // the reader's selection
}

// section lists the open article's versions (read or compare each) and
// the annotations left on earlier ones (re-attach each to the selection).
func (vp *versionsPanel) section(d *openDoc) fyne.CanvasObject {
	box := container.NewVBox()
	vs, err := vp.sh.svc.Versions(d.article.ID)
	if err != nil {
		return widget.NewLabel("Could not list the versions: " + err.Error())
	}
	if len(vs) == 1 {
		box.Add(wrapped("One version. Import a corrected or updated text of this article (File › Import as new version…) to compare them and carry the highlights over."))
		return box
	}
	for _, v := range vs {
		label := fmt.Sprintf("Version %d · %s", v.N, v.Imported.Local().Format("2 Jan 2006 15:04"))
		var actions []fyne.CanvasObject
		if v.N < d.article.CurrentVersion() {
			actions = append(actions,
				widget.NewButton("Read", func() { vp.showVersion(d.article.ID, v.N) }),
				widget.NewButton("Compare", func() { vp.showDiff(d.article.ID, v.N, 0) }))
		} else {
			label += " (shown)"
		}
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(actions...), widget.NewLabel(label)))
	}
	orphans, _ := vp.sh.svc.Orphans(d.article.ID)
	if len(orphans) > 0 {
		box.Add(heading(fmt.Sprintf("Not placed on the latest version (%d)", len(orphans))))
		box.Add(wrapped("Select the passage in the reader, then re-attach."))
		for _, o := range orphans {
			text := fmt.Sprintf("%s “%s” (version %d)", o.Kind.Label(), shorten(o.Quote.Exact, 60), o.VersionOf())
			box.Add(container.NewBorder(nil, nil, newChip(o.Kind, vp.sh.variant()), widget.NewButton("Re-attach", func() { vp.reattach(o) }), wrapped(text)))
		}
	}
	return box
}

// reattach places an orphan on the reader's selection.
func (vp *versionsPanel) reattach(o annotate.Annotation) {
	start, end := vp.selection()
	if end <= start {
		vp.sh.status("Select the passage in the reader first, then press Re-attach")
		return
	}
	if _, err := vp.sh.svc.Reattach(o.ID, annotate.Span{Start: start, End: end}); err != nil {
		vp.sh.fail("re-attach the highlight", err)
		return
	}
	vp.sh.status("Re-attached " + strings.ToLower(o.Kind.Label()) + " — Ctrl+Z to undo")
}

// showImportVersion asks for a file to add as the open article's newest
// version.
func (vp *versionsPanel) showImportVersion() {
	d := vp.doc()
	if d == nil {
		vp.sh.status("Open the article first")
		return
	}
	id := d.article.ID
	pickFile(vp.sh, "open the file", extract.Extensions(), func(path string) {
		vp.sh.run.Go(func() {
			src := vp.sh.svc.ReadFile(path)
			vp.sh.run.UI(func() { vp.importVersion(id, src) })
		})
	})
}

// importVersion adds src as the newest version of article id and reports
// what became of its annotations.
func (vp *versionsPanel) importVersion(id string, src action.Source) {
	res, err := vp.sh.svc.ImportVersion(id, src)
	switch {
	case errors.Is(err, action.ErrSameVersion):
		dialog.ShowInformation("Nothing new", "That text is identical to a version already in the library; nothing was added.", vp.sh.win)
		return
	case err != nil:
		vp.sh.fail("import the new version", err)
		return
	}
	vp.reportVersion(res)
}

// reportVersion says what a new version did to the annotations: placed,
// reworded (listed), orphaned.
func (vp *versionsPanel) reportVersion(res action.VersionResult) {
	msg := fmt.Sprintf("Version %d: %s carried over, %s left on earlier versions", res.N, count(len(res.Placed), "highlight"), count(len(res.Orphans), "highlight"))
	vp.sh.status(msg + " — Ctrl+Z to undo")
	box := container.NewVBox(wrapped(msg + "."))
	if len(res.Reworded) > 0 {
		box.Add(heading("Reworded passages you marked"))
		for _, a := range res.Reworded {
			box.Add(wrapped(fmt.Sprintf("%s: “%s” → “%s”", a.Kind.Label(), shorten(a.Anchor.OldQuote, 80), shorten(a.Quote.Exact, 80))))
		}
	}
	if len(res.Orphans) > 0 {
		box.Add(wrapped("The highlights not placed are listed in the inspector under Versions; select the passage and re-attach them."))
	}
	compare := widget.NewButton("Compare the versions", func() { vp.showDiff(res.Article.ID, res.N-1, res.N) })
	box.Add(compare)
	d := dialog.NewCustom("New version", "Close", container.NewVScroll(box), vp.sh.win)
	d.Resize(vp.sh.fit(640, 420))
	d.Show()
}

// showVersion shows an earlier version, read-only, with the annotations
// still anchored to it.
func (vp *versionsPanel) showVersion(id string, n int) {
	var text string
	var anns []annotate.Annotation
	v, err := vp.version(id, n)
	if err != nil {
		vp.sh.fail("read the version", err)
		return
	}
	text = v.Text
	if orphans, err := vp.sh.svc.Orphans(id); err == nil {
		for _, o := range orphans {
			if o.VersionOf() == n {
				anns = append(anns, o)
			}
		}
	}
	r := reader.New()
	r.SetText(text)
	var hs []reader.Highlight
	for _, a := range anns {
		hs = append(hs, reader.Highlight{ID: a.ID, Start: a.Span.Start, End: a.Span.End, Fill: fillFor(a.Kind, vp.sh.variant())})
	}
	r.SetHighlights(hs)
	title := fmt.Sprintf("%s — version %d of %s", v.Title, n, v.Imported.Local().Format("2 Jan 2006"))
	vp.showReader(title, nil, r)
}

func (vp *versionsPanel) version(id string, n int) (annotate.ArticleVersion, error) {
	var v annotate.ArticleVersion
	err := vp.sh.svc.Store().View(func(tx *store.Tx) error {
		var err error
		v, err = tx.ArticleVersion(id, n)
		return err
	})
	return v, err
}

// showDiff shows two versions merged word by word: deleted text on the
// claims' red, inserted on the evidence green, moved blocks on the quotes'
// blue, with the versions to compare chosen at the top and the passages
// you marked that changed listed first.
func (vp *versionsPanel) showDiff(id string, from, to int) {
	vs, err := vp.sh.svc.Versions(id)
	if err != nil {
		vp.sh.fail("list the versions", err)
		return
	}
	var names []string
	for _, v := range vs {
		names = append(names, "Version "+strconv.Itoa(v.N))
	}
	r := reader.New()
	info := container.NewVBox()
	fromSel, toSel := widget.NewSelect(names, nil), widget.NewSelect(names, nil)
	update := func() {
		f, _ := strconv.Atoi(strings.TrimPrefix(fromSel.Selected, "Version "))
		t, _ := strconv.Atoi(strings.TrimPrefix(toSel.Selected, "Version "))
		d, f, t, err := vp.sh.svc.Diff(id, f, t)
		if err != nil {
			vp.sh.fail("compare the versions", err)
			return
		}
		text, hs := mergedDiff(d, vp.sh.variant())
		r.SetText(text)
		r.SetHighlights(hs)
		info.Objects = nil
		st := d.Stats()
		info.Add(widget.NewLabel(fmt.Sprintf("Version %d → %d: %s; %d characters deleted (red), %d inserted (green), %d moved (blue)", f, t, count(st.Hunks, "change"), st.Deleted, st.Inserted, st.Moved)))
		if touched, err := vp.sh.svc.TouchedAnnotations(id, f, d); err == nil {
			for _, ta := range touched {
				info.Add(wrapped(fmt.Sprintf("A %s you marked changed: “%s”", strings.ToLower(ta.Kind.Label()), shorten(ta.Exact, 90))))
			}
		}
		info.Refresh()
	}
	last := vs[len(vs)-1].N
	if to == 0 {
		to = last
	}
	if from == 0 {
		from = max(to-1, 1)
	}
	fromSel.SetSelected("Version " + strconv.Itoa(from))
	toSel.SetSelected("Version " + strconv.Itoa(to))
	fromSel.OnChanged = func(string) { update() }
	toSel.OnChanged = func(string) { update() }
	update()
	top := container.NewVBox(container.NewHBox(widget.NewLabel("Compare"), fromSel, widget.NewLabel("with"), toSel), info)
	vp.showReader("What changed", top, r)
}

func (vp *versionsPanel) showReader(title string, top fyne.CanvasObject, r *reader.Reader) {
	content := container.NewBorder(top, nil, nil, nil, r)
	d := dialog.NewCustom(title, "Close", content, vp.sh.win)
	d.Resize(vp.sh.fit(900, 700))
	d.Show()
}

// mergedDiff lays a diff out as one text: equal runs once, deleted text
// where it was, inserted text where it comes, each change as a band.
func mergedDiff(d *textdiff.Diff, variant fyne.ThemeVariant) (string, []reader.Highlight) {
	var b strings.Builder
	var hs []reader.Highlight
	pos := 0
	for i, run := range d.Runs() {
		s := d.Text(run)
		n := annotate.RuneLen(s)
		b.WriteString(s)
		if run.Op != textdiff.Equal && n > 0 {
			kind := annotate.KindEvidence
			if run.Op == textdiff.Delete {
				kind = annotate.KindClaim
			}
			if run.Move != 0 {
				kind = annotate.KindQuote
			}
			hs = append(hs, reader.Highlight{ID: "run" + strconv.Itoa(i), Start: pos, End: pos + n, Fill: fillFor(kind, variant)})
		}
		pos += n
	}
	return b.String(), hs
}
