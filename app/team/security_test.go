package team

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/crypto/bcrypt"

	"marginalia/app/action"
	"marginalia/store/storetest"
)

// rawConn connects as a member without the client, as a misbehaving
// program would, and returns the permission errors the server sends.
func rawConn(t *testing.T, url, user string) (*nats.Conn, <-chan error) {
	t.Helper()
	errs := make(chan error, 16)
	nc, err := nats.Connect(url, nats.UserInfo(user, "pw-"+user), nats.CustomInboxPrefix("_INBOX_"+user),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { errs <- err }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc, errs
}

// TestMemberCannotPublishAsAnother: ben publishing on ana's subject, or
// deleting the team's stream, or reading ana's replies, is refused by the
// hub, and the stream holds nothing of it.
func TestMemberCannotPublishAsAnother(t *testing.T) {
	ctx := context.Background()
	h := testHub(t, t.TempDir(), "", "ana", "ben")
	ana := join(t, h.URL(), "ana")
	nc, errs := rawConn(t, h.URL(), "ben")
	n := names{team: testTeam, user: "ben"}
	if err := nc.Publish(n.subject("ana"), []byte(`{"bundle":"`+strings.Repeat("0", 64)+`"}`)); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errs:
		if !errors.Is(err, nats.ErrPermissionViolation) {
			t.Errorf("publishing on ana's subject: %v, want a permissions violation", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the hub did not refuse ben's publish on ana's subject")
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	for what, try := range map[string]func(context.Context) error{
		"delete the stream": func(ctx context.Context) error { return js.DeleteStream(ctx, n.stream()) },
		"purge the bundles": func(ctx context.Context) error {
			s, err := js.Stream(ctx, "OBJ_"+n.bucket())
			if err != nil {
				return err
			}
			return s.Purge(ctx)
		},
		"write ana's head": func(ctx context.Context) error {
			kv, err := js.KeyValue(ctx, n.heads())
			if err != nil {
				return err
			}
			_, err = kv.Put(ctx, "ana", []byte("{}"))
			return err
		},
	} {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		done := make(chan error, 1)
		go func() { done <- try(cctx) }()
		select {
		case err := <-errs: // the hub refused a request: its answer will not come
			if !errors.Is(err, nats.ErrPermissionViolation) {
				t.Errorf("trying to %s: %v, want a permissions violation", what, err)
			}
			cancel()
			<-done
		case err := <-done:
			if err == nil {
				t.Errorf("ben could %s", what)
			}
		}
		cancel()
	}
	if _, err := nc.SubscribeSync("_INBOX_ana.>"); err == nil {
		if err := nc.Flush(); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-errs:
			if !errors.Is(err, nats.ErrPermissionViolation) {
				t.Errorf("subscribing to ana's inbox: %v, want a permissions violation", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("the hub let ben read ana's replies")
		}
	}
	if st := ana.c.Status(ctx); st.ToPull == nil {
		t.Error("the hub did not say how many announcements it holds")
	} else if *st.ToPull != 0 {
		t.Errorf("the stream holds %d announcements after ben's attempts, want 0", *st.ToPull)
	}
}

// tamper changes a byte of the first annotations entry of a bundle
// without updating the manifest's checksum: a bundle verification
// refuses.
func tamper(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	changed := false
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if !changed && strings.HasPrefix(f.Name, "annotations/") {
			body = bytes.Replace(body, []byte("council"), []byte("Council"), 1)
			changed = true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !changed {
		t.Fatal("no annotations entry to tamper with")
	}
	return out.Bytes()
}

// TestRefusedBundle: mallory pushes a bundle that fails verification
// (an entry altered after its checksum was written). Every receiver
// refuses it, naming mallory, and still merges ana's and ben's bundles
// announced after it; a later pull does not try it again.
func TestRefusedBundle(t *testing.T) {
	ctx := context.Background()
	h := testHub(t, t.TempDir(), "", "ana", "ben", "cy", "dee", "mallory")
	mal := join(t, h.URL(), "mallory")
	mal.annotate(t, "mal", 2)
	d, err := mal.svc.TeamDelta(uintSetting(mal.svc, setPushed), "mallory")
	if err != nil {
		t.Fatal(err)
	}
	bad := tamper(t, d.Data)
	name := action.BundleName(bad)
	obs, err := mal.c.js.ObjectStore(ctx, mal.c.n.bucket())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := obs.PutBytes(ctx, name, bad); err != nil {
		t.Fatal(err)
	}
	ann, _ := json.Marshal(announcement{Bundle: name, Size: len(bad), Records: d.Records, Pushed: time.Now()})
	if _, err := mal.c.js.Publish(ctx, mal.c.n.subject("mallory"), ann); err != nil {
		t.Fatal(err)
	}

	want := map[string]bool{}
	for _, who := range []string{"ana", "ben"} {
		m := join(t, h.URL(), who)
		for _, id := range m.annotate(t, who, 3) {
			want[id] = true
		}
		if _, err := m.c.Push(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []string{"cy", "dee"} {
		m := join(t, h.URL(), who)
		got, err := m.c.Pull(ctx, nil)
		if err != nil {
			t.Fatalf("%s pull: %v", who, err)
		}
		if len(got.Refused) != 1 || got.Refused[0].Sender != "mallory" || got.Refused[0].Bundle != name || !strings.Contains(got.Refused[0].Reason, "refused") {
			t.Errorf("%s refused %+v, want mallory's bundle %s, refused", who, got.Refused, short(name))
		}
		if len(got.Merged) != 2 {
			t.Errorf("%s merged %d bundles, want 2", who, len(got.Merged))
		}
		if have := m.annotations(t); !sameSet(have, want) {
			t.Errorf("%s has %d annotations, want %d", who, len(have), len(want))
		}
		if st := m.c.Status(ctx); len(st.Refused) != 1 || st.Refused[0].Sender != "mallory" {
			t.Errorf("%s status lists refusals %+v, want mallory's", who, st.Refused)
		}
		again, err := m.c.Pull(ctx, nil)
		if err != nil || len(again.Refused)+len(again.Merged) != 0 {
			t.Errorf("%s pulling again: %d refused, %d merged (%v), want nothing", who, len(again.Refused), len(again.Merged), err)
		}
	}
}

// TestCredentialFiles: a password file, users file or credentials file
// that others can read is refused with a message saying how to fix it,
// and no message quotes a password.
func TestCredentialFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lib := action.New(storetest.Open(t), nil)
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"users file readable by the group", func() error {
			_, err := ReadUsers(write("users-g", "ana:s3cret-ana\n", 0o640))
			return err
		}, "chmod 600"},
		{"users file readable by all", func() error {
			_, err := ReadUsers(write("users-o", "ana:s3cret-ana\n", 0o604))
			return err
		}, "readable by others"},
		{"users file with a bad name", func() error {
			_, err := ReadUsers(write("users-n", "a.b:s3cret-ana\n", 0o600))
			return err
		}, "line 1"},
		{"users file naming someone twice", func() error {
			_, err := ReadUsers(write("users-d", "ana:s3cret-ana\n# x\nana:s3cret-ana\n", 0o600))
			return err
		}, "line 3"},
		{"password file readable by others", func() error {
			_, err := Join(context.Background(), lib, Settings{Hub: "nats://127.0.0.1:1", Team: "t", User: "ana", PasswordFile: write("pw", "s3cret-ana\n", 0o644)})
			return err
		}, "chmod 600"},
		{"credentials file readable by others", func() error {
			_, err := Join(context.Background(), lib, Settings{Hub: "nats://127.0.0.1:1", Team: "t", User: "ana", CredsFile: write("creds", "s3cret-ana\n", 0o640)})
			return err
		}, "readable by others"},
		{"a password in the URL", func() error {
			_, err := Join(context.Background(), lib, Settings{Hub: "nats://ana:s3cret-ana@127.0.0.1:1", Team: "t", User: "ana", PasswordFile: write("pw2", "s3cret-ana\n", 0o600)})
			return err
		}, "no user or password in the URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("the message %q quotes the password", err)
			}
		})
	}
	if _, ok := Load(lib); ok {
		t.Error("a refused join was recorded")
	}
	// The hub takes bcrypt hashes as NATS does.
	users, err := ReadUsers(write("users-ok", "# desk\nana:$2a$11$V1qrpBt8/SLfEBr4NJq4T.2mg8chx8.MTblUiTBOLV3MKDeAy.f7u\nben:plain\n", 0o600))
	if err != nil || len(users) != 2 || !strings.HasPrefix(users[0].Password, "$2a$") {
		t.Errorf("ReadUsers = %v, %v", users, err)
	}
}

// TestJoinRefusedCredentials: a wrong password is refused at join and
// nothing is recorded.
func TestJoinRefusedCredentials(t *testing.T) {
	h := testHub(t, t.TempDir(), "", "ana")
	lib := action.New(storetest.Open(t), nil)
	p := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(p, []byte("wrong\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Join(context.Background(), lib, Settings{Hub: h.URL(), Team: testTeam, User: "ana", PasswordFile: p})
	if err == nil || !strings.Contains(err.Error(), "refused ana") {
		t.Fatalf("join with a wrong password: %v", err)
	}
	if _, ok := Load(lib); ok {
		t.Error("a refused join was recorded")
	}
}

// TestJoinRefusesAnUnusableCA: a missing or empty CA file is an error at
// join, not an unreachable hub, and nothing is recorded.
func TestJoinRefusesAnUnusableCA(t *testing.T) {
	h := testHub(t, t.TempDir(), "", "ana")
	lib := action.New(storetest.Open(t), nil)
	empty := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(empty, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, ca := range []string{filepath.Join(t.TempDir(), "missing.pem"), empty} {
		online, err := Join(context.Background(), lib, Settings{Hub: h.URL(), Team: testTeam, User: "ana", PasswordFile: passwordFile(t, "ana"), CAFile: ca})
		if err == nil || !strings.Contains(err.Error(), "CA certificate") {
			t.Errorf("join with CA %s: online %v, %v; want an error about the CA", filepath.Base(ca), online, err)
		}
	}
	if _, ok := Load(lib); ok {
		t.Error("a join with an unusable CA was recorded")
	}
}

// TestBcryptPassword: a users file may hold a bcrypt hash instead of the
// password; the member logs in with the password.
func TestBcryptPassword(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte("pw-ana"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	h, err := StartHub(context.Background(), HubConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Team: testTeam, Members: []Member{{Name: "ana", Password: string(hash)}}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Shutdown()
	ana := join(t, h.URL(), "ana")
	if !ana.c.Connected() {
		t.Error("ana, with the password whose hash the hub has, is not connected")
	}
}

// TestAuthorizationConfig: the block written for a cluster's servers is
// a configuration NATS reads, giving each member the permissions the
// embedded hub gives them.
func TestAuthorizationConfig(t *testing.T) {
	members := []Member{{Name: "ana", Password: "$2a$11$V1qrpBt8/SLfEBr4NJq4T.2mg8chx8.MTblUiTBOLV3MKDeAy.f7u"}, {Name: "ben", Password: "pw-ben"}}
	conf := filepath.Join(t.TempDir(), "nats.conf")
	body := "listen: 127.0.0.1:-1\njetstream { store_dir: " + strconv.Quote(t.TempDir()) + " }\n" + AuthorizationConfig(testTeam, members)
	if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	opts, err := server.ProcessConfigFile(conf)
	if err != nil {
		t.Fatalf("%v in\n%s", err, body)
	}
	if len(opts.Users) != 2 {
		t.Fatalf("%d users, want 2", len(opts.Users))
	}
	for i, u := range opts.Users {
		want := MemberPermissions(testTeam, members[i].Name, true)
		if u.Username != members[i].Name || u.Password != members[i].Password {
			t.Errorf("user %d = %s, want %s with the password as given", i, u.Username, members[i].Name)
		}
		if !slices.Equal(u.Permissions.Publish.Allow, want.Publish) || !slices.Equal(u.Permissions.Subscribe.Allow, want.Subscribe) {
			t.Errorf("%s's permissions = %+v, want %+v", u.Username, u.Permissions, want)
		}
	}
}
