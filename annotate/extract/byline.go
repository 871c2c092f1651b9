package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"marginalia/annotate"
)

// Byline is what an article's credit line says: who wrote it, for which
// outlet, and when. Any part may be empty.
type Byline struct {
	Name      string
	Outlet    string
	Published time.Time
}

// monthPattern matches an English month name or its abbreviation.
const monthPattern = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`

// datePattern finds a date in a credit line: "March 3, 2025", "3 March
// 2025", "Mar. 3rd 2025", "2025-03-03" (with a time after it, ignored),
// after an optional weekday and a word such as "Updated".
var datePattern = regexp.MustCompile(`(?i)(?:\b(?:updated|published|posted|first published|last updated)\s*(?:on\s*)?:?\s*)?` +
	`(?:\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?` +
	`(?:\b` + monthPattern + `\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b` +
	`|\b\d{1,2}(?:st|nd|rd|th)?\s+` + monthPattern + `,?\s+\d{4}\b` +
	`|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\b)` +
	`(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?)?`)

var coreDate = regexp.MustCompile(`(?i)\b` + monthPattern + `\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+` + monthPattern + `,?\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?`)

var ordinal = regexp.MustCompile(`(?i)(\d)(st|nd|rd|th)\b`)

// ParseDate reads a publication date as articles and metadata write it:
// ISO 8601 ("2025-03-03", "2025-03-03T09:30:00Z"), "March 3, 2025",
// "3 March 2025", "Mar. 3rd, 2025", with or without a weekday. Numeric
// dates other than ISO ("03/04/2025") are refused: their order of day and
// month cannot be known. A date without a zone is taken as UTC.
func ParseDate(s string) (time.Time, bool) {
	s = oneLine(s)
	if s == "" || utf8.RuneCountInString(s) > 80 {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	clean := ordinal.ReplaceAllString(s, "$1")
	words := strings.Fields(strings.NewReplacer(".", " ", ",", " ").Replace(clean))
	if len(words) == 4 && isWeekday(words[0]) {
		words = words[1:]
	}
	if len(words) != 3 {
		return time.Time{}, false
	}
	day, month, year := words[0], words[1], words[2]
	if monthOf(day) != 0 { // March 3 2025
		day, month = month, day
	}
	m := monthOf(month)
	if m == 0 {
		return time.Time{}, false
	}
	t, err := time.Parse("2 1 2006", day+" "+strconv.Itoa(int(m))+" "+year)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

func isWeekday(w string) bool {
	w = strings.ToLower(w)
	if len(w) < 3 {
		return false
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.HasPrefix(strings.ToLower(d.String()), w) || w == "tues" || w == "thurs" {
			return true
		}
	}
	return false
}

// monthOf reads an English month name or abbreviation ("Sept", "mar").
func monthOf(w string) time.Month {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	if len(w) < 3 {
		return 0
	}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if strings.HasPrefix(name, w) || w == "sept" && m == time.September {
			return m
		}
	}
	return 0
}

// creditPrefixes open a credit line.
var creditPrefixes = []string{"by ", "written by ", "words by ", "story by ", "text by ", "reporting by "}

// wires are news agencies that follow a name with no separator:
// "By JOHN SMITH Associated Press".
var wires = []string{"The Associated Press", "Associated Press", "Reuters", "AFP", "Agence France-Presse", "Bloomberg", "AP", "dpa", "PA Media", "EFE", "ANSA", "Kyodo", "Xinhua"}

// roleWords mark a credit segment that gives the writer's role, not an
// outlet: "Staff Writer", "Senior Correspondent".
var roleWords = []string{"writer", "reporter", "correspondent", "editor", "editing", "columnist", "contributor", "staff", "special to", "bureau chief", "analyst", "critic", "photograph", "additional reporting"}

// ParseByline reads a credit line: "By Priya Natarajan — Harbor City
// Tribune, March 3, 2025", "By NAME, OUTLET", "By NAME | OUTLET | DATE",
// "By NAME and NAME · OUTLET · 9 min read", "By NAME (Reuters)". The line
// must open with "By" (or "Written by", "Words by", …) and name people
// with capitalised words, so that a sentence such as "By the end of the
// year, …" is not taken for one. Markdown emphasis around it is ignored.
func ParseByline(line string) (Byline, bool) {
	var b Byline
	line = strings.Trim(oneLine(line), "*_ ")
	if line == "" || utf8.RuneCountInString(line) > 200 {
		return b, false
	}
	lower := strings.ToLower(line)
	rest := ""
	for _, p := range creditPrefixes {
		if strings.HasPrefix(lower, p) {
			rest = line[len(p):]
			break
		}
	}
	if rest == "" {
		return b, false
	}
	if loc := datePattern.FindStringIndex(rest); loc != nil {
		if t, ok := ParseDate(dateCore(rest[loc[0]:loc[1]])); ok {
			b.Published = t
			rest = rest[:loc[0]] + " | " + rest[loc[1]:]
		}
	}
	// Parentheses hold the outlet: "By Tom Baker (Reuters)".
	if i := strings.IndexByte(rest, '('); i > 0 {
		if j := strings.IndexByte(rest[i:], ')'); j > 0 {
			rest = rest[:i] + " | " + rest[i+1:i+j] + " | " + rest[i+j+1:]
		}
	}
	var segs []string
	for _, s := range splitCredit(rest) {
		if s = strings.Trim(s, " .,;:"); s != "" && !isReadingTime(s) && !isRole(s) {
			segs = append(segs, s)
		}
	}
	if len(segs) == 0 {
		return b, false
	}
	name := segs[0]
	if n, outlet, ok := strings.Cut(name, " for "); ok && namesPeople(n) { // "By NAME for OUTLET"
		name = n
		segs = append([]string{n, outlet}, segs[1:]...)
	}
	if len(segs) == 1 { // "By JOHN SMITH Associated Press"
		for _, w := range wires {
			if strings.HasSuffix(strings.ToLower(name), " "+strings.ToLower(w)) {
				b.Outlet = name[len(name)-len(w):]
				name = strings.TrimSpace(name[:len(name)-len(w)])
				break
			}
		}
	}
	if !namesPeople(name) {
		return Byline{}, false
	}
	b.Name = tidyName(name)
	for _, s := range segs[1:] {
		switch {
		case namesPeople(s) && strings.Contains(" "+strings.ToLower(s)+" ", " and "):
			b.Name += ", " + tidyName(s) // "By A, B and C"
		case b.Outlet == "":
			b.Outlet = s
		}
	}
	return b, true
}

// dateCore is the date itself in what datePattern found, without the
// words around it that ParseDate does not read ("Updated", a time of day,
// a zone).
func dateCore(s string) string { return coreDate.FindString(s) }

// isDateLine reports whether a paragraph is only a date, perhaps with
// "Published" or "Updated" before it.
func isDateLine(p string) (time.Time, bool) {
	p = strings.Trim(oneLine(p), "*_ ")
	loc := datePattern.FindStringIndex(p)
	if loc == nil || bareWords(p[:loc[0]]+" "+p[loc[1]:]) != "" {
		return time.Time{}, false
	}
	return ParseDate(dateCore(p[loc[0]:loc[1]]))
}

// splitCredit splits a credit line at the separators outlets use between
// its parts: dashes, bars, middle dots, bullets, slashes, semicolons and
// commas.
func splitCredit(s string) []string {
	for _, sep := range []string{" — ", " – ", " -- ", " - ", " | ", "|", " · ", "·", " • ", " / ", ";", ","} {
		s = strings.ReplaceAll(s, sep, "\x00")
	}
	return strings.Split(s, "\x00")
}

func isReadingTime(s string) bool {
	l := strings.ToLower(s)
	return strings.HasSuffix(l, " read") && (strings.Contains(l, "min") || strings.Contains(l, "minute"))
}

func isRole(s string) bool {
	l := strings.ToLower(s)
	for _, r := range roleWords {
		if strings.Contains(l, r) {
			return true
		}
	}
	return false
}

// particles may stand lower-case inside a person's name.
var particles = map[string]bool{"de": true, "da": true, "del": true, "della": true, "di": true, "do": true, "dos": true, "das": true,
	"du": true, "van": true, "von": true, "der": true, "den": true, "la": true, "le": true, "al": true, "el": true, "bin": true,
	"bint": true, "ibn": true, "y": true, "e": true, "ter": true, "and": true, "&": true}

// namesPeople reports whether s reads as one or more people's names: one
// to twelve words, each capitalised (or all in capitals, or a particle
// such as "de" or "van"), with at least one capitalised word.
func namesPeople(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 12 {
		return false
	}
	upper := 0
	for _, w := range words {
		if particles[strings.ToLower(w)] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		if strings.ContainsAny(w, "0123456789@:") {
			return false
		}
		upper++
	}
	return upper > 0
}

// tidyName writes a name given in capitals, as wire copy does ("JOHN
// SMITH"), in title case; other names stay as written.
func tidyName(s string) string {
	if strings.ToUpper(s) != s || strings.ToLower(s) == s {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if particles[w] && i > 0 {
			continue
		}
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(words, " ")
}

// sameText reports whether two passages say the same words, ignoring
// case, accents, punctuation and spacing: how a title repeated as the
// first paragraph is recognised.
func sameText(a, b string) bool {
	fa, fb := bareWords(a), bareWords(b)
	return fa != "" && fa == fb
}

func bareWords(s string) string {
	s = annotate.Fold(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// DropRepeatedTitle removes the first paragraph of text when it only
// repeats title (ignoring case, accents and punctuation), as pasted
// articles and many pages do; otherwise text is returned as it is. Text
// that is nothing but the title is kept.
func DropRepeatedTitle(text, title string) string {
	first, rest, ok := strings.Cut(text, "\n\n")
	if !ok || !sameText(first, title) || strings.TrimSpace(rest) == "" {
		return text
	}
	return rest
}

// tidyHead takes the credit line and a repeated title out of the top of
// r.Text and into r's fields. titleKnown says that the title came from
// markup or metadata (a Markdown heading, front matter, an HTML page's
// head), so a first paragraph equal to it is a repetition; in plain text
// the first line is only taken out when a credit line under it confirms
// that it is a headline. r.Text must be normalised. It looks at the first
// four paragraphs only, and never empties the text.
func tidyHead(r Result, titleKnown bool) Result {
	paras := strings.Split(r.Text, "\n\n")
	drop := map[int]bool{}
	const head = 4
	for i := 0; i < len(paras) && i < head; i++ {
		p := paras[i]
		if strings.Contains(p, "\n") {
			continue
		}
		if b, ok := ParseByline(p); ok && (r.Byline == "" || sameText(b.Name, r.Byline) || bylineMatches(p, r.Byline)) {
			drop[i] = true
			if r.Byline == "" {
				r.Byline = b.Name
			}
			if r.Source == "" {
				r.Source = b.Outlet
			}
			if r.Published.IsZero() {
				r.Published = b.Published
			}
			// A date alone next to the credit line goes with it.
			for _, j := range []int{i - 1, i + 1} {
				if j < 0 || j >= len(paras) || drop[j] {
					continue
				}
				if t, ok := isDateLine(paras[j]); ok {
					drop[j] = true
					if r.Published.IsZero() {
						r.Published = t
					}
				}
			}
			break
		}
		if r.Byline != "" && bylineMatches(p, r.Byline) {
			drop[i] = true // an HTML byline the page repeats in its body
			break
		}
	}
	credit := len(drop) > 0
	if len(paras) > 0 && sameText(paras[0], r.Title) && (titleKnown || credit) {
		drop[0] = true
	}
	if len(drop) == 0 {
		return r
	}
	var keep []string
	for i, p := range paras {
		if !drop[i] {
			keep = append(keep, p)
		}
	}
	if text := strings.Join(keep, "\n\n"); strings.TrimSpace(text) != "" {
		r.Text = text
	}
	return r
}

// bylineMatches reports whether paragraph p is only the byline already
// known, with or without "By" in front.
func bylineMatches(p, byline string) bool {
	p = strings.Trim(oneLine(p), "*_ ")
	if sameText(p, byline) {
		return true
	}
	for _, pre := range creditPrefixes {
		if len(p) > len(pre) && strings.EqualFold(p[:len(pre)], pre) && sameText(p[len(pre):], byline) {
			return true
		}
	}
	return false
}
