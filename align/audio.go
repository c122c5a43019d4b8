package align

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
)

// Audio is decoded sound, mono, at any sample rate, read by sample
// position. Align reads it one window at a time, never from two
// goroutines at once.
type Audio interface {
	// Rate is the number of samples a second.
	Rate() int
	// Len is the number of samples, or -1 when not known.
	Len() int
	// ReadAt reads samples in [-1, 1] from sample off into p. It returns
	// fewer than len(p) only at the end (with io.EOF) or on error.
	ReadAt(p []float32, off int) (int, error)
}

// Stream makes Audio of a beep stream, such as a player.Source: the two
// channels are mixed to one. Reading seeks when the next read is not
// where the last one ended.
func Stream(s beep.StreamSeeker, rate beep.SampleRate) Audio {
	return &streamAudio{s: s, rate: int(rate), pos: -1}
}

type streamAudio struct {
	mu   sync.Mutex
	s    beep.StreamSeeker
	rate int
	pos  int
	buf  [][2]float64
}

func (a *streamAudio) Rate() int { return a.rate }
func (a *streamAudio) Len() int  { return a.s.Len() }

func (a *streamAudio) ReadAt(p []float32, off int) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if off != a.pos {
		if err := a.s.Seek(off); err != nil {
			return 0, err
		}
		a.pos = off
	}
	if cap(a.buf) < 4096 {
		a.buf = make([][2]float64, 4096)
	}
	n := 0
	for n < len(p) {
		m := min(len(p)-n, len(a.buf))
		got, ok := a.s.Stream(a.buf[:m])
		for i := 0; i < got; i++ {
			p[n+i] = float32((a.buf[i][0] + a.buf[i][1]) / 2)
		}
		n += got
		a.pos += got
		if !ok || got == 0 {
			if err := a.s.Err(); err != nil {
				return n, err
			}
			return n, io.EOF
		}
	}
	return n, nil
}

// sampleRate is the rate the recogniser's model wants: 16 kHz.
const sampleRate = 16000

// framesPerSecond is the recogniser's frame rate: one frame every 10 ms.
const framesPerSecond = 100

// frameTime is the time of a frame.
func frameTime(f int) time.Duration { return time.Duration(f) * time.Second / framesPerSecond }

// resampler converts audio at one rate to 16 kHz: a windowed-sinc
// low-pass filter at 90 % of the lower Nyquist frequency, evaluated in
// polyphase form (one set of taps per output phase).
type resampler struct {
	in      int // input rate
	l, m    int // 16 kHz output = input × l / m
	half    int // taps each side of the centre, in input samples
	taps    [][]float32
	scratch []float32
	kept    []keptBlock // blocks of output, least recently read first (see block)
}

// keptBlock is block b of a resampler's output.
type keptBlock struct {
	b       int
	samples []float32
}

