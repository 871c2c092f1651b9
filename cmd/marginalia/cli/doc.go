// Package cli is Marginalia's command line: each subcommand is a function
// with its own FlagSet, run against an open store. It does not import the
// GUI; the caller passes the function that opens the workbench.
//
// Exit status is 0 on success, 1 on an error (one line on stderr) and 2
// on bad usage.
package cli
