package related

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadDocs(t *testing.T) map[string]Doc {
	t.Helper()
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) < 4 {
		t.Fatalf("testdata: %v (%d files)", err, len(files))
	}
	docs := map[string]Doc{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(filepath.Base(f), ".txt")
		title, text, _ := strings.Cut(string(data), "\n")
		docs[id] = Doc{ID: id, Title: title, Text: text}
	}
	return docs
}

func TestSameEventRanksFirstUnrelatedLast(t *testing.T) {
	docs := loadDocs(t)
	unrelated := map[string]bool{"sourdough": true, "election-turnout": true}
	for _, tc := range []struct{ target, wantFirst string }{
		{"port-strike-ends", "port-backlog"},
		{"port-backlog", "port-strike-ends"},
	} {
		t.Run(tc.target, func(t *testing.T) {
			var others []Doc
			for id, d := range docs {
				if id != tc.target {
					others = append(others, d)
				}
			}
			got := Rank(docs[tc.target], others)
			if got[0].ID != tc.wantFirst {
				t.Errorf("first = %s (%.3f), want %s; all: %+v", got[0].ID, got[0].Score, tc.wantFirst, got)
			}
			if last := got[len(got)-1]; !unrelated[last.ID] || last.Score > 0.1 {
				t.Errorf("last = %s (%.3f), want an unrelated article scoring near 0; all: %+v", last.ID, last.Score, got)
			}
			if got[0].Score < 5*got[1].Score {
				t.Errorf("the same-event article (%.3f) does not stand out from the next (%.3f)", got[0].Score, got[1].Score)
			}
			if len(got[0].Reasons) == 0 || !strings.Contains(got[0].Reasons[0], "similar text") {
				t.Errorf("the top suggestion gives no reason: %+v", got[0])
			}
		})
	}
}

func TestSharedSpeakersAndTagsRaiseTheScore(t *testing.T) {
	a := Doc{ID: "a", Text: "alpha beta gamma", Speakers: map[string]string{"s1": "Kim Jong Un"}, Tags: []string{"Nuclear"}}
	b := Doc{ID: "b", Text: "delta epsilon", Speakers: map[string]string{"s1": "Kim Jong Un"}, Tags: []string{"nuclear"}}
	c := Doc{ID: "c", Text: "zeta eta"}
	got := Rank(a, []Doc{c, b, a})
	if len(got) != 2 || got[0].ID != "b" {
		t.Fatalf("got %+v, want b first and the target itself skipped", got)
	}
	reasons := strings.Join(got[0].Reasons, "; ")
	for _, want := range []string{"same speakers: Kim Jong Un", "same tags: Nuclear"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("reasons %q lack %q", reasons, want)
		}
	}
	if got[1].Score != 0 || len(got[1].Reasons) != 0 {
		t.Errorf("an unrelated doc scored %v with %v", got[1].Score, got[1].Reasons)
	}
}
