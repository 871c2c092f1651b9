package w3c

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The W3C Web Annotation test suite (shared/conformance/web-annotation-tests)
// is the judge. A .test file lists assertion files; each is a JSON Schema
// (draft-04) with "assertionType" (must, should, may), "expectedResult"
// (valid or invalid), "onUnexpectedResult" (failAndContinue: the test
// fails; passAndContinue: it does not) and "errorMessage". The schemas $ref
// each other and the suite's definitions/*.json by relative file name, so
// all of them are registered under one base URL. Nothing is fetched.

const suiteBase = "https://web-annotation-tests.invalid/"

func suiteDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "conformance", "web-annotation-tests")
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no W3C test suite at %s", dir)
	}
	return dir
}

// noFetch refuses every URL the suite did not bring.
type noFetch struct{}

func (noFetch) Load(url string) (any, error) { return nil, fmt.Errorf("refusing to fetch %s", url) }

type assertion struct {
	file         string // path in the suite
	kind         string // must, should, may
	expected     string // valid, invalid
	onUnexpected string
	message      string
	schema       *jsonschema.Schema
}

// failure is why doc does not meet the assertion, or "" when it does.
func (a assertion) failure(doc any) string {
	err := a.schema.Validate(doc)
	got := "valid"
	if err != nil {
		got = "invalid"
	}
	if got == a.expected || strings.HasPrefix(a.onUnexpected, "pass") {
		return ""
	}
	detail := ""
	if err != nil {
		detail = "\n" + err.Error()
	}
	return fmt.Sprintf("%s (%s): %s%s", path.Base(a.file), a.kind, a.message, detail)
}

func readJSON(t *testing.T, file string) any {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return doc
}

