package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"readalong/chapters"
	"readalong/player"
	"readalong/safefile"
)

// cmdChapters prints the chapters of an episode or a chapters file, or
// writes them as Podcasting 2.0 JSON chapters.
func cmdChapters(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chapters", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the chapters as Podcasting 2.0 JSON chapters (OUT.chapters.json)")
	force := fs.Bool("force", false, "replace the output file if it exists")
	if err := fs.Parse(reorder(args)); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, "readalong chapters: give one episode or chapters file\n"+usage)
		return exitUsage
	}
	if *out != "" && !strings.EqualFold(filepath.Ext(*out), ".json") {
		fmt.Fprintf(stderr, "readalong chapters: %s: chapters are written as JSON: name the output OUT.chapters.json\n", *out)
		return exitUsage
	}
	path := fs.Arg(0)
	if err := regularFile(path); err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	list, warns, err := loadChapters(path)
	for _, w := range warns {
		fmt.Fprintf(stderr, "readalong: %s\n", w)
	}
	if err != nil {
		fmt.Fprintln(stderr, "readalong:", err)
		return exitFailed
	}
	if *out == "" {
		for _, c := range list {
			line := chapters.Clock(c.Start) + "  " + c.Title
			if c.Hidden {
				line += "  (hidden)"
			}
			fmt.Fprintln(stdout, line)
		}
		return exitOK
	}
	if len(list) == 0 {
		fmt.Fprintf(stderr, "readalong: %s has no chapters: nothing written\n", path)
		return exitFailed
	}
	if err := safefile.Write(*out, *force, func(w io.Writer) error { return chapters.WriteJSON(w, list) }); err != nil {
		return writeFailed(err, stderr)
	}
	fmt.Fprintf(stdout, "%s: %d chapters\n", *out, len(list))
	return exitOK
}

// loadChapters reads a chapters file, or an episode's chapters from
// beside it and inside it, as the window finds them.
func loadChapters(path string) (chapters.List, []chapters.Warning, error) {
	if chapters.IsChaptersFile(path) {
		return chapters.ReadFile(path)
	}
	// An episode: its length ends the last chapter.
	in, err := player.Inspect(path, false)
	if err != nil {
		return nil, nil, err
	}
	return chapters.Find(path, in.Duration)
}

// episodeChapters lists an episode's chapters for info: the count and
// warnings as key: value lines, then one line a listed chapter.
func episodeChapters(w io.Writer, path string, in player.Info) {
	list, warns, err := chapters.Find(path, in.Duration)
	kv := func(k, format string, a ...any) { fmt.Fprintf(w, "%-14s %s\n", k+":", fmt.Sprintf(format, a...)) }
	if err != nil {
		kv("chapters", "unreadable: %v", err)
		return
	}
	listed := list.Listed()
	if len(listed) == 0 && len(warns) == 0 {
		return
	}
	kv("chapters", "%d", len(listed))
	for _, wn := range warns {
		kv("warning", "%s", wn)
	}
	fmt.Fprintln(w)
	for _, i := range listed {
		fmt.Fprintf(w, "%s  %s\n", chapters.Clock(list[i].Start), list[i].Title)
	}
}
