package attrib_test

// The evaluation set of issue 19: articles written apart from the rules,
// with gold data beside each (testdata/eval/README.md), split before any
// tuning into a development half and a held-out half. TestEval checks that
// the data is well formed and logs the figures (go test -run TestEval -v);
// BenchmarkEval reports the same figures for make bench. TestEval also
// fails when a half falls below its floor (evalFloors): the targets of
// issue 19 on the held-out half, what the rules reach less a small margin
// on the dev half. This file uses only the package's exported API.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"marginalia/annotate"
	"marginalia/annotate/attrib"
	"marginalia/annotate/extract"
)

const (
	evalDir = "testdata/eval"
	// evalSeed orders the articles of a stratum for the split; see
	// testdata/eval/README.md.
	evalSeed = "marginalia-eval-19"
)

// evalHalves are the sub-folders of evalDir, in report order.
var evalHalves = []string{"dev", "heldout"}

type goldPerson struct {
	Name                string   `json:"name"`
	Variants            []string `json:"variants,omitempty"`
	Role                string   `json:"role"`
	RoleVariants        []string `json:"role_variants,omitempty"`
	Affiliation         string   `json:"affiliation"`
	AffiliationVariants []string `json:"affiliation_variants,omitempty"`
	Native              string   `json:"native,omitempty"`
}

type goldPassage struct {
	Text    string `json:"text"`
	Speaker string `json:"speaker"`
	Source  string `json:"source"`
	Kind    string `json:"kind"`
	Note    string `json:"note,omitempty"`
}

type goldArticle struct {
	Article   string        `json:"article"`
	Shape     string        `json:"shape"`
	Notes     []string      `json:"notes,omitempty"`
	People    []goldPerson  `json:"people"`
	NotPeople []string      `json:"not_people,omitempty"`
	Passages  []goldPassage `json:"passages"`
}

// evalCase is one article of the set, extracted as the app imports it,
// with the span of each gold passage in its text.
type evalCase struct {
	Half  string
	Gold  goldArticle
	Text  string
	Spans []annotate.Span
}

var (
	evalShapes  = []string{"wire", "local", "interview", "opinion", "translated", "business", "court", "sports", "science", "weather", "health", "election", "summit"}
	evalSources = []string{"person", "anonymous", "organisation", "reporter", "author"}
	evalKinds   = []string{"direct", "reported", "answer", "question", "narration"}
)

// loadEval reads both halves and fails tb when the data is malformed.
func loadEval(tb testing.TB) []evalCase {
	tb.Helper()
	var cases []evalCase
	placed := map[string]string{} // article file -> half it is in
	raw := map[string][]byte{}
	for _, half := range evalHalves {
		dir := filepath.Join(evalDir, half)
		entries, err := os.ReadDir(dir)
		if err != nil {
			tb.Fatalf("read %s: %v", dir, err)
		}
		golds := map[string]bool{}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".json") {
				golds[strings.TrimSuffix(e.Name(), ".json")] = true
			}
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || strings.HasSuffix(name, ".json") {
				continue
			}
			if !golds[strings.TrimSuffix(name, filepath.Ext(name))] {
				tb.Errorf("%s/%s: no gold file %s.json beside it", half, name, strings.TrimSuffix(name, filepath.Ext(name)))
			}
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".json") {
				continue
			}
			c, data, err := loadCase(dir, e.Name())
			if err != nil {
				tb.Errorf("%s/%s: %v", half, e.Name(), err)
				continue
			}
			if _, dup := placed[c.Gold.Article]; dup {
				tb.Errorf("%s: article in both halves", c.Gold.Article)
			}
			c.Half = half
			placed[c.Gold.Article] = half
			raw[c.Gold.Article] = data
			cases = append(cases, c)
		}
	}
	for name, want := range evalSplit(cases, raw) {
		if got := placed[name]; got != want {
			tb.Errorf("%s is in %s, but the documented split puts it in %s", name, got, want)
		}
	}
	if tb.Failed() {
		tb.FailNow()
	}
	return cases
}

