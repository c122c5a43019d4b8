package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"readalong/align"
	"readalong/clock"
	"readalong/player"
	"readalong/safefile"
	tsync "readalong/sync"
)

// cmdAlign finds where each line and word of a transcript is spoken and
// writes the transcript with those times.
func cmdAlign(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("align", flag.ContinueOnError)
	fs.SetOutput(stderr)
	force := fs.Bool("force", false, "replace output files that exist")
	from := fs.String("from", "", "align the lines from this time first (HH:MM:SS, MM:SS or seconds)")
	noCache := fs.Bool("no-cache", false, "align afresh even when a result is cached")
	var outs outputs
	fs.Var(&outs, "o", "output file: "+tsync.ExtensionList()+" (repeatable)")
	if err := fs.Parse(reorder(args)); err != nil {
		return exitUsage
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fmt.Fprint(stderr, "readalong align: give an episode, its transcript unless it lies beside it, and -o OUT\n"+usage)
		return exitUsage
	}
	// What to write is checked before anything is read.
	var formats []tsync.Format
	for _, o := range outs {
		f, err := tsync.FormatFor(o)
		if err != nil {
			fmt.Fprintln(stderr, "readalong align:", err)
			return exitUsage
		}
		formats = append(formats, f)
	}
	var start time.Duration
	if *from != "" {
		var err error
		if start, err = clock.Parse(*from); err != nil {
			fmt.Fprintf(stderr, "readalong align: --from: %v\n", err)
			return exitUsage
		}
	}
	if !*force {
		for _, o := range outs {
			if _, err := os.Lstat(o); err == nil {
				fmt.Fprintf(stderr, "readalong: %s exists; use --force to replace it\n", o)
				return exitExists
			}
		}
	}
	episode := fs.Arg(0)
	trPath := fs.Arg(1)
	if err := regularFile(episode); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	if trPath == "" {
		if trPath = tsync.FindBeside(episode); trPath == "" {
			fmt.Fprintf(stderr, "readalong: no transcript found beside %s; give one after the episode\n", episode)
			return exitFailed
		}
	}
	tr, err := tsync.ReadFile(trPath)
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	for _, w := range tr.Warnings {
		fmt.Fprintf(stderr, "readalong: %s: %s\n", trPath, w)
	}
	if err := align.Available(); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	res, err := alignCached(ctx, episode, tr, start, *noCache, stderr)
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "readalong: stopped; nothing was written")
		return exitFailed
	case err != nil:
		fmt.Fprintf(stderr, "readalong: %s with %s: %v\n", episode, trPath, err)
		return exitFailed
	}
	aligned := res.Apply(tr)
	for i, o := range outs {
		f := formats[i]
		if err := safefile.Write(o, *force, func(w io.Writer) error { return tsync.Write(w, aligned, f) }); err != nil {
			return writeFailed(err, stderr)
		}
		fmt.Fprintf(stdout, "%s: %d lines\n", o, aligned.Len())
	}
	fmt.Fprintf(stderr, "readalong: %s\n", res.Summary())
	for _, m := range res.Skipped {
		fmt.Fprintf(stderr, "readalong: not heard: line %d at %s: %q\n", m.Index+1, player.FormatTime(m.At), m.Text)
	}
	return exitOK
}

// alignCached aligns an episode with its transcript, or takes the result
// cached for the same episode and transcript; a fresh result is cached.
func alignCached(ctx context.Context, episode string, tr *tsync.Transcript, from time.Duration, fresh bool, stderr io.Writer) (*align.Result, error) {
	key, keyErr := align.KeyFile(episode, tr)
	if keyErr == nil && !fresh {
		if res, err := align.Load(key); err == nil {
			return res, nil
		}
	}
	src, err := player.OpenFile(episode)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	opt := align.Options{From: from}
	shown := false
	if isTerminal(stderr) {
		began := time.Now()
		opt.Progress = func(done, total time.Duration) {
			line := fmt.Sprintf("  aligned %s of %s", player.FormatTime(done), player.FormatTime(total))
			if el := time.Since(began); done > 0 && el > 2*time.Second {
				left := time.Duration(float64(el) * float64(total-done) / float64(done))
				line += "  " + clockText(left.Round(time.Second)) + " left"
			}
			fmt.Fprintf(stderr, "\r%-60s", line)
			shown = true
		}
	}
	res, err := align.Align(ctx, align.Stream(src, src.Format().SampleRate), tr, opt)
	if shown {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return nil, err
	}
	if keyErr == nil {
		if err := align.Save(key, res); err != nil {
			fmt.Fprintln(stderr, "readalong: warning: the alignment could not be cached:", err)
		}
	}
	return res, nil
}
