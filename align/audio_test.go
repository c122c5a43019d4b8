package align

import (
	"math"
	"slices"
	"testing"

	"github.com/gopxl/beep/v2"
)

// tone is a sine wave as a beep stream, stereo.
type tone struct {
	rate, freq float64
	n, pos     int
}

func (s *tone) Stream(p [][2]float64) (int, bool) {
	if s.pos >= s.n {
		return 0, false
	}
	k := min(len(p), s.n-s.pos)
	for i := 0; i < k; i++ {
		v := 0.5 * math.Sin(2*math.Pi*s.freq*float64(s.pos+i)/s.rate)
		p[i] = [2]float64{v, v}
	}
	s.pos += k
	return k, true
}
func (s *tone) Err() error       { return nil }
func (s *tone) Len() int         { return s.n }
func (s *tone) Position() int    { return s.pos }
func (s *tone) Seek(n int) error { s.pos = n; return nil }
func (s *tone) Format() beep.Format {
	return beep.Format{SampleRate: beep.SampleRate(s.rate), NumChannels: 2, Precision: 2}
}

// level is the RMS level of pcm relative to a full-scale sine.
func level(pcm []int16) float64 {
	var sum float64
	for _, v := range pcm {
		x := float64(v) / 32767
		sum += x * x
	}
	return math.Sqrt(sum/float64(len(pcm))) * math.Sqrt2
}

func TestResample(t *testing.T) {
	for _, rate := range []int{44100, 48000, 22050, 8000} {
		// A 1 kHz tone passes at its level; an 11 kHz one, above the
		// output's 8 kHz Nyquist frequency, is stopped rather than
		// folded back to 5 kHz.
		for _, c := range []struct {
			freq     float64
			min, max float64
		}{{1000, 0.49, 0.51}, {11000, 0, 0.005}} {
			if c.freq >= float64(rate)/2 {
				continue
			}
			a := Stream(&tone{rate: float64(rate), freq: c.freq, n: rate}, beep.SampleRate(rate))
			r := newResampler(rate)
			// A stretch in the middle, read as Align reads windows.
			pcm, peak, err := r.window(a, 4000, 12000)
			if err != nil {
				t.Fatal(err)
			}
			if len(pcm) != 8000 {
				t.Fatalf("%d samples, want 8000", len(pcm))
			}
			if l := level(pcm); l < c.min || l > c.max {
				t.Errorf("%d Hz: a %.0f Hz tone at level 0.5 comes out at %.4f, want %.3f to %.3f", rate, c.freq, l, c.min, c.max)
			}
			if c.freq == 1000 && (peak < 0.49 || peak > 0.51) {
				t.Errorf("%d Hz: peak %.3f, want 0.5", rate, peak)
			}
		}
	}
	// Past the end is silence.
	r := newResampler(44100)
	pcm, peak, err := r.window(Stream(&tone{rate: 44100, freq: 440, n: 44100}, 44100), 17000, 18000)
	if err != nil || peak != 0 || len(pcm) != 1000 {
		t.Errorf("past the end: %d samples, peak %v, %v; want 1000 silent", len(pcm), peak, err)
	}
}

func TestStream(t *testing.T) {
	src := &tone{rate: 8000, freq: 100, n: 8000}
	a := Stream(src, 8000)
	if a.Rate() != 8000 || a.Len() != 8000 {
		t.Fatalf("rate %d, length %d", a.Rate(), a.Len())
	}
	want := func(i int) float32 { return float32(0.5 * math.Sin(2*math.Pi*100*float64(i)/8000)) }
	p := make([]float32, 5000)
	// Out of order, then on from where the last read ended, then past the end.
	for _, off := range []int{3000, 0, 5000} {
		n, err := a.ReadAt(p, off)
		wantN := min(len(p), 8000-off)
		if n != wantN || (n < len(p)) != (err != nil) {
			t.Fatalf("ReadAt(%d) = %d, %v; want %d", off, n, err, wantN)
		}
		for i := 0; i < n; i++ {
			if d := p[i] - want(off+i); d > 1e-6 || d < -1e-6 {
				t.Fatalf("ReadAt(%d): sample %d is %v, want %v", off, off+i, p[i], want(off+i))
			}
		}
	}
}

// readCounter is Audio that counts the samples read from it.
type readCounter struct {
	Audio
	read int
}

func (c *readCounter) ReadAt(p []float32, off int) (int, error) {
	n, err := c.Audio.ReadAt(p, off)
	c.read += n
	return n, err
}

// Windows that overlap (those of neighbouring lines, the room before a
// window) decode the audio they share once, and read the same samples
// as a resampler that kept nothing.
func TestWindowsKeepWhatTheyRead(t *testing.T) {
	const rate = 44100
	src := func() *readCounter {
		return &readCounter{Audio: Stream(&tone{rate: rate, freq: 440, n: 120 * rate}, rate)}
	}
	a, r := src(), newResampler(rate)
	s := func(sec float64) int { return int(sec * sampleRate) }
	for _, w := range [][2]int{{0, s(42)}, {s(32), s(74)}, {s(27), s(32)}, {s(64), s(106)}, {s(59), s(64)}, {s(-1), s(1.5)}, {s(119.9), s(121)}} {
		got, gotPeak, err := r.window(a, w[0], w[1])
		if err != nil {
			t.Fatal(err)
		}
		want, wantPeak, err := newResampler(rate).window(src(), w[0], w[1])
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) || gotPeak != wantPeak {
			t.Errorf("window %v: kept blocks give other samples (peak %v) than resampling it alone (peak %v)", w, gotPeak, wantPeak)
		}
	}
	// Windows of 150 s in all, within 23 blocks of 5 s of the audio:
	// each block decoded once (and a few samples each side for the
	// filter).
	if max := 116 * rate; a.read > max {
		t.Errorf("read %.1f s of audio for windows within 115 s of it, want at most 116", float64(a.read)/rate)
	}
}
