// Package export writes a clip of an episode: the audio (an MP3 cut
// without re-encoding, or a WAV) and the matching part of the transcript
// in any format the transcript package writes, its times counted from the
// clip's start.
//
// It is the one export routine: `readalong clip` and the window's Export
// Clip dialog both describe what they want as a Clip and a list of
// Outputs, and Write makes the files, each through safefile so that a
// failed or canceled export leaves nothing behind and nothing is replaced
// unasked. Which outputs exist is said in one table (Kinds), so that the
// command line's help, its error messages and the dialog's choices cannot
// disagree.
package export

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"readalong/chapters"
	"readalong/player"
	"readalong/safefile"
	tsync "readalong/sync"
)

// Kind is what an output file holds.
type Kind int

// The kinds of output.
const (
	MP3        Kind = iota // the audio, cut exactly without re-encoding
	WAV                    // the audio, decoded
	Transcript             // the transcript excerpt, in Output.Format
	Chapters               // the chapters in the clip, as Podcasting 2.0 JSON chapters
)

// Output is one file an export writes.
type Output struct {
	Path   string
	Kind   Kind
	Format tsync.Format // for Transcript outputs
}

// Choice is one kind of file the export offers.
type Choice struct {
	Kind   Kind
	Format tsync.Format // for Transcript
	Ext    string       // the extension written, such as ".vtt"
	Label  string       // as the window lists it
}

// Choices lists every kind of file an export writes, audio first, then
// each transcript format.
func Choices() []Choice {
	out := []Choice{
		{Kind: MP3, Ext: ".mp3", Label: "MP3, cut exactly without re-encoding"},
		{Kind: WAV, Ext: ".wav", Label: "WAV"},
	}
	for _, fi := range tsync.Formats() {
		out = append(out, Choice{Kind: Transcript, Format: fi.Format, Ext: fi.Ext(), Label: fmt.Sprintf("%s (%s)", fi.Name, fi.Ext())})
	}
	return append(out, Choice{Kind: Chapters, Ext: chaptersExt, Label: "Chapters (" + chaptersExt + ")"})
}

// chaptersExt ends the name of a chapters output; any other .json is the
// transcript excerpt.
const chaptersExt = ".chapters.json"

// Types is the extensions an export writes, as a phrase for messages:
// ".mp3, .wav, .vtt, … or .txt".
func Types() string {
	var exts []string
	for _, c := range Choices() {
		exts = append(exts, c.Ext)
	}
	return strings.Join(exts[:len(exts)-1], ", ") + " or " + exts[len(exts)-1]
}

// OutputFor tells what a file named path would hold, from its extension.
func OutputFor(path string) (Output, error) {
	if strings.HasSuffix(strings.ToLower(path), chaptersExt) {
		return Output{Path: path, Kind: Chapters}, nil
	}
	ext := strings.ToLower(filepath.Ext(path))
	for _, c := range Choices() {
		if c.Ext == ext || c.Kind == Transcript && matchesFormat(ext, c.Format) {
			return Output{Path: path, Kind: c.Kind, Format: c.Format}, nil
		}
	}
	if ext == "" {
		return Output{}, fmt.Errorf("%s: no file extension to tell the output type by (a clip is written as %s)", path, Types())
	}
	return Output{}, fmt.Errorf("unsupported output type %s (a clip is written as %s)", ext, Types())
}

// matchesFormat reports whether ext is one of format f's extensions.
func matchesFormat(ext string, f tsync.Format) bool {
	fi, _ := tsync.Info(f)
	for _, e := range fi.Exts {
		if e == ext {
			return true
		}
	}
	return false
}

// Clip is what an export cuts: a range of an episode and the transcript
// that goes with it (nil when there is none).
type Clip struct {
	Media      player.Media
	Range      player.Range
	Transcript *tsync.Transcript
	// Duration is the episode's length: where its last line ends.
	Duration time.Duration
	// Fade fades a WAV in and out over this long.
	Fade time.Duration
	// Chapters are the episode's: those in the clip go into an MP3's tag
	// (cut to the clip, re-based to its start) and a chapters output.
	Chapters chapters.List
	// Title and Artist tag an MP3 clip: the episode's title and show.
	Title, Artist string
}

// NeedsTranscript reports whether any of outs is a transcript.
func NeedsTranscript(outs []Output) bool {
	for _, o := range outs {
		if o.Kind == Transcript {
			return true
		}
	}
	return false
}

// writeTag writes the ID3 tag an MP3 clip starts with: the episode's
// title and show, and the chapters within the clip; nothing when there
// is none of these.
func (c Clip) writeTag(w io.Writer) error {
	in := chapters.Clip(c.Chapters, c.Range.From, c.Range.To)
	if len(in) == 0 && c.Title == "" && c.Artist == "" {
		return nil
	}
	t := player.Tags{Title: c.Title, Artist: c.Artist}
	t.Chapters, t.TOCs = chapters.ToTags(in)
	tag, err := player.EncodeTags(t)
	if err != nil {
		return err
	}
	_, err = w.Write(tag)
	return err
}

// Write writes each output of the clip in turn, through a temporary file
// renamed when complete; without overwrite it never replaces a file
// (safefile.ErrExists). It returns the files written before any error.
// progress, when not nil, is told the fraction done.
func Write(ctx context.Context, c Clip, outs []Output, overwrite bool, progress func(float64)) ([]string, error) {
	var done []string
	steps := float64(len(outs))
	for i, o := range outs {
		step := func(d, n int) {
			if progress != nil && n > 0 {
				progress((float64(i) + float64(d)/float64(n)) / steps)
			}
		}
		var write func(io.Writer) error
		switch o.Kind {
		case MP3:
			write = func(w io.Writer) error {
				if err := c.writeTag(w); err != nil {
					return err
				}
				return player.ExportMP3(ctx, c.Media, c.Range, w, step)
			}
		case Chapters:
			in := chapters.Clip(c.Chapters, c.Range.From, c.Range.To)
			if len(in) == 0 {
				return done, fmt.Errorf("%s: the clip holds no chapters", o.Path)
			}
			write = func(w io.Writer) error { return chapters.WriteJSON(w, in) }
		case WAV:
			opt := player.WAVOptions{FadeIn: c.Fade, FadeOut: c.Fade}
			write = func(w io.Writer) error { return player.ExportWAV(ctx, c.Media, c.Range, opt, w, step) }
		case Transcript:
			if c.Transcript == nil {
				return done, fmt.Errorf("%s: there is no transcript to write", o.Path)
			}
			write = func(w io.Writer) error {
				return tsync.Write(w, c.Transcript.Excerpt(c.Range.From, c.Range.To, c.Duration), o.Format)
			}
		}
		if err := safefile.Write(o.Path, overwrite, write); err != nil {
			return done, err
		}
		done = append(done, o.Path)
	}
	if progress != nil {
		progress(1)
	}
	return done, nil
}
