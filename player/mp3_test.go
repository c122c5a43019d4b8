package player

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/mp3"

	"readalong/assets"
)

// The MP3 files the tests decode (made by testdata/make-testdata.sh).
var speechFiles = []string{
	"testdata/speech-128k-stereo.mp3", // CBR, ID3v2, LAME tag
	"testdata/speech-64k-mono.mp3",    // CBR, no ID3v2, LAME tag
	"testdata/speech-vbr.mp3",         // VBR, ID3v2, LAME tag
	"testdata/speech-notag.mp3",       // no Xing/LAME frame
}

func readFile(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func open(t testing.TB, name string, data []byte) *mp3Source {
	t.Helper()
	src, err := OpenBytes(name, data)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := src.(*mp3Source)
	if !ok {
		t.Fatalf("%s opened as %T", name, src)
	}
	m.x.wait()
	return m
}

// reference decodes data from the start with go-mp3 alone (through beep,
// no seeks) and applies the gapless rules by hand: it drops the Xing/Info
// frame go-mp3 decodes as 1152 samples of silence, then the LAME encoder
// delay plus the decoder's 529 samples, and cuts the padding at the end.
func reference(data []byte) [][2]float64 {
	d, _, err := mp3.Decode(readSeekCloser{bytes.NewReader(data), nopCloser{}})
	if err != nil {
		panic(err)
	}
	var out [][2]float64
	buf := make([][2]float64, 4096)
	for {
		n, ok := d.Stream(buf)
		out = append(out, buf[:n]...)
		if !ok {
			break
		}
	}
	x, err := openIndex("ref", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		panic(err)
	}
	x.wait()
	if x.tag != nil {
		out = out[x.first.samples():] // the tag frame
	}
	out = out[x.skip():]
	return out[:x.length()]
}

func streamAll(s Source) [][2]float64 {
	var out [][2]float64
	buf := make([][2]float64, 3000)
	for {
		n, ok := s.Stream(buf)
		out = append(out, buf[:n]...)
		if !ok {
			return out
		}
	}
}

func TestTimelineMatchesStraightDecode(t *testing.T) {
	files := append([]string{"demo"}, speechFiles...)
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data := assets.DemoEpisode
			if name != "demo" {
				data = readFile(t, name)
			}
			src := open(t, name, data)
			ref := reference(data)
			if src.Len() != len(ref) {
				t.Fatalf("Len %d, reference %d", src.Len(), len(ref))
			}
			equalSamples(t, "whole file", streamAll(src), ref)
		})
	}
}

func TestLAMETag(t *testing.T) {
	x := open(t, "128k", readFile(t, speechFiles[0])).x
	if x.tag == nil || !x.tag.lame || x.tag.delay != 576 || x.tag.kind != "Info" {
		t.Fatalf("tag %+v, want a LAME Info tag with delay 576", x.tag)
	}
	if n, _ := x.count(); n != x.tag.frames {
		t.Errorf("indexed %d frames, the tag says %d", n, x.tag.frames)
	}
	if x := open(t, "notag", readFile(t, speechFiles[3])).x; x.tag != nil || x.skip() != 0 {
		t.Errorf("file without a tag: tag %+v skip %d", x.tag, x.skip())
	}
}

// TestSeeksAreSampleExact seeks to 300 random samples (and the edges) in
// each file and compares what follows with the straight decode.
func TestSeeksAreSampleExact(t *testing.T) {
	for _, name := range append(speechFiles, "demo") {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data := assets.DemoEpisode
			if name != "demo" {
				data = readFile(t, name)
			}
			src := open(t, name, data)
			ref := reference(data)
			spf := src.spf
			rng := rand.New(rand.NewSource(int64(len(data))))
			targets := []int{0, 1, spf - 1, spf, spf + 1, 3*spf + 7, len(ref) - spf, len(ref) - 1, len(ref)}
			for i := 0; i < 300; i++ {
				targets = append(targets, rng.Intn(len(ref)))
			}
			buf := make([][2]float64, 1500)
			for _, n := range targets {
				if err := src.Seek(n); err != nil {
					t.Fatalf("Seek(%d): %v", n, err)
				}
				k, _ := src.Stream(buf)
				want := ref[n:min(n+len(buf), len(ref))]
				equalSamples(t, fmt.Sprintf("after Seek(%d)", n), buf[:k], want)
				if src.Position() != n+k {
					t.Fatalf("Position %d after streaming %d from %d", src.Position(), k, n)
				}
			}
		})
	}
}

