package qdpx

import (
	"testing"

	"github.com/google/uuid"
)

// The GUIDs of Marginalia's codes must never change: imports recognise
// them. sum must agree with uuid.NewSHA1 and appendGUID with String.
func TestGUIDs(t *testing.T) {
	g := newGUIDs()
	for _, tc := range [][2]string{{"kind", "claim"}, {"tag", "strike/2026"}, {"note", "0190a6b2-0000-7000-8000-000000000001"}, {"", ""}} {
		want := uuid.NewSHA1(uuid.MustParse(namespaceGUID), []byte(tc[0]+"\x00"+tc[1]))
		got := g.sum(tc[0], tc[1])
		if got != want || string(appendGUID(nil, got)) != want.String() || !validGUID(want.String()) {
			t.Errorf("sum(%q, %q) = %s (%s), want %s", tc[0], tc[1], got, appendGUID(nil, got), want)
		}
	}
	if got := g.kind("claim"); got != "9aa45887-8b39-5f5a-854e-a9e53171b19b" {
		t.Errorf("the claim code's GUID changed to %s: projects exported before would no longer read back as claims", got)
	}
}
