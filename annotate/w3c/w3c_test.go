package w3c

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

var testTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.FixedZone("CET", 3600))

// testBundle has every kind of annotation, a claim with a status, notes,
// tags, speakers, text after characters outside the BMP, articles with and
// without a usable URL, and links of every shape.
func testBundle(t *testing.T) *bundle.Bundle {
	t.Helper()
	b := &bundle.Bundle{Speakers: []annotate.Speaker{{ID: annotate.NewID(), Name: "José Álvarez"}}}
	for i, c := range []struct{ url, text string }{
		{"https://news.example.org/port?day=1&x=y", "The union said: “We have won.” 🚢🚢 The minister claimed volumes fell by a third."},
		{"", "Customs data show volumes fell by 12 per cent.\n\nIs that the whole story?"},
		{"not a url at all", "Residents reported lorries queueing through the night."},
	} {
		a, err := annotate.NewArticle("Article", c.text, testTime)
		if err != nil {
			t.Fatal(err)
		}
		a.URL = c.url
		b.Articles = append(b.Articles, a)
		txt := annotate.NewText(a.Text)
		for j, q := range []string{"We have won.", "volumes fell", "a third", "whole story", "lorries", "night"} {
			span, ok := txt.Find(q, 1)
			if !ok {
				continue
			}
			n, err := annotate.NewAnnotation(a.ID, txt, span, annotate.Kinds()[(i+j)%5], "dana", testTime)
			if err != nil {
				t.Fatal(err)
			}
			n.Modified = testTime.Add(time.Hour)
			if j%2 == 0 {
				n.Note, n.Tags, n.SpeakerID = "Check <this> & that", []string{"pay", "Überstunden"}, b.Speakers[0].ID
			}
			if n.Kind == annotate.KindClaim {
				n.Status = annotate.StatusDisputed
			}
			b.Annotations = append(b.Annotations, n)
		}
	}
	// The first article has a newer version; its first annotation stayed
	// on the text it was made on.
	old := b.Articles[0]
	b.Versions = []annotate.ArticleVersion{{ArticleID: old.ID, N: 1, Title: old.Title, Imported: testTime.Add(-24 * time.Hour), Text: old.Text, TextHash: old.TextHash}}
	b.Articles[0].Version = 2
	for i := range b.Annotations {
		if b.Annotations[i].ArticleID == old.ID {
			b.Annotations[i].Version = 2
		}
	}
	b.Annotations[0].Version = 1
	ref := func(typ annotate.RefType, id string) annotate.Ref { return annotate.Ref{Type: typ, ID: id} }
	for _, l := range []annotate.Link{
		{From: ref(annotate.RefArticle, b.Articles[0].ID), To: ref(annotate.RefArticle, b.Articles[1].ID), Relation: annotate.RelFollowUp},
		{From: ref(annotate.RefAnnotation, b.Annotations[1].ID), To: ref(annotate.RefAnnotation, b.Annotations[3].ID), Relation: annotate.RelContradicts, Note: "12% is not a third"},
		{From: ref(annotate.RefArticle, b.Articles[2].ID), To: ref(annotate.RefAnnotation, b.Annotations[0].ID), Relation: annotate.RelRelated},
		{From: ref(annotate.RefArticle, annotate.NewID()), To: ref(annotate.RefArticle, b.Articles[0].ID), Relation: annotate.RelSourceOf},
	} {
		l.ID, l.Creator, l.Created = annotate.NewID(), "dana", testTime
		b.Links = append(b.Links, l)
	}
	return b
}

// exported writes the collection and decodes it as the validator sees it.
func exported(t *testing.T, b *bundle.Bundle) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, b, Options{ID: "https://example.org/collections/port", Creator: "dana", Generated: testTime, AppVersion: "0.1"}); err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc.(map[string]any)
}

func items(t *testing.T, doc map[string]any) []any {
	t.Helper()
	first, ok := doc["first"].(map[string]any)
	if !ok {
		t.Fatalf("no first page in %v", doc)
	}
	return first["items"].([]any)
}

// TestExportPassesMustAssertions runs every assertion of annotationMusts.test
// on every exported annotation, and collectionMusts.test on the collection.
func TestExportPassesMustAssertions(t *testing.T) {
	dir := suiteDir(t)
	annotationMusts := loadTest(t, dir, "annotations/annotationMusts.test")
	collectionMusts := loadTest(t, dir, "collections/collectionMusts.test")
	b := testBundle(t)
	doc := exported(t, b)

	for _, f := range failures(collectionMusts, doc) {
		t.Errorf("collection: %s", f)
	}
	list := items(t, doc)
	if len(list) != len(b.Annotations)+len(b.Links) {
		t.Fatalf("got %d items, want %d", len(list), len(b.Annotations)+len(b.Links))
	}
	for _, item := range list {
		for _, f := range failures(annotationMusts, item) {
			t.Errorf("%v: %s", item.(map[string]any)["id"], f)
		}
	}
	t.Logf("%d must assertions × %d annotations (%d of them links), and %d collection assertions: all pass",
		len(annotationMusts), len(list), len(b.Links), len(collectionMusts))

	// The same runner rejects a broken export, so the pass means something.
	broken := items(t, exported(t, b))[0].(map[string]any)
	delete(broken, "@context")
	broken["created"] = "yesterday"
	if got := failures(annotationMusts, broken); len(got) != 2 {
		t.Errorf("broken annotation: got %d failures, want 2 (context, created):\n%s", len(got), strings.Join(got, "\n"))
	}
}

