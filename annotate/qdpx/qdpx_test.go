package qdpx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

var testTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

const xsdPath = "../../../shared/conformance/refi-qda/Project-mrt2019.xsd"

// testBundle makes a valid bundle of n articles with per annotations each:
// every kind, verdicts, nested tags, notes with characters XML must
// escape, speakers, and links between articles and between annotations.
func testBundle(t testing.TB, n, per int) *bundle.Bundle {
	t.Helper()
	b := &bundle.Bundle{Speakers: []annotate.Speaker{
		{ID: annotate.NewID(), Name: "José Álvarez", Aliases: []string{"J. Álvarez", "Pepe"}, Role: "union leader", Affiliation: "Dockers' Union", Note: "Spoke <twice> & \"loud\""},
		{ID: annotate.NewID(), Name: "Port Authority"},
	}}
	tags := [][]string{{"pay"}, {"strike/2026", "pay"}, {"strike/2026/march"}, {"a <b> & \"c\""}, nil}
	for i := range n {
		text := fmt.Sprintf("Article %d. The union said: “We have won.” <b>Not</b> & so on.\n\n", i) +
			strings.Repeat("Cargo handling would resume on Monday morning after talks broke down. ", 20) +
			"\n\nÉmoji 🚢 and a tab\there."
		a, err := annotate.NewArticle(fmt.Sprintf("Port strike %d <&>", i), text, testTime)
		if err != nil {
			t.Fatal(err)
		}
		a.URL = fmt.Sprintf("https://news.example.org/port/%d?a=1&b=2", i)
		a.Source, a.Byline = "The Example Times", "Ana Reporter"
		a.Published = testTime.Add(-time.Duration(i) * time.Hour)
		if i%2 == 0 {
			a.Tags = []string{"strike/2026"}
			a.Note = "Article note\nwith two lines"
		}
		b.Articles = append(b.Articles, a)
		txt := annotate.NewText(a.Text)
		for j := range per {
			start := (j * 37) % (txt.Len() - 80)
			ann, err := annotate.NewAnnotation(a.ID, txt, annotate.Span{Start: start, End: start + 10 + j%50}, annotate.Kinds()[j%5], []string{"dana", "eli", ""}[j%3], testTime.Add(time.Duration(j)*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			if j%4 == 1 {
				ann.Modified = ann.Created.Add(90 * time.Minute)
			}
			if ann.Kind == annotate.KindClaim {
				ann.Status = annotate.Statuses()[j%len(annotate.Statuses())]
			}
			if j%2 == 0 {
				ann.Note = fmt.Sprintf("note %d: <script>alert(1)</script> & \"quotes\"\r\nsecond line\ttab \x01 control", j)
			}
			ann.Tags = tags[j%len(tags)]
			if j%3 == 0 {
				ann.SpeakerID = b.Speakers[j%2].ID
			}
			b.Annotations = append(b.Annotations, ann)
		}
		if i > 0 {
			b.Links = append(b.Links, annotate.Link{ID: annotate.NewID(), Relation: annotate.RelFollowUp, Created: testTime, Creator: "dana", Note: "later report",
				From: annotate.Ref{Type: annotate.RefArticle, ID: b.Articles[i-1].ID}, To: annotate.Ref{Type: annotate.RefArticle, ID: a.ID}})
		}
		if per >= 2 {
			k := len(b.Annotations)
			b.Links = append(b.Links, annotate.Link{ID: annotate.NewID(), Relation: annotate.RelContradicts, Created: testTime,
				From: annotate.Ref{Type: annotate.RefAnnotation, ID: b.Annotations[k-1].ID}, To: annotate.Ref{Type: annotate.RefAnnotation, ID: b.Annotations[k-2].ID}})
		}
	}
	if _, err := b.Verify(); err != nil {
		t.Fatal(err)
	}
	return b
}

func export(t testing.TB, b *bundle.Bundle) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, b, Options{Creator: "dana", Generated: testTime, AppVersion: "1.0"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// entries returns the zip's entries by name.
func entries(t testing.TB, data []byte) map[string][]byte {
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
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

// xmllint validates the project against the REFI-QDA schema; it skips
// when xmllint is missing unless MARGINALIA_REQUIRE_TOOLS is set.
func xmllint(t *testing.T, project []byte) error {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("MARGINALIA_REQUIRE_TOOLS") != "" {
			t.Fatal("xmllint is missing and MARGINALIA_REQUIRE_TOOLS is set: install libxml2-utils")
		}
		t.Skip("xmllint is missing (install libxml2-utils, as make test does): the schema check is skipped")
	}
	if _, err := os.Stat(xsdPath); err != nil {
		t.Skipf("the REFI-QDA schema is not at %s: %v", xsdPath, err)
	}
	path := filepath.Join(t.TempDir(), ProjectName)
	if err := os.WriteFile(path, project, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--nonet", "--schema", xsdPath, path).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	return nil
}

func TestExportValidatesAgainstTheSchema(t *testing.T) {
	for _, tc := range []struct {
		name     string
		articles int
		per      int
	}{
		{"empty library", 0, 0},
		{"articles without annotations", 2, 0},
		{"one annotation", 1, 1},
		{"everything", 3, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := testBundle(t, tc.articles, tc.per)
			files := entries(t, export(t, b))
			if err := xmllint(t, files[ProjectName]); err != nil {
				t.Fatalf("xmllint refuses the export: %v", err)
			}
			for _, a := range b.Articles {
				got, ok := files["sources/"+a.ID+".txt"]
				if !ok {
					t.Fatalf("no sources/%s.txt", a.ID)
				}
				if string(got) != a.Text || bytes.HasPrefix(got, []byte("\uFEFF")) || bytes.Contains(got, []byte("\r")) {
					t.Errorf("sources/%s.txt: got %.40q, want the article text with \\n line endings and no BOM", a.ID, got)
				}
			}
			if got, want := len(files), 1+len(b.Articles); got != want {
				t.Errorf("got %d entries, want %d", got, want)
			}
		})
	}
}

func TestExportIsDeterministic(t *testing.T) {
	b := testBundle(t, 2, 6)
	if !bytes.Equal(export(t, b), export(t, b)) {
		t.Error("two exports of the same bundle differ")
	}
}

func TestExportProgress(t *testing.T) {
	b := testBundle(t, 30, 20)
	var calls, last, total int
	err := Write(io.Discard, b, Options{Generated: testTime, Progress: func(d, tot int) {
		if d < last || d > tot {
			t.Errorf("progress went from %d to %d of %d", last, d, tot)
		}
		calls, last, total = calls+1, d, tot
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := len(b.Articles) + len(b.Annotations)
	if calls == 0 || calls > 210 || last != want || total != want {
		t.Errorf("got %d calls ending at %d/%d, want at most 210 ending at %d/%d", calls, last, total, want, want)
	}
}

func TestExportRefusesWhatDoesNotFit(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(b *bundle.Bundle)
		want string
	}{
		{"span past the text", func(b *bundle.Bundle) { b.Annotations[0].Span.End = 1 << 20 }, "does not fit"},
		{"article not exported", func(b *bundle.Bundle) { b.Annotations[0].ArticleID = annotate.NewID() }, "not in the export"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := testBundle(t, 1, 3)
			tc.edit(b)
			err := Write(io.Discard, b, Options{Generated: testTime})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

// comparable reduces records to what a round trip must keep.
func comparable(b *bundle.Bundle) (arts, anns []string) {
	for _, a := range b.Articles {
		arts = append(arts, fmt.Sprintf("%s|%q|%s|%s|%s|%s|%q|%v|%q", a.ID, a.Title, a.URL, a.Source, a.Byline, a.Published.UTC().Format(time.RFC3339), a.Text, a.Tags, a.Note))
	}
	speaker := map[string]string{}
	for _, s := range b.Speakers {
		speaker[s.ID] = fmt.Sprintf("%s %v %s %s %q", s.Name, s.Aliases, s.Role, s.Affiliation, s.Note)
	}
	for _, n := range b.Annotations {
		tags := slices.Clone(n.Tags)
		slices.Sort(tags)
		anns = append(anns, fmt.Sprintf("%s|%s|%s|%v|%q|%q|%q|%v|%q|%s|%s|%s|%s", n.ID, n.ArticleID, n.Kind, n.Span, n.Quote.Exact, n.Quote.Prefix, n.Quote.Suffix,
			tags, n.Note, n.Status, n.Creator, n.Created.UTC().Format(time.RFC3339Nano), speaker[n.SpeakerID]))
	}
	slices.Sort(anns)
	return arts, anns
}

// xmlSafe is what an XML document can carry of s: control characters
// other than tab and line breaks become U+FFFD, and a CR LF read back
// from an element is a LF.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if xmlChar(r) {
			return r
		}
		return '\uFFFD'
	}, s)
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct{ articles, per int }{{1, 1}, {3, 12}, {20, 40}} {
		t.Run(fmt.Sprintf("%d articles, %d annotations each", tc.articles, tc.per), func(t *testing.T) {
			b := testBundle(t, tc.articles, tc.per)
			data := export(t, b)
			res, err := Read(bytes.NewReader(data), int64(len(data)), ReadOptions{Now: testTime, Creator: "importer"})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Skipped) != 0 || len(res.Notes) != 0 {
				t.Errorf("got skipped %q and notes %q, want none", res.Skipped, res.Notes)
			}
			// The export loses only characters XML cannot carry and the
			// creator of annotations that had none.
			want := testBundle(t, 0, 0)
			*want = *b
			want.Annotations = slices.Clone(b.Annotations)
			for i := range want.Annotations {
				n := &want.Annotations[i]
				n.Note = xmlSafe(n.Note)
				if n.Creator == "" {
					n.Creator = "importer"
				}
			}
			gotArts, gotAnns := comparable(res.Bundle)
			wantArts, wantAnns := comparable(want)
			if !slices.Equal(gotArts, wantArts) {
				t.Errorf("articles differ:\ngot  %.300q\nwant %.300q", gotArts, wantArts)
			}
			if len(gotAnns) != len(wantAnns) {
				t.Fatalf("got %d annotations, want %d", len(gotAnns), len(wantAnns))
			}
			for i := range gotAnns {
				if gotAnns[i] != wantAnns[i] {
					t.Fatalf("annotation differs:\ngot  %s\nwant %s", gotAnns[i], wantAnns[i])
				}
			}
			if got, want := len(res.Bundle.Links), len(b.Links); got != want {
				t.Errorf("got %d links, want %d", got, want)
			}
			for i, l := range res.Bundle.Links {
				if o := b.Links[i]; l.ID != o.ID || l.From != o.From || l.To != o.To || l.Relation != o.Relation || l.Note != o.Note {
					t.Errorf("link %d: got %+v, want %+v", i, l, o)
				}
			}
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadFile(dir, ReadOptions{}); err == nil || errors.Is(err, ErrRefused) {
		t.Errorf("reading a folder: got %v, want an error that is not a refusal", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.qdpx"), ReadOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("reading a missing file: got %v, want not-exist", err)
	}
	path := filepath.Join(dir, "p.qdpx")
	if err := os.WriteFile(path, export(t, testBundle(t, 1, 2)), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := ReadFile(path, ReadOptions{})
	if err != nil || len(res.Bundle.Articles) != 1 || len(res.Bundle.Annotations) != 2 {
		t.Errorf("got %v, %v; want one article with two annotations", res, err)
	}
}
