package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"marginalia/annotate"
)

// BenchmarkCreateAnnotation creates one annotation through the store (one
// transaction: validation against the article text, the record and its
// index entries, fsync) and, interleaved, makes a bare bbolt Update with
// one Put of the same bytes on a second file on the same disk. It reports
// both and their ratio; the target is store/bare <= 1.5.
func BenchmarkCreateAnnotation(b *testing.B) {
	dir := b.TempDir()
	s, err := Open(filepath.Join(dir, "store.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	bare, err := bolt.Open(filepath.Join(dir, "bare.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer bare.Close()
	if err := bare.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("annotations")); return err }); err != nil {
		b.Fatal(err)
	}

	words := strings.Fields(strings.Repeat("The port authority said cargo handling would resume on Monday morning after talks. ", 800))
	text := strings.Join(words[:10000], " ")
	art, err := annotate.NewArticle("Bench", text, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Update(func(tx *Tx) error { return tx.PutArticle(art) }); err != nil {
		b.Fatal(err)
	}
	txt := annotate.NewText(art.Text)
	spans := make([]annotate.Span, 1000)
	for i := range spans {
		start := (i * 53) % (txt.Len() - 200)
		spans[i] = annotate.Span{Start: start, End: start + 120}
	}

	var storeDur, bareDur time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ann, err := annotate.NewAnnotation(art.ID, txt, spans[i%len(spans)], annotate.KindClaim, "dana", time.Now())
		if err != nil {
			b.Fatal(err)
		}
		ann.Note = "A note of about eighty characters on what this claim means for the port dispute."
		data, _ := json.Marshal(ann)

		t0 := time.Now()
		if err := s.Update(func(tx *Tx) error { return tx.PutAnnotation(ann) }); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := bare.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("annotations")).Put([]byte(ann.ID), data) }); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		storeDur += t1.Sub(t0)
		bareDur += t2.Sub(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(storeDur.Nanoseconds())/n, "ns/store-create")
	b.ReportMetric(float64(bareDur.Nanoseconds())/n, "ns/bare-put")
	b.ReportMetric(float64(storeDur)/float64(bareDur), "store/bare")
	if testing.Verbose() {
		fmt.Printf("create annotation: store %v, bare bbolt %v, ratio %.2f (target <= 1.5)\n",
			storeDur/time.Duration(b.N), bareDur/time.Duration(b.N), float64(storeDur)/float64(bareDur))
	}
}
