package bundle

// This file builds hostile zip archives in time proportional to their
// compressed size: entries are described as pieces (literal bytes, or a
// pattern repeated many times) and deflated by a minimal hand-written
// encoder whose dynamic Huffman code spends two bits per 258 repeated
// bytes, the ratio of the best real compressors (about 1030:1). Only the
// CRC-32 and sha256 need every expanded byte, and both run in assembly.

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash/crc32"
	"io"
	"testing"
)

// piece is part of an entry: lit once, or pat repeated n times.
type piece struct {
	lit []byte
	pat []byte
	n   int
}

func lit(s string) piece              { return piece{lit: []byte(s)} }
func rep(pattern string, n int) piece { return piece{pat: []byte(pattern), n: n} }

// expand streams the entry's bytes to w in chunks.
func expand(w io.Writer, pieces []piece) {
	for _, p := range pieces {
		if p.lit != nil {
			w.Write(p.lit)
			continue
		}
		chunk := bytes.Repeat(p.pat, max(1, (64<<10)/len(p.pat)))
		left := p.n
		for left > 0 {
			k := min(left, len(chunk)/len(p.pat))
			w.Write(chunk[:k*len(p.pat)])
			left -= k
		}
	}
}

// bitWriter writes deflate's LSB-first bit stream.
type bitWriter struct {
	out   []byte
	acc   uint64
	nbits uint
}

func (b *bitWriter) bits(v uint64, n uint) {
	b.acc |= v << b.nbits
	b.nbits += n
	for b.nbits >= 8 {
		b.out = append(b.out, byte(b.acc))
		b.acc >>= 8
		b.nbits -= 8
	}
}

// code writes a Huffman code, most significant bit first.
func (b *bitWriter) code(c uint16, n int) {
	var r uint64
	for i := 0; i < n; i++ {
		r = r<<1 | uint64(c>>i&1)
	}
	b.bits(r, uint(n))
}

func (b *bitWriter) flush() []byte {
	if b.nbits > 0 {
		b.out = append(b.out, byte(b.acc))
	}
	return b.out
}

// canonical assigns canonical Huffman codes to code lengths (RFC 1951
// 3.2.2).
func canonical(lengths []int) []uint16 {
	var count [16]int
	for _, l := range lengths {
		count[l]++
	}
	count[0] = 0
	var next [16]uint16
	code := uint16(0)
	for bits := 1; bits < 16; bits++ {
		code = (code + uint16(count[bits-1])) << 1
		next[bits] = code
	}
	codes := make([]uint16, len(lengths))
	for i, l := range lengths {
		if l != 0 {
			codes[i] = next[l]
			next[l]++
		}
	}
	return codes
}

