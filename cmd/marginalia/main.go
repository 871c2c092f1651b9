// Command marginalia is the annotation workbench for news articles: with
// no command it opens the window, otherwise it runs a command-line
// subcommand (see marginalia --help).
package main

import (
	// First: quiets Fyne's locale error before Fyne initialises.
	_ "marginalia/cmd/marginalia/internal/locale"

	"context"
	"os"
	"os/signal"
	"syscall"

	"marginalia/cmd/marginalia/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Env{
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		GUI:    runWindow,
		// Ctrl+C and SIGTERM close the window cleanly; a command dies at
		// once, its open transaction rolled back.
		BeforeCommand: stop,
	})
	stop()
	os.Exit(code)
}
