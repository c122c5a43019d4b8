package app

import (
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Version is Readalong's version, shown in Help › About (main sets it).
var Version = "dev"

// pathed is a Places that says where it keeps them.
type pathed interface{ Path() string }

// aboutText says what Readalong is, its version and licence, and where it
// keeps what it remembers.
func (u *UI) aboutText() string {
	settings := "(in memory)"
	if root := fyne.CurrentApp().Storage().RootURI(); root != nil {
		settings = filepath.Join(root.Path(), "preferences.json")
	}
	where := "not kept"
	if p, ok := u.places.(pathed); ok {
		where = p.Path()
	}
	return fmt.Sprintf("Readalong %s\n\nA podcast player for people who read while they listen.\n"+
		"Licensed under the Apache License, version 2.0.\n\n"+
		"Where you left each episode: %s\nSettings: %s", Version, where, settings)
}

// showAbout shows Help › About.
func (u *UI) showAbout() {
	text := widget.NewLabel(u.aboutText())
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("About Readalong", "Close", container.NewPadded(text), u.win)
	d.Resize(fyne.NewSize(560, 300))
	d.SetOnClosed(u.focusKeys)
	d.Show()
	u.debug("about shown")
}
