package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/app/team"
)

// joined joins wb's library to the hub at url as name.
func joined(t *testing.T, wb *Workbench, url, name string) *team.Client {
	t.Helper()
	pw := filepath.Join(t.TempDir(), name+".pw")
	if err := os.WriteFile(pw, []byte("pw-"+name+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := team.Join(context.Background(), wb.sh.svc, team.Settings{Hub: url, Team: "desk", User: name, PasswordFile: pw}); err != nil {
		t.Fatal(err)
	}
	c, err := team.Dial(wb.sh.svc, team.Options{Creator: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// TestTeamPanel: before joining, the window offers the join form; after,
// it shows the team's state; what a sync merges reaches the library, the
// status line and the merge report.
func TestTeamPanel(t *testing.T) {
	hub, err := team.StartHub(context.Background(), team.HubConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Team: "desk",
		Members: []team.Member{{Name: "ana", Password: "pw-ana"}, {Name: "ben", Password: "pw-ben"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hub.Shutdown)

	ana, _ := newTestWorkbench(t)
	ana.team.show()
	if !inObjects(ana.team.body, func(b *widget.Button) bool { return b.Text == "Join" }) {
		t.Fatal("the Team window of a library without a team offers no Join button")
	}
	ana.team.dlg.Hide()

	ca := joined(t, ana, hub.URL(), "ana")
	ana.imports.openSample()
	art := article(t, ana)
	if _, err := ana.sh.svc.Annotate(action.NewAnnotation{ArticleID: art.ID, Quote: "coal terminal", Kind: annotate.KindClaim}); err != nil {
		t.Fatal(err)
	}
	if _, err := ca.Sync(context.Background(), nil); err != nil {
		t.Fatal(err)
	}

	ben, _ := newTestWorkbench(t)
	cb := joined(t, ben, hub.URL(), "ben")
	res, err := cb.Sync(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ben.team.finished(team.SyncStatus{Result: res})
	ben.drain()
	if len(ben.library.infos) != 1 || !strings.Contains(ben.status.Text, "from ana") {
		t.Errorf("after the sync: %d articles, status %q", len(ben.library.infos), ben.status.Text)
	}
	ben.team.client = cb
	ben.team.show()
	st := ben.team.status()
	if !st.Joined || !st.Connected || st.User != "ben" {
		t.Errorf("status %+v", st)
	}
	ben.team.fill(st)
	if !inObjects(ben.team.body, func(b *widget.Button) bool { return b.Text == "Sync now" }) {
		t.Error("the Team window of a joined library has no Sync now button")
	}
}

// inObjects reports whether a button among o's containers satisfies ok.
func inObjects(o fyne.CanvasObject, ok func(*widget.Button) bool) bool {
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			if inObjects(c, ok) {
				return true
			}
		}
	case *widget.Button:
		return ok(x)
	}
	return false
}
