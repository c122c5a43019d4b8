package player

import (
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
)

// Flusher is a Sink told of a seek or a play: it pulls again at once and,
// when a new run of samples starts (a seek while playing), drops the audio
// it has buffered but not yet played, so that the new position is heard
// at once.
type Flusher interface {
	Flush()
}

// A Sink takes audio out of the player: it pulls samples from a streamer at
// a fixed rate, on its own goroutine, until the process ends.
type Sink interface {
	// Start begins pulling s at the given sample rate.
	Start(rate beep.SampleRate, s beep.Streamer) error
	// Latency is how long a sample takes from being pulled to being
	// heard, as of the last pull.
	Latency() time.Duration
}

// SampleRate is the rate Readalong plays at; files of other rates are
// resampled.
const SampleRate beep.SampleRate = 44100

// DefaultLatency is the output buffer Readalong asks for: short enough
// that a seek is heard at once, long enough not to stutter.
const DefaultLatency = 30 * time.Millisecond

// Clock is a silent Sink: it pulls samples at real-time pace and discards
// them, so the transcript follows the episode without a sound card.
type Clock struct {
	stop chan struct{}
	once sync.Once
}

// NewClock returns a silent real-time Sink.
func NewClock() *Clock { return &Clock{stop: make(chan struct{})} }

// Latency is zero: nothing is buffered.
func (c *Clock) Latency() time.Duration { return 0 }

// Start pulls s every 10 ms, paced by the wall clock, until Stop.
func (c *Clock) Start(rate beep.SampleRate, s beep.Streamer) error {
	go func() {
		t := time.NewTicker(clockTick)
		defer t.Stop()
		p := pacer{rate: rate, s: s}
		p.begin(time.Now())
		for {
			select {
			case <-c.stop:
				return
			case now := <-t.C:
				p.pullTo(now)
			}
		}
	}()
	return nil
}

// pacer pulls a streamer at real-time pace and throws the samples away.
type pacer struct {
	rate   beep.SampleRate
	s      beep.Streamer
	buf    [][2]float64
	start  time.Time
	pulled int
}

// begin starts keeping time at now.
func (p *pacer) begin(now time.Time) { p.start, p.pulled = now, 0 }

// pullTo pulls what is due by now.
func (p *pacer) pullTo(now time.Time) {
	if p.buf == nil {
		p.buf = make([][2]float64, p.rate.N(100*time.Millisecond))
	}
	for due := p.rate.N(now.Sub(p.start)) - p.pulled; due > 0; {
		n := min(due, len(p.buf))
		p.s.Stream(p.buf[:n])
		p.pulled += n
		due -= n
	}
}

// Stop ends the clock's goroutine.
func (c *Clock) Stop() { c.once.Do(func() { close(c.stop) }) }

// PullSink is a Sink that moves only when asked: Pull streams n samples
// and returns them. Tests use it to hear exactly what the player plays.
type PullSink struct {
	mu      sync.Mutex
	s       beep.Streamer
	latency time.Duration
}

// NewPullSink returns a PullSink that reports the given latency.
func NewPullSink(latency time.Duration) *PullSink { return &PullSink{latency: latency} }

// Start records the streamer to pull from.
func (p *PullSink) Start(rate beep.SampleRate, s beep.Streamer) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.s = s
	return nil
}

// Latency returns the latency the sink was made with.
func (p *PullSink) Latency() time.Duration { return p.latency }

// Pull streams n samples from the player and returns them.
func (p *PullSink) Pull(n int) [][2]float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([][2]float64, n)
	if p.s == nil {
		return out
	}
	for got := 0; got < n; {
		k, ok := p.s.Stream(out[got:])
		got += k
		if !ok {
			break
		}
	}
	return out
}