// loadCase reads dir/jsonName and its article and checks one against the
// other.
func loadCase(dir, jsonName string) (evalCase, []byte, error) {
	var c evalCase
	gdata, err := os.ReadFile(filepath.Join(dir, jsonName))
	if err != nil {
		return c, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(gdata))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c.Gold); err != nil {
		return c, nil, fmt.Errorf("decode gold: %w", err)
	}
	g := c.Gold
	if strings.TrimSuffix(g.Article, filepath.Ext(g.Article))+".json" != jsonName {
		return c, nil, fmt.Errorf("gold names article %q, want the file of the same base name", g.Article)
	}
	if !slices.Contains(evalShapes, g.Shape) {
		return c, nil, fmt.Errorf("shape %q is not one of %v", g.Shape, evalShapes)
	}
	data, err := os.ReadFile(filepath.Join(dir, g.Article))
	if err != nil {
		return c, nil, fmt.Errorf("article: %w", err)
	}
	res, err := extract.Bytes(g.Article, data)
	if err != nil {
		return c, nil, fmt.Errorf("extract: %w", err)
	}
	art, err := res.Article(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return c, nil, fmt.Errorf("article: %w", err)
	}
	c.Text = art.Text
	if n := len(strings.Fields(c.Text)); n < 400 || n > 1200 {
		return c, nil, fmt.Errorf("extracted text has %d words, want 400 to 1200", n)
	}
	if err := checkPeople(g); err != nil {
		return c, nil, err
	}
	quoted := map[string]bool{}
	for i, p := range g.Passages {
		span, err := findOnce(c.Text, p.Text)
		if err != nil {
			return c, nil, fmt.Errorf("passage %d %.40q: %w", i, p.Text, err)
		}
		if err := checkPassage(g, p); err != nil {
			return c, nil, fmt.Errorf("passage %d %.40q: %w", i, p.Text, err)
		}
		quoted[p.Speaker] = true
		c.Spans = append(c.Spans, span)
	}
	for _, gp := range g.People {
		if !quoted[gp.Name] {
			return c, nil, fmt.Errorf("person %q has no passage", gp.Name)
		}
	}
	return c, data, nil
}

func checkPeople(g goldArticle) error {
	owner := map[string]string{}
	for _, gp := range g.People {
		if gp.Name == "" {
			return fmt.Errorf("a person without a name")
		}
		for _, n := range append([]string{gp.Name}, gp.Variants...) {
			k := nameKey(n)
			if o, dup := owner[k]; dup && o != gp.Name {
				return fmt.Errorf("name %q belongs to both %q and %q", n, o, gp.Name)
			}
			owner[k] = gp.Name
		}
	}
	return nil
}

func checkPassage(g goldArticle, p goldPassage) error {
	if !slices.Contains(evalSources, p.Source) {
		return fmt.Errorf("source %q is not one of %v", p.Source, evalSources)
	}
	if !slices.Contains(evalKinds, p.Kind) {
		return fmt.Errorf("kind %q is not one of %v", p.Kind, evalKinds)
	}
	if (p.Speaker == "") != (p.Source != "person") {
		return fmt.Errorf("speaker %q with source %q", p.Speaker, p.Source)
	}
	if p.Speaker != "" && !slices.ContainsFunc(g.People, func(gp goldPerson) bool { return gp.Name == p.Speaker }) {
		return fmt.Errorf("speaker %q is not among the people", p.Speaker)
	}
	return nil
}

// findOnce returns the rune span of the only occurrence of s in text,
// overlapping occurrences included.
func findOnce(text, s string) (annotate.Span, error) {
	if strings.TrimSpace(s) != s || s == "" {
		return annotate.Span{}, fmt.Errorf("empty or padded with spaces")
	}
	i := strings.Index(text, s)
	if i < 0 {
		return annotate.Span{}, fmt.Errorf("not in the extracted text")
	}
	if strings.Contains(text[i+1:], s) {
		return annotate.Span{}, fmt.Errorf("occurs more than once")
	}
	start := annotate.RuneLen(text[:i])
	return annotate.Span{Start: start, End: start + annotate.RuneLen(s)}, nil
}

