package places

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestKeyFollowsTheContentNotThePath(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.mp3")
	body := []byte(strings.Repeat("frame", 300000)) // 1.5 MB
	os.WriteFile(a, body, 0o644)
	ka, err := KeyOf(a)
	if err != nil {
		t.Fatal(err)
	}
	b := filepath.Join(dir, "moved", "renamed.mp3")
	os.MkdirAll(filepath.Dir(b), 0o755)
	os.Rename(a, b)
	if kb, _ := KeyOf(b); kb != ka {
		t.Errorf("moved file: key %q, was %q", kb, ka)
	}
	if KeyOfBytes(body) != ka {
		t.Errorf("KeyOfBytes differs from KeyOf")
	}
	// Another episode: another key, even with the same first mebibyte.
	other := append(append([]byte{}, body...), 'x')
	if KeyOfBytes(other) == ka {
		t.Error("a longer file has the same key")
	}
	other2 := append([]byte{}, body...)
	other2[10] = 'X'
	if KeyOfBytes(other2) == ka {
		t.Error("a file differing in its first mebibyte has the same key")
	}
	if _, err := KeyOf(filepath.Join(dir, "gone.mp3")); err == nil {
		t.Error("no error for a missing file")
	}
}

func TestPlacesSurviveASaveAndOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "readalong", "places.json")
	f, err := Open(path)
	if err != nil || len(f.Recent(10)) != 0 {
		t.Fatalf("new store: %v", err)
	}
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	f.Put("1:aa", Place{Position: 25*time.Minute + 31*time.Second, Speed: 1.3, Path: "/e/one.mp3", Title: "One", Opened: now, Sync: []byte(`{"offset":100000000}`)})
	f.Put("2:bb", Place{Position: time.Minute, Path: "/e/two.mp3", Opened: now.Add(time.Minute)})
	f.Put("3:cc", Place{Position: time.Second, Opened: now.Add(2 * time.Minute)}) // in memory: not recent
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	g, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := g.Get("1:aa")
	var sync bytes.Buffer
	json.Compact(&sync, p.Sync)
	if !ok || p.Position != 25*time.Minute+31*time.Second || p.Speed != 1.3 || sync.String() != `{"offset":100000000}` || !p.Opened.Equal(now) {
		t.Errorf("read back %+v, %v", p, ok)
	}
	r := g.Recent(10)
	if len(r) != 2 || r[0].Path != "/e/two.mp3" || r[1].Path != "/e/one.mp3" {
		t.Errorf("recent %+v", r)
	}
	if len(g.Recent(1)) != 1 {
		t.Error("Recent(1) is not one place")
	}
	es, _ := os.ReadDir(filepath.Dir(path))
	if len(es) != 1 {
		t.Errorf("left behind in the folder: %v", es)
	}
}

func TestOldestPlacesAreForgotten(t *testing.T) {
	f, _ := Open(filepath.Join(t.TempDir(), "p.json"))
	t0 := time.Now()
	for i := 0; i < MaxPlaces+3; i++ {
		f.Put(Key(string(rune('a'+i%26))+time.Duration(i).String()), Place{Opened: t0.Add(time.Duration(i) * time.Second)})
	}
	if len(f.m) != MaxPlaces {
		t.Fatalf("%d places kept", len(f.m))
	}
	for k, p := range f.m {
		if p.Opened.Before(t0.Add(3 * time.Second)) {
			t.Errorf("kept %s, one of the three oldest", k)
		}
	}
}

func TestDamagedFileIsReportedAndReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "places.json")
	os.WriteFile(path, []byte(`{"version":1,"places":{"1:aa":{"position":`), 0o644)
	f, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), path+" is damaged") {
		t.Fatalf("damaged file: %v", err)
	}
	f.Put("1:aa", Place{Position: time.Second})
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	if g, err := Open(path); err != nil || len(g.m) != 1 {
		t.Errorf("after save: %v", err)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/x/state")
	if p, _ := DefaultPath(); p != "/x/state/readalong/places.json" {
		t.Errorf("got %q", p)
	}
	t.Setenv("XDG_STATE_HOME", "relative")
	t.Setenv("HOME", "/home/u")
	if p, _ := DefaultPath(); p != "/home/u/.local/state/readalong/places.json" {
		t.Errorf("relative XDG_STATE_HOME: got %q", p)
	}
}
