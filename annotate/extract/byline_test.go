package extract

import (
	"os"
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Credit lines in the shapes outlets print them (names and outlets are
// invented; the shapes are copied from wire copy, newspapers, magazines
// and newsletters).
func TestParseByline(t *testing.T) {
	for _, tc := range []struct {
		line         string
		name, outlet string
		published    time.Time
	}{
		{"*By Priya Natarajan — Harbor City Tribune, March 3, 2025*", "Priya Natarajan", "Harbor City Tribune", day(2025, 3, 3)},
		{"By Dana Whitcombe · Transit Notes · 9 min read", "Dana Whitcombe", "Transit Notes", time.Time{}},
		{"By JOHN SMITH Associated Press", "John Smith", "Associated Press", time.Time{}},
		{"By Mark Hughes and Li Wei | Reuters | Updated 2 March 2025", "Mark Hughes and Li Wei", "Reuters", day(2025, 3, 2)},
		{"By Tom Baker (Reuters)", "Tom Baker", "Reuters", time.Time{}},
		{"By Sarah Okafor, Staff Writer", "Sarah Okafor", "", time.Time{}},
		{"By Ana Lucía Peña, Diario del Sur", "Ana Lucía Peña", "Diario del Sur", time.Time{}},
		{"By Jean-Luc van der Berg / AFP / Monday, March 3rd, 2025 10:32 AM EST", "Jean-Luc van der Berg", "AFP", day(2025, 3, 3)},
		{"Written by Kwame Mensah for The Accra Ledger", "Kwame Mensah", "The Accra Ledger", time.Time{}},
		{"By Chen Li, Sofia Rossi and Amir Haddad, The Globe Herald", "Chen Li, Sofia Rossi and Amir Haddad", "The Globe Herald", time.Time{}},
		{"BY ANA RUIZ | HARBOR CITY TRIBUNE", "Ana Ruiz", "HARBOR CITY TRIBUNE", time.Time{}},
		{"By Rachel O'Neill — The Irish Courier — 2025-03-03T09:30:00Z", "Rachel O'Neill", "The Irish Courier", time.Date(2025, 3, 3, 9, 30, 0, 0, time.UTC)},
		{"Reporting by Ana Ruiz; Editing by Tom Baker", "Ana Ruiz", "", time.Time{}},
		{"_By Mei Tanaka, The Kobe Shimbun, Sept. 14, 2024_", "Mei Tanaka", "The Kobe Shimbun", day(2024, 9, 14)},
		{"By Lars Øberg • Nordic Wire • 14 September 2024", "Lars Øberg", "Nordic Wire", day(2024, 9, 14)},
	} {
		t.Run(tc.line, func(t *testing.T) {
			b, ok := ParseByline(tc.line)
			if !ok {
				t.Fatalf("not read as a credit line")
			}
			if b.Name != tc.name || b.Outlet != tc.outlet || !b.Published.Equal(tc.published) {
				t.Errorf("got %q / %q / %v, want %q / %q / %v", b.Name, b.Outlet, b.Published, tc.name, tc.outlet, tc.published)
			}
		})
	}
}

// Sentences that open with "By" are text, not credits.
func TestParseBylineRefusesSentences(t *testing.T) {
	for _, line := range []string{
		"By the end of the year, the council will have spent £3m on the scheme.",
		"By 2030, emissions must fall by half.",
		"By train, the journey takes four hours.",
		"By Staff",
		"Bystanders said the crane fell at noon.",
		"The piece was written by Ana Ruiz.",
		"",
	} {
		if b, ok := ParseByline(line); ok {
			t.Errorf("%q read as a credit line: %+v", line, b)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2025-03-03", day(2025, 3, 3), true},
		{"2025-03-03T09:30:00+02:00", time.Date(2025, 3, 3, 7, 30, 0, 0, time.UTC), true},
		{"March 3, 2025", day(2025, 3, 3), true},
		{"3 March 2025", day(2025, 3, 3), true},
		{"Mar. 3rd, 2025", day(2025, 3, 3), true},
		{"Monday, March 3, 2025", day(2025, 3, 3), true},
		{"Sept 14 2024", day(2024, 9, 14), true},
		{"03/04/2025", time.Time{}, false}, // day and month order unknown
		{"February 30, 2025", time.Time{}, false},
		{"sometime in March", time.Time{}, false},
		{"", time.Time{}, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseDate(tc.in)
			if ok != tc.ok || !got.Equal(tc.want) {
				t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// Whole files as they arrive: the credit line, dates and front matter
// become the article's fields and leave the text; the title is not
// repeated at its top; the text itself is untouched.
func TestArticleHeadsBecomeFields(t *testing.T) {
	for _, tc := range []struct {
		name, file, data                   string
		title, byline, source, url, starts string
		published                          time.Time
		tags                               []string
	}{
		{
			name:  "markdown credit line under the heading",
			file:  "tribune.md",
			data:  "# Port strike ends after three weeks\n\n*By Priya Natarajan — Harbor City Tribune, March 3, 2025*\n\nDock workers voted on Friday to accept the offer.\n",
			title: "Port strike ends after three weeks", byline: "Priya Natarajan", source: "Harbor City Tribune", published: day(2025, 3, 3),
			starts: "Dock workers voted",
		},
		{
			name:  "yaml front matter with a list of authors and a repeated heading",
			file:  "notes.md",
			data:  "---\ntitle: \"Free buses won't fix Metro\"\nauthor:\n  - Dana Whitcombe\n  - Luis Ortega\ndate: 2025-02-11\nsource: Transit Notes\nurl: https://transitnotes.example/free-buses\ntags: [transit, \"politics/city\"]\n---\n\n# Free buses won’t fix Metro\n\nEvery candidate for mayor has promised fare-free transit.\n",
			title: "Free buses won't fix Metro", byline: "Dana Whitcombe and Luis Ortega", source: "Transit Notes", url: "https://transitnotes.example/free-buses",
			published: day(2025, 2, 11), tags: []string{"transit", "politics/city"},
			starts: "Every candidate",
		},
		{
			name:  "toml front matter",
			file:  "hugo.md",
			data:  "+++\ntitle = \"Glacier retreat doubles\"\nauthors = [\"Mette Sørensen\"]\ndate = 2024-09-14T08:00:00Z\npublisher = \"Nordic Wire\"\n+++\n\nThe glacier lost twice as much ice this summer.\n",
			title: "Glacier retreat doubles", byline: "Mette Sørensen", source: "Nordic Wire", published: time.Date(2024, 9, 14, 8, 0, 0, 0, time.UTC),
			starts: "The glacier lost",
		},
		{
			name:  "wire copy in plain text",
			file:  "wire.txt",
			data:  "Port strike ends\n\nBy ANA RUIZ Associated Press\n\nDockers returned to work on Monday.\n",
			title: "Port strike ends", byline: "Ana Ruiz", source: "Associated Press",
			starts: "Dockers returned",
		},
		{
			name:  "a date on a line of its own after the credit",
			file:  "dated.md",
			data:  "# Council votes\n\nBy Ana Ruiz, Harbor City Tribune\n\n*Published 4 March 2025*\n\nThe council voted 9 to 4.\n",
			title: "Council votes", byline: "Ana Ruiz", source: "Harbor City Tribune", published: day(2025, 3, 4),
			starts: "The council voted",
		},
		{
			name:  "a kicker stays, the credit goes",
			file:  "kicker.md",
			data:  "# A new drug slowed decline\n\n**Health & Science** · Explainer\n\n*By Dana Whitcombe · Transit Notes · 9 min read*\n\nA large trial found the drug slowed decline.\n",
			title: "A new drug slowed decline", byline: "Dana Whitcombe", source: "Transit Notes",
			starts: "Health & Science · Explainer\n\nA large trial",
		},
		{
			name:  "a first sentence that opens with By is text",
			file:  "by.md",
			data:  "# Budget\n\nBy the end of the year, the council will have spent £3m.\n",
			title: "Budget", starts: "By the end of the year",
		},
		{
			name:  "plain text without a credit line keeps its first line",
			file:  "plain.txt",
			data:  "Headline here\n\nBody line one.\n",
			title: "Headline here", starts: "Headline here\n\nBody",
		},
		{
			name:  "a heading alone is kept rather than leaving no text",
			file:  "only.md",
			data:  "# Only a heading\n",
			title: "Only a heading", starts: "Only a heading",
		},
		{
			name:  "a front matter block that is not valid YAML is still not text",
			file:  "broken.md",
			data:  "---\ntitle: [unclosed\n---\n\nThe text itself.\n",
			title: "The text itself.", starts: "The text itself.",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Bytes(tc.file, []byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct{ what, got, want string }{
				{"title", r.Title, tc.title}, {"byline", r.Byline, tc.byline}, {"source", r.Source, tc.source}, {"url", r.URL, tc.url},
			} {
				if c.got != c.want {
					t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
				}
			}
			if !r.Published.Equal(tc.published) {
				t.Errorf("published = %v, want %v", r.Published, tc.published)
			}
			if !strings.HasPrefix(r.Text, tc.starts) {
				t.Errorf("text starts %.60q, want %q", r.Text, tc.starts)
			}
			if strings.Join(r.Tags, ",") != strings.Join(tc.tags, ",") {
				t.Errorf("tags = %q, want %q", r.Tags, tc.tags)
			}
			a, err := r.Article(time.Now())
			if err != nil {
				t.Fatalf("article: %v", err)
			}
			if strings.Join(a.Tags, ",") != strings.Join(tc.tags, ",") {
				t.Errorf("article tags = %q, want %q", a.Tags, tc.tags)
			}
		})
	}
}

// An HTML page whose body repeats its title and the byline its head
// already gave keeps neither in the text.
func TestHTMLBylineNotKeptInTheBody(t *testing.T) {
	data, err := os.ReadFile("testdata/byline-in-body.html")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Bytes("page.html", data)
	if err != nil {
		t.Fatal(err)
	}
	if r.Byline != "Dana Whitfield" {
		t.Errorf("byline = %q", r.Byline)
	}
	head, _, _ := strings.Cut(r.Text, "\n\n")
	if !strings.HasPrefix(head, "Dock workers at the city's container port voted") {
		t.Errorf("text starts %.80q, want the first paragraph of the story", r.Text)
	}
	if strings.Contains(r.Text, "By Dana Whitfield") || strings.Count(r.Text, "Port strike ends after three weeks") > 0 {
		t.Errorf("the byline or the title is still in the text:\n%s", r.Text)
	}
}
