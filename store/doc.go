// Package store keeps Marginalia's articles, annotations, speakers and
// links in one go.etcd.io/bbolt file.
//
// Every user action is one read-write transaction: it is in the file, or it
// is not. Records are JSON in one bucket per entity; article text lives in
// a bucket of its own so listing articles never loads texts; index buckets
// map an article, a speaker or a link end to the records that refer to it.
// Check verifies bbolt's own structure and every reference and index entry.
//
// Open fails within a few seconds with ErrInUse when another process holds
// the file, instead of hanging.
package store
