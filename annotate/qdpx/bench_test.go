package qdpx

import (
	"bytes"
	"testing"
	"time"

	"marginalia/annotate/bundle"
)

// BenchmarkExport writes 1,000 articles with 100 annotations each (the
// target of issue 15: at most 3 s), beside the native bundle of the same
// records as the baseline.
func BenchmarkExport(b *testing.B) {
	lib := testBundle(b, 1000, 100)
	var size int
	b.Run("qdpx", func(b *testing.B) {
		cpu := cpuSeconds()
		for b.Loop() {
			var buf bytes.Buffer
			if err := Write(&buf, lib, Options{Creator: "dana", Generated: testTime}); err != nil {
				b.Fatal(err)
			}
			size = buf.Len()
		}
		b.ReportMetric(float64(size)/(1<<20), "MB")
		b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
	})
	b.Run("bundle-baseline", func(b *testing.B) {
		cpu := cpuSeconds()
		for b.Loop() {
			var buf bytes.Buffer
			if err := bundle.Write(&buf, lib, bundle.Manifest{Creator: "dana", Created: testTime}, nil); err != nil {
				b.Fatal(err)
			}
			size = buf.Len()
		}
		b.ReportMetric(float64(size)/(1<<20), "MB")
		b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
	})
}

// BenchmarkImport reads back the export of 1,000 articles with 100
// annotations each.
func BenchmarkImport(b *testing.B) {
	lib := testBundle(b, 1000, 100)
	var buf bytes.Buffer
	if err := Write(&buf, lib, Options{Generated: testTime}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	cpu := cpuSeconds()
	for b.Loop() {
		res, err := Read(bytes.NewReader(data), int64(len(data)), ReadOptions{Now: time.Now()})
		if err != nil || len(res.Bundle.Annotations) != len(lib.Annotations) {
			b.Fatalf("got %v annotations, %v", len(res.Bundle.Annotations), err)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
}
