package anchor

import (
	"strings"
	"testing"

	"marginalia/annotate"
)

const sampleText = "The council voted nine to four on Tuesday night to close the municipal coal terminal by the end of 2031.\n\n" +
	"Opponents warned that the closure would cost jobs well beyond the docks. \"Every tonne pays for a pilot,\" said Tomás Ferreira.\n\n" +
	"The council's own impact study estimated that 180 direct jobs would be lost by 2031, he said.\n\n" +
	"The closure still needs approval from the regional planning board, which is expected to rule in the spring."

// sel returns the selector of the nth occurrence of passage in text.
func sel(t *testing.T, text, passage string, nth int) Selector {
	t.Helper()
	tx := annotate.NewText(text)
	span, ok := tx.Find(passage, nth)
	if !ok {
		t.Fatalf("%q not in text", passage)
	}
	q, err := tx.QuoteAt(span)
	if err != nil {
		t.Fatal(err)
	}
	return Selector{Span: span, Quote: q}
}

func TestPlace(t *testing.T) {
	paras := strings.Split(sampleText, "\n\n")
	tests := []struct {
		name    string
		new     string
		passage string
		nth     int
		method  Method
		want    string // text at the new span; "" for an orphan
	}{
		{"unchanged", sampleText, "close the municipal coal terminal", 1, Unchanged, "close the municipal coal terminal"},
		{"shifted by an insertion", "UPDATED. " + sampleText, "close the municipal coal terminal", 1, Mapped, "close the municipal coal terminal"},
		{"reworded inside", strings.Replace(sampleText, "nine to four", "nine votes to four", 1),
			"The council voted nine to four on Tuesday night", 1, Mapped, "The council voted nine votes to four on Tuesday night"},
		{"first word replaced", strings.Replace(sampleText, "Opponents warned", "Critics warned", 1),
			"Opponents warned that the closure would cost jobs", 1, Mapped, "Critics warned that the closure would cost jobs"},
		{"paragraph moved", strings.Join([]string{paras[1], paras[2], paras[3], paras[0]}, "\n\n"),
			"close the municipal coal terminal", 1, Mapped, "close the municipal coal terminal"},
		{"paragraph moved and edited", strings.Join([]string{paras[0], paras[1], paras[3], strings.Replace(paras[2], "he said", "the mayor said", 1)}, "\n\n"),
			"180 direct jobs would be lost by 2031", 1, Mapped, "180 direct jobs would be lost by 2031"},
		{"paragraph moved and edited across the passage", strings.Join([]string{paras[0], paras[1], paras[3], strings.Replace(paras[2], "would be lost", "would go", 1)}, "\n\n"),
			"180 direct jobs would be lost by 2031", 1, Fuzzy, "180 direct jobs would go by 2031"},
		{"white space and newlines", strings.Replace(sampleText, "cost jobs well beyond", "cost  jobs\nwell beyond", 1),
			"the closure would cost jobs well beyond the docks", 1, Mapped, "the closure would cost  jobs\nwell beyond the docks"},
		{"passage deleted", strings.Replace(sampleText, " \"Every tonne pays for a pilot,\" said Tomás Ferreira.", "", 1),
			"Every tonne pays for a pilot", 1, Orphan, ""},
		{"passage mostly rewritten", strings.Replace(sampleText, "would cost jobs well beyond the docks", "was overdue, according to residents", 1),
			"would cost jobs well beyond the docks", 1, Orphan, ""},
		{"deleted quote repeated elsewhere", strings.Replace(sampleText, paras[2], "The study was not published.", 1),
			"2031", 2, Orphan, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sel(t, sampleText, tt.passage, tt.nth)
			r := NewReanchorer(sampleText, tt.new, Options{})
			got := r.Place(s.Span, s.Quote)
			if got.Method != tt.method {
				t.Fatalf("got method %v (%s), want %v", got.Method, got.Reason, tt.method)
			}
			nw := annotate.NewText(tt.new)
			if text := nw.Slice(got.Span.Start, got.Span.End); got.Placed() && text != tt.want {
				t.Errorf("got %q, want %q", text, tt.want)
			}
			if got.Placed() {
				if q, _ := nw.QuoteAt(got.Span); q != got.Quote {
					t.Errorf("got quote %+v, want the new text's %+v", got.Quote, q)
				}
				if got.Changed != (got.Quote.Exact != s.Quote.Exact) {
					t.Errorf("got Changed %v for %q -> %q", got.Changed, s.Quote.Exact, got.Quote.Exact)
				}
			} else if got.Reason == "" || got.Span != (annotate.Span{}) {
				t.Errorf("orphan: got span %v, reason %q; want a zero span and a reason", got.Span, got.Reason)
			}
		})
	}
}

