package player

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/wav"
)

// stretchGen streams f(0), f(1), ... f(n-1), computed on the fly; n < 0
// streams forever.
type stretchGen struct {
	f   func(i int) [2]float64
	pos int
	n   int
}

func (g *stretchGen) Stream(samples [][2]float64) (int, bool) {
	k := len(samples)
	if g.n >= 0 {
		if g.pos >= g.n {
			return 0, false
		}
		k = min(k, g.n-g.pos)
	}
	for i := range k {
		samples[i] = g.f(g.pos + i)
	}
	g.pos += k
	return k, true
}

func (g *stretchGen) Err() error { return nil }

// stretchSine is a sine of freq Hz at rate, a little quieter on the right.
func stretchSine(rate beep.SampleRate, freq, amp float64) func(int) [2]float64 {
	w := 2 * math.Pi * freq / float64(rate)
	return func(i int) [2]float64 {
		v := amp * math.Sin(w*float64(i))
		return [2]float64{v, 0.5 * v}
	}
}

// stretchSlice streams a slice and can seek in it.
type stretchSlice struct {
	data [][2]float64
	pos  int
	err  error // reported once the data has been streamed
}

func (s *stretchSlice) Stream(samples [][2]float64) (int, bool) {
	if s.pos >= len(s.data) {
		return 0, false
	}
	k := copy(samples, s.data[s.pos:])
	s.pos += k
	return k, true
}

func (s *stretchSlice) Err() error {
	if s.pos >= len(s.data) {
		return s.err
	}
	return nil
}

// stretchLoop streams data over and over.
type stretchLoop struct {
	data [][2]float64
	pos  int
}

func (l *stretchLoop) Stream(samples [][2]float64) (int, bool) {
	for n := 0; n < len(samples); {
		k := copy(samples[n:], l.data[l.pos:])
		n += k
		l.pos = (l.pos + k) % len(l.data)
	}
	return len(samples), true
}

func (l *stretchLoop) Err() error { return nil }

// stretchRamp is n samples whose value is their index, on both channels.
func stretchRamp(n int) [][2]float64 {
	r := make([][2]float64, n)
	for i := range r {
		r[i] = [2]float64{float64(i), float64(i)}
	}
	return r
}

// stretchDrain streams s to its end in chunks of the given size, handing
// each chunk to f. It fails the test if a call returns fewer samples than
// asked for while more come later, or if the stream does not end.
func stretchDrain(t testing.TB, s *Stretch, chunk, limit int, f func([][2]float64)) int {
	t.Helper()
	buf := make([][2]float64, chunk)
	total, short := 0, false
	for {
		n, ok := s.Stream(buf)
		if !ok {
			if n != 0 {
				t.Fatalf("Stream returned %d samples with ok=false", n)
			}
			return total
		}
		if short {
			t.Fatalf("Stream returned a short chunk, then %d more samples", n)
		}
		if n < chunk {
			short = true
		}
		f(buf[:n])
		total += n
		if total > limit {
			t.Fatalf("Stream still going after %d samples", total)
		}
	}
}

// stretchFreq measures the frequency of x, sampled at rate, from its
// upward zero crossings, interpolated between samples.
type stretchFreq struct {
	skip        int // samples to ignore at the start
	i           int
	prev        float64
	first, last float64
	count       int
}

func (z *stretchFreq) add(v float64) {
	if z.i > z.skip && z.prev < 0 && v >= 0 {
		t := float64(z.i-1) + z.prev/(z.prev-v)
		if z.count == 0 {
			z.first = t
		}
		z.last = t
		z.count++
	}
	z.prev = v
	z.i++
}

func (z *stretchFreq) hz(rate beep.SampleRate) float64 {
	return float64(z.count-1) * float64(rate) / (z.last - z.first)
}

