// Command emptywindow opens an empty Fyne window the size of Readalong's:
// the peer make bench measures the window's CPU against when it is
// paused or idle.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.github.readalong.bench")
	w := a.NewWindow("Empty — Readalong bench")
	w.SetContent(widget.NewLabel(""))
	w.Resize(fyne.NewSize(900, 680))
	w.ShowAndRun()
}
