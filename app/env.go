package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"marginalia/app/action"
)

// Runner runs work off the UI goroutine and hands results back to it. The
// window uses goroutines and fyne.Do; tests run both inline, so that what
// a test reads after a call is already up to date.
type Runner interface {
	// Go runs work in the background.
	Go(work func())
	// UI runs fn on the UI goroutine.
	UI(fn func())
}

type fyneRunner struct{}

func (fyneRunner) Go(work func()) { go work() }
func (fyneRunner) UI(fn func())   { fyne.Do(fn) }

// inlineRunner runs everything at once on the calling goroutine (tests).
type inlineRunner struct{}

func (inlineRunner) Go(work func()) { work() }
func (inlineRunner) UI(fn func())   { fn() }

// shell is what every panel needs from the window around it.
type shell struct {
	app   fyne.App
	win   fyne.Window
	svc   *action.Service
	run   Runner
	prefs fyne.Preferences
	// status shows a message in the status bar.
	status func(string)
}

// creator is the analyst's name, recorded on what they create.
func (s *shell) creator() string { return s.prefs.String(prefCreator) }

func (s *shell) variant() fyne.ThemeVariant { return s.app.Settings().ThemeVariant() }

// fit is a dialog size of w by h, smaller where the window is (a margin
// of 40 left around it), so that a dialog never overflows a narrow
// window. A height of 0 keeps the dialog's own.
func (s *shell) fit(w, h float32) fyne.Size {
	size := s.win.Canvas().Size()
	return fyne.NewSize(min(w, size.Width-40), min(h, size.Height-40))
}

// fail reports an error in a dialog and the status bar.
func (s *shell) fail(doing string, err error) {
	s.status("Could not " + doing + ": " + err.Error())
	dialog.ShowError(fmt.Errorf("could not %s: %w", doing, err), s.win)
}

// Preference keys.
const (
	prefCreator       = "creator"
	prefWidth         = "window.width"
	prefHeight        = "window.height"
	prefSplitLib      = "split.library"
	prefSplitInsp     = "split.inspector"
	prefLastArticle   = "article.last" // followed by the database path: the last article is per database
	prefShowLibrary   = "pane.library"
	prefShowInspector = "pane.inspector"
)

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// count says "1 article", "3 articles".
func count(n int, noun string) string { return fmt.Sprintf("%d %s%s", n, noun, plural(n)) }

// ID is the application ID, as in FyneApp.toml.
const ID = "org.marginalia.workbench"

// AdoptUser records name (from $MARGINALIA_USER) as the analyst's name
// when none is set yet.
func AdoptUser(a fyne.App, name string) {
	if name != "" && a.Preferences().String(prefCreator) == "" {
		a.Preferences().SetString(prefCreator, name)
	}
}
