package bundle

import (
	"fmt"
	"unsafe"

	"marginalia/annotate"
)

// Every field of a record is refused, while it is read, once it is longer
// than a valid record can hold (annotate's limits); a field the format
// does not define is refused at its name, and a field given twice at its
// second occurrence. These byte limits are for fields whose validity
// annotate checks by content (IDs, hashes, enumerations, times).
const (
	idBytes   = 64 // annotate.ValidID
	hashBytes = 64 // hex sha256
	wordBytes = 16 // kinds, statuses, relations, link end types: "contradicts"
	timeBytes = 64 // RFC 3339 with nanoseconds and an offset is 35
	// runeBytes is the most bytes a character takes in UTF-8.
	runeBytes = 4
)

// maxRecordJSON is the largest JSON a valid record can take: every
// string at its limit, with every character escaped in the longest way a
// JSON writer could choose (6 bytes per byte, \u0001; 12 per character,
// a surrogate pair), plus field names, punctuation and white space. It is
// the default Limits.MaxEntryBytes, since a record may fill an entry
// alone. The article is the largest, about 139 MB.
func maxRecordJSON() int64 {
	const (
		perByte  = 6
		perRune  = 12
		overhead = 1 << 10
	)
	tags := int64(annotate.MaxTags) * (perRune*annotate.MaxTagRunes + 4)
	article := perByte*annotate.MaxTextBytes + perRune*annotate.MaxNoteRunes + 4*perRune*annotate.MaxTitleRunes + tags
	annotation := perByte*annotate.MaxTextBytes + 2*perRune*annotate.ContextRunes + perRune*annotate.MaxNoteRunes + perRune*annotate.MaxNameRunes + tags
	speaker := int64(perRune*annotate.MaxNameRunes*(1+annotate.MaxAliases) + 2*perRune*annotate.MaxTitleRunes + perRune*annotate.MaxNoteRunes)
	link := int64(perRune*annotate.MaxNoteRunes + perRune*annotate.MaxNameRunes)
	return max(article, annotation, speaker, link) + 8*(idBytes+timeBytes) + overhead + maxSpaceBytes
}

// recordSize is what a record's struct takes in memory, charged to the
// budget for every record the manifest announces.
func recordSize(kind string) int64 {
	switch kind {
	case "articles":
		return int64(unsafe.Sizeof(annotate.Article{}))
	case "annotations":
		return int64(unsafe.Sizeof(annotate.Annotation{}))
	case "speakers":
		return int64(unsafe.Sizeof(annotate.Speaker{}))
	case "versions":
		return int64(unsafe.Sizeof(annotate.ArticleVersion{}))
	case "tombstones":
		return int64(unsafe.Sizeof(annotate.Tombstone{}))
	}
	return int64(unsafe.Sizeof(annotate.Link{}))
}

// vocab holds the enumerations' values, so decoded records share them.
type vocab struct {
	kinds, statuses, relations, refTypes, recordTypes []string
}

func newVocab() *vocab {
	v := &vocab{refTypes: []string{string(annotate.RefArticle), string(annotate.RefAnnotation)}}
	for _, t := range annotate.RecordTypes() {
		v.recordTypes = append(v.recordTypes, string(t))
	}
	for _, k := range annotate.Kinds() {
		v.kinds = append(v.kinds, string(k))
	}
	for _, s := range annotate.Statuses() {
		v.statuses = append(v.statuses, string(s))
	}
	for _, r := range annotate.Relations() {
		v.relations = append(v.relations, string(r))
	}
	return v
}

// recordReader decodes the records of one entry.
type recordReader struct {
	d     *decoder
	v     *vocab
	lastA string // the previous annotation's article ID
	lastC string // the previous creator
}

func (rr *recordReader) article(a *annotate.Article) error {
	d, f := rr.d, fields{d: rr.d, what: "article"}
	return d.object("article", false, func(k []byte) error {
		var err error
		switch string(k) {
		case "id":
			err = f.id(0, "id", &a.ID, nil)
		case "title":
			err = f.runes(1, "title", &a.Title, annotate.MaxTitleRunes)
		case "byline":
			err = f.runes(2, "byline", &a.Byline, annotate.MaxTitleRunes)
		case "source":
			err = f.runes(3, "source", &a.Source, annotate.MaxTitleRunes)
		case "url":
			err = f.runes(4, "url", &a.URL, annotate.MaxTitleRunes)
		case "published":
			err = f.time(5, "published", &a.Published)
		case "imported":
			err = f.time(6, "imported", &a.Imported)
		case "text":
			err = f.text(7, "text", &a.Text, annotate.MaxTextBytes, annotate.MaxTextBytes)
		case "text_hash":
			err = f.text(8, "text_hash", &a.TextHash, hashBytes, hashBytes)
		case "tags":
			err = f.list(9, "tags", &a.Tags, annotate.MaxTags, annotate.MaxTagRunes)
		case "note":
			err = f.runes(10, "note", &a.Note, annotate.MaxNoteRunes)
		case "version":
			err = f.integer(11, "version", &a.Version)
		default:
			err = f.unknown(k)
		}
		return err
	})
}

