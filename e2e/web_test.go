package e2e

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// webRate is how fast the test server sends the episode: 40 kB/s, 2.5×
// what it plays at, so that the end is far from arrived while it plays.
const webRate = 40_000

// throttled writes at most webRate bytes a second.
type throttled struct {
	w    http.ResponseWriter
	sent *atomic.Int64
}

func (t throttled) Header() http.Header  { return t.w.Header() }
func (t throttled) WriteHeader(code int) { t.w.WriteHeader(code) }
func (t throttled) Write(p []byte) (int, error) {
	done := 0
	for done < len(p) {
		n := min(len(p)-done, webRate/20)
		k, err := t.w.Write(p[done : done+n])
		done += k
		t.sent.Add(int64(k))
		if err != nil {
			return done, err
		}
		if f, ok := t.w.(http.Flusher); ok {
			f.Flush()
		}
		time.Sleep(50 * time.Millisecond)
	}
	return done, nil
}

// TestWebEpisode opens a feed served on 127.0.0.1 in the real window
// (readalong URL): its episodes are listed; Enter plays the first, heard
// from its first sample while it downloads, with the feed's transcript;
// a skip far past what has arrived is heard at its target.
func TestWebEpisode(t *testing.T) {
	h, ep, bin, rec := startEpisodeRig(t)
	audio, err := os.ReadFile(ep.MP3)
	if err != nil {
		t.Fatal(err)
	}
	transcript, err := os.ReadFile(ep.Transcript)
	if err != nil {
		t.Fatal(err)
	}
	var sent atomic.Int64
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	mux := http.NewServeMux()
	mux.HandleFunc("/episode.mp3", func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(throttled{w, &sent}, r, "episode.mp3", time.Time{}, strings.NewReader(string(audio)))
	})
	mux.HandleFunc("/episode.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(transcript)
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Readalong Test Show</title>
<item><title>The test episode</title><guid>test-1</guid><pubDate>Wed, 04 Mar 2026 10:00:00 GMT</pubDate>
<enclosure url="%[1]s/episode.mp3" type="audio/mpeg" length="%[2]d"/>
<podcast:transcript url="%[1]s/episode.txt" type="text/plain"/></item>
<item><title>An older one</title><guid>test-0</guid><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate>
<enclosure url="%[1]s/episode.mp3" type="audio/mpeg"/></item>
</channel></rss>`, base, len(audio))
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	a := h.launch(bin, base+"/feed.xml")
	a.waitFor(`episodes feed="Readalong Test Show" count=2$`, 0, 30*time.Second)
	h.xdo("search", "--sync", "--onlyvisible", "--name", "Readalong")
	time.Sleep(300 * time.Millisecond)
	h.screenshot("1-episodes")

	// Enter in the search field: the first episode plays as it arrives.
	n := a.count()
	_, chosen, _ := h.xdoTimed("key", "Return")
	a.expect("Enter in the episode list", `episode chosen 0 "The test episode"`, n, keyAnswer)
	a.expect("the episode opening", fmt.Sprintf(`web episode "The test episode" transcript="%s/episode.txt" chapters=0`, base), n, 10*time.Second)
	a.expect("the episode playing", `state pos=[\d.]+ line=-?\d+ playing=true`, n, 10*time.Second)
	a.expect("the transcript shown", fmt.Sprintf(`episode "The test episode" lines=%d `, len(ep.Lines)), n, keyAnswer)
	end := rec.waitTime(h, chosen.Add(2*time.Second))
	from := rec.frameAt(chosen)
	mt := locate(rec.left(from, end), slice(ep.pcm, 0, playedWindow))
	h.check(mt.NCC >= minMatch, "after choosing the episode its start is not in the recording (best NCC %.3f)", mt.NCC)
	lag := rec.timeOf(from + mt.Lag).Sub(chosen)
	timings.add("web: episode chosen → its first sample heard (loopback, 40 kB/s)", "", lag)
	t.Logf("episode chosen → first sample heard after %s; %d bytes sent so far", ms(lag), sent.Load())
	h.screenshot("2-playing")

	// Right three times (30 s each): 90 s on, far past what has arrived.
	time.Sleep(time.Second)
	arrived := sent.Load()
	for i := 0; i < 2; i++ {
		n := a.count()
		h.press("Right")
		a.expect("Right", `seek skip to=`, n, keyAnswer)
	}
	n = a.count()
	_, pressed, _ := h.xdoTimed("key", "Right")
	m, _ := a.expect("the last Right", `seek skip to=([\d.]+)`, n, keyAnswer)
	to, _ := strconv.ParseFloat(m[1], 64)
	toByte := int64(to * 16000) // 128 kbit/s
	h.check(toByte > arrived+64_000, "the skip to %.1f s (byte %d) is not past what had arrived (%d bytes)", to, toByte, arrived)
	end = rec.waitTime(h, pressed.Add(2*time.Second))
	from = rec.frameAt(pressed)
	at := int(to * rate)
	// Located by speech from 20 ms on (see TestChapters): the target may
	// fall in a pause.
	skip := rate / 50
	for at+skip < len(ep.pcm) && abs16(ep.pcm[at+skip]) < 2000 {
		skip++
	}
	mt = locate(rec.left(from, end), slice(ep.pcm, at+skip, at+skip+playedWindow))
	h.check(mt.NCC >= minMatch, "after skipping to %.3f s, past what had arrived, the audio there is not in the recording (best NCC %.3f)", to, mt.NCC)
	lag = rec.timeOf(from + mt.Lag - skip).Sub(pressed)
	timings.add("web: skip past what has arrived → sound there (loopback, 40 kB/s)", "≤ 750 ms", lag)
	t.Logf("skip to %.3f s (byte %d; %d bytes had arrived) → heard after %s", to, toByte, arrived, ms(lag))
	// At 40 kB/s a new request takes its time: the frames before the
	// target that the decoder needs (12 frames, 5 kB) alone take 125 ms,
	// and the device's buffer is filled before it plays. On loopback at
	// full speed, BenchmarkSeekPastDownloaded (package fetch) measures it.
	h.check(lag <= 750*time.Millisecond, "the audio past what had arrived was heard %s after the key, want ≤ 750 ms", ms(lag))
	h.check(alive(a.cmd), "readalong exited")
	h.stop(a.cmd)
}
