// Command readalong is a desktop podcast player for people who read while
// they listen: it plays an episode and highlights the transcript line being
// spoken.
//
// Usage:
//
//	readalong                        open the demo episode
//	readalong EPISODE.mp3            open an episode; its transcript is found beside it
//	readalong EPISODE.mp3 TRANSCRIPT open an episode with the given transcript
//
// Set READALONG_DEBUG=1 to print the player's state on standard error.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"

	"readalong/app"
	"readalong/assets"
	"readalong/player"
	tsync "readalong/sync"
)

// AppID identifies Readalong to the desktop and names its preferences.
const AppID = "io.github.readalong"

const usage = `usage: readalong [EPISODE.mp3 [TRANSCRIPT]]

With no arguments Readalong opens its demo episode. Given an episode, it
finds the transcript beside it by name (.txt, .srt, .vtt or .json).
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	audio, transcript, err := parseArgs(args)
	if errors.Is(err, errHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "readalong: %v\n%s", err, usage)
		return 2
	}
	if msg := noDisplay(); msg != "" {
		fmt.Fprintln(stderr, "readalong: "+msg)
		return 1
	}
	return openWindow(audio, transcript, stderr)
}

var errHelp = errors.New("help")

func parseArgs(args []string) (audio, transcript string, err error) {
	var files []string
	for _, a := range args {
		switch {
		case a == "-h" || a == "--help" || a == "help":
			return "", "", errHelp
		case strings.HasPrefix(a, "-") && a != "-":
			return "", "", fmt.Errorf("unknown option %s", a)
		default:
			files = append(files, a)
		}
	}
	if len(files) > 2 {
		return "", "", fmt.Errorf("too many arguments")
	}
	if len(files) > 0 {
		audio = files[0]
		if st, err := os.Stat(audio); err != nil {
			return "", "", err
		} else if st.IsDir() {
			return "", "", fmt.Errorf("%s is a folder, not an episode", audio)
		}
	}
	if len(files) > 1 {
		transcript = files[1]
		if _, err := os.Stat(transcript); err != nil {
			return "", "", err
		}
	}
	return audio, transcript, nil
}

// noDisplay says why no window can open here, or "" when one can.
func noDisplay() string {
	if runtime.GOOS != "linux" && runtime.GOOS != "freebsd" {
		return ""
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return "no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set); run it in a desktop session"
	}
	return ""
}

func openWindow(audio, transcript string, stderr io.Writer) int {
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	eng := player.New(player.NewSpeaker(player.DefaultLatency))
	defer eng.Close()
	ui := app.New(a, eng)
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
	} else if err := ui.OpenFiles(audio, transcript); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		dialog.ShowError(err, ui.Window())
	}
	go func() {
		if err := eng.Start(); err != nil {
			fmt.Fprintln(stderr, "readalong:", err)
			fyne.Do(func() { ui.ShowDeviceProblem(err) })
		}
	}()
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
	eng.Load(assets.DemoName, src)
	ui.ShowEpisode(assets.DemoName, tr)
	return nil
}
