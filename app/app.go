package app

import (
	"context"
	"errors"
	"os"
	"runtime"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"marginalia/assets"
	"marginalia/store"
)

// ID is the application ID, as in FyneApp.toml.
const ID = "org.marginalia.workbench"

// Run opens the workbench window on st and returns when it is closed or
// ctx is cancelled (Ctrl+C or SIGTERM in the terminal), which closes the
// window cleanly, saving its layout.
func Run(ctx context.Context, st *store.Store) error {
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("cannot open the window: no display (DISPLAY is not set); the commands work without one, see marginalia --help")
	}
	a := fyneapp.NewWithID(ID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	w := a.NewWindow("Marginalia")
	if name := os.Getenv("MARGINALIA_USER"); name != "" && a.Preferences().String(prefCreator) == "" {
		a.Preferences().SetString(prefCreator, name)
	}
	wb := New(a, w, st)
	w.SetContent(wb.Content())
	wb.Start()
	stop := context.AfterFunc(ctx, func() {
		fyne.Do(func() {
			wb.saveLayout()
			a.Quit()
		})
	})
	defer stop()
	w.ShowAndRun()
	return nil
}