// ffmpegDecode decodes a file with ffmpeg into interleaved 16-bit stereo
// (mono is doubled here, not by ffmpeg, which would lower it by 3 dB).
func ffmpegDecode(t *testing.T, path string, channels int) []int16 {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg is not installed (make deps installs it)")
	}
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg: %v", err)
	}
	s := make([]int16, len(out)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(out[2*i:]))
	}
	if channels == 1 {
		st := make([]int16, 2*len(s))
		for i, v := range s {
			st[2*i], st[2*i+1] = v, v
		}
		s = st
	}
	return s
}

// TestAlignsWithFFmpeg checks that the timeline is the one ffmpeg, a
// gapless decoder, produces: the same length to the sample, the best
// cross-correlation at lag zero at the start, middle and end, and an SNR
// of at least 60 dB (the decoders' arithmetic differs slightly).
func TestAlignsWithFFmpeg(t *testing.T) {
	for _, name := range speechFiles {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src := open(t, name, readFile(t, name))
			ff := ffmpegDecode(t, name, src.x.first.channels)
			ours := toInt16(streamAll(src))
			if len(ours) != len(ff) {
				t.Fatalf("%d samples, ffmpeg %d", len(ours)/2, len(ff)/2)
			}
			n := len(ours) / 2
			for _, at := range []int{0, n/2 - 4096, n - 8192} {
				lag := bestLag(ours, ff, at, 8192, 1200)
				if lag != 0 {
					t.Errorf("at sample %d the best alignment with ffmpeg is at lag %d", at, lag)
				}
			}
			if snr := snrDB(ours, ff); snr < 60 {
				t.Errorf("SNR against ffmpeg %.1f dB, want ≥ 60", snr)
			} else {
				t.Logf("SNR against ffmpeg %.1f dB over %d samples", snr, n)
			}
		})
	}
}

func toInt16(s [][2]float64) []int16 {
	out := make([]int16, 2*len(s))
	for i, v := range s {
		out[2*i] = int16(math.Round(v[0] * (1 << 15)))
		out[2*i+1] = int16(math.Round(v[1] * (1 << 15)))
	}
	return out
}

// bestLag finds the lag in [-maxLag, maxLag] at which b best matches a's
// window [at, at+n) (left channel), by normalised cross-correlation.
func bestLag(a, b []int16, at, n, maxLag int) int {
	best, bestLag := math.Inf(-1), 0
	for lag := -maxLag; lag <= maxLag; lag++ {
		var dot, ea, eb float64
		for i := at; i < at+n; i++ {
			j := i + lag
			if j < 0 || j >= len(b)/2 || i >= len(a)/2 {
				continue
			}
			x, y := float64(a[2*i]), float64(b[2*j])
			dot += x * y
			ea += x * x
			eb += y * y
		}
		if ea == 0 || eb == 0 {
			continue
		}
		if c := dot / math.Sqrt(ea*eb); c > best {
			best, bestLag = c, lag
		}
	}
	return bestLag
}

func snrDB(a, b []int16) float64 {
	var sig, noise float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		sig += float64(b[i]) * float64(b[i])
		noise += d * d
	}
	if noise == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(sig/noise)
}

