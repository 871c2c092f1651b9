package team_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"marginalia/app/action"
	"marginalia/app/team"
	"marginalia/store"
)

// The subjects a member may use on a cluster an administrator runs: paste
// them into the member's entry of the servers' authorization block.
func ExampleMemberPermissions() {
	p := team.MemberPermissions("desk", "dana", true)
	fmt.Println("publish:", len(p.Publish), "subjects, the first", strings.Join(p.Publish[:4], " "))
	fmt.Println("subscribe:", strings.Join(p.Subscribe, " "))
	// Output:
	// publish: 38 subjects, the first marginalia.desk.bundles.dana $O.marginalia_desk.C.> $O.marginalia_desk.M.> $KV.marginalia_desk_heads.dana
	// subscribe: _INBOX_dana.>
}

// A hub, two analysts' libraries joined to it, a push and a pull.
func Example() {
	dir, _ := os.MkdirTemp("", "team-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	hub, err := team.StartHub(ctx, team.HubConfig{Listen: "127.0.0.1:0", StoreDir: filepath.Join(dir, "hub"), Team: "desk",
		Members: []team.Member{{Name: "ana", Password: "pw-ana"}, {Name: "ben", Password: "pw-ben"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer hub.Shutdown()
	libs := map[string]*action.Service{}
	for _, who := range []string{"ana", "ben"} {
		st, err := store.Open(filepath.Join(dir, who+".db"), nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer st.Close()
		pw := filepath.Join(dir, who+".pw")
		_ = os.WriteFile(pw, []byte("pw-"+who+"\n"), 0o600)
		libs[who] = action.New(st, nil)
		if _, err := team.Join(ctx, libs[who], team.Settings{Hub: hub.URL(), Team: "desk", User: who, PasswordFile: pw}); err != nil {
			fmt.Println(err)
			return
		}
	}
	src := libs["ana"].ReadData("note.txt", []byte("A council report\n\nThe council met twelve delegates on Monday.\n"))
	if _, err := libs["ana"].Import([]action.Source{src}); err != nil {
		fmt.Println(err)
		return
	}
	ana, _ := team.Dial(libs["ana"], team.Options{Creator: "ana"})
	defer ana.Close()
	pushed, err := ana.Push(ctx)
	fmt.Println("ana pushed", pushed.Records, "record", err)
	ben, _ := team.Dial(libs["ben"], team.Options{Creator: "ben"})
	defer ben.Close()
	pulled, err := ben.Pull(ctx, nil)
	fmt.Println("ben merged", len(pulled.Merged), "bundle from", pulled.Merged[0].Sender, err)
	// Output:
	// ana pushed 1 record <nil>
	// ben merged 1 bundle from ana <nil>
}
