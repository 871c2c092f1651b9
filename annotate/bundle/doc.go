// Package bundle reads and writes .marginalia bundles, the files analysts
// exchange their work in: a zip archive holding a manifest and JSON entries
// with articles (with their text), annotations, speakers and links.
//
// Write produces a bundle from records already in memory. Read takes a
// bundle apart and verifies everything that needs no database before it
// returns a single record: the zip structure, entry names, entry count and
// sizes (enforced while decompressing, never trusting the zip headers),
// the manifest's format version, every entry's sha256, JSON nesting depth,
// every record's validity, every annotation's span and quote against its
// article's text, and the references between the bundle's own records.
// Whatever it refuses wraps ErrRefused. Read never writes a file and never
// runs anything it finds in a bundle.
//
// Resolving a bundle against a database (existing records, the same
// article under another ID, speakers known by another name) is the
// store's job; see store.Store.Merge. The file format is described in
// docs/bundle-format.md.
package bundle
