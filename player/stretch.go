package player

import (
	"math"
	"sync/atomic"

	"github.com/gopxl/beep/v2"
)

// Time stretching is WSOLA (waveform-similarity overlap-add, Verhelst and
// Roelands 1993), tuned for speech:
//
//   - Frames are stretchFrame long (30 ms) with a Hann window, and the output
//     advances by half a frame (50% overlap). The fade-in weight of each frame
//     is w, the fade-out weight of the previous one is exactly 1-w, so the
//     overlap-add is normalised and a steady tone keeps its amplitude.
//   - Frames are taken from the input every speed × half a frame (the nominal
//     analysis position), each moved by up to ±stretchSearch (12 ms) to the
//     place whose waveform best matches the natural continuation of the
//     previous frame: the maximum of the normalised cross-correlation over the
//     cross-faded half frame, first on every stretchDecimate-th sample and lag
//     (about 11 kHz), then at full resolution around the coarse peak. A small
//     bias towards the nominal position keeps the timing steady when several
//     lags match equally well (a pure tone).
//
// At a boundary between two output hops the output is, sample-exactly, the
// input from the current frame's second half on (its fade-out weight there is
// 1 and the next frame's fade-in weight 0). That makes every transition
// seamless: switching to pass-through continues from that input position,
// switching from pass-through starts as if the audio played so far were the
// previous frame, and Reset starts at the source's first new sample.

const (
	// MinSpeed and MaxSpeed bound the speed factor of a Stretch.
	MinSpeed, MaxSpeed = 0.5, 3.0

	stretchFrame  = 0.030 // analysis window, seconds
	stretchSearch = 0.012 // similarity search radius, seconds
	stretchCoarse = 11025 // sample rate of the coarse search, Hz
	stretchBias   = 0.05  // score penalty at the edge of the search
)

// Stretch plays a streamer faster or slower without changing its pitch.
//
// At speed 1 it is a pass-through: the output is bit-identical to the
// source. At other speeds it time-stretches with WSOLA using 30 ms Hann
// windows at 50% overlap and a ±12 ms similarity search; changes of speed
// take effect within half a window, at a point where the output is
// continuous.
//
// SetSpeed and Speed may be called from any goroutine. Stream, Reset and
// Pending must not be called concurrently with each other. Stream does not
// allocate.
type Stretch struct {
	src   beep.Streamer
	speed atomic.Uint64 // math.Float64bits of the speed factor

	hs     int // hop: half a frame
	n      int // frame length, 2*hs
	search int // search radius
	dec    int // decimation of the coarse search

	wIn  []float64 // fade-in weights of a frame's first half; fade-out is 1-wIn
	wOut []float64

	// Input: source samples inBase ... inBase+inLen-1, counted from the
	// last Reset. mono is their channel sum, for the similarity search.
	// Past the end of the source the buffer is padded with silence.
	in     [][2]float64
	mono   []float64
	inBase int
	inLen  int
	pulled int  // samples taken from src since Reset
	eof    bool // src is drained; it had end samples
	end    int

	// Pass-through (raw): the next output sample is source sample pos.
	// final means the source ended too close to stretch further, so the
	// last few milliseconds play as they are.
	raw   bool
	final bool
	pos   int

	// Stretching: the current frame starts at source sample pc, at the
	// nominal analysis position ac. hop[hopPos:hopLen] is output ready to
	// go; its sample i blends the input at hopFrom+i (fading out) with the
	// input at hopTo+i (fading in).
	pc      int
	ac      float64
	hop     [][2]float64
	hopPos  int
	hopLen  int
	hopFrom int
	hopTo   int
}

// NewStretch returns a Stretch playing src, whose sample rate is rate, at
// speed 1.
func NewStretch(src beep.Streamer, rate beep.SampleRate) *Stretch {
	r := float64(rate)
	if r <= 0 {
		r = float64(SampleRate)
	}
	s := &Stretch{src: src}
	s.hs = max(int(math.Round(r*stretchFrame/2)), 8)
	s.n = 2 * s.hs
	s.search = max(int(math.Round(r*stretchSearch)), 4)
	s.dec = max(int(math.Round(r/stretchCoarse)), 1)
	s.wIn = make([]float64, s.hs)
	s.wOut = make([]float64, s.hs)
	for i := range s.wIn {
		w := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(s.n))
		s.wIn[i], s.wOut[i] = w, 1-w
	}
	s.hop = make([][2]float64, s.hs)
	// The input spans at most from a frame's second half (or the search's
	// start) to the end of the furthest candidate frame: see nextFrame.
	size := int(MaxSpeed*float64(s.hs)) + 2*s.search + 2*s.n + 64
	s.in = make([][2]float64, size)
	s.mono = make([]float64, size)
	s.speed.Store(math.Float64bits(1))
	s.Reset()
	return s
}

