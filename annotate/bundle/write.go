package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// shardBytes is the size at which Write starts a new entry of the same
// record type. Smaller entries keep the memory a reader needs per entry
// low; a single record larger than this gets an entry of its own.
const shardBytes = 4 << 20

// Write writes b as a bundle to w: one or more JSON entries per record
// type, then the manifest, which is meta with Format, Version, Counts and
// Entries filled in (and Created set to now when zero). It refuses a
// bundle that Verify rejects, so whatever Write writes, Read accepts
// (within the default limits). progress, when not nil, is called with the
// number of records written so far and the total, a few hundred times at
// most, the last time with done == total.
func Write(w io.Writer, b *Bundle, meta Manifest, progress func(done, total int)) error {
	if _, err := b.Verify(); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	meta.Format, meta.Version = Format, FormatVersion
	meta.Counts = b.Counts()
	meta.Entries = nil
	if meta.Created.IsZero() {
		meta.Created = time.Now().UTC()
	}

	zw := zip.NewWriter(w)
	// Speed over size: bundles are mostly prose, which the fastest level
	// already shrinks to about a third.
	fw, err := flate.NewWriter(io.Discard, flate.BestSpeed)
	if err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw.Reset(out)
		return fw, nil
	})
	sw := &shardWriter{zw: zw, meta: &meta, tick: newTicker(progress, meta.Counts.Total())}
	if err := writeShards(sw, "articles", b.Articles); err != nil {
		return err
	}
	if err := writeShards(sw, "annotations", b.Annotations); err != nil {
		return err
	}
	if err := writeShards(sw, "speakers", b.Speakers); err != nil {
		return err
	}
	if err := writeShards(sw, "links", b.Links); err != nil {
		return err
	}
	if err := writeShards(sw, "versions", b.Versions); err != nil {
		return err
	}
	if err := writeShards(sw, "tombstones", b.Tombstones); err != nil {
		return err
	}
	data, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return fmt.Errorf("write bundle: encode manifest: %w", err)
	}
	if _, err := sw.entry(ManifestName, data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	sw.tick.finish()
	return nil
}

type shardWriter struct {
	zw   *zip.Writer
	meta *Manifest
	tick *ticker
	buf  bytes.Buffer
}

// entry writes one zip entry and returns its hex sha256.
func (sw *shardWriter) entry(name string, data []byte) (string, error) {
	ew, err := sw.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: sw.meta.Created})
	if err == nil {
		_, err = ew.Write(data)
	}
	if err != nil {
		return "", fmt.Errorf("write bundle: entry %s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// writeShards writes records as JSON arrays of about shardBytes each,
// named kind/0001.json, kind/0002.json and so on.
func writeShards[T any](sw *shardWriter, kind string, records []T) error {
	buf := &sw.buf
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		buf.WriteString("\n]\n")
		name := fmt.Sprintf("%s/%04d.json", kind, shardNumber(sw.meta.Entries, kind)+1)
		sum, err := sw.entry(name, buf.Bytes())
		if err != nil {
			return err
		}
		sw.meta.Entries = append(sw.meta.Entries, Entry{Name: name, Records: n, Size: int64(buf.Len()), SHA256: sum})
		n = 0
		return nil
	}
	for i := range records {
		if n == 0 {
			buf.Reset()
			buf.WriteString("[\n")
		} else {
			buf.WriteString(",\n")
		}
		if err := enc.Encode(&records[i]); err != nil {
			return fmt.Errorf("write bundle: encode %s: %w", kind, err)
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		n++
		sw.tick.add(1)
		if buf.Len() >= shardBytes {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// shardNumber counts the entries of kind written so far.
func shardNumber(entries []Entry, kind string) int {
	n := 0
	for _, e := range entries {
		if k, _, _ := splitEntryName(e.Name); k == kind {
			n++
		}
	}
	return n
}

// ticker reports progress at most about 200 times.
type ticker struct {
	fn                      func(done, total int)
	done, total, step, next int
}

func newTicker(fn func(done, total int), total int) *ticker {
	return &ticker{fn: fn, total: total, step: max(1, total/200)}
}

func (t *ticker) add(n int) {
	t.done += n
	if t.fn != nil && t.done >= t.next && t.done < t.total {
		t.fn(t.done, t.total)
		t.next = t.done + t.step
	}
}

// finish reports completion exactly once.
func (t *ticker) finish() {
	if t.fn != nil {
		t.fn(t.total, t.total)
		t.fn = nil
	}
}