func TestStretchKeepsPitchAndTiming(t *testing.T) {
	const seconds, freq = 60, 1000.0
	for _, tc := range []struct {
		name  string
		rate  beep.SampleRate
		speed float64
		want  float64 // output seconds
	}{
		{"0.5x", 44100, 0.5, 120},
		{"1.5x", 44100, 1.5, 40},
		{"2x", 44100, 2, 30},
		{"3x", 44100, 3, 20},
		{"1.5x at 48kHz", 48000, 1.5, 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := seconds * int(tc.rate)
			s := NewStretch(&stretchGen{f: stretchSine(tc.rate, freq, 0.5), n: in}, tc.rate)
			s.SetSpeed(tc.speed)
			z := stretchFreq{skip: tc.rate.N(100e6)}
			n := stretchDrain(t, s, 4096, 4*in, func(b [][2]float64) {
				for _, v := range b {
					z.add(v[0])
				}
			})
			f := z.hz(tc.rate)
			dur := float64(n) / float64(tc.rate)
			window := float64(s.n) / float64(tc.rate)
			t.Logf("%s: %v s in → %.4f s out (want %v ± %.3f), tone %.3f Hz", tc.name, seconds, dur, tc.want, window, f)
			if math.Abs(f-freq) > 0.01*freq {
				t.Errorf("output tone is %.2f Hz, want %v Hz ± 1%%", f, freq)
			}
			if math.Abs(dur-tc.want) > window {
				t.Errorf("output lasts %.4f s, want %v s ± %.3f s", dur, tc.want, window)
			}
		})
	}
}

func TestStretchSteadyToneHasNoWarble(t *testing.T) {
	const rate beep.SampleRate = 44100
	for _, speed := range []float64{0.5, 1.5, 2, 3} {
		t.Run(stretchName(speed), func(t *testing.T) {
			t.Parallel()
			s := NewStretch(&stretchGen{f: stretchSine(rate, 1000, 0.5), n: 10 * int(rate)}, rate)
			s.SetSpeed(speed)
			var out []float64
			stretchDrain(t, s, 1000, 100*int(rate), func(b [][2]float64) {
				for _, v := range b {
					out = append(out, v[0])
				}
			})
			win := rate.N(10e6)
			lo, hi := math.Inf(1), 0.0
			for i := rate.N(100e6); i+win <= len(out); i += win {
				var e float64
				for _, v := range out[i : i+win] {
					e += v * v
				}
				rms := math.Sqrt(e / float64(win))
				lo, hi = min(lo, rms), max(hi, rms)
			}
			db := 20 * math.Log10(hi/lo)
			t.Logf("%gx: 10 ms RMS from %.5f to %.5f: %.4f dB", speed, lo, hi, db)
			if db >= 1 {
				t.Errorf("10 ms RMS varies by %.3f dB, want < 1 dB", db)
			}
		})
	}
}

func stretchName(speed float64) string { return fmt.Sprintf("%gx", speed) }

// stretchSpeech makes a WAV of a few sentences with espeak-ng and decodes
// it to mono samples.
func stretchSpeech(t *testing.T) ([]float64, beep.SampleRate) {
	t.Helper()
	bin, err := exec.LookPath("espeak-ng")
	if err != nil {
		t.Fatalf("the speech test needs espeak-ng to synthesise a voice (apt-get install espeak-ng): %v", err)
	}
	path := filepath.Join(t.TempDir(), "speech.wav")
	text := "Podcast listeners often play episodes at one and a half or two times the normal speed. " +
		"The voice should keep its pitch, so that nobody sounds like a chipmunk. " +
		"Time stretching cuts and joins small pieces of the waveform where they match."
	if out, err := exec.Command(bin, "-w", path, text).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v\n%s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, format, err := wav.Decode(f)
	if err != nil {
		t.Fatalf("decoding espeak-ng's WAV: %v", err)
	}
	var x []float64
	buf := make([][2]float64, 4096)
	for {
		n, ok := d.Stream(buf)
		for _, v := range buf[:n] {
			x = append(x, (v[0]+v[1])/2)
		}
		if !ok {
			break
		}
	}
	if d.Err() != nil {
		t.Fatal(d.Err())
	}
	return x, format.SampleRate
}

