// Command readalong is a desktop podcast player for people who read while
// they listen: it plays an episode and highlights the transcript line being
// spoken.
//
// Usage:
//
//	readalong [EPISODE [TRANSCRIPT] | URL]  open the window (the demo without arguments), or
//	                                        hand them to the window already open
//	readalong play EPISODE [TRANSCRIPT]     play in the terminal, printing each line as it is spoken
//	readalong play URL [--episode N]        the same for an episode on the web, as it downloads
//	readalong info FILE [--check]           describe an episode or a transcript
//	readalong convert TRANSCRIPT -o OUT.vtt          rewrite a transcript in another format
//	readalong clip EPISODE --from T --to T -o OUT.mp3 [-o OUT.srt …]   cut a clip
//	readalong chapters FILE [-o OUT.chapters.json]   list or convert chapters
//	readalong align EPISODE [TRANSCRIPT] -o OUT.vtt   find where each line and word is spoken
//	readalong feed URL                      list a podcast feed's episodes
//	readalong fetch URL [--episode N | --latest] -o DIR   download an episode with its transcript
//
// Set READALONG_DEBUG=1 to print the player's state on standard error.
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"readalong/app"
	"runtime"
	"strings"
)

// AppID identifies Readalong to the desktop and names its preferences.
const AppID = "io.github.readalong"

// version is Readalong's version; a release build may set it with
// -ldflags "-X main.version=…".
var version = "1.0.0-dev"

// Exit codes scripts can rely on.
const (
	exitOK      = 0 // done
	exitFailed  = 1 // a file could not be read, written or played
	exitUsage   = 2 // the command line was wrong
	exitDamaged = 3 // info --check found damage
	exitExists  = 4 // clip, convert, chapters, fetch or align would replace a file and --force was not given
)

const usage = `usage:
  readalong [EPISODE [TRANSCRIPT] | URL] [--new-instance]
                                        open the window (the demo episode without arguments);
                                        a URL is a podcast feed (its episodes are listed), a
                                        page naming one, or an episode on the web (it plays as
                                        it downloads); a window already open is given them and
                                        raised instead, unless --new-instance
  readalong play EPISODE [TRANSCRIPT] [--from T] [--speed X] [--volume V] [--quiet]
  readalong play URL [--episode N] [...]
                                        play in the terminal, printing each line as it is spoken;
                                        a feed's newest episode, or episode N, as it downloads
  readalong --version                   print Readalong's version
  readalong info FILE [--check]         describe an episode (or a transcript); --check decodes
                                        the whole episode and lists every damaged spot
  readalong convert TRANSCRIPT -o OUT.{txt,srt,vtt,json,html} [--force]
                                        rewrite a transcript in another format
  readalong clip EPISODE --from T --to T [--transcript FILE] -o OUT.mp3 [-o OUT.srt ...] [--force] [--fade D]
                                        cut a clip: .mp3 (exact, not re-encoded), .wav, and the
                                        transcript excerpt as .txt, .srt, .vtt, .json or .html
  readalong chapters FILE [-o OUT.chapters.json] [--force]
                                        list the chapters of an episode (found in it and beside
                                        it) or of a chapters file, one a line; -o converts them
                                        to Podcasting 2.0 JSON chapters
  readalong align EPISODE [TRANSCRIPT] -o OUT.{txt,srt,vtt,json,html} [-o ...] [--from T] [--force] [--no-cache]
                                        find where each line and word of the transcript is spoken
                                        and write it with those times (words in .vtt and .json);
                                        says how much was aligned and what audio is not in it
  readalong feed URL                    list the episodes of a podcast feed (or of the feed a
                                        web page names): number, date, duration, title, transcripts
  readalong fetch URL [--episode N | --latest] -o DIR [--force]
                                        download an episode (N as feed lists them) with its
                                        transcript and chapters into DIR, named to pair with it;
                                        an interrupted download resumes

Given an episode, Readalong finds its transcript beside it by name
(.txt, .srt, .vtt, .json or .html). T is HH:MM:SS(.mmm), MM:SS or seconds; for
clip also #N, line N of the transcript (its start for --from, its end for --to).
Exit status: 0 done, 1 a file could not be read, written or played, 2 bad
usage, 3 info --check found damage, 4 clip, convert, chapters, fetch or align
would replace a file (use --force). align exits 1 when it cannot align at all.
`

func main() {
	quietLibraries(os.Stderr)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// quietLibraries keeps what libraries log (Fyne logs through the standard
// logger: a preferences file it read while it was being written, a
// font it did not find) off the terminal, which is for Readalong's own
// messages. With READALONG_DEBUG set they go to stderr, marked.
func quietLibraries(stderr io.Writer) {
	if os.Getenv("READALONG_DEBUG") != "" {
		log.SetOutput(stderr)
		log.SetFlags(0)
		log.SetPrefix("readalong: library: ")
		return
	}
	log.SetOutput(io.Discard)
}

func run(args []string, stdout, stderr io.Writer) int {
	app.Version = version
	if len(args) > 0 {
		switch args[0] {
		case "info":
			return cmdInfo(args[1:], stdout, stderr)
		case "play":
			return cmdPlay(args[1:], stdout, stderr)
		case "clip":
			return cmdClip(args[1:], stdout, stderr)
		case "convert":
			return cmdConvert(args[1:], stdout, stderr)
		case "chapters":
			return cmdChapters(args[1:], stdout, stderr)
		case "align":
			return cmdAlign(args[1:], stdout, stderr)
		case "feed":
			return cmdFeed(args[1:], stdout, stderr)
		case "fetch":
			return cmdFetch(args[1:], stdout, stderr)
		case "help", "-h", "--help":
			fmt.Fprint(stdout, usage)
			return exitOK
		case "version", "--version":
			fmt.Fprintf(stdout, "readalong %s\n", version)
			return exitOK
		}
	}
	args, newInstance := windowArgs(args)
	audio, transcript, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "readalong: %v\n%s", err, usage)
		return exitUsage
	}
	for _, f := range []string{audio, transcript} {
		if f == "" || f == audio && app.IsLink(f) {
			continue
		}
		if err := regularFile(f); err != nil {
			fmt.Fprintln(stderr, "readalong:", err)
			return exitFailed
		}
	}
	if !newInstance {
		if done, code := handOff(args, stderr); done {
			return code
		}
	}
	if msg := noDisplay(); msg != "" {
		fmt.Fprintln(stderr, "readalong: "+msg)
		return exitFailed
	}
	return openWindow(audio, transcript, newInstance, stderr)
}

// parseArgs reads the window's arguments: an episode and a transcript.
func parseArgs(args []string) (audio, transcript string, err error) {
	var files []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") && a != "-" {
			return "", "", fmt.Errorf("unknown option %s", a)
		}
		files = append(files, a)
	}
	if len(files) > 2 {
		return "", "", errors.New("too many arguments")
	}
	if len(files) > 0 {
		audio = files[0]
	}
	if len(files) > 1 {
		transcript = files[1]
	}
	return audio, transcript, nil
}

// regularFile checks that path names a file that exists.
func regularFile(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a folder, not a file", path)
	}
	return nil
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
