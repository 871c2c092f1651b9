package app

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate/formats"
	"marginalia/annotate/hypothesis"
	"marginalia/app/action"
	"marginalia/assets"
)

// Export scopes offered by showExport.
const (
	scopeLibrary = "Whole library"
	scopeArticle = "Open article only"
	scopeTag     = "Highlights with a tag"
	scopeSpeaker = "Highlights of a speaker"
	scopeSearch  = "Highlights a search finds"
)

// Preferences for ClaimReview's publisher, asked once and remembered.
const (
	prefOrgName   = "org.name"
	prefOrgURL    = "org.url"
	prefReviewURL = "org.review_url"
)

// exportForm is the export dialog's fields for one format.
type exportForm struct {
	scope                    *widget.RadioGroup
	tag, speaker, query      *widget.SelectEntry
	orgName, orgURL, review  *widget.Entry
	items                    []*widget.FormItem
	needsOrg, report, hasDoc bool
}

// newExportForm builds the fields: what to export (a report may also show
// a tag's, a speaker's or a search's highlights) and, for ClaimReview, who
// publishes the fact checks.
func (ex *exchange) newExportForm(f formats.Format) *exportForm {
	fm := &exportForm{needsOrg: f.NeedsOrg, report: f.Report, hasDoc: ex.current() != ""}
	options := []string{scopeLibrary, scopeArticle}
	if f.Report {
		options = append(options, scopeTag, scopeSpeaker, scopeSearch)
	}
	fm.scope = widget.NewRadioGroup(options, nil)
	fm.scope.Required = true
	fm.scope.SetSelected(scopeLibrary)
	if f.Report && fm.hasDoc {
		fm.scope.SetSelected(scopeArticle)
	}
	fm.items = []*widget.FormItem{widget.NewFormItem("Export", fm.scope)}
	if f.Report {
		fm.tag = widget.NewSelectEntry(ex.tagNames())
		fm.tag.SetPlaceHolder("a tag (its nested tags too)")
		fm.speaker = widget.NewSelectEntry(ex.speakerNames())
		fm.speaker.SetPlaceHolder("a speaker's name or alias")
		fm.query = widget.NewSelectEntry(nil)
		fm.query.SetPlaceHolder("search words and filters, as in the search palette")
		pick := func(scope string) func(string) {
			return func(s string) {
				if strings.TrimSpace(s) != "" {
					fm.scope.SetSelected(scope)
				}
			}
		}
		fm.tag.OnChanged, fm.speaker.OnChanged, fm.query.OnChanged = pick(scopeTag), pick(scopeSpeaker), pick(scopeSearch)
		fm.items = append(fm.items, widget.NewFormItem("Tag", fm.tag), widget.NewFormItem("Speaker", fm.speaker), widget.NewFormItem("Search", fm.query))
	}
	if f.NeedsOrg {
		prefs := ex.sh.prefs
		fm.orgName, fm.orgURL, fm.review = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
		fm.orgName.SetText(prefs.String(prefOrgName))
		fm.orgName.SetPlaceHolder("the organisation publishing the fact checks")
		fm.orgURL.SetText(prefs.String(prefOrgURL))
		fm.orgURL.SetPlaceHolder("https://…")
		fm.review.SetText(prefs.String(prefReviewURL))
		fm.review.SetPlaceHolder("the page the reviews appear on (default: the organisation's URL)")
		fm.items = append(fm.items, widget.NewFormItem("Organisation", fm.orgName), widget.NewFormItem("Its URL", fm.orgURL), widget.NewFormItem("Review page", fm.review))
	}
	if !fm.hasDoc && !f.Report {
		fm.scope.Disable()
	}
	return fm
}

