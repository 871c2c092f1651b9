package claimreview

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

var testTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

const schemaFile = "testdata/claimreview-profile.schema.json"

// profile compiles the profile's JSON Schema, asserting formats.
func profile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("urn:marginalia:schema:claimreview-profile", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("urn:marginalia:schema:claimreview-profile")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testBundle has a claim of every verdict, attributed and not, on an
// article with a URL and one without, and annotations that are not
// reviewed.
func testBundle(t *testing.T) *bundle.Bundle {
	t.Helper()
	b := &bundle.Bundle{Speakers: []annotate.Speaker{{ID: annotate.NewID(), Name: "José Álvarez", Role: "union leader", Affiliation: "Dockers' Union"}}}
	text := "The union said wages rose 40% last year. </script><script>alert(1)</script> The port said ships wait a week. " +
		"Officials claim cargo fell by half. Analysts say the strike is the longest since 1990."
	for i, url := range []string{"https://news.example.org/port?a=1&b=2", ""} {
		a, err := annotate.NewArticle("Port strike “day 10” & more", text+strings.Repeat(" More.", i), testTime)
		if err != nil {
			t.Fatal(err)
		}
		a.URL, a.Source = url, "The Example Times"
		if i == 0 {
			a.Byline, a.Published = "Ana Reporter", testTime.Add(-48*time.Hour)
		}
		b.Articles = append(b.Articles, a)
		txt := annotate.NewText(a.Text)
		for j, c := range []struct {
			quote  string
			kind   annotate.Kind
			status annotate.Status
			note   string
		}{
			{"wages rose 40% last year", annotate.KindClaim, annotate.StatusFalse, "Payroll data show 4%."},
			{"</script><script>alert(1)</script>", annotate.KindClaim, annotate.StatusMisleading, ""},
			{"ships wait a week", annotate.KindClaim, annotate.StatusSupported, "Harbour logs agree."},
			{"cargo fell by half", annotate.KindClaim, annotate.StatusDisputed, ""},
			{"the strike is the longest since 1990", annotate.KindClaim, annotate.StatusUnverified, ""},
			{"Analysts say", annotate.KindQuote, "", ""},
		} {
			span, ok := txt.Find(c.quote, 1)
			if !ok {
				t.Fatalf("no %q", c.quote)
			}
			n, err := annotate.NewAnnotation(a.ID, txt, span, c.kind, "dana", testTime)
			if err != nil {
				t.Fatal(err)
			}
			n.Status, n.Note = c.status, c.note
			if j == 0 {
				n.SpeakerID = b.Speakers[0].ID
			}
			b.Annotations = append(b.Annotations, n)
		}
	}
	return b
}

func export(t *testing.T, b *bundle.Bundle, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, b, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExportFollowsTheProfile(t *testing.T) {
	s := profile(t)
	b := testBundle(t)
	for _, opts := range []Options{
		{Org: Organization{Name: "Fact Desk", URL: "https://factdesk.example.org"}, Published: testTime},
		{Org: Organization{Name: "Fact Desk"}, BaseURL: "https://factdesk.example.org/checks/port-strike#top"},
	} {
		data := export(t, b, opts)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(doc); err != nil {
			t.Errorf("the export does not follow the profile: %v", err)
		}
		if bytes.Contains(data, []byte("</script")) {
			t.Error("the export carries </script unescaped: it would close the script element it is pasted in")
		}
	}
}

func TestReviews(t *testing.T) {
	b := testBundle(t)
	rs, err := Reviews(b, Options{Org: Organization{Name: "Fact Desk", URL: "https://factdesk.example.org/"}, BaseURL: "https://factdesk.example.org/checks/port#x", Published: testTime})
	if err != nil {
		t.Fatal(err)
	}
	// Four reviewed verdicts on each of the two articles; unverified
	// claims and quotes are not reviewed.
	if len(rs) != 8 {
		t.Fatalf("got %d reviews, want 8", len(rs))
	}
	r := rs[0]
	if r.ClaimReviewed != "wages rose 40% last year" || r.ReviewRating.AlternateName != "False" || r.ReviewRating.RatingValue != 1 || r.ReviewBody != "Payroll data show 4%." {
		t.Errorf("got %+v", r)
	}
	if want := "https://factdesk.example.org/checks/port#claim-" + b.Annotations[0].ID; r.URL != want {
		t.Errorf("got url %q, want %q", r.URL, want)
	}
	if a := r.ItemReviewed.Author; a == nil || a.Type != "Person" || a.Name != "José Álvarez" || a.JobTitle != "union leader" || a.Affiliation.Name != "Dockers' Union" {
		t.Errorf("got claim author %+v, want the speaker", a)
	}
	if w := r.ItemReviewed.Appearance; w.URL != "https://news.example.org/port?a=1&b=2" || w.Headline != "Port strike “day 10” & more" || w.DatePublished != "2026-02-27" {
		t.Errorf("got appearance %+v", w)
	}
	if r.DatePublished != "2026-03-01" || r.Author.Name != "Fact Desk" || r.Author.URL != "https://factdesk.example.org/" {
		t.Errorf("got date %q and author %+v", r.DatePublished, r.Author)
	}
	// Unattributed: the byline makes the claim; without one, the
	// publication does.
	if a := rs[1].ItemReviewed.Author; a.Type != "Person" || a.Name != "Ana Reporter" {
		t.Errorf("got %+v, want the byline", a)
	}
	if a := rs[5].ItemReviewed.Author; a.Type != "Organization" || a.Name != "The Example Times" {
		t.Errorf("got %+v, want the publication", a)
	}
	if w := rs[5].ItemReviewed.Appearance; w.URL != "" || rs[5].ItemReviewed.DatePublished != "" {
		t.Errorf("an article without URL or date gave %+v", rs[5].ItemReviewed)
	}
	for _, r := range rs {
		value, label, ok := Rating(annotate.Status(strings.ToLower(r.ReviewRating.AlternateName)))
		if !ok || value != r.ReviewRating.RatingValue || label != r.ReviewRating.Name || r.ReviewRating.BestRating != BestRating || r.ReviewRating.WorstRating != WorstRating {
			t.Errorf("rating %+v is not on the stated scale", r.ReviewRating)
		}
	}
}

func TestOptionsAreRequired(t *testing.T) {
	b := testBundle(t)
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"no organisation", Options{Org: Organization{URL: "https://factdesk.example.org"}}, "name is required"},
		{"no URL", Options{Org: Organization{Name: "Fact Desk"}}, "absolute http(s) URL"},
		{"relative URL", Options{Org: Organization{Name: "Fact Desk", URL: "/checks"}}, "absolute http(s) URL"},
		{"javascript URL", Options{Org: Organization{Name: "Fact Desk"}, BaseURL: "javascript:alert(1)"}, "absolute http(s) URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Reviews(b, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

// TestProfileRefuses shows the schema is not vacuous: each change breaks
// a property Google requires or the stated scale.
func TestProfileRefuses(t *testing.T) {
	s := profile(t)
	data := export(t, testBundle(t), Options{Org: Organization{Name: "Fact Desk", URL: "https://factdesk.example.org"}, Published: testTime})
	for _, tc := range []struct {
		name string
		edit func(r map[string]any)
	}{
		{"no url", func(r map[string]any) { delete(r, "url") }},
		{"relative url", func(r map[string]any) { r["url"] = "/checks#1" }},
		{"no claimReviewed", func(r map[string]any) { delete(r, "claimReviewed") }},
		{"blank claimReviewed", func(r map[string]any) { r["claimReviewed"] = "  " }},
		{"no alternateName", func(r map[string]any) { delete(r["reviewRating"].(map[string]any), "alternateName") }},
		{"rating off the scale", func(r map[string]any) { r["reviewRating"].(map[string]any)["ratingValue"] = 4 }},
		{"label not its value", func(r map[string]any) { r["reviewRating"].(map[string]any)["alternateName"] = "Supported" }},
		{"no author", func(r map[string]any) { delete(r, "author") }},
		{"bad date", func(r map[string]any) { r["datePublished"] = "1 March 2026" }},
		{"claim without appearance", func(r map[string]any) { delete(r["itemReviewed"].(map[string]any), "appearance") }},
		{"item not a claim", func(r map[string]any) { r["itemReviewed"].(map[string]any)["@type"] = "Thing" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rs []map[string]any
			if err := json.Unmarshal(data, &rs); err != nil {
				t.Fatal(err)
			}
			tc.edit(rs[0])
			edited, _ := json.Marshal(rs)
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(edited))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(doc); err == nil {
				t.Error("the profile accepts it")
			}
		})
	}
}

func TestNoReviewsIsAnEmptyArray(t *testing.T) {
	b := testBundle(t)
	b.Annotations = nil
	data := export(t, b, Options{Org: Organization{Name: "Fact Desk", URL: "https://factdesk.example.org"}})
	if got := strings.TrimSpace(string(data)); got != "[]" {
		t.Errorf("got %s, want []", got)
	}
}
