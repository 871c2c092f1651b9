package extract

import (
	"strings"
	"testing"
	"time"
)

// TestForeignArticles reads files as other programs write them (news
// sites' HTML, editors' Markdown, Windows and PDF-to-text output): each
// row names what the result must hold and what it must not.
func TestForeignArticles(t *testing.T) {
	for _, tc := range []struct {
		file              string
		title, byline     string
		source            string // checked when given
		published         time.Time
		contains, lacking []string
	}{
		{file: "utf16be.txt", title: "Café terrace plans approved",
			contains: []string{"The council approved the café’s terrace on Monday.\nNeighbours had asked"}},
		{file: "utf16le.md", title: "Café terrace plans approved",
			contains: []string{"The council approved the café’s terrace on Monday."}},
		{file: "formfeed.txt", title: "Harbour board minutes",
			contains: []string{"approved the budget.\n\nItem two", "ferry timetable.\nItem three"}, lacking: []string{"\f"}},
		{file: "br-paragraphs.html", title: "Lighthouse keeper retires", byline: "Priya Nair",
			published: time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC),
			contains:  []string{"in a short statement.\n\nHis duties", "since October.\n\nVillagers gathered"}},
		{file: "utf16le.html", title: "Lighthouse keeper retires — “at last”", byline: "Priya Nair",
			published: time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC),
			contains:  []string{"in a short statement.\n\nHis duties"}},
		{file: "html-block.md", title: "Ferry terminal approved", byline: "Ana Pérez",
			contains: []string{"Editor's note: this article was updated to correct the cost of the terminal.\n\nThe harbour authority",
				"An artist's impression of the terminal.\n\nConstruction will start"},
			lacking: []string{"TRACKING-SCRIPT", "<div", "figcaption"}},
		{file: "amp.html", title: "Night ferry returns after a decade", byline: "Lena Okafor",
			published: time.Date(2026, 2, 11, 6, 45, 0, 0, time.UTC),
			contains:  []string{"The night ferry between the harbour", "without staying overnight on the mainland."},
			lacking:   []string{"COOKIE-BANNER-TEXT", "FOOTER-TEXT", "Accept all"}},
		{file: "jsonld-graph.html", title: "Tram fares frozen for another year", byline: "Marta Silva and Joe Brandt", source: "City Post",
			published: time.Date(2026, 1, 20, 7, 0, 0, 0, time.UTC),
			contains:  []string{"Tram fares in the city will stay", "could not pay for a fourth year."},
			lacking:   []string{"RELATED-TEASER", "PAYWALL-TEXT", "Subscribe to keep reading"}},
		{file: "cookie-article.html", title: "Bakery sells its ten thousandth cookie",
			contains: []string{"The bakery on Quay Street sold", "on their way back from the lighthouse."},
			lacking:  []string{"COOKIE-BANNER-TEXT"}},
		{file: "yaml-unquoted-colon.md", title: "Ferry terminal: approved at last", byline: "Ana Pérez",
			published: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
			contains:  []string{"The harbour authority approved the terminal on Tuesday."}, lacking: []string{"title:", "ferry\n"}},
		{file: "starts-with-rule.md", title: "The harbour authority approved the terminal on Tuesday.",
			contains: []string{"The harbour authority approved the terminal on Tuesday.\n\nResidents had objected"}},
		{file: "pandoc-title.md", title: "Ferry terminal approved", byline: "Ana Pérez and Tom Reed",
			published: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
			contains:  []string{"The harbour authority approved the terminal on Tuesday."}, lacking: []string{"%"}},
		// Declared windows-1252, served as UTF-8 (the declaration outlived
		// a move to UTF-8): read as the UTF-8 it is, not as mojibake.
		{file: "cp1252-declared-utf8.html", title: "Café on the quay reopens",
			contains: []string{"The café on the quay", "Zoë Martín", "“We wanted people"}, lacking: []string{"Ã"}},
		// JSON-LD as some CMSs wrap it (a CDATA section behind line
		// comments) and escape it (HTML entities).
		{file: "jsonld-cdata.html", title: "Café terrace approved", byline: "Zoë Martín",
			published: time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC),
			contains:  []string{"The council approved the café’s terrace"}},
		{file: "site-suffix.html", title: "Lighthouse keeper retires", byline: "Priya Nair", source: "Coast Times",
			published: time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC),
			contains:  []string{"in a short statement.\n\nHis duties"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r, err := File("testdata/foreign/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if r.Title != tc.title {
				t.Errorf("got title %q, want %q", r.Title, tc.title)
			}
			if r.Byline != tc.byline {
				t.Errorf("got byline %q, want %q", r.Byline, tc.byline)
			}
			if tc.source != "" && r.Source != tc.source {
				t.Errorf("got source %q, want %q", r.Source, tc.source)
			}
			if !r.Published.Equal(tc.published) {
				t.Errorf("got published %v, want %v", r.Published, tc.published)
			}
			for _, s := range tc.contains {
				if !strings.Contains(r.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, r.Text)
				}
			}
			for _, s := range tc.lacking {
				if strings.Contains(r.Text, s) {
					t.Errorf("text holds %q:\n%s", s, r.Text)
				}
			}
		})
	}
}
