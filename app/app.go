package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"marginalia/assets"
	"marginalia/store"
)

// ID is the application ID, as in FyneApp.toml.
const ID = "org.marginalia.workbench"

// Run opens the workbench window on st and returns when it is closed.
func Run(st *store.Store) error {
	a := fyneapp.NewWithID(ID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	w := a.NewWindow("Marginalia")
	content, err := Library(st)
	if err != nil {
		return err
	}
	w.SetContent(content)
	w.Resize(fyne.NewSize(900, 600))
	w.ShowAndRun()
	return nil
}

// Library builds a list of the articles in st.
func Library(st *store.Store) (fyne.CanvasObject, error) {
	var infos []store.ArticleInfo
	err := st.View(func(tx *store.Tx) error {
		var err error
		infos, err = tx.Articles()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	list := widget.NewList(
		func() int { return len(infos) },
		func() fyne.CanvasObject { return widget.NewLabel("title") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			a := infos[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s — %s (%d highlights)", a.Title, a.Source, a.Annotations))
		},
	)
	return container.NewBorder(widget.NewLabel(fmt.Sprintf("%d articles", len(infos))), nil, nil, nil, list), nil
}
