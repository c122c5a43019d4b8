package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"
	"time"

	"readalong/feed"
	"readalong/fetch"
)

// cmdFeed lists the episodes of a feed.
func cmdFeed(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("feed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(reorder(args)); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, "readalong feed: give a feed's URL (or a page naming one)\n"+usage)
		return exitUsage
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	f, code := openFeed(ctx, fs.Arg(0), stderr)
	if f == nil {
		return code
	}
	fmt.Fprintf(stdout, "%s\n%s, %d episodes\n\n", f.Title, f.URL, len(f.Episodes))
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tDATE\tDURATION\tTITLE\tTRANSCRIPTS")
	for i, e := range f.Episodes {
		date := "-"
		if !e.Published.IsZero() {
			date = e.Published.UTC().Format("2006-01-02")
		}
		dur := "-"
		if e.Duration > 0 {
			dur = clockText(e.Duration)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", i+1, date, dur, oneLine(e.Title), transcriptTypes(e, f.Language))
	}
	tw.Flush()
	return exitOK
}

// openFeed opens a link that must lead to a feed, reporting failures.
func openFeed(ctx context.Context, link string, stderr io.Writer) (*feed.Feed, int) {
	o, err := feed.Open(ctx, fetch.New(fetch.Options{}), link)
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return nil, exitFailed
	}
	if o.Kind != feed.KindFeed {
		fmt.Fprintf(stderr, "readalong: %s is an audio file, not a feed\n", fetch.Redact(o.AudioURL))
		return nil, exitFailed
	}
	for i, w := range o.Feed.Warnings {
		if i == 5 {
			fmt.Fprintf(stderr, "readalong: warning: and %d more\n", len(o.Feed.Warnings)-i)
			break
		}
		fmt.Fprintln(stderr, "readalong: warning:", w)
	}
	return o.Feed, exitOK
}

// transcriptTypes lists an episode's transcripts in the order Readalong
// prefers them, as "vtt json srt"; those in another language than the
// feed's carry it ("vtt:es").
func transcriptTypes(e feed.Episode, lang string) string {
	var out []string
	for _, t := range feed.Choose(e.Transcripts, lang, feed.UserLanguages()) {
		s := strings.TrimPrefix(t.Ext(), ".")
		if t.Format() == "" {
			s = "?"
		}
		if t.Language != "" && (lang == "" || !strings.EqualFold(primaryTag(t.Language), primaryTag(lang))) {
			s += ":" + t.Language
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return "-"
	}
	return strings.Join(out, " ")
}

func primaryTag(tag string) string {
	tag, _, _ = strings.Cut(tag, "-")
	return tag
}

// clockText writes d as m:ss or h:mm:ss.
func clockText(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// oneLine keeps a title on one line of a listing.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// isTerminal reports whether w is a terminal, where progress is shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// isCanceled reports whether err is the user's interrupt.
func isCanceled(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, fetch.ErrCanceled)
}