func TestPlaceParagraphMovedAndEdited(t *testing.T) {
	// The paragraph moved and gained words: the passage follows it,
	// through the diff's move or by its quote.
	paras := strings.Split(sampleText, "\n\n")
	old := strings.Join([]string{paras[0], "Ferreira said jobs would go by the end of 2031 unless the board acts.", paras[3]}, "\n\n")
	nw := strings.Join([]string{paras[0], paras[3], "Ferreira, a union leader, said jobs would go by the end of 2031 unless the board acts."}, "\n\n")
	s := sel(t, old, "jobs would go by the end of 2031 unless the board acts", 1)
	got := NewReanchorer(old, nw, Options{}).Place(s.Span, s.Quote)
	if txt := annotate.NewText(nw).Slice(got.Span.Start, got.Span.End); !got.Placed() || txt != s.Quote.Exact {
		t.Errorf("got %v %q (%s), want the quote found", got.Method, txt, got.Reason)
	}
}

func TestPlaceWithStaleSelector(t *testing.T) {
	// A span that no longer fits the old text is searched for by its
	// quote alone.
	s := sel(t, sampleText, "regional planning board", 1)
	s.Span = annotate.Span{Start: 3, End: 9}
	got := NewReanchorer(sampleText, sampleText, Options{}).Place(s.Span, s.Quote)
	if got.Method != Quote || annotate.NewText(sampleText).Slice(got.Span.Start, got.Span.End) != "regional planning board" {
		t.Errorf("got %+v, want the quote found", got)
	}
}

func TestReanchor(t *testing.T) {
	nw := "Breaking. " + strings.Replace(sampleText, "Tuesday night", "Wednesday", 1)
	sels := []Selector{sel(t, sampleText, "voted nine to four on Tuesday night", 1), sel(t, sampleText, "regional planning board", 1)}
	got := Reanchor(sampleText, nw, sels, Options{})
	if len(got) != 2 {
		t.Fatalf("got %d results, want 2", len(got))
	}
	for i, want := range []string{"voted nine to four on Wednesday", "regional planning board"} {
		if txt := annotate.NewText(nw).Slice(got[i].Span.Start, got[i].Span.End); txt != want {
			t.Errorf("selector %d: got %q (%v), want %q", i, txt, got[i].Method, want)
		}
	}
	if !got[0].Changed || got[1].Changed {
		t.Errorf("got Changed %v, %v; want true, false", got[0].Changed, got[1].Changed)
	}
}

func TestLocate(t *testing.T) {
	long := "The closure still needs approval from the regional planning board, which is expected to rule in the spring."
	tests := []struct {
		name   string
		q      annotate.Quote
		hint   int
		method Method
		want   string
	}{
		{"paragraphs run together in the DOM", annotate.Quote{Exact: "he said.The closure still needs approval", Prefix: "jobs would be lost by 2031, "},
			500, Quote, "he said.\n\nThe closure still needs approval"},
		{"spaces", withExact(sel(t, sampleText, "\"Every tonne pays for a pilot,\" said", 1).Quote, "\"Every  tonne pays\u00a0for a\npilot,\" said"),
			-1, Quote, "\"Every tonne pays for a pilot,\" said"},
		{"curly quotes", withExact(sel(t, sampleText, "\"Every tonne pays for a pilot,\"", 1).Quote, "“Every tonne pays for a pilot,”"),
			-1, Quote, "\"Every tonne pays for a pilot,\""},
		{"accents and case", withExact(sel(t, sampleText, "said Tomás Ferreira", 1).Quote, "SAID TOMAS FERREIRA"), -1, Quote, "said Tomás Ferreira"},
		{"one word differs in a long quote", annotate.Quote{Exact: strings.Replace(long, "expected", "likely", 1)}, -1, Fuzzy, long},
		{"quote longer than 64 runes with errors", annotate.Quote{Exact: strings.ReplaceAll(long, "the ", "teh ")}, -1, Fuzzy, long},
		{"short quote with its context", sel(t, sampleText, "he said", 1).Quote, -1, Quote, "he said"},
		{"short quote with one side of its context", withSuffix(sel(t, sampleText, "he said", 1).Quote, "Share this article"), -1, Orphan, ""},
		{"short quote without context", annotate.Quote{Exact: "he said", Prefix: "Menu Home News ", Suffix: " Share this"}, -1, Orphan, ""},
		{"repeated quote, same context", annotate.Quote{Exact: "The council"}, -1, Orphan, ""},
		{"not there", annotate.Quote{Exact: "the port will reopen on Monday, officials said"}, -1, Orphan, ""},
		{"only white space", annotate.Quote{Exact: " \n "}, -1, Orphan, ""},
	}
	l := NewLocator(sampleText, Options{})
	tx := annotate.NewText(sampleText)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := l.Locate(tt.q, tt.hint)
			if got.Method != tt.method {
				t.Fatalf("got method %v (%s), want %v", got.Method, got.Reason, tt.method)
			}
			if txt := tx.Slice(got.Span.Start, got.Span.End); got.Placed() && txt != tt.want {
				t.Errorf("got %q, want %q", txt, tt.want)
			}
			if !got.Placed() && got.Reason == "" {
				t.Error("orphan without a reason")
			}
		})
	}
}