// evalSplit is the documented split (testdata/eval/README.md). Each
// article has a key, the hex SHA-256 of evalSeed + "/" + its file name.
// The two articles of each special format (CRLF text, HTML, Markdown) go,
// in key order, one to dev and one to heldout. Then, shape by shape in
// name order, the other articles of the shape, in key order, each go to
// the half that has fewer articles of that shape so far; on a tie, to the
// half with fewer articles in all so far; on a second tie, to dev.
func evalSplit(cases []evalCase, raw map[string][]byte) map[string]string {
	type item struct{ shape, format, key, name string }
	var items []item
	for _, c := range cases {
		name := c.Gold.Article
		var format string
		switch {
		case extract.FormatOf(name) == extract.Markdown:
			format = "markdown"
		case extract.FormatOf(name) == extract.HTML:
			format = "html"
		case bytes.Contains(raw[name], []byte("\r\n")):
			format = "crlf"
		}
		sum := sha256.Sum256([]byte(evalSeed + "/" + name))
		items = append(items, item{c.Gold.Shape, format, hex.EncodeToString(sum[:]), name})
	}
	slices.SortFunc(items, func(a, b item) int { return strings.Compare(a.key, b.key) })
	half := map[string]string{}
	count := func(shape string) (dev, held int) {
		for _, it := range items {
			if shape != "" && it.shape != shape {
				continue
			}
			switch half[it.name] {
			case "dev":
				dev++
			case "heldout":
				held++
			}
		}
		return dev, held
	}
	for _, format := range []string{"crlf", "html", "markdown"} {
		n := 0
		for _, it := range items {
			if it.format == format {
				half[it.name] = evalHalves[n%2]
				n++
			}
		}
	}
	shapes := slices.Clone(evalShapes)
	slices.Sort(shapes)
	for _, shape := range shapes {
		for _, it := range items {
			if it.shape != shape || it.format != "" {
				continue
			}
			dev, held := count(shape)
			if dev == held {
				dev, held = count("")
			}
			half[it.name] = "dev"
			if dev > held {
				half[it.name] = "heldout"
			}
		}
	}
	return half
}

