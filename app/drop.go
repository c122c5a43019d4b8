package app

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"

	tsync "readalong/sync"
)

// audioExts are the episode files the window opens.
var audioExts = []string{".mp3", ".wav", ".flac", ".ogg", ".oga"}

// dropped opens what was dragged onto the window: an episode (with the
// transcript dragged with it, or the one beside it), or a transcript for
// the episode playing.
func (u *UI) dropped(_ fyne.Position, uris []fyne.URI) {
	var audio, transcript string
	for _, uri := range uris {
		if uri.Scheme() != "file" {
			if IsLink(uri.String()) {
				u.OpenLink(uri.String())
				return
			}
			continue
		}
		p := uri.Path()
		ext := strings.ToLower(filepath.Ext(p))
		switch {
		case contains(audioExts, ext) && audio == "":
			audio = p
		case contains(tsync.Extensions, ext) && transcript == "":
			transcript = p
		}
	}
	var err error
	switch {
	case audio != "":
		err = u.OpenFiles(audio, transcript)
	case transcript != "":
		err = u.OpenTranscript(transcript)
	default:
		u.notes.set(noticeEpisode, "Drop an episode (MP3, WAV, FLAC, Ogg) or a transcript (.txt, .srt, .vtt, .json, .html).")
		return
	}
	if err != nil {
		u.ShowError(err)
	}
	u.focusKeys()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