func TestRefusesWhatCannotBePlayed(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2, 3}, 5000)...)
	hugeID3 := append([]byte("ID3\x04\x00\x00\x7f\x7f\x7f\x7f"), readFile(t, speechFiles[0])...)
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"mpeg25.mp3", readFile(t, "testdata/mpeg25.mp3"), "MPEG-2.5"},
		{"layer2.mp3", readFile(t, "testdata/layer2.mp3"), "layer II"},
		{"freeformat.mp3", readFile(t, "testdata/freeformat.mp3"), "free-format"},
		{"picture.mp3", png, "not an MP3"},
		{"notes.mp3", bytes.Repeat([]byte("this is not audio "), 1000), "not an MP3"},
		{"zeros.mp3", make([]byte, 1<<20), "not an MP3"},
		{"empty.mp3", nil, "empty"},
		{"huge-id3.mp3", hugeID3, "ID3 tag claims"},
		{"fake.wav", append([]byte("RIFF\x10\x00\x00\x00WAVEjunk"), make([]byte, 100)...), "not a playable WAV"},
	}
	for _, c := range cases {
		_, err := OpenBytes(c.name, c.data)
		if err == nil || !strings.Contains(err.Error(), c.name) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one naming the file and saying %q", c.name, err, c.want)
		}
	}
}

func TestWarnsAboutMPEG2Padding(t *testing.T) {
	src, err := OpenBytes("low.mp3", readFile(t, "testdata/mpeg2-22k-32.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	if w := src.(Damaged).Warning(); !strings.Contains(w, "low.mp3") || !strings.Contains(w, "22.05 kHz") {
		t.Errorf("warning %q", w)
	}
	clean, _ := OpenBytes("demo.mp3", assets.DemoEpisode)
	if w := clean.(Damaged).Warning(); w != "" {
		t.Errorf("warning on a clean file: %q", w)
	}
}

func TestSampleRateChangeStopsThere(t *testing.T) {
	src := open(t, "ratechange.mp3", readFile(t, "testdata/ratechange.mp3"))
	got := streamAll(src)
	err := src.Err()
	if err == nil || !strings.Contains(err.Error(), "sample rate changes at 0:02") || !strings.Contains(err.Error(), "ratechange.mp3") {
		t.Fatalf("err = %v", err)
	}
	if d := sampleTime(44100, len(got)); d < 1900*time.Millisecond || d > 2100*time.Millisecond {
		t.Errorf("played %v before the change, want about 2 s", d)
	}
}

// damage makes damaged copies of a clean file.
func damage(clean []byte, kind string, rng *rand.Rand) []byte {
	b := bytes.Clone(clean)
	mid := len(b) / 2
	switch kind {
	case "truncated":
		return b[:mid+137]
	case "flipped":
		for i := 0; i < 40; i++ {
			b[2000+rng.Intn(len(b)-2000)] ^= byte(1 + rng.Intn(255))
		}
	case "garbage":
		junk := make([]byte, 3000)
		rng.Read(junk)
		return append(append(b[:mid:mid], junk...), b[mid:]...)
	case "zeros":
		clear(b[mid : mid+5000])
	case "headers":
		// Valid-looking frame headers inside the audio data.
		for i := 0; i < 30; i++ {
			p := 2000 + rng.Intn(len(b)-2004)
			copy(b[p:], []byte{0xff, 0xfb, 0x90, 0x64})
		}
	}
	return b
}

// TestDamagedFilesPlayThrough plays damaged copies of each file to the
// end and seeks around in them: nothing panics or hangs, the episode goes
// on after the damage, and the damage is reported with its time.
func TestDamagedFilesPlayThrough(t *testing.T) {
	for _, file := range speechFiles[:3] {
		clean := readFile(t, file)
		ref := reference(clean)
		for _, kind := range []string{"truncated", "flipped", "garbage", "zeros", "headers"} {
			t.Run(filepath.Base(file)+"/"+kind, func(t *testing.T) {
				rng := rand.New(rand.NewSource(7))
				data := damage(clean, kind, rng)
				done := make(chan struct{})
				var got [][2]float64
				var src *mp3Source
				go func() {
					defer close(done)
					src = open(t, "damaged.mp3", data)
					got = streamAll(src)
					for i := 0; i < 50; i++ {
						src.Seek(rng.Intn(src.Len() + 1))
						buf := make([][2]float64, 2000)
						src.Stream(buf)
					}
				}()
				select {
				case <-done:
				case <-time.After(30 * time.Second):
					t.Fatal("decoding the damaged file hangs")
				}
				played := sampleTime(44100, len(got))
				full := sampleTime(44100, len(ref))
				if kind == "truncated" {
					if played < full*3/10 || played > full*7/10 {
						t.Errorf("truncated at half its bytes: played %v of %v", played, full)
					}
				} else if played < full-30*time.Millisecond || played > full+30*time.Millisecond {
					// Junk written over audio is replaced by as much silence;
					// junk inserted between frames takes no time.
					t.Errorf("played %v of %v: the timeline after the damage moved", played, full)
				}
				dmg := src.Damage()
				if (kind == "garbage" || kind == "zeros" || kind == "truncated") && len(dmg) == 0 {
					t.Errorf("no damage reported")
				}
				for _, d := range dmg {
					if d.At < 0 || d.At > full || !strings.Contains(d.String(), " at ") {
						t.Errorf("damage %q", d)
					}
				}
				t.Logf("played %v of %v; damage: %v", played, full, dmg)
			})
		}
	}
}

// FuzzDecode feeds arbitrary bytes through the frame layer and the
// decoder: opening, streaming and seeking must never panic or hang.
func FuzzDecode(f *testing.F) {
	for _, p := range append(speechFiles, "testdata/mpeg2-22k-32.mp3", "testdata/layer2.mp3") {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 6000)])
	}
	f.Add([]byte("ID3\x03\x00\x00\x00\x00\x00\x10\xff\xfb\x90\x64"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := OpenBytes("fuzz.mp3", data)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.mp3") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		defer src.Close()
		buf := make([][2]float64, 4096)
		for i := 0; i < 64; i++ {
			if _, ok := src.Stream(buf); !ok {
				break
			}
		}
		if n := src.Len(); n > 0 {
			src.Seek(n / 3)
			src.Stream(buf)
		}
	})
}

