package feed

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"readalong/fetch"
	"readalong/player"
)

// BenchmarkLinkToFirstAudio measures what stands between a pasted link
// to an episode and sound, on loopback: following the link (a GET told
// apart as audio), starting the download into the cache, opening the
// growing file and decoding its first 4096 samples (the goal: 150 ms).
func BenchmarkLinkToFirstAudio(b *testing.B) {
	s := newShowServer(b)
	c := fetch.New(fetch.Options{})
	cache, err := fetch.OpenCache(c, b.TempDir(), 0)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([][2]float64, 4096)
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		o, err := Open(context.Background(), c, s.URL+"/audio/ep.mp3")
		if err != nil || o.Kind != KindAudio {
			b.Fatal(o, err)
		}
		d, err := cache.Open(context.Background(), fmt.Sprint(i), o.AudioURL, fetch.DownloadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		src, err := player.OpenGrowing(filepath.Base(o.AudioURL), d, d)
		if err != nil {
			b.Fatal(err)
		}
		if n, _ := src.Stream(buf); n != len(buf) {
			b.Fatalf("decoded %d samples", n)
		}
		total += time.Since(start)
		b.StopTimer()
		src.Close()
		cache.Remove(fmt.Sprint(i))
		b.StartTimer()
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/first-audio")
}
