package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"readalong/desktop"
	"readalong/player"
	tsync "readalong/sync"
)

// DesktopServer is what the window tells the desktop's media controls
// (a *desktop.Server): its state after every change, and every seek.
type DesktopServer interface {
	Update(desktop.State)
	Seeked(time.Duration)
}

// Desktop is the window as the desktop's media controls drive it (the
// media keys, the shell's player, playerctl): pass it to desktop.Start.
// Each call reaches the window on its own goroutine through fyne.Do.
func (u *UI) Desktop() desktop.Player { return desktopPlayer{u, u.engine} }

// ConnectDesktop has the window tell s its state from now on, and every
// seek however it was made, starting with the episode open now. Call it
// before ShowAndRun.
func (u *UI) ConnectDesktop(s DesktopServer) {
	art, _ := os.MkdirTemp("", "readalong-art-")
	u.engine = &desktopEngine{Engine: u.engine, server: s, artDir: art}
	u.tellDesktop(u.engine.Status()) // the episode already open
}

// CloseDesktop removes what ConnectDesktop left on disk (the cover
// shown to the desktop).
func (u *UI) CloseDesktop() {
	if e, ok := u.engine.(*desktopEngine); ok && e.artDir != "" {
		os.RemoveAll(e.artDir)
	}
}

// desktopEngine is the engine as the window uses it, telling the desktop
// of every seek.
type desktopEngine struct {
	Engine
	server DesktopServer
	artDir string // where the episode's cover is copied for the desktop

	track   string // the episode last told
	album   string
	cover   fyne.Resource // the cover last copied, and where
	artPath string
}

func (e *desktopEngine) Seek(d time.Duration) error {
	err := e.Engine.Seek(d)
	e.server.Seeked(e.Engine.Status().Position)
	return err
}

// SetVolume sets the engine's volume when it has one.
func (e *desktopEngine) SetVolume(v float64) {
	if ve, ok := e.Engine.(interface{ SetVolume(float64) }); ok {
		ve.SetVolume(v)
	}
}

// SetMuted mutes the engine when it can be.
func (e *desktopEngine) SetMuted(m bool) {
	if me, ok := e.Engine.(interface{ SetMuted(bool) }); ok {
		me.SetMuted(m)
	}
}

// tellDesktop gives the desktop the window's state: called by sync, on
// the UI goroutine.
func (u *UI) tellDesktop(st player.Status) {
	e, ok := u.engine.(*desktopEngine)
	if !ok {
		return
	}
	ds := desktop.State{Position: st.Position, Length: st.Duration, Rate: st.Speed, Volume: st.Volume}
	if st.Muted {
		ds.Volume = 0 // MPRIS has no mute: muted is silent
	}
	switch {
	case st.Playing:
		ds.Status = desktop.Playing
	case st.Loaded:
		ds.Status = desktop.Paused
	}
	if st.Loaded {
		ds.TrackID = u.ep.media.Path
		if ds.TrackID == "" {
			ds.TrackID = u.ep.media.Name
		}
		ds.Title, ds.Show = u.ep.title, u.ep.show
		if ds.TrackID != e.track {
			e.track, e.album = ds.TrackID, u.tags().Album
		}
		ds.Album = e.album
		ds.ArtPath = e.art(u.ep.cover)
	}
	e.server.Update(ds)
}

// art is a file holding the episode's cover for the desktop, written when
// the cover changes; "" when there is none.
func (e *desktopEngine) art(cover fyne.Resource) string {
	if cover == e.cover {
		return e.artPath
	}
	if e.artPath != "" {
		os.Remove(e.artPath)
	}
	e.cover, e.artPath = cover, ""
	if cover == nil || e.artDir == "" {
		return ""
	}
	f, err := os.CreateTemp(e.artDir, "cover-*"+imageExt(cover.Content()))
	if err != nil {
		return ""
	}
	_, err = f.Write(cover.Content())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return ""
	}
	e.artPath = f.Name()
	return e.artPath
}

// imageExt is the file extension for an image's bytes.
func imageExt(b []byte) string {
	switch {
	case len(b) >= 8 && string(b[1:4]) == "PNG":
		return ".png"
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8:
		return ".jpg"
	}
	return ".img"
}

