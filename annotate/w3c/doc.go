// Package w3c exports annotations as a W3C Web Annotation
// AnnotationCollection in JSON-LD (https://www.w3.org/TR/annotation-model/),
// for tools that speak the standard, such as Hypothesis-style clients and
// annotation servers.
//
// Every annotation becomes a Web Annotation whose target is the article
// (its URL, or urn:uuid:<article id> when it has none) refined by both a
// TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector
// (start and end in Unicode code points, as Marginalia counts them). Its
// bodies are TextualBodies: the note (purpose "commenting"), each tag
// ("tagging"), the speaker's name ("identifying"), the kind
// ("classifying") and a claim's status ("assessing"). Its motivation
// follows the kind: claims are "assessing", quotes and evidence
// "highlighting", questions "questioning", notes "commenting".
//
// Every link becomes a linking annotation (motivation "linking") whose
// target is the link's From end and whose body is its To end, with the
// relation as a "classifying" TextualBody and the link's note as a
// "commenting" one. Annotation ends are named urn:uuid:<annotation id>,
// the id the annotation has in the collection.
//
// The output passes every "must" assertion of the W3C Web Annotation test
// suite; see the package tests.
package w3c
