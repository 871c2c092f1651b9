package qdpx

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestReadOtherToolsProjects reads projects written the way other tools
// write them (see the comment at the top of each project.qde): every
// selection must land on the text its name quotes, and what cannot be
// read must be reported, not refuse the project.
func TestReadOtherToolsProjects(t *testing.T) {
	for _, tc := range []struct {
		dir      string
		articles []string
		notes    []string // the articles' notes
		quotes   []string // article title: quote [tags] note
		skipped  []string // prefixes, in order
	}{
		{"nvivo",
			[]string{"Harbour café reopens", "Ferry fares rise", "Ferry timetable"},
			[]string{"Ask the owner about the guest count.", "", "Tour operator figures say 40 coaches."},
			[]string{
				"Harbour café reopens: Tourists from 東京 praised the coffee 🎉 and the view [Tourism/Guests] Tour operator figures say 40 coaches.",
				"Harbour café reopens: the view [Tourism] ",
				"Ferry fares rise: fares would rise by 8% in spring [Prices/Fares] ",
				"Ferry timetable: the first ferry leaves the quay at 06:10 [Prices/Fares] ",
			},
			[]string{
				`source "Timetable scan" skipped: a PDF source, not text`,
				`selection "Reference 3" of source "Harbour café reopens" skipped: positions 120-400 fall outside the text`,
				`1 PDF selection of source "Ferry timetable" skipped: areas of a page, not text`,
			}},
		{"empty-codebook",
			[]string{"Library hours cut"},
			[]string{""},
			[]string{"Library hours cut: The council closed the library [] "},
			nil},
		{"relative",
			[]string{"Bridge repairs", "Market moves", "Ferry timetable"},
			[]string{"", "", ""},
			[]string{
				"Bridge repairs: repairs will take six weeks [] ",
				"Market moves: moves to the quay [] ",
			},
			[]string{`source "Off the disk" skipped: its text is a file outside the project (file:///C:/Users/ana/Documents/elsewhere.txt)`}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			res, err := read(t, zipDir(t, "testdata/"+tc.dir), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			b := res.Bundle
			title := map[string]string{}
			var titles, notes []string
			for _, a := range b.Articles {
				title[a.ID] = a.Title
				titles = append(titles, a.Title)
				notes = append(notes, a.Note)
			}
			if !slices.Equal(titles, tc.articles) {
				t.Errorf("got articles %q, want %q", titles, tc.articles)
			}
			if !slices.Equal(notes, tc.notes) {
				t.Errorf("got article notes %q, want %q", notes, tc.notes)
			}
			var quotes []string
			for _, n := range b.Annotations {
				quotes = append(quotes, fmt.Sprintf("%s: %s %v %s", title[n.ArticleID], n.Quote.Exact, n.Tags, n.Note))
			}
			if !slices.Equal(quotes, tc.quotes) {
				t.Errorf("got annotations\n%q\nwant\n%q", quotes, tc.quotes)
			}
			if len(res.Skipped) != len(tc.skipped) {
				t.Errorf("got skipped %q, want %d lines", res.Skipped, len(tc.skipped))
			}
			for i, w := range tc.skipped {
				if i < len(res.Skipped) && !strings.HasPrefix(res.Skipped[i], w) {
					t.Errorf("skipped[%d]: got %q, want it to start %q", i, res.Skipped[i], w)
				}
			}
		})
	}
}

// emptyCodebook returns the project.qde and the one text of
// testdata/empty-codebook, to be zipped in other shapes.
func emptyCodebook(t *testing.T) (qde, txt []byte) {
	t.Helper()
	var err error
	if qde, err = os.ReadFile("testdata/empty-codebook/project.qde"); err == nil {
		txt, err = os.ReadFile("testdata/empty-codebook/sources/7A000000-0000-4000-8000-000000000001.txt")
	}
	if err != nil {
		t.Fatal(err)
	}
	return qde, txt
}

// TestReadRezippedFolder reads a project unzipped and zipped again as a
// folder (macOS's Compress adds the folder's name and __MACOSX entries).
func TestReadRezippedFolder(t *testing.T) {
	qde, txt := emptyCodebook(t)
	for _, tc := range []struct {
		name    string
		entries []string
		want    int // annotations; -1 for a refusal
	}{
		{"in a folder", []string{"Fresh project/project.qde", string(qde), "Fresh project/sources/7A000000-0000-4000-8000-000000000001.txt", string(txt),
			"__MACOSX/Fresh project/._project.qde", "\x00\x05\x16\x07"}, 1},
		{"two projects in folders", []string{"a/project.qde", string(qde), "b/project.qde", string(qde)}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := read(t, zipOf(t, tc.entries...), ReadOptions{})
			switch {
			case tc.want < 0 && !errors.Is(err, ErrRefused):
				t.Errorf("got %v, want a refusal", err)
			case tc.want >= 0 && err != nil:
				t.Errorf("got %v, want %d annotations", err, tc.want)
			case tc.want >= 0 && len(res.Bundle.Annotations) != tc.want:
				t.Errorf("got %d annotations, skipped %q, want %d", len(res.Bundle.Annotations), res.Skipped, tc.want)
			}
		})
	}
}

// TestReadProjectEncodings reads a project.qde as .NET tools may save
// it: in UTF-16 with its byte-order mark, or declared UTF-16 while
// written in UTF-8 (an XmlWriter on a StringWriter, saved as UTF-8).
func TestReadProjectEncodings(t *testing.T) {
	qde, txt := emptyCodebook(t)
	utf16Decl := strings.Replace(string(qde), `encoding="UTF-8"`, `encoding="utf-16"`, 1)
	le := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(utf16Decl)) {
		le = append(le, byte(u), byte(u>>8))
	}
	for _, tc := range []struct {
		name, qde string
		refusal   string // "" when it must be read
	}{
		{"UTF-16 LE with a byte-order mark", string(le), ""},
		{"declared UTF-16, written in UTF-8", utf16Decl, ""},
		{"declared ISO-8859-1", strings.Replace(string(qde), `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1), "only UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := read(t, zipOf(t, ProjectName, tc.qde, "sources/7A000000-0000-4000-8000-000000000001.txt", string(txt)), ReadOptions{})
			switch {
			case tc.refusal != "":
				if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tc.refusal) {
					t.Errorf("got %v, want a refusal mentioning %q", err, tc.refusal)
				}
			case err != nil:
				t.Errorf("got %v, want the project read", err)
			case len(res.Bundle.Annotations) != 1:
				t.Errorf("got %d annotations, skipped %q, want 1", len(res.Bundle.Annotations), res.Skipped)
			}
		})
	}
}
