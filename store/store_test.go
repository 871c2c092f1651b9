package store

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"marginalia/annotate"
)

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// openTemp opens a throw-away database that is checked when the test
// ends (see storetest, which package store's own tests cannot import).
func openTemp(t testing.TB) *Store {
	t.Helper()
	return openChecked(t, &Options{NoSync: true})
}

func openChecked(tb testing.TB, opts *Options) *Store {
	tb.Helper()
	if opts.InitialMmapSize == 0 {
		opts.InitialMmapSize = 16 << 20
	}
	s, err := Open(filepath.Join(tb.TempDir(), "m.db"), opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if problems, err := s.Check(); err == nil && len(problems) > 0 {
			tb.Errorf("the database is inconsistent when the test ends:\n%s", strings.Join(problems, "\n"))
		}
		s.Close()
	})
	return s
}

func mustArticle(t testing.TB, s *Store, title, text string) annotate.Article {
	t.Helper()
	a, err := annotate.NewArticle(title, text, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(func(tx *Tx) error { return tx.PutArticle(a) }); err != nil {
		t.Fatal(err)
	}
	return a
}

func mustAnnotate(t testing.TB, s *Store, a annotate.Article, quote string, kind annotate.Kind) annotate.Annotation {
	t.Helper()
	txt := annotate.NewText(a.Text)
	span, ok := txt.Find(quote, 1)
	if !ok {
		t.Fatalf("quote %q not in text", quote)
	}
	ann, err := annotate.NewAnnotation(a.ID, txt, span, kind, "dana", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(func(tx *Tx) error { return tx.PutAnnotation(ann) }); err != nil {
		t.Fatal(err)
	}
	return ann
}

func mustLink(t testing.TB, s *Store, from, to string, rel annotate.Relation) annotate.Link {
	t.Helper()
	var l annotate.Link
	err := s.Update(func(tx *Tx) error {
		f, err := tx.Ref(from)
		if err != nil {
			return err
		}
		to, err := tx.Ref(to)
		if err != nil {
			return err
		}
		l = annotate.Link{ID: annotate.NewID(), From: f, To: to, Relation: rel, Created: t0}
		return tx.PutLink(l)
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func mustCheck(t *testing.T, s *Store) {
	t.Helper()
	problems, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("check found problems:\n%s", strings.Join(problems, "\n"))
	}
}

func TestOpenHeldDatabaseFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	first, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()

	start := time.Now()
	second, err := Open(path, nil)
	elapsed := time.Since(start)
	if err == nil {
		second.Close()
		t.Fatal("second open of a held database succeeded")
	}
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("got error %v, want ErrInUse", err)
	}
	if !strings.Contains(err.Error(), "in use by another process") {
		t.Errorf("error %q does not say the database is in use", err)
	}
	if elapsed > 3*time.Second {
		t.Errorf("second open took %v, want at most 3s", elapsed)
	}
}

func TestOpenRefusesNewerSchemaAndGarbage(t *testing.T) {
	dir := t.TempDir()
	newer := filepath.Join(dir, "newer.db")
	db, err := bolt.Open(newer, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte(bMeta))
		if err != nil {
			return err
		}
		return b.Put([]byte(kSchema), []byte("99"))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		want       error
		wantText   string
	}{
		{"newer schema", newer, ErrNewerSchema, "newer version"},
		{"not bbolt", garbage, nil, "not a Marginalia database"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadFile(tc.path)
			s, err := Open(tc.path, nil)
			if err == nil {
				s.Close()
				t.Fatal("open succeeded")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("error %q does not contain %q", err, tc.wantText)
			}
			after, _ := os.ReadFile(tc.path)
			if string(before) != string(after) {
				t.Error("the refused file was changed")
			}
		})
	}
}

