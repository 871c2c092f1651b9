// Package search finds past work by a half-remembered word: an in-memory
// index over annotations (quote, note, tags, speaker name and aliases,
// kind, status, creator), articles (title, source, byline, note, tags) and
// speakers (name, aliases, role, affiliation), fast enough to answer on
// every keystroke in a team archive of 100,000 annotations.
//
// # Matching
//
// The query's free text and every value are folded as annotate.Fold folds
// them (case, accents, white space), and the folded text is matched
// against each folded value with github.com/sahilm/fuzzy's subsequence
// scoring, exactly: a record's result is its best-scoring value (the
// earlier value on a tie), records come best first and, on equal scores,
// in order of ID. Search's top k is therefore fuzzy.Find's answer over the
// same folded strings (records in ID order, values in Doc order), each
// record counted once, cut to k; the tests check this against the real
// fuzzy.Find on random archives. Matches are reported as rune ranges into
// the original, unfolded value.
//
// Filters (see ParseQuery) narrow the records: kind, status and creator
// keep annotations, speaker keeps annotations and speakers whose name or
// alias contains the value, tag keeps annotations and articles, in: keeps
// note or quote values or article or speaker records. With no text,
// Search lists the records that pass, newest first.
//
// # Design
//
// Put folds each value once. Distinct folded values are entries, shared
// by every record value with that text (tags, names, kinds and statuses
// repeat thousands of times); an entry lists its record values. Entries
// live in buckets by length, and a bucket keeps, in arrays in scan order,
// each string's character-class mask, flags, first character, and its set
// of character-class bigrams bit-sliced: one column of bits per bigram.
// Put and Delete update all of this in place (swap-remove, no rebuild).
//
// Search splits the buckets, shortest strings first, into chunks that
// one worker per CPU takes in turn, checking the context between chunks.
// The workers share one top-k list under a mutex and, through an atomic,
// its floor: the k-th best score once there are k. A string is scored only
// if it passes, in order:
//
//  1. the mask: it has a character of every class in the pattern;
//  2. the record filters (a bit set of passing records, built per query
//     from the few distinct label values, not from every record);
//  3. score bounds derived from fuzzy's rules (see score.go): the score
//     is a sum of per-character bonuses (at most 20, or an adjacency bonus
//     5, 15, 45, ... that needs the pattern's bigram in the string) minus
//     the string's length. Whole buckets too long to reach the floor end
//     the scan; 64 strings at a time are dropped when they lack enough of
//     the pattern's bigrams; then a per-string bound reads the bigram
//     columns of the pattern only;
//  4. for an ASCII string, a vectorised subsequence check.
//
// Survivors are scored by a re-implementation of fuzzy's algorithm that
// allocates nothing and skips characters that are neither the current nor
// the next pattern character. Short strings fill the top k first, so the
// floor rises early and the long quotes and notes are mostly never read.
// Only the final k results go through fuzzy.Find itself, for the matched
// characters.
//
// # Measured
//
// On the 2-core benchmark machine (AMD EPYC, GOMAXPROCS 2, shared with
// other work, so figures vary by about 2x from run to run), for a
// generated archive of 100,000 annotations (quotes of about 120
// characters, notes of about 80), 2,000 articles, 400 speakers and 300
// tags, 701,218 folded strings in all, top 50, no filters
// (BenchmarkSearch100k, with fuzzy.Find over the same strings beside it):
//
//	pattern    index      fuzzy.Find   speed-up
//	nuc        0.12 ms      305 ms      2640x
//	sanct      0.09 ms      322 ms      3474x
//	minstr     1.8-4.8 ms   350 ms      74-190x
//	ukrain     0.10 ms      254 ms      2639x
//	ceasefir   0.11 ms      280 ms      2543x
//	median     0.11 ms      305 ms      2770x
//
// minstr is the hard case: no short value matches it well, so thousands
// of quotes and notes must be scored. Building the index takes about
// 0.7 s (BenchmarkBuild100k), an edit about 5 µs (BenchmarkEdit100k);
// it holds 89 MB beside the records it was given, 118 MB counting the
// original texts it keeps for results (TestIndexMemory100k).
//
// # Limits
//
// Patterns longer than 36 characters are scanned without score bounds
// (the adjacency bonus grows as 3^n and fuzzy's own int arithmetic
// overflows near 40); patterns that repeat a letter ("eeeee") or match
// nothing short make the bounds weak and cost up to tens of milliseconds
// on 100,000 annotations. Highlights for text whose folding does not
// decompose character by character (rare compositions) are spread evenly
// instead of exact. The index is in memory only; build it from the store
// at start-up and Put every change.
package search
