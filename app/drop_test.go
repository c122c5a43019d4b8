package app

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

func TestDropOpensEpisodeAndTranscript(t *testing.T) {
	u, eng := newTestUI(t, 3)
	dir := t.TempDir()
	mp3 := filepath.Join(dir, "Talk.mp3")
	os.WriteFile(mp3, []byte("audio"), 0o644)
	os.WriteFile(filepath.Join(dir, "Talk.en.vtt"), []byte("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hello.\n"), 0o644)
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("00:00:01 Bob: One.\n\n00:00:02 Bob: Two.\n\n00:00:03 Bob: Three.\n"), 0o644)
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(mp3)})
	if eng.loaded != mp3 || u.ep.tr.Len() != 1 || u.ep.tr.Segments[0].Speaker != "Ann" {
		t.Fatalf("dropping the MP3: loaded %q, %d lines", eng.loaded, u.ep.tr.Len())
	}
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(other)})
	if eng.loaded != mp3 || u.ep.tr.Len() != 3 {
		t.Errorf("dropping a transcript: loaded %q, %d lines", eng.loaded, u.ep.tr.Len())
	}
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(other), storage.NewFileURI(mp3)})
	if u.ep.tr.Len() != 3 || u.ep.tr.Segments[0].Speaker != "Bob" {
		t.Errorf("dropping both: %d lines", u.ep.tr.Len())
	}
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(filepath.Join(dir, "notes.doc"))})
	if u.notes.msgs[noticeEpisode] == "" {
		t.Error("dropping something else says nothing")
	}
}