func TestExportContent(t *testing.T) {
	b := testBundle(t)
	c, err := Collection(b, Options{ID: "urn:uuid:0190a6b2-6a5e-7c3e-9f0e-3b1f2a4c5d6e", Generated: testTime})
	if err != nil {
		t.Fatal(err)
	}
	if c.Total != len(b.Annotations)+len(b.Links) || c.First == nil || len(c.First.Items) != c.Total {
		t.Fatalf("got total %d and a page of %d, want %d", c.Total, len(c.First.Items), len(b.Annotations)+len(b.Links))
	}
	text := map[string][]rune{}
	for _, a := range b.Articles {
		text[ArticleIRI(a)] = []rune(a.Text)
	}
	for i, n := range b.Annotations {
		item := c.First.Items[i]
		if item.ID != "urn:uuid:"+n.ID || item.Motivation != Motivation(n.Kind) {
			t.Errorf("item %d: got id %s, motivation %s; want urn:uuid:%s, %s", i, item.ID, item.Motivation, n.ID, Motivation(n.Kind))
		}
		sel := item.Target.Selector
		if len(sel) != 2 || sel[0].Type != "TextQuoteSelector" || sel[1].Type != "TextPositionSelector" {
			t.Fatalf("item %d: got selectors %+v, want a quote and a position selector", i, sel)
		}
		// Positions are code points: they select the exact quote from the
		// text seen as runes, emoji and all.
		if got := string(text[item.Target.Source][sel[1].Start:sel[1].End]); got != sel[0].Exact || got != n.Quote.Exact {
			t.Errorf("item %d: runes %d-%d of the text are %q, want the quote %q", i, sel[1].Start, sel[1].End, got, n.Quote.Exact)
		}
		purposes := map[string]string{}
		for _, body := range item.Body {
			purposes[body.Purpose] += body.Value + ";"
		}
		want := map[string]string{"classifying": string(n.Kind) + ";"}
		if n.Note != "" {
			want["commenting"] = n.Note + ";"
			want["tagging"] = strings.Join(n.Tags, ";") + ";"
			want["identifying"] = "José Álvarez;"
		}
		if n.Status != "" {
			want["assessing"] = string(n.Status) + ";"
		}
		if len(purposes) != len(want) {
			t.Errorf("item %d: got bodies %v, want %v", i, purposes, want)
		}
		for k, v := range want {
			if purposes[k] != v {
				t.Errorf("item %d: got %s bodies %q, want %q", i, k, purposes[k], v)
			}
		}
		if item.Created != "2026-03-01T08:00:00Z" || item.Modified != "2026-03-01T09:00:00Z" {
			t.Errorf("item %d: got created %s, modified %s; want UTC times", i, item.Created, item.Modified)
		}
	}
	for _, tc := range []struct {
		i            int
		target, body string
	}{
		{0, "https://news.example.org/port?day=1&x=y", "urn:uuid:" + b.Articles[1].ID},
		{1, "urn:uuid:" + b.Annotations[1].ID, "urn:uuid:" + b.Annotations[3].ID},
		{2, "urn:uuid:" + b.Articles[2].ID, "urn:uuid:" + b.Annotations[0].ID},
		{3, "urn:uuid:" + b.Links[3].From.ID, "https://news.example.org/port?day=1&x=y"},
	} {
		item := c.First.Items[len(b.Annotations)+tc.i]
		if item.Motivation != "linking" || item.Target.Source != tc.target || item.Body[0].ID != tc.body || item.Body[1].Value != string(b.Links[tc.i].Relation) {
			t.Errorf("link %d: got %s from %s to %s (%s), want linking from %s to %s", tc.i, item.Motivation, item.Target.Source, item.Body[0].ID, item.Body[1].Value, tc.target, tc.body)
		}
	}
	if _, err := Collection(b, Options{ID: "relative/id"}); err == nil {
		t.Error("got no error for a relative collection id")
	}
}

func TestIRI(t *testing.T) {
	for _, tc := range []struct{ typ, id, want string }{
		{"annotation", "0190a6b2-6a5e-7c3e-9f0e-3b1f2a4c5d6e", "urn:uuid:0190a6b2-6a5e-7c3e-9f0e-3b1f2a4c5d6e"},
		{"article", "legacy_42", "urn:x-marginalia:article:legacy_42"},
		{"article", "{0190a6b2-6a5e-7c3e-9f0e-3b1f2a4c5d6e}", "urn:x-marginalia:article:{0190a6b2-6a5e-7c3e-9f0e-3b1f2a4c5d6e}"},
	} {
		if got := IRI(tc.typ, tc.id); got != tc.want {
			t.Errorf("IRI(%q, %q): got %q, want %q", tc.typ, tc.id, got, tc.want)
		}
	}
	var empty bytes.Buffer
	if err := Write(&empty, &bundle.Bundle{}, Options{ID: "https://example.org/c"}); err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(empty.Bytes(), &c); err != nil || c["total"] != 0.0 || c["first"] != nil {
		t.Errorf("empty bundle: got %s, %v; want a collection of 0 without a first page", empty.Bytes(), err)
	}
}

// TestTargetsTheVersion: an annotation left on an earlier text of its
// article targets the article as it was then (a TimeState); the others
// target the article as it is.
func TestTargetsTheVersion(t *testing.T) {
	b := testBundle(t)
	list := items(t, exported(t, b))
	for i, item := range list[:len(b.Annotations)] {
		target := item.(map[string]any)["target"].(map[string]any)
		state, has := target["state"].(map[string]any)
		if want := i == 0; has != want {
			t.Errorf("annotation %d (version %d): state %v, want one %v", i, b.Annotations[i].VersionOf(), state, want)
			continue
		}
		if has && (state["type"] != "TimeState" || state["sourceDate"] != timestamp(b.Versions[0].Imported)) {
			t.Errorf("annotation %d: state %v, want a TimeState at the version's import", i, state)
		}
	}
}
