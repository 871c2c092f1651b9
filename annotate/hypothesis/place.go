package hypothesis

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"marginalia/annotate"
	"marginalia/annotate/anchor"
)

// PlaceOptions tune Place.
type PlaceOptions struct {
	// Kind is the kind of every placed annotation whose file does not
	// give one (as Marginalia's own W3C export does); when empty, it
	// follows the W3C motivation: assessing is a claim, questioning a
	// question, commenting a note, anything else evidence; without a
	// motivation (Hypothesis), an annotation with text is a note and a
	// bare highlight evidence.
	Kind annotate.Kind
	// Creator is the creator of annotations whose file names none.
	Creator string
	// Now is the creation time of annotations whose file gives none; now
	// when zero.
	Now time.Time
	// Anchor is the acceptance rule of the placing; zero fields take
	// anchor.DefaultOptions.
	Anchor anchor.Options
}

// Placed is an annotation placed on an article of the library.
type Placed struct {
	annotate.Annotation
	// Speaker is the speaker's name the file gives (Marginalia's own W3C
	// export names it), for the caller to resolve against its registry.
	Speaker string
	// Method is how the quote was found; Changed reports that the text in
	// the library differs from the file's quote (white space, quotation
	// marks).
	Method  anchor.Method
	Changed bool
}

// Unplaced is an annotation left out, and why.
type Unplaced struct {
	Annotation Annotation
	// ArticleID is the article it was tried on; empty when none matched
	// its page.
	ArticleID string
	Reason    string
	// Candidates are the places a person may confirm (see
	// anchor.Result.Candidates); never applied.
	Candidates []anchor.Candidate
}

// Placement is what Place made of a file's annotations.
type Placement struct {
	Placed   []Placed
	Unplaced []Unplaced
	// MissingURLs are the pages, as the file writes them, of which the
	// library has no article, in the order they first appear.
	MissingURLs []string
}

// Annotations returns the placed annotations, ready to store.
func (p *Placement) Annotations() []annotate.Annotation {
	out := make([]annotate.Annotation, len(p.Placed))
	for i := range p.Placed {
		out[i] = p.Placed[i].Annotation
	}
	return out
}

// Complete reports whether every annotation was placed.
func (p *Placement) Complete() bool { return len(p.Unplaced) == 0 && len(p.MissingURLs) == 0 }

// articleKeys are the names an article answers to: its URL, normalised,
// and the IRIs Marginalia's W3C export gives an article without one.
func articleKeys(a *annotate.Article) []string {
	keys := []string{"urn:uuid:" + strings.ToLower(a.ID), "urn:x-marginalia:article:" + strings.ToLower(a.ID)}
	if a.URL != "" {
		keys = append(keys, NormalizeURL(a.URL))
	}
	return keys
}

// Place puts each annotation on the library's article for its page,
// matched by URL (see NormalizeURL), with the quote search of package
// anchor (anchor.Locator): the browser's text and the extracted text
// differ in white space, typography and the page around the article. Of
// several articles with the page's URL (versions), the newest import that
// places it wins. An annotation that cannot be placed where it clearly
// belongs is left unplaced with the reason, never placed elsewhere.
// articles must carry their text.
func Place(articles []annotate.Article, anns []Annotation, opts PlaceOptions) *Placement {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	byKey := map[string][]*annotate.Article{}
	for i := range articles {
		a := &articles[i]
		for _, k := range articleKeys(a) {
			byKey[k] = append(byKey[k], a)
		}
	}
	for _, as := range byKey {
		slices.SortStableFunc(as, func(x, y *annotate.Article) int { return y.Imported.Compare(x.Imported) })
	}
	locators := map[string]*anchor.Locator{}
	texts := map[string]*annotate.Text{}
	locate := func(a *annotate.Article, q annotate.Quote, hint int) anchor.Result {
		l, ok := locators[a.ID]
		if !ok {
			l = anchor.NewLocator(a.Text, opts.Anchor)
			locators[a.ID] = l
			texts[a.ID] = annotate.NewText(a.Text)
		}
		return l.Locate(q, hint)
	}

	p := &Placement{}
	missing := map[string]bool{}
	for _, fa := range anns {
		var cands []*annotate.Article
		for _, u := range []string{fa.URL, fa.Source} {
			if u != "" && len(cands) == 0 {
				cands = byKey[NormalizeURL(u)]
			}
		}
		unplaced := func(articleID, reason string) {
			p.Unplaced = append(p.Unplaced, Unplaced{Annotation: fa, ArticleID: articleID, Reason: reason})
		}
		switch {
		case fa.Reply:
			unplaced("", "a reply to another annotation, not a highlight")
			continue
		case fa.Link:
			unplaced("", "a link between records, not a highlight")
			continue
		case len(cands) == 0:
			if !missing[fa.URL] {
				missing[fa.URL] = true
				p.MissingURLs = append(p.MissingURLs, fa.URL)
			}
			unplaced("", "its page is not in the library")
			continue
		case strings.TrimSpace(fa.Quote.Exact) == "" && fa.Hint >= 0:
			unplaced(cands[0].ID, "it names its passage by position only (TextPositionSelector), with no quote to find it by in this article's text")
			continue
		case strings.TrimSpace(fa.Quote.Exact) == "":
			unplaced(cands[0].ID, "it quotes no text: a note on the whole page")
			continue
		}
		var first anchor.Result
		done := false
		for i, a := range cands {
			res := locate(a, fa.Quote, fa.Hint)
			if i == 0 {
				first = res
			}
			if !res.Placed() {
				continue
			}
			n := newAnnotation(a, fa, res, opts)
			if err := n.ValidateIn(texts[a.ID]); err != nil {
				first, done = anchor.Result{Reason: "it cannot be stored: " + annotate.Reason(err)}, false
				break
			}
			p.Placed = append(p.Placed, Placed{Annotation: n, Speaker: fa.Speaker, Method: res.Method, Changed: res.Changed})
			done = true
			break
		}
		if !done {
			p.Unplaced = append(p.Unplaced, Unplaced{Annotation: fa, ArticleID: cands[0].ID, Reason: first.Reason, Candidates: first.Candidates})
		}
	}
	return p
}

