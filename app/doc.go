// Package app is Marginalia's desktop GUI, built with Fyne. It knows the
// domain (annotate), the store and the actions (app/action); nothing below
// it knows the GUI.
//
// # Structure
//
// The window is a Workbench that composes panels: the library, the reader
// pane, the inspector, the search palette, the links dialogs and the
// speaker registry. Each panel is a type of its own, built from a shell
// (the window, the actions, the background runner, the status line) and
// the callbacks it needs, and tested on its own; the Workbench holds no
// widget of theirs. Every change goes through app/action, and every panel
// learns about changes from store.Watch (routed by the Workbench on the UI
// goroutine), so a change made by the command line through the running
// window, or by a background merge, shows up like one made by a click.
// See docs/architecture.md.
package app
