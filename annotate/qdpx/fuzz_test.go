package qdpx

import (
	"bytes"
	"os"
	"testing"
)

// fuzzLimits keep a fuzzed project small.
func fuzzLimits() Limits {
	return Limits{MaxEntries: 64, MaxProjectBytes: 1 << 20, MaxSourceBytes: 1 << 20, MaxTotalBytes: 4 << 20, MaxElements: 20_000, MaxDepth: 32}
}

// checkResult asserts what every accepted project must give: records that
// verify, each annotation quoting its article's text.
func checkResult(t *testing.T, res *Result, err error) {
	t.Helper()
	if err != nil {
		if res != nil {
			t.Fatalf("got a result with error %v", err)
		}
		return
	}
	if _, err := res.Bundle.Verify(); err != nil {
		t.Fatalf("accepted records do not verify: %v", err)
	}
}

// FuzzRead feeds whole files: zips of every shape.
func FuzzRead(f *testing.F) {
	f.Add(export(f, testBundle(f, 1, 3)))
	f.Add(zipDir(f, "testdata/foreign"))
	f.Add(zipOf(f, ProjectName, `<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>`))
	f.Add(zipOf(f, "../x", "y"))
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read(bytes.NewReader(data), int64(len(data)), ReadOptions{Now: testTime, Limits: fuzzLimits()})
		checkResult(t, res, err)
	})
}

// FuzzProject feeds project.qde documents, zipped with the foreign
// project's texts, so that mutations reach the decoder and the placing of
// selections rather than the zip's checksums.
func FuzzProject(f *testing.F) {
	own := entries(f, export(f, testBundle(f, 2, 6)))
	foreign, err := os.ReadFile("testdata/foreign/project.qde")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(foreign)
	f.Add(own[ProjectName])
	f.Add([]byte(`<!DOCTYPE Project [<!ENTITY a "aaaa">]><Project xmlns="urn:QDA-XML:project:1.0" name="&a;"/>`))
	var texts []string
	for name, data := range entries(f, zipDir(f, "testdata/foreign")) {
		if name != ProjectName {
			texts = append(texts, name, string(data))
		}
	}
	for name, data := range own {
		if name != ProjectName {
			texts = append(texts, name, string(data))
		}
	}
	f.Fuzz(func(t *testing.T, project []byte) {
		data := zipOf(t, append([]string{ProjectName, string(project)}, texts...)...)
		res, err := Read(bytes.NewReader(data), int64(len(data)), ReadOptions{Now: testTime, Limits: fuzzLimits()})
		checkResult(t, res, err)
	})
}
