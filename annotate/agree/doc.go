// Package agree measures how a team's analysts agree: which annotations
// of different analysts are about the same passage (units), where they
// disagree on it (kind, verdict, speaker), Krippendorff's unitizing alpha
// on what they highlight, and Cohen's and Fleiss' kappa on the verdicts
// they give to claims. It is pure computation over annotate values: the
// caller loads the annotations and article lengths, and stores nothing
// this package returns except, if it wants, a unit's Key and Version.
//
// # Units and disagreements
//
// Units links two annotations when they are on the same article, by
// different creators, and share at least one character; a unit is a
// connected group of such links. Annotations of one creator are never
// linked to each other directly, so a creator's own overlapping claim and
// quote do not make a unit; they join one only through another creator.
// Annotations without a creator are left out: nobody can agree with an
// unknown author.
//
// Chains are followed: if A's claim overlaps B's, and B's overlaps A's
// next claim, all three are one unit. The alternatives were worse for
// this use. Pairing each annotation with its best-overlapping partner
// depends on the order records are visited, so two databases that merged
// the same bundles in different orders could report different units;
// cutting chains (maximal groups sharing one point) puts one annotation
// in several units. Connected groups are order-free (Key and Version are
// content hashes, the same in every database), and they are exactly what
// a click in the reader needs: every annotation overlapping the clicked
// one, transitively, so none is hidden. The cost is that one long
// highlight (a note over a whole paragraph) gathers everything under it
// into one unit; Positions then show each creator's view, and Differs
// compares positions, not individual pairs.
//
// A unit is a disagreement when two creators' positions differ: in the
// set of kinds they used; in the set of verdicts of their claims, when
// both marked a claim (an unset verdict counts as unverified); or in the
// set of speakers named, when both named one. Comparing sets, not pairs
// of members, keeps the common case quiet: both analysts marking a quote
// and a claim inside it agree, although A's quote overlaps B's claim.
//
// The sweep that finds units sorts each article's annotations by start
// and keeps, per creator, the annotations still open; a newcomer is
// linked (union-find) to the open ones of other creators, which are then
// reduced to the one ending last. It is checked against the pairwise
// oracle on random libraries.
//
// # Unitizing alpha
//
// Krippendorff's u-alpha (1995; 2004, "Measuring the reliability of
// qualitative text analysis data") compares how m raters cut a continuum
// of length L into units of categories (here: an article's code points,
// annotation kinds). It is computed per category c, each rater's track
// seen as units of c and gaps (everything else); then alpha_c = 1 -
// D_o/D_e.
//
// Observed disagreement sums a distance over every pair of pieces of two
// raters' tracks that share a position:
//
//	D_o = 2 / (m(m-1) L²) · Σ_{raters i<j} Σ_{pieces g of i, h of j, overlapping} δ(g, h)
//	δ(g, h) = (b_g - b_h)² + (e_g - e_h)²   both units
//	        = l_g²                          g a unit wholly inside gap h (and vice versa)
//	        = 0                             otherwise
//
// Expected disagreement places every unit against every other unit and
// inside every gap that can hold it, as if raters cut at random:
//
//	D_e = 2/L · Σ_{units g} [ (N-1)·l(l-1)(2l-1)/3 + l² · Σ_{gaps h, l_h ≥ l} (l_h - l + 1) ]
//	      / ( mL(mL-1) - Σ_{units g} l(l-1) )
//
// with N the number of units of c over all raters and l = l_g. The
// overall alpha is 1 - mean(D_o)/mean(D_e) over the categories that have
// units, as DKPro Statistics (KrippendorffAlphaUnitizingAgreement, used
// by INCEpTION) does; the formulas above are theirs, read and
// reimplemented, not copied. The inner gap sum is a binary search over
// sorted gap lengths with suffix sums, O(N log N), where DKPro walks all
// gaps for each unit, O(N²).
//
// Tests reproduce Krippendorff (2004)'s worked example exactly (c: D_o
// 0.0144, D_e 0.0532, alpha 0.7286; k: D_e 0.0490, alpha 1; overall
// 0.8587, which the paper prints as 0.8591 because it divides the rounded
// D values) and Krippendorff (1995)'s figure (D_o of all four cases to
// five places; D_e and alpha to the paper's two places when positions are
// made fine, as the paper's continuous formula assumes).
//
// # A library is many continua
//
// A report pools many articles, each read by its own subset of the
// chosen creators (those with at least one annotation there: a creator
// who annotated an article is taken to have read all of it, and to have
// found nothing where they marked nothing). Articles are laid end to end
// as sections of one continuum, with gaps that stop at each article's
// end, and the two normalisers generalise to sections with m_s raters:
//
//	m(m-1)L²  →  L · Σ_s m_s(m_s-1) L_s     (pairs of rater positions)
//	mL        →  Σ_s m_s L_s                (rater positions)
//
// With the same raters everywhere this is exactly one continuum (a test
// checks it), and with one article it is exactly DKPro. A rater's
// overlapping units of one category are merged into their union first
// (DKPro requires them not to overlap; INCEpTION drops the later one;
// the union keeps what the analyst marked). Units that only touch stay
// two units.
//
// # Kappa on verdicts
//
// Verdicts are compared on matched claims: claims are grouped as units
// are (claims only, so a quote does not chain two claims together), and
// in each group a creator with exactly one claim contributes its verdict;
// a creator with two or more makes the group ambiguous for them (counted
// in Verdicts.Ambiguous, left out of the kappa). A group with two or more
// verdicts is an item. Two creators give Cohen's kappa (1960); more give
// Fleiss' kappa (1971), generalised to items rated by any number of
// creators from two up (each item's agreement over its own pairs, the
// category proportions over all ratings; with a constant number of raters
// it is Fleiss' exactly). Tests reproduce Cohen 1960 (both examples),
// Fleiss 1971 (0.430), Wikipedia's examples (Cohen 0.4; Fleiss 0.210) and
// R's irr on a four-rater table.
//
// # Defined cases, never NaN
//
// Every figure carries the number of units or items it rests on, a
// Defined flag and, when not defined, a Note (its String method prints
// "n/a (note)"). No value is NaN or infinite:
//
//   - u-alpha of a category without units is not defined ("no units");
//     a pair or article without shared text, "no shared article".
//   - D_e = 0 with units present happens only when every rater's track
//     is all units of length 1, which makes the tracks identical: alpha 1
//     (DKPro's rule for D_o = D_e = 0 with information).
//   - kappa with no items is not defined; with every rating in one
//     category P_e = 1 and kappa is 0/0 (DKPro throws): not defined,
//     with P_o and P_e still reported.
//   - fewer than two creators, or no article two of them annotated, is
//     ErrTooFewCreators or ErrNoSharedArticle from Compute, with a
//     message naming what was found.
//
// # Measured
//
// On a synthetic library of 1,000 articles (4,000-16,000 characters), 3
// creators and 100,000 annotations (bench_test.go, BenchmarkReport100k),
// on the 2-core machine shared with other sessions: Compute, the whole
// report (pooled, 3 pairs, 1,000 articles), took 220 ms with the machine
// quiet and 290-600 ms at a load average of 8 (target: 1 s). The naive
// version of only its costly parts (claims grouped by comparing all
// pairs, D_e walking all gaps) took 11.4 s quiet and 25 s loaded, 50-85
// times slower in the same runs. Units over the whole library took
// 170 ms quiet (450-760 ms loaded), so a merge can run it over the
// articles it touched without notice.
package agree
