package annotate

import (
	"slices"
	"testing"
)

// TestEveryKindIsComplete keeps the kind table whole: a kind added there
// has everything every face of the program needs.
func TestEveryKindIsComplete(t *testing.T) {
	keys := map[string]Kind{}
	for _, s := range KindSpecs() {
		if s.Kind == "" || s.Label == "" || s.Plural == "" || s.Motivation == "" {
			t.Errorf("kind %q lacks a label, plural or W3C motivation: %+v", s.Kind, s)
		}
		if s.Light == s.Dark || s.Light.A != 0xff || s.Dark.A != 0xff {
			t.Errorf("kind %q needs opaque, distinct light and dark colours", s.Kind)
		}
		if s.Key != "" {
			if len(s.Key) != 1 || s.Key[0] < '1' || s.Key[0] > '9' {
				t.Errorf("kind %q: key %q is not a digit 1-9", s.Kind, s.Key)
			}
			if other, dup := keys[s.Key]; dup {
				t.Errorf("kinds %q and %q share Ctrl+%s", s.Kind, other, s.Key)
			}
			keys[s.Key] = s.Kind
		}
		if got := s.Kind.Spec(); got.Label != s.Label {
			t.Errorf("Spec(%q) = %+v", s.Kind, got)
		}
	}
	if !slices.Contains(Kinds(), KindClaim) || len(HighlightKinds()) != len(keys) {
		t.Errorf("Kinds = %v, HighlightKinds = %d for %d keys", Kinds(), len(HighlightKinds()), len(keys))
	}
	for _, tc := range []struct {
		kind Kind
		n    int
		want string
	}{{KindClaim, 1, "1 claim"}, {KindClaim, 0, "0 claims"}, {KindEvidence, 3, "3 evidence"}, {KindQuestion, 2, "2 questions"}} {
		if got := tc.kind.Spec().Count(tc.n); got != tc.want {
			t.Errorf("Count(%s, %d) = %q, want %q", tc.kind, tc.n, got, tc.want)
		}
	}
}