// nameKey folds a name for matching: case, accents, hyphens, stops and
// apostrophes do not count.
func nameKey(s string) string {
	s = annotate.Fold(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// phraseKey folds a role or affiliation: as nameKey, without a leading
// article or possessive determiner ("a", "the", "its", "his" …).
func phraseKey(s string) string {
	k := nameKey(s)
	for _, det := range []string{"a", "an", "the", "its", "his", "her", "their", "our", "my"} {
		if rest, ok := strings.CutPrefix(k, det+" "); ok {
			return rest
		}
	}
	return k
}

func (gp goldPerson) matches(name string) bool {
	k := nameKey(name)
	return slices.ContainsFunc(append([]string{gp.Name}, gp.Variants...), func(n string) bool { return nameKey(n) == k })
}

// roleAgrees reports whether a detected role is the gold role or one of its
// variants, alone or followed by the gold affiliation ("senior analyst at
// the Korea Institute for National Unification").
func (gp goldPerson) roleAgrees(role string) bool {
	got := phraseKey(role)
	for _, want := range append([]string{gp.Role}, gp.RoleVariants...) {
		w := phraseKey(want)
		if got == w {
			return true
		}
		for _, aff := range append([]string{gp.Affiliation}, gp.AffiliationVariants...) {
			if a := phraseKey(aff); a != "" && w != "" {
				for _, link := range []string{" at ", " of ", " for ", " with ", " at the ", " of the ", " for the ", " with the ", " "} {
					if got == w+link+a {
						return true
					}
				}
			}
		}
	}
	return false
}

// affiliationAgrees reports whether the detected affiliation is the gold
// one or a variant, or, when none was detected, the role carries it.
func (gp goldPerson) affiliationAgrees(aff, role string) bool {
	got := phraseKey(aff)
	for _, want := range append([]string{gp.Affiliation}, gp.AffiliationVariants...) {
		w := phraseKey(want)
		if got == w || got == "" && w != "" && strings.Contains(" "+phraseKey(role)+" ", " "+w+" ") {
			return true
		}
	}
	return false
}

// evalScore is what one half of the set reaches.
type evalScore struct {
	Articles, Passages                int
	DetectTP, DetectFP, DetectFN      int
	RoleAgree, AffAgree               int
	NativeWant, NativeGot             int
	Named, Right, Wrong, Unattributed int
	Unnamed, UnnamedNamed             int
	// BySource counts the unnamed passages per source ("anonymous",
	// "organisation", "reporter", "author"): [0] all, [1] given a name.
	BySource map[string][2]int
	Failures []string
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func (s evalScore) DetectPrecision() float64 { return ratio(s.DetectTP, s.DetectTP+s.DetectFP) }
func (s evalScore) DetectRecall() float64    { return ratio(s.DetectTP, s.DetectTP+s.DetectFN) }
func (s evalScore) RoleAgreement() float64   { return ratio(s.RoleAgree, s.DetectTP) }
func (s evalScore) AffAgreement() float64    { return ratio(s.AffAgree, s.DetectTP) }
func (s evalScore) Accuracy() float64        { return ratio(s.Right, s.Named) }

// scoreCase runs Detect (through Analyze) and Suggest on one article and
// adds the outcome to s; failures are described for the dev half.
func (s *evalScore) scoreCase(c evalCase) {
	g := c.Gold
	s.Articles++
	s.Passages += len(g.Passages)
	fail := func(format string, args ...any) {
		s.Failures = append(s.Failures, g.Article+": "+fmt.Sprintf(format, args...))
	}
	a := attrib.Analyze(c.Text)
	matched := make([]bool, len(g.People))
	for _, p := range a.People() {
		i := slices.IndexFunc(g.People, func(gp goldPerson) bool { return gp.matches(p.Name) })
		if i < 0 || matched[i] {
			s.DetectFP++
			what := "not quoted in gold"
			if i >= 0 {
				what = "second entry for " + g.People[i].Name
			} else if slices.ContainsFunc(g.NotPeople, func(n string) bool { return nameKey(n) == nameKey(p.Name) }) {
				what = "listed as not a person"
			}
			fail("detected %q (role %q): %s", p.Name, p.Role, what)
			continue
		}
		matched[i] = true
		s.DetectTP++
		gp := g.People[i]
		if gp.roleAgrees(p.Role) {
			s.RoleAgree++
		} else {
			fail("%s: role %q, want %q", gp.Name, p.Role, gp.Role)
		}
		if gp.affiliationAgrees(p.Affiliation, p.Role) {
			s.AffAgree++
		} else {
			fail("%s: affiliation %q, want %q", gp.Name, p.Affiliation, gp.Affiliation)
		}
		if gp.Native != "" {
			s.NativeWant++
			if slices.Contains(p.Aliases, gp.Native) {
				s.NativeGot++
			} else {
				fail("%s: aliases %q lack %q", gp.Name, p.Aliases, gp.Native)
			}
		}
	}
	for i, gp := range g.People {
		if !matched[i] {
			s.DetectFN++
			fail("missed %q", gp.Name)
			if gp.Native != "" {
				s.NativeWant++
			}
		}
	}
	for i, p := range g.Passages {
		name, ok := a.Suggest(c.Spans[i])
		at, _ := a.Attribute(c.Spans[i])
		got := fmt.Sprintf("got %q (source %q, cue %q)", name, at.Source, slice(c.Text, at.Cue))
		if p.Speaker == "" {
			s.Unnamed++
			if s.BySource == nil {
				s.BySource = map[string][2]int{}
			}
			n := s.BySource[p.Source]
			n[0]++
			if ok {
				n[1]++
			}
			s.BySource[p.Source] = n
			if ok {
				s.UnnamedNamed++
				fail("%s passage %.50q named: %s", p.Source, p.Text, got)
			}
			continue
		}
		s.Named++
		gp := g.People[slices.IndexFunc(g.People, func(gp goldPerson) bool { return gp.Name == p.Speaker })]
		switch {
		case !ok:
			s.Unattributed++
			fail("%s passage %.50q by %s unattributed: %s", p.Kind, p.Text, p.Speaker, got)
		case gp.matches(name):
			s.Right++
		default:
			s.Wrong++
			fail("%s passage %.50q by %s given to someone else: %s", p.Kind, p.Text, p.Speaker, got)
		}
	}
}

func slice(text string, sp annotate.Span) string {
	r := []rune(text)
	if sp.Start < 0 || sp.End > len(r) || sp.Start >= sp.End {
		return ""
	}
	return string(r[sp.Start:sp.End])
}

// scoreEval scores each half. With ATTRIB_EVAL_HALF=dev in the
// environment the held-out half is not run at all, so that tuning never
// looks at it, not even through a crash.
func scoreEval(cases []evalCase) map[string]*evalScore {
	out := map[string]*evalScore{}
	for _, h := range evalHalves {
		out[h] = &evalScore{}
	}
	only := os.Getenv("ATTRIB_EVAL_HALF")
	for _, c := range cases {
		if only == "" || only == c.Half {
			out[c.Half].scoreCase(c)
		}
	}
	return out
}

func (s evalScore) summary() string {
	var by []string
	for _, src := range evalSources[1:] {
		n := s.BySource[src]
		by = append(by, fmt.Sprintf("%s %d/%d", src, n[1], n[0]))
	}
	return fmt.Sprintf("%d articles, %d passages: detection P %.2f R %.2f (tp %d fp %d fn %d); role %.2f, affiliation %.2f of %d matched; native aliases %d/%d; attribution %.2f (%d right, %d wrong, %d unattributed of %d named); unnamed given a name %d of %d (%s)",
		s.Articles, s.Passages, s.DetectPrecision(), s.DetectRecall(), s.DetectTP, s.DetectFP, s.DetectFN,
		s.RoleAgreement(), s.AffAgreement(), s.DetectTP, s.NativeGot, s.NativeWant,
		s.Accuracy(), s.Right, s.Wrong, s.Unattributed, s.Named, s.UnnamedNamed, s.Unnamed, strings.Join(by, ", "))
}

// evalFloor is the least a half of the set must reach.
type evalFloor struct {
	Precision, Recall, Accuracy float64 // detection and attribution
	MaxWrong                    int     // passages given to the wrong person
	MaxUnnamedNamed             int     // unnamed sources given a name
	MinNative                   int     // native-script aliases found
}

// evalFloors are the floors TestEval asserts. Held out: the targets of
// issue 19 (detection precision and recall and attribution at least 0.9,
// no anonymous source or organisation given a name), with wrong
// attributions and native aliases at what the rules reached (3 wrong, 7 of
// 7 aliases) plus or minus one. Dev: what the rules reached (1.00, 0.99,
// 1.00, none wrong, 2 of 2 aliases) less a small margin. The held-out
// figures were looked at three times while the rules were tuned (see
// doc.go); a change that needs these floors lowered is a regression.
var evalFloors = map[string]evalFloor{
	"dev":     {Precision: 0.97, Recall: 0.97, Accuracy: 0.97, MaxWrong: 1, MaxUnnamedNamed: 0, MinNative: 2},
	"heldout": {Precision: 0.90, Recall: 0.90, Accuracy: 0.90, MaxWrong: 4, MaxUnnamedNamed: 0, MinNative: 6},
}

// check reports where s falls below f.
func (s evalScore) check(f evalFloor) []string {
	var bad []string
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"detection precision", s.DetectPrecision(), f.Precision},
		{"detection recall", s.DetectRecall(), f.Recall},
		{"attribution", s.Accuracy(), f.Accuracy},
	} {
		if c.got < c.want {
			bad = append(bad, fmt.Sprintf("%s %.3f, want at least %.2f", c.what, c.got, c.want))
		}
	}
	if s.Wrong > f.MaxWrong {
		bad = append(bad, fmt.Sprintf("%d passages given to the wrong person, want at most %d", s.Wrong, f.MaxWrong))
	}
	if s.UnnamedNamed > f.MaxUnnamedNamed {
		bad = append(bad, fmt.Sprintf("%d unnamed sources given a name, want at most %d", s.UnnamedNamed, f.MaxUnnamedNamed))
	}
	if s.NativeGot < f.MinNative {
		bad = append(bad, fmt.Sprintf("%d native-script aliases, want at least %d", s.NativeGot, f.MinNative))
	}
	return bad
}

// TestEval checks the evaluation set, logs what the rules reach on each
// half, with the failures of the dev half only (the held-out half is not
// to be looked at case by case), and fails below evalFloors. With
// ATTRIB_EVAL_HALF=dev only the dev half is run and checked.
func TestEval(t *testing.T) {
	cases := loadEval(t)
	scores := scoreEval(cases)
	only := os.Getenv("ATTRIB_EVAL_HALF")
	for _, h := range evalHalves {
		if only != "" && only != h {
			continue
		}
		t.Logf("%s: %s", h, scores[h].summary())
		for _, bad := range scores[h].check(evalFloors[h]) {
			t.Errorf("%s half: %s", h, bad) // names no passage: safe for the held-out half
		}
	}
	type count struct{ articles, passages int }
	shapes := map[string]map[string]count{}
	for _, c := range cases {
		if shapes[c.Gold.Shape] == nil {
			shapes[c.Gold.Shape] = map[string]count{}
		}
		n := shapes[c.Gold.Shape][c.Half]
		shapes[c.Gold.Shape][c.Half] = count{n.articles + 1, n.passages + len(c.Gold.Passages)}
	}
	for _, sh := range evalShapes {
		t.Logf("shape %-10s dev %d articles %3d passages, heldout %d articles %3d passages", sh,
			shapes[sh]["dev"].articles, shapes[sh]["dev"].passages, shapes[sh]["heldout"].articles, shapes[sh]["heldout"].passages)
	}
	t.Logf("dev failures (%d):", len(scores["dev"].Failures))
	for _, f := range scores["dev"].Failures {
		t.Log("  " + f)
	}
}

// BenchmarkEval times Analyze, People and Suggest over the whole set and
// reports the figures of each half beside the targets of issue 19 (held
// out: detection precision and recall >= 0.9, attribution >= 0.9, no
// unnamed source given a name) and the baseline, what the rules reached
// when the set was made, before any tuning: dev detection P 0.86 R 0.87,
// attribution 0.76 (16 wrong), 6 unnamed named; heldout P 0.87 R 0.92,
// attribution 0.78 (12 wrong), 8 unnamed named. After the tuning of issue
// 19: dev P 1.00 R 0.99, attribution 1.00 (none wrong), none named;
// heldout P 0.99 R 0.98, attribution 0.91 (3 wrong), none named.
func BenchmarkEval(b *testing.B) {
	cases := loadEval(b)
	for b.Loop() {
		for _, c := range cases {
			a := attrib.Analyze(c.Text)
			a.People()
			for _, sp := range c.Spans {
				a.Suggest(sp)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(cases)), "ns/article")
	scores := scoreEval(cases)
	for _, h := range evalHalves {
		s := scores[h]
		b.ReportMetric(s.DetectPrecision(), h+"-detect-P")
		b.ReportMetric(s.DetectRecall(), h+"-detect-R")
		b.ReportMetric(s.RoleAgreement(), h+"-role-agree")
		b.ReportMetric(s.AffAgreement(), h+"-aff-agree")
		b.ReportMetric(s.Accuracy(), h+"-attrib-acc")
		b.ReportMetric(float64(s.Wrong), h+"-attrib-wrong")
		b.ReportMetric(float64(s.Unattributed), h+"-attrib-none")
		b.ReportMetric(float64(s.UnnamedNamed), h+"-unnamed-named")
	}
	b.Logf("targets on heldout: detect-P >= 0.90, detect-R >= 0.90, attrib-acc >= 0.90, unnamed-named = 0")
	b.Logf("baseline before tuning: dev P 0.86 R 0.87 acc 0.76 wrong 16 unnamed-named 6; heldout P 0.87 R 0.92 acc 0.78 wrong 12 unnamed-named 8")
	b.Logf("after issue 19: dev P 1.00 R 0.99 acc 1.00 wrong 0 unnamed-named 0; heldout P 0.99 R 0.98 acc 0.91 wrong 3 unnamed-named 0")
}

// TestEvalMatching pins the harness's matching rules, so that a change to
// them that would flatter (or punish) the rules shows up here.
func TestEvalMatching(t *testing.T) {
	kim := goldPerson{Name: "Kim Jong Un", Role: "leader", RoleVariants: []string{"North Korean leader"}}
	cho := goldPerson{Name: "Cho Eun-ji", Role: "senior analyst", Affiliation: "Korea Institute for National Unification"}
	pell := goldPerson{Name: "Loretta Pell", RoleVariants: []string{"retired bus driver"}}
	t.Run("names", func(t *testing.T) {
		for _, c := range []struct {
			p    goldPerson
			name string
			want bool
		}{
			{kim, "Kim Jong Un", true},
			{kim, "kim jong-un", true},
			{kim, "KIM JŎNG UN", true},
			{kim, "Kim", false},
			{kim, "Kim Jong Un (김정은)", false},
			{kim, "North Korean leader Kim Jong Un", false},
			{goldPerson{Name: "Liam O’Brien"}, "Liam O'Brien", true},
			{goldPerson{Name: "Hartwell", Variants: []string{"Mr Justice Hartwell"}}, "Mr Justice Hartwell", true},
		} {
			if got := c.p.matches(c.name); got != c.want {
				t.Errorf("%q matches %q: got %v want %v", c.p.Name, c.name, got, c.want)
			}
		}
	})
	t.Run("roles", func(t *testing.T) {
		for _, c := range []struct {
			p    goldPerson
			role string
			want bool
		}{
			{cho, "a senior analyst", true},
			{cho, "Senior Analyst", true},
			{cho, "its senior analyst", true},
			{cho, "a senior analyst at the Korea Institute for National Unification", true},
			{cho, "analyst", false},
			{cho, "a senior analyst in Seoul", false},
			{cho, "", false},
			{kim, "North Korean leader", true},
			{pell, "", true},
			{pell, "a retired bus driver", true},
			{pell, "driver", false},
		} {
			if got := c.p.roleAgrees(c.role); got != c.want {
				t.Errorf("%s role %q: got %v want %v", c.p.Name, c.role, got, c.want)
			}
		}
	})
	t.Run("affiliations", func(t *testing.T) {
		for _, c := range []struct {
			p         goldPerson
			aff, role string
			want      bool
		}{
			{cho, "the Korea Institute for National Unification", "senior analyst", true},
			{cho, "", "senior analyst at the Korea Institute for National Unification", true},
			{cho, "", "senior analyst", false},
			{cho, "Seoul", "senior analyst", false},
			{kim, "", "leader", true},
			{kim, "Pyongyang", "leader", false},
		} {
			if got := c.p.affiliationAgrees(c.aff, c.role); got != c.want {
				t.Errorf("%s affiliation %q role %q: got %v want %v", c.p.Name, c.aff, c.role, got, c.want)
			}
		}
	})
	t.Run("findOnce", func(t *testing.T) {
		for _, c := range []struct {
			text, s string
			want    annotate.Span
			ok      bool
		}{
			{"Kim (김정은) said “no”.", "no", annotate.Span{Start: 16, End: 18}, true},
			{"no, no", "no", annotate.Span{}, false},
			{"aaa", "aa", annotate.Span{}, false},
			{"yes", "no", annotate.Span{}, false},
			{"a no b", " no", annotate.Span{}, false},
		} {
			got, err := findOnce(c.text, c.s)
			if (err == nil) != c.ok || got != c.want {
				t.Errorf("findOnce(%q, %q): got %v, %v want %v, ok %v", c.text, c.s, got, err, c.want, c.ok)
			}
		}
	})
	t.Run("split", func(t *testing.T) {
		var cases []evalCase
		raw := map[string][]byte{}
		add := func(name, shape, data string) {
			cases = append(cases, evalCase{Gold: goldArticle{Article: name, Shape: shape}})
			raw[name] = []byte(data)
		}
		for i := range 5 {
			add(fmt.Sprintf("wire-%d.txt", i), "wire", "a\n")
		}
		add("local-1.txt", "local", "a\n")
		add("opinion-a.md", "opinion", "a\n")
		add("opinion-b.md", "opinion", "a\n")
		add("wire-crlf-a.txt", "wire", "a\r\n")
		add("local-crlf-b.txt", "local", "a\r\n")
		half := evalSplit(cases, raw)
		count := func(pred func(string) bool) (dev, held int) {
			for name, h := range half {
				if pred(name) {
					if h == "dev" {
						dev++
					} else {
						held++
					}
				}
			}
			return dev, held
		}
		for _, c := range []struct {
			what string
			pred func(string) bool
		}{
			{"all", func(string) bool { return true }},
			{"markdown", func(n string) bool { return strings.HasSuffix(n, ".md") }},
			{"crlf", func(n string) bool { return strings.Contains(n, "crlf") }},
			{"wire", func(n string) bool { return strings.HasPrefix(n, "wire") }},
		} {
			if dev, held := count(c.pred); dev-held > 1 || held-dev > 1 {
				t.Errorf("%s: %d dev, %d heldout, want at most one apart", c.what, dev, held)
			}
		}
		if dev, held := count(func(n string) bool { return strings.HasSuffix(n, ".md") }); dev != 1 || held != 1 {
			t.Errorf("markdown: %d dev, %d heldout, want one each", dev, held)
		}
		if again := evalSplit(cases, raw); !maps.Equal(again, half) {
			t.Errorf("split is not deterministic: %v then %v", half, again)
		}
	})
}
