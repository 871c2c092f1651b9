// Package searchindex keeps Marginalia's search index (package
// annotate/search) in a bbolt bucket of the store's database, so that it
// is written in the same transaction as the records it indexes and is
// never stale after a crash. It is the one place where search meets
// bbolt: annotate/search defines the small Storage interface it reads
// and writes through, and Bucket implements it over a *bbolt.Bucket.
package searchindex
