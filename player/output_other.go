//go:build !linux

package player

import (
	"errors"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
)

// Output is the sound device through oto (on systems other than Linux,
// which has an ALSA output of its own), as a Sink. The device is opened
// in the background; when it does not play, the episode keeps time
// silently. oto opens one device per process and keeps a failed one for
// good, so Retry cannot help here and a lost device is not noticed.
type Output struct {
	speaker *Speaker
	clock   *Clock

	mu      sync.Mutex
	state   OutputState
	err     error
	watcher func(OutputState, error)
	started bool
}

// NewOutput returns the sound device as a Sink, with a buffer of about
// latency.
func NewOutput(latency time.Duration) *Output {
	return &Output{speaker: NewSpeaker(latency), clock: NewClock()}
}

// Start opens the device in the background and plays s through it, or
// keeps time with s silently when it does not play.
func (o *Output) Start(rate beep.SampleRate, s beep.Streamer) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.started {
		return errors.New("the sound output was already started")
	}
	o.started = true
	go func() {
		err := o.speaker.Start(rate, s)
		if err == nil {
			o.setState(OutputSound, nil)
			return
		}
		o.clock.Start(rate, s)
		reason := err.Error()
		if errors.Is(err, ErrNoDevice) {
			reason = "the device never asked for audio"
		}
		o.setState(OutputSilent, &DeviceError{Device: "oto", Err: ErrNoDevice, Reason: reason})
	}()
	return nil
}

// Latency is the device's buffer while it plays, zero otherwise.
func (o *Output) Latency() time.Duration {
	if s, _ := o.State(); s == OutputSound {
		return o.speaker.Latency()
	}
	return 0
}

// Flush drops what the device holds, so a seek is heard at once.
func (o *Output) Flush() { o.speaker.Flush() }

// State returns the state of the device and, when Silent, why.
func (o *Output) State() (OutputState, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.state, o.err
}

// Retry does nothing: oto keeps a failed device for good.
func (o *Output) Retry() {}

func (o *Output) watch(f func(OutputState, error)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.watcher = f
}

// Close stops keeping time.
func (o *Output) Close() { o.clock.Stop() }

func (o *Output) setState(s OutputState, err error) {
	o.mu.Lock()
	o.state, o.err = s, err
	w := o.watcher
	o.mu.Unlock()
	if w != nil {
		w(s, err)
	}
}
