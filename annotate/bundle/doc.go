// Package bundle reads and writes .marginalia bundles, the files analysts
// exchange their work in: a zip archive holding a manifest and JSON entries
// with articles (with their text), annotations, speakers and links.
//
// Write produces a bundle from records already in memory. Read takes a
// bundle apart and verifies everything that needs no database before it
// returns a single record: the zip structure, entry names, entry count and
// sizes (enforced while decompressing, never trusting the zip headers),
// the manifest's format version, every entry's sha256, every record's
// shape, validity and UTF-8, every annotation's span and quote against
// its article's text, and the references between the bundle's own
// records. Whatever it refuses wraps ErrRefused. Read never writes a file
// and never runs anything it finds in a bundle.
//
// Read is bounded by what valid records can hold, not by what a file
// claims. It streams each entry through a decoder that knows the records'
// shape (decode.go, records.go): a string is refused as soon as it passes
// the limit of its field (annotate's: a note of a million characters, a
// 20 MB text), an unknown field at its name, nesting where it appears,
// and the records it keeps are charged to a budget of MemoryFloor plus
// MemoryPerByte bytes per byte of the file. encoding/json could do none
// of this before holding a whole entry, and turns invalid UTF-8 into
// U+FFFD where the format promises a refusal.
//
// Measured (hostile_test.go, one process per bundle, Go heap growth; the
// old Read is the code before this design):
//
//	bundle                                      size     old Read            Read
//	16 entries of one 127 MiB note             2.0 MB   3,894 MB  133 s      6 MB  7 ms
//	one 100 MB note                             95 KB     469 MB  1.8 s      3 MB  8 ms
//	127 MiB of '['                             126 KB     234 MB  0.4 s    0.1 MB  0 ms
//	127 MiB string in an unknown field         126 KB     469 MB  1.6 s    0.1 MB  0 ms
//	6 million tiny records                     315 KB   3,269 MB  9.7 s    0.1 MB  0 ms
//	127 MiB of white space                     126 KB     469 MB  accepted 0.1 MB  0 ms
//	20 MB article, 120 MB escaped, bad quote   179 KB     670 MB  2.6 s     24 MB  0.8 s
//	16 different 20 MB articles, bad quote     325 KB     763 MB  7.3 s     48 MB  95 ms
//	100,000 annotations, last quote damaged    9.2 MB     197 MB  2.8 s     65 MB  1.1 s
//
// (times on a loaded 2-core VM.) Reading a genuine 12.7 MB bundle of
// 100,000 annotations allocates 90 MB instead of 665 MB and takes about
// half the time of the old decoding and validation (BenchmarkRead100k).
// What a genuine bundle's records take, about 5 bytes per byte of file,
// sets MemoryPerByte at 16; a bundle whose fault comes after many valid
// records costs what reading those records costs, within that budget.
//
// Resolving a bundle against a database (existing records, the same
// article under another ID, speakers known by another name) is the
// store's job; see store.Store.Merge. The file format is described in
// docs/bundle-format.md.
package bundle