// desktopPlayer is the window as desktop.Player. eng is the engine as
// it was when the desktop was given the window, read from the bus's
// goroutines for the position (the engine is safe for that).
type desktopPlayer struct {
	u   *UI
	eng Engine
}

// Position is where the listener is now, as the engine knows it.
func (p desktopPlayer) Position() time.Duration { return p.eng.Status().Position }

// do runs f on the UI goroutine unless the app is stopping.
func (p desktopPlayer) do(f func()) {
	fyne.Do(func() {
		if !p.u.quit.Load() {
			f()
		}
	})
}

func (p desktopPlayer) Play() {
	p.do(func() {
		if !p.u.engine.Status().Playing {
			p.u.togglePlay()
		}
	})
}

func (p desktopPlayer) Pause() {
	p.do(func() {
		if p.u.engine.Status().Playing {
			p.u.togglePlay()
		}
	})
}

func (p desktopPlayer) Toggle() { p.do(p.u.togglePlay) }

// Stop pauses: the place is kept, as Readalong always does.
func (p desktopPlayer) Stop() { p.Pause() }

// Next goes to the next chapter, or the next line where there are no
// chapters.
func (p desktopPlayer) Next() {
	p.do(func() {
		if len(p.u.ep.chapters.Listed()) > 0 {
			p.u.nextChapter()
		} else {
			p.u.stepLine(1)
		}
	})
}

// Previous goes back a chapter, or a line where there are no chapters.
func (p desktopPlayer) Previous() {
	p.do(func() {
		if len(p.u.ep.chapters.Listed()) > 0 {
			p.u.prevChapter()
		} else {
			p.u.stepLine(-1)
		}
	})
}

func (p desktopPlayer) SeekBy(d time.Duration) { p.do(func() { p.u.skip(d) }) }
func (p desktopPlayer) SeekTo(d time.Duration) { p.do(func() { p.u.seek(d) }) }
func (p desktopPlayer) SetRate(r float64)      { p.do(func() { p.u.setSpeed(r) }) }

func (p desktopPlayer) SetVolume(v float64) {
	p.do(func() {
		if e, ok := p.u.engine.(interface{ SetVolume(float64) }); ok {
			e.SetVolume(v)
			if m, ok := p.u.engine.(interface{ SetMuted(bool) }); ok && v > 0 {
				m.SetMuted(false) // a volume asked for is heard
			}
			p.u.sync()
		}
	})
}

func (p desktopPlayer) Raise() {
	p.do(func() {
		p.u.win.Show()
		p.u.win.RequestFocus()
	})
}

func (p desktopPlayer) Quit() { p.do(p.u.Quit) }

// Open opens a file:// URI: an episode (with the transcript beside it),
// or a transcript for the episode playing. It waits for the window, so
// that a second start hears whether it worked; what failed is shown in
// the window too (it may have come from a file manager).
func (p desktopPlayer) Open(uri string) error {
	var err error
	fyne.DoAndWait(func() {
		if p.u.quit.Load() {
			err = errors.New("Readalong is closing")
			return
		}
		err = p.u.openURI(uri)
		if err != nil {
			p.u.ShowError(err)
		}
		p.u.focusKeys()
	})
	return err
}

// openURI opens an episode or transcript named by a file:// URI, or a
// link (a feed, a page naming one, an audio file on the web).
func (u *UI) openURI(uri string) error {
	if IsLink(uri) {
		u.OpenLink(uri)
		return nil
	}
	path := desktop.PathOf(uri)
	if path == "" {
		return fmt.Errorf("cannot open %s: only files and web links (http, https, podcast, itpc, pcast, feed) can be opened this way", uri)
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case contains(audioExts, ext):
		return u.OpenFiles(path, "")
	case contains(tsync.Extensions, ext):
		return u.OpenTranscript(path)
	}
	return fmt.Errorf("cannot open %s: not an episode (MP3, WAV, FLAC, Ogg) or a transcript (.txt, .srt, .vtt, .json, .html)", path)
}
