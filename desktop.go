package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"readalong/app"
	"readalong/desktop"
)

// DesktopEntry is the name of Readalong's desktop entry (without
// ".desktop"), which make install writes.
const DesktopEntry = AppID

// mimeTypes are the files the desktop entry offers to open, as the
// media controls report them.
var mimeTypes = []string{"audio/mpeg", "audio/wav", "audio/x-wav", "audio/flac", "audio/ogg",
	"text/vtt", "application/x-subrip"}

// uriSchemes are the URIs the window opens when handed them.
var uriSchemes = []string{"file", "http", "https", "podcast", "itpc", "pcast", "feed"}

// newInstanceFlag opens a window of its own even when one is running.
const newInstanceFlag = "--new-instance"

// windowArgs reads what the desktop adds to the window's arguments: it
// takes out --new-instance and turns file:// URIs (a desktop entry's %U)
// into paths.
func windowArgs(args []string) (rest []string, newInstance bool) {
	for _, a := range args {
		switch {
		case a == newInstanceFlag:
			newInstance = true
		case desktop.PathOf(a) != "":
			rest = append(rest, desktop.PathOf(a))
		default:
			rest = append(rest, a)
		}
	}
	return rest, newInstance
}

// handOff gives the files to the window already running, if there is
// one, and raises it; done reports that it was, and code is the exit
// status then.
func handOff(files []string, stderr io.Writer) (done bool, code int) {
	handled, err := desktop.Handoff(files)
	if !handled {
		return false, exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return true, exitFailed
	}
	return true, exitOK
}

// serveDesktop offers the window to the desktop's media controls (MPRIS)
// and returns what to call when the window closes. Without a session bus
// the window runs as before, without a word (but on the debug output).
func serveDesktop(ui *app.UI, newInstance bool, stderr io.Writer) (stop func()) {
	s, err := desktop.Start(ui.Desktop(), desktop.Options{
		Identity:     "Readalong",
		DesktopEntry: DesktopEntry,
		MimeTypes:    mimeTypes,
		URISchemes:   uriSchemes,
		Instance:     newInstance,
	})
	if errors.Is(err, desktop.ErrNameTaken) {
		// Another window took the name since this one looked: this
		// one still answers, under a name of its own.
		s, err = desktop.Start(ui.Desktop(), desktop.Options{Identity: "Readalong", DesktopEntry: DesktopEntry,
			MimeTypes: mimeTypes, URISchemes: uriSchemes, Instance: true})
	}
	if err != nil {
		if os.Getenv("READALONG_DEBUG") != "" {
			fmt.Fprintln(stderr, "readalong: no media controls:", err)
		}
		return func() {}
	}
	ui.ConnectDesktop(s)
	return func() {
		s.Close()
		ui.CloseDesktop()
	}
}
