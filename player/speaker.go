//go:build !linux

package player

import (
	"errors"
	"io"
	"sync"
	"time"

	"github.com/ebitengine/oto/v3"
	"github.com/gopxl/beep/v2"
)

// otoOnce guards the sound card's context, which may be made once per
// process.
var otoOnce struct {
	sync.Mutex
	started bool
}

// Speaker is the sound card, through oto (the library under beep's own
// speaker package). It talks to oto directly so that a seek can drop the
// audio already buffered: the new position is heard after the device's
// buffer alone.
type Speaker struct {
	buffer time.Duration
	mu     sync.Mutex
	player *oto.Player
}

// NewSpeaker returns a Sink for the sound card; buffer is split between
// the device and oto's player.
func NewSpeaker(buffer time.Duration) *Speaker {
	return &Speaker{buffer: buffer}
}

// Latency is how long a pulled sample takes to be heard: the buffer
// (measured through pulseaudio: play to first sample heard 41 ms with a
// 40 ms buffer).
func (s *Speaker) Latency() time.Duration { return s.buffer }

// firstPullWait is how long Start waits for the device to show it plays:
// by then it must have asked for audio firstPullCalls times. A missing
// device fills its first buffer and never asks again (measured: one
// call), a working one asks every few milliseconds.
const (
	firstPullWait  = 500 * time.Millisecond
	firstPullCalls = 3
)

// Start opens the sound card and plays st. It can be done once per
// process. It returns ErrNoDevice when the device accepts the set-up but
// does not play.
func (s *Speaker) Start(rate beep.SampleRate, st beep.Streamer) error {
	otoOnce.Lock()
	defer otoOnce.Unlock()
	if otoOnce.started {
		return errors.New("the sound card is already in use")
	}
	ctx, ready, err := oto.NewContext(&oto.NewContextOptions{
		SampleRate:   int(rate),
		ChannelCount: 2,
		Format:       oto.FormatSignedInt16LE,
		BufferSize:   s.buffer / 2,
	})
	if err != nil {
		return err
	}
	otoOnce.started = true
	select {
	case <-ready:
	case <-time.After(firstPullWait):
		return ErrNoDevice
	}
	probe := &firstPull{s: st, want: firstPullCalls, pulled: make(chan struct{})}
	p := ctx.NewPlayer(&pcmReader{s: probe})
	p.SetBufferSize(rate.N(s.buffer/2) * 4)
	p.Play()
	select {
	case <-probe.pulled:
	case <-time.After(firstPullWait):
		p.Pause()
		return ErrNoDevice
	}
	s.mu.Lock()
	s.player = p
	s.mu.Unlock()
	return nil
}

// Flush drops what oto has buffered but not yet handed to the device.
func (s *Speaker) Flush() {
	s.mu.Lock()
	p := s.player
	s.mu.Unlock()
	if p != nil {
		p.Seek(0, io.SeekCurrent) // resets the buffer and keeps playing
	}
}

// pcmReader turns a streamer into the 16-bit interleaved stereo oto reads.
// It can "seek" (to nowhere) so that oto's player can drop its buffer.
type pcmReader struct {
	s   beep.Streamer
	buf [][2]float64
}

func (r *pcmReader) Read(b []byte) (int, error) {
	n := len(b) / 4
	if n == 0 {
		return 0, nil
	}
	if len(r.buf) < n {
		r.buf = make([][2]float64, n)
	}
	k, ok := r.s.Stream(r.buf[:n])
	if !ok && k == 0 {
		return 0, io.EOF
	}
	for i, v := range r.buf[:k] {
		for c := 0; c < 2; c++ {
			x := int16(max(-1, min(v[c], 1)) * (1<<15 - 1))
			b[4*i+2*c] = byte(x)
			b[4*i+2*c+1] = byte(x >> 8)
		}
	}
	return 4 * k, nil
}

// Seek does nothing; it lets oto reset its buffer.
func (r *pcmReader) Seek(offset int64, whence int) (int64, error) { return 0, nil }

// firstPull passes a streamer through and closes pulled once it has been
// pulled want times: a device that plays asks again every few
// milliseconds; a missing one fills its buffer once and never asks again.
type firstPull struct {
	s      beep.Streamer
	want   int
	got    int
	once   sync.Once
	pulled chan struct{}
}

func (f *firstPull) Stream(samples [][2]float64) (int, bool) {
	f.got++
	if f.got >= f.want {
		f.once.Do(func() { close(f.pulled) })
	}
	return f.s.Stream(samples)
}

func (f *firstPull) Err() error { return f.s.Err() }
