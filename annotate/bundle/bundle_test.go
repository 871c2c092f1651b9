package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
)

var testTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// testBundle makes a valid bundle of n articles with per annotations each,
// two speakers and a link per article.
func testBundle(t testing.TB, n, per int) *Bundle {
	t.Helper()
	b := &Bundle{Speakers: []annotate.Speaker{
		{ID: annotate.NewID(), Name: "José Álvarez", Aliases: []string{"J. Álvarez"}},
		{ID: annotate.NewID(), Name: "Port Authority"},
	}}
	for i := range n {
		text := fmt.Sprintf("Article %d. The union said: “We have won.” <b>Not</b> & so on.\n\n", i) +
			strings.Repeat("Cargo handling would resume on Monday morning after talks broke down. ", 20)
		a, err := annotate.NewArticle(fmt.Sprintf("Port strike %d", i), text, testTime)
		if err != nil {
			t.Fatal(err)
		}
		b.Articles = append(b.Articles, a)
		txt := annotate.NewText(a.Text)
		for j := range per {
			start := (j * 37) % (txt.Len() - 60)
			ann, err := annotate.NewAnnotation(a.ID, txt, annotate.Span{Start: start, End: start + 10 + j%50}, annotate.Kinds()[j%5], "dana", testTime.Add(time.Duration(j)*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			ann.Note = strings.Repeat("a note ", j%20)
			ann.Tags = []string{"pay"}
			if j%3 == 0 {
				ann.SpeakerID = b.Speakers[j%2].ID
			}
			b.Annotations = append(b.Annotations, ann)
		}
		if i > 0 {
			b.Links = append(b.Links, annotate.Link{ID: annotate.NewID(), Relation: annotate.RelFollowUp, Created: testTime,
				From: annotate.Ref{Type: annotate.RefArticle, ID: b.Articles[i-1].ID}, To: annotate.Ref{Type: annotate.RefArticle, ID: a.ID}})
		}
	}
	return b
}

func records(t *testing.T, b *Bundle) string {
	t.Helper()
	data, err := json.Marshal([]any{b.Articles, b.Annotations, b.Speakers, b.Links})
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

type progressLog struct {
	t           *testing.T
	calls       int
	last, total int
}

func (p *progressLog) fn(done, total int) {
	if done < p.last || done > total || (p.total != 0 && total != p.total) {
		p.t.Errorf("progress went from %d/%d to %d/%d", p.last, p.total, done, total)
	}
	p.calls, p.last, p.total = p.calls+1, done, total
}

func (p *progressLog) check(wantTotal int) {
	p.t.Helper()
	if p.calls == 0 || p.last != p.total || p.total != wantTotal || p.calls > 210 {
		p.t.Errorf("got %d progress calls ending at %d/%d, want a few hundred at most ending at %d/%d", p.calls, p.last, p.total, wantTotal, wantTotal)
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name        string
		articles    int
		per         int
		annotations int // entries for annotations, at least
	}{
		{"empty", 0, 0, 0},
		{"small", 3, 5, 1},
		{"several entries", 40, 250, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := testBundle(t, tc.articles, tc.per)
			var buf bytes.Buffer
			wp := &progressLog{t: t}
			if err := Write(&buf, b, Manifest{AppVersion: "1.2.3", Creator: "dana", Created: testTime}, wp.fn); err != nil {
				t.Fatal(err)
			}
			wp.check(b.Counts().Total())

			rp := &progressLog{t: t}
			got, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()), Limits{}, rp.fn)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := records(t, got), records(t, b); g != w {
				t.Errorf("records differ after the round trip")
			}
			m := got.Manifest
			if m.Format != Format || m.Version != FormatVersion || m.AppVersion != "1.2.3" || m.Creator != "dana" || !m.Created.Equal(testTime) || m.Counts != b.Counts() {
				t.Errorf("got manifest %+v", m)
			}
			entries := 0
			var size int
			for _, e := range m.Entries {
				size += int(e.Size)
				if strings.HasPrefix(e.Name, "annotations/") {
					entries++
				}
			}
			if entries < tc.annotations {
				t.Errorf("got %d annotation entries, want at least %d", entries, tc.annotations)
			}
			if size > 0 {
				rp.check(size)
			}

			// The same input writes the same bytes.
			var again bytes.Buffer
			if err := Write(&again, b, Manifest{AppVersion: "1.2.3", Creator: "dana", Created: testTime}, nil); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.Bytes(), buf.Bytes()) {
				t.Errorf("writing the same bundle twice gave different bytes")
			}
		})
	}
}

