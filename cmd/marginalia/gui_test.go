package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"marginalia/store"
)

// TestRealWindowUnderXvfb starts the real binary on a database seeded
// through the command line, waits for its window, captures the screen,
// checks that the article and its highlights are shown, and closes it
// with SIGTERM, expecting a clean exit. make test runs it under Xvfb
// (xvfb-run) and sets MARGINALIA_REQUIRE_GUI=1 so it cannot skip there.
func TestRealWindowUnderXvfb(t *testing.T) {
	required := os.Getenv("MARGINALIA_REQUIRE_GUI") == "1"
	for _, tool := range []string{"xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			if required {
				t.Fatalf("%s is missing: %v", tool, err)
			}
			t.Skipf("%s is missing", tool)
		}
	}
	if os.Getenv("DISPLAY") == "" {
		if required {
			t.Fatal("no DISPLAY: run under xvfb-run (make test does)")
		}
		t.Skip("no DISPLAY")
	}
	if _, err := os.Stat(fixture); err != nil {
		t.Skipf("fixture not available: %v", err)
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "gui.db")
	env := append(os.Environ(), "MARGINALIA_DB="+db, "MARGINALIA_USER=ci", "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		// The light theme, so the highlight colours below are known.
		"FYNE_THEME=light")
	cli := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("marginalia %v: %v", args, err)
		}
		return strings.TrimSpace(string(out))
	}
	id, _, _ := strings.Cut(cli("import", fixture), "\t")
	cli("annotate", id, "--quote", "The United States and its allies are leveraging Ukraine as a testing ground", "--kind", "claim")
	cli("annotate", id, "--quote", "North Korean leader Kim Jong Un has accused the United States", "--kind", "quote")

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	app := exec.CommandContext(ctx, bin)
	app.Env = env
	var stderr bytes.Buffer
	app.Stderr = &stderr
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Wait() }()
	defer func() {
		if app.ProcessState == nil {
			_ = app.Process.Kill()
		}
	}()

	// The window title names the open article once it is shown.
	search := exec.CommandContext(ctx, "xdotool", "search", "--sync", "--onlyvisible", "--name", "Kim Jong Un Accuses US")
	if out, err := search.Output(); err != nil || len(bytes.TrimSpace(out)) == 0 {
		t.Fatalf("window did not appear: %v\nstderr: %s", err, stderr.String())
	}

	// Poll screenshots until both highlight colours are painted in the
	// reader (below the toolbar), or the deadline passes.
	claim := color.NRGBA{0xf6, 0xc1, 0xbc, 0xff}
	quote := color.NRGBA{0xbf, 0xd9, 0xf6, 0xff}
	var shot image.Image
	var nClaim, nQuote int
	paintDeadline := time.Now().Add(time.Minute)
	for ctx.Err() == nil && time.Now().Before(paintDeadline) {
		out, err := exec.CommandContext(ctx, "import", "-window", "root", "png:-").Output()
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if shot, err = png.Decode(bytes.NewReader(out)); err != nil {
			t.Fatalf("decode screenshot: %v", err)
		}
		nClaim, nQuote = countColour(shot, claim, 100), countColour(shot, quote, 100)
		if nClaim > 2000 && nQuote > 2000 {
			break
		}
		if err := exec.CommandContext(ctx, "xdotool", "sleep", "0.5").Run(); err != nil {
			break
		}
	}
	if path := os.Getenv("MARGINALIA_SHOT"); path != "" && shot != nil {
		var buf bytes.Buffer
		_ = png.Encode(&buf, shot)
		_ = os.WriteFile(path, buf.Bytes(), 0o644)
	}
	if nClaim <= 2000 || nQuote <= 2000 {
		t.Errorf("highlights not on screen: %d claim and %d quote pixels below the toolbar", nClaim, nQuote)
	}

	// While the window holds the database, the command line reaches it
	// through its socket: reads, a backup, and a write that shows in the
	// window and lands in its undo history.
	var list []map[string]any
	if err := json.Unmarshal([]byte(cli("list", "--json")), &list); err != nil || len(list) != 1 || list[0]["annotations"] != 2.0 {
		t.Errorf("list --json through the window = %v, %v", list, err)
	}
	evidenceID := cli("annotate", id, "--quote", "according to state-run media", "--kind", "evidence", "--note", "sent to the open window")
	if hits := cli("search", "open window", "--json"); !strings.Contains(hits, evidenceID) {
		t.Errorf("search through the window does not find the new evidence: %s", hits)
	}
	backup := filepath.Join(dir, "copy.db")
	cli("backup", backup)
	if info, err := os.Stat(backup); err != nil || info.Size() == 0 {
		t.Errorf("backup through the window: %v", err)
	}
	evidence := color.NRGBA{0xc6, 0xe8, 0xbd, 0xff}
	seen := 0
	for deadline := time.Now().Add(30 * time.Second); ctx.Err() == nil && time.Now().Before(deadline) && seen <= 200; {
		_ = exec.CommandContext(ctx, "xdotool", "search", "--name", "Kim Jong Un", "windowactivate").Run()
		out, err := exec.CommandContext(ctx, "import", "-window", "root", "png:-").Output()
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if img, err := png.Decode(bytes.NewReader(out)); err == nil {
			seen = countColour(img, evidence, 100)
		}
	}
	if seen <= 200 {
		t.Errorf("the evidence annotated through the socket is not on screen (%d pixels)", seen)
	}

	// SIGTERM closes the window cleanly.
	if err := app.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("app exited with %v\nstderr: %s", err, stderr.String())
		}
	case <-ctx.Done():
		t.Fatal("app did not exit after SIGTERM")
	}
	if logged := ourErrors(stderr.String()); logged != "" {
		t.Errorf("app logged errors:\n%s", logged)
	}
	if got := cli("check"); got != "ok" {
		t.Errorf("check after closing: %q", got)
	}
	st, err := store.Open(db, &store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if label := st.UndoLabel(); label != "Create evidence" {
		t.Errorf("the window's undo history ends with %q, want the command's \"Create evidence\"", label)
	}
}

// countColour counts the pixels of colour c at or below row minY.
func countColour(img image.Image, c color.NRGBA, minY int) int {
	n := 0
	b := img.Bounds()
	for y := max(b.Min.Y, minY); y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.NRGBAModel.Convert(img.At(x, y)) == c {
				n++
			}
		}
	}
	return n
}

// ourErrors returns the error lines of the app's log, leaving out Fyne's
// own "Preferences load error": Fyne 2.7 reloads its preferences file when
// it changes and ignores only its own writes of the last 100 ms, so on a
// loaded machine it can read its own half-written file (a Fyne race, not
// ours; the values in memory are kept and written again at exit).
func ourErrors(log string) string {
	var out []string
	lines := strings.Split(log, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.Contains(lines[i], "Preferences load error") {
			for i+1 < len(lines) && (strings.Contains(lines[i+1], "Cause:") || strings.Contains(lines[i+1], "At:")) {
				i++
			}
			continue
		}
		if strings.Contains(lines[i], "Fyne error") || strings.Contains(lines[i], "Cause:") {
			out = append(out, lines[i])
		}
	}
	return strings.Join(out, "\n")
}
