package player

import (
	"errors"
	"time"

	"github.com/gopxl/beep/v2"
)

// OutputState says whether the sound device plays.
type OutputState int

const (
	// OutputOpening: the device is being opened, or has stopped taking
	// audio for a moment (a busy or stopped sound server). The episode
	// keeps time silently meanwhile; sound takes over as soon as the
	// device takes audio.
	OutputOpening OutputState = iota
	// OutputSound: the device plays.
	OutputSound
	// OutputSilent: no device could be opened. The episode keeps time
	// silently; the device is tried again every few seconds and on
	// Retry.
	OutputSilent
	// OutputLost: the device went away while open (the sound server
	// ended, the device was unplugged). The player was paused; the
	// device is tried again every few seconds and on Retry.
	OutputLost
)

func (s OutputState) String() string {
	switch s {
	case OutputOpening:
		return "opening"
	case OutputSound:
		return "sound"
	case OutputSilent:
		return "silent"
	case OutputLost:
		return "lost"
	}
	return "unknown"
}

// Errors a DeviceError wraps.
var (
	// ErrNoDevice: no sound device could be opened.
	ErrNoDevice = errors.New("no sound device")
	// ErrDeviceLost: the sound device went away while playing.
	ErrDeviceLost = errors.New("sound device lost")
)

// DeviceError says why the sound device gives no sound.
type DeviceError struct {
	Device string // the device's name, such as ALSA's "default"
	Err    error  // ErrNoDevice or ErrDeviceLost
	Reason string // what the sound system said, for people
	Cause  error  // the system's error (a syscall.Errno), or nil
}

func (e *DeviceError) Error() string {
	if e.Reason == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + " (" + e.Reason + ")"
}

// Unwrap returns Err and, when known, Cause.
func (e *DeviceError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

// Timing of an Output.
const (
	// outputPeriod is how often the device is topped up: a third of
	// DefaultLatency; with a longer latency, a third of it.
	outputPeriod = 10 * time.Millisecond
	// stallAfter is how long a device may take no audio before the
	// output keeps time without it (and says it is waiting).
	stallAfter = 400 * time.Millisecond
	// retryEvery is how often a missing or lost device is tried again.
	retryEvery = 3 * time.Second
	// clockTick is how often time is kept while there is no sound.
	clockTick = 10 * time.Millisecond
)

// device is a Sink with a sound device of its own, which it opens,
// watches and reopens by itself (an Output).
type device interface {
	Sink
	State() (OutputState, error)
	Retry()
	watch(func(OutputState, error))
	Close()
}

// freshStreamer is the player's output: Stream, and whether a new run of
// samples (a seek, a play) starts with the samples returned, so that the
// sink drops what it still holds from before.
type freshStreamer interface {
	streamFresh(samples [][2]float64) (n int, fresh bool)
}

// pullFresh pulls s, through streamFresh when s has it.
func pullFresh(s beep.Streamer, buf [][2]float64) (int, bool) {
	if f, ok := s.(freshStreamer); ok {
		return f.streamFresh(buf)
	}
	n, _ := s.Stream(buf)
	return n, false
}

// Output reports the state of the sound device: OutputSound for a sink
// with no device of its own (a PullSink), which takes audio whenever it
// is asked to.
func (p *Player) Output() (OutputState, error) {
	p.mu.Lock()
	d, ok := p.sink.(device)
	p.mu.Unlock()
	if !ok {
		return OutputSound, nil
	}
	return d.State()
}

// RetryOutput tries the sound device again at once when it is missing or
// lost (Playback › Try Sound Again).
func (p *Player) RetryOutput() {
	p.mu.Lock()
	d, ok := p.sink.(device)
	p.mu.Unlock()
	if ok {
		d.Retry()
	}
}

// OnOutputChange sets a function called, on the output's own goroutine,
// each time the state of the sound device changes. When the device is
// lost, the player is paused before f is called. Set it before Start.
func (p *Player) OnOutputChange(f func(OutputState, error)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onOutput = f
}

// outputChanged pauses the player when the device is lost and tells
// whoever asked.
func (p *Player) outputChanged(s OutputState, err error) {
	if s == OutputLost {
		p.Pause()
	}
	p.mu.Lock()
	f := p.onOutput
	p.mu.Unlock()
	if f != nil {
		f(s, err)
	}
}
