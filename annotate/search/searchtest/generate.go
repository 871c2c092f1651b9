package searchtest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"marginalia/annotate"
)

// Options shapes a generated archive.
type Options struct {
	Seed        uint64
	Articles    int // generated articles, besides the target articles
	Annotations int // generated annotations, besides the targets
	Speakers    int // generated speakers, besides the targets
}

// Archive is a generated team archive with the target records in it.
type Archive struct {
	Articles    []annotate.Article
	Annotations []annotate.Annotation
	Speakers    []annotate.Speaker
}

// SpeakerByID returns the archive's speakers by ID.
func (a *Archive) SpeakerByID() map[string]*annotate.Speaker {
	m := make(map[string]*annotate.Speaker, len(a.Speakers))
	for i := range a.Speakers {
		m[a.Speakers[i].ID] = &a.Speakers[i]
	}
	return m
}

// poolFiles are the real articles the sentences come from, relative to
// the repository root. A missing file (../shared outside the project's
// workplace) is skipped.
var poolFiles = []string{
	"annotate/attrib/testdata",
	"annotate/related/testdata",
	"assets/sample.md",
	"../shared/fixtures/articles",
}

// pool is the text the generator recombines.
type pool struct {
	sentences []string
	titles    []string
	words     []string // the target records' words, for notes
}

// loadPool reads the pool files under root, the repository root.
func loadPool(root string) (*pool, error) {
	p := &pool{}
	var files []string
	for _, f := range poolFiles {
		path := filepath.Join(root, f)
		st, err := os.Stat(path)
		if err != nil {
			continue
		}
		if !st.IsDir() {
			files = append(files, path)
			continue
		}
		ents, err := os.ReadDir(path)
		if err != nil {
			return nil, fmt.Errorf("read pool: %w", err)
		}
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".txt") || strings.HasSuffix(e.Name(), ".md") {
				files = append(files, filepath.Join(path, e.Name()))
			}
		}
	}
	slices.Sort(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read pool: %w", err)
		}
		lines := strings.Split(string(b), "\n")
		first := true
		for _, l := range lines {
			l = strings.TrimSpace(strings.TrimLeft(l, "#* "))
			if l == "" {
				continue
			}
			if first {
				p.titles = append(p.titles, l)
				first = false
				continue
			}
			if strings.HasPrefix(l, "By ") || utf8.RuneCountInString(l) < 30 {
				continue
			}
			p.sentences = append(p.sentences, splitSentences(l)...)
		}
	}
	if len(p.sentences) < 50 {
		return nil, fmt.Errorf("read pool under %s: only %d sentences", root, len(p.sentences))
	}
	seen := map[string]bool{}
	for _, t := range targetAnnotations {
		for _, w := range strings.FieldsFunc(t.Note+" "+t.Quote, notWord) {
			if lw := strings.ToLower(w); utf8.RuneCountInString(w) > 3 && !seen[lw] {
				seen[lw] = true
				p.words = append(p.words, w)
			}
		}
	}
	return p, nil
}

func notWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// splitSentences splits a paragraph after ". ", "? " or "! " (a closing
// quote may follow the mark) before an upper-case letter or a quote.
func splitSentences(par string) []string {
	var out []string
	rs := []rune(par)
	start := 0
	for i := 0; i < len(rs)-2; i++ {
		if !strings.ContainsRune(".?!", rs[i]) {
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune("\"”’'", rs[j]) {
			j++
		}
		if j+1 < len(rs) && rs[j] == ' ' && (unicode.IsUpper(rs[j+1]) || strings.ContainsRune("\"“‘", rs[j+1])) {
			out = append(out, strings.TrimSpace(string(rs[start:j])))
			start = j + 1
		}
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

// Generated names: real first names and surnames from a few languages,
// and surnames made of syllables, so that the vocabulary has the many
// rare proper names of a real archive.
var (
	firstNames = strings.Fields(`Ana Rafael Ingrid Tomás Amara Ben Hanna Ola Marta Luca Samir Irina
		Grace José María Olena Ahmed Fatima Lars Søren Zoë Chloé Andrés Ivan Oksana Emma Liam Noah Sofía
		Mateo Léa Amélie Yuki Hiro Priya Ravi Mohammed Aisha Pedro Jürgen Dmytro Ursula Olaf Deniz Elif`)
	lastNames = strings.Fields(`Ortiz Peña Vial Osei Hartley Lind Berg Kos Ferri Haddad Volkova Mwangi
		Müller Schmidt Kowalski Nowak Dupont García López Pérez Shevchenko Kovalenko Nakamura Tanaka
		Sharma Patel Rahman Larsen Nielsen Çelik Yılmaz Novák Dvořák Fernández Rossi Bianchi Silva Santos`)
	syllables   = strings.Fields("ka ro vel mi dan tor lis ben ra sho vik len mar ost ul ber gan pol nes tiv")
	roles       = []string{"minister", "spokesperson", "ambassador", "senator", "chief executive", "economist", "analyst", "union leader", "mayor", "prosecutor", "researcher", "police chief"}
	affiliation = []string{"Ministry of Foreign Affairs", "Ministry of Finance", "European Commission", "United Nations", "city council", "central bank", "University of Chile", "port authority", "Harbour Workers' Union", "national disaster agency"}
	sources     = []string{"Reuters", "AP", "Le Monde", "El País", "The Guardian", "Kyiv Independent", "Yonhap", "Al Jazeera", "Harbour Gazette", "NHK"}
	creators    = []string{"dana", "olena", "mira", "lars", "priya", "sofia", "mateo", "kim", "jose", "ravi"}
	tags        = []string{"economy", "energy", "health", "climate", "ukraine", "korea", "labour", "housing", "courts", "transport", "water", "mining", "elections", "security", "trade"}
	kinds       = []annotate.Kind{annotate.KindClaim, annotate.KindQuote, annotate.KindEvidence, annotate.KindQuestion, annotate.KindNote}
	statuses    = []annotate.Status{annotate.StatusUnverified, annotate.StatusSupported, annotate.StatusDisputed, annotate.StatusFalse, annotate.StatusMisleading}
	noteFrames  = []string{"Check %s against %s.", "Follow up: %s.", "%s; ask the desk about %s.", "Compare with %s.", "Source for %s?", "%s — verify before publishing.", "Context: %s.", "Contradicts %s."}
)

type generator struct {
	r    *rand.Rand
	pool *pool
	base time.Time
	seq  int
}

// Generate builds an archive from the sentences of the pool files under
// root, the repository root (".." from a package directory counts up to
// it), deterministically from opt.Seed. Generated records come first,
// then the targets; IDs are "art-N", "ann-N" and "spk-N" for generated
// records and the IDs of targets.go for the targets.
func Generate(root string, opt Options) (*Archive, error) {
	p, err := loadPool(root)
	if err != nil {
		return nil, err
	}
	g := &generator{
		r:    rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)),
		pool: p,
		base: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	arc := &Archive{}
	for i := range opt.Speakers {
		arc.Speakers = append(arc.Speakers, g.speaker(i))
	}
	for _, t := range targetSpeakers {
		arc.Speakers = append(arc.Speakers, annotate.Speaker{ID: t.ID, Name: t.Name, Role: t.Role, Affiliation: t.Affiliation, Aliases: t.Aliases})
	}
	for i := range opt.Articles {
		arc.Articles = append(arc.Articles, g.article(i))
	}
	// Target quotes go into generated articles' texts (or into the
	// target articles when there are no generated ones).
	hosts := make([]int, len(targetAnnotations))
	for i, t := range targetAnnotations {
		if len(arc.Articles) == 0 {
			break
		}
		h := g.r.IntN(len(arc.Articles))
		hosts[i] = h
		arc.Articles[h].Text += "\n\n" + t.Quote
	}
	for _, t := range targetArticles {
		a := annotate.Article{ID: t.ID, Title: t.Title, Byline: t.Byline, Source: t.Source, Tags: t.Tags, Imported: g.time()}
		body := []string{}
		for range 8 {
			body = append(body, g.sentence())
		}
		for _, s := range t.Body {
			k := g.r.IntN(len(body) + 1)
			body = slices.Insert(body, k, s)
		}
		a.Text = strings.Join(body, " ")
		arc.Articles = append(arc.Articles, a)
	}
	// Generated annotations quote generated articles only, so the target
	// articles' own sentences stay in their bodies alone.
	nGen := opt.Articles
	sents := make([][]string, nGen)
	for i := range nGen {
		sents[i] = splitSentences(strings.ReplaceAll(arc.Articles[i].Text, "\n\n", " "))
	}
	for i := range opt.Annotations {
		if nGen == 0 {
			break
		}
		k := i % nGen
		arc.Annotations = append(arc.Annotations, g.annotation(i, &arc.Articles[k], sents[k], arc.Speakers))
	}
	for i, t := range targetAnnotations {
		artIdx := hosts[i]
		if nGen == 0 {
			artIdx = len(arc.Articles) - 1
			arc.Articles[artIdx].Text += "\n\n" + t.Quote
		}
		art := arc.Articles[artIdx]
		a := annotate.Annotation{ID: t.ID, ArticleID: art.ID, Kind: annotate.Kind(t.Kind), Status: annotate.Status(t.Status),
			Creator: t.Creator, Note: t.Note, Tags: t.Tags, SpeakerID: t.Speaker, Created: g.time()}
		a.Modified = a.Created
		a.Span, a.Quote = quoteOf(art.Text, t.Quote)
		arc.Annotations = append(arc.Annotations, a)
	}
	for i := range arc.Articles {
		arc.Articles[i].TextHash = annotate.HashText(arc.Articles[i].Text)
	}
	return arc, nil
}

func (g *generator) time() time.Time {
	g.seq++
	return g.base.Add(time.Duration(g.seq) * time.Minute)
}

func (g *generator) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *generator) sentence() string { return g.pick(g.pool.sentences) }

// surname makes a rare proper name of two or three syllables.
func (g *generator) surname() string {
	var b strings.Builder
	for range 2 + g.r.IntN(2) {
		b.WriteString(g.pick(syllables))
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *generator) name() string {
	last := g.pick(lastNames)
	if g.r.IntN(2) == 0 {
		last = g.surname()
	}
	return g.pick(firstNames) + " " + last
}

func (g *generator) speaker(i int) annotate.Speaker {
	s := annotate.Speaker{ID: fmt.Sprintf("spk-%05d", i), Name: g.name(), Role: g.pick(roles), Affiliation: g.pick(affiliation)}
	if g.r.IntN(5) == 0 {
		s.Aliases = []string{g.surname()}
	}
	return s
}

// title makes a headline from the start of a pool sentence or a pool title.
func (g *generator) title() string {
	if g.r.IntN(3) == 0 {
		return g.pick(g.pool.titles)
	}
	w := strings.Fields(g.sentence())
	n := min(len(w), 5+g.r.IntN(5))
	return strings.TrimRight(strings.Join(w[:n], " "), ",;:")
}

func (g *generator) article(i int) annotate.Article {
	a := annotate.Article{ID: fmt.Sprintf("art-%05d", i), Title: g.title(), Byline: g.name(), Source: g.pick(sources), Imported: g.time()}
	if g.r.IntN(3) == 0 {
		a.Tags = []string{g.pick(tags)}
	}
	n := 15 + g.r.IntN(25)
	var b strings.Builder
	for k := range n {
		if k > 0 {
			if k%4 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.sentence())
		// A sentence in five carries a figure or a rare name: the many
		// one-off words of a real archive.
		if g.r.IntN(5) == 0 {
			fmt.Fprintf(&b, " %s said the figure was %d.", g.surname(), 10+g.r.IntN(9990))
		}
	}
	a.Text = b.String()
	return a
}

// quoteOf returns the span and quote selector of the first occurrence of
// exact in text (rune offsets).
func quoteOf(text, exact string) (annotate.Span, annotate.Quote) {
	i := strings.Index(text, exact)
	if i < 0 {
		i = 0
		exact = text[:min(len(text), 40)]
	}
	j := i + len(exact)
	start := utf8.RuneCountInString(text[:i])
	end := start + utf8.RuneCountInString(exact)
	p := i
	for n := 0; n < 32 && p > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:p])
		p -= size
	}
	q := j
	for n := 0; n < 32 && q < len(text); n++ {
		_, size := utf8.DecodeRuneInString(text[q:])
		q += size
	}
	return annotate.Span{Start: start, End: end}, annotate.Quote{Exact: exact, Prefix: text[p:i], Suffix: text[j:q]}
}

