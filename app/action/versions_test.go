package action_test

import (
	"errors"
	"strings"
	"testing"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/storetest"
)

const v1 = `Council approves new bus lanes

The city council voted 7-2 on Tuesday to approve bus lanes on Main Street, a plan the mayor said would cut commutes by ten minutes.

Opponents argued the lanes would hurt shops. "Nobody asked us," said Rita Mendes, who owns a bakery on the street.

The work starts in March and will cost $4 million, according to the transport department.`

// v2 corrects the cost, rewords the mayor's claim, drops the bakery
// paragraph and adds one.
const v2 = `Council approves new bus lanes

The city council voted 7-2 on Tuesday to approve bus lanes on Main Street, a plan the mayor said would cut most commutes by about ten minutes.

The work starts in March and will cost $6 million, according to the transport department, which revised its estimate on Wednesday.

A second vote on cycle lanes is expected next month.`

func TestNewVersionCarriesAnnotations(t *testing.T) {
	svc := action.New(storetest.Open(t), nil)
	done, err := svc.Import([]action.Source{svc.ReadData("bus.txt", []byte(v1))})
	if err != nil {
		t.Fatal(err)
	}
	art := done[0].Article
	mark := func(quote string, kind annotate.Kind) annotate.Annotation {
		res, err := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: quote, Kind: kind, Creator: "dana"})
		if err != nil {
			t.Fatal(err)
		}
		return res.Annotation
	}
	vote := mark("voted 7-2 on Tuesday", annotate.KindEvidence)
	claim := mark("would cut commutes by ten minutes", annotate.KindClaim)
	bakery := mark("Nobody asked us", annotate.KindQuote)
	start := mark("The work starts in March", annotate.KindEvidence)

	res, err := svc.ImportVersion(art.ID, svc.ReadData("bus-v2.txt", []byte(v2)))
	if err != nil {
		t.Fatal(err)
	}
	if res.N != 2 || len(res.Placed) != 3 || len(res.Orphans) != 1 || res.Orphans[0].ID != bakery.ID {
		t.Fatalf("version %d: placed %d, orphans %+v; want 3 placed and the deleted quote orphaned", res.N, len(res.Placed), res.Orphans)
	}
	text := annotate.NewText(v2)
	for _, a := range res.Placed {
		if got := text.Slice(a.Span.Start, a.Span.End); got != a.Quote.Exact || a.Version != 2 || a.Anchor == nil {
			t.Errorf("%s placed at %q with quote %q, version %d, anchor %+v", a.ID, got, a.Quote.Exact, a.Version, a.Anchor)
		}
		switch a.ID {
		case vote.ID, start.ID:
			if a.Quote.Exact != map[string]string{vote.ID: vote.Quote.Exact, start.ID: start.Quote.Exact}[a.ID] || a.Anchor.OldQuote != "" {
				t.Errorf("an unedited passage moved to %q (old quote %q)", a.Quote.Exact, a.Anchor.OldQuote)
			}
		case claim.ID:
			if !strings.Contains(a.Quote.Exact, "commutes") || a.Anchor.OldQuote != claim.Quote.Exact {
				t.Errorf("the reworded claim: quote %q, old quote %q", a.Quote.Exact, a.Anchor.OldQuote)
			}
		}
	}
	if len(res.Reworded) != 1 || res.Reworded[0].ID != claim.ID {
		t.Errorf("reworded = %+v, want the mayor's claim", res.Reworded)
	}
	// Both versions stay readable; the orphan stays valid on version 1.
	vs, err := svc.Versions(art.ID)
	if err != nil || len(vs) != 2 || vs[0].N != 1 || vs[1].N != 2 {
		t.Fatalf("versions = %+v, %v", vs, err)
	}
	orphans, _ := svc.Orphans(art.ID)
	if len(orphans) != 1 || orphans[0].VersionOf() != 1 {
		t.Errorf("orphans = %+v", orphans)
	}
	// The diff names the change that touched the claim.
	d, from, to, err := svc.Diff(art.ID, 0, 0)
	if err != nil || from != 1 || to != 2 {
		t.Fatalf("diff %d->%d: %v", from, to, err)
	}
	if hunks := d.Touching(claim.Span); len(hunks) == 0 {
		t.Error("no change touches the reworded claim")
	}
	if st := d.Stats(); st.Inserted == 0 || st.Deleted == 0 {
		t.Errorf("diff stats %+v", st)
	}
	// Re-attaching the orphan by selecting text puts it on version 2.
	span, _ := text.Find("A second vote", 1)
	got, err := svc.Reattach(bakery.ID, span)
	if err != nil || got.Version != 2 || got.Anchor.Method != "manual" || got.Anchor.OldQuote != "Nobody asked us" {
		t.Errorf("re-attach = %+v, %v", got, err)
	}
	// A new highlight is made on the text the reader shows, version 2,
	// where version 1 has other words at the same offsets.
	fresh := mark("A second vote", annotate.KindEvidence)
	if fresh.Version != 2 {
		t.Errorf("a highlight made after version 2 is on version %d", fresh.Version)
	}
	// The same text again adds nothing; the old one again is recognised.
	if _, err := svc.ImportVersion(art.ID, svc.ReadData("again.txt", []byte(v2))); !errors.Is(err, action.ErrSameVersion) {
		t.Errorf("the same version again: %v, want ErrSameVersion", err)
	}
	again, err := svc.Import([]action.Source{svc.ReadData("old.txt", []byte(v1))})
	if err != nil || again[0].New || again[0].Article.ID != art.ID {
		t.Errorf("re-importing version 1 = %+v, %v; want the stored article", again, err)
	}
	// Undo takes the new highlight, the re-attachment and the version back,
	// one step each.
	for range 3 {
		if _, err := svc.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	_ = svc.Store().View(func(tx *store.Tx) error {
		a, _ := tx.ArticleMeta(art.ID)
		c, _ := tx.Annotation(claim.ID)
		if a.CurrentVersion() != 1 || c.Quote != claim.Quote {
			t.Errorf("after undo: article version %d, claim %+v", a.CurrentVersion(), c.Quote)
		}
		return nil
	})
}

