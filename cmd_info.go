package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"readalong/player"
	tsync "readalong/sync"
)

// cmdInfo prints what Readalong reads in an episode or a transcript.
func cmdInfo(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("info", flag.ContinueOnError)
	fs.SetOutput(stderr)
	check := fs.Bool("check", false, "decode the whole episode and list every damaged spot")
	if err := fs.Parse(reorder(args)); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, "readalong info: give one file\n"+usage)
		return exitUsage
	}
	path := fs.Arg(0)
	if err := regularFile(path); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	if isTranscript(path) {
		return transcriptInfo(path, stdout, stderr)
	}
	in, err := player.Inspect(path, *check)
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	printAudioInfo(stdout, path, in, *check)
	episodeChapters(stdout, path, in)
	if *check && (len(in.Damage) > 0 || in.Err != nil) {
		return exitDamaged
	}
	return exitOK
}

// reorder puts flags before the other arguments, so that "info FILE
// --check" works as well as "info --check FILE".
func reorder(args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = append(rest, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(a, "-") && len(a) > 1:
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && takesValue(a) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			rest = append(rest, a)
		}
	}
	return append(flags, rest...)
}

// takesValue reports whether a flag of ours is followed by a value.
func takesValue(flag string) bool {
	switch strings.TrimLeft(flag, "-") {
	case "from", "to", "speed", "volume", "o", "transcript", "fade", "episode":
		return true
	}
	return false
}

// isTranscript tells transcripts from audio by the file name.
func isTranscript(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range tsync.Extensions {
		if ext == e {
			return true
		}
	}
	return ext == ".html" || ext == ".htm"
}

func printAudioInfo(w io.Writer, path string, in player.Info, checked bool) {
	kv := func(k, format string, a ...any) { fmt.Fprintf(w, "%-14s %s\n", k+":", fmt.Sprintf(format, a...)) }
	kv("file", "%s", path)
	format := in.Format
	if in.Version != "" {
		format += " (" + in.Version + ")"
	}
	kv("format", "%s", format)
	kv("duration", "%s (%d samples)", player.FormatTime(in.Duration), in.Samples)
	kv("sample rate", "%d Hz", in.SampleRate)
	kv("channels", "%d", in.Channels)
	mode := "CBR"
	if in.VBR {
		mode = "VBR, average"
	}
	if in.Format != "MP3" {
		mode = "average"
	}
	kv("bitrate", "%d kbit/s (%s)", in.Bitrate, mode)
	if in.Format == "MP3" {
		kv("frames", "%d", in.Frames)
		tag := in.Tag
		if tag == "" {
			tag = "none"
		}
		if in.Encoder != "" {
			tag += ", " + in.Encoder
		}
		kv("tag", "%s", tag)
		kv("encoder delay", "%d samples", in.EncoderDelay)
		kv("padding", "%d samples", in.Padding)
	}
	if in.Warning != "" {
		kv("warning", "%s", in.Warning)
	}
	if checked || len(in.Damage) > 0 {
		kv("damage", "%d spots", len(in.Damage))
		for _, d := range in.Damage {
			fmt.Fprintf(w, "  %s\n", d)
		}
	}
	if in.Err != nil {
		kv("error", "%v", in.Err)
	}
}

func transcriptInfo(path string, stdout, stderr io.Writer) int {
	tr, err := tsync.ReadFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	kv := func(k, format string, a ...any) { fmt.Fprintf(stdout, "%-14s %s\n", k+":", fmt.Sprintf(format, a...)) }
	kv("file", "%s", path)
	kv("segments", "%d", tr.Len())
	var end time.Duration
	for i, s := range tr.Segments {
		end = max(end, tr.EndOf(i, s.Start))
	}
	kv("speakers", "%s", strings.Join(tr.Speakers(), ", "))
	kv("duration", "%s", player.FormatTime(end))
	for _, w := range tr.Warnings {
		kv("warning", "%s", w)
	}
	fmt.Fprintln(stdout)
	for _, s := range tr.Segments {
		who := ""
		if s.Speaker != "" {
			who = s.Speaker + ": "
		}
		fmt.Fprintf(stdout, "%s  %s%s\n", player.FormatTime(s.Start), who, s.Text)
	}
	return exitOK
}
