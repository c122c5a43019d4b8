package align

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"readalong/safefile"
	tsync "readalong/sync"
)

// Results are cached by the content of the audio and the transcript, so
// that opening the same episode again finds its alignment at once, and a
// transcript edited or an episode replaced is aligned afresh.

// Key names a cached result: a hash of the audio file's bytes, the
// transcript's stamps and text, and the version of the alignment.
type Key string

// cacheVersion changes when results of the same input would differ.
const cacheVersion = "align-2"

// ErrNotCached is returned by Load when there is no usable result cached.
var ErrNotCached = errors.New("no alignment cached")

// KeyFile returns the key of an episode file with transcript t.
func KeyFile(episode string, t *tsync.Transcript) (Key, error) {
	f, err := os.Open(episode)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return KeyOf(f, t)
}

// KeyOf returns the key of the audio read from r with transcript t.
func KeyOf(r io.Reader, t *tsync.Transcript) (Key, error) {
	h := sha256.New()
	io.WriteString(h, cacheVersion+"\x00")
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	var b [8]byte
	for _, s := range t.Segments {
		binary.LittleEndian.PutUint64(b[:], uint64(s.Start))
		h.Write(b[:])
		io.WriteString(h, s.Text+"\x00")
	}
	return Key(hex.EncodeToString(h.Sum(nil))), nil
}

// CacheDir is the folder of cached results: $XDG_CACHE_HOME/readalong/align
// (or the system's cache folder).
func CacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "readalong", "align"), nil
}

// path is the file of key k under dir.
func (k Key) path(dir string) (string, error) {
	if len(k) != 64 || strings.Trim(string(k), "0123456789abcdef") != "" {
		return "", fmt.Errorf("not an alignment cache key: %q", k)
	}
	return filepath.Join(dir, string(k)+".json"), nil
}

// cached is a result as written to the cache.
type cached struct {
	Version  string        `json:"version"`
	Key      Key           `json:"key"`
	Duration time.Duration `json:"duration"`
	Lines    []cachedLine  `json:"lines"`
	Extra    []Span        `json:"extra,omitempty"`
	Skipped  []Missing     `json:"skipped,omitempty"`
	Saved    time.Time     `json:"saved"`
}

type cachedLine struct {
	Index  int           `json:"i"`
	Start  time.Duration `json:"s"`
	End    time.Duration `json:"e,omitempty"`
	Found  bool          `json:"f,omitempty"`
	Unsure bool          `json:"u,omitempty"`
	Words  []WordTiming  `json:"w,omitempty"`
	Conf   float64       `json:"c,omitempty"`
}

// Save writes r to the cache under key k (in CacheDir), replacing what
// was there.
func Save(k Key, r *Result) error {
	dir, err := CacheDir()
	if err != nil {
		return err
	}
	return saveIn(dir, k, r)
}

func saveIn(dir string, k Key, r *Result) error {
	p, err := k.path(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	c := cached{Version: cacheVersion, Key: k, Duration: r.Duration, Extra: r.Extra, Skipped: r.Skipped, Saved: time.Now().UTC()}
	for _, l := range r.Lines {
		c.Lines = append(c.Lines, cachedLine{l.Index, l.Start, l.End, l.Found, l.Unsure, l.Words, l.Confidence})
	}
	return safefile.Write(p, true, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(c)
	})
}

// Load returns the result cached under key k. A file that is missing,
// damaged, of another version or of another key gives an error wrapping
// ErrNotCached.
func Load(k Key) (*Result, error) {
	dir, err := CacheDir()
	if err != nil {
		return nil, err
	}
	return loadFrom(dir, k)
}

func loadFrom(dir string, k Key) (*Result, error) {
	p, err := k.path(dir)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotCached, err)
	}
	return decodeCached(p, k, b)
}

// decodeCached reads a cache file's content.
func decodeCached(name string, k Key, b []byte) (*Result, error) {
	var c cached
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNotCached, name, err)
	}
	if c.Version != cacheVersion || c.Key != k {
		return nil, fmt.Errorf("%w: %s is of another version or episode", ErrNotCached, name)
	}
	r := &Result{Duration: c.Duration, Extra: c.Extra, Skipped: c.Skipped}
	for i, l := range c.Lines {
		if l.Index != i || l.Start < 0 || l.End < 0 || l.End != 0 && l.End < l.Start || !(l.Conf >= 0 && l.Conf <= 1) {
			return nil, fmt.Errorf("%w: %s: line %d is damaged", ErrNotCached, name, i+1)
		}
		r.Lines = append(r.Lines, LineTiming{Index: l.Index, Start: l.Start, End: l.End, Found: l.Found, Unsure: l.Unsure, Words: l.Words, Confidence: l.Conf})
	}
	return r, nil
}