// loadTest compiles the assertions a .test file lists.
func loadTest(t *testing.T, dir, testFile string) []assertion {
	t.Helper()
	var spec struct {
		Assertions []any `json:"assertions"`
	}
	data, err := os.ReadFile(filepath.Join(dir, testFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatalf("%s: %v", testFile, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	c.UseLoader(noFetch{})
	registered := map[string]string{}
	register := func(file string) string {
		url := suiteBase + path.Base(file)
		if other, ok := registered[url]; ok && other != file {
			t.Fatalf("%s and %s would share the URL %s", file, other, url)
		}
		if _, ok := registered[url]; !ok {
			if err := c.AddResource(url, readJSON(t, filepath.Join(dir, file))); err != nil {
				t.Fatal(err)
			}
			registered[url] = file
		}
		return url
	}
	defs, err := filepath.Glob(filepath.Join(dir, "definitions", "*.json"))
	if err != nil || len(defs) == 0 {
		t.Fatalf("no definitions in %s: %v", dir, err)
	}
	for _, d := range defs {
		register(filepath.ToSlash(must(filepath.Rel(dir, d))))
	}
	var out []assertion
	for _, item := range spec.Assertions {
		file, ok := item.(string)
		if !ok {
			t.Fatalf("%s: assertion %v is not a file name; the runner does not know this form", testFile, item)
		}
		url := register(file)
		sch, err := c.Compile(url)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		var head struct {
			Kind         string `json:"assertionType"`
			Expected     string `json:"expectedResult"`
			OnUnexpected string `json:"onUnexpectedResult"`
			Message      string `json:"errorMessage"`
		}
		raw, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			t.Fatal(err)
		}
		if head.Expected != "valid" && head.Expected != "invalid" {
			t.Fatalf("%s: unknown expectedResult %q", file, head.Expected)
		}
		out = append(out, assertion{file: file, kind: head.Kind, expected: head.Expected, onUnexpected: head.OnUnexpected, message: head.Message, schema: sch})
	}
	return out
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func failures(assertions []assertion, doc any) []string {
	var out []string
	for _, a := range assertions {
		if f := a.failure(doc); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// The suite's own samples and its schemas disagree about these files. They
// are listed rather than hidden, so the test fails if the set changes.
var (
	// Correct samples some "must" assertion rejects: anno11, anno12 and
	// anno13 target a Composite, a List and Independents, kinds of
	// resource an earlier draft of the model had and the final model and
	// the schemas do not.
	correctButRejected = []string{"anno11.json", "anno12.json", "anno13.json"}
	// Incorrect samples every "must" assertion accepts once the faults
	// they are not named for are repaired (see judge): the faults they are
	// named for are left to "should" and "may" assertions, or to none.
	// anno14 "bad format" (format 6), anno15 "bad language" (a misspelt
	// key), anno23 "too many processing languages", anno26 "bad creator"
	// (creator 6), anno27 "bad generator" (generator 42).
	incorrectButAccepted = []string{"anno14.json", "anno15.json", "anno23.json", "anno26.json", "anno27.json"}
	// Samples of a type no .test file of the suite covers (AnnotationPage).
	notCovered = []string{"example42.json", "example43.json"}
)

// trailingComma matches the commas many incorrect samples leave before a
// closing bracket, which make them invalid JSON before they are wrong in
// the way they mean to be.
var trailingComma = regexp.MustCompile(`,(\s*[}\]])`)

// idFault matches the labels of samples named for the annotation's id.
var idFault = regexp.MustCompile(`^(bad id|multiple identifiers)$`)

// TestRunnerOnSuiteSamples proves the runner: the suite's correct samples
// pass the "must" assertions of their .test file, its incorrect samples do
// not (a file that is not even JSON counts as rejected).
func TestRunnerOnSuiteSamples(t *testing.T) {
	dir := suiteDir(t)
	tests := map[string][]assertion{
		"Annotation":           loadTest(t, dir, "annotations/annotationMusts.test"),
		"AnnotationCollection": loadTest(t, dir, "collections/collectionMusts.test"),
	}
	// judge runs the must assertions for the sample's type. With repair,
	// it first removes the two faults nearly every incorrect sample has
	// besides the one it is named for: trailing commas (invalid JSON) and
	// an id of two IRIs, unless the sample is named for its id.
	judge := func(file string, repair bool) (typ string, failed []string, err error) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if repair {
			data = trailingComma.ReplaceAll(data, []byte("$1"))
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return "", nil, err
		}
		typ = "Annotation"
		if obj, ok := doc.(map[string]any); ok {
			switch obj["type"] {
			case "AnnotationCollection", "AnnotationPage":
				typ = obj["type"].(string)
			}
			label, _ := obj["label"].(string)
			if ids, ok := obj["id"].([]any); ok && repair && len(ids) > 0 && !idFault.MatchString(label) {
				obj["id"] = ids[0]
			}
		}
		if tests[typ] == nil {
			return typ, nil, nil
		}
		return typ, failures(tests[typ], doc), nil
	}

	var gotRejected, gotAccepted, gotNotCovered []string
	for _, set := range []string{"correct", "incorrect"} {
		files, err := filepath.Glob(filepath.Join(dir, "tools", "samples", set, "*.json"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no %s samples: %v", set, err)
		}
		slices.Sort(files)
		for _, file := range files {
			name := set + "/" + filepath.Base(file)
			typ, failed, err := judge(file, false)
			switch {
			case err == nil && tests[typ] == nil:
				t.Logf("not covered: %s is a %s; no .test file of the suite judges one", name, typ)
				gotNotCovered = append(gotNotCovered, filepath.Base(file))
			case set == "correct" && (err != nil || len(failed) > 0):
				reason := strings.Join(failed, "\n")
				if err != nil {
					reason = err.Error()
				}
				t.Logf("disagreement: %s is a correct sample, but:\n%s", name, reason)
				gotRejected = append(gotRejected, filepath.Base(file))
			case set == "incorrect":
				_, again, errAgain := judge(file, true)
				switch {
				case errAgain != nil:
					t.Logf("%s rejected: not JSON: %v", name, errAgain)
				case len(again) == 0:
					t.Logf("disagreement: %s is an incorrect sample, but with trailing commas and a two-IRI id repaired every must assertion accepts it", name)
					gotAccepted = append(gotAccepted, filepath.Base(file))
				default:
					t.Logf("%s rejected: %s", name, strings.SplitN(again[0], "\n", 2)[0])
				}
			}
		}
		t.Logf("%s: %d samples", set, len(files))
	}
	if !slices.Equal(gotRejected, correctButRejected) {
		t.Errorf("correct samples the schemas reject: got %q, want %q", gotRejected, correctButRejected)
	}
	if !slices.Equal(gotNotCovered, notCovered) {
		t.Errorf("samples no test covers: got %q, want %q", gotNotCovered, notCovered)
	}
	if !slices.Equal(gotAccepted, incorrectButAccepted) {
		t.Errorf("incorrect samples the schemas accept: got %q, want %q", gotAccepted, incorrectButAccepted)
	}
}