func withExact(q annotate.Quote, exact string) annotate.Quote {
	q.Exact = exact
	return q
}

func withSuffix(q annotate.Quote, suffix string) annotate.Quote {
	q.Suffix = suffix
	return q
}

// TestLocateWithoutContext: a quote given with no prefix or suffix at
// all (files of other tools often leave them out) is placed where it
// occurs exactly, if it occurs once; twice, or only approximately, it is
// not.
func TestLocateWithoutContext(t *testing.T) {
	text := "Freight rates on the route rose by a fifth in March. The port authority said the rise would ease. " +
		"Officials said the port would reopen. Later, officials said the port would reopen."
	l := NewLocator(text, Options{})
	for _, tc := range []struct {
		exact string
		want  string // "" for unplaced
	}{
		{"Freight rates on the route rose by a fifth", "Freight rates on the route rose by a fifth"},
		{"the rise would ease", "the rise would ease"},
		{"freight RATES on the route", "Freight rates on the route"},
		{"the port would reopen", ""},                      // twice
		{"Freight rates on the route fell by a fifth", ""}, // not there as it was
		{"the rise would eased", ""},                       // short and approximate
	} {
		got := l.Locate(annotate.Quote{Exact: tc.exact}, -1)
		placed := ""
		if got.Placed() {
			placed = annotate.NewText(text).Slice(got.Span.Start, got.Span.End)
		}
		if placed != tc.want {
			t.Errorf("%q: placed on %q (%s), want %q", tc.exact, placed, got.Reason, tc.want)
		}
	}
}

func TestLocateAmbiguousOffersCandidates(t *testing.T) {
	text := "Officials said the port would reopen. Later, officials said the port would reopen."
	got := NewLocator(text, Options{}).Locate(annotate.Quote{Exact: "the port would reopen"}, -1)
	if got.Placed() || len(got.Candidates) != 2 {
		t.Fatalf("got %+v, want an orphan with two candidates", got)
	}
}

func TestMethodText(t *testing.T) {
	for _, m := range []Method{Orphan, Unchanged, Mapped, Quote, Fuzzy} {
		b, _ := m.MarshalText()
		var got Method
		if err := got.UnmarshalText(b); err != nil || got != m {
			t.Errorf("round trip of %v: got %v, %v", m, got, err)
		}
	}
	var m Method
	if err := m.UnmarshalText([]byte("guess")); err == nil {
		t.Error("unknown method: got no error")
	}
}

// checkResult asserts what every result keeps: a placed span lies in the
// text and its quote is the text's there; an orphan has no span.
func checkResult(t *testing.T, res Result, text string) {
	t.Helper()
	tx := annotate.NewText(text)
	if !res.Placed() {
		if res.Span != (annotate.Span{}) {
			t.Fatalf("orphan with span %v", res.Span)
		}
		return
	}
	if err := tx.CheckSpan(res.Span); err != nil {
		t.Fatalf("placed span: %v", err)
	}
	if q, _ := tx.QuoteAt(res.Span); q != res.Quote {
		t.Fatalf("got quote %+v, want %+v", res.Quote, q)
	}
	if res.Confidence <= 0 || res.Confidence > 1 {
		t.Fatalf("confidence %v outside (0, 1]", res.Confidence)
	}
}

func FuzzPlace(f *testing.F) {
	f.Add(sampleText, strings.Replace(sampleText, "nine to four", "nine votes to four", 1), 4, 30)
	f.Fuzz(func(t *testing.T, old, nw string, start, end int) {
		old, nw = annotate.NormalizeText(old), annotate.NormalizeText(nw)
		tx := annotate.NewText(old)
		span := annotate.Span{Start: start, End: end}
		q, err := tx.QuoteAt(span)
		if err != nil {
			q = annotate.Quote{Exact: tx.Slice(start, end)} // a selector that does not fit
		}
		res := NewReanchorer(old, nw, Options{}).Place(span, q)
		checkResult(t, res, nw)
	})
}

func FuzzLocate(f *testing.F) {
	f.Add(sampleText, "he said.The closure", "2031, ", "", 300)
	f.Fuzz(func(t *testing.T, text, exact, prefix, suffix string, hint int) {
		text = annotate.NormalizeText(text)
		res := NewLocator(text, Options{}).Locate(annotate.Quote{Exact: exact, Prefix: prefix, Suffix: suffix}, hint)
		checkResult(t, res, text)
	})
}
