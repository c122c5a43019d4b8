package sync

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Format names a transcript file format.
type Format string

// The transcript formats Readalong reads and writes.
const (
	FormatText   Format = "text" // the podcast text format (HH:MM:SS Speaker: text)
	FormatSRT    Format = "srt"  // SubRip
	FormatWebVTT Format = "vtt"  // WebVTT
	FormatJSON   Format = "json" // Podcasting 2.0 JSON
	FormatHTML   Format = "html" // Podcasting 2.0 HTML
)

// FormatInfo describes one transcript format: what it is called, the file
// extensions and MIME types it goes by, and its parser and writer. The
// table of them, Formats, is the one place every caller learns formats
// from: detection, ReadFile, Write, the command line and the window.
type FormatInfo struct {
	Format Format
	// Name is what the format is called in menus and messages.
	Name string
	// Exts are the file extensions, lower case with the dot, the one
	// written first.
	Exts []string
	// MIME lists the media types the format is published under, the
	// registered one first, then the aliases feeds use.
	MIME []string

	// sniff reports whether a file's first bytes (decoded, without a
	// byte order mark or leading white space) are in this format.
	sniff func(head []byte) bool
	parse func(string) (*Transcript, error)
	write func(io.Writer, *Transcript) error
}

// Ext is the extension a file of the format is written with, such as
// ".vtt".
func (f FormatInfo) Ext() string { return f.Exts[0] }

// formats is the table, in the order Detect tries the formats' content
// (the stricter signatures first) and FindBeside tries extensions.
var formats = []FormatInfo{
	{FormatWebVTT, "WebVTT", []string{".vtt"}, []string{"text/vtt"}, sniffVTT, parseVTT, WriteVTT},
	{FormatJSON, "Podcasting 2.0 JSON", []string{".json"}, []string{"application/json"}, sniffJSON, parseJSON, WriteJSON},
	{FormatHTML, "HTML", []string{".html", ".htm"}, []string{"text/html"}, looksLikeHTML, parseHTML, WriteHTML},
	{FormatSRT, "SubRip", []string{".srt"}, []string{"application/x-subrip", "application/srt", "application/srr", "text/srt"}, looksLikeSRT, parseSRT, WriteSRT},
	{FormatText, "Text", []string{".txt"}, []string{"text/plain"}, looksLikeText, parseText, WriteText},
}

// Formats lists every transcript format Readalong reads and writes, in
// the order menus and messages list them (text, SubRip, WebVTT, JSON,
// HTML).
func Formats() []FormatInfo {
	var out []FormatInfo
	for _, f := range byPreference {
		fi, _ := Info(f)
		out = append(out, fi)
	}
	return out
}

// Info returns the table entry of format f.
func Info(f Format) (FormatInfo, bool) {
	for _, fi := range formats {
		if fi.Format == f {
			return fi, true
		}
	}
	return FormatInfo{}, false
}

// ByMIME returns the format published under a media type such as
// "text/vtt" or "application/x-subrip; charset=utf-8" (parameters and
// case ignored).
func ByMIME(mime string) (Format, bool) {
	m, _, _ := strings.Cut(mime, ";")
	m = strings.ToLower(strings.TrimSpace(m))
	for _, fi := range formats {
		for _, x := range fi.MIME {
			if x == m {
				return fi.Format, true
			}
		}
	}
	return "", false
}

// byExt returns the format of a file name's extension.
func byExt(name string) (Format, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	for _, fi := range formats {
		for _, e := range fi.Exts {
			if e == ext {
				return fi.Format, true
			}
		}
	}
	return "", false
}

// byPreference is the formats in the order FindBeside tries their
// extensions and messages list them.
var byPreference = []Format{FormatText, FormatSRT, FormatWebVTT, FormatJSON, FormatHTML}

// Extensions lists the file extensions of transcripts, lower case, in
// the order FindBeside tries them.
var Extensions = func() []string {
	var out []string
	for _, f := range byPreference {
		info, _ := Info(f)
		out = append(out, info.Exts...)
	}
	return out
}()

// ExtensionList is the extensions files are written with, as a phrase
// for messages: ".txt, .srt, .vtt, .json or .html".
func ExtensionList() string {
	var exts []string
	for _, fi := range Formats() {
		exts = append(exts, fi.Ext())
	}
	return phrase(exts)
}

// phrase joins words as "a, b or c".
func phrase(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// Write writes t in format f with the writer of that format. A nil
// transcript is written as an empty one.
func Write(w io.Writer, t *Transcript, f Format) error {
	if t == nil {
		t = &Transcript{}
	}
	fi, ok := Info(f)
	if !ok {
		return fmt.Errorf("unknown transcript format %q", f)
	}
	return fi.write(w, t)
}

// FormatFor returns the format to write a transcript in, from the
// extension of the file to write (.txt, .srt, .vtt, .json, .html or .htm,
// in any case).
func FormatFor(path string) (Format, error) {
	if f, ok := byExt(path); ok {
		return f, nil
	}
	ext := filepath.Ext(path)
	if ext == "" {
		return "", fmt.Errorf("%s: no file extension to tell the transcript format by (want %s)", filepath.Base(path), ExtensionList())
	}
	return "", fmt.Errorf("%s: %s is not a transcript format (want %s)", filepath.Base(path), ext, ExtensionList())
}
