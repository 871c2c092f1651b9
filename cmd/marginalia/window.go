package main

import (
	"context"
	"errors"
	"os"
	"runtime"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"marginalia/app"
	"marginalia/app/action"
	"marginalia/assets"
	"marginalia/cmd/marginalia/cli"
)

// runWindow opens the workbench window on svc and returns when it is
// closed or ctx is cancelled (Ctrl+C or SIGTERM in the terminal), which
// closes the window cleanly, saving its layout.
func runWindow(ctx context.Context, svc *action.Service) error {
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("cannot open the window: no display (DISPLAY is not set); the commands work without one, see marginalia --help")
	}
	a := fyneapp.NewWithID(app.ID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	a.Settings().SetTheme(app.NewTheme())
	w := a.NewWindow("Marginalia")
	app.AdoptUser(a, os.Getenv("MARGINALIA_USER"))
	wb := app.New(a, w, svc, nil)
	w.SetContent(wb.Content())
	wb.Start()
	// Commands run while the window is open reach it through a socket.
	if ln, err := cli.Listen(svc.Store().Path(), os.Getenv); err != nil {
		fyne.LogError("commands cannot reach this window", err)
	} else {
		serving, stopServing := context.WithCancel(ctx)
		served := make(chan struct{})
		defer func() {
			stopServing()
			// A command still running must end before the caller closes
			// the store under it.
			<-served
			os.Remove(ln.Addr().String())
		}()
		go func() {
			defer close(served)
			cli.Serve(serving, ln, svc, func() { fyne.Do(w.RequestFocus) })
		}()
	}
	stop := context.AfterFunc(ctx, func() {
		fyne.Do(func() {
			wb.SaveLayout()
			a.Quit()
		})
	})
	defer stop()
	w.ShowAndRun()
	return nil
}