func TestUnicodeOffsetsAndQuotes(t *testing.T) {
	for _, tc := range []struct {
		name, text, quote  string
		wantStart, wantEnd int
		wantPrefix         string
	}{
		{"korean", "북한 지도자 김정은은 \"충격 부대\"라고 말했다.", "김정은은", 7, 11, "북한 지도자 "},
		{"emoji", "Fire 🔥🔥 then 👩‍👩‍👧 family said it", "family", 19, 25, "Fire 🔥🔥 then 👩‍👩‍👧 "},
		{"combining accents", "Jose\u0301 A\u0301lvarez said: no.", "Álvarez", 5, 12, "José "},
		{"crlf", "Line one.\r\nLine two says \"yes\".\r\n\r\nLast.", "says", 19, 23, "Line one.\nLine two "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t)
			a := mustArticle(t, s, tc.name, tc.text)
			ann := mustAnnotate(t, s, a, annotate.NormalizeQuote(tc.quote), annotate.KindQuote)
			var got annotate.Annotation
			err := s.View(func(tx *Tx) error {
				var err error
				got, err = tx.Annotation(ann.ID)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if got.Span.Start != tc.wantStart || got.Span.End != tc.wantEnd {
				t.Errorf("span = %d-%d, want %d-%d", got.Span.Start, got.Span.End, tc.wantStart, tc.wantEnd)
			}
			if got.Quote.Exact != annotate.NormalizeQuote(tc.quote) {
				t.Errorf("exact = %q, want %q", got.Quote.Exact, tc.quote)
			}
			if got.Quote.Prefix != annotate.NormalizeQuote(tc.wantPrefix) {
				t.Errorf("prefix = %q, want %q", got.Quote.Prefix, tc.wantPrefix)
			}
			// The offsets index the stored text by code point.
			runes := []rune(a.Text)
			if string(runes[got.Span.Start:got.Span.End]) != got.Quote.Exact {
				t.Errorf("text[%d:%d] = %q, not the quote", got.Span.Start, got.Span.End, string(runes[got.Span.Start:got.Span.End]))
			}
			if strings.Contains(a.Text, "\r") {
				t.Error("stored text still has carriage returns")
			}
			mustCheck(t, s)
		})
	}
}