func TestSameURLBecomesAVersion(t *testing.T) {
	svc := action.New(storetest.Open(t), nil)
	page := func(body string) []byte {
		return []byte(`<html><head><title>Bus lanes</title><link rel="canonical" href="https://news.example.com/bus-lanes/"></head><body><article><h1>Bus lanes</h1><p>` + body + `</p></article></body></html>`)
	}
	first, err := svc.Import([]action.Source{svc.ReadData("a.html", page("The council voted for bus lanes on Tuesday after a long debate about the shops on Main Street."))})
	if err != nil || !first[0].New {
		t.Fatalf("first import: %+v, %v", first, err)
	}
	second, err := svc.Import([]action.Source{svc.ReadData("b.html", page("The council voted for bus lanes on Tuesday after a short debate about the shops on Main Street."))})
	if err != nil {
		t.Fatal(err)
	}
	if second[0].Version == nil || second[0].Article.ID != first[0].Article.ID || second[0].Version.N != 2 {
		t.Errorf("a new text at the same URL = %+v, want version 2 of the first article", second[0])
	}
}

func TestAdjustSpan(t *testing.T) {
	svc, art := newService(t)
	res, err := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "shock troops", Kind: annotate.KindQuote})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Annotation.ID
	steps := []struct {
		edge action.Edge
		dir  int
	}{{action.EdgeEnd, -1}, {action.EdgeStart, -1}, {action.EdgeEnd, 1}}
	var a annotate.Annotation
	for _, s := range steps {
		if a, err = svc.AdjustSpan(id, s.edge, s.dir); err != nil {
			t.Fatal(err)
		}
	}
	text := annotate.NewText(art.Text)
	if a.Quote.Exact != text.Slice(a.Span.Start, a.Span.End) || !strings.HasSuffix(a.Quote.Exact, "shock troops") || a.Quote.Exact == "shock troops" {
		t.Errorf("after shrinking the end and growing both ways: %q at %v", a.Quote.Exact, a.Span)
	}
	// The three presses undo as one step.
	if _, err := svc.Store().Undo(); err != nil {
		t.Fatal(err)
	}
	_ = svc.Store().View(func(tx *store.Tx) error {
		got, _ := tx.Annotation(id)
		if got.Quote.Exact != "shock troops" {
			t.Errorf("after undo the quote is %q", got.Quote.Exact)
		}
		return nil
	})
	// A one-word highlight cannot lose its last word.
	one, _ := svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "troops", Kind: annotate.KindQuote, Nth: 1})
	if _, err := svc.AdjustSpan(one.Annotation.ID, action.EdgeEnd, -1); !errors.Is(err, action.ErrSpanLimit) {
		t.Errorf("emptying a highlight: %v, want ErrSpanLimit", err)
	}
}
