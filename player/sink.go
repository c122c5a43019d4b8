package player

import (
	"errors"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/speaker"
)

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

// DefaultLatency is the speaker buffer Readalong asks for: short enough that
// a seek is heard at once, long enough not to stutter.
const DefaultLatency = 50 * time.Millisecond

// firstPullWait is how long Start waits for the device to show it plays:
// by then it must have pulled at least firstPullMin of audio. A missing
// device never pulls; a stuck one pulls its first buffer and stops.
const (
	firstPullWait = 500 * time.Millisecond
	firstPullMin  = 250 * time.Millisecond
)

// speakerOnce guards beep's speaker, which may be initialised once per
// process.
var speakerOnce struct {
	sync.Mutex
	started bool
}

// Speaker is the sound card, through beep's speaker.
type Speaker struct {
	buffer time.Duration
}

// NewSpeaker returns a Sink for the sound card with the given buffer.
func NewSpeaker(buffer time.Duration) *Speaker {
	return &Speaker{buffer: buffer}
}

// Latency returns the speaker's buffer length.
func (s *Speaker) Latency() time.Duration { return s.buffer }

// Start initialises the speaker and plays st. beep's speaker can be
// initialised once per process; a second Start fails.
func (s *Speaker) Start(rate beep.SampleRate, st beep.Streamer) error {
	speakerOnce.Lock()
	defer speakerOnce.Unlock()
	if speakerOnce.started {
		return errors.New("the speaker is already in use")
	}
	if err := speaker.Init(rate, rate.N(s.buffer)); err != nil {
		return err
	}
	speakerOnce.started = true
	probe := &firstPull{s: st, want: rate.N(firstPullMin), pulled: make(chan struct{})}
	speaker.Play(probe)
	select {
	case <-probe.pulled:
		return nil
	case <-time.After(firstPullWait):
		speaker.Clear()
		return ErrNoDevice
	}
}

// firstPull passes a streamer through and closes pulled once want samples
// have been pulled.
type firstPull struct {
	s      beep.Streamer
	want   int
	got    int
	once   sync.Once
	pulled chan struct{}
}

func (f *firstPull) Stream(samples [][2]float64) (int, bool) {
	f.got += len(samples)
	if f.got >= f.want {
		f.once.Do(func() { close(f.pulled) })
	}
	return f.s.Stream(samples)
}

func (f *firstPull) Err() error { return f.s.Err() }

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
