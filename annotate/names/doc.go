// Package names finds speakers who may be one person under two records,
// so that a merge can offer them for `speaker merge`. It never merges:
// the same name can belong to two people, and only an analyst can tell.
//
// It is its own package, not part of agree, because it is about names,
// not agreement: the merge report, the speaker dialog and attribution can
// use it without the statistics, and its rules (and their limits) are in
// one place.
//
// # Rules
//
// Every name and alias of every speaker is compared with those of every
// other speaker. Two are near duplicates when, from the closest to the
// loosest:
//
//   - they are the same as written (spaces collapsed): ReasonSameName;
//   - they differ only in case or accents ("José ÁLVAREZ", "Jose
//     Alvarez"): ReasonCase;
//   - they differ only in hyphens, spaces, dots, commas or apostrophes
//     ("Kim Jong-un", "Kim Jong Un", "Kim Jongun"; "Sam O’Brien", "Sam
//     OBrien"; "김정은", "김 정은"): ReasonSpacing;
//   - their words are the same in another order, one rotated against the
//     other as family-name-first and given-name-first writing do ("Kim
//     Jong Un", "Jong Un Kim"; "Xi Jinping", "Jinping Xi"), or one is
//     written "Family, Given" ("Natarajan, Priya"; "von der Leyen,
//     Ursula"): ReasonOrder;
//   - they have the same number of words and agree word by word, in some
//     rotation, where an initial ("P.", "J.R.", "J.-U.") agrees
//     with any word it begins, at least one full word (the family name)
//     is shared and at least one initial stands for a full word ("P.
//     Natarajan", "Priya Natarajan"; "U. von der Leyen"): ReasonInitials.
//
// A pair found through an alias of either speaker is reported as
// ReasonAlias, its Detail saying which alias and how it matched. Each
// pair of speakers is reported once, with its closest match; on a tie a
// match of names beats one through aliases.
//
// A shared family name alone never matches: "John Smith" and "Jane
// Smith", "Kim Jong Un" and "Kim Yo Jong" or "Kim Jong Il", "Smith" and
// "John Smith" are different people as far as this package knows. "J.
// Smith" matches both "John Smith" and "Jane Smith", since the initial
// agrees with both; the analyst decides. Generational suffixes after a
// comma ("King, Jr.") do not make a name family-first, and "John Smith
// Jr." is not "John Smith".
//
// # Limits
//
// Word order cannot tell a reversed name from another person's: "Wang
// Li" and "Li Wang" match, though in Chinese they may be two people.
// Initials need the same number of words ("J. Smith" is not "John Robert
// Smith") and a dropped particle is a different name ("M. Silva" is not
// "Marina da Silva"). Transliterations ("Kim Jong-eun"), scripts
// ("習近平", "Xi Jinping"), nicknames and titles are not related unless
// an alias says so.
//
// # Cost
//
// Candidates come from buckets, not all pairs: every rotation of a name's
// words, joined without separators, is a key (it covers the first four
// rules), and names with initials look up the speakers sharing their
// rarest full word. On 5,000 speakers (bench_test.go) NearDuplicates
// takes 55-100 ms on the shared 2-core machine; comparing every pair of
// names takes 1.7 s.
package names
