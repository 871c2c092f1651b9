package action

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/annotate/formats"
	"marginalia/annotate/hypothesis"
	"marginalia/store"
)

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
	imp, err := f.Read(file, info.Size(), formats.ReadOptions{Now: s.Now(), Creator: opts.Creator, Kinds: opts.Kinds, Progress: progressPart(opts.Progress, 0, 0.3)})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import %s: %w", base, err)
	}
	res := ImportResult{Skipped: imp.Skipped, Notes: imp.Notes}
	res.Report, err = s.st.Merge(imp.Bundle, store.MergeOptions{Label: label, NoUndo: opts.NoUndo, Progress: progressPart(opts.Progress, 0.3, 0.7)})
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
