package action

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/formats"
	"marginalia/annotate/report"
	"marginalia/annotate/search"
	"marginalia/store"
)

// The file formats of package formats, wired to the library: what a
// report shows (ReportSelection) and the organisation a ClaimReview export
// needs (ErrNeedsOrg). The two imports, of projects with their own texts
// (ImportFile) and of annotations made elsewhere on articles the library
// already has (ImportAnnotations), are in formats_import.go.

// ErrNeedsOrg refuses an export in a format that names the organisation
// publishing it (ClaimReview) when ExportOptions gives no name, or no
// absolute http(s) URL for the page the reviews go on (ReviewURL, else
// Org.URL): the rule package claimreview applies.
var ErrNeedsOrg = errors.New("claimreview needs the organisation publishing the fact checks (a name and a URL)")

// checkOrg applies ErrNeedsOrg's rule before anything is read or written.
func checkOrg(f formats.Format, opts ExportOptions) error {
	if !f.NeedsOrg {
		return nil
	}
	if strings.TrimSpace(opts.Org.Name) == "" {
		return fmt.Errorf("%w: no name was given", ErrNeedsOrg)
	}
	page := opts.ReviewURL
	if page == "" {
		page = opts.Org.URL
	}
	if page == "" {
		return fmt.Errorf("%w: no URL was given", ErrNeedsOrg)
	}
	if u, err := url.Parse(strings.TrimSpace(page)); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%w: %q is not an absolute http(s) URL", ErrNeedsOrg, annotate.Clip(page, 80))
	}
	return nil
}

// SelectBy chooses what a report shows: the highlights with a tag, those
// attributed to a speaker, or a search's results (at most one of the
// three), or whole articles. Articles given with a tag, speaker or
// search keep only the highlights in those articles.
type SelectBy struct {
	Tag, Speaker, Search string
	Articles             []string
}

// ErrNothingSelected means a selection holds no highlight (or names no
// article): a report of nothing is not written.
var ErrNothingSelected = errors.New("nothing to report")

// searchLimit bounds a report of a search's results.
const searchLimit = 1000

// ReportSelection resolves by into the report.Selection an export in a
// report format shows and the articles the export must include (pass them
// to Export; ExportOptions.Selection takes sel).
//
//   - Tag: the highlights with the tag or a tag nested under it ("strike"
//     selects "strike/2026"), compared as annotate compares tags (case,
//     accents and spacing aside, each part of a parent/child path
//     trimmed); titled "Tag: T".
//   - Speaker: the highlights attributed to the speaker with this ID, name
//     or alias; a name the registry does not know is an error, naming the
//     near candidates as the annotate command does; titled "Speaker: Name".
//   - Search: the annotations the search finds (search.ParseQuery, looking
//     in annotations unless the query says in:), best first, at most 1,000;
//     the report orders articles by their first hit; titled "Search: Q".
//
// A tag's or a speaker's articles come oldest first (by publication date,
// else import). With only Articles, the selection is those articles,
// every highlight. With nothing, it is the whole library (sel is zero and
// articleIDs nil). A selection with no highlight fails with
// ErrNothingSelected, so that no caller exports the whole library by
// mistake.
func (s *Service) ReportSelection(by SelectBy) (sel report.Selection, articleIDs []string, err error) {
	tag, speaker, query := strings.TrimSpace(by.Tag), strings.TrimSpace(by.Speaker), strings.TrimSpace(by.Search)
	set := 0
	for _, v := range []string{tag, speaker, query} {
		if v != "" {
			set++
		}
	}
	if set > 1 {
		return sel, nil, errors.New("a report shows a tag, a speaker or a search: choose one")
	}
	within := map[string]bool{}
	for _, id := range by.Articles {
		within[id] = true
	}
	keep := func(articleID string) bool { return len(within) == 0 || within[articleID] }
	switch {
	case tag != "":
		sel.Title = "Tag: " + tag
		err = s.st.View(func(tx *store.Tx) error {
			var anns []annotate.Annotation
			err := tx.ForEachAnnotation(func(a annotate.Annotation) error {
				if keep(a.ArticleID) && slices.ContainsFunc(a.Tags, func(t string) bool { return annotate.TagUnder(t, tag) }) {
					anns = append(anns, a)
				}
				return nil
			})
			if err != nil {
				return err
			}
			sel.Annotations, articleIDs, err = chronological(tx, anns)
			sel.Articles = articleIDs
			return err
		})
		if err == nil && len(sel.Annotations) == 0 {
			err = wrapped(ErrNothingSelected, "no highlight is tagged %q", annotate.Clip(tag, 80))
		}
	case speaker != "":
		err = s.st.View(func(tx *store.Tx) error {
			sp, err := reportSpeaker(tx, speaker)
			if err != nil {
				return err
			}
			sel.Title = "Speaker: " + sp.Name
			anns, err := tx.AnnotationsBy(sp.ID)
			if err != nil {
				return err
			}
			anns = slices.DeleteFunc(anns, func(a annotate.Annotation) bool { return !keep(a.ArticleID) })
			if len(anns) == 0 {
				return wrapped(ErrNothingSelected, "no highlight is attributed to %s", sp.Name)
			}
			sel.Annotations, articleIDs, err = chronological(tx, anns)
			sel.Articles = articleIDs
			return err
		})
	case query != "":
		sel.Title = "Search: " + query
		q := search.ParseQuery(query)
		if len(q.In) == 0 {
			q.In = []string{"annotations"}
		}
		var res []search.Result
		if res, err = s.Search(context.Background(), q, searchLimit); err != nil {
			return report.Selection{}, nil, err
		}
		seen := map[string]bool{}
		for _, r := range res {
			if r.Type != search.TypeAnnotation || !keep(r.ArticleID) {
				continue
			}
			sel.Annotations = append(sel.Annotations, r.ID)
			if !seen[r.ArticleID] {
				seen[r.ArticleID] = true
				articleIDs = append(articleIDs, r.ArticleID)
			}
		}
		if len(sel.Annotations) == 0 {
			err = wrapped(ErrNothingSelected, "the search %q finds no highlight", annotate.Clip(query, 80))
		}
	case len(by.Articles) > 0:
		err = s.st.View(func(tx *store.Tx) error {
			for _, id := range by.Articles {
				if _, err := tx.ArticleMeta(id); err != nil {
					return fmt.Errorf("article %s: %w", id, err)
				}
				if !slices.Contains(articleIDs, id) {
					articleIDs = append(articleIDs, id)
				}
			}
			return nil
		})
		sel.Articles = articleIDs
	}
	if err != nil {
		return report.Selection{}, nil, err
	}
	return sel, articleIDs, nil
}

