//go:build linux

package player

import (
	"errors"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gopxl/beep/v2"
)

// Output is the sound device: ALSA's "default" PCM, which on most
// desktops is the pulse plugin (pulseaudio or PipeWire), as a Sink.
//
// It never takes a slow device for a missing one. The device is opened in
// the background. Until it takes audio, and whenever it takes none for
// stallAfter, the player is pulled silently at real-time pace, so
// positions advance and the transcript follows; sound takes over as soon
// as the device takes audio (a device that opens within stallAfter plays
// from the first sample). A device that cannot be opened is Silent, one
// that fails while open is Lost (the player pauses); both are tried again
// every few seconds and on Retry. Underruns and system suspends are
// recovered from in place.
//
// While sound plays, a C thread keeps the device DefaultLatency full from
// a ring, sleeping in poll on the device's descriptors between periods of
// 10 ms, and a goroutine tops the ring up every other period. Go makes no
// call into C meanwhile (see pcm), so Go's runtime stays asleep too.
type Output struct {
	name    string
	latency time.Duration
	epoch   time.Time

	mu      sync.Mutex
	state   OutputState
	err     error // why Silent or Lost
	lostErr error // the loss a failed retry goes back to
	watcher func(OutputState, error)
	started bool
	closed  bool
	dev     *pcm // the open device, to wake its goroutine's wait

	retry chan struct{} // Retry asks (capacity 1)
	quit  chan struct{} // closed by Close
	kick  chan struct{} // the clock should look again now (capacity 1)
	done  chan struct{} // closed when the device goroutine ends

	// Whoever pulls the player holds pullMu: the device goroutine while
	// live, the clock otherwise.
	pullMu sync.Mutex
	live   bool
	src    beep.Streamer
	rate   beep.SampleRate

	liveNow atomic.Bool  // live, for Latency
	delay   atomic.Int64 // how far the listener was behind the last pull
	lifeAt  atomic.Int64 // when the device last made room, since epoch
	flushed atomic.Bool  // Flush was called: pull at once
	idle    atomic.Bool  // the player is quiet and the device stopped (see play)
}

// restingLook is how often time is looked at while the player is paused
// and nothing plays: Flush wakes the clock at once on a play.
const restingLook = 10 * time.Second

// restartPad is the silence put before the audio when the device starts
// again after a rest.
const restartPad = 10 * time.Millisecond

// closeWait is how long closing waits for the device to close.
const closeWait = 500 * time.Millisecond

// NewOutput returns the sound device as a Sink, with a buffer of about
// latency. Nothing is opened before Start.
func NewOutput(latency time.Duration) *Output {
	return &Output{
		name:    "default",
		latency: latency,
		epoch:   time.Now(),
		retry:   make(chan struct{}, 1),
		quit:    make(chan struct{}),
		kick:    make(chan struct{}, 1),
		done:    make(chan struct{}),
	}
}

// Start begins keeping time with s at once and opens the device in the
// background. It fails only when called twice or after Close.
func (o *Output) Start(rate beep.SampleRate, s beep.Streamer) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.started || o.closed {
		return errors.New("the sound output was already started")
	}
	o.started = true
	o.src, o.rate = s, rate
	// The device gets stallAfter to open and play before time is kept
	// without it: a device that opens at once plays from the first
	// sample.
	o.setLive(true)
	o.markLife(time.Now())
	go o.keepTime()
	go o.run()
	return nil
}

// Latency is how far the listener was behind the end of what was pulled
// at the last pull: the device's delay (snd_pcm_delay right after its last
// write, less the time since) and what waits in the ring. It is zero while
// time is kept silently.
func (o *Output) Latency() time.Duration {
	if !o.liveNow.Load() {
		return 0
	}
	return time.Duration(o.delay.Load())
}

// Flush has the device goroutine pull at once: when a new run of samples
// starts (a seek while playing), it drops what the device and the ring
// hold (snd_pcm_drop and snd_pcm_prepare) and refills them from there, so
// that the new position is heard at once.
func (o *Output) Flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dev != nil && !o.closed {
		o.flushed.Store(true)
		o.dev.wake()
	}
	o.kickClock()
}

// State returns the state of the device and, when Silent or Lost, why.
func (o *Output) State() (OutputState, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.state, o.err
}

// Retry tries a missing or lost device again at once.
func (o *Output) Retry() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed || (o.state != OutputSilent && o.state != OutputLost) {
		return
	}
	select {
	case o.retry <- struct{}{}:
	default:
	}
}

// watch sets the function told of every change of state.
func (o *Output) watch(f func(OutputState, error)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.watcher = f
}

// Close stops keeping time and closes the device. It waits a little for
// the device goroutine, not for a device that does not answer.
func (o *Output) Close() {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return
	}
	o.closed = true
	started := o.started
	close(o.quit)
	if o.dev != nil {
		o.dev.wake()
	}
	o.mu.Unlock()
	if started {
		select {
		case <-o.done:
		case <-time.After(closeWait):
		}
	}
}

