package claimreview

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// Context is the JSON-LD context every review carries.
const Context = "https://schema.org"

// The rating scale: 1 (false) to 5 (true), the five-point scale of
// Google's documentation and most fact-checkers' markup, so that values
// compare across publishers. Marginalia's four verdicts sit at 1, 2, 3 and
// 5; 4 ("mostly true") has no verdict.
const (
	WorstRating = 1
	BestRating  = 5
)

// Rating returns the numeric rating and the label of a verdict, and false
// for a verdict that is not reviewed (unverified, or none).
func Rating(s annotate.Status) (value int, label string, ok bool) {
	switch s {
	case annotate.StatusFalse:
		return 1, "False", true
	case annotate.StatusMisleading:
		return 2, "Misleading", true
	case annotate.StatusDisputed:
		return 3, "Disputed", true
	case annotate.StatusSupported:
		return 5, "Supported", true
	}
	return 0, "", false
}

// Organization is the fact-checking organisation that publishes the
// reviews.
type Organization struct {
	Name string
	URL  string
}

// Options describe the publisher of the reviews.
type Options struct {
	// Org is the reviews' author; its name is required.
	Org Organization
	// BaseURL is the page the reviews are published on. Each review's url
	// is BaseURL with the fragment #claim-<annotation id>. Org.URL is used
	// when it is empty; one of them must be an absolute http(s) URL.
	BaseURL string
	// Published is the reviews' datePublished; now when zero.
	Published time.Time
	// Progress, when not nil, is told how many reviews of how many have
	// been written (once, at the end: writing is quick).
	Progress func(done, total int)
}

// Thing is a schema.org Person or Organization.
type Thing struct {
	Type        string `json:"@type"`
	Name        string `json:"name"`
	URL         string `json:"url,omitempty"`
	JobTitle    string `json:"jobTitle,omitempty"`
	Affiliation *Thing `json:"affiliation,omitempty"`
}

// ReviewRating is a review's verdict, on the scale WorstRating to
// BestRating.
type ReviewRating struct {
	Type          string `json:"@type"`
	RatingValue   int    `json:"ratingValue"`
	BestRating    int    `json:"bestRating"`
	WorstRating   int    `json:"worstRating"`
	AlternateName string `json:"alternateName"`
	Name          string `json:"name"`
}

// CreativeWork is where a claim appeared: the article.
type CreativeWork struct {
	Type          string `json:"@type"`
	URL           string `json:"url,omitempty"`
	Headline      string `json:"headline"`
	DatePublished string `json:"datePublished,omitempty"`
	Author        *Thing `json:"author,omitempty"`
	Publisher     *Thing `json:"publisher,omitempty"`
}

// Claim is the claim reviewed.
type Claim struct {
	Type          string        `json:"@type"`
	Author        *Thing        `json:"author,omitempty"`
	DatePublished string        `json:"datePublished,omitempty"`
	Appearance    *CreativeWork `json:"appearance"`
}

// ClaimReview is one review, standing alone with its @context.
type ClaimReview struct {
	Context       string       `json:"@context"`
	Type          string       `json:"@type"`
	URL           string       `json:"url"`
	ClaimReviewed string       `json:"claimReviewed"`
	DatePublished string       `json:"datePublished"`
	Author        Thing        `json:"author"`
	ReviewRating  ReviewRating `json:"reviewRating"`
	ItemReviewed  Claim        `json:"itemReviewed"`
	ReviewBody    string       `json:"reviewBody,omitempty"`
}