// namespace is the UUIDv5 namespace of the IDs given to annotations from
// other tools, so that importing one file twice gives the same IDs.
const namespace = "b1e3c2d0-6a4f-5e8b-9c7d-68797074686e"

// annotationID keeps the file's id when it can be a record ID (a
// urn:uuid:, a Hypothesis id) and derives one from it otherwise.
func annotationID(fa Annotation) string {
	id := fa.ID
	if rest, ok := strings.CutPrefix(strings.ToLower(id), "urn:uuid:"); ok {
		if u, err := uuid.Parse(rest); err == nil {
			return u.String()
		}
	}
	if annotate.ValidID(id) {
		return id
	}
	if id == "" {
		id = fa.URL + "\x00" + fa.Quote.Prefix + fa.Quote.Exact + fa.Quote.Suffix + "\x00" + fa.Note + "\x00" + fa.Created.String()
	}
	return uuid.NewSHA1(uuid.MustParse(namespace), []byte(id)).String()
}

func kindOf(fa Annotation, opts PlaceOptions) annotate.Kind {
	if slices.Contains(annotate.Kinds(), fa.Kind) {
		return fa.Kind
	}
	if opts.Kind != "" {
		return opts.Kind
	}
	switch fa.Motivation {
	case "assessing":
		return annotate.KindClaim
	case "questioning":
		return annotate.KindQuestion
	case "commenting":
		return annotate.KindNote
	case "":
		if strings.TrimSpace(fa.Note) != "" {
			return annotate.KindNote
		}
	}
	return annotate.KindEvidence
}

func clip(s string, n int) string {
	if annotate.RuneLen(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func newAnnotation(a *annotate.Article, fa Annotation, res anchor.Result, opts PlaceOptions) annotate.Annotation {
	n := annotate.Annotation{
		ID: annotationID(fa), ArticleID: a.ID, Kind: kindOf(fa, opts), Span: res.Span, Quote: res.Quote,
		Note: clip(fa.Note, annotate.MaxNoteRunes), Creator: clip(fa.Creator, annotate.MaxNameRunes),
		Created: fa.Created, Modified: fa.Modified,
	}
	// Placed on the article's text, which is its latest version.
	if v := a.CurrentVersion(); v > 1 {
		n.Version = v
	}
	if n.Creator == "" {
		n.Creator = clip(opts.Creator, annotate.MaxNameRunes)
	}
	if n.Kind == annotate.KindClaim {
		n.Status = annotate.StatusUnverified
		if slices.Contains(annotate.Statuses(), fa.Status) {
			n.Status = fa.Status
		}
	}
	var tags []string
	for _, t := range fa.Tags {
		tags = append(tags, clip(t, annotate.MaxTagRunes))
	}
	n.Tags = annotate.CleanTags(tags)
	if len(n.Tags) > annotate.MaxTags {
		n.Tags = n.Tags[:annotate.MaxTags]
	}
	if n.Created.IsZero() {
		n.Created = opts.Now
	}
	if n.Modified.Before(n.Created) {
		n.Modified = n.Created
	}
	return n
}
