package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"marginalia/app/action"
	"marginalia/store"
	"marginalia/store/atomicfile"
	"marginalia/store/searchindex"
)

// Env is what the command line needs from its process.
type Env struct {
	Stdout, Stderr io.Writer
	// Getenv reads the environment (MARGINALIA_DB, XDG_DATA_HOME, USER).
	Getenv func(string) string
	// GUI opens the workbench on the store and returns when it closes or
	// the context is cancelled.
	GUI func(context.Context, *action.Service) error
	// Dir is the directory relative file names are taken from ("" for the
	// process's own): the caller's, when the window runs the command.
	Dir string
	// Open, when set, runs fn on the database at path instead of opening
	// it: the window sets it to serve commands on the store it has open.
	Open func(path string, readOnly bool, fn func(*action.Service) error) error
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// BeforeCommand, when set, runs before a subcommand (not the GUI):
	// main uses it to give Ctrl+C back its default, immediate effect,
	// which is safe because every write is one bbolt transaction.
	BeforeCommand func()
}

// usageError marks bad usage, which exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Main runs the command line and returns the process exit status.
func Main(parent context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	s := &session{env: env, args: args}
	err := s.main(parent, args)
	var ue usageError
	var served errServed
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &served):
		return served.code
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "marginalia: %s\nRun 'marginalia --help' for usage.\n", oneLine(err.Error()))
		return 2
	default:
		fmt.Fprintf(env.Stderr, "marginalia: %s\n", oneLine(err.Error()))
		return 1
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// session is one run of the command line: the process's environment and
// the options every command takes.
type session struct {
	env   Env
	args  []string // as given, to forward to an open window
	dbArg string   // --db
	// window: the database is opened for the workbench window, which
	// builds a missing search index itself, showing progress.
	window bool
}

// path resolves a file name the user gave against the caller's directory.
func (s *session) path(p string) string {
	if s.env.Dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(s.env.Dir, p)
}

func (s *session) out(format string, args ...any) { fmt.Fprintf(s.env.Stdout, format, args...) }

// warn prints a one-line note on stderr that does not fail the command.
func (s *session) warn(format string, args ...any) {
	fmt.Fprintf(s.env.Stderr, "marginalia: %s\n", oneLine(fmt.Sprintf(format, args...)))
}

func (s *session) now() time.Time { return s.env.Now().UTC() }

// creator is the analyst name to record: the flag's value, else
// $MARGINALIA_USER, else $USER.
func (s *session) creator(flagValue string) string {
	for _, v := range []string{flagValue, s.env.Getenv("MARGINALIA_USER"), s.env.Getenv("USER")} {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func (s *session) main(ctx context.Context, args []string) error {
	fs := s.newFlagSet("marginalia")
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			s.topUsage(fs)
			return err
		}
		return usagef("%v", err)
	}
	rest := fs.Args()
	if len(rest) == 0 {
		s.window = true
		return s.open(false, func(svc *action.Service) error {
			if s.env.GUI == nil {
				return errors.New("this build has no workbench window")
			}
			return s.env.GUI(ctx, svc)
		})
	}
	if rest[0] == "help" {
		s.topUsage(fs)
		return nil
	}
	cmd, rest, err := lookup(s, rest)
	if err != nil {
		return err
	}
	if s.env.BeforeCommand != nil {
		s.env.BeforeCommand()
		// The hook may cancel the parent (main's signal context).
		ctx = context.WithoutCancel(ctx)
	}
	return cmd.Run(ctx, rest)
}

func (s *session) topUsage(fs *flag.FlagSet) {
	w := s.env.Stdout
	fmt.Fprint(w, "Usage: marginalia [--db PATH] [COMMAND] [ARGS]\n\n")
	fmt.Fprint(w, "Marginalia is an annotation workbench for news articles. With no command it\nopens the workbench window.\n\nCommands:\n")
	for _, c := range commands(s) {
		fmt.Fprintf(w, "  %-16s %s\n", c.Spec().Name, c.Spec().Summary)
	}
	fmt.Fprint(w, "\nRun 'marginalia COMMAND --help' for a command's options.\n\nOptions:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprint(w, "\nEnvironment:\n  MARGINALIA_DB    database path when --db is not given\n  MARGINALIA_USER  analyst name recorded on new annotations (else $USER)\n  XDG_DATA_HOME    the default database is $XDG_DATA_HOME/marginalia/marginalia.db\n")
}

// newFlagSet makes a FlagSet that reports errors instead of exiting and
// accepts --db.
func (s *session) newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&s.dbArg, "db", s.dbArg, "database `PATH` (default $MARGINALIA_DB, else $XDG_DATA_HOME/marginalia/marginalia.db)")
	return fs
}

