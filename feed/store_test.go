package feed

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readalong/fetch"
)

func openTestStore(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := OpenStore(filepath.Join(dir, "config", "feeds.json"), filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStoreKeepsPlaces: places and played marks are kept by episode key
// and survive reopening the store.
func TestStoreKeepsPlaces(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir)
	if err := s.SetPlace("https://a.example/feed", "guid-1", 90*time.Second, false); err != nil {
		t.Fatal(err)
	}
	s.SetPlace("https://a.example/feed", "guid-2", 0, true)
	s = openTestStore(t, dir)
	if st, ok := s.Place("https://a.example/feed", "guid-1"); !ok || st.Place != 90*time.Second || st.Played {
		t.Errorf("place %+v %v", st, ok)
	}
	if st, _ := s.Place("https://a.example/feed", "guid-2"); !st.Played {
		t.Error("played mark lost")
	}
	if err := s.Remove("https://a.example/feed"); err != nil {
		t.Fatal(err)
	}
	if len(openTestStore(t, dir).Feeds()) != 0 {
		t.Error("removed feed remembered")
	}
	if err := s.SetPlace("file:///etc/passwd", "k", 0, false); err == nil {
		t.Error("a file: feed stored")
	}
	// No temporary files left beside the store.
	if ents, _ := os.ReadDir(filepath.Join(dir, "config")); len(ents) != 1 {
		t.Errorf("files beside the store: %v", ents)
	}
}

// TestStoreRefresh: a refresh is a conditional GET once a copy is held;
// a permanent redirect moves the subscription with its places.
func TestStoreRefresh(t *testing.T) {
	srv := newShowServer(t)
	srv.mu.Lock()
	srv.etags["/feeds/show.xml"] = `"v1"`
	srv.mu.Unlock()
	c := fetch.New(fetch.Options{})
	dir := t.TempDir()
	s := openTestStore(t, dir)
	old := srv.URL + "/old/show.xml"
	s.SetPlace(old, "rar-ep-3", 42*time.Second, false)
	r, err := s.Refresh(context.Background(), c, old)
	if err != nil {
		t.Fatal(err)
	}
	now := srv.URL + "/feeds/show.xml"
	if r.MovedTo != now || r.NotModified || len(r.Feed.Episodes) != 4 {
		t.Fatalf("first refresh: moved %q, not modified %v", r.MovedTo, r.NotModified)
	}
	if _, ok := s.Feed(old); ok {
		t.Error("the old URL is still stored")
	}
	sub, ok := s.Feed(now)
	if !ok || sub.Title != "Read Along Radio" || sub.ETag != `"v1"` {
		t.Fatalf("stored %+v", sub)
	}
	if st, _ := s.Place(now, "rar-ep-3"); st.Place != 42*time.Second {
		t.Errorf("the place did not move with the feed: %+v", st)
	}
	// Again: 304, the feed read from the copy.
	r, err = s.Refresh(context.Background(), c, now)
	if err != nil {
		t.Fatal(err)
	}
	if !r.NotModified || len(r.Feed.Episodes) != 4 || r.Feed.Episodes[0].Title != "Episode 4: Transcripts" {
		t.Fatalf("second refresh: not modified %v, %d episodes", r.NotModified, len(r.Feed.Episodes))
	}
	// The copy is named by a hash: nothing of the URL in the path.
	ents, _ := os.ReadDir(filepath.Join(dir, "cache"))
	if len(ents) != 1 || strings.Contains(ents[0].Name(), "show") {
		t.Errorf("copies %v", ents)
	}
}

// TestStoreNewFeedURL: <itunes:new-feed-url> moves the subscription.
func TestStoreNewFeedURL(t *testing.T) {
	srv := newShowServer(t)
	s := openTestStore(t, t.TempDir())
	s.SetPlace(srv.URL+"/feeds/moved.xml", "old-1", time.Minute, true)
	r, err := s.Refresh(context.Background(), fetch.New(fetch.Options{}), srv.URL+"/feeds/moved.xml")
	if err != nil {
		t.Fatal(err)
	}
	if r.MovedTo != srv.URL+"/feeds/show.xml" {
		t.Fatalf("moved to %q", r.MovedTo)
	}
	feeds := s.Feeds()
	if len(feeds) != 1 || feeds[0].URL != srv.URL+"/feeds/show.xml" || !feeds[0].Episodes["old-1"].Played {
		t.Errorf("feeds %+v", feeds)
	}
}

func TestStoreOPML(t *testing.T) {
	s := openTestStore(t, t.TempDir())
	for _, name := range []string{"gpodder.opml", "antennapod.opml", "pocketcasts.opml"} {
		f, _ := os.Open("testdata/" + name)
		if _, err := s.ImportOPML(f, name); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	if n := len(s.Feeds()); n != 4 {
		t.Fatalf("%d feeds after importing three lists with one feed in common", n)
	}
	var b bytes.Buffer
	if err := s.ExportOPML(&b); err != nil {
		t.Fatal(err)
	}
	outs, err := ParseOPML(&b, "export")
	if err != nil || len(outs) != 4 || outs[0].Title != "Pocket Only" {
		t.Errorf("export: %v %+v", err, outs)
	}
}
