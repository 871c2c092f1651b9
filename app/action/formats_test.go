package action_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/annotate/formats"
	"marginalia/annotate/qdpx"
	"marginalia/annotate/search"
	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/storetest"
)

// The library of these tests: three articles, two speakers (one with an
// alias), highlights with nested tags, verdicts and notes.
var libArticles = []struct{ title, url, text string }{
	{"Port strike enters second week", "https://news.example.org/port-strike",
		"Dockers at the port of Valmar stayed off work for a second week on Monday.\n\n" +
			"José Álvarez, who leads the Dockers' Union, said the strike would go on until the port authority restored the overtime rate cut in January. " +
			"\"We have been patient for a year,\" he said. \"Patience has not paid a single bill.\"\n\n" +
			"The port authority said the overtime rate had been cut to keep the port competitive. Maria Costa, its spokeswoman, said talks would resume on Friday.\n\n" +
			"Freight rates on the route rose by a fifth last week, shippers said."},
	{"Shippers count the cost of the strike", "https://news.example.org/shippers",
		"Shippers say the strike at Valmar has cost them millions.\n\n" +
			"Freight forwarders told the paper that containers were waiting at sea for up to nine days. " +
			"Pepe Álvarez, as the union leader is known, said the union had offered to handle medicine and food.\n\n" +
			"A shipping line said it would divert its vessels to Ortona from March."},
	{"Council approves harbour budget", "",
		"The council approved the harbour budget on Tuesday.\n\nThe overtime of council staff was not discussed."},
}

// published dates: the second article is the oldest of the two on the
// strike, so a tag's report starts with it.
var libPublished = []time.Time{
	time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
}

type libHighlight struct {
	article int
	quote   string
	kind    annotate.Kind
	status  annotate.Status
	speaker int // index into the speakers, -1 for none
	tags    []string
	note    string
}

var libHighlights = []libHighlight{
	{0, "the strike would go on until the port authority restored the overtime rate cut in January", annotate.KindClaim, annotate.StatusFalse, 0, []string{"strike/2026"}, "The rate was cut in December."},
	{0, "Patience has not paid a single bill.", annotate.KindQuote, "", 0, []string{"Strike"}, ""},
	{0, "talks would resume on Friday", annotate.KindClaim, annotate.StatusSupported, 1, []string{"talks"}, "Confirmed by the ministry."},
	{0, "Freight rates on the route rose by a fifth last week", annotate.KindEvidence, "", -1, []string{"Strike/2026/freight", "economy"}, ""},
	{1, "containers were waiting at sea for up to nine days", annotate.KindEvidence, "", -1, []string{"strikes"}, "Nine days at sea."},
	{1, "the union had offered to handle medicine and food", annotate.KindClaim, annotate.StatusUnverified, 0, []string{"strike/2026"}, ""},
	{2, "The overtime of council staff was not discussed", annotate.KindQuestion, "", -1, []string{"council"}, ""},
}