// stretchPitch estimates the fundamental of every voiced 40 ms window of x
// (10 ms apart) by normalised autocorrelation between 60 and 400 Hz.
func stretchPitch(x []float64, rate beep.SampleRate) []float64 {
	win, step := rate.N(40e6), rate.N(10e6)
	minLag, maxLag := int(rate)/400, int(rate)/60
	var peak float64
	for _, v := range x {
		peak = max(peak, math.Abs(v))
	}
	r := make([]float64, maxLag+2)
	var f0 []float64
	for start := 0; start+win+maxLag+1 <= len(x); start += step {
		w := x[start : start+win+maxLag+1]
		var e float64
		for _, v := range w[:win] {
			e += v * v
		}
		if math.Sqrt(e/float64(win)) < 0.05*peak {
			continue // silence or a quiet consonant
		}
		best := minLag
		for l := minLag - 1; l <= maxLag+1; l++ {
			var xy, yy float64
			for i := range win {
				xy += w[i] * w[i+l]
				yy += w[i+l] * w[i+l]
			}
			r[l] = xy / math.Sqrt(e*yy+1e-30)
		}
		for l := minLag; l <= maxLag; l++ {
			if r[l] > r[best] {
				best = l
			}
		}
		if r[best] < 0.7 {
			continue // unvoiced
		}
		// The shortest lag nearly as good as the best: no octave errors.
		for l := minLag; l < best; l++ {
			if r[l] >= 0.9*r[best] && r[l] >= r[l-1] && r[l] >= r[l+1] {
				best = l
				break
			}
		}
		a, b, c := r[best-1], r[best], r[best+1]
		lag := float64(best)
		if d := a - 2*b + c; d < 0 {
			lag += 0.5 * (a - c) / d
		}
		f0 = append(f0, float64(rate)/lag)
	}
	return f0
}

func stretchMedian(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return s[len(s)/2]
}

func TestStretchSpeechKeepsPitch(t *testing.T) {
	x, rate := stretchSpeech(t)
	in := make([][2]float64, len(x))
	for i, v := range x {
		in[i] = [2]float64{v, v}
	}
	want := stretchPitch(x, rate)
	if len(want) < 20 {
		t.Fatalf("only %d voiced windows in espeak-ng's speech", len(want))
	}
	f0 := stretchMedian(want)
	for _, speed := range []float64{2, 1.5} {
		t.Run(stretchName(speed), func(t *testing.T) {
			s := NewStretch(&stretchSlice{data: in}, rate)
			s.SetSpeed(speed)
			var out []float64
			stretchDrain(t, s, 512, 2*len(in), func(b [][2]float64) {
				for _, v := range b {
					out = append(out, v[0])
				}
			})
			got := stretchPitch(out, rate)
			if len(got) == 0 {
				t.Fatal("no voiced windows in the stretched speech")
			}
			g0 := stretchMedian(got)
			inDur := float64(len(in)) / float64(rate)
			outDur := float64(len(out)) / float64(rate)
			t.Logf("%d Hz speech: %.3f s → %.3f s (want %.3f s); median pitch %.2f Hz → %.2f Hz (%+.2f%%), voiced windows %d → %d",
				rate, inDur, outDur, inDur/speed, f0, g0, 100*(g0/f0-1), len(want), len(got))
			if math.Abs(g0/f0-1) > 0.05 {
				t.Errorf("median pitch %.2f Hz, want %.2f Hz ± 5%%", g0, f0)
			}
			if math.Abs(outDur-inDur/speed) > 0.050 {
				t.Errorf("stretched speech lasts %.3f s, want %.3f s ± 50 ms", outDur, inDur/speed)
			}
		})
	}
}

func TestStretchPassThroughIsBitExact(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	data := make([][2]float64, 5*44100)
	for i := range data {
		data[i] = [2]float64{rng.Float64()*2 - 1, rng.NormFloat64() * 0.3}
	}
	s := NewStretch(&stretchSlice{data: data}, 44100)
	var out [][2]float64
	buf := make([][2]float64, 3000)
	for {
		n, ok := s.Stream(buf[:1+rng.Intn(len(buf))])
		out = append(out, buf[:n]...)
		if p := s.Pending(); p != 0 {
			t.Fatalf("Pending() = %d at speed 1", p)
		}
		if !ok {
			break
		}
	}
	if !slices.Equal(out, data) {
		t.Fatalf("pass-through differs from the input (%d samples out, %d in)", len(out), len(data))
	}
}