func TestDeleteArticleLeavesNothingBehind(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Alpha said the port is closed. Beta said it is open.")
	b := mustArticle(t, s, "B", "Gamma reported the port closed on Friday.")
	sp := annotate.Speaker{ID: annotate.NewID(), Name: "Alpha"}
	if err := s.Update(func(tx *Tx) error { return tx.PutSpeaker(sp) }); err != nil {
		t.Fatal(err)
	}
	claim := mustAnnotate(t, s, a, "the port is closed", annotate.KindClaim)
	claim.SpeakerID = sp.ID
	if err := s.Update(func(tx *Tx) error { return tx.PutAnnotation(claim) }); err != nil {
		t.Fatal(err)
	}
	mustAnnotate(t, s, a, "it is open", annotate.KindClaim)
	other := mustAnnotate(t, s, b, "the port closed", annotate.KindClaim)
	mustLink(t, s, a.ID, b.ID, annotate.RelSameEvent)
	mustLink(t, s, other.ID, claim.ID, annotate.RelSupports)
	keep := mustLink(t, s, b.ID, other.ID, annotate.RelRelated)
	mustCheck(t, s)

	if err := s.Update(func(tx *Tx) error { return tx.DeleteArticle(a.ID) }); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	err := s.View(func(tx *Tx) error {
		for _, c := range []struct {
			bucket *bucket
			name   string
			want   int
		}{
			{tx.articles, "articles", 1}, {tx.texts, "texts", 1}, {tx.textHash, "hashes", 1},
			{tx.annotations, "annotations", 1}, {tx.articleAnn, "article index", 1},
			{tx.speakerAnn, "speaker index", 0}, {tx.links, "links", 1}, {tx.refLinks, "link index", 2},
			{tx.speakers, "speakers", 1},
		} {
			if got := c.bucket.Stats().KeyN; got != c.want {
				t.Errorf("%s: %d keys, want %d", c.name, got, c.want)
			}
		}
		links, err := tx.LinksOf(b.ID)
		if err != nil {
			return err
		}
		if len(links) != 1 || links[0].ID != keep.ID {
			t.Errorf("links of B = %v, want only %s", links, keep.ID)
		}
		if _, err := tx.Article(a.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleted article: got %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBadAnnotationsLeaveStoreUnchanged(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Short text here.")
	good := mustAnnotate(t, s, a, "text", annotate.KindClaim)
	before := dump(t, s)
	for _, tc := range []struct {
		name   string
		mutate func(*annotate.Annotation)
	}{
		{"span past end", func(x *annotate.Annotation) { x.Span = annotate.Span{Start: 10, End: 99} }},
		{"negative span", func(x *annotate.Annotation) { x.Span = annotate.Span{Start: -1, End: 3} }},
		{"quote mismatch", func(x *annotate.Annotation) { x.Quote.Exact = "TEXT" }},
		{"unknown article", func(x *annotate.Annotation) { x.ArticleID = annotate.NewID() }},
		{"unknown speaker", func(x *annotate.Annotation) { x.SpeakerID = annotate.NewID() }},
		{"unknown kind", func(x *annotate.Annotation) { x.Kind = "rumour" }},
		{"status on a quote", func(x *annotate.Annotation) { x.Kind = annotate.KindQuote }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := good
			bad.ID = annotate.NewID()
			tc.mutate(&bad)
			if err := s.Update(func(tx *Tx) error { return tx.PutAnnotation(bad) }); err == nil {
				t.Fatal("bad annotation was stored")
			}
			if after := dump(t, s); !slices.Equal(before, after) {
				t.Error("the store changed")
			}
		})
	}
}

func TestDuplicateTextAndLinks(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Same text.")
	b := mustArticle(t, s, "B", "Other text.")
	dup, _ := annotate.NewArticle("A again", "Same text.\r\n", t0)
	err := s.Update(func(tx *Tx) error { return tx.PutArticle(dup) })
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), a.ID) {
		t.Errorf("duplicate text: got %v, want ErrExists naming %s", err, a.ID)
	}
	mustLink(t, s, a.ID, b.ID, annotate.RelFollowUp)
	err = s.Update(func(tx *Tx) error {
		return tx.PutLink(annotate.Link{ID: annotate.NewID(), From: annotate.Ref{Type: annotate.RefArticle, ID: a.ID},
			To: annotate.Ref{Type: annotate.RefArticle, ID: b.ID}, Relation: annotate.RelFollowUp, Created: t0})
	})
	if !errors.Is(err, ErrExists) {
		t.Errorf("duplicate link: got %v, want ErrExists", err)
	}
	// Backlinks: the link is seen from both ends.
	err = s.View(func(tx *Tx) error {
		for _, id := range []string{a.ID, b.ID} {
			links, err := tx.LinksOf(id)
			if err != nil {
				return err
			}
			if len(links) != 1 {
				t.Errorf("links of %s: %d, want 1", id, len(links))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDeleteSpeakerUnattributes(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Kim said war is near.")
	sp := annotate.Speaker{ID: annotate.NewID(), Name: "Kim Jong Un", Aliases: []string{"Kim"}}
	ann := mustAnnotate(t, s, a, "war is near", annotate.KindClaim)
	ann.SpeakerID = sp.ID
	err := s.Update(func(tx *Tx) error {
		if err := tx.PutSpeaker(sp); err != nil {
			return err
		}
		return tx.PutAnnotation(ann)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(func(tx *Tx) error {
		got, err := tx.SpeakerByName("KIM JONG UN")
		if err != nil || got.ID != sp.ID {
			t.Errorf("SpeakerByName = %v, %v; want %s", got.ID, err, sp.ID)
		}
		said, err := tx.AnnotationsBy(sp.ID)
		if err != nil || len(said) != 1 {
			t.Errorf("AnnotationsBy = %d, %v; want 1", len(said), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(func(tx *Tx) error { _, err := tx.Delete(sp.ID); return err }); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	_ = s.View(func(tx *Tx) error {
		got, err := tx.Annotation(ann.ID)
		if err != nil || got.SpeakerID != "" {
			t.Errorf("after deleting the speaker: %v, %q; want the annotation unattributed", err, got.SpeakerID)
		}
		return nil
	})
}

func TestCheckFindsDamage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(tx *Tx, a annotate.Article, ann annotate.Annotation) error
		want   string
	}{
		{"orphan annotation", func(tx *Tx, a annotate.Article, _ annotate.Annotation) error {
			if err := tx.articles.Delete([]byte(a.ID)); err != nil {
				return err
			}
			return tx.texts.Delete([]byte(a.ID))
		}, "does not exist"},
		{"unindexed annotation", func(tx *Tx, a annotate.Article, ann annotate.Annotation) error {
			return tx.articleAnn.Delete(key(a.ID, ann.ID))
		}, "not in its article's index"},
		{"dangling index entry", func(tx *Tx, a annotate.Article, _ annotate.Annotation) error {
			return tx.articleAnn.Put(key(a.ID, "ghost"), nil)
		}, "points at no matching record"},
		{"quote mismatch", func(tx *Tx, _ annotate.Article, ann annotate.Annotation) error {
			ann.Quote.Exact = "XXXXX"
			return putJSON(tx.annotations, ann.ID, ann)
		}, "quote does not match"},
		{"span past text", func(tx *Tx, _ annotate.Article, ann annotate.Annotation) error {
			ann.Span = annotate.Span{Start: 100, End: 105}
			return putJSON(tx.annotations, ann.ID, ann)
		}, "past the end"},
		{"undecodable record", func(tx *Tx, _ annotate.Article, ann annotate.Annotation) error {
			return tx.annotations.Put([]byte(ann.ID), []byte("{not json"))
		}, "cannot decode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Damaged on purpose: not checked when the test ends.
			s, err := Open(filepath.Join(t.TempDir(), "m.db"), &Options{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			a := mustArticle(t, s, "A", "Some words to annotate.")
			ann := mustAnnotate(t, s, a, "words", annotate.KindEvidence)
			mustCheck(t, s)
			if err := s.Update(func(tx *Tx) error { return tc.damage(tx, a, ann) }); err != nil {
				t.Fatal(err)
			}
			problems, err := s.Check()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Errorf("problems %q do not mention %q", problems, tc.want)
			}
		})
	}
}

func TestBackupWhileOpen(t *testing.T) {
	s := openTemp(t)
	a := mustArticle(t, s, "A", "Backed up text.")
	mustAnnotate(t, s, a, "Backed", annotate.KindQuestion)
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(path); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(s.Path()); err == nil {
		t.Error("backup over the database itself succeeded")
	}
	// The original stays usable and the copy opens on its own.
	mustAnnotate(t, s, a, "text", annotate.KindQuote)
	c, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got, want := dump(t, c), dump(t, s); len(got) != len(want)-2 {
		t.Errorf("backup has %d entries, original %d: want the backup without the later annotation (2 entries)", len(got), len(want))
	}
	mustCheck(t, c)
}

func TestReadOnlyOpenRefusesWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustArticle(t, s, "A", "Text.")
	s.Close()
	ro, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	a, _ := annotate.NewArticle("B", "Other.", t0)
	if err := ro.Update(func(tx *Tx) error { return tx.PutArticle(a) }); err == nil {
		t.Error("write to a read-only database succeeded")
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.db"), &Options{ReadOnly: true}); err == nil {
		t.Error("read-only open of a missing file succeeded")
	}
}

// dump lists every key and value in every bucket, for comparing states.
func dump(t testing.TB, s *Store) []string {
	t.Helper()
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				out = append(out, string(name)+"/"+string(k)+"="+string(v))
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