var (
	lengthBase  = []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = []uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = []int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = []uint{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// deflate encodes the pieces as one dynamic-Huffman block. Every pattern
// of a repeat piece must have the same length (one distance code).
func deflate(pieces []piece) []byte {
	dist := 0
	for _, p := range pieces {
		if p.pat != nil {
			if dist != 0 && dist != len(p.pat) {
				panic("deflate: patterns of different lengths")
			}
			dist = len(p.pat)
		}
	}
	dcode := 0
	if dist > 0 {
		for dcode+1 < len(distBase) && distBase[dcode+1] <= dist {
			dcode++
		}
	}
	// Literal/length code: 285 (a 258-byte match) gets one bit; the 285
	// other symbols share the other half: 227 of 9 bits, 58 of 10.
	ll := make([]int, 286)
	n9 := 0
	for s := range 285 {
		if n9 < 227 {
			ll[s] = 9
			n9++
		} else {
			ll[s] = 10
		}
	}
	ll[285] = 1
	// Distance code: the one used and a dummy, one bit each.
	dl := make([]int, 30)
	dl[dcode] = 1
	dl[(dcode+1)%30] = 1
	llc, dlc := canonical(ll), canonical(dl)

	var b bitWriter
	b.bits(1, 1) // final block
	b.bits(2, 2) // dynamic Huffman
	b.bits(286-257, 5)
	b.bits(30-1, 5)
	// Code length code: symbols 0, 1, 9 and 10, two bits each.
	order := []int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	b.bits(19-4, 4)
	cl := make([]int, 19)
	for _, s := range []int{0, 1, 9, 10} {
		cl[s] = 2
	}
	for _, s := range order {
		b.bits(uint64(cl[s]), 3)
	}
	clc := canonical(cl)
	for _, l := range append(append([]int{}, ll...), dl...) {
		b.code(clc[l], cl[l])
	}

	literal := func(c byte) { b.code(llc[c], ll[c]) }
	match := func(length int) {
		i := len(lengthBase) - 1
		for lengthBase[i] > length {
			i--
		}
		b.code(llc[257+i], ll[257+i])
		b.bits(uint64(length-lengthBase[i]), lengthExtra[i])
		b.code(dlc[dcode], dl[dcode])
		b.bits(uint64(dist-distBase[dcode]), distExtra[dcode])
	}
	for _, p := range pieces {
		if p.lit != nil {
			for _, c := range p.lit {
				literal(c)
			}
			continue
		}
		if p.n == 0 {
			continue
		}
		for _, c := range p.pat {
			literal(c)
		}
		left := (p.n - 1) * len(p.pat)
		pos := 0
		for left > 0 {
			switch {
			case left >= 258+3 || left == 258:
				match(258)
				left -= 258
				pos += 258
			case left >= 3:
				match(left)
				pos += left
				left = 0
			default:
				literal(p.pat[pos%len(p.pat)])
				pos++
				left--
			}
		}
	}
	b.code(llc[256], ll[256])
	return b.flush()
}

// genEntry is one zip entry to generate.
type genEntry struct {
	name    string
	pieces  []piece
	records int // for the manifest
}

// entryFacts are what a manifest and a zip header say about an entry.
type entryFacts struct {
	size   int64
	crc    uint32
	sha256 string
	data   []byte // deflated
}

func facts(pieces []piece) entryFacts {
	h, c := sha256.New(), crc32.NewIEEE()
	cw := &countWriter{}
	expand(io.MultiWriter(h, c, cw), pieces)
	return entryFacts{size: cw.n, crc: c.Sum32(), sha256: hex.EncodeToString(h.Sum(nil)), data: deflate(pieces)}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// genBundle builds a bundle of the entries with a manifest that tells the
// truth about them (names, sizes, sha256, record counts), unless edit
// changes it. Entries with the same pieces are deflated once.
func genBundle(t testing.TB, entries []genEntry, edit func(*Manifest)) []byte {
	t.Helper()
	man := Manifest{Format: Format, Version: FormatVersion}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	cache := map[*piece]entryFacts{}
	for _, e := range entries {
		f, ok := cache[&e.pieces[0]]
		if !ok {
			f = facts(e.pieces)
			cache[&e.pieces[0]] = f
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: f.crc,
			CompressedSize64: uint64(len(f.data)), UncompressedSize64: uint64(f.size)})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
		man.Entries = append(man.Entries, Entry{Name: e.name, Records: e.records, Size: f.size, SHA256: f.sha256})
		kind, _, _ := splitEntryName(e.name)
		switch kind {
		case "articles":
			man.Counts.Articles += e.records
		case "annotations":
			man.Counts.Annotations += e.records
		case "speakers":
			man.Counts.Speakers += e.records
		case "links":
			man.Counts.Links += e.records
		}
	}
	if edit != nil {
		edit(&man)
	}
	data, err := json.Marshal(man)
	if err != nil {
		t.Fatal(err)
	}
	w, err := zw.Create(ManifestName)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDeflateGenerator checks the generator against the standard
// decompressor, so the hostile tests test Read and not the generator.
func TestDeflateGenerator(t *testing.T) {
	for _, tc := range [][]piece{
		{lit("[{\"note\":\""), rep("a", 1000003), lit("\"}]")},
		{lit("x"), rep(`\u0001`, 7777), lit("y")},
		{rep("{\"id\":\"s\",\"name\":\"n\"},", 5000)},
		{lit("é"), rep("ab", 2), rep("cd", 1), lit("\xff\x00")},
	} {
		var want bytes.Buffer
		expand(&want, tc)
		data := genBundle(t, []genEntry{{name: "speakers/0001.json", pieces: tc}}, nil)
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		rc, err := zr.File[0].Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("inflating the generated entry: %v", err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("got %d bytes, want %d: the generator is wrong", len(got), want.Len())
		}
		if ratio := float64(want.Len()) / float64(zr.File[0].CompressedSize64); want.Len() > 1e6 && ratio < 900 {
			t.Errorf("got a ratio of %.0f, want about 1000", ratio)
		}
	}
}
