package player

import (
	"errors"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
)

// Flusher is a Sink that can drop the audio it has buffered but not yet
// played, so that a seek is heard at once.
type Flusher interface {
	Flush()
}

// A Sink takes audio out of the player: it pulls samples from a streamer at
// a fixed rate, on its own goroutine, until the process ends.
type Sink interface {
	// Start begins pulling s at the given sample rate. It returns
	// ErrNoDevice when the device accepted the set-up but never pulled.
	Start(rate beep.SampleRate, s beep.Streamer) error
	// Latency is how long a sample takes from being pulled to being heard.
	Latency() time.Duration
}

// ErrNoDevice reports that no sound device played anything.
var ErrNoDevice = errors.New("no sound device found (the audio output never asked for sound)")

// SampleRate is the rate Readalong plays at; files of other rates are
// resampled.
const SampleRate beep.SampleRate = 44100

// DefaultLatency is the output buffer Readalong asks for: short enough
// that a seek is heard at once, long enough not to stutter.
const DefaultLatency = 30 * time.Millisecond

// firstPullWait is how long Start waits for the device to show it plays:
// by then it must have asked for audio firstPullCalls times. A missing
// device fills its first buffer and never asks again (measured: one
// call), a working one asks every few milliseconds (about 50 calls a
// second with a 30 ms buffer), even on a busy machine.
const (
	firstPullWait  = 500 * time.Millisecond
	firstPullCalls = 3
)

// Clock is a silent Sink: it pulls samples at real-time pace and discards
// them. It stands in for a missing sound card so the transcript still
// follows the episode.
type Clock struct {
	stop chan struct{}
	once sync.Once
}

// NewClock returns a silent real-time Sink.
func NewClock() *Clock { return &Clock{stop: make(chan struct{})} }

// Latency is zero: nothing is buffered.
func (c *Clock) Latency() time.Duration { return 0 }

// Start pulls s in 10 ms chunks, paced by the wall clock, until Stop.
func (c *Clock) Start(rate beep.SampleRate, s beep.Streamer) error {
	go func() {
		const tick = 10 * time.Millisecond
		buf := make([][2]float64, rate.N(time.Second))
		t := time.NewTicker(tick)
		defer t.Stop()
		start := time.Now()
		pulled := 0
		for {
			select {
			case <-c.stop:
				return
			case now := <-t.C:
				due := rate.N(now.Sub(start)) - pulled
				for due > 0 {
					n := min(due, len(buf))
					s.Stream(buf[:n])
					pulled += n
					due -= n
				}
			}
		}
	}()
	return nil
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
