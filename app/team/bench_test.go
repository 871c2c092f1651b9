//go:build unix

package team

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/storetest"
)

// bulkAnnotate gives m articles new articles of perArticle sentences and
// highlights every sentence, one transaction an article (as an analyst's
// long session would leave them): real records in the change log.
func (m *member) bulkAnnotate(tb testing.TB, tag string, articles, perArticle int) {
	tb.Helper()
	var srcs []action.Source
	for a := range articles {
		var sentences []string
		for i := range perArticle {
			sentences = append(sentences, fmt.Sprintf("Report %s-%d sentence %d says the council met %d delegates.", tag, a, i, i*7+3))
		}
		text := fmt.Sprintf("Report %s-%d\n\n%s\n", tag, a, strings.Join(sentences, " "))
		src := m.svc.ReadData(fmt.Sprintf("%s-%d.txt", tag, a), []byte(text))
		if src.Err != nil {
			tb.Fatal(src.Err)
		}
		srcs = append(srcs, src)
	}
	imported, err := m.svc.Import(srcs)
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Now().UTC()
	for _, im := range imported {
		err := m.st.Do("Annotate", func(tx *store.Tx) error {
			text, err := tx.ArticleText(im.Article.ID)
			if err != nil {
				return err
			}
			for i := range perArticle {
				span, ok := text.Find(fmt.Sprintf("sentence %d says", i), 1)
				if !ok {
					return fmt.Errorf("sentence %d not found", i)
				}
				span.Start -= len(fmt.Sprintf("Report %s ", strings.TrimPrefix(im.Article.Title, "Report ")))
				a, err := annotate.NewAnnotation(im.Article.ID, text, span, annotate.KindClaim, m.name, now)
				if err != nil {
					return err
				}
				if err := tx.PutAnnotation(a); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkSyncThreeMembers: three members on loopback, each with 10,000
// new annotations (100 articles of 100), sync fully: each pushes, then
// each pulls the other two's bundles, the three side by side as on three
// machines. The baseline is the same merges without the hub: a copy of
// each member's library, made before the sync, merges the other two's
// bundle files (the very deltas pushed) with MergeFile, undoable as a
// pull's merges are, side by side too. Also reported: one library merging
// all three files, sequentially.
func BenchmarkSyncThreeMembers(b *testing.B) {
	const articles, per = 100, 100
	ctx := context.Background()
	var syncSec, localSec, oneSec, syncCPU, localCPU float64
	for i := range b.N {
		b.StopTimer()
		h := testHub(b, b.TempDir(), "", "ana", "ben", "cy")
		dir := b.TempDir()
		var ms, copies []*member
		var files []string
		for _, name := range []string{"ana", "ben", "cy"} {
			m := join(b, h.URL(), name)
			m.bulkAnnotate(b, fmt.Sprintf("%s%d", name, i), articles, per)
			ms = append(ms, m)
			d, err := m.svc.TeamDelta(uintSetting(m.svc, setPushed), m.name)
			if err != nil {
				b.Fatal(err)
			}
			if d.Records < articles*per {
				b.Fatalf("%s's delta holds %d records", m.name, d.Records)
			}
			f := filepath.Join(dir, m.name+".marginalia")
			if err := os.WriteFile(f, d.Data, 0o600); err != nil {
				b.Fatal(err)
			}
			files = append(files, f)
			cp := filepath.Join(dir, m.name+".db")
			if err := m.st.Backup(cp); err != nil {
				b.Fatal(err)
			}
			st := storetest.OpenPath(b, cp)
			copies = append(copies, &member{name: name, st: st, svc: action.New(st, nil)})
		}
		b.StartTimer()

		start, cpu := time.Now(), cpuSeconds()
		parallel(b, ms, func(m *member) error { _, err := m.c.Push(ctx); return err })
		parallel(b, ms, func(m *member) error {
			got, err := m.c.Pull(ctx, nil)
			if err == nil && len(got.Merged) != 2 {
				err = fmt.Errorf("%s merged %d bundles", m.name, len(got.Merged))
			}
			return err
		})
		syncSec += time.Since(start).Seconds()
		syncCPU += cpuSeconds() - cpu

		b.StopTimer()
		for _, m := range ms {
			if n := len(m.annotations(b)); n != 3*articles*per {
				b.Fatalf("%s has %d annotations after the sync", m.name, n)
			}
		}
		start, cpu = time.Now(), cpuSeconds()
		parallel(b, copies, func(m *member) error {
			for _, f := range files {
				if filepath.Base(f) == m.name+".marginalia" {
					continue
				}
				if _, err := m.svc.MergeFile(f, action.MergeOptions{}); err != nil {
					return err
				}
			}
			return nil
		})
		localSec += time.Since(start).Seconds()
		localCPU += cpuSeconds() - cpu
		one := action.New(storetest.Open(b), nil)
		start = time.Now()
		for _, f := range files {
			if _, err := one.MergeFile(f, action.MergeOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		oneSec += time.Since(start).Seconds()
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(syncSec/n, "s/sync")
	b.ReportMetric(localSec/n, "s/local-merges")
	b.ReportMetric(syncSec/localSec, "sync/local")
	b.ReportMetric(oneSec/n, "s/one-lib-merges")
	// CPU time, which other programs on a shared machine disturb less.
	b.ReportMetric(syncCPU/n, "cpu-s/sync")
	b.ReportMetric(localCPU/n, "cpu-s/local-merges")
	b.ReportMetric(syncCPU/localCPU, "cpu-sync/local")
	b.ReportMetric(0, "ns/op")
}

// parallel runs f for every member side by side.
func parallel(tb testing.TB, ms []*member, f func(*member) error) {
	tb.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(ms))
	for i, m := range ms {
		wg.Go(func() { errs[i] = f(m) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// cpuSeconds is the CPU time this process has used, user and system.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// BenchmarkPullManySmall: a desk of ten members each pushed 20 small
// bundles (a day of syncing every few minutes); a member joining later
// pulls all 200. Reported per bundle, beside merging the same bundles
// from memory without the hub (MergeTeamBundle on the bytes).
func BenchmarkPullManySmall(b *testing.B) {
	const members, pushes = 10, 20
	ctx := context.Background()
	var names []string
	for i := range members {
		names = append(names, fmt.Sprintf("m%d", i))
	}
	names = append(names, "late", "local")
	h := testHub(b, b.TempDir(), "", names...)
	var bundles [][]byte
	var senders []string
	for _, name := range names[:members] {
		m := join(b, h.URL(), name)
		id, sentences := m.article(b, name, pushes)
		for _, s := range sentences {
			if _, err := m.svc.Annotate(action.NewAnnotation{ArticleID: id, Quote: s, Kind: annotate.KindClaim, Creator: name}); err != nil {
				b.Fatal(err)
			}
			d, err := m.svc.TeamDelta(uintSetting(m.svc, setPushed), name)
			if err != nil {
				b.Fatal(err)
			}
			bundles, senders = append(bundles, d.Data), append(senders, name)
			if _, err := m.c.Push(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	var pullSec, localSec, skipSec float64
	for range b.N {
		b.StopTimer()
		late := join(b, h.URL(), "late")
		local := join(b, h.URL(), "local")
		b.StartTimer()
		start := time.Now()
		got, err := late.c.Pull(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		pullSec += time.Since(start).Seconds()
		b.StopTimer()
		if len(got.Merged) != members*pushes {
			b.Fatalf("merged %d bundles, want %d", len(got.Merged), members*pushes)
		}
		// Read again from the start: every announcement skipped as merged.
		if err := setUint(late.svc, setPulled, 0); err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		again, err := late.c.Pull(ctx, nil)
		if err != nil || len(again.Merged) != 0 || again.Read != members*pushes {
			b.Fatalf("reading again: merged %d, read %d (%v)", len(again.Merged), again.Read, err)
		}
		skipSec += time.Since(start).Seconds()
		start = time.Now()
		for i, data := range bundles {
			if _, err := local.svc.MergeTeamBundle(data, senders[i]); err != nil {
				b.Fatal(err)
			}
		}
		localSec += time.Since(start).Seconds()
		b.StartTimer()
	}
	n := float64(b.N * members * pushes)
	b.ReportMetric(pullSec/n*1000, "ms/bundle-pulled")
	b.ReportMetric(localSec/n*1000, "ms/bundle-merged-locally")
	b.ReportMetric(pullSec/localSec, "pull/local")
	b.ReportMetric(skipSec/n*1e6, "µs/announcement-skipped")
	b.ReportMetric(0, "ns/op")
}
