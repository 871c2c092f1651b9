// Package claimreview exports an analyst's verdicts as schema.org
// ClaimReview markup (JSON-LD), the form fact-checkers publish so that
// search engines, the Google Fact Check Tools API and fact-check
// aggregators can find them. (Google stopped showing the rich result in
// 2025; the aggregators and the API still read the markup.)
//
// Every claim whose verdict is not unverified becomes one ClaimReview:
//
//   - claimReviewed: the claim's quote, white space collapsed;
//   - reviewRating: a Rating whose alternateName and name are the verdict
//     ("False", "Misleading", "Disputed", "Supported") and whose
//     ratingValue is on the scale 1 (worstRating) to 5 (bestRating):
//     false 1, misleading 2, disputed 3, supported 5. Five points with
//     1 = false and 5 = true is the scale of Google's documentation and of
//     most fact-checkers' markup, so values compare across publishers; 4
//     ("mostly true") has no Marginalia verdict. Google asks publishers to
//     document the numeric scale: this is it;
//   - itemReviewed: a Claim whose author is the speaker the claim is
//     attributed to (a Person, with jobTitle and affiliation), else the
//     article's byline, else its publication (an Organization); whose
//     datePublished is the article's date; and whose appearance is the
//     article (a NewsArticle with url, headline, date, author, publisher);
//   - author: the fact-checking organisation, from Options (the command
//     line's --org NAME --org-url URL, or a preference);
//   - datePublished: Options.Published, the export date by default;
//   - url: required by Google and on the publisher's own domain, so it is
//     derived: the page the reviews go on (Options.BaseURL, else the
//     organisation's URL) with the fragment #claim-<annotation id>;
//   - reviewBody: the analyst's note, when there is one.
//
// The output is a JSON array of standalone objects, each with its
// @context, escaped for pasting into a <script type="application/ld+json">
// element. testdata/claimreview-profile.schema.json is a JSON Schema
// (draft 2020-12) of this profile, written from schema.org and Google's
// documented required and recommended properties; the tests validate
// every export against it and show it refuses what breaks the profile.
package claimreview
