// Package formats is the one registry of the file formats Marginalia
// exports to and imports from. The command line's --format list and help,
// the window's File menu and the save dialog's file names all read it, so
// adding a format is one entry here (and the codec package it calls).
//
// A format does up to three things, each a function field that is nil
// when it does not:
//
//   - Write exports records (export --format NAME, File > Export …);
//   - Read imports a file as records to merge into the library: new
//     articles with their annotations, speakers and links (import FILE,
//     File > Import …);
//   - ReadAnnotations reads annotations made in another tool, to be
//     placed on articles already in the library with hypothesis.Place
//     (import-annotations FILE, File > Import annotations …).
//
// ForImport and ForAnnotations choose the format of a file by its
// extension.
package formats

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/annotate/claimreview"
	"marginalia/annotate/csvexport"
	"marginalia/annotate/hypothesis"
	"marginalia/annotate/qdpx"
	"marginalia/annotate/report"
	"marginalia/annotate/w3c"
)

// Organization is who publishes fact checks: ClaimReview's author.
type Organization struct {
	Name string
	URL  string
}

// Options are what an export may record about itself.
type Options struct {
	Creator    string    // the analyst exporting
	Generated  time.Time // when; required
	AppVersion string    // the program's version
	// Progress, when not nil, is told how far the writing has got.
	Progress func(done, total int)
	// Org is the organisation publishing fact checks, for formats with
	// NeedsOrg (the command line's --org NAME --org-url URL, or a
	// preference).
	Org Organization
	// ReviewURL is the page ClaimReviews are published on; Org.URL when
	// empty.
	ReviewURL string
	// Selection is what a report shows and in what order: an article, a
	// tag's or a speaker's highlights, a search's results. The zero value
	// shows everything exported.
	Selection report.Selection
}

// ReadOptions tune Read and ReadAnnotations.
type ReadOptions struct {
	// Now is the import time; required.
	Now time.Time
	// Creator is the creator of records whose file names none.
	Creator string
	// Kinds maps a REFI-QDA project's code names (or paths,
	// "Parent/Child") to the kind of the annotations coded with them;
	// evidence by default.
	Kinds map[string]annotate.Kind
	// Progress, when not nil, is told how far the reading has got.
	Progress func(done, total int)
}

// Imported is what Read found in a file.
type Imported struct {
	// Bundle holds the records, verified, ready to merge.
	Bundle *bundle.Bundle
	// Skipped says what was left out and why, one line each.
	Skipped []string
	// Notes says how the file was read where that was a choice (how a
	// source's positions were counted).
	Notes []string
}

// Format is one file format.
type Format struct {
	// Name is the short name the command line takes (--format NAME).
	Name string
	// Title names the format in menus and dialogs.
	Title string
	// Ext is the usual file extension, with its dot.
	Ext string
	// Summary says in one line what the format is for.
	Summary string
	// NeedsOrg reports that Write requires Options.Org (name, and a URL
	// unless ReviewURL is given).
	NeedsOrg bool
	// Report marks a document for people, which shows
	// Options.Selection.
	Report bool
	// Write writes the records of b; nil when the format is import-only.
	Write func(w io.Writer, b *bundle.Bundle, opts Options) error
	// Read reads a file of size bytes as records to merge; nil when the
	// format cannot be imported so. Errors for files it refuses wrap the
	// codec's ErrRefused.
	Read func(r io.ReaderAt, size int64, opts ReadOptions) (*Imported, error)
	// ReadAnnotations reads annotations made elsewhere, to place with
	// hypothesis.Place on articles already in the library; nil when the
	// format holds none.
	ReadAnnotations func(r io.Reader, opts ReadOptions) (*hypothesis.File, error)
}

// CanExport reports whether Marginalia writes this format.
func (f Format) CanExport() bool { return f.Write != nil }

// CanImport reports whether Marginalia imports records from this format.
func (f Format) CanImport() bool { return f.Read != nil }

// CanReadAnnotations reports whether the format holds annotations to
// place on the library's articles.
func (f Format) CanReadAnnotations() bool { return f.ReadAnnotations != nil }

func readAnnotations(r io.Reader, _ ReadOptions) (*hypothesis.File, error) {
	return hypothesis.Read(r, hypothesis.Limits{})
}

