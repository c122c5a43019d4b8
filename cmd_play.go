package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"readalong/app"
	"readalong/clock"
	"readalong/feed"
	"readalong/fetch"
	"readalong/player"
	"readalong/stream"
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
	episode := fs.Int("episode", 0, "for a feed: the episode to play, as readalong feed numbers them (default: the newest)")
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
	var src player.Source
	var tr *tsync.Transcript
	trPath := fs.Arg(1)
	if app.IsLink(audio) {
		ep, code := openLinkToPlay(audio, *episode, stderr)
		if ep == nil {
			return code
		}
		src, tr = ep.Source, ep.Transcript
		for _, w := range ep.Warnings {
			fmt.Fprintln(stderr, "readalong:", w)
		}
	} else if src, err = player.OpenFile(audio); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	} else if trPath == "" {
		trPath = tsync.FindBeside(audio)
	}
	if trPath != "" {
		if tr, err = tsync.ReadFile(trPath); err != nil {
			fmt.Fprintln(stderr, "readalong: transcript not used:", err)
		}
	}
	p := player.New(player.NewOutput(terminalLatency))
	defer p.Close()
	p.Load(src)
	if d := p.Duration(); start >= d {
		fmt.Fprintf(stderr, "readalong play: %s is past the end of the episode (%s)\n", player.FormatTime(start), player.FormatTime(d))
		return exitUsage
	}
	if w := p.Warning(); w != "" {
		fmt.Fprintln(stderr, "readalong: warning:", w)
	}
	p.SetSpeed(*speed)
	p.SetVolume(*volume)
	if err := p.Seek(start); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	changed := make(chan struct{}, 1)
	p.OnOutputChange(func(player.OutputState, error) {
		select {
		case changed <- struct{}{}:
		default:
		}
	})
	p.Play()
	// Open the device once there is audio to play, so the first sound
	// is the episode's. Until the device plays, time is kept silently.
	if err := p.Start(); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	if os.Getenv("READALONG_DEBUG") != "" {
		fmt.Fprintf(stderr, "readalong: playing from=%.3f\n", start.Seconds())
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	defer signal.Stop(stop)
	return (&terminalPlay{p: p, tr: tr, quiet: *quiet, stdout: stdout, stderr: stderr, line: -1}).run(stop, changed)
}

// Waits of the terminal player.
const (
	// terminalLatency is the terminal player's sound buffer: it has no
	// seeking to answer quickly, so a buffer longer than the window's
	// lets the device be topped up ten times a second rather than a
	// hundred, for less CPU; the lines are still printed as heard.
	terminalLatency = 300 * time.Millisecond
	// playWake is the longest the terminal player sleeps between lines,
	// to report damage found while decoding.
	playWake = time.Second
	// deviceWait is how long a device may be opening before the player
	// says it waits, and how long a lost one has to come back before the
	// player gives up.
	deviceWait = time.Second
	lostWait   = 2500 * time.Millisecond
	// drainWait bounds the wait for the last samples at the end.
	drainWait = 500 * time.Millisecond
)

// terminalPlay prints each transcript line as it is heard. It sleeps
// until the next line starts, the episode ends or the sound device
// changes, and at most playWake.
type terminalPlay struct {
	p              *player.Player
	tr             *tsync.Transcript
	quiet          bool
	stdout, stderr io.Writer

	line     int // the line printed last
	reported int // damage reports printed

	state   player.OutputState // as last told
	opening time.Time          // since when the device is opening
	waiting bool               // "waiting for the sound device" was said
	lostAt  time.Time          // when the device was lost
}

func (t *terminalPlay) run(stop <-chan os.Signal, changed <-chan struct{}) int {
	p := t.p
	t.opening = time.Now()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-stop:
			fmt.Fprintf(t.stderr, "\nreadalong: stopped at %s\n", player.FormatTime(p.Position()))
			return exitOK
		case <-timer.C:
		case <-changed:
		}
		if code, done := t.device(); done {
			return code
		}
		pos := p.Position()
		t.printLine(pos)
		if d := p.Damage(); len(d) > t.reported {
			for _, x := range d[t.reported:] {
				fmt.Fprintln(t.stderr, "readalong:", x)
			}
			t.reported = len(d)
		}
		if !p.Playing() && t.lostAt.IsZero() {
			if err := p.Err(); err != nil {
				fmt.Fprintln(t.stderr, "readalong:", err)
				return exitFailed
			}
			// The end was pulled; let the device play what it holds.
			for end := time.Now().Add(drainWait); p.Position() < p.Duration() && time.Now().Before(end); {
				time.Sleep(10 * time.Millisecond)
			}
			return exitOK
		}
		timer.Reset(t.sleep(pos))
	}
}

