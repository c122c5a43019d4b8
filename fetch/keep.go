package fetch

import (
	"readalong/safefile"

	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Size bounds on what a feed links to. A feed is untrusted input: its
// links may lead to anything.
const (
	MaxFeed       = 64 << 20 // a feed (some run to thousands of episodes)
	MaxPage       = 4 << 20  // a web page searched for its feed
	MaxTranscript = 32 << 20 // a transcript (word-timed JSON of hours runs large)
	MaxChapters   = 4 << 20  // a chapters file
)

// ErrExists says a file is in the way and replacing it was not asked for
// (safefile's, which writes every file kept).
var ErrExists = safefile.ErrExists

// Companion is a file kept beside an episode: fetched from URL or given
// as Data, saved with the episode's name and Ext (".vtt",
// ".chapters.json").
type Companion struct {
	URL  string
	Data []byte
	Ext  string
}

// Keep says what KeepOffline saves, and where.
type Keep struct {
	Dir  string // the user's folder
	Name string // the episode's title, made safe with SafeName
	Ext  string // the audio's extension, ".mp3" when empty

	// The audio: a download (from the Cache), copied once complete, or
	// a URL downloaded straight into Dir; there a hidden ".part" file and
	// its range map stay until done, so an interrupted keep resumes.
	Audio    *Download
	AudioURL string

	// Transcripts and Chapters are tried in order; the first that can be
	// fetched is kept.
	Transcripts []Companion
	Chapters    []Companion

	Overwrite  bool
	OnProgress func(Progress) // the audio download's progress
}

// Kept is what KeepOffline wrote.
type Kept struct {
	Audio, Transcript, Chapters string // paths; "" for none
	// Problems are companions that could not be fetched (a transcript
	// answering 404, say); the episode was kept without them.
	Problems []error
}

// KeepOffline saves an episode with its transcript and chapters into
// k.Dir, named so that opening the audio pairs them: Name.mp3, Name.vtt
// (or .json, .srt, …), Name.chapters.json. Every file is written to a
// temporary file in Dir and renamed. Without k.Overwrite, an existing
// file fails the whole keep with an error wrapping ErrExists before
// anything is downloaded, and a file appearing meanwhile is never
// replaced.
func (c *Client) KeepOffline(ctx context.Context, k Keep) (*Kept, error) {
	if k.Ext == "" {
		k.Ext = ".mp3"
	}
	name := SafeName(k.Name)
	ext := safeExt(k.Ext)
	audioPath := filepath.Join(k.Dir, name+ext)
	var targets []string
	targets = append(targets, audioPath)
	for _, cs := range [][]Companion{k.Transcripts, k.Chapters} {
		for _, x := range cs {
			targets = append(targets, filepath.Join(k.Dir, name+safeExt(x.Ext)))
		}
	}
	if !k.Overwrite {
		for _, t := range targets {
			if _, err := os.Lstat(t); err == nil {
				return nil, fmt.Errorf("%s: %w", t, ErrExists)
			}
		}
	}
	if st, err := os.Stat(k.Dir); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", k.Dir)
	}
	out := &Kept{}
	// The small files first, into memory: a missing transcript is a
	// problem to report, not a reason to fail.
	tr, trExt, probs := c.firstCompanion(ctx, k.Transcripts, MaxTranscript, "transcript")
	out.Problems = append(out.Problems, probs...)
	ch, chExt, probs := c.firstCompanion(ctx, k.Chapters, MaxChapters, "chapters")
	out.Problems = append(out.Problems, probs...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The audio.
	switch {
	case k.Audio != nil:
		if err := waitDone(ctx, k.Audio); err != nil {
			return nil, err
		}
		src, err := os.Open(k.Audio.Path())
		if err != nil {
			return nil, err
		}
		err = safefile.Write(audioPath, k.Overwrite, func(w io.Writer) error {
			_, err := io.Copy(w, src)
			return err
		})
		src.Close()
		if err != nil {
			return nil, err
		}
	case k.AudioURL != "":
		part := filepath.Join(k.Dir, "."+name+ext+".part")
		d, err := c.Download(ctx, k.AudioURL, part, DownloadOptions{OnProgress: k.OnProgress})
		if err != nil {
			return nil, err
		}
		err = waitDone(ctx, d)
		d.Close()
		if err != nil {
			return nil, err
		}
		if err := safefile.Place(part, audioPath, k.Overwrite); err != nil {
			return nil, err
		}
		os.Remove(part + rangesExt)
	default:
		return nil, errors.New("nothing to keep: no audio given")
	}
	out.Audio = audioPath
	for _, f := range []struct {
		data []byte
		ext  string
		dst  *string
	}{{tr, trExt, &out.Transcript}, {ch, chExt, &out.Chapters}} {
		if f.data == nil {
			continue
		}
		p := filepath.Join(k.Dir, name+safeExt(f.ext))
		if err := safefile.Write(p, k.Overwrite, func(w io.Writer) error {
			_, err := w.Write(f.data)
			return err
		}); err != nil {
			return out, err
		}
		*f.dst = p
	}
	return out, nil
}

// firstCompanion returns the first companion that can be had, with its
// extension, and the failures before it.
func (c *Client) firstCompanion(ctx context.Context, cs []Companion, max int64, what string) ([]byte, string, []error) {
	var probs []error
	for _, x := range cs {
		if x.Data != nil {
			return x.Data, x.Ext, probs
		}
		_, data, err := c.Fetch(ctx, Request{URL: x.URL, Max: max, What: what})
		if err != nil {
			probs = append(probs, err)
			continue
		}
		return data, x.Ext, probs
	}
	return nil, "", probs
}

// waitDone waits for a download to complete.
func waitDone(ctx context.Context, d *Download) error {
	select {
	case <-d.Done():
		return d.Err()
	case <-ctx.Done():
		return ctx.Err()
	}
}

// maxName bounds a kept file's name, in bytes, before its extension.
const maxName = 150

// SafeName makes an episode title into a file name: no path separators,
// no characters file systems refuse (<>:"/\|?* and control characters),
// no leading dot or dash, no name Windows reserves, at most 150 bytes.
// An empty result becomes "episode".
func SafeName(title string) string {
	var b strings.Builder
	for _, r := range title {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), r == '\u2028', r == '\u2029':
			b.WriteRune(' ')
		case r == '/' || r == '\\' || r == '|':
			b.WriteString(" - ")
		case r == ':':
			b.WriteString(" -")
		case r == '"':
			b.WriteRune('\'')
		case r == '<' || r == '>' || r == '?' || r == '*':
		default:
			b.WriteRune(r)
		}
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	s = strings.Trim(s, ". -")
	for len(s) > maxName {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	s = strings.TrimRight(s, ". ")
	if s == "" {
		return "episode"
	}
	up := strings.ToUpper(s)
	if base, _, _ := strings.Cut(up, "."); reserved[base] {
		s += "_"
	}
	return s
}

var reserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true}

// safeExt keeps an extension to letters, digits and dots, starting with
// a dot.
func safeExt(ext string) string {
	var b strings.Builder
	for _, r := range ext {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.') {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	s := strings.Trim(b.String(), ".")
	if s == "" {
		return ""
	}
	return "." + s
}
