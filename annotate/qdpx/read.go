package qdpx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"

	xunicode "golang.org/x/text/encoding/unicode"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// ErrRefused is wrapped by every error Read returns for a file it will
// not import: not a zip, unsafe entry names, no project.qde, a DOCTYPE,
// too large, or not following the REFI-QDA schema.
var ErrRefused = errors.New("REFI-QDA project refused")

// Limits bound what Read accepts, so a hostile project cannot exhaust
// memory. A zero field means its default (DefaultLimits).
type Limits struct {
	MaxEntries      int   // zip entries
	MaxProjectBytes int64 // project.qde, expanded
	MaxSourceBytes  int64 // one source's text file, expanded
	MaxTotalBytes   int64 // every entry read, expanded, together
	MaxElements     int   // XML elements in project.qde
	MaxDepth        int   // nesting of XML elements
}

// DefaultLimits fit a project of a few thousand articles with hundreds of
// thousands of codings (Marginalia writes about 700 bytes and 8 elements
// per annotation) and refuse zip bombs.
func DefaultLimits() Limits {
	return Limits{
		MaxEntries:      100_000,
		MaxProjectBytes: 512 << 20,
		MaxSourceBytes:  4 * annotate.MaxTextBytes,
		MaxTotalBytes:   4 << 30,
		MaxElements:     10_000_000,
		MaxDepth:        64,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxProjectBytes <= 0 {
		l.MaxProjectBytes = d.MaxProjectBytes
	}
	if l.MaxSourceBytes <= 0 {
		l.MaxSourceBytes = d.MaxSourceBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = d.MaxTotalBytes
	}
	if l.MaxElements <= 0 {
		l.MaxElements = d.MaxElements
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	return l
}

// ReadOptions tune Read.
type ReadOptions struct {
	// Now is the import time of the articles; now when zero.
	Now time.Time
	// Creator is the creator of annotations whose project names none.
	Creator string
	// Kinds maps code names, or paths of nested codes ("Parent/Child"),
	// to the kind an annotation coded with them gets; case and accents
	// are ignored. A mapped code is not also a tag.
	Kinds map[string]annotate.Kind
	// DefaultKind is the kind of annotations no mapped code gives one;
	// evidence when empty.
	DefaultKind annotate.Kind
	// Limits bound what is read; zero fields take DefaultLimits.
	Limits Limits
	// Progress, when not nil, is told how many sources of how many have
	// been read.
	Progress func(done, total int)
}

// Result is what a project holds that Marginalia can use, and what was
// left out.
type Result struct {
	// Bundle holds the articles, annotations, speakers and links, verified
	// (see bundle.Bundle.Verify), ready to merge into a library.
	Bundle *bundle.Bundle
	// Skipped says, one line each, which sources, selections and links
	// were left out and why.
	Skipped []string
	// Notes says how positions were counted in each source whose text let
	// the count differ.
	Notes []string
}

func refused(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRefused, fmt.Errorf(format, args...))
}

// ReadFile reads the .qdpx at path; see Read.
func ReadFile(name string, opts ReadOptions) (*Result, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a .qdpx file", name)
	}
	return Read(f, st.Size(), opts)
}

// Read reads a REFI-QDA project of size bytes from r. It refuses, with an
// error wrapping ErrRefused and before making any record: a file that is
// not a zip; an entry name that is absolute or climbs out with ".."; a
// duplicate entry; no project.qde; an entry that expands past the limits
// (counted while decompressing); a project.qde with a DOCTYPE, not
// well-formed, in another encoding than UTF-8 or UTF-16, or not following the
// structure of the REFI-QDA schema. Sources without plain text, and
// selections that do not fit their text, are left out and listed in
// Result.Skipped.
func Read(r io.ReaderAt, size int64, opts ReadOptions) (*Result, error) {
	lim := opts.Limits.withDefaults()
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, refused("not a zip archive, or truncated: %w", err)
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, refused("%d entries; the limit is %d", len(zr.File), lim.MaxEntries)
	}
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		if err := checkName(f.Name); err != nil {
			return nil, refused("entry %q: %w", annotate.Clip(f.Name, 80), err)
		}
		if _, dup := files[f.Name]; dup {
			return nil, refused("entry %q appears twice", f.Name)
		}
		files[f.Name] = f
	}
	pf, ok := files[ProjectName]
	if !ok {
		if files = inFolder(files); files == nil {
			return nil, refused("no %s: not a REFI-QDA project", ProjectName)
		}
		pf = files[ProjectName]
	}
	budget := lim.MaxTotalBytes
	data, err := readEntry(pf, lim.MaxProjectBytes, &budget)
	if err != nil {
		return nil, refused("%w", err)
	}
	p, err := decodeProject(data, lim)
	if err != nil {
		return nil, refused("%w", err)
	}
	data = nil
	rd := &reader{p: p, opts: opts, files: files, lim: lim, budget: budget, res: &Result{Bundle: &bundle.Bundle{}}}
	if rd.opts.Now.IsZero() {
		rd.opts.Now = time.Now()
	}
	if rd.opts.DefaultKind == "" {
		rd.opts.DefaultKind = annotate.KindEvidence
	}
	if err := rd.build(); err != nil {
		return nil, err
	}
	if _, err := rd.res.Bundle.Verify(); err != nil {
		return nil, fmt.Errorf("qdpx: the records read do not verify: %w", err)
	}
	return rd.res, nil
}