// sleep is how long to sleep from pos: until the next line starts or the
// episode ends (in wall time at the playing speed), until a device wait
// runs out, at most playWake.
func (t *terminalPlay) sleep(pos time.Duration) time.Duration {
	p := t.p
	wall := func(d time.Duration) time.Duration { return time.Duration(float64(d)/p.Speed()) + 2*time.Millisecond }
	next := playWake
	if t.tr != nil && !t.quiet {
		if i := t.tr.At(pos) + 1; i < len(t.tr.Segments) {
			next = min(next, wall(t.tr.Segments[i].Start-pos))
		}
	}
	if p.Playing() {
		next = min(next, wall(p.Duration()-pos))
	}
	switch {
	case !t.lostAt.IsZero():
		retry := t.lostAt.Add(lostWait / 2)
		if time.Now().After(retry) {
			retry = t.lostAt.Add(lostWait)
		}
		next = min(next, time.Until(retry))
	case t.state == player.OutputOpening && !t.waiting:
		next = min(next, time.Until(t.opening.Add(deviceWait)))
	}
	return max(next, time.Millisecond)
}

// printLine prints the line heard at pos if it is new.
func (t *terminalPlay) printLine(pos time.Duration) {
	i := t.tr.At(pos)
	if i == t.line || i < 0 || t.quiet {
		return
	}
	s := t.tr.Segments[i]
	who := ""
	if s.Speaker != "" {
		who = s.Speaker + ": "
	}
	fmt.Fprintf(t.stdout, "[%s] %s%s\n", player.FormatTime(s.Start), who, s.Text)
	t.line = i
}

// device says what became of the sound device. A lost device pauses the
// player; it resumes when the device is back within lostWait, and the
// player gives up (done) otherwise.
func (t *terminalPlay) device() (code int, done bool) {
	p := t.p
	s, err := p.Output()
	was := t.state
	t.state = s
	now := time.Now()
	switch s {
	case player.OutputOpening:
		if was != player.OutputOpening {
			t.opening = now
		}
		if !t.waiting && t.lostAt.IsZero() && now.Sub(t.opening) >= deviceWait {
			fmt.Fprintln(t.stderr, "readalong: waiting for the sound device…")
			t.waiting = true
		}
	case player.OutputSound:
		if !t.lostAt.IsZero() {
			fmt.Fprintln(t.stderr, "readalong: the sound device is back; playing on")
			t.lostAt = time.Time{}
			p.Play()
		} else if t.waiting || was == player.OutputSilent {
			fmt.Fprintln(t.stderr, "readalong: the sound device plays")
		}
		t.waiting = false
	case player.OutputSilent:
		if was != player.OutputSilent {
			fmt.Fprintf(t.stderr, "readalong: %v; playing silently, trying again every few seconds\n", err)
		}
		t.waiting = false
	case player.OutputLost:
		if t.lostAt.IsZero() {
			t.lostAt = now
			fmt.Fprintf(t.stderr, "readalong: %v; paused at %s\n", err, player.FormatTime(p.Position()))
		}
	}
	// A lost device is tried again (Opening meanwhile) until lostWait
	// has passed.
	if !t.lostAt.IsZero() && s != player.OutputSound {
		if now.Sub(t.lostAt) >= lostWait {
			fmt.Fprintf(t.stderr, "readalong: stopped at %s: the sound device did not come back\n", player.FormatTime(p.Position()))
			return exitFailed, true
		}
		if s == player.OutputLost && now.Sub(t.lostAt) >= lostWait/2 {
			p.RetryOutput()
		}
	}
	return 0, false
}

// openLinkToPlay opens a link for playing as it downloads: an audio file,
// or episode n of a feed (the newest when n is 0), with the transcript the
// feed names.
func openLinkToPlay(link string, n int, stderr io.Writer) (*stream.Episode, int) {
	ctx := context.Background()
	c := fetch.New(fetch.Options{})
	o, err := feed.Open(ctx, c, link)
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return nil, exitFailed
	}
	dir, err := fetch.DefaultCacheDir()
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return nil, exitFailed
	}
	cache, err := fetch.OpenCache(c, dir, 0)
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return nil, exitFailed
	}
	var f *feed.Feed
	e := feed.Episode{Enclosure: feed.Enclosure{URL: o.AudioURL}}
	if o.Kind == feed.KindFeed {
		f = o.Feed
		switch {
		case len(f.Episodes) == 0:
			fmt.Fprintf(stderr, "readalong: %s has no episodes\n", fetch.Redact(f.URL))
			return nil, exitFailed
		case n < 0 || n > len(f.Episodes):
			fmt.Fprintf(stderr, "readalong play: %s has episodes 1 to %d, not %d\n", fetch.Redact(f.URL), len(f.Episodes), n)
			return nil, exitUsage
		case n == 0:
			n = 1
		}
		e = f.Episodes[n-1]
	} else if n != 0 {
		fmt.Fprintf(stderr, "readalong play: %s is an episode, not a feed: --episode does not apply\n", fetch.Redact(o.AudioURL))
		return nil, exitUsage
	}
	ep, err := stream.Open(ctx, c, cache, f, e, stream.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return nil, exitFailed
	}
	return ep, exitOK
}