func TestWriteRefusesInvalidBundle(t *testing.T) {
	b := testBundle(t, 1, 2)
	b.Annotations[1].Span.End += 3
	err := Write(&bytes.Buffer{}, b, Manifest{}, nil)
	if !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("got %v, want an error wrapping annotate.ErrInvalid", err)
	}
}

func TestVerify(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edit    func(b *Bundle)
		wantErr string
		wantExt External
	}{
		{"valid", func(*Bundle) {}, "", External{}},
		{"article without text", func(b *Bundle) { b.Articles[0].Text = "" }, "has no text", External{}},
		{"text does not match its hash", func(b *Bundle) { b.Articles[0].Text += "!" }, "hash does not match", External{}},
		{"same text twice", func(b *Bundle) {
			a := b.Articles[0]
			a.ID = annotate.NewID()
			b.Articles = append(b.Articles, a)
		}, "have the same text", External{}},
		{"speaker id is an article", func(b *Bundle) { b.Annotations[0].SpeakerID = b.Articles[0].ID }, "is an article in the bundle", External{}},
		{"link end of the wrong type", func(b *Bundle) { b.Links[0].To.Type = annotate.RefAnnotation }, "is an article in the bundle", External{}},
		{"annotation's article is a link", func(b *Bundle) { b.Annotations[0].ArticleID = b.Links[0].ID }, "is a link in the bundle", External{}},
		{"external records", func(b *Bundle) {
			b.Annotations[0].ArticleID = "art-elsewhere"
			b.Annotations[0].SpeakerID = "spk-elsewhere"
			b.Links[0].To = annotate.Ref{Type: annotate.RefAnnotation, ID: "ann-elsewhere"}
		}, "", External{Articles: []string{"art-elsewhere"}, Annotations: []string{"ann-elsewhere"}, Speakers: []string{"spk-elsewhere"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := testBundle(t, 2, 3)
			tc.edit(b)
			ext, err := b.Verify()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("got %v, want no error", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("got %v, want an error mentioning %q", err, tc.wantErr)
			case tc.wantErr != "" && !errors.Is(err, annotate.ErrInvalid):
				t.Errorf("got %v, want it to wrap annotate.ErrInvalid", err)
			}
			if fmt.Sprint(ext) != fmt.Sprint(tc.wantExt) || ext.Empty() != tc.wantExt.Empty() {
				t.Errorf("got external %+v, want %+v", ext, tc.wantExt)
			}
		})
	}
}

