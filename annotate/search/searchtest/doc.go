// Package searchtest generates the relevance and benchmark archives for
// package search and its storage back ends: a team archive of articles,
// annotations and speakers recombined deterministically from the
// sentences of real articles in the repository, with hand-written target
// records (targets.go) and the queries that must find them
// (testdata/queries-dev.tsv and the held-out testdata/queries-heldout.tsv).
//
// It is imported by tests only.
package searchtest
