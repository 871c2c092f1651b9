package team

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/storetest"
)

const testTeam = "desk"

// testHub starts a single-server hub for members on a free loopback port,
// with its files in dir (a hub started again on the same dir and address
// has everything).
func testHub(t testing.TB, dir, listen string, members ...string) *Hub {
	t.Helper()
	var ms []Member
	for _, m := range members {
		ms = append(ms, Member{Name: m, Password: "pw-" + m})
	}
	if listen == "" {
		listen = "127.0.0.1:0"
	}
	h, err := StartHub(context.Background(), HubConfig{Listen: listen, StoreDir: dir, Team: testTeam, Members: ms})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Shutdown)
	return h
}

// restart starts h again on its address and folder, after it stopped.
func restart(t testing.TB, h *Hub) *Hub {
	t.Helper()
	var names []string
	for _, m := range h.cfg.Members {
		names = append(names, m.Name)
	}
	return testHub(t, h.cfg.StoreDir, h.Addr(), names...)
}

// member is one analyst's library joined to a hub.
type member struct {
	name string
	svc  *action.Service
	st   *store.Store
	c    *Client
}

// passwordFile writes name's password into a private file.
func passwordFile(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name+".pw")
	if err := os.WriteFile(p, []byte("pw-"+name+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// join opens a new library for name, joins it to the hub at url and
// connects it (staying connected across the hub's restarts).
func join(t testing.TB, url, name string) *member {
	t.Helper()
	st := storetest.Open(t)
	return joinStore(t, st, url, name)
}

func joinStore(t testing.TB, st *store.Store, url, name string) *member {
	t.Helper()
	m := &member{name: name, st: st, svc: action.New(st, nil)}
	if _, err := Join(context.Background(), m.svc, Settings{Hub: url, Team: testTeam, User: name, PasswordFile: passwordFile(t, name)}); err != nil {
		t.Fatal(err)
	}
	m.dial(t)
	return m
}

func (m *member) dial(t testing.TB) {
	t.Helper()
	c, err := Dial(m.svc, Options{Creator: m.name, Stay: true, Timeout: 3 * time.Second, ReconnectWait: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	m.c = c
}

// article imports an article of n sentences unique to tag and returns
// its ID and text.
func (m *member) article(t testing.TB, tag string, n int) (string, []string) {
	t.Helper()
	var sentences []string
	for i := range n {
		sentences = append(sentences, fmt.Sprintf("Report %s sentence %d says the council met %d delegates.", tag, i, i*7+3))
	}
	text := "Report " + tag + "\n\n" + strings.Join(sentences, " ") + "\n"
	src := m.svc.ReadData(tag+".txt", []byte(text))
	if src.Err != nil {
		t.Fatal(src.Err)
	}
	got, err := m.svc.Import([]action.Source{src})
	if err != nil {
		t.Fatal(err)
	}
	return got[0].Article.ID, sentences
}

// annotate highlights n sentences of a new article through the action
// layer, one undoable action each, and returns the annotations' IDs.
func (m *member) annotate(t testing.TB, tag string, n int) []string {
	t.Helper()
	id, sentences := m.article(t, tag, n)
	var ids []string
	for _, s := range sentences {
		got, err := m.svc.Annotate(action.NewAnnotation{ArticleID: id, Quote: s, Kind: annotate.KindClaim, Creator: m.name})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got.Annotation.ID)
	}
	return ids
}

// annotations lists the IDs of every annotation in m's library.
func (m *member) annotations(t testing.TB) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := m.st.View(func(tx *store.Tx) error {
		arts, err := tx.Articles()
		if err != nil {
			return err
		}
		for _, a := range arts {
			anns, err := tx.AnnotationsOf(a.ID)
			if err != nil {
				return err
			}
			for _, an := range anns {
				out[an.ID] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}
