package qdpx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// zipDir zips a folder of testdata, as a .qdpx.
func zipDir(t testing.TB, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		w, err := zw.Create(filepath.ToSlash(rel))
		if err == nil {
			_, err = w.Write(data)
		}
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipOf builds a zip of the named entries, in order.
func zipOf(t testing.TB, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(entries); i += 2 {
		w, err := zw.Create(entries[i])
		if err == nil {
			_, err = w.Write([]byte(entries[i+1]))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(t testing.TB, data []byte, opts ReadOptions) (*Result, error) {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = testTime
	}
	return Read(bytes.NewReader(data), int64(len(data)), opts)
}

// summary is one imported annotation as the foreign project's author
// would describe it.
type summary struct {
	article, quote string
	kind           annotate.Kind
	tags           []string
	note, creator  string
	speaker        string
}

func summarize(b *bundle.Bundle) []summary {
	title := map[string]string{}
	for _, a := range b.Articles {
		title[a.ID] = a.Title
	}
	speaker := map[string]string{}
	for _, s := range b.Speakers {
		speaker[s.ID] = s.Name
	}
	var out []summary
	for _, n := range b.Annotations {
		out = append(out, summary{title[n.ArticleID], n.Quote.Exact, n.Kind, n.Tags, n.Note, n.Creator, speaker[n.SpeakerID]})
	}
	return out
}

func TestReadForeignProject(t *testing.T) {
	data := zipDir(t, "testdata/foreign")
	for _, tc := range []struct {
		name  string
		kinds map[string]annotate.Kind
		claim annotate.Kind // the kind of annotations coded "Claims"
		tags  func(tags ...string) []string
	}{
		{"codes are tags", nil, annotate.KindEvidence, func(tags ...string) []string { return tags }},
		{"a code mapped to a kind", map[string]annotate.Kind{"claims": annotate.KindClaim}, annotate.KindClaim,
			func(tags ...string) []string {
				return slices.DeleteFunc(slices.Clone(tags), func(s string) bool { return s == "Claims" })
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := read(t, data, ReadOptions{Creator: "importer", Kinds: tc.kinds})
			if err != nil {
				t.Fatal(err)
			}
			b := res.Bundle
			var titles []string
			for _, a := range b.Articles {
				titles = append(titles, a.Title)
			}
			if want := []string{"Port talks collapse", "Strike enters second week", "Ministers meet"}; !slices.Equal(titles, want) {
				t.Errorf("got articles %q, want %q", titles, want)
			}
			if got, want := b.Articles[0].Text, "Port talks collapse\n\nThe minister said on Tuesday that wages would rise by four percent next year.\nUnion leaders rejected the offer as an insult to dock workers.\n\nShipping companies warned that the strike could cost millions every day.\nAnalysts expect a deal before the end of the month."; got != want {
				t.Errorf("got text %q, want %q", got, want)
			}
			if got := b.Articles[1].URL; got != "https://news.example.org/strike-week-two" {
				t.Errorf("got URL %q from the source's variable", got)
			}
			if a := b.Articles[2]; !slices.Equal(a.Tags, []string{"Economy"}) || a.Note != "Transcribed from the ministry's press release." {
				t.Errorf("got source tags %q and note %q, want its coding and memo", a.Tags, a.Note)
			}
			kindOf := func(claims bool) annotate.Kind {
				if claims {
					return tc.claim
				}
				return annotate.KindEvidence
			}
			want := []summary{
				{"Port talks collapse", "wages would rise by four percent next year", kindOf(true), tc.tags("Economy/Wages", "Claims"), "The ministry's own forecast says two percent.", "Dana Researcher", "Minister Lee"},
				{"Port talks collapse", "Union leaders rejected the offer", kindOf(false), tc.tags("Economy/Ports/Strikes"), "", "Eli Coder", ""},
				{"Port talks collapse", "the strike could cost millions every day", kindOf(true), tc.tags("Claims", "Economy"), "Check the shipping association's figures.", "importer", ""},
				{"Strike enters second week", "eighth day", kindOf(false), tc.tags("Economy/Ports/Strikes"), "", "importer", ""},
				{"Strike enters second week", "ships were waiting offshore", kindOf(false), tc.tags("Economy/Ports"), "", "importer", "Port Authority"},
				{"Strike enters second week", "Freight prices rose sharply", kindOf(true), tc.tags("Claims"), "", "importer", ""},
				{"Strike enters second week", "talks would resume on Friday", kindOf(false), tc.tags("Economy/Wages"), "", "importer", ""},
				{"Ministers meet", "unions", kindOf(false), nil, "", "importer", ""},
				{"Ministers meet", "described as constructive", kindOf(false), nil, "Both sides used the same word.", "importer", ""},
			}
			got := summarize(b)
			if len(got) != len(want) {
				t.Fatalf("got %d annotations %+v, want %d", len(got), got, len(want))
			}
			for i := range want {
				if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
					t.Errorf("annotation %d:\ngot  %+v\nwant %+v", i, got[i], want[i])
				}
			}
			for _, n := range b.Annotations {
				if n.Kind == annotate.KindClaim && n.Status != annotate.StatusUnverified {
					t.Errorf("a claim read from another tool has verdict %q, want unverified", n.Status)
				}
			}
			if n := b.Annotations[1]; !n.Modified.Equal(time.Date(2025, 11, 3, 8, 0, 0, 0, time.UTC)) || !n.Created.Equal(time.Date(2025, 11, 2, 10, 21, 0, 0, time.UTC)) {
				t.Errorf("got created %v, modified %v from the selection's dates", n.Created, n.Modified)
			}
			if len(b.Speakers) != 2 || b.Speakers[0].Role != "minister" || b.Speakers[0].Note != "Minister of transport" {
				t.Errorf("got speakers %+v, want Minister Lee (a minister) and Port Authority, not the interview case", b.Speakers)
			}
			if len(b.Links) != 2 || b.Links[0].Relation != annotate.RelContradicts || b.Links[1].Relation != annotate.RelRelated ||
				b.Links[1].Note != "explains" || b.Links[1].To.Type != annotate.RefArticle {
				t.Errorf("got links %+v, want contradicts between selections and related (explains) to an article", b.Links)
			}
			wantSkipped := []string{
				`source "Press photo caption" skipped: a PDF source, not text`,
				`selection "Quotation 4" of source "Port talks collapse" skipped: positions 500-520 fall outside the text`,
				`selection "Analysts expect a deal before the end" of source "Port talks collapse" skipped: its name "Analysts expect a deal before the end" quotes the text elsewhere`,
				`source "Interview with a docker" skipped: it has rich text only`,
				`1 links skipped`,
			}
			if len(res.Skipped) != len(wantSkipped) {
				t.Errorf("got skipped %q, want %d lines", res.Skipped, len(wantSkipped))
			}
			for i, w := range wantSkipped {
				if i < len(res.Skipped) && !strings.HasPrefix(res.Skipped[i], w) {
					t.Errorf("skipped[%d]: got %q, want it to start %q", i, res.Skipped[i], w)
				}
			}
			wantNotes := []string{
				`source "Port talks collapse": positions count a CR LF line break as one character (as ATLAS.ti does)`,
				`source "Strike enters second week": positions count a CR LF line break as two characters (as MAXQDA does)`,
				`source "Ministers meet": positions count characters outside the BMP as two (UTF-16)`,
			}
			if !slices.Equal(res.Notes, wantNotes) {
				t.Errorf("got notes %q, want %q", res.Notes, wantNotes)
			}
		})
	}
}

func TestReadRefuses(t *testing.T) {
	small := string(entries(t, export(t, testBundle(t, 1, 2)))[ProjectName])
	withProject := func(project string) []byte { return zipOf(t, ProjectName, project) }
	laughs := `<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>`
	external := `<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>&xxe;</Description></Project>`
	minimal := `<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><TextSource guid="3F2504E0-4F89-41D3-9A0C-0305E82C3301" plainTextPath="%s"/></Sources></Project>`
	for _, tc := range []struct {
		name   string
		data   []byte
		limits Limits
		want   string
	}{
		{"not a zip", []byte("PK\x03\x04 garbage"), Limits{}, "not a zip archive"},
		{"path traversal", zipOf(t, ProjectName, small, "../../evil.txt", "x"), Limits{}, `climbs out of the project`},
		{"absolute path", zipOf(t, ProjectName, small, "/etc/cron.d/x", "x"), Limits{}, "not a relative path"},
		{"windows path", zipOf(t, ProjectName, small, `sources\..\..\x`, "x"), Limits{}, "not a relative path"},
		{"duplicate entry", zipOf(t, ProjectName, small, ProjectName, small), Limits{}, "appears twice"},
		{"missing project.qde", zipOf(t, "sources/a.txt", "text"), Limits{}, "no project.qde"},
		{"billion laughs", withProject(laughs), Limits{}, "DOCTYPE"},
		{"external entity", withProject(external), Limits{}, "DOCTYPE"},
		{"undeclared entity", withProject(`<Project xmlns="urn:QDA-XML:project:1.0" name="&lol;"/>`), Limits{}, "not well-formed"},
		{"oversized project", withProject(small + strings.Repeat(" ", 2<<20)), Limits{MaxProjectBytes: 1 << 20}, "expands past 1048576 bytes"},
		{"oversized source", zipOf(t, ProjectName, fmt.Sprintf(minimal, "internal://a.txt"), "sources/a.txt", strings.Repeat("word ", 1<<20)), Limits{MaxSourceBytes: 1 << 20}, "expands past"},
		{"over the total", zipOf(t, ProjectName, fmt.Sprintf(minimal, "internal://a.txt"), "sources/a.txt", strings.Repeat("word ", 1<<20)), Limits{MaxTotalBytes: 1 << 20}, "expands past"},
		{"too many entries", zipOf(t, ProjectName, small, "sources/a.txt", "a", "sources/b.txt", "b"), Limits{MaxEntries: 2}, "3 entries; the limit is 2"},
		{"too many elements", withProject(small), Limits{MaxElements: 10}, "more than 10 elements"},
		{"too deep", withProject(small), Limits{MaxDepth: 3}, "deeper than 3"},
		{"source path leaves the folder", zipOf(t, ProjectName, fmt.Sprintf(minimal, "internal://../project.qde")), Limits{}, "leaves the project's sources folder"},
		{"not XML", withProject("{not xml}"), Limits{}, "not well-formed"},
		{"truncated XML", withProject(small[:len(small)/2]), Limits{}, "not well-formed"},
		{"ISO-8859-1", withProject(`<?xml version="1.0" encoding="ISO-8859-1"?><Project/>`), Limits{}, "only UTF-8"},
		{"wrong root", withProject(`<Codebook xmlns="urn:QDA-XML:project:1.0"/>`), Limits{}, "root element is <Codebook>"},
		{"no namespace", withProject(`<Project name="x"/>`), Limits{}, "not \"urn:QDA-XML:project:1.0\""},
		{"empty Codes with a TextSource", withProject(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes/></CodeBook><Sources><TextSource/></Sources></Project>`), Limits{}, "<TextSource> lacks its guid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := read(t, tc.data, ReadOptions{Limits: tc.limits})
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want a refusal mentioning %q", err, tc.want)
			}
			if res != nil {
				t.Errorf("got a result %+v with the refusal", res)
			}
		})
	}
}

// TestStructureAgreesWithXmllint runs the schema check Read does and
// xmllint's on the same documents: valid ones, and ones broken in each
// way the check knows.
func TestStructureAgreesWithXmllint(t *testing.T) {
	own := string(entries(t, export(t, testBundle(t, 2, 6)))[ProjectName])
	foreign, err := os.ReadFile("testdata/foreign/project.qde")
	if err != nil {
		t.Fatal(err)
	}
	const guid = "3F2504E0-4F89-41D3-9A0C-0305E82C3301"
	doc := func(body string) string {
		return `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">` + body + `</Project>`
	}
	src := func(inner string) string {
		return doc(`<Sources><TextSource guid="` + guid + `" plainTextPath="internal://a.txt">` + inner + `</TextSource></Sources>`)
	}
	sel := func(attrs string) string { return src(`<PlainTextSelection guid="` + guid[:35] + `2"` + attrs + `/>`) }
	for _, tc := range []struct {
		name  string
		doc   string
		valid bool
		// lenient: xmllint refuses it, Read accepts it (an empty list;
		// see emptyList)
		lenient bool
	}{
		{"Marginalia's export", own, true, false},
		{"the foreign project", string(foreign), true, false},
		{"minimal", doc(""), true, false},
		{"braced GUID", doc(`<Users><User guid="{` + guid + `}"/></Users>`), true, false},
		{"selection", sel(` startPosition="1" endPosition="+2"`), true, false},
		{"children out of order", doc(`<Sources><TextSource guid="` + guid + `"/></Sources><Users><User guid="` + guid + `"/></Users>`), false, false},
		{"empty Sources", doc(`<Sources/>`), false, true},
		{"empty Users", doc(`<Users/>`), false, true},
		{"CodeBook without Codes", doc(`<CodeBook/>`), false, true},
		{"empty Codes", doc(`<CodeBook><Codes/></CodeBook>`), false, true},
		{"Code inside empty-looking Codes still checked", doc(`<CodeBook><Codes><Code guid="` + guid + `"/></Codes></CodeBook>`), false, false},
		{"no project name", `<Project xmlns="urn:QDA-XML:project:1.0"/>`, false, false},
		{"bad GUID", doc(`<Users><User guid="not-a-guid"/></Users>`), false, false},
		{"GUID one digit short", doc(`<Users><User guid="` + guid[:35] + `"/></Users>`), false, false},
		{"position not an integer", sel(` startPosition="1.5" endPosition="2"`), false, false},
		{"position missing", sel(` startPosition="1"`), false, false},
		{"unknown element", src(`<Highlight/>`), false, false},
		{"text in a complex element", doc(`<Users>hello<User guid="` + guid + `"/></Users>`), false, false},
		{"code without isCodable", doc(`<CodeBook><Codes><Code guid="` + guid + `" name="c"/></Codes></CodeBook>`), false, false},
		{"bad colour", doc(`<CodeBook><Codes><Code guid="` + guid + `" name="c" isCodable="true" color="red"/></Codes></CodeBook>`), false, false},
		{"bad boolean", doc(`<CodeBook><Codes><Code guid="` + guid + `" name="c" isCodable="yes"/></Codes></CodeBook>`), false, false},
		{"bad date", doc(`<Users><User guid="` + guid + `"/></Users><Sources><TextSource guid="` + guid + `" creationDateTime="yesterday"/></Sources>`), false, false},
		{"bad direction", doc(`<Links><Link guid="` + guid + `" direction="Sideways"/></Links>`), false, false},
		{"coding without CodeRef", src(`<Coding guid="` + guid + `"/>`), false, false},
		{"two descriptions", src(`<Description>a</Description><Description>b</Description>`), false, false},
		{"selection before content", src(`<PlainTextSelection guid="` + guid + `" startPosition="0" endPosition="1"/><PlainTextContent>x</PlainTextContent>`), false, false},
		{"variable value without ref", src(`<VariableValue><TextValue>x</TextValue></VariableValue>`), false, false},
		{"integer value not an integer", src(`<VariableValue><VariableRef targetGUID="` + guid + `"/><IntegerValue>x</IntegerValue></VariableValue>`), false, false},
		{"element in another namespace", doc(`<x:Users xmlns:x="urn:other"/>`), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeProject([]byte(tc.doc), DefaultLimits())
			if (err == nil) != (tc.valid || tc.lenient) {
				t.Errorf("Read's check: got %v, want valid %v", err, tc.valid || tc.lenient)
			}
			if lintErr := xmllint(t, []byte(tc.doc)); (lintErr == nil) != tc.valid {
				t.Errorf("xmllint: got %v, want valid %v", lintErr, tc.valid)
			}
		})
	}
}

func TestNormalizeMapped(t *testing.T) {
	for _, raw := range []string{
		"",
		"plain",
		"\n\n  lead\r\n\r\n\r\ntwo  \r\nthree\t\n\n\n",
		"cafe\u0301 au lait\rnext\r\rlast \u00a0",
		"e\u0301\u0301x\r\n",
		"🚢 ship\r\n\r\n🚢\r\n",
		"a \n \n b",
	} {
		t.Run(fmt.Sprintf("%q", raw), func(t *testing.T) {
			rr := []rune(raw)
			text, m := normalizeMapped(rr)
			if want := annotate.NormalizeText(raw); text != want {
				t.Fatalf("got %q, want %q", text, want)
			}
			tr := []rune(text)
			if len(m) != len(rr)+1 || m[len(rr)] != int32(len(tr)) {
				t.Fatalf("got a map of %d ending at %d, want %d ending at %d", len(m), m[len(m)-1], len(rr)+1, len(tr))
			}
			last := int32(0)
			for i, v := range m {
				if v < 0 {
					continue
				}
				if v < last {
					t.Errorf("boundary %d maps to %d, before %d", i, v, last)
				}
				last = v
				// A kept character stays itself where it is mapped to.
				if i < len(rr) && int(v) < len(tr) && m[i+1] == v+1 && tr[v] != rr[i] && rr[i] != '\r' {
					t.Errorf("rune %d %q maps onto %q", i, rr[i], tr[v])
				}
			}
		})
	}
}

func TestCountings(t *testing.T) {
	st, err := newSourceText([]byte("\uFEFFa\r\nb🚢c\r\nd"))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(st.countings()); got != 4 {
		t.Fatalf("got %d countings, want 4 (CR LF and UTF-16 each two ways)", got)
	}
	for _, c := range st.countings() {
		seen := map[int]bool{}
		for i := 0; i <= len(st.raw); i++ {
			u, ok := st.units(c, i)
			if !ok {
				if !c.crlfOne || i == 0 || st.raw[i-1] != '\r' {
					t.Errorf("%+v: boundary %d has no position", c, i)
				}
				continue
			}
			if seen[u] {
				t.Errorf("%+v: position %d twice", c, u)
			}
			seen[u] = true
			if back, ok := st.rawAt(c, u); !ok || back != i {
				t.Errorf("%+v: position %d of boundary %d maps back to %d, %v", c, u, i, back, ok)
			}
		}
		if _, ok := st.rawAt(c, len(st.raw)+5); ok {
			t.Errorf("%+v: a position past the end maps", c)
		}
	}
	// In UTF-16, position 5 falls inside the ship.
	if _, ok := st.rawAt(counting{utf16: true}, 5); ok {
		t.Error("a position inside a surrogate pair maps")
	}
}
