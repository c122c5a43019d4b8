package fetch

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// episodes serves n different small files at /ep/0 … /ep/n-1.
func episodes(t *testing.T, n, size int) (*http.ServeMux, [][]byte) {
	mux := http.NewServeMux()
	var files [][]byte
	for i := 0; i < n; i++ {
		b := bytes.Repeat([]byte{byte('a' + i)}, size)
		files = append(files, b)
		fs := &fileServer{data: b, etag: `"x"`}
		mux.Handle("/ep/"+string(rune('0'+i)), fs)
	}
	return mux, files
}

// TestCacheEvictsLeastRecentlyPlayed: over its limit, the cache drops
// the episodes played longest ago, never one that is open.
func TestCacheEvictsLeastRecentlyPlayed(t *testing.T) {
	mux, files := episodes(t, 4, 100000)
	srv := serve(t, mux)
	dir := t.TempDir()
	c, err := OpenCache(New(Options{}), dir, 250000)
	if err != nil {
		t.Fatal(err)
	}
	open := func(i int) *Download {
		d, err := c.Open(context.Background(), "guid-"+string(rune('0'+i)), srv.URL+"/ep/"+string(rune('0'+i)), DownloadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		waitComplete(t, d)
		return d
	}
	// 0, 1 played and closed, in that order; 2 open (playing).
	for _, i := range []int{0, 1} {
		open(i).Close()
		time.Sleep(20 * time.Millisecond)
	}
	playing := open(2)
	defer playing.Close()
	if err := c.Evict(); err != nil {
		t.Fatal(err)
	}
	// 300 kB > 250 kB: the oldest (0) goes.
	keys := cachedKeys(t, c)
	if keys["guid-0"] || !keys["guid-1"] || !keys["guid-2"] {
		t.Fatalf("after eviction: %v, want guid-0 evicted", keys)
	}
	// A tiny limit: everything but the open episode goes.
	if err := c.SetLimit(1000); err != nil {
		t.Fatal(err)
	}
	keys = cachedKeys(t, c)
	if len(keys) != 1 || !keys["guid-2"] {
		t.Fatalf("with a tiny limit: %v, want only the playing episode", keys)
	}
	checkFile(t, playing.Path(), files[2])
	// Names are hashes: nothing of the key or the URL in them.
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), "guid") || strings.Contains(e.Name(), "ep") {
			t.Errorf("cache file %q carries the key or URL", e.Name())
		}
	}
}

func cachedKeys(t *testing.T, c *Cache) map[string]bool {
	t.Helper()
	es, err := c.Entries()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, e := range es {
		m[e.Key] = true
	}
	return m
}

// TestCacheSharesOpenDownload: opening an episode twice gives the same
// download, closed with the last Close.
func TestCacheSharesOpenDownload(t *testing.T) {
	mux, files := episodes(t, 1, 50000)
	srv := serve(t, mux)
	c, _ := OpenCache(New(Options{}), t.TempDir(), 0)
	a, _ := c.Open(context.Background(), "k", srv.URL+"/ep/0", DownloadOptions{})
	b, _ := c.Open(context.Background(), "k", srv.URL+"/ep/0", DownloadOptions{})
	if a != b {
		t.Fatal("two downloads of one episode")
	}
	waitComplete(t, a)
	a.Close()
	buf := make([]byte, 100)
	if _, err := b.ReadAt(buf, 0); err != nil || buf[0] != files[0][0] {
		t.Fatalf("read after the first Close: %v", err)
	}
	b.Close()
	if err := c.Remove("k"); err != nil {
		t.Fatal(err)
	}
	if es, _ := c.Entries(); len(es) != 0 {
		t.Errorf("entries after Remove: %v", es)
	}
	if _, err := os.Stat(filepath.Join(c.dir, CacheName("k")+dataExt)); !os.IsNotExist(err) {
		t.Errorf("data file left: %v", err)
	}
}
