package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// waitComplete waits for a download to end, failing the test after a
// while.
func waitComplete(t *testing.T, d *Download) {
	t.Helper()
	select {
	case <-d.Done():
	case <-time.After(60 * time.Second):
		t.Fatalf("the download did not end: %+v", d.Progress())
	}
}

// checkFile compares the downloaded file with the original.
func checkFile(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Fatalf("downloaded %d bytes differing from the original (%d bytes) at byte %d", len(got), len(want), i)
	}
}

// downloadAll serves fs and downloads its file whole, checking it; it
// returns the path downloaded to.
func downloadAll(t *testing.T, fs *fileServer, opt DownloadOptions) string {
	t.Helper()
	srv := serve(t, fs)
	path := filepath.Join(t.TempDir(), "ep.audio")
	d, err := New(Options{}).Download(context.Background(), srv.URL+"/ep.mp3", path, opt)
	if err != nil {
		t.Fatal(err)
	}
	waitComplete(t, d)
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	d.Close()
	checkFile(t, path, fs.data)
	return path
}

func readMeta(t *testing.T, path string) meta {
	t.Helper()
	b, err := os.ReadFile(path + rangesExt)
	if err != nil {
		t.Fatal(err)
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDownloadWhole(t *testing.T) {
	data := readAudio(t, "cbr")
	fs := &fileServer{data: data, etag: `"e1"`}
	var mu sync.Mutex
	var seen []Progress
	path := downloadAll(t, fs, DownloadOptions{OnProgress: func(p Progress) {
		mu.Lock()
		seen = append(seen, p)
		mu.Unlock()
	}})
	m := readMeta(t, path)
	if m.Size != int64(len(data)) || len(m.Ranges) != 1 || m.Ranges[0] != (Span{0, int64(len(data))}) || m.ETag != `"e1"` {
		t.Errorf("range map %+v", m)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) == 0 || !seen[len(seen)-1].Done || seen[len(seen)-1].Have != int64(len(data)) || seen[len(seen)-1].Size != int64(len(data)) {
		t.Errorf("progress: %+v", seen)
	}
	if log := fs.log(); log[0] != "bytes=0-|" {
		t.Errorf("first request %q: want a Range from 0 (to learn if ranges work)", log[0])
	}
}

// TestDownloadResumesAfterDrop: the connection drops halfway, twice; the
// download resumes each time with Range and If-Range and ends with the
// file, byte for byte.
func TestDownloadResumesAfterDrop(t *testing.T) {
	data := readAudio(t, "cbr")
	fs := &fileServer{data: data, etag: `"e1"`, dropAfter: len(data) / 3, drops: 2}
	downloadAll(t, fs, DownloadOptions{})
	log := fs.log()
	if len(log) != 3 || !strings.HasSuffix(log[1], `|"e1"`) || log[1] == "bytes=0-|\"e1\"" {
		t.Errorf("requests %q: want resumes with Range past 0 and If-Range", log)
	}
}

// TestDownloadResumesAfterRestart: a download stopped (the program quit)
// resumes from its range map in a new Download.
func TestDownloadResumesAfterRestart(t *testing.T) {
	data := readAudio(t, "cbr")
	fs := &fileServer{data: data, etag: `"e1"`, stall: len(data) / 2}
	srv := serve(t, fs)
	path := filepath.Join(t.TempDir(), "ep.audio")
	c := New(Options{})
	d, err := c.Download(context.Background(), srv.URL+"/ep.mp3", path, DownloadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Wait for the half, then quit.
	if err := d.Wait(context.Background(), 0, int64(len(data)/2)); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if m := readMeta(t, path); m.Ranges.Total() != int64(len(data)/2) || m.Size != int64(len(data)) {
		t.Fatalf("range map after stopping: %+v", m)
	}
	fs.set(func(s *fileServer) { s.stall = 0 })
	d, err = c.Download(context.Background(), srv.URL+"/ep.mp3", path, DownloadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	waitComplete(t, d)
	d.Close()
	checkFile(t, path, data)
	log := fs.log()
	if want := "bytes=" + itoa(len(data)/2) + "-|\"e1\""; log[len(log)-1] != want {
		t.Errorf("requests %q, want the last %q", log, want)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestDownloadWithoutRanges: a server that ignores Range is read through
// from the start after a drop, keeping what was held.
func TestDownloadWithoutRanges(t *testing.T) {
	data := readAudio(t, "cbr")
	fs := &fileServer{data: data, etag: `"e1"`, noRanges: true, dropAfter: len(data) / 2, drops: 1}
	downloadAll(t, fs, DownloadOptions{})
	if n := len(fs.log()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

// TestDownloadChangedOnServer: resuming a file whose ETag changed fails
// with ErrChanged and drops the stale bytes.
func TestDownloadChangedOnServer(t *testing.T) {
	data := readAudio(t, "cbr")
	fs := &fileServer{data: data, etag: `"e1"`, stall: len(data) / 2}
	srv := serve(t, fs)
	path := filepath.Join(t.TempDir(), "ep.audio")
	c := New(Options{})
	d, _ := c.Download(context.Background(), srv.URL+"/ep.mp3", path, DownloadOptions{})
	d.Wait(context.Background(), 0, int64(len(data)/2))
	d.Close()
	fs.set(func(s *fileServer) { s.stall, s.etag = 0, `"e2"` })
	d, _ = c.Download(context.Background(), srv.URL+"/ep.mp3", path, DownloadOptions{})
	waitComplete(t, d)
	err := d.Err()
	d.Close()
	if !errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), srv.URL+"/ep.mp3") {
		t.Fatalf("err %v, want ErrChanged naming the URL", err)
	}
	if m := readMeta(t, path); len(m.Ranges) != 0 {
		t.Errorf("stale bytes kept: %+v", m.Ranges)
	}
	// The next attempt starts afresh and gets the new file.
	d, _ = c.Download(context.Background(), srv.URL+"/ep.mp3", path, DownloadOptions{})
	waitComplete(t, d)
	d.Close()
	checkFile(t, path, data)
}

// TestDownloadLyingLength: a server announcing more bytes than it has.
// With ranges, Content-Range tells the truth and the file is complete;
// without, the download fails with ErrLength once the body comes short
// again without a new byte.
func TestDownloadLyingLength(t *testing.T) {
	data := readAudio(t, "cbr")[:200000]
	for _, noRanges := range []bool{false, true} {
		fs := &fileServer{data: data, etag: `"e1"`, lieLength: 5000, noRanges: noRanges}
		srv := serve(t, fs)
		path := filepath.Join(t.TempDir(), "ep.audio")
		d, err := New(Options{}).Download(context.Background(), srv.URL+"/ep.mp3", path, DownloadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		waitComplete(t, d)
		err = d.Err()
		d.Close()
		if !noRanges {
			if err != nil {
				t.Fatalf("with ranges: %v", err)
			}
			checkFile(t, path, data)
			continue
		}
		if !errors.Is(err, ErrLength) || !strings.Contains(err.Error(), srv.URL) || !strings.Contains(err.Error(), "said 205000 bytes, the server sent 200000") {
			t.Fatalf("without ranges: err %v, want ErrLength naming the URL", err)
		}
	}
}

// TestDownload404 fails at once with the status.
func TestDownload404(t *testing.T) {
	srv := serve(t, http.NotFoundHandler())
	d, _ := New(Options{}).Download(context.Background(), srv.URL+"/gone.mp3", filepath.Join(t.TempDir(), "ep.audio"), DownloadOptions{})
	waitComplete(t, d)
	err := d.Err()
	if !errors.Is(err, ErrStatus) || !strings.Contains(err.Error(), "HTTP 404") {
		t.Fatalf("err %v", err)
	}
	// A reader waiting gets the error too.
	if _, err := d.ReadAt(make([]byte, 10), 0); !errors.Is(err, ErrStatus) {
		t.Errorf("ReadAt: %v", err)
	}
	d.Close()
}

// TestDownloadReadAhead: a read far past what a slow transfer has
// brought starts a second, ranged request there, and is served long
// before the first transfer would get there.
func TestDownloadReadAhead(t *testing.T) {
	data := readAudio(t, "cbr")
	fs := &fileServer{data: data, etag: `"e1"`, rate: 100 << 10, rateFrom0: true}
	srv := serve(t, fs)
	path := filepath.Join(t.TempDir(), "ep.audio")
	d, err := New(Options{}).Download(context.Background(), srv.URL+"/ep.mp3", path, DownloadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	off := int64(len(data) * 3 / 4)
	buf := make([]byte, 8192)
	start := time.Now()
	if _, err := d.ReadAt(buf, off); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("the read ahead took %v", el)
	}
	if !bytes.Equal(buf, data[off:off+8192]) {
		t.Fatal("read ahead returned the wrong bytes")
	}
	found := false
	for _, r := range fs.log() {
		if strings.HasPrefix(r, "bytes="+itoa(int(off))+"-") {
			found = true
		}
	}
	if !found {
		t.Errorf("requests %q: none from byte %d", fs.log(), off)
	}
	// Everything arrives in the end, the holes filled.
	fs.set(func(s *fileServer) { s.rate = 0 })
	waitComplete(t, d)
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	checkFile(t, path, data)
}

// TestDownloadCancelWait: a reader's wait ends with its context; Close
// ends every wait.
func TestDownloadCancelWait(t *testing.T) {
	data := readAudio(t, "cbr")
	fs := &fileServer{data: data, etag: `"e1"`, stall: 1000}
	srv := serve(t, fs)
	d, _ := New(Options{}).Download(context.Background(), srv.URL+"/ep.mp3", filepath.Join(t.TempDir(), "ep.audio"), DownloadOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := d.Wait(ctx, 0, 5000); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait: %v", err)
	}
	done := make(chan error)
	go func() {
		_, err := d.ReadAt(make([]byte, 5000), 0)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	d.Close()
	select {
	case err := <-done:
		if !errors.Is(err, ErrClosed) {
			t.Errorf("ReadAt after Close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a read survives Close")
	}
}

// TestDownloadContext: the context the download was started with bounds
// it: canceled, its transfers stop, waiting readers get ErrCanceled, and
// what arrived is kept for a resume.
func TestDownloadContext(t *testing.T) {
	data := readAudio(t, "cbr")
	fs := &fileServer{data: data, etag: `"e1"`, stall: 50000}
	srv := serve(t, fs)
	path := filepath.Join(t.TempDir(), "ep.audio")
	ctx, cancel := context.WithCancel(context.Background())
	d, _ := New(Options{}).Download(ctx, srv.URL+"/ep.mp3", path, DownloadOptions{})
	d.Wait(context.Background(), 0, 50000)
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := d.ReadAt(make([]byte, 1000), 60000)
	if !errors.Is(err, ErrCanceled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("read after the cancel: %v", err)
	}
	d.Close()
	if m := readMeta(t, path); m.Ranges.Total() != 50000 {
		t.Errorf("kept %d bytes, want the 50000 that arrived", m.Ranges.Total())
	}
}

func TestRanges(t *testing.T) {
	var r Ranges
	r.Add(10, 20)
	r.Add(30, 40)
	r.Add(20, 25) // touches: merges
	r.Add(50, 60)
	r.Add(35, 55) // bridges two
	want := Ranges{{10, 25}, {30, 60}}
	if len(r) != len(want) || r[0] != want[0] || r[1] != want[1] {
		t.Fatalf("ranges %v, want %v", r, want)
	}
	if r.Held(12) != 13 || r.Held(25) != 0 || r.Held(5) != 0 || !r.Contains(31, 59) || r.Contains(24, 31) {
		t.Error("Held/Contains wrong")
	}
	if r.NextHole(10, 100) != 25 || r.NextHole(0, 100) != 0 || r.NextHole(30, 60) != -1 {
		t.Error("NextHole wrong")
	}
	if g := r.gaps(0, 70); len(g) != 3 || g[0] != (Span{0, 10}) || g[1] != (Span{25, 30}) || g[2] != (Span{60, 70}) {
		t.Errorf("gaps %v", g)
	}
	if r.Total() != 45 || !r.valid(60) || r.valid(59) {
		t.Error("Total/valid wrong")
	}
	r.Clip(35)
	if len(r) != 2 || r[1] != (Span{30, 35}) {
		t.Errorf("clipped %v", r)
	}
}

func TestParseContentRange(t *testing.T) {
	good := map[string][2]int64{"bytes 0-99/1000": {0, 1000}, "bytes 500-999/1000": {500, 1000}, "bytes 5-9/*": {5, -1}}
	for in, want := range good {
		if a, tot, err := parseContentRange(in); err != nil || a != want[0] || tot != want[1] {
			t.Errorf("%q: %d %d %v", in, a, tot, err)
		}
	}
	for _, in := range []string{"", "bytes */1000", "bytes 9-5/100", "items 0-1/2", "bytes 0-99/50", "bytes a-b/c"} {
		if _, _, err := parseContentRange(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

// FuzzContentRange: no header makes the parser panic or accept a range
// that ends before it starts.
func FuzzContentRange(f *testing.F) {
	for _, s := range []string{"bytes 0-99/1000", "bytes 5-9/*", "bytes */100", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, total, err := parseContentRange(s)
		if err == nil && (start < 0 || total < -1 || total == 0) {
			t.Fatalf("%q: start %d total %d", s, start, total)
		}
	})
}
