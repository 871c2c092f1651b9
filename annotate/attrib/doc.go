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
// normalised text, as everywhere in Marginalia (see annotate.Span).
//
//  1. Tokens and quotations. Words keep internal apostrophes, hyphens
//     and abbreviation stops ("Kim’s", "state-run", "Dr.", "U.S.").
//     Curly, straight and angle double quotation marks are paired within
//     a paragraph; single marks count outside double ones. A paragraph
//     that ends inside a quotation continues it when the next paragraph
//     opens with a quotation mark, as newspapers print long quotes.
//  2. Sentences end at . ! ? outside quotations, so “A. B,” she said is
//     one sentence. Single-line paragraphs without a final stop and in
//     title case are headlines, captions or bylines: their names count as
//     mentions but never start an attribution; names after "By" are
//     authors.
//  3. Names are runs of capitalised words, with particles ("von der
//     Leyen", "bin Salman") and without titles ("Dr.", "Mayor", "Defence
//     Minister", "Saudi Crown Prince"). A run with an organisation word
//     ("Agency", "Institute", "Ministry"), a place ("North Korea", "United
//     States", a country), an acronym ("KCNA"), or "the" before it ("the
//     Pentagon") is not a person.
//  4. Cues are speech verbs (say, tell, note, warn, argue, add, write,
//     accuse, deny …) with their subject, and "according to" with its
//     source. The subject is found before the verb ("Kim said"), across
//     appositives and relative clauses ("Hong Min, a senior analyst at …,
//     noted"; "a council staffer who was present said"), after it when
//     the verb follows a quotation (“…,” said Hwang Ildo), or, for a
//     participle ("…, warning that") or second verb, from the clause
//     before. A role may come before the name ("said councillor Ana
//     Peña", "His barrister, Sam O'Brien, argued") and an organisation
//     after it ("Professor Selin Kaya of Istanbul Technical University
//     warned"). Subjects are names, pronouns, or common noun phrases; the
//     latter are unnamed people ("a senior official", "officials",
//     "people familiar with the talks") or organisations ("the ministry",
//     "state-run media") and never give a speaker, except a possessor
//     ("Kim’s comments denounced …") or a definite title that refers back
//     ("the Commission president said").
//  5. People are the full names that are the subject of a cue, carry a
//     title or role, or look like names (not preceded by "of", "in", "at"
//     …, no word the article also writes in lower case, as in "Cold
//     War"), and single names with a title or role ("Dr. Osei", "coach
//     Smith"). A later surname, first name or particle name ("Kim",
//     "Ferreira", "Dr. Osei", "Bin Salman") refers to the most recently
//     mentioned person it fits. Pronouns refer to the latest entity of
//     their number and gender (learnt from titles and from a pronoun right
//     after a name) in their paragraph or the one before; unnamed people
//     are entities too, so "A senior official said … He added …" stays
//     anonymous.
//  6. A quotation takes the nearest cue of its sentence; without one, the
//     speaker of the quotation it continues, a sentence before it ending
//     in a colon, the previous quotation or cue of its paragraph, the next
//     sentence, or the last quotation of the previous paragraph. Any other
//     passage takes the nearest cue of its sentence; "according to" an
//     organisation yields to any other cue, and a cue inside the
//     selection (its own words) to one outside it.
//
// Detect lists the people with at least one cue or quotation, most
// mentioned first. Mentions count full names, short forms and resolved
// pronouns.
//
// # Limits
//
// The rules are tuned to English newswire prose. Known failure cases:
//
//   - Cataphora: "…, its owner said" before the owner is named gets no
//     speaker; so does a role given only later.
//   - An organisation named like a person, without an organisation word
//     ("Goldman Sachs said"), is taken for a person when it is the subject
//     of a speech verb; a person named only by one word and no title or
//     role ("Zelensky said", "the 23-year-old Lindqvist said") is not
//     found, since "Pyongyang said" and "Reuters reported" look the same.
//   - A definite description that is not a title ("the 23-year-old
//     said", "the father of two said") does not refer back to a person.
//   - Pronouns are resolved by recency, number and gender only: in "Ana
//     Peña met Tomás Ferreira. She said …" a gender learnt from a title or
//     an earlier pronoun is needed to pick Peña over the more recent
//     Ferreira. Given names carry no gender.
//   - Scripts without letter case (Korean, Chinese, Arabic names written
//     in their own script) have no capitalised runs, so such names are not
//     found.
//   - Reported speech without a speech verb ("In Kim’s view, …", "For
//     Ferreira, the strike is …") and speech verbs outside the lists are
//     missed; a noun that looks like a verb ("the claims") is ignored
//     unless a person is its subject.
//   - Several speakers sharing one verb ("Kim and Trump said") are
//     attributed to the last one.
package attrib
