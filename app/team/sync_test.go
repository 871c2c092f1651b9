package team

import (
	"context"
	"testing"
)

// TestSyncThreeMembers: three analysts annotate, each syncs, and every
// library ends with everybody's annotations; syncing again moves nothing.
func TestSyncThreeMembers(t *testing.T) {
	ctx := context.Background()
	h := testHub(t, t.TempDir(), "", "ana", "ben", "cy")
	ms := []*member{join(t, h.URL(), "ana"), join(t, h.URL(), "ben"), join(t, h.URL(), "cy")}
	want := map[string]bool{}
	for i, m := range ms {
		for _, id := range m.annotate(t, m.name, 3+i) {
			want[id] = true
		}
	}
	for _, m := range ms {
		if _, err := m.c.Push(ctx); err != nil {
			t.Fatalf("%s push: %v", m.name, err)
		}
	}
	for _, m := range ms {
		got, err := m.c.Pull(ctx, nil)
		if err != nil {
			t.Fatalf("%s pull: %v", m.name, err)
		}
		if len(got.Merged) != 2 || len(got.Refused) != 0 {
			t.Errorf("%s pulled %d bundles, refused %d, want 2 and 0", m.name, len(got.Merged), len(got.Refused))
		}
	}
	for _, m := range ms {
		if got := m.annotations(t); !sameSet(got, want) {
			t.Errorf("%s has %d annotations, want %d", m.name, len(got), len(want))
		}
	}
	// Again: nothing to push (merges are not pushed back), nothing to merge.
	for _, m := range ms {
		res, err := m.c.Sync(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Pushed.Bundles != 0 || len(res.Pulled.Merged) != 0 {
			t.Errorf("%s second sync pushed %d bundles and merged %d, want 0 and 0", m.name, res.Pushed.Bundles, len(res.Pulled.Merged))
		}
		st := m.c.Status(ctx)
		if !st.Connected || st.Waiting != 0 || st.User != m.name || st.ToPull == nil || *st.ToPull != 0 {
			t.Errorf("%s status %+v", m.name, st)
		}
		if len(st.Members) != 3 {
			t.Errorf("%s sees members %+v, want 3", m.name, st.Members)
		}
	}
}
