package bundle

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"sync"
	"time"

	"marginalia/annotate"
)

// Limits bound what Read accepts, so a hostile or broken bundle cannot
// exhaust memory or time. A zero field means the default (see
// DefaultLimits).
type Limits struct {
	// MaxEntries is the most zip entries, the manifest included.
	MaxEntries int
	// MaxEntryBytes is the most bytes one entry may expand to.
	MaxEntryBytes int64
	// MaxTotalBytes is the most bytes all entries together may expand to.
	MaxTotalBytes int64
	// MaxDepth is the deepest nesting of JSON arrays and objects in the
	// manifest. Records have a fixed shape, 3 levels at most: an array or
	// object where a record has none is refused where it starts, the
	// message saying whether it nests deeper than MaxDepth.
	MaxDepth int
	// MaxRecordMemory is the most memory the decoded records may take.
	// Zero means MemoryFloor plus MemoryPerByte bytes per byte of the
	// bundle file: far more than genuine bundles need (about 5 bytes per
	// byte), far less than a zip bomb expands to.
	MaxRecordMemory int64
}

// The default record memory budget: MemoryFloor holds the largest valid
// record (a 20 MB article with a note of a million characters) whatever
// its compression; MemoryPerByte is about three times what a genuine
// bundle takes (4.8 bytes per byte of file for 100,000 annotations on
// 1,000 articles).
const (
	MemoryFloor   = 32 << 20
	MemoryPerByte = 16
)

