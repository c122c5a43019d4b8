package app

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
)

// maxRecent is how many episodes File › Open Recent lists.
const maxRecent = 10

// saveEvery is how often the playing position is stored while playing
// (it is stored on pause, on opening another episode and on closing too).
const saveEvery = 30 * time.Second

// resumeState is what is remembered of an episode.
type resumeState struct {
	Position time.Duration `json:"position"`
	Speed    float64       `json:"speed"`
	Sync     *syncState    `json:"sync,omitempty"`
}

// prefs returns the application's preferences (under its ID).
func (u *UI) prefs() fyne.Preferences { return fyne.CurrentApp().Preferences() }

func resumeKey(path string) string { return "episode:" + path }

// remember stores the current episode's position, speed and sync, and puts it
// first in the recent list.
func (u *UI) remember() {
	path := u.media.Path
	if path == "" {
		return
	}
	st := resumeState{Position: u.engine.Position(), Speed: u.engine.Speed()}
	if !u.syncs.zero() {
		s := u.syncs
		st.Sync = &s
	}
	if b, err := json.Marshal(st); err == nil {
		u.prefs().SetString(resumeKey(path), string(b))
	}
	u.lastSaved = time.Now()
}

// resume moves a freshly opened episode to where it was left, with its
// speed and the transcript's sync. A missing or damaged entry is ignored.
func (u *UI) resume(path string) {
	var st resumeState
	raw := u.prefs().String(resumeKey(path))
	if raw == "" || json.Unmarshal([]byte(raw), &st) != nil {
		return
	}
	if st.Speed >= MinSpeed && st.Speed <= MaxSpeed {
		u.setSpeed(st.Speed)
	}
	if st.Sync != nil && !st.Sync.zero() {
		u.syncs = *st.Sync
		u.applySync()
	}
	if st.Position > 0 && st.Position < u.engine.Duration()-5*time.Second {
		u.seek(st.Position)
		u.SetNotice(noticeResume, fmt.Sprintf("Resumed at %s, where you left off.", clock(st.Position)))
	}
}

// recent lists the episodes opened last, newest first.
func (u *UI) recent() []string {
	var list []string
	if json.Unmarshal([]byte(u.prefs().String("recent")), &list) != nil {
		return nil
	}
	return list
}

// addRecent puts path first in the recent list and rebuilds the menu.
func (u *UI) addRecent(path string) {
	list := []string{path}
	for _, p := range u.recent() {
		switch {
		case p == path:
		case len(list) < maxRecent:
			list = append(list, p)
		default:
			u.prefs().RemoveValue(resumeKey(p)) // forget what fell off the list
		}
	}
	if b, err := json.Marshal(list); err == nil {
		u.prefs().SetString("recent", string(b))
	}
	u.buildMenu()
}

// recentMenu is File › Open Recent.
func (u *UI) recentMenu() *fyne.MenuItem {
	item := fyne.NewMenuItem("Open Recent", nil)
	var items []*fyne.MenuItem
	for _, p := range u.recent() {
		path := p
		items = append(items, fyne.NewMenuItem(filepath.Base(path), func() {
			if err := u.OpenFiles(path, ""); err != nil {
				u.ShowError(err)
			}
		}))
	}
	if len(items) == 0 {
		item.Disabled = true
	}
	item.ChildMenu = fyne.NewMenu("", items...)
	return item
}
