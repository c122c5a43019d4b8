package sync

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Write writes t in format f with the writer of that format (WriteText,
// WriteSRT, WriteVTT, WriteJSON or WriteHTML). A nil transcript is written
// as an empty one.
func Write(w io.Writer, t *Transcript, f Format) error {
	if t == nil {
		t = &Transcript{}
	}
	switch f {
	case FormatText:
		return WriteText(w, t)
	case FormatSRT:
		return WriteSRT(w, t)
	case FormatWebVTT:
		return WriteVTT(w, t)
	case FormatJSON:
		return WriteJSON(w, t)
	case FormatHTML:
		return WriteHTML(w, t)
	}
	return fmt.Errorf("unknown transcript format %q", f)
}

// FormatFor returns the format to write a transcript in, from the
// extension of the file to write: .txt, .srt, .vtt, .json, or .html and
// .htm, in any case.
func FormatFor(path string) (Format, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".txt":
		return FormatText, nil
	case ".srt":
		return FormatSRT, nil
	case ".vtt":
		return FormatWebVTT, nil
	case ".json":
		return FormatJSON, nil
	case ".html", ".htm":
		return FormatHTML, nil
	case "":
		return "", fmt.Errorf("%s: no file extension to tell the transcript format by (want .txt, .srt, .vtt, .json or .html)", filepath.Base(path))
	default:
		return "", fmt.Errorf("%s: %s is not a transcript format (want .txt, .srt, .vtt, .json or .html)", filepath.Base(path), ext)
	}
}