func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"manifest.json", true},
		{"articles/0001.json", true},
		{"", false},
		{"/etc/passwd", false},
		{"../x", false},
		{"a/../b", false},
		{"a/..", false},
		{"./a", false},
		{"a//b", false},
		{"dir/", false},
		{`a\b`, false},
		{"C:/x", false},
		{"c:x", false},
		{"a\x00b", false},
		{"tab\there", false},
	} {
		if err := checkName(tc.name); (err == nil) != tc.ok {
			t.Errorf("checkName(%q): got %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

func TestSplitEntryName(t *testing.T) {
	for _, tc := range []struct {
		name string
		kind string
		seq  int
		ok   bool
	}{
		{"articles/0001.json", "articles", 1, true},
		{"links/12345.json", "links", 12345, true},
		{"annotations/001.json", "", 0, false},
		{"annotations/00a1.json", "", 0, false},
		{"notes/0001.json", "", 0, false},
		{"speakers/0001.JSON", "", 0, false},
		{"speakers/0001.json/x", "", 0, false},
		{"manifest.json", "", 0, false},
	} {
		kind, seq, ok := splitEntryName(tc.name)
		if kind != tc.kind || seq != tc.seq || ok != tc.ok {
			t.Errorf("splitEntryName(%q): got %q, %d, %v; want %q, %d, %v", tc.name, kind, seq, ok, tc.kind, tc.seq, tc.ok)
		}
	}
}

// zipOf builds a zip archive of the named entries, in order.
func zipOf(t *testing.T, entries ...string) []byte {
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

func TestReadRefuses(t *testing.T) {
	b := testBundle(t, 2, 3)
	var good bytes.Buffer
	if err := Write(&good, b, Manifest{Created: testTime}, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		data   []byte
		limits Limits
		want   string
	}{
		{"garbage", []byte("PK\x03\x04 not really"), Limits{}, "not a zip archive"},
		{"truncated", good.Bytes()[:good.Len()-10], Limits{}, "truncated"},
		{"too many entries for the limit", good.Bytes(), Limits{MaxEntries: 3}, "the limit is 3"},
		{"entry too large for the limit", good.Bytes(), Limits{MaxEntryBytes: 100}, "the limit is 100"},
		{"total too large for the limit", good.Bytes(), Limits{MaxTotalBytes: 1000}, "in all"},
		{"too deep for the limit", good.Bytes(), Limits{MaxDepth: 2}, "nests deeper than 2"},
		{"manifest only", zipOf(t, ManifestName, `{"format":"marginalia-bundle","version":1,"created":"2026-01-01T00:00:00Z","counts":{"articles":1,"annotations":0,"speakers":0,"links":0},"entries":[]}`), Limits{}, "the manifest counts 1 articles"},
		{"version 0", zipOf(t, ManifestName, `{"format":"marginalia-bundle","version":0}`), Limits{}, "unknown format version 0"},
		{"trailing data", zipOf(t, ManifestName, `{"format":"marginalia-bundle","version":1,"entries":[]} {}`), Limits{}, "invalid JSON"},
		{"directory entry", zipOf(t, "articles/", ""), Limits{}, "not clean"},
		{"duplicate entry", zipOf(t, ManifestName, "{}", ManifestName, "{}"), Limits{}, "appears twice"},
		{"bad entry name in manifest", zipOf(t, ManifestName, `{"format":"marginalia-bundle","version":1,"entries":[{"name":"x.json","size":2,"sha256":""}]}`, "x.json", "[]"), Limits{}, "not a bundle entry name"},
		{"long unknown manifest field, quoted short", zipOf(t, ManifestName, `{"format":"marginalia-bundle","version":1,"`+strings.Repeat("x", 5000)+`":1}`),
			Limits{}, `json: unknown field "xxxx`},
		{"long entry name, quoted short", zipOf(t, ManifestName, `{"format":"marginalia-bundle","version":1,"entries":[]}`, strings.Repeat("x", 5000), ""),
			Limits{}, `"… (5000 bytes) is not in the manifest`},
		{"more records than an entry can hold", genBundle(t, []genEntry{{name: "links/0001.json", records: 1, pieces: []piece{lit("[]")}}},
			func(m *Manifest) { m.Entries[0].Records, m.Counts.Links = 1<<40, 1<<40 }), Limits{}, "cannot hold 1099511627776 records"},
		{"counts that disagree with the entries", genBundle(t, []genEntry{{name: "links/0001.json", pieces: []piece{lit("[]")}}},
			func(m *Manifest) { m.Counts.Links = 1 }), Limits{}, "but the entries hold"},
		{"more records than the memory allows", good.Bytes(), Limits{MaxRecordMemory: 1000}, "would take more than 0 MB of memory"},
		{"fewer records than announced", genBundle(t, []genEntry{{name: "links/0001.json", records: 1, pieces: []piece{lit("[]  ")}}}, nil),
			Limits{}, "0 records, but the manifest says 1"},
		{"entry longer than announced", genBundle(t, []genEntry{{name: "links/0001.json", pieces: []piece{lit("[]  ")}}},
			func(m *Manifest) { m.Entries[0].Size = 2 }), Limits{}, "expands past 2 bytes, the size the manifest announces"},
		{"checksum", genBundle(t, []genEntry{{name: "links/0001.json", pieces: []piece{lit("[]")}}},
			func(m *Manifest) { m.Entries[0].SHA256 = strings.Repeat("0", 64) }), Limits{}, "checksum mismatch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(tc.data), int64(len(tc.data)), tc.limits, nil)
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %.300v, want a refusal mentioning %q", err, tc.want)
			}
			if err != nil && len(err.Error()) > 300 {
				t.Errorf("got a message of %d bytes, want a short one", len(err.Error()))
			}
		})
	}
}

func TestDecodeStrict(t *testing.T) {
	for _, tc := range []struct {
		json string
		want string
	}{
		{`[{"id":"a","name":"A"}]`, ""},
		{`[{"id":"a","name":"A"}] `, ""},
		{`[{"id":"a","name":"A"}] []`, "data after the value"},
		{`[{"id":"a","name":"A","x":1}]`, "unknown field"},
		{`[{"id":"a","name":"A"}`, "invalid JSON"},
		{`{"id":"a"}`, "invalid JSON"},
	} {
		var got []annotate.Speaker
		err := decodeStrict([]byte(tc.json), &got)
		if (tc.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("decodeStrict(%s): got %v, want %q", tc.json, err, tc.want)
		}
	}
}

func TestDefaultLimitsFitTheLargestArticle(t *testing.T) {
	// An article of the largest text annotate accepts, made entirely of a
	// control character JSON escapes as \u0001, must fit one entry.
	worst := int64(annotate.MaxTextBytes)*6 + 64<<10
	if got := DefaultLimits().MaxEntryBytes; got < worst {
		t.Errorf("got MaxEntryBytes %d, want at least %d", got, worst)
	}
	if l := (Limits{}).withDefaults(); l != DefaultLimits() {
		t.Errorf("got %+v from zero limits, want the defaults %+v", l, DefaultLimits())
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/work" + Extension
	b := testBundle(t, 2, 4)
	var buf bytes.Buffer
	if err := Write(&buf, b, Manifest{Creator: "dana", Created: testTime}, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path, Limits{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if records(t, got) != records(t, b) {
		t.Error("records differ after Write and ReadFile")
	}
	if _, err := ReadFile(dir, Limits{}, nil); err == nil || errors.Is(err, ErrRefused) {
		t.Errorf("reading a folder: got %v, want an error that is not a refusal", err)
	}
	if err := os.WriteFile(dir+"/junk"+Extension, []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(dir+"/junk"+Extension, Limits{}, nil); !errors.Is(err, ErrRefused) {
		t.Errorf("reading junk: got %v, want a refusal", err)
	}
}

// TestRecordMemoryBudget: two distinct, valid 20 MB articles of one
// repeated letter fit in 40 KB; by default that is refused as a zip bomb,
// and a larger Limits.MaxRecordMemory accepts it.
func TestRecordMemoryBudget(t *testing.T) {
	text, budget := annotate.MaxTextBytes, int64(MemoryFloor)
	if raceEnabled {
		text, budget = 4<<20, 6<<20
	}
	var es []genEntry
	for i := range 2 {
		head := fmt.Sprintf("Article %d ", i+1)
		body := []piece{lit(head), rep("a", text-len(head))}
		es = append(es, articleEntry(i+1, body, body))
	}
	data := genBundle(t, es, nil)
	_, err := Read(bytes.NewReader(data), int64(len(data)), Limits{MaxRecordMemory: budget}, nil)
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "MaxRecordMemory") {
		t.Errorf("got %v, want a refusal naming MaxRecordMemory", err)
	}
	if budget == MemoryFloor {
		if _, err := Read(bytes.NewReader(data), int64(len(data)), Limits{}, nil); !errors.Is(err, ErrRefused) {
			t.Errorf("got %v with the default limits, want a refusal", err)
		}
	}
	b, err := Read(bytes.NewReader(data), int64(len(data)), Limits{MaxRecordMemory: 100 << 20}, nil)
	if err != nil || len(b.Articles) != 2 || len(b.Articles[1].Text) != text {
		t.Errorf("got %v with a larger budget, want the two articles", err)
	}
}