func httpURL(s string) (*url.URL, bool) {
	u, err := url.Parse(strings.TrimSpace(s))
	return u, err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// Reviews returns a ClaimReview for every claim with a verdict other than
// unverified, articles in the bundle's order and claims in reading order
// within each.
func Reviews(b *bundle.Bundle, opts Options) ([]ClaimReview, error) {
	org := strings.TrimSpace(opts.Org.Name)
	if org == "" {
		return nil, fmt.Errorf("claimreview: the organisation's name is required (--org NAME)")
	}
	base := opts.BaseURL
	if base == "" {
		base = opts.Org.URL
	}
	page, ok := httpURL(base)
	if !ok {
		return nil, fmt.Errorf("claimreview: a review needs an absolute http(s) URL for its page; %q is not one (--org-url URL)", base)
	}
	author := Thing{Type: "Organization", Name: org}
	if u, ok := httpURL(opts.Org.URL); ok {
		author.URL = u.String()
	}
	if opts.Published.IsZero() {
		opts.Published = time.Now()
	}
	speakers := make(map[string]*annotate.Speaker, len(b.Speakers))
	for i := range b.Speakers {
		speakers[b.Speakers[i].ID] = &b.Speakers[i]
	}
	order := make(map[string]int, len(b.Articles))
	for i, a := range b.Articles {
		order[a.ID] = i
	}
	var claims []*annotate.Annotation
	for i := range b.Annotations {
		n := &b.Annotations[i]
		if _, _, ok := Rating(n.Status); ok && n.Kind == annotate.KindClaim {
			if _, ok := order[n.ArticleID]; ok {
				claims = append(claims, n)
			}
		}
	}
	slices.SortStableFunc(claims, func(x, y *annotate.Annotation) int {
		if d := order[x.ArticleID] - order[y.ArticleID]; d != 0 {
			return d
		}
		return x.Span.Start - y.Span.Start
	})
	out := make([]ClaimReview, 0, len(claims))
	for _, n := range claims {
		a := &b.Articles[order[n.ArticleID]]
		value, label, _ := Rating(n.Status)
		u := *page
		u.Fragment = "claim-" + n.ID
		r := ClaimReview{
			Context: Context, Type: "ClaimReview", URL: u.String(),
			ClaimReviewed: strings.Join(strings.Fields(n.Quote.Exact), " "),
			DatePublished: date(opts.Published), Author: author,
			ReviewRating: ReviewRating{Type: "Rating", RatingValue: value, BestRating: BestRating, WorstRating: WorstRating, AlternateName: label, Name: label},
			ItemReviewed: Claim{Type: "Claim", Author: claimAuthor(n, a, speakers), DatePublished: date(a.Published), Appearance: appearance(a)},
			ReviewBody:   strings.TrimSpace(n.Note),
		}
		out = append(out, r)
	}
	return out, nil
}

// claimAuthor is who made the claim: the speaker it is attributed to;
// else the article's byline, as the article makes it; else its
// publication.
func claimAuthor(n *annotate.Annotation, a *annotate.Article, speakers map[string]*annotate.Speaker) *Thing {
	if s, ok := speakers[n.SpeakerID]; ok {
		p := &Thing{Type: "Person", Name: s.Name, JobTitle: s.Role}
		if s.Affiliation != "" {
			p.Affiliation = &Thing{Type: "Organization", Name: s.Affiliation}
		}
		return p
	}
	if strings.TrimSpace(a.Byline) != "" {
		return &Thing{Type: "Person", Name: a.Byline}
	}
	if strings.TrimSpace(a.Source) != "" {
		return &Thing{Type: "Organization", Name: a.Source}
	}
	return nil
}

func appearance(a *annotate.Article) *CreativeWork {
	w := &CreativeWork{Type: "NewsArticle", Headline: a.Title, DatePublished: date(a.Published)}
	if u, ok := httpURL(a.URL); ok {
		w.URL = u.String()
	}
	if strings.TrimSpace(a.Byline) != "" {
		w.Author = &Thing{Type: "Person", Name: a.Byline}
	}
	if strings.TrimSpace(a.Source) != "" {
		w.Publisher = &Thing{Type: "Organization", Name: a.Source}
	}
	return w
}

// Write writes the reviews as an indented JSON-LD array, ready to paste
// into a <script type="application/ld+json"> element: "<", ">" and "&"
// are escaped, so no quote can close the script.
func Write(w io.Writer, b *bundle.Bundle, opts Options) error {
	rs, err := Reviews(b, opts)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rs); err != nil {
		return fmt.Errorf("claimreview: write: %w", err)
	}
	if opts.Progress != nil {
		opts.Progress(len(rs), len(rs))
	}
	return nil
}
