package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"marginalia/annotate"
)

// decodeJSON decodes an entry's JSON of the given kind with the streaming
// decoder, without validating the records, as Read would with room for
// max records.
func decodeJSON(kind string, data []byte, max int) (*Bundle, error) {
	d := newDecoder(bytes.NewReader(data), int64(len(data)), &budget{limit: 1 << 40})
	rr := &recordReader{d: d, v: newVocab()}
	b := &Bundle{}
	none := func(any) error { return nil }
	var n int
	var err error
	switch kind {
	case "articles":
		b.Articles = make([]annotate.Article, max)
		n, err = readArray(rr, b.Articles, rr.article, func(*annotate.Article) error { return none(nil) })
		b.Articles = b.Articles[:n]
	case "annotations":
		b.Annotations = make([]annotate.Annotation, max)
		n, err = readArray(rr, b.Annotations, rr.annotation, func(*annotate.Annotation) error { return none(nil) })
		b.Annotations = b.Annotations[:n]
	case "speakers":
		b.Speakers = make([]annotate.Speaker, max)
		n, err = readArray(rr, b.Speakers, rr.speaker, func(*annotate.Speaker) error { return none(nil) })
		b.Speakers = b.Speakers[:n]
	default:
		b.Links = make([]annotate.Link, max)
		n, err = readArray(rr, b.Links, rr.link, func(*annotate.Link) error { return none(nil) })
		b.Links = b.Links[:n]
	}
	return b, err
}

// decodeStd decodes the same JSON with encoding/json, as Read did before.
func decodeStd(kind string, data []byte) (*Bundle, error) {
	b := &Bundle{}
	var err error
	switch kind {
	case "articles":
		err = decodeStrict(data, &b.Articles)
	case "annotations":
		err = decodeStrict(data, &b.Annotations)
	case "speakers":
		err = decodeStrict(data, &b.Speakers)
	default:
		err = decodeStrict(data, &b.Links)
	}
	return b, err
}

var kinds = []string{"articles", "annotations", "speakers", "links"}

