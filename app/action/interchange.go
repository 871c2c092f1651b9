package action

import (
	"fmt"
	"io"
	"path/filepath"

	"marginalia/annotate/bundle"
	"marginalia/annotate/formats"
	"marginalia/annotate/report"
	"marginalia/store"
	"marginalia/store/atomicfile"
)

// ExportOptions tune Export.
type ExportOptions struct {
	Creator    string
	AppVersion string
	Progress   func(done, total int)
	// Org is the organisation publishing fact checks, required by formats
	// with NeedsOrg (ClaimReview): see ErrNeedsOrg.
	Org formats.Organization
	// ReviewURL is the page the fact checks are published on; Org.URL
	// when empty.
	ReviewURL string
	// Selection is what a report format shows (see ReportSelection); the
	// zero value shows everything exported.
	Selection report.Selection
}

// Export writes the given articles (the whole library when none) with
// their annotations, speakers and links to path in the named format
// (see package formats), through store/atomicfile: the file is written
// beside path and renamed into place, so path never holds half an export;
// it is created readable by its owner only (exports carry notes and
// analysts' names); and it is refused when path is the open database
// (compared by device and inode). A format that needs the publishing
// organisation (ClaimReview) without one fails with ErrNeedsOrg before
// anything is read or written.
func (s *Service) Export(format string, articleIDs []string, path string, opts ExportOptions) (bundle.Counts, error) {
	return s.export(format, path, opts, func() (*bundle.Bundle, error) { return s.st.ExportBundle(articleIDs) })
}

// export writes what collect gathers to path in format, after checking
// the format, its options and the path, through store/atomicfile.
func (s *Service) export(format, path string, opts ExportOptions, collect func() (*bundle.Bundle, error)) (bundle.Counts, error) {
	f, err := formats.Lookup(format)
	if err != nil {
		return bundle.Counts{}, err
	}
	if !f.CanExport() {
		return bundle.Counts{}, fmt.Errorf("%s files can be imported, not exported", f.Title)
	}
	if err := checkOrg(f, opts); err != nil {
		return bundle.Counts{}, err
	}
	if err := atomicfile.Check(path, s.st.Path()); err != nil {
		return bundle.Counts{}, fmt.Errorf("%w; choose another file", err)
	}
	b, err := collect()
	if err != nil {
		return bundle.Counts{}, err
	}
	err = atomicfile.WriteFile(path, atomicfile.Options{Protect: []string{s.st.Path()}}, func(w io.Writer) error {
		return f.Write(w, b, formats.Options{
			Creator: opts.Creator, Generated: s.Now(), AppVersion: opts.AppVersion, Progress: opts.Progress,
			Org: opts.Org, ReviewURL: opts.ReviewURL, Selection: opts.Selection,
		})
	})
	if err != nil {
		return bundle.Counts{}, fmt.Errorf("write %s: %w", path, err)
	}
	return b.Counts(), nil
}

// ErrOwnFile refuses to write over a file Marginalia has open.
var ErrOwnFile = atomicfile.ErrProtected

// MergeOptions tune MergeFile.
type MergeOptions struct {
	// Label names the undo step; "Merge NAME" when empty.
	Label string
	// NoUndo merges without an undo step (faster for a large bundle).
	NoUndo bool
	// Progress, when not nil, is told how far reading (the first 30%) and
	// merging have got, as a fraction.
	Progress func(fraction float64)
}

// MergeFile reads and verifies the bundle at path and merges it in one
// transaction. A bundle refused by any check changes nothing; its error
// wraps bundle.ErrRefused.
func (s *Service) MergeFile(path string, opts MergeOptions) (store.Report, error) {
	b, err := bundle.ReadFile(path, bundle.DefaultLimits(), progressPart(opts.Progress, 0, 0.3))
	if err != nil {
		return store.Report{}, err
	}
	label := opts.Label
	if label == "" {
		label = "Merge " + filepath.Base(path)
	}
	rep, err := s.st.Merge(b, store.MergeOptions{Label: label, NoUndo: opts.NoUndo, Progress: progressPart(opts.Progress, 0.3, 0.7)})
	if err != nil {
		return rep, fmt.Errorf("merge %s: %w", path, err)
	}
	return rep, nil
}

// progressPart reports the progress of one part of a job, from from to
// from+span of the whole, as a fraction; nil when progress is.
func progressPart(progress func(float64), from, span float64) func(done, total int) {
	if progress == nil {
		return nil
	}
	return func(done, total int) { progress(from + span*float64(done)/float64(max(total, 1))) }
}
