package search

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/sahilm/fuzzy"

	"marginalia/annotate"
)

// The archive generator: English-like text from a fixed vocabulary with
// a skewed word frequency, topic words, some accented names, and, when
// asked, Korean, emoji, odd case-folding runes, decomposed accents, runs
// of white space and the occasional NUL.

const commonText = `the of and to a in that is was he for it with as his on be at by
had are but from or have an they which one you were all we her she there would their been has
more if will who its said also new after first two over into other than some could them only
time these may then do any my now such like our what over just about year years government
people state states officials public report reports country countries week talks statement
told news would should could policy support plan deal agreement between against during under
while since because before without again further most many much several both each few where
when why how however still already never often always least last next long high large small
early late local national international foreign military economic political security energy
president minister ministers ministry spokesperson official officials leader leaders party
parliament election vote votes court law laws bill budget tax taxes price prices market
markets trade trading bank banks oil gas power water border borders city region regions war
peace forces troops army attack attacks strike strikes aid crisis response pressure warning
meeting summit visit visits deal deals progress pledge pledges claim claims evidence source
sources interview press conference according earlier later recent rising falling record
million billion percent data figures analysts expect expected said says saying added noted
called calls asked denied confirmed announced rejected accused warned promised agreed`

const topicText = `nuclear sanctions sanction minister ukraine ukrainian ceasefire
reactor uranium enrichment embargo inflation refugees humanitarian negotiations negotiator
diplomat diplomatic missile missiles drone drones frontline offensive grain exports imports
tariffs subsidies pipeline coalition opposition referendum constitution protest protesters
ministerial sanctioned sanctioning nuclearisation unclear nuance nucleus`

const accentText = `café résumé naïve Zürich São Kraków Gdańsk Bogotá Montréal
Álvarez José Müller Ångström Ñuñoa Reykjavík Düsseldorf Malmö Besançon Curaçao Açores
Łódź Čačak Škoda Ørsted Þórshöfn`

const firstText = `José María Kim Dana Olena Ahmed Fatima Lars Søren Zoë Chloé
Andrés Nguyen Ivan Oksana Emma Liam Noah Sofía Mateo Léa Amélie Björn Ingrid Yuki Hiro
Priya Ravi Mohammed Aisha Tomás Pedro Jürgen Małgorzata Dmytro Volodymyr Ursula Olaf`

const lastText = `Álvarez Kim Lee Park Müller Schmidt Kowalski Nowak Dupont
Martin García López Pérez Shevchenko Kovalenko Bondarenko Smith Johnson Brown Nakamura
Tanaka Sharma Patel Haddad Rahman Larsen Nielsen Østergaard Çelik Yılmaz Novák Dvořák
Fernández O'Brien MacLeod Rossi Bianchi Esposito Silva Santos Costa`

const roleText = "Prime Minister|Foreign Minister|Energy Minister|Defence Minister|spokesperson|ambassador|senator|chief executive|central bank governor|defence analyst|nuclear inspector|opposition leader|mayor|union leader|economist|military spokesperson|deputy minister|press secretary"

const affiliationText = "Ministry of Foreign Affairs|Ministry of Energy|NATO|IAEA|European Commission|United Nations|Reuters|central bank|parliament|Kyiv School of Economics|Banque de France|Bundesbank|Université de Genève"

const sourceText = "Reuters|AP|Le Monde|Süddeutsche Zeitung|El País|The Guardian|Kyiv Independent|NHK|Yonhap|Al Jazeera|Gazeta Wyborcza"

const creatorText = `dana olena kim jose priya lars sofia mateo ravi ingrid yuki
tomas pedro aisha liam noah emma chloe bjorn ivan oksana hiro amelie ursula olaf`

const unicodeText = "서울 평화 협상 제재 핵 👍 🇺🇦 ❤️ 😀 ſanctions ϒpsilon Straße STRAẞE İstanbul Kelvin e\u0301te\u0301 cafe\u0301 ﬁnance Ⅻ maϒbe ℝeal xℝ oℂo ℂ𝐀𝐁"

// genOptions shapes an archive.
type genOptions struct {
	Seed        uint64
	Annotations int
	Articles    int
	Speakers    int
	Tags        int
	Unicode     bool // mix in Korean, emoji, odd runes, NULs, white space runs
}

type archive struct {
	Docs        []Doc // articles, speakers, annotations
	Annotations []annotate.Annotation
}

type generator struct {
	r   *rand.Rand
	opt genOptions

	common, topic, accent, first, last, creators, unicode []string
	roles, affiliations, sources                          []string
}

func newGenerator(opt genOptions) *generator {
	bar := func(s string) []string { return strings.Split(s, "|") }
	return &generator{
		r:   rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)),
		opt: opt,

		common: strings.Fields(commonText), topic: strings.Fields(topicText),
		accent: strings.Fields(accentText), first: strings.Fields(firstText),
		last: strings.Fields(lastText), creators: strings.Fields(creatorText),
		unicode: strings.Fields(unicodeText),
		roles:   bar(roleText), affiliations: bar(affiliationText), sources: bar(sourceText),
	}
}

func pick(r *rand.Rand, from []string) string { return from[r.IntN(len(from))] }

// word picks a word with a skewed frequency: a few words are very common.
func (g *generator) word() string {
	r := g.r
	switch x := r.IntN(100); {
	case x < 6:
		return pick(r, g.topic)
	case x < 9:
		return pick(r, g.accent)
	case x < 11 && g.opt.Unicode:
		return pick(r, g.unicode)
	}
	u := r.Float64()
	return g.common[int(u*u*float64(len(g.common)))]
}

