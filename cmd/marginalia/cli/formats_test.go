package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/searchindex"
)

var formatsTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// formatsLibrary is a small library: two articles on a strike, two
// speakers, three highlights.
func formatsLibrary(t *testing.T) *bundle.Bundle {
	t.Helper()
	b := &bundle.Bundle{Speakers: []annotate.Speaker{
		{ID: annotate.NewID(), Name: "José Álvarez", Aliases: []string{"Pepe"}},
		{ID: annotate.NewID(), Name: "Maria Costa"},
	}}
	for i, a := range []struct{ title, url, text string }{
		{"Port strike enters second week", "https://news.example.org/port-strike",
			"José Álvarez said the strike would go on until the port authority restored the overtime rate cut in January.\n\nMaria Costa said talks would resume on Friday."},
		{"Shippers count the cost", "https://news.example.org/shippers",
			"Freight forwarders said containers were waiting at sea for up to nine days."},
	} {
		art, err := annotate.NewArticle(a.title, a.text, formatsTime.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		art.URL = a.url
		b.Articles = append(b.Articles, art)
	}
	for i, h := range []struct {
		article int
		quote   string
		kind    annotate.Kind
		status  annotate.Status
		speaker int
		tag     string
	}{
		{0, "the strike would go on until the port authority restored the overtime rate cut in January", annotate.KindClaim, annotate.StatusFalse, 0, "strike/2026"},
		{0, "talks would resume on Friday", annotate.KindClaim, annotate.StatusSupported, 1, "talks"},
		{1, "containers were waiting at sea for up to nine days", annotate.KindEvidence, "", -1, "strike"},
	} {
		a := b.Articles[h.article]
		txt := annotate.NewText(a.Text)
		span, ok := txt.Find(h.quote, 1)
		if !ok {
			t.Fatalf("no %q", h.quote)
		}
		n, err := annotate.NewAnnotation(a.ID, txt, span, h.kind, "dana", formatsTime.Add(time.Duration(i)*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if h.status != "" {
			n.Status = h.status
		}
		if h.speaker >= 0 {
			n.SpeakerID = b.Speakers[h.speaker].ID
		}
		n.Tags = []string{h.tag}
		b.Annotations = append(b.Annotations, n)
	}
	return b
}

// openWith creates a database at path holding b (nothing when nil) and
// returns its service; the caller closes its store.
func openWith(t *testing.T, path string, b *bundle.Bundle) *action.Service {
	t.Helper()
	st, err := store.Open(path, &store.Options{NoSync: true, Index: searchindex.Indexer{}})
	if err != nil {
		t.Fatal(err)
	}
	svc := action.New(st, func() time.Time { return formatsTime })
	if b != nil {
		if _, err := st.Merge(b, store.MergeOptions{NoUndo: true}); err != nil {
			t.Fatal(err)
		}
	}
	return svc
}

const hypothesisFile = `{
  "export_date": "2026-02-20T10:00:00.000000+00:00",
  "export_userid": "acct:dana@hypothes.is",
  "client_version": "1.1524.0",
  "annotations": [
    {"id": "Hq1aZOq-EeyLYzv1Tn2AEw", "created": "2026-02-18T09:12:33.123456+00:00", "updated": "2026-02-18T09:12:33.123456+00:00",
     "user": "acct:dana@hypothes.is", "uri": "https://www.news.example.org/port-strike/?utm_source=newsletter",
     "text": "Check the January pay slips.", "tags": ["overtime"],
     "target": [{"source": "https://www.news.example.org/port-strike/?utm_source=newsletter", "selector": [
       {"type": "TextPositionSelector", "start": 120, "end": 161},
       {"type": "TextQuoteSelector", "exact": "restored the overtime rate cut in January", "prefix": "go on until the port authority ", "suffix": ".  Maria Costa said talks would"}]}],
     "document": {"title": ["Port strike enters second week"]}},
    {"id": "Lt4dCOq-EeyLc2h1B3z0mS", "created": "2026-02-19T08:30:00.000000+00:00", "updated": "2026-02-19T08:30:00.000000+00:00",
     "user": "acct:dana@hypothes.is", "uri": "https://other.example.com/story/42",
     "text": "Same figure as the press release.", "tags": [],
     "target": [{"source": "https://other.example.com/story/42", "selector": [
       {"type": "TextQuoteSelector", "exact": "rose by a fifth in a single week", "prefix": "Freight rates ", "suffix": ", according to"}]}]}
  ]
}`

func TestFormatCommands(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lib := formatsLibrary(t)
	src := openWith(t, filepath.Join(dir, "source.db"), lib)
	project := filepath.Join(dir, "project.qdpx")
	if _, err := src.Export("qdpx", nil, project, action.ExportOptions{Creator: "dana"}); err != nil {
		t.Fatal(err)
	}
	if err := src.Store().Close(); err != nil {
		t.Fatal(err)
	}
	garbage := write("garbage.qdpx", "PK\x03\x04 not a zip")
	hyp := write("hypothesis.json", hypothesisFile)
	text := write("a.txt", "Harbour strike\n\nThe dockers walked out over pay.")
	out := filepath.Join(dir, "out")

	for _, tc := range []struct {
		name     string
		empty    bool // an empty database instead of the library
		args     []string
		want     int
		inStdout string
		inStderr string
	}{
		{"tag with a non-report format", false, []string{"export", "--format", "bundle", "--tag", "strike", "-o", out}, 2, "", "use --format markdown or --format html"},
		{"search with a non-report format", false, []string{"export", "--search", "strike", "-o", out}, 2, "", "choose what a report shows"},
		{"tag and speaker at once", false, []string{"export", "--format", "markdown", "--tag", "strike", "--speaker", "Pepe", "-o", out}, 2, "", "give one of --tag, --speaker and --search"},
		{"claimreview without --org", false, []string{"export", "--format", "claimreview", "-o", out}, 2, "", "--org NAME --org-url URL"},
		{"claimreview without a URL", false, []string{"export", "--format", "claimreview", "--org", "Fact Desk", "-o", out}, 2, "", "--org NAME --org-url URL"},
		{"claimreview with a bad URL", false, []string{"export", "--format", "claimreview", "--org", "Fact Desk", "--org-url", "ftp://factdesk.example.org", "-o", out}, 2, "", "not an absolute http(s) URL"},
		{"--org with another format", false, []string{"export", "--format", "csv", "--org", "Fact Desk", "-o", out}, 2, "", "apply to --format claimreview only"},
		{"claimreview", false, []string{"export", "--format", "claimreview", "--org", "Fact Desk", "--org-url", "https://factdesk.example.org", "-o", out + ".json"}, 0, "exported 2 articles", ""},
		{"a tag's report", false, []string{"export", "--format", "markdown", "--tag", "Strike", "-o", out + ".md"}, 0, "exported Tag: Strike (2 highlights in 2 articles) to", ""},
		{"a speaker's report by alias", false, []string{"export", "--format", "html", "--speaker", "pepe", "-o", out + ".html"}, 0, "exported Speaker: José Álvarez (1 highlight in 1 article) to", ""},
		{"a search's report", false, []string{"export", "--format", "markdown", "--search", "overtime", "-o", out + "-search.md"}, 0, "exported Search: overtime (1 highlight in 1 article) to", ""},
		{"an unknown tag", false, []string{"export", "--format", "markdown", "--tag", "harbour", "-o", out}, 1, "", "export: no highlight is tagged \"harbour\"\n"},
		{"a near speaker", false, []string{"export", "--format", "markdown", "--speaker", "Mari", "-o", out}, 1, "", "did you mean Maria Costa?\n"},
		{"a project with an article", true, []string{"import", project, text}, 2, "", "project.qdpx is imported alone"},
		{"an unknown kind", true, []string{"import", project, "--code-kind", "Pay=rumour"}, 2, "", `KIND must be claim, quote, evidence, question or note, not "rumour"`},
		{"a code kind without a code", true, []string{"import", project, "--code-kind", "=claim"}, 2, "", "--code-kind takes CODE=KIND"},
		{"a code kind for an article", true, []string{"import", text, "--code-kind", "Pay=claim"}, 2, "", "applies to a REFI-QDA project"},
		{"a project as a version", true, []string{"import", project, "--version-of", "x"}, 2, "", "--version-of takes a text"},
		{"a refused project", false, []string{"import", garbage}, 1, "", "(nothing was changed)"},
		{"a project", true, []string{"import", project, "--code-kind", "strike=claim"}, 0, "articles:    2 added", ""},
		{"a project again", false, []string{"import", project}, 0, "articles:    0 added, 0 updated, 2 unchanged", ""},
		{"annotations for a page not in the library", false, []string{"import-annotations", hyp}, 1,
			"not in the library: https://other.example.com/story/42\nunplaced: “rose by a fifth in a single week” on https://other.example.com/story/42: its page is not in the library",
			"1 of 2 annotations cannot be placed; nothing was imported; --partial imports the 1 that fit"},
		{"annotations, partly", false, []string{"import-annotations", hyp, "--partial"}, 0, "placed 1 of 2 annotations\narticles:", ""},
		{"annotations on an empty library", true, []string{"import-annotations", hyp}, 1, "", "none of the 2 annotations can be placed; nothing was imported"},
		{"annotations of an unknown kind", false, []string{"import-annotations", hyp, "--kind", "rumour"}, 2, "", "--kind must be"},
		{"annotations from a text file", false, []string{"import-annotations", text}, 2, "", "annotations are read from"},
		{"annotations without a file", false, []string{"import-annotations"}, 2, "", "wrong number of arguments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "m.db")
			var b *bundle.Bundle
			if !tc.empty {
				b = lib
			}
			if err := openWith(t, db, b).Store().Close(); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			env := Env{Stdout: &stdout, Stderr: &stderr, Now: func() time.Time { return formatsTime }, Getenv: func(k string) string {
				if k == "MARGINALIA_DB" {
					return db
				}
				return ""
			}}
			if got := Main(t.Context(), tc.args, env); got != tc.want {
				t.Errorf("exit %d, want %d (stdout %q, stderr %q)", got, tc.want, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.inStdout) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tc.inStdout)
			}
			if !strings.Contains(stderr.String(), tc.inStderr) || tc.inStderr == "" && stderr.Len() > 0 {
				t.Errorf("stderr %q, want %q", stderr.String(), tc.inStderr)
			}
			if tc.want == 0 && tc.args[0] == "export" && strings.Count(stdout.String(), "\n") != 1 {
				t.Errorf("export printed %q; want the one line", stdout.String())
			}
		})
	}
}
