package searchtest

import (
	_ "embed"
	"fmt"
	"strings"
)

// The two halves of the relevance set. The held-out half was written
// before the ranking was changed and is never used to tune it.
var (
	//go:embed testdata/queries-dev.tsv
	devQueries string
	//go:embed testdata/queries-heldout.tsv
	heldoutQueries string
)

// Query is one query of the relevance set.
type Query struct {
	Set      string // "dev" or "heldout"
	Category string // transpose, substitute, delete, insert, reorder, partial, accent, filter, body, title, speaker, phrase, exclude, none, typo2, mixed
	Text     string // as typed in the search box
	Want     string // the ID that must be in the first five, or "" for a query that must find nothing
}

// Queries returns the relevance set: the development half, then the
// held-out half.
func Queries() ([]Query, error) {
	dev, err := parseQueries("dev", devQueries)
	if err != nil {
		return nil, err
	}
	held, err := parseQueries("heldout", heldoutQueries)
	if err != nil {
		return nil, err
	}
	return append(dev, held...), nil
}

func parseQueries(set, text string) ([]Query, error) {
	var qs []Query
	for n, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("queries %s line %d: want 3 tab-separated fields, got %d", set, n+1, len(f))
		}
		q := Query{Set: set, Category: f[0], Text: f[1], Want: f[2]}
		if q.Want == "none" {
			q.Want = ""
		}
		qs = append(qs, q)
	}
	return qs, nil
}

// Score is a relevance figure over a set of queries.
type Score struct {
	N       int
	Recall5 float64 // share of queries whose record is in the first five (or that find nothing, as they must)
	MRR     float64 // mean reciprocal rank (1 for a query that finds nothing, as it must)
}

// Rank returns the 1-based rank of q.Want in ids, 0 when it is missing;
// for a query that must find nothing, 1 when ids is empty, else 0.
func Rank(q Query, ids []string) int {
	if q.Want == "" {
		if len(ids) == 0 {
			return 1
		}
		return 0
	}
	for i, id := range ids {
		if id == q.Want {
			return i + 1
		}
	}
	return 0
}

// Add counts one query's rank into s.
func (s *Score) Add(rank int) {
	r5, rr := 0.0, 0.0
	if rank > 0 {
		rr = 1 / float64(rank)
		if rank <= 5 {
			r5 = 1
		}
	}
	s.Recall5 = (s.Recall5*float64(s.N) + r5) / float64(s.N+1)
	s.MRR = (s.MRR*float64(s.N) + rr) / float64(s.N+1)
	s.N++
}

// Evaluation is the relevance of one search over the relevance set.
type Evaluation struct {
	Dev, Heldout, All Score
	Misses            []string // "set/category query: rank" of the queries not in the first five
}

// Evaluate runs every query through search (the IDs it returns, best
// first) and scores the two halves and the whole.
func Evaluate(qs []Query, search func(text string) ([]string, error)) (Evaluation, error) {
	var ev Evaluation
	for _, q := range qs {
		ids, err := search(q.Text)
		if err != nil {
			return ev, fmt.Errorf("query %q: %w", q.Text, err)
		}
		r := Rank(q, ids)
		ev.All.Add(r)
		if q.Set == "dev" {
			ev.Dev.Add(r)
		} else {
			ev.Heldout.Add(r)
		}
		if r == 0 || r > 5 {
			top := ids[:min(3, len(ids))]
			ev.Misses = append(ev.Misses, fmt.Sprintf("%s/%s %q want %q: rank %d, top %v", q.Set, q.Category, q.Text, q.Want, r, top))
		}
	}
	return ev, nil
}
