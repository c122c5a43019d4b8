package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestMenusShowTheirKeys: every item a key reaches shows that key in its
// menu, and the sheet lists them too.
func TestMenusShowTheirKeys(t *testing.T) {
	u, _ := newTestUI(t, 10)
	want := map[string]string{
		"File/Open Episode…": "O", "File/Export Clip…": "E", "File/Quit": "Q",
		"Edit/Find…": "F", "Edit/Copy Lines with Times": "C", "Edit/Clip Starts Here": "I", "Edit/Clip Ends Here": "O",
		"Playback/Play / Pause": "Space", "Playback/Back 15 s": "Left", "Playback/Forward 30 s": "Right",
		"Playback/Previous Line": "Up", "Playback/Next Line": "Down",
		"View/Larger Text": "=", "View/Smaller Text": "-", "View/Default Text Size": "0", "View/Back to Now": "G",
		"Transcript/This Line Is Being Spoken Now": "Return", "Transcript/Earlier by 0.1 s": ",", "Transcript/Later by 0.1 s": ".",
		"Transcript/Earlier by 1 s": ",", "Transcript/Later by 1 s": ".", "Help/Keyboard Shortcuts": "F1",
	}
	got := map[string]string{}
	for _, m := range u.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut == nil {
				continue
			}
			name := it.Shortcut.ShortcutName()
			if k, ok := it.Shortcut.(fyne.KeyboardShortcut); ok {
				name = string(k.Key())
			}
			got[m.Label+"/"+it.Label] = name
		}
	}
	for item, key := range want {
		if got[item] != key {
			t.Errorf("%s shows %q, want %q", item, got[item], key)
		}
	}
	speed := menuItem(t, u, "Playback", "Speed").ChildMenu
	keys := 0
	for _, it := range speed.Items {
		if it.Shortcut != nil {
			keys++
		}
	}
	if keys != 2 {
		t.Errorf("Speed menu: %d items show their keys, want [ and ]", keys)
	}
	if !menuItem(t, u, "File", "Quit").IsQuit {
		t.Error("File › Quit is not the quit item")
	}
}

func TestAboutSaysVersionLicenceAndWhereThingsAre(t *testing.T) {
	u, _ := newTestUI(t, 3)
	Version = "1.2.3"
	text := u.aboutText()
	for _, want := range []string{"Readalong 1.2.3", "Apache License, version 2.0", "places.json", "preferences.json"} {
		if !strings.Contains(text, want) {
			t.Errorf("About lacks %q:\n%s", want, text)
		}
	}
	menuItem(t, u, "Help", "About Readalong").Action()
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("no About dialog")
	}
}