// chronological orders highlights' articles oldest first and returns the
// highlights' IDs (the report puts them in reading order) and the
// articles'.
func chronological(tx *store.Tx, anns []annotate.Annotation) ([]string, []string, error) {
	var arts []annotate.Article
	seen := map[string]bool{}
	ids := make([]string, 0, len(anns))
	for _, a := range anns {
		ids = append(ids, a.ID)
		if seen[a.ArticleID] {
			continue
		}
		seen[a.ArticleID] = true
		meta, err := tx.ArticleMeta(a.ArticleID)
		if err != nil {
			return nil, nil, fmt.Errorf("annotation %s: %w", a.ID, err)
		}
		arts = append(arts, meta)
	}
	when := func(a annotate.Article) time.Time {
		if a.Published.IsZero() {
			return a.Imported
		}
		return a.Published
	}
	slices.SortStableFunc(arts, func(x, y annotate.Article) int {
		return cmp.Or(when(x).Compare(when(y)), strings.Compare(x.Title, y.Title), strings.Compare(x.ID, y.ID))
	})
	articleIDs := make([]string, len(arts))
	for i, a := range arts {
		articleIDs[i] = a.ID
	}
	return ids, articleIDs, nil
}

// reportSpeaker resolves a speaker's ID, name or alias as the annotate
// command does, without creating one: a name the registry does not know
// is an error, naming the speakers it may be a slip for.
func reportSpeaker(tx *store.Tx, ref string) (annotate.Speaker, error) {
	sp, err := FindSpeaker(tx, ref)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return sp, err
	}
	infos, err := tx.Speakers()
	if err != nil {
		return annotate.Speaker{}, err
	}
	near := NearSpeakers(infos, ref)
	if len(near) == 0 {
		return annotate.Speaker{}, wrapped(store.ErrNotFound, "no speaker %q in the registry", annotate.Clip(ref, 80))
	}
	var names []string
	for _, c := range near {
		names = append(names, c.Name)
	}
	return annotate.Speaker{}, wrapped(ErrAmbiguousSpeaker, "speaker %q is not in the registry; did you mean %s?", annotate.Clip(ref, 80), orList(names))
}

// wrappedError is a message for people that wraps a sentinel error
// without repeating its text.
type wrappedError struct {
	msg string
	err error
}

func (e *wrappedError) Error() string { return e.msg }
func (e *wrappedError) Unwrap() error { return e.err }

func wrapped(sentinel error, format string, args ...any) error {
	return &wrappedError{msg: fmt.Sprintf(format, args...), err: sentinel}
}

// orList joins "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
