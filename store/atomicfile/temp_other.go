//go:build !linux

package atomicfile

// createTemp creates a named temporary file in dir: there is no O_TMPFILE
// here.
func createTemp(dir string, _ bool) (*tempFile, error) {
	return createNamed(dir)
}

// commit renames the temporary file over path.
func (t *tempFile) commit(path string, afterLink func()) error {
	if afterLink != nil {
		afterLink()
	}
	return t.renameInto(path)
}
