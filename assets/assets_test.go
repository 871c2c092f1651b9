package assets

import (
	"os"
	"regexp"
	"testing"
)

func TestVersionMatchesFyneApp(t *testing.T) {
	data, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Version = "([^"]+)"`).FindSubmatch(data)
	if m == nil || string(m[1]) != Version {
		t.Errorf("FyneApp.toml version %q, assets.Version %q", m, Version)
	}
	if len(Icon()) < 100 || len(Sample()) < 1000 {
		t.Error("embedded icon or sample missing")
	}
}
