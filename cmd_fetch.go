package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime"
	"net/url"
	"os"
	"os/signal"
	"path"
	"strings"
	"time"

	"readalong/feed"
	"readalong/fetch"
)

// cmdFetch downloads an episode with its transcript and chapters into a
// folder, named so that Readalong pairs them.
func cmdFetch(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	episode := fs.Int("episode", 0, "the episode to fetch, numbered as readalong feed lists them (1 is the newest)")
	latest := fs.Bool("latest", false, "fetch the newest episode")
	dir := fs.String("o", "", "the folder to save into")
	force := fs.Bool("force", false, "replace files that exist")
	if err := fs.Parse(reorder(args)); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 || *dir == "" {
		fmt.Fprint(stderr, "readalong fetch: give a feed's or an episode's URL and -o FOLDER\n"+usage)
		return exitUsage
	}
	if *latest && *episode != 0 {
		fmt.Fprintln(stderr, "readalong fetch: give --episode N or --latest, not both")
		return exitUsage
	}
	if *latest {
		*episode = 1
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	c := fetch.New(fetch.Options{})
	o, err := feed.Open(ctx, c, fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	k := fetch.Keep{Dir: *dir, Overwrite: *force}
	if o.Kind == feed.KindAudio {
		if *episode != 0 {
			fmt.Fprintf(stderr, "readalong fetch: %s is an episode, not a feed: --episode and --latest do not apply\n", fetch.Redact(o.AudioURL))
			return exitUsage
		}
		k.AudioURL, k.Name, k.Ext = o.AudioURL, urlName(o.AudioURL), audioExt(o.AudioURL, o.AudioType)
	} else {
		f := o.Feed
		if *episode == 0 {
			fmt.Fprintf(stderr, "readalong fetch: %s has %d episodes: give --episode N (see readalong feed) or --latest\n", fetch.Redact(f.URL), len(f.Episodes))
			return exitUsage
		}
		if *episode < 1 || *episode > len(f.Episodes) {
			fmt.Fprintf(stderr, "readalong fetch: %s has episodes 1 to %d, not %d\n", fetch.Redact(f.URL), len(f.Episodes), *episode)
			return exitUsage
		}
		e := f.Episodes[*episode-1]
		k.AudioURL, k.Name, k.Ext = e.Enclosure.URL, e.Title, audioExt(e.Enclosure.URL, e.Enclosure.Type)
		for _, t := range feed.Choose(e.Transcripts, f.Language, feed.UserLanguages()) {
			if t.Format() != "" {
				k.Transcripts = append(k.Transcripts, fetch.Companion{URL: t.URL, Ext: t.Ext()})
			}
		}
		if e.Chapters != nil {
			k.Chapters = append(k.Chapters, fetch.Companion{URL: e.Chapters.URL, Ext: ".chapters.json"})
		}
		if len(e.PSCChapters) > 0 {
			k.Chapters = append(k.Chapters, fetch.Companion{Data: feed.PSCJSON(e.PSCChapters), Ext: ".chapters.json"})
		}
	}
	var bar *progressBar
	if isTerminal(stderr) {
		bar = &progressBar{w: stderr}
		k.OnProgress = bar.show
	}
	kept, err := c.KeepOffline(ctx, k)
	bar.done()
	switch {
	case errors.Is(err, fetch.ErrExists):
		fmt.Fprintf(stderr, "readalong: %v; use --force to replace it\n", err)
		return exitExists
	case isCanceled(err):
		fmt.Fprintln(stderr, "readalong: stopped; the same command resumes the download")
		return exitFailed
	case err != nil:
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	for _, p := range kept.Problems {
		fmt.Fprintln(stderr, "readalong: warning:", p)
	}
	for _, p := range []string{kept.Audio, kept.Transcript, kept.Chapters} {
		if p != "" {
			fmt.Fprintln(stdout, p)
		}
	}
	return exitOK
}

// urlName is the name of the file a URL points to, without extension.
func urlName(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	base := path.Base(u.Path)
	return strings.TrimSuffix(base, path.Ext(base))
}

// audioExt is the extension an episode is saved with: its URL's, when
// that is an audio extension, else its type's, else ".mp3".
func audioExt(rawURL, typ string) string {
	if u, err := url.Parse(rawURL); err == nil {
		switch ext := strings.ToLower(path.Ext(u.Path)); ext {
		case ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wav":
			return ext
		}
	}
	mt, _, _ := mime.ParseMediaType(typ)
	switch strings.ToLower(mt) {
	case "audio/mp4", "audio/x-m4a", "audio/m4a":
		return ".m4a"
	case "audio/ogg":
		return ".ogg"
	case "audio/opus":
		return ".opus"
	case "audio/flac", "audio/x-flac":
		return ".flac"
	case "audio/wav", "audio/x-wav", "audio/wave":
		return ".wav"
	}
	return ".mp3"
}

// progressBar writes a download's progress on one terminal line.
type progressBar struct {
	w     io.Writer
	shown bool
}

func (b *progressBar) show(p fetch.Progress) {
	line := fmt.Sprintf("  %s", mb(p.Have))
	if p.Size >= 0 {
		line += " of " + mb(p.Size)
	}
	if p.Rate > 0 {
		line += fmt.Sprintf("  %s/s", mb(int64(p.Rate)))
	}
	if p.Left > 0 {
		line += "  " + clockText(p.Left.Round(time.Second)) + " left"
	}
	fmt.Fprintf(b.w, "\r%-60s", line)
	b.shown = true
}

func (b *progressBar) done() {
	if b != nil && b.shown {
		fmt.Fprintln(b.w)
	}
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