func (o *Output) isClosed() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.closed
}

// setState records a new state and tells the watcher, with no lock held.
func (o *Output) setState(s OutputState, err error) {
	o.mu.Lock()
	if o.closed || (o.state == s && o.err == err) {
		o.mu.Unlock()
		return
	}
	o.state, o.err = s, err
	w := o.watcher
	o.mu.Unlock()
	if w != nil {
		w(s, err)
	}
}

// setLive hands the pulling to the device (true) or the clock; pullMu is
// held.
func (o *Output) setLive(v bool) {
	o.live = v
	o.liveNow.Store(v)
}

func (o *Output) sinceLife(now time.Time) time.Duration {
	return now.Sub(o.epoch) - time.Duration(o.lifeAt.Load())
}

func (o *Output) markLife(now time.Time) { o.lifeAt.Store(int64(now.Sub(o.epoch))) }

// keepTime pulls the player at real-time pace whenever the device does
// not, and hands the pulling back to the clock when the device has made no
// room for stallAfter. While the device plays it only looks every
// stallAfter/2.
func (o *Output) keepTime() {
	pace := pacer{rate: o.rate, s: o.src}
	pacing := false
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-o.quit:
			return
		case <-t.C:
		case <-o.kick:
		}
		now := time.Now()
		stalled := false
		o.pullMu.Lock()
		if o.live && !o.idle.Load() && o.sinceLife(now) > stallAfter {
			o.setLive(false)
			stalled = true
		}
		quiet := false
		if !o.live {
			// Time is kept only while there is time to keep: a paused
			// player is left alone until Flush kicks the clock.
			if quiet = isQuiet(o.src); quiet {
				pacing = false
			} else {
				if !pacing {
					pace.begin(now)
					pacing = true
				}
				pace.pullTo(now)
			}
		} else {
			pacing = false
		}
		live := o.live
		o.pullMu.Unlock()
		if stalled {
			if s, _ := o.State(); s == OutputSound {
				o.setState(OutputOpening, nil)
			}
		}
		switch {
		case live && o.idle.Load() || !live && quiet:
			// Nothing to watch until a play (Flush kicks the clock).
			t.Reset(restingLook)
		case live:
			t.Reset(stallAfter / 2)
		default:
			t.Reset(clockTick)
		}
	}
}

// kickClock has the clock look again at once.
func (o *Output) kickClock() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// run opens the device, plays through it until it fails, and tries again
// every retryEvery or on Retry, until Close.
func (o *Output) run() {
	defer close(o.done)
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			asked := false
			select {
			case <-o.quit:
				return
			case <-o.retry:
				asked = true
			case <-time.After(retryEvery):
			}
			if asked {
				o.setState(OutputOpening, nil)
			}
			forgetConfig()
		}
		dev, err := openPCM(o.name, int(o.rate), o.latency, max(outputPeriod, o.latency/3), ringLead)
		if o.isClosed() {
			if dev != nil {
				dev.close(0)
			}
			return
		}
		if err != nil {
			o.openFailed(err)
			continue
		}
		o.mu.Lock()
		o.dev = dev
		o.mu.Unlock()
		err = o.play(dev)
		o.pullMu.Lock()
		o.setLive(false)
		o.pullMu.Unlock()
		o.kickClock()
		o.mu.Lock()
		o.dev = nil
		o.mu.Unlock()
		dev.close(closeWait)
		if o.isClosed() {
			return
		}
		lost := o.deviceError(ErrDeviceLost, err)
		o.mu.Lock()
		o.lostErr = lost
		o.mu.Unlock()
		o.setState(OutputLost, lost)
	}
}

// openFailed: a device never opened is Silent; one lost stays Lost.
// Time is kept without it.
func (o *Output) openFailed(err error) {
	o.pullMu.Lock()
	o.setLive(false)
	o.pullMu.Unlock()
	o.kickClock()
	o.mu.Lock()
	lost := o.lostErr
	o.mu.Unlock()
	if lost != nil {
		o.setState(OutputLost, lost)
		return
	}
	o.setState(OutputSilent, o.deviceError(ErrNoDevice, err))
}

func (o *Output) deviceError(kind, err error) *DeviceError {
	var cause error
	var errno syscall.Errno
	if errors.As(err, &errno) {
		cause = errno
	}
	return &DeviceError{Device: o.name, Err: kind, Reason: describe(err), Cause: cause}
}

