package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"readalong/chapters"
	"readalong/clock"
	"readalong/export"
	"readalong/player"
	"readalong/safefile"
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
	fs.Var(&outs, "o", "output file: "+export.Types()+" (repeatable)")
	if err := fs.Parse(reorder(args)); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 || *from == "" || *to == "" || len(outs) == 0 {
		fmt.Fprint(stderr, "readalong clip: give an episode, --from, --to and at least one -o\n"+usage)
		return exitUsage
	}
	// What to write is checked before anything is read.
	var plan []export.Output
	for _, o := range outs {
		out, err := export.OutputFor(o)
		if err != nil {
			fmt.Fprintln(stderr, "readalong clip:", err)
			return exitUsage
		}
		plan = append(plan, out)
	}
	episode := fs.Arg(0)
	if err := regularFile(episode); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	// The transcript, when a line reference or a transcript output needs it.
	var tr *tsync.Transcript
	needTr := strings.HasPrefix(*from, "#") || strings.HasPrefix(*to, "#") || export.NeedsTranscript(plan)
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
	if !*force {
		for _, o := range plan {
			if _, err := os.Lstat(o.Path); err == nil {
				fmt.Fprintf(stderr, "readalong: %s exists; use --force to replace it\n", o.Path)
				return exitExists
			}
		}
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	c := export.Clip{
		Media: player.Media{Path: episode}, Range: player.Range{From: start, To: end},
		Transcript: tr, Duration: info.Duration, Fade: *fade,
	}
	// An MP3 clip carries the episode's title, show and chapters.
	if tags, err := player.ReadTagsFile(episode); err == nil {
		c.Title, c.Artist = tags.Title, tags.Artist
		if c.Artist == "" {
			c.Artist = tags.Album
		}
	}
	c.Chapters, _, _ = chapters.Find(episode, info.Duration)
	for _, o := range plan {
		if _, err := export.Write(ctx, c, []export.Output{o}, *force, nil); err != nil {
			return writeFailed(err, stderr)
		}
		fmt.Fprintf(stdout, "%s  %s → %s (%s)\n", o.Path, player.FormatTime(start), player.FormatTime(end), player.FormatTime(end-start))
	}
	return exitOK
}

// writeFailed reports an output that could not be written and returns the
// exit status: exitExists for a file that would be replaced.
func writeFailed(err error, stderr io.Writer) int {
	if errors.Is(err, safefile.ErrExists) {
		fmt.Fprintf(stderr, "readalong: %v; use --force to replace it\n", err)
		return exitExists
	}
	fmt.Fprintln(stderr, "readalong:", err)
	return exitFailed
}

// clipTime reads a clip end: a time, or #N for line N (1-based) of the
// transcript: its start, or its end when end is set.
func clipTime(s string, tr *tsync.Transcript, end bool, mediaEnd time.Duration) (time.Duration, error) {
	if !strings.HasPrefix(s, "#") {
		return clock.Parse(s)
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