// All lists every format, the default export format first.
func All() []Format {
	return []Format{
		{
			Name: "bundle", Title: "Marginalia bundle", Ext: bundle.Extension,
			Summary: "articles with their annotations, speakers and links, for colleagues (see docs/bundle-format.md)",
			Write: func(w io.Writer, b *bundle.Bundle, o Options) error {
				return bundle.Write(w, b, bundle.Manifest{AppVersion: o.AppVersion, Creator: o.Creator, Created: o.Generated}, o.Progress)
			},
			Read: func(r io.ReaderAt, size int64, o ReadOptions) (*Imported, error) {
				b, err := bundle.Read(r, size, bundle.DefaultLimits(), o.Progress)
				if err != nil {
					return nil, err
				}
				return &Imported{Bundle: b}, nil
			},
		},
		{
			Name: "w3c", Title: "W3C Web Annotation", Ext: ".jsonld",
			Summary: "a W3C Web Annotation collection (JSON-LD) for annotation tools",
			Write: func(w io.Writer, b *bundle.Bundle, o Options) error {
				return w3c.Write(w, b, w3c.Options{Creator: o.Creator, Generated: o.Generated, AppVersion: o.AppVersion})
			},
			ReadAnnotations: readAnnotations,
		},
		{
			Name: "csv", Title: "CSV", Ext: ".csv",
			Summary: "one row per annotation, for spreadsheets",
			Write: func(w io.Writer, b *bundle.Bundle, _ Options) error {
				return csvexport.Write(w, b, csvexport.Options{})
			},
		},
		{
			Name: "qdpx", Title: "REFI-QDA project", Ext: qdpx.Extension,
			Summary: "a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA and QualCoder: texts, codes, codings, notes",
			Write: func(w io.Writer, b *bundle.Bundle, o Options) error {
				return qdpx.Write(w, b, qdpx.Options{Creator: o.Creator, Generated: o.Generated, AppVersion: o.AppVersion, Progress: o.Progress})
			},
			Read: func(r io.ReaderAt, size int64, o ReadOptions) (*Imported, error) {
				res, err := qdpx.Read(r, size, qdpx.ReadOptions{Now: o.Now, Creator: o.Creator, Kinds: o.Kinds, Progress: o.Progress})
				if err != nil {
					return nil, err
				}
				return &Imported{Bundle: res.Bundle, Skipped: res.Skipped, Notes: res.Notes}, nil
			},
		},
		{
			Name: "claimreview", Title: "ClaimReview (fact checks)", Ext: ".json",
			Summary: "schema.org ClaimReview JSON-LD of every claim with a verdict, for fact-check pages", NeedsOrg: true,
			Write: func(w io.Writer, b *bundle.Bundle, o Options) error {
				return claimreview.Write(w, b, claimreview.Options{Org: claimreview.Organization(o.Org), BaseURL: o.ReviewURL, Published: o.Generated, Progress: o.Progress})
			},
		},
		{
			Name: "markdown", Title: "Markdown report", Ext: ".md", Report: true,
			Summary: "a memo: each highlight as a quote with kind, speaker, verdict, note, tags and links",
			Write: func(w io.Writer, b *bundle.Bundle, o Options) error {
				return report.Markdown(w, b, o.Selection, report.Options{Generated: o.Generated, Creator: o.Creator, Progress: o.Progress})
			},
		},
		{
			Name: "html", Title: "HTML report", Ext: ".html", Report: true,
			Summary: "the memo as one printable web page, quotes in their kinds' colours",
			Write: func(w io.Writer, b *bundle.Bundle, o Options) error {
				return report.HTML(w, b, o.Selection, report.Options{Generated: o.Generated, Creator: o.Creator, Progress: o.Progress})
			},
		},
		{
			Name: "hypothesis", Title: "Hypothesis annotations", Ext: ".json",
			Summary:         "annotations exported from Hypothesis, placed on articles already in the library",
			ReadAnnotations: readAnnotations,
		},
	}
}

// Exporters lists the formats Marginalia writes, the default first.
func Exporters() []Format {
	return slices.DeleteFunc(All(), func(f Format) bool { return !f.CanExport() })
}

// Importers lists the formats whose files import as records.
func Importers() []Format {
	return slices.DeleteFunc(All(), func(f Format) bool { return !f.CanImport() })
}

// AnnotationReaders lists the formats of annotations to place.
func AnnotationReaders() []Format {
	return slices.DeleteFunc(All(), func(f Format) bool { return !f.CanReadAnnotations() })
}

// Lookup finds a format by name.
func Lookup(name string) (Format, error) {
	for _, f := range All() {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("unknown format %q; the formats are %s", name, Names(All()))
}

// byExtension finds the first of fs whose extension the file name has.
func byExtension(fs []Format, name string) (Format, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	for _, f := range fs {
		if f.Ext == ext {
			return f, true
		}
	}
	return Format{}, false
}

// extensions lists the extensions of fs for a message.
func extensions(fs []Format) string {
	var exts []string
	for _, f := range fs {
		if !slices.Contains(exts, f.Ext) {
			exts = append(exts, f.Ext)
		}
	}
	return strings.Join(exts, ", ")
}

// ForImport chooses the format that imports the named file as records,
// by its extension (.marginalia, .qdpx).
func ForImport(name string) (Format, error) {
	if f, ok := byExtension(Importers(), name); ok {
		return f, nil
	}
	return Format{}, fmt.Errorf("%s: import reads %s files", filepath.Base(name), extensions(Importers()))
}

// ForAnnotations chooses the format that reads the named file's
// annotations, by its extension (.json, .jsonld); the reader itself tells
// a Hypothesis export from a W3C collection by its content.
func ForAnnotations(name string) (Format, error) {
	if f, ok := byExtension(AnnotationReaders(), name); ok {
		return f, nil
	}
	return Format{}, fmt.Errorf("%s: annotations are read from %s files (Hypothesis exports, W3C Web Annotation)", filepath.Base(name), extensions(AnnotationReaders()))
}

// Names joins the names of fs for a usage message: "bundle, w3c or csv".
func Names(fs []Format) string {
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
