package sync

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Format names a transcript file format.
type Format string

// The transcript formats Readalong reads.
const (
	FormatText   Format = "text" // the podcast text format (HH:MM:SS Speaker: text)
	FormatSRT    Format = "srt"  // SubRip
	FormatWebVTT Format = "vtt"  // WebVTT
	FormatJSON   Format = "json" // Podcasting 2.0 JSON
)

// Extensions lists the file extensions of transcripts, in the order
// FindBeside tries them.
var Extensions = []string{".txt", ".srt", ".vtt", ".json"}

// maxFile bounds the size of a transcript file Readalong reads (256 MiB).
const maxFile = 256 << 20

// Detect guesses the format of a transcript from its first bytes, falling
// back on the file name's extension.
func Detect(head []byte, name string) Format {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	switch {
	case bytes.HasPrefix(h, []byte("WEBVTT")):
		return FormatWebVTT
	case bytes.HasPrefix(h, []byte("{")):
		return FormatJSON
	case looksLikeSRT(h):
		return FormatSRT
	case looksLikeText(h):
		return FormatText
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".vtt":
		return FormatWebVTT
	case ".srt":
		return FormatSRT
	case ".json":
		return FormatJSON
	}
	return FormatText
}

// looksLikeSRT reports whether b starts like a SubRip file: a cue number
// line followed by a time line with "-->", or a time line at once.
func looksLikeSRT(b []byte) bool {
	lines := strings.SplitN(string(b), "\n", 3)
	for i, l := range lines {
		if i == 2 {
			break
		}
		l = strings.TrimSpace(l)
		if strings.Contains(l, "-->") {
			return true
		}
		if !allDigits(l) || l == "" {
			return false
		}
	}
	return false
}

// looksLikeText reports whether b's first line is a podcast text segment:
// a clock time, a space and text.
func looksLikeText(b []byte) bool {
	line, _, _ := strings.Cut(string(b), "\n")
	stamp, rest := splitFirstField(strings.TrimSpace(line))
	if rest == "" || !looksLikeStamp(stamp) || strings.Contains(line, "-->") {
		return false
	}
	_, err := parseClock(strings.TrimSuffix(strings.TrimPrefix(stamp, "["), "]"))
	return err == nil
}

// Parse reads a transcript of the given format. name is used in error
// messages only.
func Parse(r io.Reader, f Format, name string) (*Transcript, error) {
	var t *Transcript
	var err error
	switch f {
	case FormatText:
		t, err = ParseText(r)
	case FormatSRT:
		t, err = ParseSRT(r)
	case FormatWebVTT:
		t, err = ParseVTT(r)
	case FormatJSON:
		t, err = ParseJSON(r)
	default:
		return nil, fmt.Errorf("%s: unknown transcript format %q", name, f)
	}
	if err != nil {
		return nil, withFile(err, name)
	}
	return t, nil
}

// ReadFile reads a transcript file of any supported format, detected from
// its content first and its extension second. Errors name the file.
func ReadFile(path string) (*Transcript, error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	return Parse(bytes.NewReader(data), Detect(data, name), name)
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > maxFile {
		return nil, fmt.Errorf("%s: larger than %d MiB; not a transcript", path, maxFile>>20)
	}
	return data, nil
}

// FindBeside returns the transcript that belongs to a media file: a file in
// the same folder with the same base name and a transcript extension
// (episode.mp3 → episode.txt, episode.srt, …). It returns "" when there is
// none.
func FindBeside(media string) string {
	base := strings.TrimSuffix(media, filepath.Ext(media))
	for _, ext := range Extensions {
		for _, e := range []string{ext, strings.ToUpper(ext)} {
			p := base + e
			if p == media {
				continue
			}
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p
			}
		}
	}
	return ""
}