func TestDecoderAgreesWithEncodingJSON(t *testing.T) {
	b := testBundle(t, 2, 6)
	b.Annotations[0].Note = "Tab\there, “quotes”, \\ backslash, \"escaped\", emoji 🚢, \u2028 and \x01."
	b.Annotations[1].Tags = nil
	b.Speakers[0].Note = strings.Repeat("é", 70000) // longer than the decoder's window
	for _, tc := range []struct {
		kind string
		data string
	}{
		{"articles", mustJSON(t, b.Articles)},
		{"annotations", mustJSON(t, b.Annotations)},
		{"speakers", mustJSON(t, b.Speakers)},
		{"links", mustJSON(t, b.Links)},
		{"speakers", "  [ ]  "},
		{"speakers", "[]"},
		{"speakers", `[{"id":"s1","name":"A\u00e9\ud83d\udea2\/\b\f\n\r\t","aliases":null,"role":null}]`},
		{"speakers", "[\n  {\n    \"id\": \"s1\",\n    \"name\": \"A\",\n    \"aliases\": [ \"B\" , \"C\" ]\n  }\n]\n"},
		{"annotations", `[{"id":"a","span":{"start":-0,"end":12},"quote":null,"tags":[],"created":null}]`},
		{"links", `[{"id":"l","from":{"type":"article","id":"x"},"to":{"id":"y","type":"annotation"},"relation":"same-claim"}]`},
		{"articles", `[{"id":"a","published":"2026-03-01T09:00:00.123456789+02:00","imported":"2026-03-01T09:00:00Z"}]`},
	} {
		t.Run(tc.kind+"/"+fmt.Sprintf("%.30s", tc.data), func(t *testing.T) {
			got, err := decodeJSON(tc.kind, []byte(tc.data), 100)
			if err != nil {
				t.Fatalf("got %v, want it decoded", err)
			}
			want, err := decodeStd(tc.kind, []byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want what encoding/json decodes: %+v", got, want)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDecoderRefuses(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	for _, tc := range []struct {
		name, kind, data string
		want             string
	}{
		{"invalid UTF-8, with its offset", "speakers", `[{"id":"s","name":"ab` + "\xff" + `"}]`, `byte 21: name: invalid UTF-8`},
		{"invalid UTF-8 after a window", "speakers", `[{"id":"s","note":"` + long(100000) + "\xc3(" + `"}]`, `byte 100019: note: invalid UTF-8`},
		{"a truncated character at the end", "speakers", `[{"id":"s","name":"` + "\xe2\x82", `invalid UTF-8`},
		{"unpaired high surrogate", "speakers", `[{"id":"s","name":"\ud83d x"}]`, `\ud83d is half of a UTF-16 surrogate pair`},
		{"unpaired low surrogate", "speakers", `[{"id":"s","name":"\ude00"}]`, `\ude00 is half`},
		{"raw control character", "speakers", "[{\"id\":\"s\",\"name\":\"a\nb\"}]", "control character 0x0a"},
		{"invalid escape", "speakers", `[{"id":"s","name":"\x41"}]`, "invalid escape"},
		{"unknown field", "speakers", `[{"id":"s","nmae":"A"}]`, `speaker: unknown field "nmae"`},
		{"field in another case", "speakers", `[{"ID":"s"}]`, `unknown field "ID"`},
		{"long unknown field name", "speakers", `[{"` + long(1000) + `":1}]`, "unknown field, with a name longer"},
		{"repeated field", "speakers", `[{"id":"s","note":"a","note":"b"}]`, `field "note" appears twice`},
		{"note too long", "speakers", `[{"id":"s","note":"` + long(annotate.MaxNoteRunes+1) + `"}]`, "note: longer than 1048576 characters"},
		{"note too long in escapes", "speakers", `[{"id":"s","note":"` + strings.Repeat(`\u0001`, annotate.MaxNoteRunes+1) + `"}]`, "byte 18: note: longer than"},
		{"id too long", "speakers", `[{"id":"` + long(65) + `"}]`, "id: longer than 64 bytes"},
		{"prefix longer than the context", "annotations", `[{"quote":{"prefix":"` + long(33) + `"}}]`, "prefix: longer than 32 characters"},
		{"too many tags", "articles", `[{"tags":[` + strings.Repeat(`"t",`, 200) + `"t"]}]`, "tags: more than 200"},
		{"nesting", "annotations", `[[[[[`, "expected annotation: an object, found an array"},
		{"nesting in a field", "speakers", `[{"id":["s"]}]`, "id: expected a string, found an array"},
		{"deep nesting in a field", "speakers", `[{"id":` + strings.Repeat("[", 65) + `"s"`, "byte 7: invalid JSON: JSON nests deeper than 64 levels"},
		{"nesting as deep as allowed", "speakers", `[{"id":` + strings.Repeat("[", 64) + strings.Repeat("]", 64), "id: expected a string, found an array"},
		{"number that is not an integer", "annotations", `[{"span":{"start":1.5}}]`, "start: not an integer"},
		{"number with an exponent", "annotations", `[{"span":{"end":1e3}}]`, "end: not an integer"},
		{"number with a leading zero", "annotations", `[{"span":{"end":01}}]`, "leading zero"},
		{"number too large", "annotations", `[{"span":{"end":1234567890123456789}}]`, "number too large"},
		{"string as number", "annotations", `[{"span":{"end":"1"}}]`, "end: expected a number, found a string"},
		{"bad time", "annotations", `[{"created":"yesterday"}]`, `created: "yesterday" is not an RFC 3339 time`},
		{"unknown kind is read, for validation to refuse", "annotations", `[{"kind":"` + long(17) + `"}]`, "kind: longer than 16 bytes"},
		{"a record that is not an object", "links", `[1]`, "expected link: an object, found '1'"},
		{"null record", "links", `[null]`, "expected link: an object"},
		{"missing comma", "links", `[{"id":"a"} {"id":"b"}]`, "expected ',' or ']' after record 1"},
		{"trailing comma", "links", `[{"id":"a"},]`, "record 2: byte 12: invalid JSON: expected link: an object, found ']'"},
		{"data after the array", "links", `[] []`, "data after the array"},
		{"not an array", "links", `{}`, "expected an array of records"},
		{"the entry ends", "links", `[{"id":"a"`, "unexpected end of the entry"},
		{"the entry ends in a string", "links", `[{"id":"a`, "ends inside a string"},
		{"too much white space", "links", "[" + strings.Repeat(" ", maxSpaceBytes+1) + "]", "more than 4096 bytes of white space"},
		{"more records than announced", "links", `[{},{},{},{}]`, "more records than the 3 the manifest announces"},
		{"invalid literal", "links", `[{"note":nul}]`, "invalid literal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeJSON(tc.kind, []byte(tc.data), 3)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
			if err != nil && len(err.Error()) > 300 {
				t.Errorf("got a message of %d characters, want a short one", len(err.Error()))
			}
		})
	}
}

func TestReadRefusesInvalidUTF8WithItsPosition(t *testing.T) {
	b := testBundle(t, 1, 3)
	b.Annotations[2].Note = "café"
	var good bytes.Buffer
	if err := Write(&good, b, Manifest{Created: testTime}, nil); err != nil {
		t.Fatal(err)
	}
	// Latin-1 é instead of UTF-8, with the sha256 put right.
	bad := rezip(t, good.Bytes(), func(name string, data []byte) []byte {
		if name != "annotations/0001.json" {
			return data
		}
		return bytes.Replace(data, []byte("café"), []byte("caf\xe9"), 1)
	})
	_, err := Read(bytes.NewReader(bad), int64(len(bad)), Limits{}, nil)
	want := fmt.Sprintf("entry annotations/0001.json: record 3: byte %d: note: invalid UTF-8", bytes.Index(entryOf(t, bad, "annotations/0001.json"), []byte("\xe9")))
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want a refusal with %q", err, want)
	}

	badManifest := rezip(t, good.Bytes(), func(name string, data []byte) []byte {
		if name == ManifestName {
			return bytes.Replace(data, []byte(`"created"`), []byte("\"cr\xffated\""), 1)
		}
		return data
	})
	_, err = Read(bytes.NewReader(badManifest), int64(len(badManifest)), Limits{}, nil)
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "manifest.json: byte") || !strings.Contains(err.Error(), "invalid UTF-8") {
		t.Errorf("got %v, want a refusal of the manifest's invalid UTF-8", err)
	}
}

