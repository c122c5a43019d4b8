package fetch

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testAudio is a real MP3 of speech, made once per test run with
// espeak-ng, sox and lame (as e2e/episode_test.go makes the project's
// test speech).
var testAudio struct {
	once     sync.Once
	dir      string
	cbr, vbr string
	err      error
}

// speechScript is what the test episode says; repeated three times it
// makes about half a minute.
const speechScript = "Readalong plays this episode while it downloads. The transcript follows the voice, line by line, " +
	"and a seek past the part that has arrived asks the server for the bytes there. "

// audioFile returns the path of the test MP3, "cbr" (128 kbit/s with an
// Info tag) or "vbr" (lame -V 4, with a Xing table of contents).
func audioFile(t testing.TB, kind string) string {
	t.Helper()
	for _, tool := range []string{"espeak-ng", "sox", "lame"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (make deps installs it)", tool)
		}
	}
	testAudio.once.Do(func() {
		dir, err := os.MkdirTemp("", "readalong-fetch-test-")
		if err != nil {
			testAudio.err = err
			return
		}
		testAudio.dir = dir
		run := func(name string, args ...string) {
			if testAudio.err != nil {
				return
			}
			if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
				testAudio.err = fmt.Errorf("%s: %v: %s", name, err, out)
			}
		}
		raw := filepath.Join(dir, "raw.wav")
		wav := filepath.Join(dir, "speech.wav")
		run("espeak-ng", "-v", "en-us+m3", "-s", "165", "-w", raw, strings.Repeat(speechScript, 3))
		run("sox", "-D", "-R", raw, "-r", "44100", "-c", "2", wav)
		testAudio.cbr = filepath.Join(dir, "cbr.mp3")
		testAudio.vbr = filepath.Join(dir, "vbr.mp3")
		run("lame", "--quiet", "-b", "128", "--cbr", "--id3v2-only", "--tt", "Test episode", wav, testAudio.cbr)
		run("lame", "--quiet", "-V", "4", wav, testAudio.vbr)
	})
	if testAudio.err != nil {
		t.Fatalf("making the test episode: %v", testAudio.err)
	}
	if kind == "vbr" {
		return testAudio.vbr
	}
	return testAudio.cbr
}

func TestMain(m *testing.M) {
	code := m.Run()
	if testAudio.dir != "" {
		os.RemoveAll(testAudio.dir)
	}
	os.Exit(code)
}

// fileServer serves one file the way an episode host does, with knobs
// for the ways hosts misbehave. Safe for concurrent use.
type fileServer struct {
	data []byte
	etag string

	mu sync.Mutex
	// noRanges ignores Range headers (always 200 and the whole file).
	noRanges bool
	// dropAfter cuts the connection after this many body bytes, for the
	// first drops requests (0: never).
	dropAfter int
	drops     int
	// rate throttles the body to about this many bytes a second (0: at
	// full speed); rateFrom0 throttles only requests from byte 0.
	rate      int
	rateFrom0 bool
	// lieLength adds this to the Content-Length the server announces.
	lieLength int
	// stall stops sending (without closing) after this many bytes.
	stall int
	// requests records each request's Range and If-Range headers.
	requests []string
}

func (s *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Header.Get("Range")+"|"+r.Header.Get("If-Range"))
	noRanges, rate, lie, stall, etag := s.noRanges, s.rate, s.lieLength, s.stall, s.etag
	drop := 0
	if s.drops > 0 {
		drop = s.dropAfter
		s.drops--
	}
	s.mu.Unlock()
	start, end := 0, len(s.data)
	status := http.StatusOK
	if rng := r.Header.Get("Range"); rng != "" && !noRanges {
		ir := r.Header.Get("If-Range")
		if ir == "" || ir == etag {
			from, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rng, "bytes="), "-"))
			if err == nil && from < len(s.data) {
				start, status = from, http.StatusPartialContent
			} else if err == nil {
				w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(s.data)))
				w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
				return
			}
		}
	}
	if start > 0 && s.rateFrom0 {
		rate = 0
	}
	w.Header().Set("Content-Type", "audio/mpeg")
	w.Header().Set("ETag", etag)
	if !noRanges {
		w.Header().Set("Accept-Ranges", "bytes")
	}
	if status == http.StatusPartialContent {
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end-1, len(s.data)))
	}
	w.Header().Set("Content-Length", strconv.Itoa(end-start+lie))
	w.WriteHeader(status)
	body := s.data[start:end]
	sent := 0
	chunk := 16 << 10
	if rate > 0 {
		chunk = max(1024, rate/50)
	}
	for sent < len(body) {
		n := min(chunk, len(body)-sent)
		if drop > 0 && sent+n > drop {
			w.Write(body[sent:drop])
			panic(http.ErrAbortHandler) // the connection drops
		}
		if stall > 0 && sent+n > stall {
			w.Write(body[sent:stall])
			w.(http.Flusher).Flush()
			<-r.Context().Done()
			return
		}
		if _, err := w.Write(body[sent : sent+n]); err != nil {
			return
		}
		sent += n
		if start == 0 || !s.rateFrom0 {
			s.mu.Lock()
			rate = s.rate // the rate may change while a body is sent
			s.mu.Unlock()
		}
		if rate > 0 {
			w.(http.Flusher).Flush()
			select {
			case <-time.After(time.Duration(n) * time.Second / time.Duration(rate)):
			case <-r.Context().Done():
				return
			}
		}
	}
}

func (s *fileServer) set(f func(s *fileServer)) {
	s.mu.Lock()
	f(s)
	s.mu.Unlock()
}

func (s *fileServer) log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// serve starts a server on 127.0.0.1 for the duration of the test.
func serve(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// readAudio reads a test MP3.
func readAudio(t testing.TB, kind string) []byte {
	t.Helper()
	b, err := os.ReadFile(audioFile(t, kind))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