// flags starts a command's FlagSet; parse prints the command's help when
// asked for it.
func (s *session) flags(spec Spec) *flag.FlagSet {
	return s.newFlagSet(spec.Name)
}

// parse parses flags anywhere among the arguments (package flag stops at
// the first positional one) and checks the number of positional arguments;
// maxPos < 0 means no upper limit. Everything after "--" is positional.
// --help prints the command's usage and returns flag.ErrHelp.
func (s *session) parse(spec Spec, fs *flag.FlagSet, args []string, minPos, maxPos int) ([]string, error) {
	if wantsHelp(args) {
		s.commandUsage(spec, fs)
		return nil, flag.ErrHelp
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", spec.Name, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	if len(pos) < minPos || maxPos >= 0 && len(pos) > maxPos {
		return nil, usagef("%s: wrong number of arguments; run 'marginalia %s --help'", spec.Name, spec.Name)
	}
	return pos, nil
}

func (s *session) commandUsage(spec Spec, fs *flag.FlagSet) {
	w := s.env.Stdout
	fmt.Fprintf(w, "Usage: marginalia %s\n\n%s\n", spec.Usage(), spec.Help)
	fmt.Fprint(w, "\nOptions:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// wantsHelp reports whether args ask for help before any "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--h", "--help":
			return true
		}
	}
	return false
}

// dbPath is the database the command works on.
func (s *session) dbPath() (string, error) {
	if s.dbArg != "" {
		return s.path(s.dbArg), nil
	}
	if p := s.env.Getenv("MARGINALIA_DB"); p != "" {
		return s.path(p), nil
	}
	return store.DefaultPath(s.env.Getenv)
}

// read runs fn on the database opened read-only: a mistyped --db path is
// an error, not a new empty database.
func (s *session) read(fn func(*action.Service) error) error { return s.open(true, fn) }

// write runs fn on the database opened for writing, created when it does
// not exist yet.
func (s *session) write(fn func(*action.Service) error) error { return s.open(false, fn) }

func (s *session) open(readOnly bool, fn func(*action.Service) error) error {
	path, err := s.dbPath()
	if err != nil {
		return err
	}
	if s.env.Open != nil {
		return s.env.Open(path, readOnly, fn)
	}
	// While the window has the database open, it runs the command.
	if served, err := s.forward(path); served {
		return err
	}
	if _, err := os.Stat(path); readOnly && errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no database at %s (import an article first, or pass --db)", path)
	}
	st, err := store.Open(path, &store.Options{ReadOnly: readOnly, Index: searchindex.Indexer{}})
	if err != nil {
		return err
	}
	svc := action.New(st, s.env.Now)
	if !readOnly {
		// Temporary files an interrupted export or backup left next to
		// the database; best effort, as a failure here loses nothing.
		_, _ = atomicfile.Cleanup(filepath.Dir(path))
		if !s.window && !svc.SearchReady() {
			if err := s.buildSearchIndex(svc); err != nil {
				st.Close()
				return err
			}
		}
	}
	err = fn(svc)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// buildSearchIndex builds the search index of a database written before
// it existed (once), saying so on stderr with its progress.
func (s *session) buildSearchIndex(svc *action.Service) error {
	start := time.Now()
	fmt.Fprint(s.env.Stderr, "Building the search index (once, after an upgrade)…")
	next := 25
	err := svc.BuildSearchIndex(func(done, total int) {
		if total > 0 && done*100 >= next*total && next < 100 {
			fmt.Fprintf(s.env.Stderr, " %d%%", next)
			next += 25
		}
	})
	if err != nil {
		fmt.Fprintln(s.env.Stderr, " failed")
		return err
	}
	fmt.Fprintf(s.env.Stderr, " done in %.1fs\n", time.Since(start).Seconds())
	return nil
}