func (rr *recordReader) annotation(a *annotate.Annotation) error {
	d, f := rr.d, fields{d: rr.d, what: "annotation"}
	return d.object("annotation", false, func(k []byte) error {
		var err error
		var s string
		switch string(k) {
		case "id":
			err = f.id(0, "id", &a.ID, nil)
		case "article_id":
			err = f.id(1, "article_id", &a.ArticleID, &rr.lastA)
		case "kind":
			err = f.word(2, "kind", &s, rr.v.kinds)
			a.Kind = annotate.Kind(s)
		case "span":
			err = f.span(3, "span", &a.Span)
		case "quote":
			err = f.quote(4, "quote", &a.Quote)
		case "speaker_id":
			err = f.id(5, "speaker_id", &a.SpeakerID, nil)
		case "note":
			err = f.runes(6, "note", &a.Note, annotate.MaxNoteRunes)
		case "tags":
			err = f.list(7, "tags", &a.Tags, annotate.MaxTags, annotate.MaxTagRunes)
		case "status":
			err = f.word(8, "status", &s, rr.v.statuses)
			a.Status = annotate.Status(s)
		case "creator":
			err = rr.creator(&f, 9, &a.Creator)
		case "created":
			err = f.time(10, "created", &a.Created)
		case "modified":
			err = f.time(11, "modified", &a.Modified)
		case "version":
			err = f.integer(12, "version", &a.Version)
		case "anchor":
			err = f.anchoring(13, "anchor", &a.Anchor)
		default:
			err = f.unknown(k)
		}
		return err
	})
}

// creator reads a creator's name, reusing the previous record's.
func (rr *recordReader) creator(f *fields, bit uint, dst *string) error {
	if err := f.runes(bit, "creator", dst, annotate.MaxNameRunes); err != nil {
		return err
	}
	if *dst == rr.lastC {
		*dst = rr.lastC
	} else {
		rr.lastC = *dst
	}
	return nil
}

func (rr *recordReader) speaker(s *annotate.Speaker) error {
	d, f := rr.d, fields{d: rr.d, what: "speaker"}
	return d.object("speaker", false, func(k []byte) error {
		var err error
		switch string(k) {
		case "id":
			err = f.id(0, "id", &s.ID, nil)
		case "name":
			err = f.runes(1, "name", &s.Name, annotate.MaxNameRunes)
		case "aliases":
			err = f.list(2, "aliases", &s.Aliases, annotate.MaxAliases, annotate.MaxNameRunes)
		case "role":
			err = f.runes(3, "role", &s.Role, annotate.MaxTitleRunes)
		case "affiliation":
			err = f.runes(4, "affiliation", &s.Affiliation, annotate.MaxTitleRunes)
		case "note":
			err = f.runes(5, "note", &s.Note, annotate.MaxNoteRunes)
		default:
			err = f.unknown(k)
		}
		return err
	})
}

func (rr *recordReader) link(l *annotate.Link) error {
	d, f := rr.d, fields{d: rr.d, what: "link"}
	return d.object("link", false, func(k []byte) error {
		var err error
		switch string(k) {
		case "id":
			err = f.id(0, "id", &l.ID, nil)
		case "from":
			err = f.ref(1, "from", &l.From, rr.v)
		case "to":
			err = f.ref(2, "to", &l.To, rr.v)
		case "relation":
			var s string
			err = f.word(3, "relation", &s, rr.v.relations)
			l.Relation = annotate.Relation(s)
		case "note":
			err = f.runes(4, "note", &l.Note, annotate.MaxNoteRunes)
		case "creator":
			err = rr.creator(&f, 5, &l.Creator)
		case "created":
			err = f.time(6, "created", &l.Created)
		default:
			err = f.unknown(k)
		}
		return err
	})
}