// take pulls len(buf) samples for the device, taking the pulling over from
// the clock. It pulls nothing (ok false) while the device shows no life.
func (o *Output) take(buf [][2]float64) (n int, fresh, ok bool) {
	o.pullMu.Lock()
	defer o.pullMu.Unlock()
	if !o.live {
		if o.sinceLife(time.Now()) > stallAfter {
			return 0, false, false
		}
		o.setLive(true)
	}
	n, fresh = pullFresh(o.src, buf)
	return n, fresh, true
}

// ringLead is how many periods the ring holds, at most, beyond what the
// device takes: the thread wakes Go when one is left, and Go tops up two
// at a time. More would wake Go less often but lengthen the time from a
// pause to silence (measured: 6 instead of 3 saves 0.15 % of a core).
const ringLead = 3

// play keeps the device's ring filled until the device fails or the output
// is closed. It wakes when the device's thread has left one period in the
// ring (or on Flush and Close), pulls what is missing from the player,
// and sleeps again.
func (o *Output) play(d *pcm) error {
	o.mu.Lock()
	o.lostErr = nil
	o.mu.Unlock()
	now := time.Now()
	o.markLife(now) // the device gets stallAfter to take its first audio
	buf := make([][2]float64, d.size)
	life := d.life()
	quiet := 0 // frames of the player's silence put in a row
	o.idle.Store(false)
	// First the device's whole buffer and the lead, then start.
	if n, _, ok := o.take(buf[:d.size]); ok {
		d.put(buf[:n])
		o.noteBehind(d, 0)
	}
	if err := d.start(); err != nil {
		return err
	}
	for {
		if err := d.wait(); err != nil {
			return err
		}
		if o.isClosed() {
			return nil
		}
		if done, err := d.ended(); done {
			if err == nil {
				err = errors.New("the sound device stopped")
			}
			return err
		}
		if o.idle.Load() {
			if isQuiet(o.src) {
				continue
			}
			// A play: start the device again with its whole buffer.
			o.flushed.Store(false)
			o.markLife(time.Now())
			o.idle.Store(false)
			d.setIdle(false)
			quiet = 0
			o.kickClock()
			pad := min(d.size/2, o.rate.N(restartPad))
			if n, fresh, ok := o.take(buf[:max(0, min(d.size-pad, d.buffer+ringLead*d.period)-d.level())]); ok {
				if fresh {
					d.newRun()
				}
				// The sound server mixes the stream in by rewinding what it
				// already rendered: a little silence first, so that the
				// rewind takes none of the audio.
				d.put(make([][2]float64, pad))
				d.put(buf[:n])
				o.noteBehind(d, -1)
			}
			continue
		}
		if l := d.life(); l != life {
			// The device made room: it plays.
			life = l
			o.markLife(time.Now())
			o.setState(OutputSound, nil)
		}
		// Keep the lead, and whatever the device could take when the
		// ring ran dry; on a Flush, pull a period to find out whether a
		// new run starts.
		want := max(0, ringLead*d.period+d.room()-d.level())
		if o.flushed.Swap(false) {
			want = max(want, d.period)
		}
		want = max(0, min(want, d.size-d.level()))
		if want == 0 {
			continue
		}
		n, fresh, ok := o.take(buf[:want])
		if !ok {
			continue
		}
		if fresh {
			// A seek or a play: drop what the device and the ring hold,
			// and fill the device from here.
			d.newRun()
			d.put(buf[:n])
			if more := min(d.size, d.buffer+ringLead*d.period) - n; more > 0 {
				if k, _, ok := o.take(buf[:more]); ok {
					d.put(buf[:k])
					n += k
				}
			}
			o.noteBehind(d, n)
			continue
		}
		d.put(buf[:n])
		o.noteBehind(d, -1)
		// Once the device and the ring hold nothing but the player's
		// silence, stop the device (and this goroutine) until a play.
		if isQuiet(o.src) {
			quiet += n
		} else {
			quiet = 0
		}
		if quiet >= d.buffer+ringLead*d.period {
			o.idle.Store(true)
			d.setIdle(true)
		}
	}
}

// quieter is a streamer that can tell it has nothing but silence to give
// until it is told otherwise (a paused player: Play flushes the sink).
type quieter interface {
	quiet() bool
}

func isQuiet(s beep.Streamer) bool {
	q, ok := s.(quieter)
	return ok && q.quiet()
}

// noteBehind records how far the listener is behind the end of what was
// pulled, for Latency. fresh is the size of a new run just put (the device
// is about to drop the rest), or -1.
func (o *Output) noteBehind(d *pcm, fresh int) {
	if fresh >= 0 {
		o.delay.Store(int64(o.rate.D(fresh)))
		return
	}
	if b, ok := d.behind(o.rate); ok {
		o.delay.Store(int64(b))
	} else {
		o.delay.Store(int64(o.rate.D(d.level())))
	}
}

// toS16 converts a sample to 16 bits.
func toS16(v float64) int16 {
	return int16(max(-1, min(v, 1)) * (1<<15 - 1))
}