func TestIsNormalAgreesWithNormalizeText(t *testing.T) {
	for _, s := range []string{
		"", "a", "a\nb", "a\n\nb", "a\n\n\nb", "\na", "a\n", "a \nb", "a\t", "a\u00a0", "a\u2028", "a\u3000\nb",
		"\uFEFFa", "a\uFEFF", "a\r\nb", "a\rb", "e\u0301", "é", "a\n \nb", "한\u11a8", "x\u0085", " a", "\u0301a",
	} {
		if got, want := isNormal(s), annotate.NormalizeText(s) == s; got != want {
			t.Errorf("isNormal(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestRuneIndexAgreesWithText(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "é", "🚢", "\n", " ", "e\u0301", "한"}
	for range 50 {
		var sb strings.Builder
		for range rng.IntN(400) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		text := sb.String()
		txt, x := annotate.NewText(text), newRuneIndex(text)
		n := txt.Len()
		for range 40 {
			start, end := rng.IntN(n+3)-1, rng.IntN(n+3)-1
			if got, want := x.slice(start, end), txt.Slice(start, end); got != want {
				t.Fatalf("slice(%d, %d) = %q, want %q", start, end, got, want)
			}
			// An annotation valid on its own, with the quote of another
			// span or its own: checkQuote must say what ValidateIn says.
			qs, qe := rng.IntN(n+1), rng.IntN(n+1)
			if rng.IntN(2) == 0 {
				qs, qe = start, end
			}
			if qe <= qs {
				continue
			}
			q, err := txt.QuoteAt(annotate.Span{Start: qs, End: qe})
			if err != nil {
				continue
			}
			a := annotate.Annotation{ID: "a", ArticleID: "b", Kind: annotate.KindNote, Span: annotate.Span{Start: start, End: start + qe - qs},
				Quote: q, Created: testTime, Modified: testTime}
			if a.Validate() != nil {
				continue
			}
			if got, want := fmt.Sprint(checkQuote(&a, x)), fmt.Sprint(a.ValidateIn(txt)); got != want {
				t.Fatalf("span %v: checkQuote says %s, ValidateIn says %s", a.Span, got, want)
			}
		}
	}
}

func TestQuoteInput(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"short", `"short"`},
		{"", `""`},
		{strings.Repeat("a", 72), `"` + strings.Repeat("a", 72) + `"`},
		{strings.Repeat("a", 120000), `"` + strings.Repeat("a", 72) + `"… (120000 bytes)`},
		{strings.Repeat("é", 100), `"` + strings.Repeat("é", 72) + `"… (200 bytes)`},
		{strings.Repeat("\x01", 100), `"` + strings.Repeat(`\x01`, 18) + `"… (100 bytes)`},
		{"caf\xe9" + strings.Repeat("b", 80), `"caf\xe9` + strings.Repeat("b", 65) + `"… (84 bytes)`},
	} {
		got := QuoteInput(tc.in)
		if got != tc.want {
			t.Errorf("QuoteInput(%.20q…) = %s, want %s", tc.in, got, tc.want)
		}
		if n := utf8.RuneCountInString(got); n > 100 {
			t.Errorf("QuoteInput(%.20q…) is %d characters long", tc.in, n)
		}
	}
}