func (rr *recordReader) version(v *annotate.ArticleVersion) error {
	d, f := rr.d, fields{d: rr.d, what: "version"}
	return d.object("version", false, func(k []byte) error {
		var err error
		switch string(k) {
		case "article_id":
			err = f.id(0, "article_id", &v.ArticleID, &rr.lastA)
		case "n":
			err = f.integer(1, "n", &v.N)
		case "title":
			err = f.runes(2, "title", &v.Title, annotate.MaxTitleRunes)
		case "source":
			err = f.runes(3, "source", &v.Source, annotate.MaxTitleRunes)
		case "url":
			err = f.runes(4, "url", &v.URL, annotate.MaxTitleRunes)
		case "imported":
			err = f.time(5, "imported", &v.Imported)
		case "text":
			err = f.text(6, "text", &v.Text, annotate.MaxTextBytes, annotate.MaxTextBytes)
		case "text_hash":
			err = f.text(7, "text_hash", &v.TextHash, hashBytes, hashBytes)
		default:
			err = f.unknown(k)
		}
		return err
	})
}

func (rr *recordReader) tombstone(t *annotate.Tombstone) error {
	d, f := rr.d, fields{d: rr.d, what: "tombstone"}
	return d.object("tombstone", false, func(k []byte) error {
		var err error
		switch string(k) {
		case "id":
			err = f.id(0, "id", &t.ID, nil)
		case "type":
			var s string
			err = f.word(1, "type", &s, rr.v.recordTypes)
			t.Type = annotate.RecordType(s)
		case "article_id":
			err = f.id(2, "article_id", &t.ArticleID, &rr.lastA)
		case "deleter":
			err = rr.creator(&f, 3, &t.Deleter)
		case "deleted":
			err = f.time(4, "deleted", &t.Deleted)
		default:
			err = f.unknown(k)
		}
		return err
	})
}

// integer reads a whole-number field.
func (f *fields) integer(bit uint, key string, dst *int) error {
	if err := f.once(bit, key); err != nil {
		return err
	}
	if ok, err := f.d.null(); ok || err != nil {
		return err
	}
	n, err := f.d.integer(key)
	*dst = n
	return err
}

// anchoring reads how an annotation was carried to a new version.
func (f *fields) anchoring(bit uint, key string, dst **annotate.Anchoring) error {
	if err := f.once(bit, key); err != nil {
		return err
	}
	d, in := f.d, fields{d: f.d, what: key}
	if ok, err := d.open(key, true); !ok || err != nil {
		return err
	}
	a := &annotate.Anchoring{}
	*dst = a
	for first := true; ; first = false {
		k, more, err := d.next(key, first)
		if !more || err != nil {
			return err
		}
		switch string(k) {
		case "method":
			err = in.word(0, "method", &a.Method, anchorMethods)
		case "confidence":
			if err = in.once(1, "confidence"); err == nil {
				a.Confidence, err = d.fraction("confidence")
			}
		case "from":
			err = in.integer(2, "from", &a.From)
		case "old_quote":
			err = in.text(3, "old_quote", &a.OldQuote, annotate.MaxTextBytes, annotate.MaxTextBytes)
		default:
			err = in.unknown(k)
		}
		if err != nil {
			return err
		}
	}
}

var anchorMethods = []string{"unchanged", "mapped", "quote", "fuzzy", "manual", "orphan"}

// readArray reads the entry's array of records into dst, which has room
// for exactly the number the manifest announces, decoding each with one
// and checking it with check as soon as it is read. It returns how many
// it read.
func readArray[T any](rr *recordReader, dst []T, one func(*T) error, check func(*T) error) (int, error) {
	d := rr.d
	if err := d.expect('[', "an array of records"); err != nil {
		return 0, err
	}
	n := 0
	for {
		if err := d.skipSpace(); err != nil {
			return n, err
		}
		c, err := d.peek()
		if err != nil {
			return n, err
		}
		if c == ']' && n == 0 {
			d.pos++
			break
		}
		if n > 0 {
			d.pos++
			if c == ']' {
				break
			}
			if c != ',' {
				d.pos--
				return n, d.found(c, "expected ',' or ']' after record %d", n)
			}
		}
		if n == len(dst) {
			return n, d.fail("more records than the %d the manifest announces", len(dst))
		}
		d.space = 0
		if err := one(&dst[n]); err != nil {
			return n, fmt.Errorf("record %d: %w", n+1, err)
		}
		if err := check(&dst[n]); err != nil {
			return n, fmt.Errorf("record %d: %w", n+1, err)
		}
		n++
	}
	d.space = 0
	if err := d.skipSpace(); err != nil {
		return n, err
	}
	if d.pos < d.end { // skipSpace stops at the end of the entry or at data
		return n, d.syntax("data after the array of records")
	}
	return n, nil
}
