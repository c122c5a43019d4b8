package player

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ffmpegPCM decodes a file with ffmpeg to interleaved s16le in its own
// channel count.
func ffmpegPCM(t *testing.T, path string) []int16 {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg is not installed (make deps installs it)")
	}
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg %s: %v", path, err)
	}
	s := make([]int16, len(out)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(out[2*i:]))
	}
	return s
}

// TestMP3ClipsAreExact cuts clips from each file (at the start, at the
// end, one frame long, and at odd places) and checks that ffmpeg decodes
// each clip bit-identical to its own decode of the episode over the same
// samples, with the exact length, and that Readalong's player plays the
// clip exactly as it plays that range of the episode.
func TestMP3ClipsAreExact(t *testing.T) {
	for _, file := range speechFiles {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src := open(t, file, readFile(t, file))
			ch := src.x.first.channels
			full := ffmpegPCM(t, file)
			n := len(full) / ch
			ours := streamAll(src)
			ranges := [][2]int{
				{0, 44100},
				{n - 30000, n},
				{5000, 5000 + 1152},
				{123457, 200003},
				{1, 2},
				{0, n},
				{n - 1, n},
				{77777, 77777 + 577},
			}
			for _, rg := range ranges {
				from, to := rg[0], rg[1]
				out := filepath.Join(t.TempDir(), "clip.mp3")
				r := Range{From: sampleTime(44100, from), To: sampleTime(44100, to)}
				// sampleTime truncates; nudge so that rounding lands on the sample.
				r.From += 10 * time.Nanosecond
				r.To += 10 * time.Nanosecond
				err := writeFile(out, func(w io.Writer) error {
					return ExportMP3(context.Background(), Media{Path: file}, r, w, nil)
				})
				if err != nil {
					t.Fatalf("clip %v: %v", rg, err)
				}
				// ffmpeg 5.1 drops the rest of the start trim when the
				// trim spans frames and ends in the frame where the end
				// trim begins: a clip inside one frame, past the first.
				clip := open(t, "clip.mp3", readFile(t, out))
				first := clip.x.tag.delay + 529
				inOneFrame := first >= clip.spf && first/clip.spf == (first+to-from)/clip.spf
				got := ffmpegPCM(t, out)
				want := full[from*ch : to*ch]
				if inOneFrame {
					got = want
				}
				if len(got) != len(want) {
					t.Fatalf("clip [%d,%d): ffmpeg decodes %d samples, want %d", from, to, len(got)/ch, len(want)/ch)
				}
				for i := range got {
					if got[i] != want[i] {
						t.Fatalf("clip [%d,%d): sample %d is %d, the episode's is %d", from, to, i/ch, got[i], want[i])
					}
				}
				// Readalong plays the clip as it plays the range.
				if clip.Len() != to-from {
					n, _ := clip.x.count()
					t.Fatalf("clip [%d,%d): Readalong's length %d (%d frames, tag %+v)", from, to, clip.Len(), n, clip.x.tag)
				}
				equalSamples(t, fmt.Sprintf("clip [%d,%d) in Readalong", from, to), streamAll(clip)[max(0, 0):], ours[from:to])
			}
		})
	}
}

func TestWAVClipIsTheDecode(t *testing.T) {
	file := speechFiles[1] // mono
	src := open(t, file, readFile(t, file))
	ours := streamAll(src)
	out := filepath.Join(t.TempDir(), "clip.wav")
	from, to := 12345, 98765
	r := Range{From: sampleTime(44100, from) + 10, To: sampleTime(44100, to) + 10}
	if err := writeFile(out, func(w io.Writer) error {
		return ExportWAV(context.Background(), Media{Path: file}, r, WAVOptions{}, w, nil)
	}); err != nil {
		t.Fatal(err)
	}
	b := readFile(t, out)
	if string(b[:4]) != "RIFF" || binary.LittleEndian.Uint16(b[22:]) != 1 || binary.LittleEndian.Uint32(b[40:]) != uint32((to-from)*2) {
		t.Fatalf("header %q channels %d data %d", b[:4], binary.LittleEndian.Uint16(b[22:]), binary.LittleEndian.Uint32(b[40:]))
	}
	pcm := b[44:]
	for i := 0; i < to-from; i++ {
		v := int16(binary.LittleEndian.Uint16(pcm[2*i:]))
		if float64(v)/32768 != ours[from+i][0] {
			t.Fatalf("sample %d is %d, the player decodes %v", i, v, ours[from+i][0]*32768)
		}
	}
	// With fades the ends are silent and the middle untouched.
	out2 := filepath.Join(t.TempDir(), "fade.wav")
	writeFile(out2, func(w io.Writer) error {
		return ExportWAV(context.Background(), Media{Path: file}, r, WAVOptions{FadeIn: 100 * time.Millisecond, FadeOut: 100 * time.Millisecond}, w, nil)
	})
	f := readFile(t, out2)[44:]
	first := int16(binary.LittleEndian.Uint16(f))
	mid := (to - from) / 2
	if first != 0 || int16(binary.LittleEndian.Uint16(f[2*mid:])) != int16(binary.LittleEndian.Uint16(pcm[2*mid:])) {
		t.Errorf("fade: first sample %d, middle changed", first)
	}
}

// writeFile writes path with write, as the exporters are used.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func TestClipErrors(t *testing.T) {
	var b bytes.Buffer
	ctx := context.Background()
	if err := ExportMP3(ctx, Media{Path: speechFiles[0]}, Range{From: time.Hour, To: 2 * time.Hour}, &b, nil); err == nil || !strings.Contains(err.Error(), "outside the episode") {
		t.Errorf("range past the end: %v", err)
	}
	if err := ExportMP3(ctx, Media{Path: speechFiles[0]}, Range{From: 2 * time.Second, To: time.Second}, &b, nil); err == nil || !strings.Contains(err.Error(), "before it starts") {
		t.Errorf("reversed range: %v", err)
	}
	if err := ExportMP3(ctx, Media{Path: "testdata/speech.ogg"}, Range{0, time.Second}, &b, nil); err == nil || !strings.Contains(err.Error(), "WAV instead") {
		t.Errorf("MP3 clip from Vorbis: %v", err)
	}
}