func TestStretchReturnsToBitExactPassThrough(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	data := make([][2]float64, 10*44100)
	for i := range data {
		data[i] = [2]float64{rng.Float64()*2 - 1, rng.Float64()*2 - 1}
	}
	src := &stretchSlice{data: data}
	s := NewStretch(src, 44100)
	buf := make([][2]float64, 700)
	for _, speed := range []float64{1.5, 1, 0.5, 1, 3, 1} {
		s.SetSpeed(speed)
		if speed != 1 {
			for range 50 {
				s.Stream(buf)
			}
			continue
		}
		// Drain what was buffered while stretching.
		drained := 0
		for s.Pending() != 0 {
			n, _ := s.Stream(buf[:1])
			if drained += n; drained > s.n+2*s.search+int(MaxSpeed*float64(s.hs)) {
				t.Fatalf("Pending() still %d after %d samples at speed 1", s.Pending(), drained)
			}
		}
		for range 20 {
			media := src.pos - s.Pending()
			n, _ := s.Stream(buf)
			if !slices.Equal(buf[:n], data[media:media+n]) {
				t.Fatalf("back at speed 1, output differs from the input at %d", media)
			}
			if p := s.Pending(); p != 0 {
				t.Fatalf("Pending() = %d in pass-through", p)
			}
		}
		t.Logf("back at 1x: bit-exact pass-through after %d buffered samples (%.1f ms)", drained, float64(drained)/44.1)
	}
}

func TestStretchResetStartsAtNewPosition(t *testing.T) {
	ramp := stretchRamp(10 * 44100)
	for _, speed := range []float64{1, 0.5, 1.5, 3} {
		t.Run(stretchName(speed), func(t *testing.T) {
			src := &stretchSlice{data: ramp}
			s := NewStretch(src, 44100)
			s.SetSpeed(speed)
			buf := make([][2]float64, 1234)
			for _, to := range []int{200000, 5, 300001, len(ramp) - 10, 77777} {
				for range 7 {
					s.Stream(buf)
				}
				src.pos = to
				s.Reset()
				if p := s.Pending(); p != 0 {
					t.Errorf("Pending() = %d after Reset", p)
				}
				n, _ := s.Stream(buf)
				if n == 0 || buf[0][0] != float64(to) || buf[0][1] != float64(to) {
					t.Fatalf("after seeking to %d, output starts with %v (%d samples)", to, buf[0], n)
				}
				if speed == 1 && !slices.Equal(buf[:n], ramp[to:to+n]) {
					t.Fatalf("after seeking to %d, pass-through differs", to)
				}
			}
		})
	}
}

func TestStretchPendingTracksMediaPosition(t *testing.T) {
	ramp := stretchRamp(20 * 44100)
	for _, speed := range []float64{1.5, 0.5, 3} {
		t.Run(stretchName(speed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(3))
			src := &stretchSlice{data: ramp}
			s := NewStretch(src, 44100)
			s.SetSpeed(speed)
			buf := make([][2]float64, 2000)
			worst := 0.0
			for {
				media := src.pos - s.Pending()
				n, ok := s.Stream(buf[:1+rng.Intn(len(buf))])
				if !ok {
					break
				}
				d := math.Abs(buf[0][0] - float64(media))
				worst = max(worst, d)
				if d > float64(s.n) {
					t.Fatalf("next sample is media position %v, Pending implies %d", buf[0][0], media)
				}
				_ = n
			}
			if p := s.Pending(); p != 0 {
				t.Errorf("Pending() = %d at the end", p)
			}
			t.Logf("%gx: implied media position off by at most %.3g samples", speed, worst)
		})
	}
}

