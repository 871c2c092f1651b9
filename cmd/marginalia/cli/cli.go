package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"marginalia/store"
)

// Env is what the command line needs from its process.
type Env struct {
	Stdout, Stderr io.Writer
	// Getenv reads the environment (MARGINALIA_DB, XDG_DATA_HOME, USER).
	Getenv func(string) string
	// GUI opens the workbench on the store and returns when it closes or
	// the context is cancelled.
	GUI func(context.Context, *store.Store) error
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

// command is one subcommand.
type command struct {
	name, args, summary string
	run                 func(c *ctx, args []string) error
}

// ctx carries what every command needs while it runs.
type ctx struct {
	context.Context
	env   Env
	dbArg string
	store *store.Store
	help  bool // the arguments being parsed ask for help
}

func (c *ctx) now() time.Time {
	if c.env.Now != nil {
		return c.env.Now().UTC()
	}
	return time.Now().UTC()
}

// creator is the analyst name to record: the flag's value, else
// $MARGINALIA_USER, else $USER.
func (c *ctx) creator(flagValue string) string {
	for _, v := range []string{flagValue, c.env.Getenv("MARGINALIA_USER"), c.env.Getenv("USER")} {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func (c *ctx) out(format string, args ...any) { fmt.Fprintf(c.env.Stdout, format, args...) }

func commands() []command {
	return []command{
		{"import", "FILE...", "import articles from .txt, .md and .html files", runImport},
		{"list", "[--json]", "list the articles in the library", runList},
		{"show", "ID [--json]", "show an article with its annotations and links", runShow},
		{"annotate", "ID --quote TEXT --kind KIND [options]", "highlight a passage of an article", runAnnotate},
		{"speakers", "[--json] | detect ARTICLE_ID [--json]", "list the speakers, or the people quoted in an article", runSpeakers},
		{"speaker", "add NAME [options] | merge FROM TO", "add a speaker, or merge one speaker into another", runSpeaker},
		{"link", "FROM_ID TO_ID --relation REL [--note TEXT]", "link two articles or annotations", runLink},
		{"links", "ID [--json]", "list the links of an article or annotation, both directions", runLinks},
		{"unlink", "LINK_ID", "delete a link", runUnlink},
		{"related", "ARTICLE_ID [--json]", "rank the other articles by likely relation", runRelated},
		{"search", "QUERY [--json] [--limit N]", "fuzzy-search notes, quotes, articles and speakers", runSearch},
		{"export", "[--format bundle|w3c|csv] [--article ID]... -o FILE", "export annotations for colleagues or other tools", runExport},
		{"merge", "FILE", "verify a colleague's bundle and merge it", runMerge},
		{"delete", "ID", "delete an article, annotation, speaker or link", runDelete},
		{"check", "", "verify the database's structure and references", runCheck},
		{"backup", "FILE", "write a consistent copy of the database to FILE", runBackup},
	}
}

// Main runs the command line and returns the process exit status.
func Main(parent context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	c := &ctx{Context: parent, env: env}
	err := c.main(args)
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "marginalia: %s\nRun 'marginalia --help' for usage.\n", oneLine(err.Error()))
		return 2
	default:
		fmt.Fprintf(env.Stderr, "marginalia: %s\n", oneLine(err.Error()))
		return 1
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (c *ctx) main(args []string) error {
	fs := c.flagSet("marginalia", "[--db PATH] [COMMAND] [ARGS]", "With no command, opens the workbench.")
	fs.Usage = func() {
		if wantsHelp(args) {
			c.topUsage(fs)
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v", err)
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return c.withStore(func() error {
			if c.env.GUI == nil {
				return errors.New("this build has no workbench window")
			}
			return c.env.GUI(c, c.store)
		})
	}
	name, rest := rest[0], rest[1:]
	if name == "help" {
		c.topUsage(fs)
		return nil
	}
	for _, cmd := range commands() {
		if cmd.name == name {
			if c.env.BeforeCommand != nil {
				c.env.BeforeCommand()
				// The hook may cancel the parent (main's signal context).
				c.Context = context.WithoutCancel(c.Context)
			}
			return cmd.run(c, rest)
		}
	}
	return usagef("unknown command %q", name)
}

func (c *ctx) topUsage(fs *flag.FlagSet) {
	w := c.env.Stdout
	fmt.Fprint(w, "Usage: marginalia [--db PATH] [COMMAND] [ARGS]\n\n")
	fmt.Fprint(w, "Marginalia is an annotation workbench for news articles. With no command it\nopens the workbench window.\n\nCommands:\n")
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprint(w, "\nRun 'marginalia COMMAND --help' for a command's options.\n\nOptions:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprint(w, "\nEnvironment:\n  MARGINALIA_DB   database path when --db is not given\n  XDG_DATA_HOME   the default database is $XDG_DATA_HOME/marginalia/marginalia.db\n")
}

// flagSet makes a FlagSet that reports errors instead of exiting, prints
// help to stdout, and accepts --db.
func (c *ctx) flagSet(name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.dbArg, "db", c.dbArg, "database `PATH` (default $MARGINALIA_DB, else $XDG_DATA_HOME/marginalia/marginalia.db)")
	fs.Usage = func() {
		if !c.help {
			return // a parse error: the one-line message on stderr says it
		}
		fmt.Fprintf(c.env.Stdout, "Usage: marginalia %s %s\n\n%s\n", name, args, summary)
		if hasFlags(fs) {
			fmt.Fprint(c.env.Stdout, "\nOptions:\n")
			fs.SetOutput(c.env.Stdout)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
		}
	}
	return fs
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

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse parses flags anywhere among the arguments (package flag stops at
// the first positional one) and checks the number of positional arguments;
// maxPos < 0 means no upper limit. Everything after "--" is positional.
func (c *ctx) parse(fs *flag.FlagSet, args []string, minPos, maxPos int) ([]string, error) {
	c.help = wantsHelp(args)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err // package flag has printed the usage
			}
			return nil, usagef("%s: %v", fs.Name(), err)
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
		return nil, usagef("%s: wrong number of arguments; run 'marginalia %s --help'", fs.Name(), fs.Name())
	}
	return pos, nil
}

// withStore opens the database for writing for the duration of fn,
// creating it when it does not exist yet.
func (c *ctx) withStore(fn func() error) error { return c.openStore(false, fn) }

// readStore opens the database read-only for the duration of fn: a
// mistyped --db path is an error, not a new empty database.
func (c *ctx) readStore(fn func() error) error { return c.openStore(true, fn) }

func (c *ctx) openStore(readOnly bool, fn func() error) error {
	path := c.dbArg
	if path == "" {
		path = c.env.Getenv("MARGINALIA_DB")
	}
	if path == "" {
		var err error
		if path, err = store.DefaultPath(c.env.Getenv); err != nil {
			return err
		}
	}
	if _, err := os.Stat(path); readOnly && errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no database at %s (import an article first, or pass --db)", path)
	}
	s, err := store.Open(path, &store.Options{ReadOnly: readOnly})
	if err != nil {
		return err
	}
	c.store = s
	err = fn()
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
