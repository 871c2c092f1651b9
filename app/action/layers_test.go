package action_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLayers keeps the dependency direction of docs/architecture.md:
// annotate imports neither the GUI toolkit nor the database; store imports
// no GUI and none of the consumers of its data (search, related); the
// action layer imports no GUI, so the command line can use it without one.
func TestLayers(t *testing.T) {
	for _, rule := range []struct {
		dir       string
		flat      bool // the package itself, not the packages below it
		forbidden []string
	}{
		{"../../annotate", false, []string{"fyne.io/", "go.etcd.io/bbolt", "marginalia/store", "marginalia/app"}},
		{"../../store", false, []string{"fyne.io/", "marginalia/app"}},
		// Package store keeps records; their consumers build indexes and
		// rankings (adapters such as store/searchindex may import both).
		{"../../store", true, []string{"marginalia/annotate/search", "marginalia/annotate/related"}},
		{".", false, []string{"fyne.io/"}},
		{"../team", false, []string{"fyne.io/"}},
	} {
		err := filepath.WalkDir(rule.dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && rule.flat && path != rule.dir {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				for _, bad := range rule.forbidden {
					if strings.HasPrefix(p, bad) {
						t.Errorf("%s imports %s, which its layer must not", path, p)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
