package player

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// longEpisode writes an episode of about the given length by repeating
// the frames of a short CBR file without a tag (a valid stream: every
// frame is whole).
func longEpisode(b *testing.B, length time.Duration) string { return longEpisodeT(b, length) }

// longEpisodeT is longEpisode for tests and benchmarks alike.
func longEpisodeT(b testing.TB, length time.Duration) string {
	b.Helper()
	src := readFile(b, "testdata/speech-notag.mp3")
	p := filepath.Join(b.TempDir(), "long.mp3")
	per := 8500 * time.Millisecond
	var buf bytes.Buffer
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	for d := time.Duration(0); d < length; d += per {
		buf.Write(src)
		if buf.Len() > 8<<20 {
			f.Write(buf.Bytes())
			buf.Reset()
		}
	}
	f.Write(buf.Bytes())
	return p
}

// BenchmarkTimeToFirstAudio opens an episode from disk and decodes its
// first 4096 samples: what stands between a click on Open and sound. It
// must not grow with the episode's length (the index is built while the
// episode plays).
func BenchmarkTimeToFirstAudio(b *testing.B) {
	for _, c := range []struct {
		name string
		d    time.Duration
	}{{"1m", time.Minute}, {"1h", time.Hour}, {"3h", 3 * time.Hour}} {
		b.Run(c.name, func(b *testing.B) {
			p := longEpisode(b, c.d)
			buf := make([][2]float64, 4096)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				src, err := OpenFile(p)
				if err != nil {
					b.Fatal(err)
				}
				if n, _ := src.Stream(buf); n != len(buf) {
					b.Fatalf("decoded %d samples", n)
				}
				src.Close()
			}
		})
	}
}

// BenchmarkIndex measures building the whole frame index of a 1-hour
// episode from disk.
func BenchmarkIndex(b *testing.B) {
	p := longEpisode(b, time.Hour)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		src, err := OpenFile(p)
		if err != nil {
			b.Fatal(err)
		}
		src.(*mp3Source).x.wait()
		src.Close()
	}
}

// BenchmarkDecodeSpeed reports decoding speed as a multiple of real time.
func BenchmarkDecodeSpeed(b *testing.B) {
	data := readFile(b, speechFiles[0])
	var samples int
	start := time.Now()
	for i := 0; i < b.N; i++ {
		src, err := OpenBytes("x.mp3", data)
		if err != nil {
			b.Fatal(err)
		}
		samples += len(streamAll(src))
	}
	b.ReportMetric(float64(samples)/44100/time.Since(start).Seconds(), "x_realtime")
}

// BenchmarkSeekExact measures a sample-exact seek and the first samples
// after it.
func BenchmarkSeekExact(b *testing.B) {
	src, err := OpenBytes("x.mp3", readFile(b, speechFiles[0]))
	if err != nil {
		b.Fatal(err)
	}
	buf := make([][2]float64, 512)
	n := src.Len()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		src.Seek((i * 7919 * 13) % n)
		src.Stream(buf)
	}
}

// BenchmarkExport cuts 60 s and 10 min clips from the middle of a 1-hour
// episode, as MP3 (frames copied) and as WAV (decoded).
func BenchmarkExport(b *testing.B) {
	p := longEpisode(b, time.Hour)
	for _, c := range []struct {
		name string
		d    time.Duration
	}{{"60s", time.Minute}, {"10min", 10 * time.Minute}} {
		r := Range{From: 20 * time.Minute, To: 20*time.Minute + c.d}
		b.Run("mp3/"+c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := ExportMP3(context.Background(), Media{Path: p}, r, io.Discard, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("wav/"+c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := ExportWAV(context.Background(), Media{Path: p}, r, WAVOptions{}, io.Discard, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
