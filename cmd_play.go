package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"readalong/clock"
	"readalong/player"
	tsync "readalong/sync"
)

// cmdPlay plays an episode in the terminal, printing each transcript line
// as it is spoken.
func cmdPlay(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("play", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "0", "where to start: HH:MM:SS(.mmm), MM:SS or seconds")
	speed := fs.Float64("speed", 1, "playback speed, 0.5 to 3, keeping the pitch")
	volume := fs.Float64("volume", 1, "volume, 0 to 1")
	quiet := fs.Bool("quiet", false, "print nothing while playing")
	if err := fs.Parse(reorder(args)); err != nil {
		return exitUsage
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fmt.Fprint(stderr, "readalong play: give an episode and optionally its transcript\n"+usage)
		return exitUsage
	}
	start, err := clock.Parse(*from)
	if err != nil {
		fmt.Fprintln(stderr, "readalong play: --from:", err)
		return exitUsage
	}
	if *speed < player.MinSpeed || *speed > player.MaxSpeed {
		fmt.Fprintf(stderr, "readalong play: --speed must be from %g to %g\n", player.MinSpeed, player.MaxSpeed)
		return exitUsage
	}
	audio := fs.Arg(0)
	src, err := player.OpenFile(audio)
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	var tr *tsync.Transcript
	trPath := fs.Arg(1)
	if trPath == "" {
		trPath = tsync.FindBeside(audio)
	}
	if trPath != "" {
		if tr, err = tsync.ReadFile(trPath); err != nil {
			fmt.Fprintln(stderr, "readalong: transcript not used:", err)
		}
	}
	p := player.New(player.NewSpeaker(player.DefaultLatency))
	defer p.Close()
	p.Load(src)
	if w := p.Warning(); w != "" {
		fmt.Fprintln(stderr, "readalong: warning:", w)
	}
	p.SetSpeed(*speed)
	p.SetVolume(*volume)
	if err := p.Seek(start); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	p.Play()
	// Open the device once there is audio to play, so the first sound
	// is the episode's, not the probe's silence.
	if err := p.Start(); err != nil {
		fmt.Fprintf(stderr, "readalong: %v; playing silently\n", err)
	}
	debug := os.Getenv("READALONG_DEBUG") != ""
	if debug {
		fmt.Fprintf(stderr, "readalong: playing from=%.3f\n", start.Seconds())
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	defer signal.Stop(stop)
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	line, reported := -1, 0
	for {
		select {
		case <-stop:
			fmt.Fprintf(stderr, "\nreadalong: stopped at %s\n", player.FormatTime(p.Position()))
			return exitOK
		case <-tick.C:
		}
		pos := p.Position()
		if i := tr.At(pos); i != line && i >= 0 && !*quiet {
			s := tr.Segments[i]
			who := ""
			if s.Speaker != "" {
				who = s.Speaker + ": "
			}
			fmt.Fprintf(stdout, "[%s] %s%s\n", player.FormatTime(s.Start), who, s.Text)
			line = i
		}
		if d := p.Damage(); len(d) > reported {
			for _, x := range d[reported:] {
				fmt.Fprintln(stderr, "readalong:", x)
			}
			reported = len(d)
		}
		if !p.Playing() {
			if err := p.Err(); err != nil {
				fmt.Fprintln(stderr, "readalong:", err)
				return exitFailed
			}
			return exitOK
		}
	}
}
