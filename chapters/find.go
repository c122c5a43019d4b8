package chapters

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"readalong/player"
)

// Find returns an episode's chapters from every source Readalong knows,
// merged (see Merge): a chapters file beside it (episode.chapters.json, or
// episode.json when that holds chapters rather than a transcript), the
// sources a feed gave (feed), and the chapters embedded in the audio.
// duration is the episode's length, 0 when not known. The error is for an
// episode that cannot be read; a source that cannot be read is a warning,
// the others used. Embedded images are not read, only referred to.
func Find(episode string, duration time.Duration, feed ...Source) (List, []Warning, error) {
	var warns []Warning
	sources := append([]Source(nil), feed...)
	if p := BesideFile(episode); p != "" {
		l, ws, err := ReadFile(p)
		if err != nil {
			warns = append(warns, asWarning(err, filepath.Base(p)))
		} else {
			warns = append(warns, ws...)
			sources = append(sources, Source{Kind: Beside, Name: filepath.Base(p), Chapters: l})
		}
	}
	l, ws, err := ReadEmbedded(episode)
	if err != nil {
		return nil, warns, err
	}
	warns = append(warns, ws...)
	sources = append(sources, Source{Kind: Embedded, Name: filepath.Base(episode), Chapters: l})
	list, ws := Merge(duration, sources...)
	return list, append(warns, ws...), nil
}

// asWarning turns the error of a source that could not be read into a
// warning.
func asWarning(err error, file string) Warning {
	var pe *ParseError
	if errors.As(err, &pe) {
		return Warning{File: pe.File, Line: pe.Line, Element: pe.Element, Msg: pe.Err.Error() + ": ignored"}
	}
	return Warning{File: file, Msg: err.Error() + ": ignored"}
}

// BesideFile returns the chapters file that belongs to an episode:
// episode.chapters.json, else episode.json when it holds chapters rather
// than a transcript; "" when there is none.
func BesideFile(episode string) string {
	base := strings.TrimSuffix(episode, filepath.Ext(episode))
	for _, p := range []string{base + ".chapters.json", base + ".chapters.JSON", base + ".json", base + ".JSON"} {
		if p == episode {
			continue
		}
		st, err := os.Stat(p)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		if strings.HasSuffix(strings.ToLower(p), ".chapters.json") {
			return p
		}
		if st.Size() <= maxFile {
			if data, err := os.ReadFile(p); err == nil && IsJSON(data) {
				return p
			}
		}
	}
	return ""
}

// ReadFile reads the chapters of one file: Podcasting 2.0 JSON chapters,
// Podlove Simple Chapters (XML), or an episode with chapters embedded
// (ID3v2, FLAC, Ogg), told apart by content. Ends are set as Merge sets
// them, the episode's length unknown.
func ReadFile(path string) (List, []Warning, error) {
	name := filepath.Base(path)
	kind, err := sniff(path)
	if err != nil {
		return nil, nil, err
	}
	var l List
	var ws []Warning
	switch kind {
	case "json", "xml":
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		defer f.Close()
		if kind == "json" {
			l, ws, err = ParseJSON(f, name)
		} else {
			l, ws, err = ParsePSC(f, name)
		}
		if err != nil {
			return nil, nil, err
		}
	default:
		if l, ws, err = ReadEmbedded(path); err != nil {
			return nil, nil, err
		}
	}
	kindOf := Beside
	if kind == "xml" {
		kindOf = Podlove
	}
	list, more := Merge(0, Source{Kind: kindOf, Name: name, Chapters: l})
	return list, append(ws, more...), nil
}

// IsChaptersFile reports whether a file holds chapters as text (JSON or
// XML) rather than audio, by its first bytes.
func IsChaptersFile(path string) bool {
	kind, err := sniff(path)
	return err == nil && kind != "audio"
}

// sniff tells a chapters file ("json", "xml") from audio ("audio") by its
// first bytes.
func sniff(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\ufeff")), " \t\r\n")
	switch {
	case bytes.HasPrefix(h, []byte("{")):
		return "json", nil
	case bytes.HasPrefix(h, []byte("<")):
		return "xml", nil
	}
	return "audio", nil
}

// ReadEmbedded reads the chapters embedded in an audio file: ID3v2 CHAP
// frames (MP3), Vorbis comments in FLAC and Ogg files. A file of another
// kind has none. Images are referred to, not read.
func ReadEmbedded(path string) (List, []Warning, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	name := filepath.Base(path)
	var head [4]byte
	if _, err := f.ReadAt(head[:], 0); err != nil && err != io.EOF {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	switch string(head[:]) {
	case "fLaC":
		return ReadFLAC(f, st.Size(), name)
	case "OggS":
		l, ws, err := ReadOgg(f, st.Size(), name)
		if errors.Is(err, ErrFormat) {
			return nil, []Warning{asWarning(err, name)}, nil
		}
		return l, ws, err
	}
	if string(head[:3]) != "ID3" {
		return nil, nil, nil
	}
	t, err := player.ReadTagsFile(path)
	if err != nil {
		return nil, nil, err
	}
	if _, err := f.ReadAt(head[:], t.Size); err == nil && string(head[:]) == "fLaC" {
		return ReadFLAC(f, st.Size(), name)
	}
	l, ws := FromTags(t, name)
	return l, ws, nil
}
