package atomicfile

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkWriteFile writes a 4 MiB export through WriteFile (unnamed and
// named temporary file), beside the baseline of a plain os.Create, write
// and fsync of the same bytes to the same path, and reports the ratio.
func BenchmarkWriteFile(b *testing.B) {
	data := bytes.Repeat([]byte("an export line of about forty bytes.\n"), 4<<20/37)
	for _, way := range ways {
		b.Run(way.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "out.csv")
			var atomic, plain time.Duration
			for b.Loop() {
				start := time.Now()
				err := WriteFile(path, way.opts, func(w io.Writer) error { _, err := w.Write(data); return err })
				if err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				f, err := os.Create(path)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := f.Write(data); err != nil {
					b.Fatal(err)
				}
				if err := f.Sync(); err != nil {
					b.Fatal(err)
				}
				f.Close()
				atomic += mid.Sub(start)
				plain += time.Since(mid)
			}
			n := float64(b.N)
			b.ReportMetric(float64(atomic.Microseconds())/n, "µs/atomic-write")
			b.ReportMetric(float64(plain.Microseconds())/n, "µs/plain-write")
			b.ReportMetric(float64(atomic)/float64(plain), "atomic/plain")
		})
	}
}
