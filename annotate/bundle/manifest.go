package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"marginalia/annotate"
	"strconv"
	"strings"
)

// This file checks the zip archive and the manifest: entry names, the
// manifest's version and its list of entries, read with encoding/json
// (the manifest is small and has no records).

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
	case "articles", "annotations", "speakers", "links", "versions", "tombstones":
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
			return refused("manifest lists entry %s, which is not a bundle entry name", QuoteInput(e.Name))
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
		if int64(e.Records) > limits.MaxEntryBytes {
			return refused("manifest: entry %s cannot hold %d records", e.Name, e.Records)
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
			return refused("entry %s is not in the manifest", QuoteInput(name))
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
	if off := annotate.InvalidUTF8(data); off >= 0 {
		return man, fmt.Errorf("byte %d: invalid UTF-8", off)
	}
	if err := annotate.CheckJSONDepth(data, maxDepth); err != nil {
		return man, err
	}
	// The version decides how to read the rest, so look at it first.
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := decodeHead(data, &head); err != nil {
		return man, err
	}
	switch {
	case head.Format != Format:
		return man, fmt.Errorf("format %s: not a Marginalia bundle", QuoteInput(head.Format))
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

// decodeHead decodes the manifest's format and version, ignoring its
// other fields.
func decodeHead(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		if msg := err.Error(); len(msg) > 120 {
			return fmt.Errorf("invalid JSON: %s", strings.ToValidUTF8(msg[:100], "")+"…")
		}
		return fmt.Errorf("invalid JSON: %w", err)
	}
	return nil
}

// decodeStrict decodes one JSON value, refusing unknown fields and
// anything after the value.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		// encoding/json quotes an unknown field whole: keep it short.
		if msg := err.Error(); len(msg) > 120 {
			return fmt.Errorf("invalid JSON: %s", strings.ToValidUTF8(msg[:100], "")+"…")
		}
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("invalid JSON: data after the value")
	}
	return nil
}
