package action

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/annotate/formats"
	"marginalia/annotate/hypothesis"
	"marginalia/annotate/report"
	"marginalia/annotate/search"
	"marginalia/store"
)

// The file formats of package formats, wired to the library: what a
// report shows (ReportSelection), the organisation a ClaimReview export
// needs (ErrNeedsOrg), and the two imports, of projects with their own
// texts (ImportFile) and of annotations made elsewhere on articles the
// library already has (ImportAnnotations).

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
		path := tagPath(tag)
		err = s.st.View(func(tx *store.Tx) error {
			var anns []annotate.Annotation
			err := tx.ForEachAnnotation(func(a annotate.Annotation) error {
				if keep(a.ArticleID) && slices.ContainsFunc(a.Tags, func(t string) bool { return underTag(path, t) }) {
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

// tagPath is a tag as the parts of its parent/child path, folded; a tag
// with an empty part ("a//b") is one part, as package qdpx reads it.
func tagPath(tag string) []string {
	parts := strings.Split(tag, "/")
	for i, p := range parts {
		if parts[i] = annotate.Fold(p); parts[i] == "" {
			return []string{annotate.Fold(tag)}
		}
	}
	return parts
}

// underTag reports whether tag t is the tag of path or nested under it.
func underTag(path []string, t string) bool {
	p := tagPath(t)
	return len(p) >= len(path) && slices.Equal(p[:len(path)], path)
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

// ImportOptions tune ImportFile.
type ImportOptions struct {
	// Creator is the creator of records whose file names none.
	Creator string
	// Kinds maps a REFI-QDA project's code names or paths ("Parent/Child")
	// to the kind of the annotations coded with them; evidence by default.
	Kinds map[string]annotate.Kind
	// Progress, when not nil, is told how far reading (the first 30%) and
	// merging have got, as a fraction.
	Progress func(fraction float64)
	// NoUndo merges without an undo step (the command line, which offers
	// no undo; see store.MergeOptions).
	NoUndo bool
}

// ImportResult is what ImportFile did.
type ImportResult struct {
	Report store.Report
	// Skipped says what the file held that was left out and why (a source
	// without plain text, a selection that does not fit its text).
	Skipped []string
	// Notes says how the file was read where that was a choice (how a
	// source's positions were counted).
	Notes []string
}

// ImportFile imports a file of records, a REFI-QDA project or a
// Marginalia bundle (formats.ForImport chooses by extension), and merges
// its articles, annotations, speakers and links in one transaction, one
// undoable step "Import NAME". Importing the same file again changes
// nothing (the project's GUIDs are the records' IDs). A file the codec
// refuses (a hostile or broken zip, a project.qde that does not follow
// the schema) fails with an error wrapping the codec's ErrRefused, a
// merge the store refuses with bundle.ErrRefused; either way nothing
// changes.
func (s *Service) ImportFile(path string, opts ImportOptions) (ImportResult, error) {
	f, err := formats.ForImport(path)
	if err != nil {
		return ImportResult{}, err
	}
	for code, k := range opts.Kinds {
		if !slices.Contains(annotate.Kinds(), k) {
			return ImportResult{}, annotate.Invalidf("code %q: unknown kind %q", annotate.Clip(code, 80), annotate.Clip(string(k), 40))
		}
	}
	base := filepath.Base(path)
	label := "Import " + base
	if f.Ext == bundle.Extension {
		rep, err := s.MergeFile(path, MergeOptions{Label: label, NoUndo: opts.NoUndo, Progress: opts.Progress})
		return ImportResult{Report: rep}, err
	}
	part := func(from, span float64) func(done, total int) {
		if opts.Progress == nil {
			return nil
		}
		return func(done, total int) { opts.Progress(from + span*float64(done)/float64(max(total, 1))) }
	}
	file, err := os.Open(path)
	if err != nil {
		return ImportResult{}, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return ImportResult{}, err
	}
	if !info.Mode().IsRegular() {
		return ImportResult{}, fmt.Errorf("import %s: not a regular file", path)
	}
	imp, err := f.Read(file, info.Size(), formats.ReadOptions{Now: s.Now(), Creator: opts.Creator, Kinds: opts.Kinds, Progress: part(0, 0.3)})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import %s: %w", base, err)
	}
	res := ImportResult{Skipped: imp.Skipped, Notes: imp.Notes}
	res.Report, err = s.st.Merge(imp.Bundle, store.MergeOptions{Label: label, NoUndo: opts.NoUndo, Progress: part(0.3, 0.7)})
	if err != nil {
		return res, fmt.Errorf("import %s: %w", base, err)
	}
	return res, nil
}

// AnnotationOptions tune ImportAnnotations.
type AnnotationOptions struct {
	// Partial imports the annotations that can be placed when others
	// cannot; without it such a file imports nothing (ErrIncomplete).
	Partial bool
	// Kind is the kind of annotations whose file gives none (see
	// hypothesis.PlaceOptions); empty follows the file's motivations.
	Kind annotate.Kind
	// Creator is the creator of annotations whose file names none.
	Creator string
}

// AnnotationImport is what ImportAnnotations did.
type AnnotationImport struct {
	// Placement says where each annotation went and why others did not,
	// with the pages the library lacks.
	Placement *hypothesis.Placement
	// Report is the merge's: what was added, updated, unchanged.
	Report store.Report
	// Imported reports that the placed annotations were merged.
	Imported bool
}

// ErrIncomplete means a file's annotations cannot all be placed (pages
// not in the library, passages not found, replies, page notes) and
// nothing was imported; AnnotationOptions.Partial imports what fits.
var ErrIncomplete = errors.New("not every annotation can be placed")

// ImportAnnotations places the annotations of a Hypothesis export or a W3C
// Web Annotation file (formats.ForAnnotations chooses by extension) on
// the library's articles with the same page URL, with
// hypothesis.Place's anchoring, and merges them in one undoable step
// "Import annotations from NAME". Only the texts of the articles the
// file names are loaded. When some cannot be placed and opts.Partial is
// not set, it imports nothing and returns the placement with an error
// wrapping ErrIncomplete. A speaker the file names (Marginalia's own W3C
// export does) is the registry's speaker with that name or alias, or a
// new speaker merged with the annotations. Annotations keep IDs derived
// from the file, so importing it again changes nothing.
func (s *Service) ImportAnnotations(path string, opts AnnotationOptions) (AnnotationImport, error) {
	var out AnnotationImport
	if opts.Kind != "" && !slices.Contains(annotate.Kinds(), opts.Kind) {
		return out, annotate.Invalidf("unknown kind %q", annotate.Clip(string(opts.Kind), 40))
	}
	f, err := formats.ForAnnotations(path)
	if err != nil {
		return out, err
	}
	base := filepath.Base(path)
	file, err := os.Open(path)
	if err != nil {
		return out, err
	}
	defer file.Close()
	hf, err := f.ReadAnnotations(file, formats.ReadOptions{Now: s.Now(), Creator: opts.Creator})
	if err != nil {
		return out, fmt.Errorf("import annotations from %s: %w", base, err)
	}
	var articles []annotate.Article
	err = s.st.View(func(tx *store.Tx) error {
		wants := hf.Matcher()
		var ids []string
		if err := tx.ForEachArticle(func(a annotate.Article) error {
			if wants(&a) {
				ids = append(ids, a.ID)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, id := range ids {
			a, err := tx.Article(id)
			if err != nil {
				return err
			}
			articles = append(articles, a)
		}
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("import annotations from %s: %w", base, err)
	}
	p := hypothesis.Place(articles, hf.Annotations, hypothesis.PlaceOptions{Kind: opts.Kind, Creator: opts.Creator, Now: s.Now()})
	out.Placement = p
	if !p.Complete() && !opts.Partial {
		return out, fmt.Errorf("%w: %d of %d placed, %d pages not in the library; nothing was imported",
			ErrIncomplete, len(p.Placed), len(p.Placed)+len(p.Unplaced), len(p.MissingURLs))
	}
	if len(p.Placed) == 0 {
		return out, nil
	}
	b := &bundle.Bundle{Annotations: p.Annotations()}
	err = s.st.View(func(tx *store.Tx) error {
		var err error
		b.Speakers, err = placedSpeakers(tx, p.Placed, b.Annotations)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("import annotations from %s: %w", base, err)
	}
	out.Report, err = s.st.Merge(b, store.MergeOptions{Label: "Import annotations from " + base})
	if err != nil {
		return out, fmt.Errorf("import annotations from %s: %w", base, err)
	}
	out.Imported = true
	return out, nil
}

// placedSpeakers attributes each placed annotation (anns[i] is placed[i])
// to the registry's speaker its file names, by name or alias, and returns
// the new speakers for names the registry does not know, one per name.
func placedSpeakers(tx *store.Tx, placed []hypothesis.Placed, anns []annotate.Annotation) ([]annotate.Speaker, error) {
	var added []annotate.Speaker
	byName := map[string]string{} // folded name -> speaker ID
	for i, pl := range placed {
		name := strings.Join(strings.Fields(pl.Speaker), " ")
		if name == "" {
			continue
		}
		name = annotate.Clip(name, annotate.MaxNameRunes-1)
		key := annotate.Fold(name)
		id, ok := byName[key]
		if !ok {
			sp, err := tx.SpeakerByName(name)
			switch {
			case err == nil:
				id = sp.ID
			case errors.Is(err, store.ErrNotFound):
				sp = annotate.Speaker{ID: annotate.NewID(), Name: name}
				added = append(added, sp)
				id = sp.ID
			default:
				return nil, err
			}
			byName[key] = id
		}
		anns[i].SpeakerID = id
	}
	return added, nil
}
