package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"marginalia/annotate"
)

// Limits bound what Read accepts, so a hostile or broken bundle cannot
// exhaust memory. A zero field means the default (see DefaultLimits).
type Limits struct {
	// MaxEntries is the most zip entries, the manifest included.
	MaxEntries int
	// MaxEntryBytes is the most bytes one entry may expand to.
	MaxEntryBytes int64
	// MaxTotalBytes is the most bytes all entries together may expand to.
	MaxTotalBytes int64
	// MaxDepth is the deepest nesting of JSON arrays and objects.
	MaxDepth int
}

// DefaultLimits are generous for real work and small enough to refuse zip
// bombs. One article of the largest text annotate accepts (20 MB), even
// made of characters JSON must escape, fits in one entry.
func DefaultLimits() Limits {
	return Limits{
		MaxEntries:    4096,
		MaxEntryBytes: 128 << 20,
		MaxTotalBytes: 2 << 30,
		MaxDepth:      64,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxEntryBytes <= 0 {
		l.MaxEntryBytes = d.MaxEntryBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = d.MaxTotalBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	return l
}

// maxManifestBytes bounds the manifest, which is read before anything
// else: about 200 bytes per entry.
const maxManifestBytes = 4 << 20

func refused(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRefused, fmt.Errorf(format, args...))
}

// Read reads and verifies the bundle of size bytes in r (an *os.File or a
// *bytes.Reader) within limits, and returns its records with its manifest.
// It refuses, with an error wrapping ErrRefused: a file that is not a zip
// archive or is truncated; an entry name that is absolute, contains "..",
// or is not one the format defines; more entries than allowed; an entry or
// a total that expands past the limits (counted while decompressing); an
// entry whose size or sha256 differs from the manifest; JSON that is
// invalid, has unknown fields or nests too deep; a format version newer
// than FormatVersion; and any record Verify rejects, such as an annotation
// whose span or quote does not fit its article's text. References to
// records the bundle does not hold are left for the database to resolve.
//
// Entries are decoded on all cores. progress, when not nil, is called with
// the bytes decoded so far and the total the manifest announces, a few
// hundred times at most, one call at a time but possibly from another
// goroutine, the last time with done == total.
func Read(r io.ReaderAt, size int64, limits Limits, progress func(done, total int)) (*Bundle, error) {
	limits = limits.withDefaults()
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, refused("not a zip archive, or truncated: %w", err)
	}
	if len(zr.File) > limits.MaxEntries {
		return nil, refused("%d entries; the limit is %d", len(zr.File), limits.MaxEntries)
	}
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		if err := checkName(f.Name); err != nil {
			return nil, refused("entry %q: %w", f.Name, err)
		}
		if _, dup := files[f.Name]; dup {
			return nil, refused("entry %q appears twice", f.Name)
		}
		if f.UncompressedSize64 > uint64(limits.MaxEntryBytes) {
			return nil, refused("entry %q expands to %d bytes; the limit is %d", f.Name, f.UncompressedSize64, limits.MaxEntryBytes)
		}
		files[f.Name] = f
	}

	mf, ok := files[ManifestName]
	if !ok {
		return nil, refused("no %s: not a Marginalia bundle", ManifestName)
	}
	data, err := readEntry(mf, min(maxManifestBytes, limits.MaxEntryBytes))
	if err != nil {
		return nil, refused("%s: %w", ManifestName, err)
	}
	man, err := decodeManifest(data, limits.MaxDepth)
	if err != nil {
		return nil, refused("%s: %w", ManifestName, err)
	}
	if err := checkEntries(man, files, limits); err != nil {
		return nil, err
	}

	var total int64
	for _, e := range man.Entries {
		total += e.Size
	}
	// Entries are independent: read, check and decode them on all cores,
	// then put the records together in manifest order.
	tick := newTicker(progress, int(total))
	var mu sync.Mutex
	parts := make([]Bundle, len(man.Entries))
	err = parallel(len(man.Entries), func(i int) error {
		e := man.Entries[i]
		n, err := readRecords(files[e.Name], e, limits.MaxDepth, &parts[i])
		if err != nil {
			return refused("entry %s: %w", e.Name, err)
		}
		if n != e.Records {
			return refused("entry %s: %d records, but the manifest says %d", e.Name, n, e.Records)
		}
		mu.Lock()
		tick.add(int(e.Size))
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	var got Counts
	for _, p := range parts {
		c := p.Counts()
		got = Counts{got.Articles + c.Articles, got.Annotations + c.Annotations, got.Speakers + c.Speakers, got.Links + c.Links}
	}
	b := &Bundle{Manifest: man}
	if got.Articles > 0 {
		b.Articles = make([]annotate.Article, 0, got.Articles)
	}
	if got.Annotations > 0 {
		b.Annotations = make([]annotate.Annotation, 0, got.Annotations)
	}
	for _, p := range parts {
		b.Articles = append(b.Articles, p.Articles...)
		b.Annotations = append(b.Annotations, p.Annotations...)
		b.Speakers = append(b.Speakers, p.Speakers...)
		b.Links = append(b.Links, p.Links...)
	}
	if got != man.Counts {
		return nil, refused("the manifest counts %v, but the entries hold %v", man.Counts, got)
	}
	if _, err := b.Verify(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRefused, err)
	}
	tick.finish()
	return b, nil
}