// plan turns the form into what to export: the articles, the report's
// selection, the organisation. It reports a choice that cannot work.
func (ex *exchange) plan(fm *exportForm) ([]string, action.ExportOptions, error) {
	var opts action.ExportOptions
	by := action.SelectBy{}
	switch fm.scope.Selected {
	case scopeArticle:
		if !fm.hasDoc {
			return nil, opts, errors.New("no article is open")
		}
		by.Articles = []string{ex.current()}
	case scopeTag:
		by.Tag = fm.tag.Text
	case scopeSpeaker:
		by.Speaker = fm.speaker.Text
	case scopeSearch:
		by.Search = fm.query.Text
	}
	var ids []string
	if fm.report && fm.scope.Selected != scopeLibrary {
		sel, articleIDs, err := ex.sh.svc.ReportSelection(by)
		if err != nil {
			return nil, opts, err
		}
		ids, opts.Selection = articleIDs, sel
	} else {
		ids = by.Articles
	}
	if fm.needsOrg {
		opts.Org.Name, opts.Org.URL = strings.TrimSpace(fm.orgName.Text), strings.TrimSpace(fm.orgURL.Text)
		opts.ReviewURL = strings.TrimSpace(fm.review.Text)
		if opts.Org.Name == "" {
			return nil, opts, errors.New("name the organisation publishing the fact checks")
		}
		ex.sh.prefs.SetString(prefOrgName, opts.Org.Name)
		ex.sh.prefs.SetString(prefOrgURL, opts.Org.URL)
		ex.sh.prefs.SetString(prefReviewURL, opts.ReviewURL)
	}
	return ids, opts, nil
}

// showExport asks what to export and where, then writes the file in
// format f in the background.
func (ex *exchange) showExport(f formats.Format) {
	fm := ex.newExportForm(f)
	d := dialog.NewForm("Export "+f.Title, "Choose file…", "Cancel", fm.items, func(ok bool) {
		if !ok {
			return
		}
		ids, opts, err := ex.plan(fm)
		if err != nil {
			dialog.ShowError(err, ex.sh.win)
			return
		}
		save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				ex.sh.fail("choose the file", err)
				return
			}
			if w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			ex.export(f, ids, path, opts)
		}, ex.sh.win)
		save.SetFileName("marginalia-" + ex.sh.svc.Now().Format("2006-01-02") + f.Ext)
		save.Resize(ex.sh.fit(800, 560))
		save.Show()
	}, ex.sh.win)
	d.Resize(ex.sh.fit(560, 0))
	d.Show()
}

// export writes ids (all when empty) to path in format f, in the
// background, with a progress bar.
func (ex *exchange) export(f formats.Format, ids []string, path string, opts action.ExportOptions) {
	prog, bar := progressDialog(ex.sh, "Exporting "+f.Title)
	opts.Creator, opts.AppVersion = ex.sh.creator(), assets.Version
	opts.Progress = func(done, total int) {
		ex.sh.run.UI(func() { bar.SetValue(float64(done) / float64(max(total, 1))) })
	}
	ex.sh.run.Go(func() {
		n, err := ex.sh.svc.Export(f.Name, ids, path, opts)
		ex.sh.run.UI(func() {
			prog.Hide()
			if err != nil {
				ex.sh.fail("export", err)
				return
			}
			what := n.String()
			if opts.Selection.Title != "" {
				what = opts.Selection.Title
			}
			ex.sh.status(fmt.Sprintf("Exported %s to %s", what, path))
		})
	})
}

// tagNames lists the tags in use, for the report's tag field.
func (ex *exchange) tagNames() []string {
	if ex.tags == nil {
		return nil
	}
	return ex.tags()
}

// speakerNames lists the registry's speakers, for the report's speaker
// field.
func (ex *exchange) speakerNames() []string {
	var names []string
	for _, in := range registry(ex.sh) {
		names = append(names, in.Name)
	}
	slices.Sort(names)
	return names
}

// showImportProject asks for a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA,
// QualCoder) and imports its sources and codings as one undoable step.
func (ex *exchange) showImportProject() {
	var exts []string
	for _, f := range formats.Importers() {
		if f.Ext != ".marginalia" {
			exts = append(exts, f.Ext)
		}
	}
	pickFile(ex.sh, "open the project", exts, ex.importProject)
}

