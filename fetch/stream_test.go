package fetch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"readalong/player"
)

// The player's view of a download: fetch does not import player, but a
// Download must be a player.Growing.
var _ player.Growing = (*Download)(nil)

// decodeAll streams a source to its end.
func decodeAll(s player.Source) [][2]float64 {
	var out [][2]float64
	buf := make([][2]float64, 4096)
	for {
		n, ok := s.Stream(buf)
		out = append(out, buf[:n]...)
		if !ok {
			return out
		}
	}
}

// straightDecodes holds the reference decodes, by path.
var straightDecodes sync.Map

// straight decodes a file from disk, without seeking: the reference.
func straight(t testing.TB, path string) [][2]float64 {
	t.Helper()
	if ref, ok := straightDecodes.Load(path); ok {
		return ref.([][2]float64)
	}
	src, err := player.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	ref := decodeAll(src)
	straightDecodes.Store(path, ref)
	return ref
}

func sameSamples(t *testing.T, what string, got, want [][2]float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d samples, straight decode %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: sample %d is %v, straight decode %v", what, i, got[i], want[i])
		}
	}
}

// stream serves fs and plays its file as it downloads.
func stream(t *testing.T, fs *fileServer) (*Download, player.Source) {
	t.Helper()
	srv := serve(t, fs)
	d, err := New(Options{}).Download(context.Background(), srv.URL+"/ep.mp3", filepath.Join(t.TempDir(), "ep.audio"), DownloadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := player.OpenGrowing("ep.mp3", d, d)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return d, src
}

type readier interface{ Ready(n int) bool }

// waitReady waits until the source can decode n samples without waiting.
func waitReady(t testing.TB, s player.Source, n int) time.Duration {
	t.Helper()
	start := time.Now()
	for !s.(readier).Ready(n) {
		if time.Since(start) > 30*time.Second {
			t.Fatal("the source never became ready")
		}
		time.Sleep(200 * time.Microsecond)
	}
	return time.Since(start)
}

// The player's own test speech (espeak-ng and lame, 8.5 s): short
// enough to decode whole several times under the race detector.
const (
	shortCBR = "../player/testdata/speech-128k-stereo.mp3"
	shortVBR = "../player/testdata/speech-vbr.mp3"
)

// TestStreamPlaysWhileDownloading: an episode served slowly (a few
// times real time) plays from its first frames, and what the player
// decodes from the download is the straight decode of the file, sample
// for sample; also through a dropped connection and from a server
// without range support.
func TestStreamPlaysWhileDownloading(t *testing.T) {
	for _, c := range []struct {
		name string
		kind string
		set  func(*fileServer)
	}{
		{"cbr", shortCBR, func(s *fileServer) {}},
		{"vbr", shortVBR, func(s *fileServer) {}},
		{"dropped", shortCBR, func(s *fileServer) { s.dropAfter, s.drops = len(s.data)/2, 1 }},
		{"no-ranges-dropped", shortVBR, func(s *fileServer) { s.noRanges, s.dropAfter, s.drops = true, len(s.data)/3, 1 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := c.kind
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ref := straight(t, path)
			fs := &fileServer{data: data, etag: `"e1"`, rate: len(data)}
			c.set(fs)
			start := time.Now()
			_, src := stream(t, fs)
			first := waitReady(t, src, 4096) + time.Since(start)
			got := decodeAll(src)
			all := time.Since(start)
			sameSamples(t, "decoded while downloading", got, ref)
			if err := player.Source(src).Err(); err != nil {
				t.Errorf("Err: %v", err)
			}
			t.Logf("ready to play after %v; the download took %v", first.Round(time.Millisecond), all.Round(time.Millisecond))
			if c.name == "cbr" && first > all/2 {
				t.Errorf("playback could start only after %v of a %v download", first, all)
			}
		})
	}
}

// TestStreamSeekPastDownloaded seeks far past what a slow download has
// brought: a ranged request starts there, sound comes from the target
// within moments (sample-exact to the straight decode at the frame the
// estimate gave), and once the download has filled the gap the position
// is corrected to the exact sample and playback goes on seamlessly.
func TestStreamSeekPastDownloaded(t *testing.T) {
	for _, kind := range []string{"cbr", "vbr"} {
		t.Run(kind, func(t *testing.T) {
			path := audioFile(t, kind)
			data := readAudio(t, kind)
			ref := straight(t, path)
			// The transfer from the start crawls; ranged ones are fast.
			fs := &fileServer{data: data, etag: `"e1"`, rate: 32 << 10, rateFrom0: true}
			d, src := stream(t, fs)
			waitReady(t, src, 4096)
			n := src.Len() * 3 / 4
			if err := src.Seek(n); err != nil {
				t.Fatal(err)
			}
			took := waitReady(t, src, 8192)
			t.Logf("sound %v after the seek; %d of %d bytes downloaded", took.Round(time.Millisecond), d.Progress().Have, len(data))
			// Served by a ranged request, not by the crawl from the start.
			if front := d.Held(0); front >= int64(len(data))*3/4-64<<10 {
				t.Fatalf("the download from the start had reached byte %d: the seek was not served from a range", front)
			}
			ranged := false
			for _, r := range fs.log() {
				ranged = ranged || !strings.HasPrefix(r, "bytes=0-")
			}
			if !ranged {
				t.Fatalf("requests %q: no ranged request for the seek", fs.log())
			}
			got := make([][2]float64, 8192)
			k, _ := src.Stream(got)
			got = got[:k]
			shift := -1000
			for s := -100; s <= 100 && shift == -1000; s++ {
				at := n + s*1152
				if at >= 0 && at+k <= len(ref) && equal(got, ref[at:at+k]) {
					shift = s
				}
			}
			if shift == -1000 {
				t.Fatal("what played after the seek is not the straight decode near the target")
			}
			t.Logf("estimate off by %d frames", shift)
			if kind == "cbr" && shift != 0 {
				t.Errorf("CBR estimate off by %d frames", shift)
			}
			// Let the download finish; the index reaches the frames.
			fs.set(func(s *fileServer) { s.rate = 0 })
			waitComplete(t, d)
			var delta int
			var moved bool
			rest := make([][2]float64, 4096)
			for i := 0; i < 200 && !moved; i++ {
				time.Sleep(5 * time.Millisecond)
				k2, _ := src.Stream(rest)
				pos := src.Position()
				if c, ok := src.(player.Corrector); ok {
					delta, moved = c.TakeCorrection()
				}
				if moved || shift == 0 {
					// The samples after the correction continue the
					// straight decode at the exact position.
					sameSamples(t, "after the correction", rest[:k2], ref[pos-k2:pos])
					break
				}
			}
			if shift != 0 && (!moved || delta != shift*1152) {
				t.Fatalf("correction %d (reported %v), want %d", delta, moved, shift*1152)
			}
		})
	}
}

func equal(a, b [][2]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// BenchmarkSeekPastDownloaded measures a seek into the part of an episode
// not downloaded yet, on loopback: from Seek to the first decoded samples
// at the target (a ranged request, an island indexed, frames decoded).
func BenchmarkSeekPastDownloaded(b *testing.B) {
	for _, kind := range []string{"cbr", "vbr"} {
		b.Run(kind, func(b *testing.B) {
			data := readAudio(b, kind)
			fs := &fileServer{data: data, etag: `"e1"`, rate: 16 << 10, rateFrom0: true}
			srv := serve(b, fs)
			c := New(Options{})
			buf := make([][2]float64, 4096)
			var total time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				d, err := c.Download(context.Background(), srv.URL+"/ep.mp3", filepath.Join(b.TempDir(), fmt.Sprint(i)), DownloadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				src, err := player.OpenGrowing("ep.mp3", d, d)
				if err != nil {
					b.Fatal(err)
				}
				target := src.Len() * (50 + i%40) / 100
				b.StartTimer()
				start := time.Now()
				src.Seek(target)
				if n, _ := src.Stream(buf); n != len(buf) {
					b.Fatalf("decoded %d samples", n)
				}
				total += time.Since(start)
				b.StopTimer()
				src.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/seek")
		})
	}
}
