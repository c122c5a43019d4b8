package app

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// pictureServer serves a 64×48 PNG at /pic.png, a 9000×10 one at
// /huge.png, text at /text.png and 404 elsewhere, counting requests.
func pictureServer(t *testing.T) (*httptest.Server, *atomic.Int32, []byte) {
	t.Helper()
	img := func(w, h int) []byte {
		m := image.NewRGBA(image.Rect(0, 0, w, h))
		m.Set(1, 1, color.RGBA{200, 10, 10, 255})
		var b bytes.Buffer
		png.Encode(&b, m)
		return b.Bytes()
	}
	small, huge := img(64, 48), img(9000, 10)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/pic.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(small)
		case "/huge.png":
			w.Write(huge)
		case "/text.png":
			w.Write([]byte("<html>not a picture</html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &hits, small
}

// webPicturedEpisode writes an episode whose chapters' pictures are at
// base+paths[i], one chapter a minute.
func webPicturedEpisode(t *testing.T, base string, paths ...string) string {
	dir := t.TempDir()
	ep := filepath.Join(dir, "talk.mp3")
	os.WriteFile(ep, []byte("audio"), 0o644)
	var cs []string
	for i, p := range paths {
		cs = append(cs, fmt.Sprintf(`{"startTime":%d,"title":"Part %d","img":%q}`, 60*i, i+1, base+p))
	}
	os.WriteFile(filepath.Join(dir, "talk.chapters.json"), []byte(`{"version":"1.2.0","chapters":[`+strings.Join(cs, ",")+`]}`), 0o644)
	return ep
}

// deliverHere has u's fetched pictures delivered on the test's goroutine,
// as the app has them delivered on Fyne's: by waitUntil.
func deliverHere(u *UI) chan func() {
	ch := make(chan func(), 16)
	u.pics.do = func(f func()) { ch <- f }
	return ch
}

// waitUntil runs what was delivered on ch until ok holds.
func waitUntil(t *testing.T, ch chan func(), what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); ; {
		select {
		case f := <-ch:
			f()
		case <-time.After(10 * time.Millisecond):
		}
		if ok() {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("waited 5 s for %s", what)
		}
	}
}

func TestWebPicturesOnlyOnceAllowed(t *testing.T) {
	srv, hits, want := pictureServer(t)
	u, eng := newTestUI(t, 3)
	eng.dur = 10 * time.Minute
	ch := deliverHere(u)
	if err := u.OpenFiles(webPicturedEpisode(t, srv.URL, "/pic.png", "/missing.png", "/huge.png", "/text.png"), ""); err != nil {
		t.Fatal(err)
	}
	u.sync()
	// Never asked: a notice says where the pictures are; nothing fetched.
	if n := u.notes.msgs[noticePictures]; !strings.Contains(n, "127.0.0.1") || !strings.Contains(n, "Chapter Pictures from the Web") {
		t.Errorf("notice %q", n)
	}
	time.Sleep(100 * time.Millisecond)
	if hits.Load() != 0 || u.ctl.cover.Visible() {
		t.Fatalf("%d requests before the listener allowed any", hits.Load())
	}
	it := menuItem(t, u, "View", "Chapter Pictures from the Web")
	if it.Checked {
		t.Fatalf("View menu item %+v", it)
	}
	// Allowed from the menu: fetched and shown beside the title.
	it.Action()
	waitUntil(t, ch, "the picture", func() bool {
		r := u.ctl.cover.Resource
		return u.ctl.cover.Visible() && r != nil && bytes.Equal(r.Content(), want)
	})
	if u.notes.msgs[noticePictures] != "" {
		t.Errorf("the notice stays: %q", u.notes.msgs[noticePictures])
	}
	if it := menuItem(t, u, "View", "Chapter Pictures from the Web"); !it.Checked {
		t.Error("the menu item is not checked once allowed")
	}
	// Pictures that fail say why, naming the URL; the app goes on.
	for i, want := range []string{"404", "8000", "no PNG"} {
		eng.set(time.Duration(i+1) * time.Minute)
		u.sync()
		waitUntil(t, ch, "the notice for "+want, func() bool { return strings.Contains(u.notes.msgs[noticePictures], want) })
		if n := u.notes.msgs[noticePictures]; !strings.Contains(n, srv.URL) && !strings.Contains(n, "127.0.0.1") {
			t.Errorf("the notice %q does not name the picture", n)
		}
		if u.ctl.cover.Visible() {
			t.Errorf("chapter %d shows a picture", i+2)
		}
	}
	// Back to the first: fetched once only.
	before := hits.Load()
	eng.set(10 * time.Second)
	u.sync()
	if hits.Load() != before || !u.ctl.cover.Visible() {
		t.Errorf("the first picture again: %d more requests, shown %v", hits.Load()-before, u.ctl.cover.Visible())
	}
	// Turned off: not shown, and no request.
	menuItem(t, u, "View", "Chapter Pictures from the Web").Action()
	if u.ctl.cover.Visible() {
		t.Error("a picture from the web shows after turning them off")
	}
	// The choice stays for the next episode: no notice asking.
	if err := u.OpenFiles(webPicturedEpisode(t, srv.URL, "/pic.png"), ""); err != nil {
		t.Fatal(err)
	}
	u.sync()
	if u.notes.msgs[noticePictures] != "" || hits.Load() != before {
		t.Errorf("after turning them off: notice %q, %d requests", u.notes.msgs[noticePictures], hits.Load()-before)
	}
}
