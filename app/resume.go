package app

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"readalong/app/session"
	"readalong/clock"
	"readalong/places"
)

// maxRecent is how many episodes File › Open Recent lists.
const maxRecent = 10

// saveEvery is how often the place is stored while playing, when it
// changed (it is stored on pause, on opening another episode, on quitting
// and when the system ends the session too).
const saveEvery = 5 * time.Second

// Places is where the window keeps each episode's place: a places.File
// in the app, the same in a temporary folder in tests.
type Places interface {
	Get(places.Key) (places.Place, bool)
	Put(places.Key, places.Place)
	Recent(n int) []places.Place
	Save() error
}

// prefs returns the application's preferences (under its ID): the
// settings that are not per episode.
func (u *UI) prefs() fyne.Preferences { return fyne.CurrentApp().Preferences() }

// remember stores the current episode's position, speed and sync in the
// places, and writes them out in the background when now is false (at
// once, and waiting for the disk, when it is set: the app is quitting).
// Nothing is stored before the episode's own place was read: a place
// taken then would be the start of the episode, not the listener's.
func (u *UI) remember(now bool) {
	e := &u.ep
	if e.key == "" || u.places == nil {
		return
	}
	st := u.engine.Status()
	p := places.Place{
		Position: st.Position, Speed: st.Speed,
		Path: e.media.Path, Title: e.title, Opened: time.Now(),
	}
	if !e.sync.Zero() {
		p.Sync, _ = json.Marshal(e.sync)
	}
	u.places.Put(e.key, p)
	u.noteWebPlace(st.Position, st.Duration)
	e.savedAt, e.savedPos = time.Now(), p.Position
	save := func() {
		if err := u.places.Save(); err != nil {
			u.debug("places not saved: %v", err)
			fyne.Do(func() { u.notes.set(noticeEpisode, "Your place could not be saved: "+err.Error()) })
		}
	}
	if now {
		save()
	} else {
		u.saving.Add(1)
		go func() { defer u.saving.Done(); save() }()
	}
	u.debug("place stored pos=%.3f speed=%.1f", p.Position.Seconds(), p.Speed)
}

// rememberWhilePlaying stores the place every saveEvery while it moves.
func (u *UI) rememberWhilePlaying(pos time.Duration) {
	if time.Since(u.ep.savedAt) >= saveEvery && pos != u.ep.savedPos {
		u.remember(false)
	}
}

// resume moves a freshly opened episode to where it was left, with its
// speed and the transcript's sync, and shows the line there in the upper
// third of the view.
func (u *UI) resume(key places.Key) {
	u.ep.key = key
	if u.places == nil || key == "" {
		return
	}
	st, ok := u.places.Get(key)
	if !ok {
		return
	}
	if st.Speed >= MinSpeed && st.Speed <= MaxSpeed {
		u.setSpeed(st.Speed)
	}
	var s session.Sync
	if len(st.Sync) > 0 && json.Unmarshal(st.Sync, &s) == nil && !s.Zero() {
		u.ep.sync = s
		u.applySync()
	}
	if st.Position > 0 && st.Position < u.last.Duration-5*time.Second {
		u.seekTo(st.Position, false)
		u.notes.set(noticeResume, fmt.Sprintf("Resumed at %s, where you left off.", clock.Short(st.Position)))
		u.view.ShowNow()
	}
}

// recentMenu is File › Open Recent.
func (u *UI) recentMenu() *fyne.MenuItem {
	item := fyne.NewMenuItem("Open Recent", nil)
	var items []*fyne.MenuItem
	if u.places != nil {
		for _, p := range u.places.Recent(maxRecent) {
			path := p.Path
			if path == "" {
				continue // an episode from the web: File › Feeds has it
			}
			label := filepath.Base(path)
			if p.Title != "" && p.Title != episodeName(path) {
				label = p.Title + " (" + label + ")"
			}
			items = append(items, fyne.NewMenuItem(label, func() {
				if err := u.OpenFiles(path, ""); err != nil {
					u.ShowError(err)
				}
			}))
		}
	}
	if len(items) == 0 {
		item.Disabled = true
	}
	item.ChildMenu = fyne.NewMenu("", items...)
	return item
}
