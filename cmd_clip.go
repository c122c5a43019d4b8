package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"readalong/player"
	tsync "readalong/sync"
)

// outputs collects repeated -o flags.
type outputs []string

func (o *outputs) String() string     { return strings.Join(*o, ",") }
func (o *outputs) Set(v string) error { *o = append(*o, v); return nil }

// cmdClip cuts a clip of an episode into one or more files.
func cmdClip(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("clip", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "start: HH:MM:SS(.mmm), MM:SS, seconds, or #N for the start of line N")
	to := fs.String("to", "", "end: a time, or #N for the end of line N")
	trPath := fs.String("transcript", "", "the episode's transcript (default: the one beside it)")
	force := fs.Bool("force", false, "replace output files that exist")
	fade := fs.Duration("fade", 0, "fade WAV output in and out over this long (e.g. 300ms)")
	var outs outputs
	fs.Var(&outs, "o", "output file: .mp3, .wav, .srt, .vtt, .json or .txt (repeatable)")
	if err := fs.Parse(reorder(args)); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 || *from == "" || *to == "" || len(outs) == 0 {
		fmt.Fprint(stderr, "readalong clip: give an episode, --from, --to and at least one -o\n"+usage)
		return exitUsage
	}
	episode := fs.Arg(0)
	if err := regularFile(episode); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	// The transcript, when a line reference or a transcript output needs it.
	var tr *tsync.Transcript
	needTr := strings.HasPrefix(*from, "#") || strings.HasPrefix(*to, "#")
	for _, o := range outs {
		if ext := strings.ToLower(filepath.Ext(o)); ext != ".mp3" && ext != ".wav" {
			needTr = true
		}
	}
	if *trPath == "" {
		*trPath = tsync.FindBeside(episode)
	}
	if needTr {
		if *trPath == "" {
			fmt.Fprintf(stderr, "readalong: no transcript found beside %s; give one with --transcript\n", episode)
			return exitFailed
		}
		var err error
		if tr, err = tsync.ReadFile(*trPath); err != nil {
			fmt.Fprintln(stderr, "readalong:", err)
			return exitFailed
		}
	}
	info, err := player.Inspect(episode, false)
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	start, err := clipTime(*from, tr, false, info.Duration)
	if err != nil {
		fmt.Fprintf(stderr, "readalong clip: --from: %s: %v\n", *trPath, err)
		return exitUsage
	}
	end, err := clipTime(*to, tr, true, info.Duration)
	if err != nil {
		fmt.Fprintf(stderr, "readalong clip: --to: %s: %v\n", *trPath, err)
		return exitUsage
	}
	if end <= start {
		fmt.Fprintf(stderr, "readalong clip: the clip ends (%s) before it starts (%s)\n", player.FormatTime(end), player.FormatTime(start))
		return exitUsage
	}
	if start >= info.Duration {
		fmt.Fprintf(stderr, "readalong clip: %s is past the end of the episode (%s)\n", player.FormatTime(start), player.FormatTime(info.Duration))
		return exitUsage
	}
	end = min(end, info.Duration)
	for _, o := range outs {
		if _, err := outputFormat(o); err != nil {
			fmt.Fprintln(stderr, "readalong clip:", err)
			return exitUsage
		}
		if !*force {
			if _, err := os.Stat(o); err == nil {
				fmt.Fprintf(stderr, "readalong: %s exists; use --force to replace it\n", o)
				return exitExists
			}
		}
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	media := player.Media{Path: episode}
	rng := player.Range{From: start, To: end}
	for _, o := range outs {
		kind, _ := outputFormat(o)
		write := func(w io.Writer) error {
			switch kind {
			case "mp3":
				return player.ExportMP3(ctx, media, rng, w, nil)
			case "wav":
				return player.ExportWAV(ctx, media, rng, player.WAVOptions{FadeIn: *fade, FadeOut: *fade}, w, nil)
			default:
				return tsync.Write(w, tr.Excerpt(start, end, info.Duration), tsync.Format(kind))
			}
		}
		if err := player.WriteFile(o, *force, write); err != nil {
			if isExists(err) {
				fmt.Fprintf(stderr, "readalong: %v; use --force to replace it\n", err)
				return exitExists
			}
			fmt.Fprintln(stderr, "readalong:", err)
			return exitFailed
		}
		fmt.Fprintf(stdout, "%s  %s → %s (%s)\n", o, player.FormatTime(start), player.FormatTime(end), player.FormatTime(end-start))
	}
	return exitOK
}

// outputFormat tells the kind of an output file by its extension.
func outputFormat(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".mp3":
		return "mp3", nil
	case ".wav":
		return "wav", nil
	case ".srt":
		return string(tsync.FormatSRT), nil
	case ".vtt":
		return string(tsync.FormatWebVTT), nil
	case ".json":
		return string(tsync.FormatJSON), nil
	case ".txt":
		return string(tsync.FormatText), nil
	}
	return "", fmt.Errorf("%s: unknown output format (want .mp3, .wav, .srt, .vtt, .json or .txt)", path)
}

// clipTime reads a clip end: a time, or #N for line N (1-based) of the
// transcript: its start, or its end when end is set.
func clipTime(s string, tr *tsync.Transcript, end bool, mediaEnd time.Duration) (time.Duration, error) {
	if !strings.HasPrefix(s, "#") {
		return parseTime(s)
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil || n < 1 || n > tr.Len() {
		return 0, fmt.Errorf("line reference %q: the transcript has lines #1 to #%d", s, tr.Len())
	}
	if end {
		return tr.EndOf(n-1, mediaEnd), nil
	}
	return tr.Segments[n-1].Start, nil
}

// isExists reports whether err says an output file exists already.
func isExists(err error) bool { return errors.Is(err, player.ErrExists) }