// sentence returns English-like text of about n characters.
func (g *generator) sentence(n int) string {
	var b strings.Builder
	start := true
	for b.Len() < n {
		w := g.word()
		if start {
			w = strings.ToUpper(w[:1]) + w[1:]
			start = false
		}
		if b.Len() > 0 {
			sep := " "
			if g.opt.Unicode && g.r.IntN(40) == 0 {
				sep = []string{"  ", "\t", " \n ", "\u00a0"}[g.r.IntN(4)]
			}
			b.WriteString(sep)
		}
		b.WriteString(w)
		switch x := g.r.IntN(30); {
		case x == 0:
			b.WriteString(",")
		case x == 1:
			b.WriteString(".")
			start = true
		}
	}
	if g.opt.Unicode && g.r.IntN(300) == 0 {
		b.WriteString("\x00 after nul")
	}
	return b.String()
}

func (g *generator) length(mean, spread, least int) int {
	return max(least, mean+int(g.r.NormFloat64()*float64(spread)))
}

func genArchive(opt genOptions) archive {
	g := newGenerator(opt)
	r := g.r
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var a archive

	tags := make([]string, 0, opt.Tags)
	seen := map[string]bool{}
	for len(tags) < opt.Tags {
		var t string
		if x := r.IntN(3); x == 0 {
			t = pick(r, g.topic)
		} else {
			t = g.word() + "-" + pick(r, g.topic)
		}
		t = strings.ToLower(t)
		if !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
		if len(seen) > 5*opt.Tags+100 {
			break
		}
	}
	pickTags := func(max int) []string {
		var out []string
		for range r.IntN(max + 1) {
			u := r.Float64()
			out = append(out, tags[int(u*u*float64(len(tags)))])
		}
		return out
	}

	speakers := make([]annotate.Speaker, opt.Speakers)
	for i := range speakers {
		first := pick(r, g.first)
		last := pick(r, g.last)
		s := annotate.Speaker{ID: fmt.Sprintf("spk-%04d", i), Name: first + " " + last,
			Role: pick(r, g.roles), Affiliation: pick(r, g.affiliations)}
		for range r.IntN(3) {
			s.Aliases = append(s.Aliases, []string{string([]rune(first)[:1]) + ". " + last, last, strings.ToUpper(last)}[r.IntN(3)])
		}
		if opt.Unicode && r.IntN(5) == 0 {
			s.Aliases = append(s.Aliases, pick(r, g.unicode))
		}
		speakers[i] = s
		a.Docs = append(a.Docs, SpeakerDoc(s))
	}

	arts := make([]string, opt.Articles)
	for i := range arts {
		art := annotate.Article{ID: fmt.Sprintf("art-%05d", i), Title: g.sentence(g.length(60, 20, 15)),
			Source: pick(r, g.sources), Imported: base.Add(time.Duration(i) * time.Minute), Tags: pickTags(3)}
		first := pick(r, g.first)
		art.Byline = "By " + first + " " + pick(r, g.last)
		if r.IntN(2) == 0 {
			art.Note = g.sentence(g.length(80, 40, 10))
		}
		arts[i] = art.ID
		a.Docs = append(a.Docs, ArticleDoc(art))
	}

	kinds := annotate.Kinds()
	statuses := annotate.Statuses()
	for i := range opt.Annotations {
		an := annotate.Annotation{
			ID:        fmt.Sprintf("ann-%06d", i),
			ArticleID: arts[r.IntN(max(1, len(arts)))],
			Kind:      kinds[r.IntN(len(kinds))],
			Quote:     annotate.Quote{Exact: g.sentence(g.length(120, 30, 20))},
			Tags:      pickTags(3),
			Creator:   pick(r, g.creators),
			Created:   base.Add(time.Duration(i) * time.Second),
		}
		if an.Kind == annotate.KindClaim {
			an.Status = statuses[r.IntN(len(statuses))]
		}
		if r.IntN(5) != 0 {
			an.Note = g.sentence(g.length(80, 40, 10))
		}
		var sp *annotate.Speaker
		if len(speakers) > 0 && r.IntN(10) < 7 {
			sp = &speakers[r.IntN(len(speakers))]
			an.SpeakerID = sp.ID
		}
		a.Annotations = append(a.Annotations, an)
		a.Docs = append(a.Docs, AnnotationDoc(an, sp))
	}
	return a
}

// baselineStrings returns every folded value the index searches, records
// in ID order and values in their order: the input fuzzy.Find sees in the
// baseline. owner[i] is the ID of the record string i belongs to.
func baselineStrings(docs []Doc) (strs, owner []string) {
	sorted := make([]Doc, len(docs))
	copy(sorted, docs)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	for _, d := range sorted {
		for _, v := range d.Values {
			if f := annotate.Fold(v.Text); f != "" {
				strs = append(strs, f)
				owner = append(owner, d.ID)
			}
		}
	}
	return strs, owner
}

// baselineHit is one record in fuzzy.Find's answer.
type baselineHit struct {
	ID    string
	Str   string
	Score int
}

// baselineTop runs fuzzy.Find over strs and keeps each record's first
// (best) string, the first k records.
func baselineTop(pattern string, strs, owner []string, k int) []baselineHit {
	var out []baselineHit
	seen := map[string]bool{}
	for _, m := range fuzzy.Find(annotate.Fold(pattern), strs) {
		id := owner[m.Index]
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, baselineHit{ID: id, Str: m.Str, Score: m.Score})
		if len(out) == k {
			break
		}
	}
	return out
}