// inFolder returns the entries of the one folder holding project.qde,
// named from that folder, for a project unzipped and zipped again as a
// folder (macOS's Compress names every entry "Folder/…" and adds
// __MACOSX/ entries); nil when no folder, or more than one, holds it.
func inFolder(files map[string]*zip.File) map[string]*zip.File {
	prefix := ""
	for name := range files {
		dir, ok := strings.CutSuffix(name, "/"+ProjectName)
		if !ok || strings.Contains(dir, "/") || dir == "__MACOSX" {
			continue
		}
		if prefix != "" {
			return nil
		}
		prefix = dir + "/"
	}
	if prefix == "" {
		return nil
	}
	out := map[string]*zip.File{}
	for name, f := range files {
		if rest, ok := strings.CutPrefix(name, prefix); ok && rest != "" {
			out[rest] = f
		}
	}
	return out
}

// checkName accepts a clean relative slash-separated entry name.
func checkName(name string) error {
	switch {
	case name == "":
		return errors.New("empty name")
	case strings.ContainsAny(name, "\\\x00") || strings.HasPrefix(name, "/"):
		return errors.New("not a relative path")
	case len(name) >= 2 && name[1] == ':':
		return errors.New("a drive letter")
	}
	if strings.HasSuffix(name, "/") {
		name = strings.TrimSuffix(name, "/") // a folder entry
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return errors.New("climbs out of the project with \"..\"")
		}
		if part == "" || part == "." {
			return errors.New("not a clean path")
		}
	}
	return nil
}

// readEntry decompresses f, refusing it past limit bytes or past what is
// left of the budget, counted as it expands.
func readEntry(f *zip.File, limit int64, budget *int64) ([]byte, error) {
	limit = min(limit, *budget)
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("entry %s: %w", f.Name, err)
	}
	defer rc.Close()
	capacity := int64(f.UncompressedSize64)
	if capacity > limit || capacity < 0 {
		capacity = 0
	}
	buf := make([]byte, 0, min(capacity, 64<<20)+1)
	data, err := readAllLimited(rc, buf, limit)
	if err != nil {
		return nil, fmt.Errorf("entry %s: %w", f.Name, err)
	}
	*budget -= int64(len(data))
	return data, nil
}

func readAllLimited(r io.Reader, buf []byte, limit int64) ([]byte, error) {
	lr := &io.LimitedReader{R: r, N: limit + 1}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, fmt.Errorf("expands past %d bytes, the limit", limit)
		}
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// internalEntry returns the zip entry an internal:// path names.
func internalEntry(p string) (string, bool, error) {
	rest, ok := strings.CutPrefix(p, "internal://")
	if !ok {
		return "", false, nil
	}
	name := "sources/" + rest
	if err := checkName(name); err != nil || path.Clean(name) != name {
		return "", true, fmt.Errorf("path %q leaves the project's sources folder", annotate.Clip(p, 80))
	}
	return name, true, nil
}

// entry returns the zip entry of that name, or the only one that differs
// from it in case alone (zips made on Windows may write "GUID.TXT"), or
// nil.
func (rd *reader) entry(name string) *zip.File {
	if f, ok := rd.files[name]; ok {
		return f
	}
	var found *zip.File
	for n, f := range rd.files {
		if strings.EqualFold(n, name) {
			if found != nil {
				return nil
			}
			found = f
		}
	}
	return found
}

// relativeEntry returns the entry a relative plainTextPath names when the
// project carries it: "relative://a.txt" is relative to the project's
// basePath on the exporting machine, which is out of reach, but tools
// that write one also put the file in the zip, under sources/ or as
// named; a bare "sources/a.txt" likewise. Absolute paths and URLs
// (file://, C:\...) are never looked up.
func (rd *reader) relativeEntry(p string) *zip.File {
	rest, ok := strings.CutPrefix(p, "relative://")
	if !ok && strings.Contains(p, ":") {
		return nil
	}
	rest = strings.ReplaceAll(rest, "\\", "/")
	if checkName(rest) != nil || path.Clean(rest) != rest {
		return nil
	}
	if len(rest) > len("sources/") && strings.EqualFold(rest[:len("sources/")], "sources/") {
		return rd.entry(rest)
	}
	return rd.entry("sources/" + rest)
}

// decodeText returns a source's or note's text as UTF-8: text with a
// UTF-16 byte-order mark (as Windows tools may write) is decoded; any
// other is returned as it is, a UTF-8 byte-order mark included.
func decodeText(data []byte) []byte {
	if !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return data
	}
	out, err := xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return data // refused as not UTF-8
	}
	return out
}