// SetSpeed sets the speed factor, clamped to [MinSpeed, MaxSpeed]; it takes
// effect smoothly (no click) within half an analysis window (15 ms). NaN is
// ignored.
func (s *Stretch) SetSpeed(speed float64) {
	if math.IsNaN(speed) {
		return
	}
	s.speed.Store(math.Float64bits(min(max(speed, MinSpeed), MaxSpeed)))
}

// Speed returns the speed factor last set: 1 is normal speed, 2 twice as
// fast.
func (s *Stretch) Speed() float64 {
	return math.Float64frombits(s.speed.Load())
}

// Err returns the source's error.
func (s *Stretch) Err() error { return s.src.Err() }

// Reset drops everything buffered, for use after the source was seeked; the
// next output starts exactly at the source's new position.
func (s *Stretch) Reset() {
	s.inBase, s.inLen, s.pulled = 0, 0, 0
	s.eof, s.end = false, 0
	s.raw, s.final, s.pos = true, false, 0
	s.hopPos, s.hopLen = 0, 0
}

// Pending is how many source samples the stretcher has pulled from src
// beyond the media position of the next sample Stream will output; the
// player computes "media position of the next output sample = source
// position - Pending()". At speed 1 it is 0 once the audio buffered while
// stretching has played.
func (s *Stretch) Pending() int {
	var media int
	switch {
	case s.raw:
		media = s.pos
	case s.hopPos < s.hopLen:
		i := s.hopPos
		media = s.hopFrom + i + int(math.Round(s.wIn[i]*float64(s.hopTo-s.hopFrom)))
	default:
		media = s.pc + s.hs
	}
	return max(s.pulled-media, 0)
}

// Stream fills samples with the source played at the current speed. It
// fills all of samples unless the source ends, and returns false once the
// source is drained and everything buffered has been output.
func (s *Stretch) Stream(samples [][2]float64) (n int, ok bool) {
	for n < len(samples) {
		if s.hopPos < s.hopLen {
			k := copy(samples[n:], s.hop[s.hopPos:s.hopLen])
			s.hopPos += k
			n += k
			continue
		}
		speed := s.Speed()
		if s.raw {
			if speed != 1 && !s.final {
				// Stretch from here: what played so far stands for the
				// previous frame, whose second half starts at pos.
				s.raw = false
				s.pc = s.pos - s.hs
				s.ac = float64(s.pc)
				continue
			}
			k, more := s.streamRaw(samples[n:])
			n += k
			if !more {
				break
			}
			continue
		}
		if speed == 1 {
			s.raw, s.pos = true, s.pc+s.hs
			continue
		}
		st := s.nextFrame(speed)
		if st == frameEnd {
			s.raw, s.final, s.pos = true, true, min(s.pc+s.hs, s.end)
			continue
		}
		if st == frameStall {
			break
		}
	}
	if n == 0 && s.eof && s.raw && s.pos >= s.end {
		return 0, false
	}
	return n, true
}

// streamRaw copies the source as it is, first what is buffered, then
// straight from src. It reports false when nothing more can come now.
func (s *Stretch) streamRaw(out [][2]float64) (int, bool) {
	top := s.inBase + s.inLen
	if s.eof {
		top = min(top, s.end)
	}
	if s.pos < top && s.pos >= s.inBase {
		k := copy(out, s.in[s.pos-s.inBase:top-s.inBase])
		s.pos += k
		return k, true
	}
	if s.eof || s.final {
		return 0, false
	}
	// Nothing buffered beyond pos: read straight into out.
	s.inBase, s.inLen = s.pulled, 0
	s.pos = s.pulled
	k, ok := s.src.Stream(out)
	s.pulled += k
	s.pos += k
	s.inBase = s.pulled
	if !ok {
		s.eof, s.end = true, s.pulled
	}
	return k, ok && k > 0
}

const (
	frameOK = iota
	frameEnd
	frameStall
)