func newResampler(in int) *resampler {
	g := gcd(in, sampleRate)
	r := &resampler{in: in, l: sampleRate / g, m: in / g}
	// The cut-off, in cycles per input sample.
	fc := 0.5 * 0.9
	if in > sampleRate {
		fc = 0.5 * 0.9 * float64(sampleRate) / float64(in)
	}
	const zeros = 8 // zero crossings each side
	r.half = int(math.Ceil(zeros / (2 * fc)))
	r.taps = make([][]float32, r.l)
	for p := 0; p < r.l; p++ {
		// Output phase p sits p/l of an input sample after an input sample.
		frac := float64(p) / float64(r.l)
		t := make([]float32, 2*r.half+1)
		var sum float64
		for k := -r.half; k <= r.half; k++ {
			x := float64(k) - frac
			h := 2 * fc
			if x != 0 {
				h = math.Sin(2*math.Pi*fc*x) / (math.Pi * x)
			}
			// Blackman window over ±(half+1).
			wx := (x + float64(r.half+1)) / float64(2*(r.half+1))
			w := 0.42 - 0.5*math.Cos(2*math.Pi*wx) + 0.08*math.Cos(4*math.Pi*wx)
			t[k+r.half] = float32(h * w)
			sum += h * w
		}
		for i := range t {
			t[i] = float32(float64(t[i]) / sum)
		}
		r.taps[p] = t
	}
	return r
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// window reads audio from 16 kHz sample from (inclusive) to to
// (exclusive) as 16-bit PCM, and the peak level of what it read.
// Samples outside the audio are silence. The windows of an alignment
// overlap, and the two of neighbouring lines are read at once by two
// workers: what was resampled lately is kept in blocks and not decoded
// again (decoding the MP3 is a fifth of the work otherwise). A
// resampler reads one Audio.
func (r *resampler) window(a Audio, from, to int) ([]int16, float32, error) {
	if to <= from {
		return nil, 0, nil
	}
	out := make([]int16, to-from)
	var peak float32
	for b := floorDiv(from, blockLen); b*blockLen < to; b++ {
		blk, err := r.block(a, b)
		if err != nil {
			return nil, 0, err
		}
		lo, hi := max(from, b*blockLen), min(to, (b+1)*blockLen)
		for s, acc := range blk[lo-b*blockLen : hi-b*blockLen] {
			if acc < 0 && -acc > peak {
				peak = -acc
			} else if acc > peak {
				peak = acc
			}
			v := acc * 32767
			if v > 32767 {
				v = 32767
			} else if v < -32768 {
				v = -32768
			}
			out[lo-from+s] = int16(v)
		}
	}
	return out, peak, nil
}

// The blocks a resampler keeps: keepBlocks of blockLen samples (two
// minutes, 7.7 MB), the most recently read.
const (
	blockLen   = 5 * sampleRate
	keepBlocks = 24
)

// floorDiv is a/b rounded down.
func floorDiv(a, b int) int {
	if a < 0 {
		return -((-a + b - 1) / b)
	}
	return a / b
}

// block returns block b of the resampled audio (samples b·blockLen up to
// the next block), from those kept when it can.
func (r *resampler) block(a Audio, b int) ([]float32, error) {
	if i := slices.IndexFunc(r.kept, func(k keptBlock) bool { return k.b == b }); i >= 0 {
		k := r.kept[i]
		r.kept = append(slices.Delete(r.kept, i, i+1), k)
		return k.samples, nil
	}
	blk, err := r.resample(a, b*blockLen, (b+1)*blockLen)
	if err != nil {
		return nil, err
	}
	if len(r.kept) == keepBlocks {
		r.kept = slices.Delete(r.kept, 0, 1)
	}
	r.kept = append(r.kept, keptBlock{b, blk})
	return blk, nil
}

// resample computes 16 kHz samples from (inclusive) to to (exclusive).
func (r *resampler) resample(a Audio, from, to int) ([]float32, error) {
	// Output sample s sits at input position s·m/l.
	first := floorDiv(from*r.m, r.l) - r.half
	last := floorDiv((to-1)*r.m, r.l) + r.half + 1
	n := last - first
	if cap(r.scratch) < n {
		r.scratch = make([]float32, n)
	}
	in := r.scratch[:n]
	clear(in)
	lo := max(first, 0)
	hi := last
	if l := a.Len(); l >= 0 {
		hi = min(hi, l)
	}
	if hi > lo {
		got, err := a.ReadAt(in[lo-first:hi-first], lo)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("reading the audio at %v: %w", time.Duration(lo)*time.Second/time.Duration(a.Rate()), err)
		}
		clear(in[lo-first+got : hi-first])
	}
	out := make([]float32, to-from)
	for s := from; s < to; s++ {
		pos := s * r.m
		base, phase := floorDiv(pos, r.l), pos-floorDiv(pos, r.l)*r.l
		t := r.taps[phase]
		x := in[base-r.half-first : base+r.half+1-first]
		var acc float32
		for k, v := range x {
			acc += v * t[k]
		}
		out[s-from] = acc
	}
	return out, nil
}
