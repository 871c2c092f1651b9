// Package formats is the one registry of the file formats Marginalia
// exports to and imports from. The command line's --format list and help,
// the window's File menu and the save dialog's file names all read it, so
// adding a format is one entry here (and the codec package it calls).
package formats

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"marginalia/annotate/bundle"
	"marginalia/annotate/csvexport"
	"marginalia/annotate/w3c"
)

// Options are what an export may record about itself.
type Options struct {
	Creator    string    // the analyst exporting
	Generated  time.Time // when; required
	AppVersion string    // the program's version
	// Progress, when not nil, is told how far the writing has got.
	Progress func(done, total int)
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
	// Write writes the records of b; nil when the format is import-only.
	Write func(w io.Writer, b *bundle.Bundle, opts Options) error
}

// CanExport reports whether Marginalia writes this format.
func (f Format) CanExport() bool { return f.Write != nil }

// All lists every format, the default export format first.
func All() []Format {
	return []Format{
		{
			Name: "bundle", Title: "Marginalia bundle", Ext: bundle.Extension,
			Summary: "articles with their annotations, speakers and links, for colleagues (see docs/bundle-format.md)",
			Write: func(w io.Writer, b *bundle.Bundle, o Options) error {
				return bundle.Write(w, b, bundle.Manifest{AppVersion: o.AppVersion, Creator: o.Creator, Created: o.Generated}, o.Progress)
			},
		},
		{
			Name: "w3c", Title: "W3C Web Annotation", Ext: ".jsonld",
			Summary: "a W3C Web Annotation collection (JSON-LD) for annotation tools",
			Write: func(w io.Writer, b *bundle.Bundle, o Options) error {
				return w3c.Write(w, b, w3c.Options{Creator: o.Creator, Generated: o.Generated, AppVersion: o.AppVersion})
			},
		},
		{
			Name: "csv", Title: "CSV", Ext: ".csv",
			Summary: "one row per annotation, for spreadsheets",
			Write: func(w io.Writer, b *bundle.Bundle, _ Options) error {
				return csvexport.Write(w, b, csvexport.Options{})
			},
		},
	}
}

// Exporters lists the formats Marginalia writes, the default first.
func Exporters() []Format {
	return slices.DeleteFunc(All(), func(f Format) bool { return !f.CanExport() })
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