// nextFrame picks the next frame and fills hop with the output up to it.
func (s *Stretch) nextFrame(speed float64) int {
	an := s.ac + speed*float64(s.hs)
	target := int(math.Round(an))
	lo, hi := target-s.search, target+s.search

	// Keep the current frame's second half and the search range.
	keep := max(min(lo, s.pc+s.hs), s.inBase)
	s.compact(keep)
	lo = max(lo, s.inBase)
	hi = max(hi, lo)
	if !s.fill(max(hi, s.pc) + s.n) {
		return frameStall
	}
	if s.eof {
		if s.pc+s.n >= s.end {
			return frameEnd
		}
		// Only candidates wholly inside the audio.
		hi = max(min(hi, s.end-s.n), lo)
	}

	from := s.pc + s.hs
	best := s.bestMatch(from, lo, hi, target)
	a := s.in[from-s.inBase : from-s.inBase+s.hs]
	b := s.in[best-s.inBase : best-s.inBase+s.hs]
	for i := range s.hop {
		wo, wi := s.wOut[i], s.wIn[i]
		s.hop[i][0] = a[i][0]*wo + b[i][0]*wi
		s.hop[i][1] = a[i][1]*wo + b[i][1]*wi
	}
	s.hopPos, s.hopLen = 0, s.hs
	s.hopFrom, s.hopTo = from, best
	s.pc, s.ac = best, an
	return frameOK
}

// bestMatch returns the frame start in [lo, hi] whose first half best
// matches the input at from, the current frame's second half.
func (s *Stretch) bestMatch(from, lo, hi, target int) int {
	ref := s.mono[from-s.inBase : from-s.inBase+s.hs]
	score := func(p, step int) float64 {
		c := s.mono[p-s.inBase : p-s.inBase+s.hs]
		var xy, xx, yy float64
		for i := 0; i < len(ref); i += step {
			x, y := ref[i], c[i]
			xy += x * y
			xx += x * x
			yy += y * y
		}
		r := 0.0
		if e := xx * yy; e > 1e-30 {
			r = xy / math.Sqrt(e)
		}
		d := p - target
		if d < 0 {
			d = -d
		}
		return r - stretchBias*float64(d)/float64(s.search)
	}

	best, bestScore := lo, math.Inf(-1)
	// Coarse, on a grid through target.
	d := s.dec
	off := (target - lo) % d
	if off < 0 {
		off += d
	}
	for p := lo + off; p <= hi; p += d {
		if sc := score(p, d); sc > bestScore {
			best, bestScore = p, sc
		}
	}
	if d == 1 {
		return best
	}
	// Fine, around the coarse peak.
	c := best
	bestScore = math.Inf(-1)
	for p := max(c-d+1, lo); p <= min(c+d-1, hi); p++ {
		if sc := score(p, 1); sc > bestScore {
			best, bestScore = p, sc
		}
	}
	return best
}

// compact drops the input before source sample keep.
func (s *Stretch) compact(keep int) {
	k := keep - s.inBase
	if k <= 0 {
		return
	}
	if k >= s.inLen {
		s.inBase += s.inLen
		s.inLen = 0
		return
	}
	copy(s.in, s.in[k:s.inLen])
	copy(s.mono, s.mono[k:s.inLen])
	s.inBase = keep
	s.inLen -= k
}

// fill reads until the input reaches source sample need, padding with
// silence past the end of the source. It reports false when the source
// has nothing for now.
func (s *Stretch) fill(need int) bool {
	if size := need - s.inBase; size > len(s.in) {
		// Not reached with the speeds allowed; kept as a safety net.
		in := make([][2]float64, size)
		mono := make([]float64, size)
		copy(in, s.in[:s.inLen])
		copy(mono, s.mono[:s.inLen])
		s.in, s.mono = in, mono
	}
	for s.inBase+s.inLen < need {
		lo, hi := s.inLen, need-s.inBase
		if s.eof {
			clear(s.in[lo:hi])
			clear(s.mono[lo:hi])
			s.inLen = hi
			break
		}
		k, ok := s.src.Stream(s.in[lo:hi])
		for i := lo; i < lo+k; i++ {
			s.mono[i] = s.in[i][0] + s.in[i][1]
		}
		s.inLen += k
		s.pulled += k
		if !ok {
			s.eof, s.end = true, s.pulled
		} else if k == 0 {
			return false
		}
	}
	return true
}
