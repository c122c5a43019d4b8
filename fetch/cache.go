package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// DefaultCacheLimit is the cache's size limit unless set otherwise (2 GB).
const DefaultCacheLimit = 2 << 30

// dataExt is the suffix of an episode's data file in the cache.
const dataExt = ".audio"

// Cache keeps episode downloads in one folder under a size limit. Each
// episode is a data file named by a hash of its key (its guid or
// enclosure URL) with its range map beside it. When the cache is over its
// limit the episodes played least recently go first; an episode open
// (playing, or being kept offline) is never evicted.
type Cache struct {
	dir string
	c   *Client

	mu    sync.Mutex
	limit int64
	open  map[string]*Download // by file name
}

// DefaultCacheDir is $XDG_CACHE_HOME/readalong/episodes (or the
// platform's equivalent).
func DefaultCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "readalong", "episodes"), nil
}

// OpenCache opens (creating it) the cache folder dir, with a size limit
// in bytes (DefaultCacheLimit when limit <= 0).
func OpenCache(c *Client, dir string, limit int64) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = DefaultCacheLimit
	}
	return &Cache{dir: dir, c: c, limit: limit, open: map[string]*Download{}}, nil
}

// CacheName is the file name an episode key is stored under: a hash, so
// that nothing from a feed reaches a path.
func CacheName(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:16])
}

// SetLimit changes the size limit and evicts what no longer fits.
func (c *Cache) SetLimit(limit int64) error {
	c.mu.Lock()
	c.limit = limit
	c.mu.Unlock()
	return c.Evict()
}

// Open starts or resumes the download of the episode with the given key
// from rawURL, and marks it played now. ctx bounds the transfers (see
// Client.Download). Opening an episode already open returns the same
// Download, whose transfers the first ctx bounds; each Open needs its
// Close.
func (c *Cache) Open(ctx context.Context, key, rawURL string, opt DownloadOptions) (*Download, error) {
	name := CacheName(key)
	c.mu.Lock()
	if d := c.open[name]; d != nil && d.acquire() {
		c.mu.Unlock()
		d.touch(time.Now())
		return d, nil
	}
	c.mu.Unlock()
	opt.Key = key
	d, err := c.c.Download(ctx, rawURL, filepath.Join(c.dir, name+dataExt), opt)
	if err != nil {
		return nil, err
	}
	d.touch(time.Now())
	c.mu.Lock()
	c.open[name] = d
	c.mu.Unlock()
	d.mu.Lock()
	d.onGrow = func() { c.Evict() }
	d.onClose = func() {
		c.mu.Lock()
		if c.open[name] == d {
			delete(c.open, name)
		}
		c.mu.Unlock()
	}
	d.mu.Unlock()
	c.Evict()
	return d, nil
}

// Entry is an episode in the cache.
type Entry struct {
	Key        string
	URL        string
	Have, Size int64 // bytes held; the whole (-1 unknown)
	LastPlayed time.Time
	Open       bool
	name       string
}

// Entries lists the episodes in the cache, least recently played first.
func (c *Cache) Entries() ([]Entry, error) {
	files, err := filepath.Glob(filepath.Join(c.dir, "*"+dataExt+rangesExt))
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Entry
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), dataExt+rangesExt)
		var m meta
		if d := c.open[name]; d != nil {
			d.mu.Lock()
			m = d.m
			m.Ranges = append(Ranges(nil), d.m.Ranges...)
			d.mu.Unlock()
		} else {
			b, err := os.ReadFile(f)
			if err != nil || json.Unmarshal(b, &m) != nil {
				m = meta{Size: -1}
			}
		}
		out = append(out, Entry{Key: m.Key, URL: m.URL, Have: m.Ranges.Total(), Size: m.Size,
			LastPlayed: m.LastPlayed, Open: c.open[name] != nil, name: name})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].LastPlayed.Before(out[j].LastPlayed) })
	return out, nil
}

// Usage is the number of bytes the cache holds.
func (c *Cache) Usage() (int64, error) {
	es, err := c.Entries()
	var n int64
	for _, e := range es {
		n += e.Have
	}
	return n, err
}

// Evict removes the least recently played episodes, never an open one,
// until the cache is within its limit.
func (c *Cache) Evict() error {
	es, err := c.Entries()
	if err != nil {
		return err
	}
	var total int64
	for _, e := range es {
		total += e.Have
	}
	c.mu.Lock()
	limit := c.limit
	c.mu.Unlock()
	for _, e := range es {
		if total <= limit {
			break
		}
		if e.Open || c.isOpen(e.name) {
			continue
		}
		if err := c.removeFiles(e.name); err != nil {
			return err
		}
		total -= e.Have
	}
	return nil
}

func (c *Cache) isOpen(name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.open[name] != nil
}

// Remove deletes an episode from the cache. An open one cannot be
// removed.
func (c *Cache) Remove(key string) error {
	name := CacheName(key)
	if c.isOpen(name) {
		return fmt.Errorf("%s is being played or downloaded", key)
	}
	return c.removeFiles(name)
}

func (c *Cache) removeFiles(name string) error {
	base := filepath.Join(c.dir, name+dataExt)
	for _, p := range []string{base + rangesExt, base} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}