// importProject imports the file at path in the background and shows what
// was merged, skipped and how the file was read.
func (ex *exchange) importProject(path string) {
	name := filepath.Base(path)
	prog, bar := progressDialog(ex.sh, "Importing "+name)
	creator := ex.sh.creator()
	ex.sh.run.Go(func() {
		res, err := ex.sh.svc.ImportFile(path, action.ImportOptions{
			Creator:  creator,
			Progress: func(f float64) { ex.sh.run.UI(func() { bar.SetValue(f) }) },
		})
		ex.sh.run.UI(func() {
			prog.Hide()
			if err != nil {
				ex.sh.status("Import refused; nothing was changed")
				dialog.ShowError(fmt.Errorf("%s was not imported and nothing was changed:\n%w", name, err), ex.sh.win)
				return
			}
			ex.sh.status("Imported " + name + " — Ctrl+Z to undo")
			ex.lastReport, ex.lastName = res.Report, name
			ex.review.showReport(name, res.Report)
			if lines := append(prefixed("Skipped: ", res.Skipped), prefixed("Note: ", res.Notes)...); len(lines) > 0 {
				showLines(ex.sh, "How "+name+" was read", lines)
			}
		})
	})
}

// showImportAnnotations asks for a Hypothesis export or a W3C Web
// Annotation file and places its annotations on the library's articles.
func (ex *exchange) showImportAnnotations() {
	var exts []string
	for _, f := range formats.AnnotationReaders() {
		exts = append(exts, f.Ext)
	}
	pickFile(ex.sh, "open the annotations", exts, func(path string) { ex.importAnnotations(path, false) })
}

// importAnnotations places the file's annotations; when some cannot be
// placed it imports nothing and says which, offering to import the rest.
func (ex *exchange) importAnnotations(path string, partial bool) {
	name := filepath.Base(path)
	prog, _ := progressDialog(ex.sh, "Placing the annotations of "+name)
	creator := ex.sh.creator()
	ex.sh.run.Go(func() {
		res, err := ex.sh.svc.ImportAnnotations(path, action.AnnotationOptions{Partial: partial, Creator: creator})
		ex.sh.run.UI(func() {
			prog.Hide()
			switch {
			case errors.Is(err, action.ErrIncomplete) && res.Placement != nil:
				ex.confirmPartial(path, res.Placement)
			case err != nil:
				ex.sh.status("Nothing was imported")
				dialog.ShowError(fmt.Errorf("the annotations of %s were not imported:\n%w", name, err), ex.sh.win)
			default:
				ex.sh.status(fmt.Sprintf("Placed %s from %s — Ctrl+Z to undo", count(len(res.Placement.Placed), "annotation"), name))
				ex.lastReport, ex.lastName = res.Report, name
				ex.review.showReport(name, res.Report)
			}
		})
	})
}

// confirmPartial lists what cannot be placed and asks whether to import
// the annotations that can.
func (ex *exchange) confirmPartial(path string, p *hypothesis.Placement) {
	var lines []string
	for _, u := range p.MissingURLs {
		lines = append(lines, "Not in the library: "+u)
	}
	for _, u := range p.Unplaced {
		lines = append(lines, fmt.Sprintf("Not placed: “%s” — %s", shorten(u.Annotation.Quote.Exact, 80), u.Reason))
	}
	fits := len(p.Placed)
	msg := widget.NewLabel(fmt.Sprintf("%s of the file cannot be placed on the library's articles, so nothing was imported yet.", count(len(p.Unplaced), "annotation")))
	msg.Wrapping = fyne.TextWrapWord
	list := widget.NewLabel(strings.Join(lines, "\n"))
	list.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(msg, nil, nil, nil, container.NewVScroll(list))
	if fits == 0 {
		d := dialog.NewCustom("Nothing can be placed", "Close", body, ex.sh.win)
		d.Resize(ex.sh.fit(640, 420))
		d.Show()
		return
	}
	d := dialog.NewCustomConfirm("Some annotations cannot be placed", fmt.Sprintf("Import the %d that fit", fits), "Import nothing", body, func(ok bool) {
		if ok {
			ex.importAnnotations(path, true)
		}
	}, ex.sh.win)
	d.Resize(ex.sh.fit(640, 420))
	d.Show()
}

func prefixed(prefix string, lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = prefix + l
	}
	return out
}

// showLines shows a scrollable list of lines.
func showLines(sh *shell, title string, lines []string) {
	l := widget.NewLabel(strings.Join(lines, "\n"))
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, "Close", container.NewVScroll(l), sh.win)
	d.Resize(sh.fit(640, 420))
	d.Show()
}
