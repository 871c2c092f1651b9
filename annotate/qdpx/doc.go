// Package qdpx writes and reads REFI-QDA projects (.qdpx), the exchange
// standard of NVivo, ATLAS.ti, MAXQDA and QualCoder, so that an analyst's
// highlights can be coded further in a QDA tool and a QDA project's coded
// texts can be read into Marginalia.
//
// # Export
//
// A .qdpx is a zip of project.qde (XML, valid against the REFI-QDA 1.0
// schema, Project-mrt2019.xsd; the tests run xmllint on every export) and
// each article's text as sources/GUID.txt, UTF-8 without a byte-order
// mark, with "\n" line endings: exactly the article's text, so a
// selection's startPosition and endPosition are Marginalia's own rune
// offsets (code points). The project holds, in the order the schema
// demands:
//
//   - Users: every analyst named as a creator;
//   - CodeBook: a group "Highlight kinds" with one code per kind, in the
//     kind's highlight colour (annotate.KindSpec); a group "Verdicts" with
//     one code per verdict; a group "Tags" with a code per tag, a tag
//     written parent/child becoming nested codes. Groups are not codable;
//   - Variables: URL, Publication, Byline, Published for articles; Role,
//     Affiliation, Aliases for speakers;
//   - Cases: the speakers (see below);
//   - Sources: a TextSource per article (its title as name), each
//     annotation a PlainTextSelection named by the start of its quote,
//     coded with its kind, its verdict and its tags, its note referred to
//     by a NoteRef; the article's tags code the whole source and its
//     fields are variable values. An empty library writes no Sources, as
//     an empty <Sources/> is invalid;
//   - Notes: the notes of articles, annotations and links;
//   - Links: links between articles and annotations (source and selection
//     GUIDs), named by their relation; symmetric relations are
//     Associative, follow-up, supports and source-of OneWay. Links to
//     records outside the export are left out.
//
// Characters XML 1.0 cannot carry (control characters other than tab and
// line breaks, in a note say) are written as U+FFFD; line breaks in
// attributes are written as character references so they survive.
//
// GUIDs are record IDs where those are UUIDs (Marginalia's are) and
// otherwise UUIDv5 names in a fixed namespace, as are the GUIDs of codes,
// users, codings and notes: the same library always exports the same
// bytes, and an import recognises Marginalia's own kind and verdict codes
// by GUID even after another tool renamed them.
//
// Speakers are Cases, not codes. A case is REFI-QDA's unit of analysis,
// a person or organisation with attributes (NVivo's case
// classifications): a speaker's role, affiliation and aliases travel as
// its variable values, and the passages attributed to it as SelectionRefs
// (with SourceRefs to the articles it speaks in, for tools that only read
// those). As codes they would mix people into the code book's themes,
// inflate every code count, and lose the attributes. The cost: a tool that
// ignores cases (some import only SourceRefs) drops attribution, which an
// analyst can still read from the selection.
//
// # Import
//
// Read turns a project into records to merge: a TextSource with plain
// text (internal://…, or PlainTextContent) becomes an article, its
// selections annotations. Codes become tags, named by their path
// ("Economy/Wages"); ReadOptions.Kinds maps code names or paths to kinds
// (default evidence), Marginalia's own kind, verdict and tag codes are
// recognised by GUID, so an export reads back as it was. A selection's
// Description and notes become its note; the first Case naming a
// selection becomes its speaker (cases that name no selection, such as one
// per interview, are not speakers); links between imported sources and
// selections become links. A PDF source with a text Representation (the
// PDF's text, which the standard lets a tool export beside it) is read through it: its
// PlainTextSelections become annotations, its areas (PDFSelections) are
// reported. Sources without plain text (a docx or PDF without text,
// pictures, audio, video) and selections that do not fit their text
// are listed in Result.Skipped, never stored wrong. The project's GUIDs
// become the record IDs, so importing it twice merges to no change.
//
// Texts are read as UTF-8, or as UTF-16 when they start with its
// byte-order mark (Windows tools may write them so). A plainTextPath
// that is relative ("relative://a.txt", under a basePath on the
// exporting machine, or a bare "sources/a.txt") is read from the zip when
// the zip carries the file under sources/; an internal:// name whose file
// differs only in case ("GUID.TXT") finds it. Absolute paths are never
// followed.
//
// Texts are normalised as annotate.NormalizeText does, with a map of
// every position (normalizeMapped); a selection whose end falls inside a
// character the normalisation joins (CR and LF, a composed accent) does
// not fit.
//
// # Counting positions
//
// REFI-QDA leaves the unit of positions open, and tools differ on texts
// with CR LF line breaks: ATLAS.ti counts a line break as one character,
// MAXQDA as two; .NET tools may count UTF-16 code units. Read tries every
// counting that makes a difference for a source's text and scores each by
// the evidence its selections give: a selection's name that quotes the
// text it covers (ATLAS.ti names quotations so) outweighs everything; ends
// on word boundaries count one each. The best counting is kept only if it
// leads every counting that places a selection elsewhere by minMargin (3:
// more than one selection's worth of boundaries) and, without names, at
// least half of those selections' ends fall on word boundaries; otherwise
// those selections are reported, not guessed. A selection whose name
// quotes text found elsewhere in the source is reported too. A byte-order
// mark is dropped and never counted. Result.Notes says how each CR LF
// source was counted.
//
// Measured by TestCountingNeverMisplaces on generated sources (CR LF
// lines of news words, a quarter of the selections cutting words, counted
// each tool's way), with minMargin and minAligned chosen on seeds 0-199
// and a held-out half (seeds 600-799) run once after the choice:
//
//	selections per source, named?   1-5 named   10-20 named   1-5 unnamed   10-20 unnamed
//	CR LF as one (ATLAS.ti)          100% / 0     100% / 0     75.8% / 0      99.2% / 0
//	CR LF as two (MAXQDA, QualCoder) 99.8% / 0     100% / 0     77.1% / 0      99.2% / 0
//	UTF-16 (.NET)                    98.7% / 0     100% / 0     55.6% / 0      99.8% / 0
//
// (placed / misplaced, of 408 to 2,296 selections per cell). An earlier
// rule, minMargin 2, misplaced two lone unnamed selections that cut words
// on seeds 400-599; with a byte-order-mark counting, eight on seeds
// 0-199. Unplaced selections are reported with the reason.
//
// # Refused
//
// Read refuses, with an error wrapping ErrRefused and before making a
// record: a file that is not a zip; an entry name that is absolute, has a
// drive letter or a backslash, or climbs out with ".."; duplicate entries;
// no project.qde (at the top, or in the one folder of a project unzipped
// and zipped again as a folder); an entry expanding past the limits (counted while
// decompressing, never trusting the zip headers); a source path leaving
// sources/; a project.qde with a DOCTYPE (entity expansion, "billion
// laughs", and external entities start there: Go's decoder expands
// neither, but refusing the declaration says why), in another encoding
// than UTF-8 or UTF-16 (with its byte-order mark, or declared UTF-16 but
// written in UTF-8, as .NET tools may), not well-formed, with more elements or deeper nesting than
// the limits, or not following the schema's structure. That check is the
// XSD's content models transcribed (schema.go): which elements each
// element holds, in what order and number, required attributes and the
// lexical forms of GUIDs, integers, booleans, dates, colours and
// enumerations. TestStructureAgreesWithXmllint runs it and xmllint on 29
// documents, valid and broken in each way it knows, and they agree but
// in one leniency: an empty list (<Codes/>, <Users/>, <Notes/>, <CodeBook/>
// …), which the schema forbids but tools write for a project with no
// codes yet, is accepted, as it holds nothing to misread. A UTF-8
// byte-order mark before the XML declaration (.NET tools, NVivo among
// them, write one) is dropped.
//
// # Performance
//
// BenchmarkExport writes 1,000 articles with 100,000 annotations (the
// target is 3 s). project.qde is built by appending to byte slices
// (encoding/xml's reflection costs several times more) and deflated at
// best speed (the default level doubles the time for a few percent);
// one compressor serves every entry (a new one per article allocated a
// megabyte each: 1.4 GB per export, now 100 MB); GUIDs are derived
// without allocating (1.8 million allocations, now 0.7); kind and tag
// codings carry no dates of their own, a third less to write. Measured
// on the shared 2-core machine at a load average of 10 to 18, with CPU
// time beside wall time:
//
//	                     wall        CPU          file
//	qdpx (this package)  2.4-3.7 s   1.07-1.30 s  14.2 MB
//	bundle (baseline)    1.6-3.1 s   0.69-1.11 s   6.5 MB (JSON, deflated on all cores)
//
// Deflating project.qde on all cores, pigz-style (chunks deflated apart
// and joined by sync flushes), was tried and dropped: compressing alone
// took 0.60-0.74 CPU-s against 0.59 serial, and no wall time was saved
// with the cores busy. BenchmarkImport reads the same project back in
// about 5 CPU-s, mostly encoding/xml.
package qdpx
