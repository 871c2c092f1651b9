// Package locale keeps Fyne quiet under the C locale. Fyne 2.7 parses the
// user's locale in a package initialiser and logs "Error parsing user
// locale C" on stderr when LANG (or LC_ALL, LC_MESSAGES) is C.UTF-8 or
// POSIX.UTF-8, the default of most containers and CI machines: three
// lines of noise before every command's output, although nothing is
// wrong. This package, imported first by main, runs its initialiser
// before Fyne's (Go initialises a package as soon as everything it
// imports is ready, and this one imports only os and strings) and, in
// exactly that case, sets LANGUAGE=en, which the locale library reads
// instead: the same English Fyne falls back to anyway. A test runs the
// built binary under each locale and requires an empty stderr.
package locale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	loc := ""
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = os.Getenv(v); loc != "" {
			break
		}
	}
	lang, _, _ := strings.Cut(loc, ".")
	lang, _, _ = strings.Cut(lang, "@")
	if loc != lang && (lang == "C" || lang == "POSIX") {
		os.Setenv("LANGUAGE", "en")
	}
}