// library is the test library as a bundle; with links, the first claim
// is linked to the freight evidence.
func library(t *testing.T, links bool) *bundle.Bundle {
	t.Helper()
	b := &bundle.Bundle{Speakers: []annotate.Speaker{
		{ID: annotate.NewID(), Name: "José Álvarez", Aliases: []string{"Pepe"}, Role: "union leader", Affiliation: "Dockers' Union"},
		{ID: annotate.NewID(), Name: "Maria Costa", Role: "spokeswoman"},
	}}
	for i, la := range libArticles {
		a, err := annotate.NewArticle(la.title, la.text, t0.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		a.URL, a.Published, a.Source = la.url, libPublished[i], "The Example Times"
		b.Articles = append(b.Articles, a)
	}
	for i, h := range libHighlights {
		a := b.Articles[h.article]
		txt := annotate.NewText(a.Text)
		span, ok := txt.Find(h.quote, 1)
		if !ok {
			t.Fatalf("no %q in %q", h.quote, a.Title)
		}
		n, err := annotate.NewAnnotation(a.ID, txt, span, h.kind, "dana", t0.Add(time.Duration(i)*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if h.status != "" {
			n.Status = h.status
		}
		if h.speaker >= 0 {
			n.SpeakerID = b.Speakers[h.speaker].ID
		}
		n.Tags, n.Note = annotate.CleanTags(h.tags), h.note
		b.Annotations = append(b.Annotations, n)
	}
	if links {
		b.Links = append(b.Links, annotate.Link{ID: annotate.NewID(), Relation: annotate.RelSupports, Creator: "dana", Created: t0,
			From: annotate.Ref{Type: annotate.RefAnnotation, ID: b.Annotations[3].ID}, To: annotate.Ref{Type: annotate.RefAnnotation, ID: b.Annotations[0].ID}})
	}
	if _, err := b.Verify(); err != nil {
		t.Fatal(err)
	}
	return b
}

// libraryService opens a throw-away store holding b.
func libraryService(t *testing.T, b *bundle.Bundle) *action.Service {
	t.Helper()
	svc := action.New(storetest.Open(t), func() time.Time { return t0 })
	if b != nil {
		if _, err := svc.Store().Merge(b, store.MergeOptions{Label: "library"}); err != nil {
			t.Fatal(err)
		}
	}
	return svc
}

// ids returns the IDs of b's highlights with the given indexes.
func ids(b *bundle.Bundle, idx ...int) []string {
	var out []string
	for _, i := range idx {
		out = append(out, b.Annotations[i].ID)
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestReportSelection(t *testing.T) {
	b := library(t, true)
	svc := libraryService(t, b)
	art := func(i int) string { return b.Articles[i].ID }
	for _, tc := range []struct {
		name       string
		by         action.SelectBy
		title      string
		highlights []string
		articles   []string // also sel.Articles, the report's order
	}{
		{"tag selects nested tags, ignoring case, oldest article first", action.SelectBy{Tag: "strike"}, "Tag: strike",
			ids(b, 0, 1, 3, 5), []string{art(1), art(0)}},
		{"nested tag, spaced", action.SelectBy{Tag: " Strike / 2026"}, "Tag: Strike / 2026", ids(b, 0, 3, 5), []string{art(1), art(0)}},
		{"deepest tag", action.SelectBy{Tag: "strike/2026/Freight"}, "Tag: strike/2026/Freight", ids(b, 3), []string{art(0)}},
		{"tag within articles", action.SelectBy{Tag: "strike", Articles: []string{art(1)}}, "Tag: strike", ids(b, 5), []string{art(1)}},
		{"speaker by alias", action.SelectBy{Speaker: "pepe"}, "Speaker: José Álvarez", ids(b, 0, 1, 5), []string{art(1), art(0)}},
		{"speaker by name without accents", action.SelectBy{Speaker: "maria  costa"}, "Speaker: Maria Costa", ids(b, 2), []string{art(0)}},
		{"articles only", action.SelectBy{Articles: []string{art(2), art(0), art(2)}}, "", nil, []string{art(2), art(0)}},
		{"nothing: the whole library", action.SelectBy{}, "", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sel, articles, err := svc.ReportSelection(tc.by)
			if err != nil {
				t.Fatal(err)
			}
			if sel.Title != tc.title || !slices.Equal(sorted(sel.Annotations), sorted(tc.highlights)) || !slices.Equal(articles, tc.articles) || !slices.Equal(sel.Articles, tc.articles) {
				t.Errorf("got %q %d highlights %q, articles %q, sel.Articles %q;\nwant %q %d highlights %q, articles %q",
					sel.Title, len(sel.Annotations), sel.Annotations, articles, sel.Articles, tc.title, len(tc.highlights), tc.highlights, tc.articles)
			}
		})
	}

	t.Run("search in rank order", func(t *testing.T) {
		sel, articles, err := svc.ReportSelection(action.SelectBy{Search: "overtime"})
		if err != nil {
			t.Fatal(err)
		}
		q := search.ParseQuery("overtime")
		q.In = []string{"annotations"}
		res, err := svc.Search(t.Context(), q, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var want, wantArticles []string
		for _, r := range res {
			want = append(want, r.ID)
			if !slices.Contains(wantArticles, r.ArticleID) {
				wantArticles = append(wantArticles, r.ArticleID)
			}
		}
		if sel.Title != "Search: overtime" || !slices.Equal(sel.Annotations, want) || !slices.Equal(articles, wantArticles) || sel.Articles != nil {
			t.Errorf("got %q %q %q, want %q %q %q", sel.Title, sel.Annotations, articles, "Search: overtime", want, wantArticles)
		}
		// The two highlights that say "overtime", and nothing else.
		if got, want := sorted(sel.Annotations), sorted(ids(b, 0, 6)); !slices.Equal(got, want) {
			t.Errorf("search found %q, want %q", got, want)
		}
	})

	for _, tc := range []struct {
		name string
		by   action.SelectBy
		is   error
		want string
	}{
		{"unknown tag", action.SelectBy{Tag: "stri"}, action.ErrNothingSelected, `no highlight is tagged "stri"`},
		{"near speaker", action.SelectBy{Speaker: "Mari"}, action.ErrAmbiguousSpeaker, "did you mean Maria Costa"},
		{"unknown speaker", action.SelectBy{Speaker: "Nobody Known"}, store.ErrNotFound, `no speaker "Nobody Known"`},
		{"search finding nothing", action.SelectBy{Search: "zeppelin"}, action.ErrNothingSelected, "finds no highlight"},
		{"two at once", action.SelectBy{Tag: "strike", Speaker: "Pepe"}, nil, "choose one"},
		{"unknown article", action.SelectBy{Articles: []string{"nope"}}, store.ErrNotFound, "article nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, articles, err := svc.ReportSelection(tc.by)
			if err == nil || tc.is != nil && !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error (%v) saying %q", err, tc.is, tc.want)
			}
			if articles != nil {
				t.Errorf("a failed selection returned articles %q", articles)
			}
		})
	}
}

// TestReportExport writes a tag's report through Export: only the tag's
// highlights, in the selected articles.
func TestReportExport(t *testing.T) {
	b := library(t, true)
	svc := libraryService(t, b)
	sel, articles, err := svc.ReportSelection(action.SelectBy{Tag: "strike/2026"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "memo.md")
	if _, err := svc.Export("markdown", articles, path, action.ExportOptions{Creator: "dana", Selection: sel}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	memo := string(data)
	for _, in := range []string{"the strike would go on", "Freight rates on the route", "the union had offered"} {
		if !strings.Contains(memo, in) {
			t.Errorf("the memo lacks the selected highlight %q", in)
		}
	}
	for _, out := range []string{"talks would resume", "nine days", "council staff", "Council approves"} {
		if strings.Contains(memo, out) {
			t.Errorf("the memo shows %q, which the tag does not select", out)
		}
	}
	if !strings.Contains(memo, "Tag: strike/2026") || strings.Index(memo, "Shippers count") > strings.Index(memo, "Port strike enters") {
		t.Errorf("the memo's title or article order is wrong:\n%s", memo)
	}
}

func TestExportClaimReviewNeedsOrg(t *testing.T) {
	b := library(t, false)
	svc := libraryService(t, b)
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		opts action.ExportOptions
		ok   bool
	}{
		{"no organisation", action.ExportOptions{}, false},
		{"a name without a URL", action.ExportOptions{Org: formats.Organization{Name: "Fact Desk"}}, false},
		{"a URL without a name", action.ExportOptions{Org: formats.Organization{Name: "  ", URL: "https://factdesk.example.org"}}, false},
		{"not an http URL", action.ExportOptions{Org: formats.Organization{Name: "Fact Desk", URL: "ftp://factdesk.example.org"}}, false},
		{"a relative review page", action.ExportOptions{Org: formats.Organization{Name: "Fact Desk", URL: "https://factdesk.example.org"}, ReviewURL: "/checks"}, false},
		{"a name and a review page", action.ExportOptions{Org: formats.Organization{Name: "Fact Desk"}, ReviewURL: "https://factdesk.example.org/checks"}, true},
		{"a name and a URL", action.ExportOptions{Org: formats.Organization{Name: "Fact Desk", URL: "https://factdesk.example.org"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			_, err := svc.Export("claimreview", nil, path, tc.opts)
			_, statErr := os.Stat(path)
			if !tc.ok {
				if !errors.Is(err, action.ErrNeedsOrg) || !strings.Contains(err.Error(), "a name and a URL") {
					t.Errorf("got %v, want ErrNeedsOrg", err)
				}
				if statErr == nil {
					t.Error("a refused export wrote its file")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var reviews []map[string]any
			if err := json.Unmarshal(data, &reviews); err != nil {
				t.Fatal(err)
			}
			// The claims with a verdict other than unverified: false and supported.
			if len(reviews) != 2 || reviews[0]["author"].(map[string]any)["name"] != "Fact Desk" {
				t.Errorf("got %d reviews (%.200s), want 2 by Fact Desk", len(reviews), data)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the folder holds %d files, want the 2 exports", len(entries))
	}
}

// comparable renders what a round trip must keep of a library: articles
// with their text, tags and notes; highlights with their span, quote,
// kind, verdict, tags, note, creator and speaker; links.
func comparable(t *testing.T, svc *action.Service) []string {
	t.Helper()
	b, err := svc.Store().ExportBundle(nil)
	if err != nil {
		t.Fatal(err)
	}
	speaker := map[string]string{}
	for _, s := range b.Speakers {
		speaker[s.ID] = fmt.Sprintf("%s %q %s %s", s.Name, s.Aliases, s.Role, s.Affiliation)
	}
	var out []string
	for _, a := range b.Articles {
		out = append(out, fmt.Sprintf("article %s|%q|%s|%s|%s|%q|%q|%q", a.ID, a.Title, a.URL, a.Source, a.Published.Format(time.DateOnly), a.Text, a.Tags, a.Note))
	}
	for _, n := range b.Annotations {
		tags := sorted(n.Tags)
		out = append(out, fmt.Sprintf("annotation %s|%s|%s|%v|%q|%q|%q|%q|%q|%s|%s|%s", n.ID, n.ArticleID, n.Kind, n.Span, n.Quote.Exact, n.Quote.Prefix, n.Quote.Suffix,
			tags, n.Note, n.Status, n.Creator, speaker[n.SpeakerID]))
	}
	for _, l := range b.Links {
		out = append(out, fmt.Sprintf("link %s|%v|%v|%s|%q", l.ID, l.From, l.To, l.Relation, l.Note))
	}
	slices.Sort(out)
	return out
}

func TestQDPXRoundTripThroughActions(t *testing.T) {
	b := library(t, true)
	b.Articles[0].Tags, b.Articles[0].Note = []string{"labour"}, "Follow up on Friday."
	src := libraryService(t, b)
	path := filepath.Join(t.TempDir(), "project.qdpx")
	if _, err := src.Export("qdpx", nil, path, action.ExportOptions{Creator: "dana", AppVersion: "test"}); err != nil {
		t.Fatal(err)
	}
	dst := libraryService(t, nil)
	var fractions []float64
	res, err := dst.ImportFile(path, action.ImportOptions{Creator: "importer", Progress: func(f float64) { fractions = append(fractions, f) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) != 0 || len(res.Notes) != 0 {
		t.Errorf("skipped %q, notes %q; want none", res.Skipped, res.Notes)
	}
	if got := res.Report; got.Articles.Added != len(b.Articles) || got.Annotations.Added != len(b.Annotations) || got.Speakers.Added != len(b.Speakers) || got.Links.Added != len(b.Links) || !got.Undoable {
		t.Errorf("report %+v; want everything added, undoable", got)
	}
	if got, want := dst.Store().UndoLabel(), "Import project.qdpx"; got != want {
		t.Errorf("undo label %q, want %q", got, want)
	}
	if len(fractions) == 0 || fractions[len(fractions)-1] != 1 || !slices.IsSorted(fractions) {
		t.Errorf("progress %v; want rising to 1", fractions)
	}
	got, want := comparable(t, dst), comparable(t, src)
	if !slices.Equal(got, want) {
		t.Errorf("the round trip changed the library:\ngot  %q\nwant %q", got, want)
	}

	again, err := dst.ImportFile(path, action.ImportOptions{Creator: "importer"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Report.Changed() {
		t.Errorf("importing the project again changed something: %s", again.Report)
	}
	if got := comparable(t, dst); !slices.Equal(got, want) {
		t.Error("importing the project again changed the library")
	}
	if _, err := dst.Undo(); err != nil {
		t.Fatal(err)
	}
	if n := len(comparable(t, dst)); n != 0 {
		t.Errorf("undoing the import left %d records", n)
	}
}

func TestImportFileBundleAndKinds(t *testing.T) {
	b := library(t, true)
	src := libraryService(t, b)
	dir := t.TempDir()
	bundlePath := filepath.Join(dir, "team"+bundle.Extension)
	if _, err := src.Export("bundle", nil, bundlePath, action.ExportOptions{Creator: "dana"}); err != nil {
		t.Fatal(err)
	}
	dst := libraryService(t, nil)
	res, err := dst.ImportFile(bundlePath, action.ImportOptions{})
	if err != nil || res.Report.Annotations.Added != len(b.Annotations) || dst.Store().UndoLabel() != "Import team.marginalia" {
		t.Errorf("bundle import: %+v, %v, undo %q", res.Report, err, dst.Store().UndoLabel())
	}
	for _, name := range []string{"notes.txt", "annotations.json"} {
		if _, err := dst.ImportFile(filepath.Join(dir, name), action.ImportOptions{}); err == nil || !strings.Contains(err.Error(), "import reads") {
			t.Errorf("%s: got %v, want an error naming what import reads", name, err)
		}
	}
	if _, err := dst.ImportFile(bundlePath, action.ImportOptions{Kinds: map[string]annotate.Kind{"Pay": "rumour"}}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("an unknown kind: got %v, want ErrInvalid", err)
	}
}

// zipOf writes a zip of the given entries.
func zipOf(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportFileRefusesHostileProjects(t *testing.T) {
	b := library(t, true)
	svc := libraryService(t, b)
	good := filepath.Join(t.TempDir(), "good.qdpx")
	if _, err := svc.Export("qdpx", nil, good, action.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	valid, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	project := ""
	for name, data := range unzip(t, valid) {
		if name == qdpx.ProjectName {
			project = string(data)
		}
	}
	laughs := `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Project name="&lol3;" origin="x" xmlns="urn:QDA-XML:project:1.0"/>`
	external := `<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project name="&x;" xmlns="urn:QDA-XML:project:1.0"/>`
	invalid := strings.Replace(project, "<Users>", "<Users><Bogus/>", 1)
	cases := []struct {
		name string
		data []byte
	}{
		{"not a zip", []byte("PK\x03\x04 this is not really a zip at all")},
		{"path traversal", zipOf(t, qdpx.ProjectName, project, "../../evil.txt", "owned")},
		{"absolute path", zipOf(t, qdpx.ProjectName, project, "/tmp/evil.txt", "owned")},
		{"no project.qde", zipOf(t, "sources/a.txt", "text")},
		{"billion laughs", zipOf(t, qdpx.ProjectName, laughs)},
		{"external entity", zipOf(t, qdpx.ProjectName, external)},
		{"not valid against the schema", zipOf(t, qdpx.ProjectName, invalid)},
	}
	before := comparable(t, svc)
	undo := svc.Store().UndoLabel()
	info, err := os.Stat(svc.Store().Path())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".qdpx")
			if err := os.WriteFile(path, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := svc.ImportFile(path, action.ImportOptions{Creator: "importer"})
			if !errors.Is(err, qdpx.ErrRefused) {
				t.Errorf("got %v, want a refusal (qdpx.ErrRefused)", err)
			}
			if after := comparable(t, svc); !slices.Equal(after, before) {
				t.Error("a refused project changed the library")
			}
			if got := svc.Store().UndoLabel(); got != undo {
				t.Errorf("a refused project left an undo step %q", got)
			}
		})
	}
	if after, err := os.Stat(svc.Store().Path()); err != nil || !after.ModTime().Equal(info.ModTime()) || after.Size() != info.Size() {
		t.Errorf("the database file was written (%v)", err)
	}
	for _, p := range []string{filepath.Join(dir, "..", "..", "evil.txt"), "/tmp/evil.txt"} {
		if data, err := os.ReadFile(p); err == nil && string(data) == "owned" {
			t.Errorf("a hostile entry was written to %s", p)
		}
	}
}

func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		out[f.Name] = buf.Bytes()
	}
	return out
}

// articlesOnly is b's articles without their annotations: the same texts
// in a colleague's library.
func articlesOnly(b *bundle.Bundle) *bundle.Bundle {
	return &bundle.Bundle{Articles: slices.Clone(b.Articles)}
}

func TestImportAnnotationsFromW3C(t *testing.T) {
	b := library(t, false)
	src := libraryService(t, b)
	path := filepath.Join(t.TempDir(), "library.jsonld")
	if _, err := src.Export("w3c", nil, path, action.ExportOptions{Creator: "dana"}); err != nil {
		t.Fatal(err)
	}
	dst := libraryService(t, articlesOnly(b))
	// A colleague who knows José by another spelling already.
	jose, err := dst.AddSpeaker(annotate.Speaker{Name: "Jose Alvarez", Aliases: []string{"Pepe"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := dst.ImportAnnotations(path, action.AnnotationOptions{Creator: "importer"})
	if err != nil {
		t.Fatal(err)
	}
	p := res.Placement
	if !res.Imported || len(p.Placed) != len(b.Annotations) || len(p.Unplaced) != 0 || len(p.MissingURLs) != 0 {
		t.Fatalf("imported %v, placed %d, unplaced %+v, missing %q; want all %d placed", res.Imported, len(p.Placed), p.Unplaced, p.MissingURLs, len(b.Annotations))
	}
	if got := res.Report; got.Annotations.Added != len(b.Annotations) || got.Speakers.Added != 1 || !strings.HasPrefix(dst.Store().UndoLabel(), "Import annotations from library.jsonld") {
		t.Errorf("report %+v, undo %q; want every annotation and Maria Costa added", got, dst.Store().UndoLabel())
	}
	err = dst.Store().View(func(tx *store.Tx) error {
		for i, o := range b.Annotations {
			n, err := tx.Annotation(o.ID)
			if err != nil {
				return err
			}
			if n.ArticleID != o.ArticleID || n.Span != o.Span || n.Quote != o.Quote || n.Kind != o.Kind || n.Status != o.Status || n.Note != o.Note ||
				!slices.Equal(n.Tags, o.Tags) || n.Creator != o.Creator {
				t.Errorf("annotation %d:\ngot  %+v\nwant %+v", i, n, o)
			}
			wantSpeaker := ""
			switch libHighlights[i].speaker {
			case 0:
				wantSpeaker = jose.ID
			case 1:
				sp, err := tx.SpeakerByName("Maria Costa")
				if err != nil {
					return err
				}
				wantSpeaker = sp.ID
			}
			if n.SpeakerID != wantSpeaker {
				t.Errorf("annotation %d: speaker %q, want %q", i, n.SpeakerID, wantSpeaker)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	before, undo := comparable(t, dst), dst.Store().UndoLabel()
	again, err := dst.ImportAnnotations(path, action.AnnotationOptions{Creator: "importer"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Report.Changed() || !slices.Equal(comparable(t, dst), before) || dst.Store().UndoLabel() != undo {
		t.Errorf("importing the file again changed something: %s", again.Report)
	}

	// A library with links: the W3C linking annotation is no highlight, so
	// it cannot be placed, and the file is incomplete.
	linked := library(t, true)
	withLinks := libraryService(t, linked)
	linkPath := filepath.Join(t.TempDir(), "linked.jsonld")
	if _, err := withLinks.Export("w3c", nil, linkPath, action.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	fresh := libraryService(t, articlesOnly(linked))
	res, err = fresh.ImportAnnotations(linkPath, action.AnnotationOptions{})
	if !errors.Is(err, action.ErrIncomplete) || len(res.Placement.Unplaced) != 1 || !strings.Contains(res.Placement.Unplaced[0].Reason, "link") {
		t.Errorf("got %v with unplaced %+v; want ErrIncomplete for the link alone", err, res.Placement.Unplaced)
	}
}

func TestImportAnnotationsFromHypothesis(t *testing.T) {
	b := library(t, false)
	svc := libraryService(t, articlesOnly(b))
	const path = "testdata/hypothesis-export.json"
	before, undo := comparable(t, svc), svc.Store().UndoLabel()

	res, err := svc.ImportAnnotations(path, action.AnnotationOptions{Creator: "importer"})
	if !errors.Is(err, action.ErrIncomplete) || res.Imported {
		t.Fatalf("got %v, imported %v; want ErrIncomplete, nothing imported", err, res.Imported)
	}
	p := res.Placement
	if want := []string{"https://other.example.com/story/42"}; !slices.Equal(p.MissingURLs, want) || len(p.Placed) != 3 || len(p.Unplaced) != 1 {
		t.Errorf("missing %q, %d placed, unplaced %+v; want %q missing, 3 placed, 1 unplaced", p.MissingURLs, len(p.Placed), p.Unplaced, want)
	}
	if !slices.Equal(comparable(t, svc), before) || svc.Store().UndoLabel() != undo {
		t.Error("an incomplete file changed the library")
	}

	res, err = svc.ImportAnnotations(path, action.AnnotationOptions{Partial: true, Creator: "importer"})
	if err != nil || !res.Imported || res.Report.Annotations.Added != 3 {
		t.Fatalf("partial import: %v, imported %v, report %+v; want 3 added", err, res.Imported, res.Report)
	}
	want := map[string]struct {
		quote, creator, note string
		kind                 annotate.Kind
		tags                 []string
		changed              bool
	}{
		"Hq1aZOq-EeyLYzv1Tn2AEw": {"restored the overtime rate cut in January", "dana", "Check the January pay slips.", annotate.KindNote, []string{"overtime", "to verify"}, false},
		"Jr2bAOq-EeyLa0f9Z1x8kQ": {`"Patience has not paid a single bill."`, "eli", "", annotate.KindEvidence, nil, true},
		"Ks3cBOq-EeyLb1g0A2y9lR": {"containers were waiting at sea for up to nine days", "dana", "Nine days: ask the forwarders for the logs.", annotate.KindNote, []string{"freight"}, false},
	}
	for _, pl := range res.Placement.Placed {
		w, ok := want[pl.ID]
		if !ok {
			t.Errorf("placed %s, which the test does not expect", pl.ID)
			continue
		}
		if pl.Quote.Exact != w.quote || pl.Creator != w.creator || pl.Note != w.note || pl.Kind != w.kind || !slices.Equal(pl.Tags, w.tags) || pl.Changed != w.changed {
			t.Errorf("%s: got %q by %s, note %q, %s, tags %q, changed %v; want %q by %s, note %q, %s, tags %q, changed %v",
				pl.ID, pl.Quote.Exact, pl.Creator, pl.Note, pl.Kind, pl.Tags, pl.Changed, w.quote, w.creator, w.note, w.kind, w.tags, w.changed)
		}
	}
	after, undo := comparable(t, svc), svc.Store().UndoLabel()
	again, err := svc.ImportAnnotations(path, action.AnnotationOptions{Partial: true, Creator: "importer"})
	if err != nil || again.Report.Changed() || !slices.Equal(comparable(t, svc), after) || svc.Store().UndoLabel() != undo {
		t.Errorf("importing the file again: %v, %s", err, again.Report)
	}

	if _, err := svc.ImportAnnotations(path, action.AnnotationOptions{Kind: "rumour"}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("an unknown kind: got %v, want ErrInvalid", err)
	}
	if _, err := svc.ImportAnnotations("testdata/notes.txt", action.AnnotationOptions{}); err == nil || !strings.Contains(err.Error(), "annotations are read from") {
		t.Errorf("a text file: got %v", err)
	}
}