// readRecords reads entry e from f, checks its size and checksum and
// decodes its records into part.
func readRecords(f *zip.File, e Entry, maxDepth int, part *Bundle) (int, error) {
	data, err := readEntry(f, e.Size)
	if err != nil {
		return 0, err
	}
	if int64(len(data)) != e.Size {
		return 0, fmt.Errorf("%d bytes, but the manifest says %d", len(data), e.Size)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != e.SHA256 {
		return 0, errors.New("checksum mismatch: the bundle is damaged or was altered")
	}
	kind, _, _ := splitEntryName(e.Name)
	switch kind {
	case "articles":
		return decodeRecords(data, maxDepth, &part.Articles)
	case "annotations":
		return decodeRecords(data, maxDepth, &part.Annotations)
	case "speakers":
		return decodeRecords(data, maxDepth, &part.Speakers)
	default:
		return decodeRecords(data, maxDepth, &part.Links)
	}
}

// checkName accepts only relative, clean, forward-slash names: nothing
// that could point outside a folder if anyone ever unpacked the bundle.
func checkName(name string) error {
	switch {
	case name == "":
		return errors.New("empty name")
	case strings.HasPrefix(name, "/"):
		return errors.New("absolute path")
	case strings.Contains(name, `\`):
		return errors.New("backslash in path")
	case len(name) >= 2 && name[1] == ':':
		return errors.New("absolute path with a drive letter")
	}
	for _, part := range strings.Split(name, "/") {
		switch part {
		case "..":
			return errors.New("path contains ..")
		case "", ".":
			return errors.New("path is not clean")
		}
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return errors.New("control character in path")
		}
	}
	return nil
}

// splitEntryName splits "annotations/0001.json" into its record type and
// sequence number.
func splitEntryName(name string) (kind string, seq int, ok bool) {
	kind, file, found := strings.Cut(name, "/")
	if !found {
		return "", 0, false
	}
	switch kind {
	case "articles", "annotations", "speakers", "links":
	default:
		return "", 0, false
	}
	digits, found := strings.CutSuffix(file, ".json")
	if !found || len(digits) < 4 || len(digits) > 9 {
		return "", 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return "", 0, false
		}
	}
	seq, err := strconv.Atoi(digits)
	return kind, seq, err == nil
}

// checkEntries matches the manifest against the archive: every entry
// listed once, with a name the format defines, nothing unlisted, sizes
// within the limits.
func checkEntries(man Manifest, files map[string]*zip.File, limits Limits) error {
	listed := make(map[string]bool, len(man.Entries))
	var total int64
	for _, e := range man.Entries {
		if _, _, ok := splitEntryName(e.Name); !ok {
			return refused("manifest lists entry %q, which is not a bundle entry name", e.Name)
		}
		if listed[e.Name] {
			return refused("manifest lists entry %s twice", e.Name)
		}
		listed[e.Name] = true
		if files[e.Name] == nil {
			return refused("entry %s is in the manifest but not in the bundle", e.Name)
		}
		if e.Size < 0 || e.Records < 0 {
			return refused("manifest: entry %s has a negative size or count", e.Name)
		}
		if e.Size > limits.MaxEntryBytes {
			return refused("entry %s expands to %d bytes; the limit is %d", e.Name, e.Size, limits.MaxEntryBytes)
		}
		if len(e.SHA256) != 64 {
			return refused("manifest: entry %s has no sha256", e.Name)
		}
		total += e.Size
		if total > limits.MaxTotalBytes {
			return refused("entries expand to more than %d bytes in all", limits.MaxTotalBytes)
		}
	}
	for name := range files {
		if name != ManifestName && !listed[name] {
			return refused("entry %q is not in the manifest", name)
		}
	}
	return nil
}

// readEntry decompresses f, reading at most limit bytes whatever its
// header claims, and fails if there is more.
func readEntry(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("damaged: %w", err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	buf.Grow(int(min(limit, int64(f.UncompressedSize64), 16<<20)) + 1)
	n, err := io.Copy(&buf, io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("damaged: %w", err)
	}
	if n > limit {
		return nil, fmt.Errorf("expands past %d bytes", limit)
	}
	return buf.Bytes(), nil
}

func decodeManifest(data []byte, maxDepth int) (Manifest, error) {
	var man Manifest
	if err := checkDepth(data, maxDepth); err != nil {
		return man, err
	}
	// The version decides how to read the rest, so look at it first.
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return man, fmt.Errorf("invalid JSON: %w", err)
	}
	switch {
	case head.Format != Format:
		return man, fmt.Errorf("format %q: not a Marginalia bundle", head.Format)
	case head.Version > FormatVersion:
		return man, fmt.Errorf("format version %d is newer than this Marginalia reads (%d): update Marginalia", head.Version, FormatVersion)
	case head.Version < 1:
		return man, fmt.Errorf("unknown format version %d", head.Version)
	}
	if err := decodeStrict(data, &man); err != nil {
		return man, err
	}
	return man, nil
}

// decodeRecords appends the JSON array of records in data to dst and
// returns how many it decoded.
func decodeRecords[T any](data []byte, maxDepth int, dst *[]T) (int, error) {
	if err := checkDepth(data, maxDepth); err != nil {
		return 0, err
	}
	var recs []T
	if err := decodeStrict(data, &recs); err != nil {
		return 0, err
	}
	*dst = append(*dst, recs...)
	return len(recs), nil
}

// decodeStrict decodes one JSON value, refusing unknown fields and
// anything after the value.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("invalid JSON: data after the value")
	}
	return nil
}

// checkDepth scans data for arrays and objects nested deeper than max,
// before any decoder builds them. It skips strings, honouring escapes, and
// leaves all other validation to the decoder.
func checkDepth(data []byte, max int) error {
	depth := 0
	inString, escaped := false, false
	for _, c := range data {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
			if depth > max {
				return fmt.Errorf("JSON nests deeper than %d levels", max)
			}
		case ']', '}':
			depth--
		}
	}
	return nil
}
