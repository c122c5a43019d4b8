package sync

import (
	"readalong/clock"

	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// maxFile bounds the size of a transcript file Readalong reads (256 MiB).
const maxFile = 256 << 20

// detectLen is how much of a file Detect looks at.
const detectLen = 8 << 10

// Detect guesses the format of a transcript from its first bytes, falling
// back on the file name's extension, and on the text format.
func Detect(head []byte, name string) Format {
	if len(head) > detectLen {
		head = head[:detectLen]
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	for _, fi := range formats {
		if fi.sniff(h) {
			return fi.Format
		}
	}
	if f, ok := byExt(name); ok {
		return f
	}
	return FormatText
}

// sniffVTT reports whether b starts with the WebVTT signature.
func sniffVTT(b []byte) bool { return bytes.HasPrefix(b, []byte("WEBVTT")) }

// sniffJSON reports whether b starts like a JSON object.
func sniffJSON(b []byte) bool { return bytes.HasPrefix(b, []byte("{")) }

// htmlSigns are the tags, in lower case, whose presence in a file that
// starts with a tag makes it HTML.
var htmlSigns = [][]byte{[]byte("<html"), []byte("<!doctype html"), []byte("<body"), []byte("<cite"), []byte("<time"), []byte("<p>"), []byte("<p ")}

// looksLikeHTML reports whether b starts with a tag and holds one of the
// tags of an HTML transcript.
func looksLikeHTML(b []byte) bool {
	if len(b) == 0 || b[0] != '<' {
		return false
	}
	l := bytes.ToLower(b)
	for _, sign := range htmlSigns {
		if bytes.Contains(l, sign) {
			return true
		}
	}
	return false
}

// looksLikeSRT reports whether b starts like a SubRip file: a cue number
// line followed by a time line with "-->", or a time line at once.
func looksLikeSRT(b []byte) bool {
	for i := 0; i < 2 && len(b) > 0; i++ {
		line := b
		if k := bytes.IndexByte(b, '\n'); k >= 0 {
			line, b = b[:k], b[k+1:]
		} else {
			b = nil
		}
		l := strings.TrimSpace(string(line))
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
	if k := bytes.IndexByte(b, '\n'); k >= 0 {
		b = b[:k]
	}
	line := string(b)
	stamp, rest := splitFirstField(strings.TrimSpace(line))
	if rest == "" || !looksLikeStamp(stamp) || strings.Contains(line, "-->") {
		return false
	}
	_, err := clock.ParseStamp(strings.TrimSuffix(strings.TrimPrefix(stamp, "["), "]"))
	return err == nil
}

// Parse reads a transcript of the given format. name is used in error
// messages only.
//
// Like the parsers of each format, it reads UTF-8, UTF-16 with a byte
// order mark, and Windows-1252 (with a warning), and rejects other text
// with a *ParseError naming the line. The transcript's Warnings say what
// was found wrong but read anyway: segments out of order in the source
// (sorted by start), segments starting before the one above them ends,
// and, in the cue formats (SubRip, WebVTT, JSON), cues repeating start,
// end, speaker and text (dropped).
func Parse(r io.Reader, f Format, name string) (*Transcript, error) {
	fi, ok := Info(f)
	if !ok {
		return nil, fmt.Errorf("%s: unknown transcript format %q", name, f)
	}
	t, err := parseReader(r, fi.parse)
	if err != nil {
		return nil, withFile(err, name)
	}
	return t, nil
}

// parseReader reads all of r, decodes it (see decodeText) and parses it
// with p.
func parseReader(r io.Reader, p func(string) (*Transcript, error)) (*Transcript, error) {
	s, err := readInput(r)
	if err != nil {
		return nil, err
	}
	s, warn, err := decodeText(s)
	if err != nil {
		return nil, err
	}
	return parseDecoded(s, warn, p)
}

// parseDecoded parses decoded text, putting the decoding warning, if any,
// first.
func parseDecoded(s string, warn *Warning, p func(string) (*Transcript, error)) (*Transcript, error) {
	t, err := p(s)
	if err != nil {
		return nil, err
	}
	if warn != nil {
		t.Warnings = append([]Warning{*warn}, t.Warnings...)
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
	s, warn, err := decodeText(string(data))
	if err != nil {
		return nil, withFile(err, name)
	}
	fi, _ := Info(Detect([]byte(s[:min(len(s), detectLen)]), name))
	t, err := parseDecoded(s, warn, fi.parse)
	if err != nil {
		return nil, withFile(err, name)
	}
	return t, nil
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
	// The same name first, then the suffixes shows add: ".transcript",
	// "-transcript", "_transcript", and a language code (".en",
	// "-en-US", "_de").
	suffixes := []string{"", ".transcript", "-transcript", "_transcript"}
	for _, suf := range suffixes {
		for _, ext := range Extensions {
			for _, e := range []string{ext, strings.ToUpper(ext)} {
				p := base + suf + e
				if p == media {
					continue
				}
				if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && !holdsChapters(p) {
					return p
				}
			}
		}
	}
	dir, name := filepath.Split(base)
	entries, err := os.ReadDir(filepath.Clean(dir + "."))
	if err != nil {
		return ""
	}
	for _, ext := range Extensions {
		for _, e := range entries {
			f := e.Name()
			if !e.Type().IsRegular() || !strings.EqualFold(filepath.Ext(f), ext) || !strings.HasPrefix(f, name) {
				continue
			}
			rest := strings.TrimSuffix(f[len(name):], filepath.Ext(f))
			if p := filepath.Join(dir, f); isLangSuffix(rest) && !holdsChapters(p) {
				return p
			}
		}
	}
	return ""
}

// holdsChapters reports whether the file at path is a Podcasting 2.0
// chapters file (a JSON object with chapters and no segments), which
// lies beside an episode as episode.json too, but is no transcript.
func holdsChapters(path string) bool {
	if !strings.EqualFold(filepath.Ext(path), ".json") {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, detectLen)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	return bytes.Contains(head, []byte(`"chapters"`)) && !bytes.Contains(head, []byte(`"segments"`))
}

// isLangSuffix reports whether s is a separator and a language code:
// ".en", "-en-US", "_pt_BR", ".deu".
func isLangSuffix(s string) bool {
	if len(s) < 3 || !strings.ContainsRune(".-_", rune(s[0])) {
		return false
	}
	parts := strings.FieldsFunc(s[1:], func(r rune) bool { return r == '-' || r == '_' })
	if len(parts) == 0 || len(parts) > 2 {
		return false
	}
	for i, p := range parts {
		if len(p) < 2 || len(p) > 3 || (i == 1 && len(p) != 2) {
			return false
		}
		for _, r := range p {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return false
			}
		}
	}
	return true
}
