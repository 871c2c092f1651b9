package hypothesis

import (
	"bytes"
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
	"marginalia/annotate/w3c"
)

var testTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func article(t testing.TB, file, url string) annotate.Article {
	t.Helper()
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	a, err := annotate.NewArticle("Port strike enters second week", string(text), testTime)
	if err != nil {
		t.Fatal(err)
	}
	a.URL = url
	return a
}

func TestReadHypothesisExport(t *testing.T) {
	f, err := ReadFile("testdata/hypothesis-export.json", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != "hypothesis" || len(f.Annotations) != 8 {
		t.Fatalf("got format %q with %d annotations, want hypothesis with 8", f.Format, len(f.Annotations))
	}
	a := f.Annotations[0]
	if a.ID != "kGxL2Oq-EeyLYzv1Tn2AEw" || a.Creator != "dana" || a.Note != "Check the January pay slips." ||
		!slices.Equal(a.Tags, []string{"overtime", "to verify"}) || a.Title != "Port strike enters second week - The Example Times" ||
		a.Quote.Exact != "restored the overtime rate cut in January" || a.Quote.Prefix != "return until the port authority " || a.Hint <= 0 ||
		!a.Created.Equal(time.Date(2026, 2, 18, 9, 12, 33, 123456000, time.UTC)) || !a.Modified.After(a.Created) {
		t.Errorf("got %+v", a)
	}
	if !f.Annotations[4].Reply || f.Annotations[3].Quote.Exact != "" || f.Annotations[3].Hint != -1 {
		t.Errorf("got reply %v and page note %+v", f.Annotations[4].Reply, f.Annotations[3])
	}
	lib := article(t, "testdata/port-strike.txt", "https://news.example.org/port-strike")
	other := article(t, "testdata/port-strike.txt", "https://news.example.org/other-story")
	if wants := f.Matcher(); !wants(&lib) || wants(&other) {
		t.Errorf("Matcher: got %v for the annotated page and %v for another, want true and false", wants(&lib), wants(&other))
	}
	if got, want := f.URLs(), []string{"http://news.example.org/port-strike", "http://other.example.com/story/42"}; !slices.Equal(got, want) {
		t.Errorf("got URLs %q, want %q", got, want)
	}
}

func TestPlaceHypothesisExport(t *testing.T) {
	lib := []annotate.Article{article(t, "testdata/port-strike.txt", "https://news.example.org/port-strike")}
	f, err := ReadFile("testdata/hypothesis-export.json", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p := Place(lib, f.Annotations, PlaceOptions{Creator: "importer", Now: testTime})
	text := annotate.NewText(lib[0].Text)
	want := []struct {
		id, quote string
		kind      annotate.Kind
		changed   bool
	}{
		{"kGxL2Oq-EeyLYzv1Tn2AEw", "restored the overtime rate cut in January", annotate.KindNote, false},
		{"pQ7v3Oq-EeyLa0f9Z1x8kQ", "“Patience has not paid a single bill.”", annotate.KindEvidence, true},
		{"g5o2hOq-EeyLg6l5F7d4qW", "Freight rates on the route rose by a fifth last week", annotate.KindNote, false},
	}
	if len(p.Placed) != len(want) {
		t.Fatalf("placed %d, want %d: %+v\nunplaced %+v", len(p.Placed), len(want), p.Placed, p.Unplaced)
	}
	for i, w := range want {
		n := p.Placed[i]
		if n.ID != w.id || n.Quote.Exact != w.quote || n.Kind != w.kind || n.Changed != w.changed || n.ArticleID != lib[0].ID {
			t.Errorf("placed %d: got %s %q %s changed=%v, want %s %q %s changed=%v", i, n.ID, n.Quote.Exact, n.Kind, n.Changed, w.id, w.quote, w.kind, w.changed)
		}
		if err := n.ValidateIn(text); err != nil {
			t.Errorf("placed %d does not validate: %v", i, err)
		}
	}
	if n := p.Placed[0]; n.Creator != "dana" || n.Note != "Check the January pay slips." || !slices.Equal(n.Tags, []string{"overtime", "to verify"}) {
		t.Errorf("got %+v, want Hypothesis' user, text and tags", n.Annotation)
	}
	wantUnplaced := map[string]string{
		"bXo1cOq-EeyLb1g0A2y9lR": "",               // the newsletter box is not in the article
		"c1k8dOq-EeyLc2h1B3z0mS": "quotes no text", // a page note
		"d2l9eOq-EeyLd3i2C4a1nT": "a reply",        // a reply
		"e3m0fOq-EeyLe4j3D5b2oU": "page is not in the library",
		"f4n1gOq-EeyLf5k4E6c3pV": "", // "The union said", twice in the article, no context
	}
	if len(p.Unplaced) != len(wantUnplaced) {
		t.Errorf("got %d unplaced, want %d", len(p.Unplaced), len(wantUnplaced))
	}
	for _, u := range p.Unplaced {
		reason, ok := wantUnplaced[u.Annotation.ID]
		if !ok || !strings.Contains(u.Reason, reason) || u.Reason == "" {
			t.Errorf("unplaced %s: %q; want it placed, or a reason mentioning %q", u.Annotation.ID, u.Reason, reason)
		}
	}
	if want := []string{"https://other.example.com/story/42"}; !slices.Equal(p.MissingURLs, want) {
		t.Errorf("got missing URLs %q, want %q", p.MissingURLs, want)
	}
	if p.Complete() {
		t.Error("Complete reports a partial placement as complete")
	}
	// The same file gives the same IDs: importing it twice changes nothing.
	again := Place(lib, f.Annotations, PlaceOptions{Creator: "importer", Now: testTime.Add(time.Hour)})
	if fmt.Sprint(again.Annotations()) != fmt.Sprint(p.Annotations()) {
		t.Error("placing the same file twice gave different annotations")
	}
	// On an article with a newer version, placements are on its text, the
	// latest version.
	lib[0].Version = 3
	for _, n := range Place(lib, f.Annotations, PlaceOptions{Now: testTime}).Placed {
		if n.VersionOf() != 3 {
			t.Errorf("placed %s on version %d of an article at version 3", n.ID, n.VersionOf())
		}
	}
}

// TestPlaceNeverOnTheWrongVersion: of two versions with the page's URL,
// the newest that holds the passage gets it.
func TestPlaceOnVersions(t *testing.T) {
	old := article(t, "testdata/port-strike.txt", "https://news.example.org/port-strike/")
	newer, err := annotate.NewArticle(old.Title, strings.Replace(old.Text, "Freight rates on the route rose by a fifth last week", "Freight rates have doubled since the strike began", 1), testTime.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	newer.URL = "https://news.example.org/port-strike"
	f, err := ReadFile("testdata/hypothesis-export.json", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p := Place([]annotate.Article{old, newer}, f.Annotations, PlaceOptions{Now: testTime})
	on := map[string]string{}
	for _, n := range p.Placed {
		on[n.ID] = n.ArticleID
	}
	if on["kGxL2Oq-EeyLYzv1Tn2AEw"] != newer.ID || on["g5o2hOq-EeyLg6l5F7d4qW"] != old.ID {
		t.Errorf("got %v; want the overtime passage on the newer version and the freight passage, gone from it, on the older", on)
	}
}

func TestRoundTripThroughW3C(t *testing.T) {
	a := article(t, "testdata/port-strike.txt", "")
	speaker := annotate.Speaker{ID: annotate.NewID(), Name: "Maria Costa"}
	txt := annotate.NewText(a.Text)
	var anns []annotate.Annotation
	for i, q := range []string{"We have been patient for a year", "restored the overtime rate cut in January", "talks would resume on Friday", "The union said"} {
		span, ok := txt.Find(q, 1+i/3) // the second "The union said"
		if !ok {
			t.Fatalf("no %q", q)
		}
		n, err := annotate.NewAnnotation(a.ID, txt, span, annotate.Kinds()[i], "dana", testTime.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		n.Note, n.Tags = fmt.Sprintf("note %d", i), []string{"pay", fmt.Sprint("t", i)}
		if i == 0 {
			n.Status, n.SpeakerID = annotate.StatusDisputed, speaker.ID
		}
		anns = append(anns, n)
	}
	link := annotate.Link{ID: annotate.NewID(), From: annotate.Ref{Type: annotate.RefAnnotation, ID: anns[0].ID}, To: annotate.Ref{Type: annotate.RefAnnotation, ID: anns[1].ID},
		Relation: annotate.RelSupports, Created: testTime}
	var buf bytes.Buffer
	b := &bundle.Bundle{Articles: []annotate.Article{a}, Annotations: anns, Speakers: []annotate.Speaker{speaker}, Links: []annotate.Link{link}}
	if err := w3c.Write(&buf, b, w3c.Options{Generated: testTime}); err != nil {
		t.Fatal(err)
	}
	f, err := Read(&buf, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != "w3c" {
		t.Errorf("got format %q", f.Format)
	}
	p := Place([]annotate.Article{a}, f.Annotations, PlaceOptions{Now: testTime})
	if len(p.Placed) != len(anns) || len(p.Unplaced) != 1 || !strings.Contains(p.Unplaced[0].Reason, "link") {
		t.Fatalf("got %d placed and unplaced %+v; want %d placed and the link unplaced", len(p.Placed), p.Unplaced, len(anns))
	}
	for i, n := range p.Placed {
		o := anns[i]
		if n.ID != o.ID || n.Span != o.Span || n.Quote != o.Quote || n.Kind != o.Kind || n.Status != o.Status || n.Note != o.Note ||
			!slices.Equal(n.Tags, o.Tags) || n.Creator != o.Creator || !n.Created.Equal(o.Created) || n.Method.String() != "quote" {
			t.Errorf("annotation %d:\ngot  %+v\nwant %+v", i, n.Annotation, o)
		}
	}
	if p.Placed[0].Speaker != "Maria Costa" {
		t.Errorf("got speaker %q from the identifying body", p.Placed[0].Speaker)
	}
}

func TestReadW3CSamples(t *testing.T) {
	dir := "../../../shared/conformance/web-annotation-tests/tools/samples/correct"
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) == 0 {
		t.Skipf("the W3C samples are not at %s", dir)
	}
	quotes := map[string]string{}
	for _, file := range files {
		f, err := ReadFile(file, Limits{})
		if err != nil {
			// A collection that links to its pages (example41) is valid,
			// but there is nothing to read without fetching them.
			if !strings.Contains(err.Error(), "pages are not in the file") {
				t.Errorf("%s: %v", filepath.Base(file), err)
			}
			continue
		}
		for _, a := range f.Annotations {
			if a.Quote.Exact != "" {
				quotes[a.ID] = a.Quote.Exact + "|" + a.URL
			}
		}
	}
	for id, want := range map[string]string{
		"http://example.org/anno26": "anotation|http://example.org/page1",
		"http://example.org/anno32": "Selected Text|http://example.org/page1", // refining a FragmentSelector
	} {
		if quotes[id] != want {
			t.Errorf("%s: got %q, want %q", id, quotes[id], want)
		}
	}
}

func TestReadRefuses(t *testing.T) {
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	many := "[" + strings.TrimSuffix(strings.Repeat(`{"uri":"u","target":[]},`, 11), ",") + "]"
	for _, tc := range []struct {
		name, data string
		lim        Limits
		want       string
	}{
		{"too large", `{"annotations":[]}` + strings.Repeat(" ", 200), Limits{MaxBytes: 100}, "larger than 100 bytes"},
		{"too deep", deep, Limits{}, "deeper than 64"},
		{"too many", many, Limits{MaxAnnotations: 10}, "11 annotations; the limit is 10"},
		{"too many in an export", `{"annotations":` + many + `}`, Limits{MaxAnnotations: 10}, "11 annotations"},
		{"not JSON", "<html>", Limits{}, "not JSON"},
		{"another JSON file", `{"name":"x"}`, Limits{}, "neither a Hypothesis export nor a W3C"},
		{"pages not embedded", `{"type":"AnnotationCollection","first":"https://example.org/page1"}`, Limits{}, "pages are not in the file"},
		{"item not an annotation", `{"type":"AnnotationPage","items":[{"type":"Image"}]}`, Limits{}, "not an Annotation"},
		{"annotations not a list", `{"annotations":{}}`, Limits{}, "not a list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.data), tc.lim)
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want a refusal mentioning %q", err, tc.want)
			}
		})
	}
}

func TestNormalizeURL(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"https://www.News.Example.org/port-strike/?utm_source=x&utm_medium=y#annotations:123", "http://news.example.org/port-strike"},
		{"https://news.example.org:443/a?b=2&a=1&fbclid=z", "http://news.example.org/a?a=1&b=2"},
		{"https://news.example.org/", "http://news.example.org"},
		{"URN:UUID:0190A6B2-0000-7000-8000-000000000001", "urn:uuid:0190a6b2-0000-7000-8000-000000000001"},
		{"  not a url  ", "not a url"},
	} {
		if got := NormalizeURL(tc.a); got != tc.b {
			t.Errorf("NormalizeURL(%q) = %q, want %q", tc.a, got, tc.b)
		}
	}
	// What must stay apart.
	for _, pair := range [][2]string{
		{"https://news.example.org/a", "https://news.example.org/b"},
		{"https://news.example.org/a?id=1", "https://news.example.org/a?id=2"},
		{"https://news.example.org:8080/a", "https://news.example.org/a"},
		{"https://news.example.org/a", "https://example.org/a"},
	} {
		if NormalizeURL(pair[0]) == NormalizeURL(pair[1]) {
			t.Errorf("%s and %s normalise alike", pair[0], pair[1])
		}
	}
}
