package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"io"
	"testing"
	"time"

	"marginalia/annotate"
)

// baselineRead is how Read worked before it streamed (issue 18): entries
// read whole into memory, hashed, scanned for depth and decoded with
// encoding/json on all cores, then every record validated with annotate's
// own functions (Validate with NormalizeText, NewText and ValidateIn),
// articles in parallel, and IDs claimed in a map. It is kept to measure
// Read against; it leaves out only the checks of references.
func baselineRead(tb testing.TB, data []byte) *Bundle {
	tb.Helper()
	zr := mustZip(tb, data)
	parts := make([]Bundle, len(zr.File))
	err := parallel(len(zr.File), func(i int) error {
		f := zr.File[i]
		if f.Name == ManifestName {
			return nil
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		raw, err := io.ReadAll(rc)
		if err != nil {
			return err
		}
		sha256.Sum256(raw)
		if err := annotate.CheckJSONDepth(raw, 64); err != nil {
			return err
		}
		p := &parts[i]
		switch kind, _, _ := splitEntryName(f.Name); kind {
		case "articles":
			return decodeStrict(raw, &p.Articles)
		case "annotations":
			return decodeStrict(raw, &p.Annotations)
		case "speakers":
			return decodeStrict(raw, &p.Speakers)
		}
		return decodeStrict(raw, &p.Links)
	})
	if err != nil {
		tb.Fatal(err)
	}
	b := &Bundle{}
	for _, p := range parts {
		b.Articles = append(b.Articles, p.Articles...)
		b.Annotations = append(b.Annotations, p.Annotations...)
		b.Speakers = append(b.Speakers, p.Speakers...)
		b.Links = append(b.Links, p.Links...)
	}
	byArticle := map[string][]int{}
	ids := map[string]bool{}
	for i := range b.Annotations {
		byArticle[b.Annotations[i].ArticleID] = append(byArticle[b.Annotations[i].ArticleID], i)
		ids[b.Annotations[i].ID] = true
	}
	for i := range b.Articles {
		ids[b.Articles[i].ID] = true
	}
	for i := range b.Links {
		ids[b.Links[i].ID] = true
		if err := b.Links[i].Validate(); err != nil {
			tb.Fatal(err)
		}
	}
	for i := range b.Speakers {
		ids[b.Speakers[i].ID] = true
		if err := b.Speakers[i].Validate(); err != nil {
			tb.Fatal(err)
		}
	}
	err = parallel(len(b.Articles), func(i int) error {
		a := &b.Articles[i]
		if err := a.Validate(); err != nil {
			return err
		}
		txt := annotate.NewText(a.Text)
		for _, j := range byArticle[a.ID] {
			if err := b.Annotations[j].ValidateIn(txt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkRead100k reads a realistic bundle of 1,000 articles with
// 100,000 annotations (12.7 MB) with Read, and, interleaved, with the
// decoding and validation the old Read did (baselineRead, which does not
// even check sha256 sums, IDs or references). Target: Read no slower.
func BenchmarkRead100k(b *testing.B) {
	data := largeBundle(b)
	var took, base time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := Read(bytes.NewReader(data), int64(len(data)), Limits{}, nil); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		baselineRead(b, data)
		took += mid.Sub(start)
		base += time.Since(mid)
	}
	n := float64(b.N)
	b.ReportMetric(took.Seconds()*1e3/n, "ms/read")
	b.ReportMetric(base.Seconds()*1e3/n, "ms/baseline")
	b.ReportMetric(float64(took)/float64(base), "read/baseline")
}

func mustZip(tb testing.TB, data []byte) *zip.Reader {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	return zr
}
