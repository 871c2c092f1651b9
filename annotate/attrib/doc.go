// Package attrib finds who said what in a news article: Detect lists the
// people quoted in it, and Suggest proposes the speaker of a claim or
// quotation an analyst selected, so that attributing it takes one
// keystroke. Analyze does the work once for many questions about one text.
//
// # Approach
//
// The package is a small set of hand-written rules for English news
// style, run in one linear pass per stage over the article's runes; it
// needs no model and no data files. Offsets are rune offsets into
// normalised text, as everywhere in Marginalia (see annotate.Span). The
// rules would rather give a passage to no one than to the wrong person:
// a wrong name costs the analyst more than a blank one.
//
//  1. Tokens and quotations (tokens.go). Words keep internal apostrophes,
//     hyphens and abbreviation stops ("Kim’s", "state-run", "Dr.",
//     "U.S.", "No. 9"). Curly, straight and angle double quotation marks
//     are paired within a paragraph; single marks count outside double
//     ones. A paragraph that ends inside a quotation continues it when the
//     next paragraph opens with a quotation mark.
//  2. Sentences end at . ! ? outside quotations, so “A. B,” she said is
//     one sentence. Single-line paragraphs without a final stop and in
//     title case are headlines, captions or bylines: their names count as
//     mentions but never start an attribution; names after "By" are
//     authors.
//  3. Names (names.go) are runs of capitalised words, with particles ("von
//     der Leyen", "da Silva"), without titles, offices and professions
//     written before them ("Dr.", "Councilmember", "Tan Sri", "Forecaster
//     Jean-Luc Moreau", "Defence Minister"), and extended over post-nominal
//     letters ("Hugh Sinclair KC") and a short parenthesis ("Takeshi Mori
//     (森武)"), whose native script becomes an alias. A run with an
//     organisation word ("Agency", "Therapeutics", "Elementary"), a place
//     ("North Korea", "… Avenue"), an acronym, or "the" before it is not a
//     person; words that are also family names ("Hall", "Park", "Street")
//     count only last, and not when the text shows a person ("Stuart
//     Hall, a historian"; "Park Min-soo" is a person).
//  4. Cues (cues.go, subjects.go) are speech verbs (say, tell, warn,
//     argue, shout, plead …; hope, fear, find, rule … before "that";
//     laugh, smile right after a quotation) with their subject, and
//     "according to" with its source. The subject is found before the
//     verb ("Kim said"), across appositives, ages and relative clauses
//     ("Dale Pruitt, who owns a dealership in Dayton, Ohio, said"; "Kathleen
//     Brennan, chief economist at the Auto Industry Forum, a research
//     group, said": the relative clause's antecedent, the name an
//     appositive describes), after it when the verb follows a quotation
//     (“…,” said Hwang Ildo), as the name given after a role ("The city’s
//     transportation director, Maria Okafor, said"; "who gave only his
//     first name, Manolo, said"), or, for a participle ("…, warning
//     that"; "wrote a concurrence stressing that"), from the clause
//     before. Common noun phrases are unnamed people ("a senior official",
//     "an endocrinologist") or organisations ("the ministry"); "X, which
//     …, said" is an organisation.
//  5. People (people.go). A name is a person's only when the text shows it:
//     a title, a role before or after it, an age, "who", a copula role
//     ("was named head coach"), the “…,” said X order, a short form (a
//     surname, or a family name written first, "Xie said" after "Xie
//     Lanping"), or "he"/"she" as the next subject. A company named like a
//     person ("Goldman Sachs said", "Goldman said") shows none of these and
//     is given no passage. Organisations are also known by the text's own
//     evidence: "X said it would …", "X’s chief financial officer", "X’s
//     shares", "an analyst at X", an affiliation, the first words of an
//     organisation's name ("Rosa Parks" of "Rosa Parks Elementary"). One
//     word is a person only with a title, a role or an age and a cue ("Dr.
//     Osei", "Ahmed, 24, said").
//  6. Roles (roles.go) come from an appositive, a role before the name or
//     between commas, a title, a copula, or a headline, and keep their
//     organisation ("senior analyst" at "Korea Institute for National
//     Unification"; "Morgan Stanley economist Jane Doe"; "UNHCR’s regional
//     director"). A role stops at a place, a time, a clause or a
//     participle ("a rice farmer in Phong Điền district", "a software
//     engineer travelling home"); a country or a common noun that owns the
//     role is dropped ("Norway’s climate envoy", "the company's general
//     manager").
//  7. Mentions (mentions.go) are resolved in text order. A surname, first
//     or family name refers to the person of that name mentioned most
//     recently; a short form before any full mention refers to no one
//     ("Ford said …" before "Pruitt Ford"). A pronoun refers to the latest
//     subject of its sentence or the one before that fits its number and
//     gender (learnt from titles and from "he"/"she", never from "his"),
//     else to the latest entity that fits; unnamed people are entities, so
//     "A senior official said … He added …" stays anonymous. A definite
//     description refers back: a title to its holder or to the latest
//     person who may hold it ("the judge" to "Mr Justice Hartwell", not to
//     an analyst), a description to the latest subject ("the striker",
//     "the Spaniard", "the 23-year-old"), and a role not yet given to
//     anyone to the person introduced with it in the next paragraph ("…,
//     its owner said. The restaurant's owner, Chiara Bellini, …").
//  8. Interviews (qa.go). Paragraphs opening with labels ("Q." and "A.",
//     "WORLD DESK:" and "DIALLO:", a moderator and several speakers), or
//     questions labelled and answers not, or at least three unlabelled
//     paragraphs that only ask "you" something after an introduction that
//     says it is an interview, are a question-and-answer layout: answers
//     are the speaker their label names, or the person the introduction
//     mentions most; questions are no one's; someone else's speech verb
//     inside an answer keeps the clause it governs.
//  9. A quotation takes the nearest cue of its sentence; without one, the
//     speaker of the quotation it continues, a sentence before it ending
//     in a colon, the previous quotation or cue of its paragraph, the next
//     sentence, or the last quotation of the previous paragraph. Any other
//     passage takes the nearest cue of its sentence; "according to" an
//     unnamed source after the span yields to a speaker before it, and a
//     cue inside the selection (its own words) to one outside it.
//
// Detect lists the people with at least one cue, quotation or answer,
// most mentioned first. Mentions count full names, short forms and
// resolved pronouns.
//
// # Measured
//
// On the evaluation set of issue 19 (testdata/eval, 46 articles written
// apart from the rules, split into halves before any tuning; README.md
// there), before and after the work of that issue:
//
//	                         dev half (tuned on)      held-out half
//	                         before      after        before      after
//	detection precision      0.86        1.00 (90/90) 0.87        0.99 (83/84)
//	detection recall         0.87        0.99 (90/91) 0.92        0.98 (83/85)
//	attribution              0.76        1.00         0.78        0.91
//	  right / wrong / none   209/16/51   275/0/1      –/12/–      248/3/21 of 272
//	unnamed given a name     6 of 68     0 of 68      8 of 62     0 of 62
//	role, affiliation agree  0.80, 0.92  1.00, 1.00   –           0.86, 0.90
//	native-script aliases    0 of 2      2 of 2       –           7 of 7
//
// The rules were written against the dev half and the older test sets
// only; the held-out figures were looked at three times, totals only (see
// the report of issue 19). The targets of issue 19 on the held-out half
// (detection precision and recall at least 0.9, attribution at least 0.9,
// no anonymous source or organisation named) are reached, narrowly for
// attribution, and TestEval asserts them. On the older test sets
// (attrib_test.go) Suggest is right on 177 of 177 named passages (176
// before) and names none of 68 unnamed ones, and Detect finds 59 of 59
// people with no one extra.
//
// Detection and suggestion of every paragraph of a 10,000-word article
// take 6.6–7.3 ms on the fastest runs of BenchmarkDetectSuggest10k
// (5.5–7.2 ms before issue 19; budget 20 ms); on the shared build
// machine, at a load of 7 to 15 on 2 cores, the mean was 10–20 ms before
// and after alike.
//
// # Limits
//
// The rules are tuned to English newswire prose. Known failure cases:
//
//   - A person the text never shows to be one (no title, role, age, "who",
//     short form or "he"/"she"; "Maria Santos said the union would win")
//     is given no passage, the price of not naming companies ("Goldman
//     Sachs said"). Conversely a company quoted in the “…,” said X order,
//     or given a role noun, may be taken for a person.
//   - A definite description that is neither a title nor in the lists
//     ("the father of two said") does not refer back; one that is may
//     refer to the wrong person when several were just named.
//   - Pronouns are resolved by salience, recency, number and gender only;
//     given names carry no gender.
//   - Names in scripts without letter case are found only in parentheses
//     after a name written in Latin letters.
//   - Reported speech without a speech verb ("In Kim’s view, …", "For
//     Ferreira, the strike is …") is missed; a noun that looks like a verb
//     ("the claims") is ignored unless a person is its subject.
//   - Several speakers sharing one verb ("Kim and Trump said") are
//     attributed to the last one.
//   - An opinion writer's own words are never attributed, not even what
//     she reports saying ("When I told the class that …").
//   - Interviews whose answers and questions carry no label and no
//     question mark, or whose introduction does not say it is an
//     interview, are read as ordinary prose.
package attrib
