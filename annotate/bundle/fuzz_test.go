package bundle

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"marginalia/annotate"
)

// FuzzRead checks that Read never panics and refuses with ErrRefused
// only, and that whatever it accepts passes Verify and writes and reads
// back to the same records. Its seeds (testdata/fuzz/FuzzRead) are small
// valid bundles and small hostile ones.
func FuzzRead(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		// A small budget: the fuzzer must not need gigabytes.
		limits := Limits{MaxRecordMemory: 64 << 20}
		b, err := Read(bytes.NewReader(data), int64(len(data)), limits, nil)
		if err != nil {
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("got %v, want only refusals", err)
			}
			return
		}
		if _, err := b.Verify(); err != nil {
			t.Fatalf("Read accepted what Verify refuses: %v", err)
		}
		var out bytes.Buffer
		if err := Write(&out, b, b.Manifest, nil); err != nil {
			t.Fatalf("Write refused what Read accepted: %v", err)
		}
		again, err := Read(bytes.NewReader(out.Bytes()), int64(out.Len()), limits, nil)
		if err != nil {
			t.Fatalf("Read refused what Write wrote: %v", err)
		}
		if g, w := records(t, again), records(t, b); g != w {
			t.Fatalf("records changed on the way round:\ngot  %.300s\nwant %.300s", g, w)
		}
	})
}

// FuzzDecodeRecords feeds JSON straight to the streaming decoder, which
// finds far more than mutated zip files do: it must never panic, and
// whatever it decodes, encoding/json (strict, as Read used to be) must
// decode to the same records.
func FuzzDecodeRecords(f *testing.F) {
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		k := kinds[int(kind)%len(kinds)]
		got, err := decodeJSON(k, data, 64)
		if err != nil {
			return
		}
		want, err := decodeStd(k, data)
		if err != nil {
			t.Fatalf("decoded what encoding/json refuses (%v)", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	})
}

// FuzzIsNormal checks isNormal against annotate.NormalizeText.
func FuzzIsNormal(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := isNormal(s), annotate.NormalizeText(s) == s; got != want {
			t.Fatalf("isNormal(%q) = %v, want %v", s, got, want)
		}
	})
}

// seedBundle is a small valid bundle with fixed IDs, so the seeds do not
// change each time they are written.
func seedBundle(t testing.TB) *Bundle {
	b := testBundle(t, 2, 3)
	for i := range b.Speakers {
		b.Speakers[i].ID = fmt.Sprintf("spk-%d", i)
	}
	ids := map[string]string{}
	for i := range b.Articles {
		ids[b.Articles[i].ID] = fmt.Sprintf("art-%d", i)
		b.Articles[i].ID = ids[b.Articles[i].ID]
	}
	for i := range b.Annotations {
		n := &b.Annotations[i]
		n.ID, n.ArticleID = fmt.Sprintf("ann-%d", i), ids[n.ArticleID]
		if n.SpeakerID != "" {
			n.SpeakerID = "spk-" + strconv.Itoa(i%2)
		}
	}
	for i := range b.Links {
		l := &b.Links[i]
		l.ID, l.From.ID, l.To.ID = fmt.Sprintf("lnk-%d", i), ids[l.From.ID], ids[l.To.ID]
	}
	return b
}

// TestWriteFuzzSeeds writes the seed corpora of this package's fuzz
// targets. It runs only when asked: MARGINALIA_WRITE_FUZZ_SEEDS=1.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("MARGINALIA_WRITE_FUZZ_SEEDS") == "" {
		t.Skip("set MARGINALIA_WRITE_FUZZ_SEEDS=1 to rewrite testdata/fuzz")
	}
	write := func(target, name string, values ...string) {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		data := "go test fuzz v1\n" + strings.Join(values, "\n") + "\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bytesOf := func(b []byte) string { return "[]byte(" + strconv.Quote(string(b)) + ")" }

	bundleBytes := func(b *Bundle) []byte {
		var buf bytes.Buffer
		if err := Write(&buf, b, Manifest{Creator: "dana", AppVersion: "0.3", Created: testTime}, nil); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	valid := bundleBytes(seedBundle(t))
	write("FuzzRead", "valid", bytesOf(valid))
	ext := seedBundle(t)
	ext.Articles = ext.Articles[:1]
	ext.Links = nil
	write("FuzzRead", "external-references", bytesOf(bundleBytes(ext)))
	write("FuzzRead", "empty", bytesOf(bundleBytes(&Bundle{})))
	write("FuzzRead", "invalid-utf8", bytesOf(rezip(t, valid, func(name string, c []byte) []byte {
		return bytes.Replace(c, []byte("José"), []byte("Jos\xe9"), 1)
	})))
	write("FuzzRead", "giant-note", bytesOf(genBundle(t, []genEntry{{name: "annotations/0001.json", records: 1,
		pieces: []piece{lit("[" + annotationHead("ann-1")), rep("a", annotate.MaxNoteRunes+10), lit(`"}]`)}}}, nil)))
	write("FuzzRead", "tiny-records", bytesOf(genBundle(t, []genEntry{{name: "speakers/0001.json", records: 3,
		pieces: []piece{lit("["), rep(`{"id":"s","name":"n"},`, 2), lit(`{"id":"t","name":"n"}]`)}}}, nil)))
	write("FuzzRead", "bad-quote", bytesOf(damageLastQuote(t, valid)))

	b := seedBundle(t)
	b.Annotations[0].Note = "Tab\there, “quotes”, emoji 🚢, \u2028 and \x01."
	for i, k := range kinds {
		var v any = b.Articles
		switch k {
		case "annotations":
			v = b.Annotations
		case "speakers":
			v = b.Speakers
		case "links":
			v = b.Links
		}
		write("FuzzDecodeRecords", k, fmt.Sprintf("uint8(%d)", i), bytesOf([]byte(mustJSON(t, v))))
	}
	for name, c := range map[string]struct {
		kind int
		json string
	}{
		"escapes":          {2, `[{"id":"s1","name":"A\u00e9\ud83d\udea2\/\b\f\n\r\t","aliases":null}]`},
		"lone-surrogate":   {2, `[{"id":"s1","name":"\ud83d"}]`},
		"invalid-utf8":     {2, "[{\"id\":\"s1\",\"name\":\"\xff\"}]"},
		"indented":         {2, "[\n  {\n    \"id\": \"s1\",\n    \"aliases\": [ \"B\" , \"C\" ]\n  }\n]\n"},
		"numbers":          {1, `[{"span":{"start":-0,"end":12},"quote":null,"tags":[]}]`},
		"times":            {0, `[{"published":"2026-03-01T09:00:00.5+02:00","imported":null}]`},
		"duplicate-field":  {3, `[{"id":"a","id":"b"}]`},
		"case-insensitive": {3, `[{"ID":"a"}]`},
		"nested":           {1, `[[[[{}]]]]`},
	} {
		write("FuzzDecodeRecords", name, fmt.Sprintf("uint8(%d)", c.kind), bytesOf([]byte(c.json)))
	}
	for i, s := range []string{"a\nb", "a\n\n\nb", "a \nb", "\uFEFFa", "a\r\nb", "e\u0301", "a\n \nb", "한\u11a8", "x\u0085"} {
		write("FuzzIsNormal", fmt.Sprintf("seed-%d", i), "string("+strconv.Quote(s)+")")
	}
}