// DefaultLimits are generous for real work and small enough to refuse zip
// bombs. An entry may hold the largest valid record, even written with
// every character escaped (about 139 MB).
func DefaultLimits() Limits {
	return Limits{
		MaxEntries:    4096,
		MaxEntryBytes: maxRecordJSON() + 64<<10,
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

// memory is the record memory budget for a bundle of size bytes.
func (l Limits) memory(size int64) int64 {
	if l.MaxRecordMemory > 0 {
		return l.MaxRecordMemory
	}
	return MemoryFloor + MemoryPerByte*max(size, 0)
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
// invalid (invalid UTF-8 included), has unknown or repeated fields, or
// does not have the shape of a record; a field longer than a valid record
// can hold (refused as soon as it is, never read whole); records that
// would take more memory than Limits.MaxRecordMemory; a format version
// newer than FormatVersion; and any record Verify rejects, such as an
// annotation whose span or quote does not fit its article's text. Errors
// about an entry's content name the entry and the byte offset. References
// to records the bundle does not hold are left for the database to
// resolve.
//
// Entries are decoded as streams, on all cores, each record checked as
// soon as it is read. progress, when not nil, is called with the bytes
// decoded so far and the total the manifest announces, a few hundred
// times at most, one call at a time but possibly from another goroutine,
// the last time with done == total.
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
			return nil, refused("entry %s: %w", QuoteInput(f.Name), err)
		}
		if _, dup := files[f.Name]; dup {
			return nil, refused("entry %s appears twice", QuoteInput(f.Name))
		}
		if f.UncompressedSize64 > uint64(limits.MaxEntryBytes) {
			return nil, refused("entry %s expands to %d bytes; the limit is %d", QuoteInput(f.Name), f.UncompressedSize64, limits.MaxEntryBytes)
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

	// The manifest's counts size the record slices, each entry decoding
	// into its own range; the structs are charged to the budget first, so
	// a manifest announcing millions of records is refused before
	// anything is allocated.
	bud := &budget{limit: limits.memory(size)}
	var announced Counts
	var structs, total int64
	for _, e := range man.Entries {
		kind, _, _ := splitEntryName(e.Name)
		*announced.of(kind) += e.Records
		structs += int64(e.Records) * recordSize(kind)
		total += e.Size
	}
	if err := bud.charge(structs); err != nil {
		return nil, overBudget(bud, size)
	}
	b := &Bundle{Manifest: man,
		Articles:    makeOrNil[annotate.Article](announced.Articles),
		Annotations: makeOrNil[annotate.Annotation](announced.Annotations),
		Speakers:    makeOrNil[annotate.Speaker](announced.Speakers),
		Links:       makeOrNil[annotate.Link](announced.Links),
		Versions:    makeOrNil[annotate.ArticleVersion](announced.Versions),
		Tombstones:  makeOrNil[annotate.Tombstone](announced.Tombstones),
	}
	offsets := make([]int, len(man.Entries))
	var next Counts
	for i, e := range man.Entries {
		kind, _, _ := splitEntryName(e.Name)
		offsets[i] = *next.of(kind)
		*next.of(kind) += e.Records
	}

	tick := newTicker(progress, int(total))
	var mu sync.Mutex
	v := newVocab()
	err = parallel(len(man.Entries), func(i int) error {
		e := man.Entries[i]
		if err := readRecords(files[e.Name], e, b, offsets[i], bud, v, limits.MaxDepth); err != nil {
			if errors.Is(err, errOverBudget) {
				return overBudget(bud, size)
			}
			return refused("entry %s: %w", e.Name, err)
		}
		mu.Lock()
		tick.add(int(e.Size))
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Every entry holds what it announces; the manifest's counts must
	// add them up.
	if announced != man.Counts {
		return nil, refused("the manifest counts %v, but the entries hold %v", man.Counts, announced)
	}
	if _, err := b.verify(true); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRefused, err)
	}
	tick.finish()
	return b, nil
}

func makeOrNil[T any](n int) []T {
	if n == 0 {
		return nil
	}
	return make([]T, n)
}

func overBudget(b *budget, size int64) error {
	return refused("its records would take more than %d MB of memory, %d times the file's size: a zip bomb, or a bundle beyond Limits.MaxRecordMemory",
		b.limit>>20, b.limit/max(size, 1))
}

// of returns the count of a record type by its entry prefix.
func (c *Counts) of(kind string) *int {
	switch kind {
	case "articles":
		return &c.Articles
	case "annotations":
		return &c.Annotations
	case "speakers":
		return &c.Speakers
	case "versions":
		return &c.Versions
	case "tombstones":
		return &c.Tombstones
	}
	return &c.Links
}

// entryReader counts, limits and hashes an entry's bytes as they are
// decompressed.
type entryReader struct {
	r     io.Reader
	h     hash.Hash
	n     int64
	limit int64
}

func (er *entryReader) Read(p []byte) (int, error) {
	n, err := er.r.Read(p)
	er.n += int64(n)
	er.h.Write(p[:n])
	if er.n > er.limit {
		return 0, fmt.Errorf("expands past %d bytes, the size the manifest announces", er.limit)
	}
	if err != nil && err != io.EOF {
		return n, fmt.Errorf("damaged: %w", err)
	}
	return n, err
}

// readRecords streams entry e from f, decoding its records into their
// range of b from offset and checking each, then checks the entry's size,
// sha256 and record count.
func readRecords(f *zip.File, e Entry, b *Bundle, offset int, bud *budget, v *vocab, maxDepth int) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("damaged: %w", err)
	}
	defer rc.Close()
	er := &entryReader{r: rc, h: sha256.New(), limit: e.Size}
	rr := &recordReader{d: newDecoder(er, e.Size, bud), v: v}
	rr.d.maxDepth = maxDepth
	var n int
	switch kind, _, _ := splitEntryName(e.Name); kind {
	case "articles":
		n, err = readArray(rr, b.Articles[offset:offset+e.Records], rr.article, checkArticle)
	case "annotations":
		n, err = readArray(rr, b.Annotations[offset:offset+e.Records], rr.annotation, (*annotate.Annotation).Validate)
	case "speakers":
		n, err = readArray(rr, b.Speakers[offset:offset+e.Records], rr.speaker, (*annotate.Speaker).Validate)
	case "versions":
		n, err = readArray(rr, b.Versions[offset:offset+e.Records], rr.version, checkVersion)
	case "tombstones":
		n, err = readArray(rr, b.Tombstones[offset:offset+e.Records], rr.tombstone, func(t *annotate.Tombstone) error { return t.Validate(time.Time{}) })
	default:
		n, err = readArray(rr, b.Links[offset:offset+e.Records], rr.link, (*annotate.Link).Validate)
	}
	switch {
	case err != nil:
		return err
	case er.n != e.Size:
		return fmt.Errorf("%d bytes, but the manifest says %d", er.n, e.Size)
	case hex.EncodeToString(er.h.Sum(nil)) != e.SHA256:
		return errors.New("checksum mismatch: the bundle is damaged or was altered")
	case n != e.Records:
		return fmt.Errorf("%d records, but the manifest says %d", n, e.Records)
	}
	return nil
}