func TestStretchSetSpeedMidStreamDoesNotClick(t *testing.T) {
	const rate beep.SampleRate = 44100
	sine := stretchSine(rate, 1000, 0.8)
	var inJump float64
	for i := range int(rate) {
		inJump = max(inJump, math.Abs(sine(i + 1)[0]-sine(i)[0]))
	}
	src := &stretchGen{f: sine, n: -1}
	s := NewStretch(src, rate)
	buf := make([][2]float64, 512)
	prev := sine(0)[0]
	outJump := 0.0
	for _, speed := range []float64{1, 1.5, 2, 1, 0.5, 3, 1, 1.25, 0.75, 2.5, 1} {
		s.SetSpeed(speed)
		startMedia, out := src.pos-s.Pending(), 0
		for out < int(rate)+137 {
			n, _ := s.Stream(buf)
			for _, v := range buf[:n] {
				outJump = max(outJump, math.Abs(v[0]-prev))
				prev = v[0]
			}
			out += n
		}
		adv := src.pos - s.Pending() - startMedia
		t.Logf("at %.2fx: %d output samples took %d input samples (%.3fx)", speed, out, adv, float64(adv)/float64(out))
		if math.Abs(float64(adv)-speed*float64(out)) > float64(2*s.n) {
			t.Errorf("at %.2fx: %d output samples took %d input samples", speed, out, adv)
		}
	}
	t.Logf("largest step: input %.5f, output %.5f (%.3f×)", inJump, outJump, outJump/inJump)
	if outJump > 1.5*inJump {
		t.Errorf("output jumps by %.4f between samples, input by at most %.4f", outJump, inJump)
	}
}

var errStretchTest = errors.New("disk on fire")

func TestStretchPropagatesErr(t *testing.T) {
	for _, speed := range []float64{1, 1.5} {
		t.Run(stretchName(speed), func(t *testing.T) {
			src := &stretchSlice{data: stretchRamp(44100), err: errStretchTest}
			s := NewStretch(src, 44100)
			s.SetSpeed(speed)
			n := stretchDrain(t, s, 1000, 1e6, func([][2]float64) {})
			if n == 0 {
				t.Fatal("no output")
			}
			if !errors.Is(s.Err(), errStretchTest) {
				t.Errorf("Err() = %v, want %v", s.Err(), errStretchTest)
			}
			if n, ok := s.Stream(make([][2]float64, 10)); n != 0 || ok {
				t.Errorf("after the end Stream returned %d, %v", n, ok)
			}
		})
	}
}

func TestStretchDoesNotAllocate(t *testing.T) {
	const rate beep.SampleRate = 44100
	s := NewStretch(&stretchGen{f: stretchSine(rate, 220, 0.5), n: -1}, rate)
	buf := make([][2]float64, 512)
	speeds := []float64{1.5, 1, 0.5, 3, 2}
	i := 0
	allocs := testing.AllocsPerRun(500, func() {
		if i%50 == 0 {
			s.SetSpeed(speeds[i/50%len(speeds)])
		}
		i++
		s.Stream(buf)
		s.Pending()
	})
	if allocs != 0 {
		t.Errorf("%v allocations per Stream call", allocs)
	}
}

// BenchmarkStretch stretches speech-like sound (harmonics of a gliding
// voice plus noise) at 1.5×; one op is one second of output.
func BenchmarkStretch(b *testing.B) {
	const rate beep.SampleRate = 44100
	rng := rand.New(rand.NewSource(4))
	loop := make([][2]float64, 3*int(rate))
	phase := 0.0
	for i := range loop {
		t := float64(i) / float64(rate)
		f0 := 120 + 30*math.Sin(2*math.Pi*0.7*t)
		phase += 2 * math.Pi * f0 / float64(rate)
		var v float64
		for h := 1; h <= 12; h++ {
			v += math.Sin(float64(h)*phase) / float64(h)
		}
		v = 0.2*v + 0.02*rng.NormFloat64()
		loop[i] = [2]float64{v, 0.9 * v}
	}
	s := NewStretch(&stretchLoop{data: loop}, rate)
	s.SetSpeed(1.5)
	buf := make([][2]float64, 512)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for out := 0; out < int(rate); {
			n, _ := s.Stream(buf[:min(len(buf), int(rate)-out)])
			out += n
		}
	}
	b.StopTimer()
	perSecond := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(perSecond, "ns/audio-s")
	b.ReportMetric(1e9/perSecond, "x-realtime")
}