// fragment returns 4 to 12 consecutive words of a pool sentence.
func (g *generator) fragment() string {
	w := strings.Fields(g.sentence())
	n := min(len(w), 4+g.r.IntN(9))
	s := g.r.IntN(len(w) - n + 1)
	return strings.Trim(strings.Join(w[s:s+n], " "), ",.;:“”\"")
}

// note writes what an analyst might: pool fragments in a frame, with
// words of the target notes mixed in, so that those words alone are
// common.
func (g *generator) note() string {
	f := g.pick(noteFrames)
	args := []any{}
	for range strings.Count(f, "%s") {
		if g.r.IntN(2) == 0 {
			args = append(args, g.fragment())
		} else {
			k := 1 + g.r.IntN(3)
			var ws []string
			for range k {
				ws = append(ws, g.pick(g.pool.words))
			}
			args = append(args, strings.Join(ws, " "))
		}
	}
	return fmt.Sprintf(f, args...)
}

func (g *generator) annotation(i int, art *annotate.Article, sents []string, speakers []annotate.Speaker) annotate.Annotation {
	// Quote one sentence of the article text.
	exact := g.pick(sents)
	a := annotate.Annotation{ID: fmt.Sprintf("ann-%06d", i), ArticleID: art.ID, Kind: kinds[g.r.IntN(len(kinds))], Creator: g.pick(creators), Created: g.time()}
	a.Modified = a.Created
	a.Span, a.Quote = quoteOf(art.Text, exact)
	if a.Kind == annotate.KindClaim {
		a.Status = statuses[g.r.IntN(len(statuses))]
	}
	if g.r.IntN(5) < 3 {
		a.Note = g.note()
	}
	if g.r.IntN(3) == 0 {
		a.Tags = []string{g.pick(tags)}
	}
	if g.r.IntN(5) < 2 && len(speakers) > 0 {
		a.SpeakerID = speakers[g.r.IntN(len(speakers))].ID
	}
	return a
}
