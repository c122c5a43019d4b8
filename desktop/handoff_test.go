package desktop

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readalong/desktop/testbus"
)

func TestHandoffToTheRunningPlayer(t *testing.T) {
	testbus.Use(t)
	if handled, err := Handoff([]string{"episode.mp3"}); handled || err != nil {
		t.Fatalf("Handoff with nobody running = %v, %v; want false, nil", handled, err)
	}

	running := &fakePlayer{}
	startServer(t, running)
	dir := t.TempDir()
	t.Chdir(dir)
	handled, err := Handoff([]string{"episode 1.mp3", "podcast://example.org/feed.xml"})
	if !handled || err != nil {
		t.Fatalf("Handoff = %v, %v; want true, nil", handled, err)
	}
	want := []string{"Open " + FileURI(filepath.Join(dir, "episode 1.mp3")), "Open podcast://example.org/feed.xml", "Raise"}
	if got := running.take(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the running player got %q, want %q", got, want)
	}

	// No arguments: the running window is raised.
	if handled, err := Handoff(nil); !handled || err != nil {
		t.Fatalf("Handoff() = %v, %v", handled, err)
	}
	if got := running.take(); fmt.Sprint(got) != "[Raise]" {
		t.Errorf("Handoff(): the running player got %q, want [Raise]", got)
	}

	// What the running window cannot open is told to the second start.
	running.mu.Lock()
	running.openErr = errors.New("broken.mp3: not an MP3 file")
	running.mu.Unlock()
	handled, err = Handoff([]string{"broken.mp3"})
	var he *HandoffError
	if !handled || !errors.As(err, &he) || he.Arg != "broken.mp3" || !strings.Contains(err.Error(), "not an MP3 file") {
		t.Errorf("Handoff of a file the player refuses = %v, %v", handled, err)
	}
}

func TestHandoffWithoutBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	if handled, err := Handoff([]string{"x.mp3"}); handled || err != nil {
		t.Errorf("Handoff without a bus = %v, %v; want false, nil", handled, err)
	}
}

func TestArgURI(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	odd := "notes:1.mp3" // a file named like a URI
	if err := os.WriteFile(odd, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for arg, want := range map[string]string{
		"ep.mp3":                         "file://" + dir + "/ep.mp3",
		"/srv/a b/ep#1.mp3":              "file:///srv/a%20b/ep%231.mp3",
		"file:///srv/ep.mp3":             "file:///srv/ep.mp3",
		"https://example.org/ep.mp3":     "https://example.org/ep.mp3",
		"podcast://example.org/feed":     "podcast://example.org/feed",
		"feed:https://example.org/feed":  "feed:https://example.org/feed",
		odd:                              "file://" + dir + "/notes:1.mp3",
		"itpc://example.org/podcast.rss": "itpc://example.org/podcast.rss",
	} {
		if got := ArgURI(arg); got != want {
			t.Errorf("ArgURI(%q) = %q, want %q", arg, got, want)
		}
	}
	if got := PathOf("file:///srv/a%20b/ep%231.mp3"); got != "/srv/a b/ep#1.mp3" {
		t.Errorf("PathOf = %q", got)
	}
	for _, u := range []string{"https://example.org/x.mp3", "file://elsewhere/x.mp3", "podcast://x"} {
		if got := PathOf(u); got != "" {
			t.Errorf("PathOf(%q) = %q, want \"\"", u, got)
		}
	}
}

// FuzzFileURI: any path goes to a file:// URI and back unchanged (made
// absolute and clean).
func FuzzFileURI(f *testing.F) {
	for _, s := range []string{"ep.mp3", "/a b/c#d?e%f.mp3", "../x", "//srv//x", "ü/é.mp3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if strings.ContainsRune(p, 0) {
			return
		}
		uri := FileURI(p)
		if got, want := PathOf(uri), absPath(p); got != want {
			t.Errorf("PathOf(FileURI(%q)) = %q via %q, want %q", p, got, uri, want)
		}
	})
}
