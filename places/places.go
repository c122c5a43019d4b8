// Package places remembers, for every episode the listener opened, where
// they left it: the position, the speed and the transcript's sync, and
// which episodes were opened last.
//
// A place is keyed by the episode's content (its size and a hash of its
// first mebibyte), not by its path, so that moving or renaming the file
// keeps it. The places live in a file of their own (places.json under
// $XDG_STATE_HOME/readalong, ~/.local/state/readalong by default), not in
// the GUI toolkit's preferences: they change every few seconds while
// playing, and the file is replaced whole through a temporary file and a
// rename, so that a kill at the wrong moment loses at most the last few
// seconds, never the other places or the settings.
package places

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"readalong/safefile"
)

// Key identifies an episode by its content.
type Key string

// headBytes is how much of an episode its key hashes.
const headBytes = 1 << 20

// KeyOf returns the key of the episode in the file at path.
func KeyOf(path string) (Key, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.CopyN(h, f, headBytes); err != nil && err != io.EOF {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return key(st.Size(), h.Sum(nil)), nil
}

// KeyOfBytes returns the key of an episode held in memory.
func KeyOfBytes(b []byte) Key {
	sum := sha256.Sum256(b[:min(len(b), headBytes)])
	return key(int64(len(b)), sum[:])
}

func key(size int64, sum []byte) Key {
	return Key(strconv.FormatInt(size, 10) + ":" + hex.EncodeToString(sum[:16]))
}

// Place is what is remembered of one episode.
type Place struct {
	Position time.Duration `json:"position"`
	Speed    float64       `json:"speed,omitempty"`
	// Sync is the transcript's re-timing, as the window stores it.
	Sync json.RawMessage `json:"sync,omitempty"`
	// Path is where the episode was last opened from ("" for one held in
	// memory); Title is what it was called.
	Path  string `json:"path,omitempty"`
	Title string `json:"title,omitempty"`
	// Opened is when it was last opened or played.
	Opened time.Time `json:"opened"`
}

// MaxPlaces is how many episodes are remembered; the ones opened longest
// ago are forgotten first.
const MaxPlaces = 500

// File is the places kept in a file. Its methods are safe for concurrent
// use.
type File struct {
	path    string
	mu      sync.Mutex
	m       map[Key]Place
	writing sync.Mutex // one Save at a time
}

// fileFormat is the file's content.
type fileFormat struct {
	Version int           `json:"version"`
	Places  map[Key]Place `json:"places"`
}

// DefaultPath is where the places are kept: places.json in
// $XDG_STATE_HOME/readalong, or ~/.local/state/readalong.
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "readalong", "places.json"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "state", "readalong", "places.json"), nil
}

// Open reads the places kept at path. A missing file is an empty store.
// A damaged one is an empty store too, with an error saying so: the
// caller tells the user, and the next Save replaces it.
func Open(path string) (*File, error) {
	f := &File{path: path, m: map[Key]Place{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, err
	}
	var ff fileFormat
	if err := json.Unmarshal(b, &ff); err != nil {
		return f, fmt.Errorf("%s is damaged (%v): the places of past episodes are forgotten", path, err)
	}
	for k, p := range ff.Places {
		f.m[k] = p
	}
	return f, nil
}

// Path is the file the places are kept in.
func (f *File) Path() string { return f.path }

// Get returns the place of the episode with key k.
func (f *File) Get(k Key) (Place, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.m[k]
	return p, ok
}

// Put remembers place p for the episode with key k, forgetting the
// episodes opened longest ago beyond MaxPlaces. It does not write the
// file: Save does.
func (f *File) Put(k Key, p Place) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m[k] = p
	for len(f.m) > MaxPlaces {
		var oldest Key
		for k, p := range f.m {
			if oldest == "" || p.Opened.Before(f.m[oldest].Opened) {
				oldest = k
			}
		}
		delete(f.m, oldest)
	}
}

// Recent lists up to n episodes opened from files, the last opened
// first.
func (f *File) Recent(n int) []Place {
	f.mu.Lock()
	var out []Place
	for _, p := range f.m {
		if p.Path != "" {
			out = append(out, p)
		}
	}
	f.mu.Unlock()
	slices.SortFunc(out, func(a, b Place) int { return b.Opened.Compare(a.Opened) })
	return out[:min(n, len(out))]
}

// Save writes the places to the file, replacing it whole: through a
// temporary file in its folder, renamed over it once on disk. It may be
// called from any goroutine (the window saves off its own, so that a
// slow disk never stalls it).
func (f *File) Save() error {
	f.writing.Lock()
	defer f.writing.Unlock()
	f.mu.Lock()
	b, err := json.MarshalIndent(fileFormat{Version: 1, Places: f.m}, "", "\t")
	f.mu.Unlock()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
		return err
	}
	return safefile.Write(f.path, true, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}
