package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"readalong/app"
	"readalong/assets"
	"readalong/places"
	"readalong/player"
	tsync "readalong/sync"
)

func openWindow(audio, transcript string, newInstance bool, stderr io.Writer) int {
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	eng := player.New(player.NewOutput(player.DefaultLatency))
	defer eng.Close()
	var store app.Places
	pl, err := openPlaces()
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
	}
	if pl != nil {
		store = pl
	}
	ui := app.New(a, eng, store)
	if os.Getenv("READALONG_DEBUG") != "" {
		ui.Debug = func(format string, args ...any) {
			fmt.Fprintf(stderr, "readalong: "+format+"\n", args...)
		}
	}
	if audio == "" {
		if err := openDemo(ui, eng); err != nil {
			fmt.Fprintln(stderr, "readalong:", err)
			return 1
		}
	} else if app.IsLink(audio) {
		ui.OpenLink(audio)
	} else if err := ui.OpenFiles(audio, transcript); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		ui.ShowError(err)
	}
	defer serveDesktop(ui, newInstance, stderr)()
	if err := eng.Start(); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
	}
	ui.ShowAndRun()
	return 0
}

// openDemo loads the embedded demo episode and its transcript.
func openDemo(ui *app.UI, eng *player.Player) error {
	src, err := player.OpenBytes("demo.mp3", assets.DemoEpisode)
	if err != nil {
		return err
	}
	tr, err := tsync.Parse(bytes.NewReader(assets.DemoTranscript), tsync.FormatText, "demo transcript")
	if err != nil {
		return err
	}
	eng.Load(src)
	ui.SetMedia(player.Media{Name: "demo.mp3", Data: assets.DemoEpisode})
	ui.ShowEpisode(assets.DemoName, tr)
	ui.Resume()
	return nil
}

// openPlaces opens the file of the places where episodes were left. A
// damaged file is reported and replaced by the next save.
func openPlaces() (*places.File, error) {
	path, err := places.DefaultPath()
	if err != nil {
		return nil, err
	}
	return places.Open(path)
}
