package atomicfile_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"marginalia/store/atomicfile"
)

func ExampleWriteFile() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "work.db")
	os.WriteFile(db, []byte("the database"), 0o600)

	export := func(w io.Writer) error {
		_, err := io.WriteString(w, "article,url,kind\n")
		return err
	}
	protect := atomicfile.Options{Protect: []string{db, db + ".lock"}}

	err := atomicfile.WriteFile(filepath.Join(dir, "export.csv"), protect, export)
	fmt.Println("export.csv:", err)

	// The database under another name is still the database.
	os.Symlink(db, filepath.Join(dir, "link.csv"))
	err = atomicfile.WriteFile(filepath.Join(dir, "link.csv"), protect, export)
	fmt.Println("link.csv refused:", errors.Is(err, atomicfile.ErrProtected))

	info, _ := os.Stat(filepath.Join(dir, "export.csv"))
	fmt.Println("mode of a new file, never wider than", info.Mode().Perm()|0o600)
	// Output:
	// export.csv: <nil>
	// link.csv refused: true
	// mode of a new file, never wider than -rw-------
}

func ExampleCleanup() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	// What a write killed before it could rename its file leaves behind
	// (on systems without O_TMPFILE, or in the instant before the rename).
	os.WriteFile(filepath.Join(dir, atomicfile.TempPrefix+"1234"), []byte("half an export"), 0o600)
	os.WriteFile(filepath.Join(dir, "notes.csv"), []byte("kept"), 0o600)

	n, err := atomicfile.Cleanup(dir)
	entries, _ := os.ReadDir(dir)
	fmt.Println(n, err, len(entries), entries[0].Name())
	// Output: 1 <nil> 1 notes.csv
}
