package annotate_test

import (
	"fmt"
	"slices"
	"testing"

	"marginalia/annotate"
)

func TestTagUnder(t *testing.T) {
	for _, tc := range []struct {
		tag, parent string
		want        bool
	}{
		{"politics", "politics", true},
		{"Politics/Élections", "politics", true},
		{"politics / elections / local", "politics/elections", true},
		{"politicsX", "politics", false},
		{"politics", "politics/elections", false},
		{"economy", "politics", false},
		{"anything", "", false},
	} {
		t.Run(tc.tag+"|"+tc.parent, func(t *testing.T) {
			if got := annotate.TagUnder(tc.tag, tc.parent); got != tc.want {
				t.Errorf("TagUnder(%q, %q) = %v, want %v", tc.tag, tc.parent, got, tc.want)
			}
		})
	}
}

func TestRetagIn(t *testing.T) {
	for _, tc := range []struct {
		name        string
		tags        []string
		from, into  string
		want        []string
		wantChanged bool
	}{
		{"rename one", []string{"labor", "economy"}, "labor", "labour", []string{"labour", "economy"}, true},
		{"case and accents", []string{"Énergie", "x"}, "energie", "energy", []string{"energy", "x"}, true},
		{"children move with the parent", []string{"politics/elections/local", "politics"}, "politics", "government", []string{"government/elections/local", "government"}, true},
		{"a child alone", []string{"politics/elections", "politics/budget"}, "politics/elections", "votes", []string{"votes", "politics/budget"}, true},
		{"merge into a tag already there", []string{"labor", "labour"}, "labor", "labour", []string{"labour"}, true},
		{"nothing to do", []string{"economy"}, "labor", "labour", []string{"economy"}, false},
		{"a prefix that is not a level", []string{"politicsX"}, "politics", "government", []string{"politicsX"}, false},
		{"accented child keeps its spelling", []string{"Santé/Hôpitaux"}, "sante", "health", []string{"health/Hôpitaux"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, changed := annotate.RetagIn(slices.Clone(tc.tags), tc.from, tc.into)
			if !slices.Equal(got, tc.want) || changed != tc.wantChanged {
				t.Errorf("RetagIn(%q, %q, %q) = %q, %v; want %q, %v", tc.tags, tc.from, tc.into, got, changed, tc.want, tc.wantChanged)
			}
		})
	}
}

func TestTagParentAndDepth(t *testing.T) {
	for _, tc := range []struct {
		tag, parent string
		depth       int
	}{
		{"politics", "", 0},
		{"politics/elections", "politics", 1},
		{" a / b / c ", "a/b", 2},
	} {
		if got := annotate.TagParent(tc.tag); got != tc.parent {
			t.Errorf("TagParent(%q) = %q, want %q", tc.tag, got, tc.parent)
		}
		if got := annotate.TagDepth(tc.tag); got != tc.depth {
			t.Errorf("TagDepth(%q) = %d, want %d", tc.tag, got, tc.depth)
		}
	}
}

func ExampleRetagIn() {
	tags, changed := annotate.RetagIn([]string{"politics/elections", "economy"}, "politics", "government")
	fmt.Println(tags, changed)
	// Output: [government/elections economy] true
}