func TestOtherFormats(t *testing.T) {
	for _, name := range []string{"testdata/speech.flac", "testdata/speech.ogg"} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := OpenFile(name)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			if src.Format().SampleRate != 44100 {
				t.Errorf("rate %v", src.Format().SampleRate)
			}
			all := streamAll(src)
			if d := sampleTime(44100, len(all)); d < 1990*time.Millisecond || d > 2010*time.Millisecond {
				t.Errorf("decoded %v, want 2 s", d)
			}
			if d := sampleTime(44100, src.Len()); d < 1990*time.Millisecond || d > 2010*time.Millisecond {
				t.Errorf("Len %v, want 2 s", d)
			}
			buf := make([][2]float64, 500)
			for _, n := range []int{0, 1000, 44100, 70001} {
				if err := src.Seek(n); err != nil {
					t.Fatal(err)
				}
				k, _ := src.Stream(buf)
				equalSamples(t, fmt.Sprintf("after Seek(%d)", n), buf[:k], all[n:n+k])
			}
		})
	}
	t.Run("wav", func(t *testing.T) {
		var pcm [][2]float64
		for i := 0; i < 44100; i++ {
			v := math.Sin(float64(i) / 10)
			pcm = append(pcm, [2]float64{v / 2, -v / 3})
		}
		var w bytes.Buffer
		writeTestWAV(&w, pcm)
		src, err := OpenBytes("tone.wav", w.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		all := streamAll(src)
		if len(all) != len(pcm) {
			t.Fatalf("%d samples, want %d", len(all), len(pcm))
		}
		src.Seek(12345)
		buf := make([][2]float64, 100)
		k, _ := src.Stream(buf)
		equalSamples(t, "after seek", buf[:k], all[12345:12345+k])
	})
}

func writeTestWAV(w *bytes.Buffer, pcm [][2]float64) {
	data := len(pcm) * 4
	w.WriteString("RIFF")
	binary.Write(w, binary.LittleEndian, uint32(36+data))
	w.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(2), uint32(44100), uint32(44100 * 4), uint16(4), uint16(16)} {
		binary.Write(w, binary.LittleEndian, v)
	}
	w.WriteString("data")
	binary.Write(w, binary.LittleEndian, uint32(data))
	for _, s := range pcm {
		binary.Write(w, binary.LittleEndian, int16(s[0]*32767))
		binary.Write(w, binary.LittleEndian, int16(s[1]*32767))
	}
}

var _ = beep.SampleRate(0)
