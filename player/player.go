package player

import (
	"errors"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
)

// Player plays one Source at a time through a Sink.
//
// All methods are safe for concurrent use. The sink's goroutine pulls audio
// through the player's own lock, so a seek or a pause never races with
// decoding.
type Player struct {
	mu   sync.Mutex
	sink Sink

	src     Source
	stretch *Stretch      // src at the chosen speed
	stream  beep.Streamer // stretch, resampled to SampleRate when needed
	speed   float64
	volume  float64
	muted   bool

	playing bool
	err     error // why the last stream stopped early

	// The clock: at lastPull the sink had taken everything up to pulledPos
	// (a source sample). What the listener hears trails that by the sink's
	// latency, but never goes back past base, where the current run of
	// samples began (a seek or a load).
	lastPull  time.Time
	pulledPos int
	base      int
	// fresh: a new run of samples (a seek while playing) begins with the
	// next pull; the sink drops what it holds from before.
	fresh bool

	onOutput func(OutputState, error) // see OnOutputChange

	now func() time.Time
}

// New returns a player that plays through sink. Call Start once to open the
// sink.
func New(sink Sink) *Player {
	return &Player{sink: sink, now: time.Now, speed: 1, volume: 1}
}

// Start opens the sink. An Output opens its device in the background and
// keeps time silently until the device plays (see Output and
// OnOutputChange), so Start returns at once.
func (p *Player) Start() error {
	p.mu.Lock()
	sink := p.sink
	p.mu.Unlock()
	if d, ok := sink.(device); ok {
		d.watch(p.outputChanged)
	}
	return sink.Start(SampleRate, output{p})
}

// Load replaces the current source with src, paused at its start. The
// player owns src from now on and closes it when it is replaced.
func (p *Player) Load(src Source) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.src != nil {
		p.src.Close()
	}
	p.src = src
	p.playing, p.err = false, nil
	p.resetStream()
	p.mark(0)
}

// LoadFile opens path and loads it.
func (p *Player) LoadFile(path string) error {
	src, err := OpenFile(path)
	if err != nil {
		return err
	}
	p.Load(src)
	return nil
}

// resetStream rebuilds the streamer chain after a load or a seek, so no
// resampler holds samples from before.
func (p *Player) resetStream() {
	if p.src == nil {
		p.stream = nil
		return
	}
	r := p.src.Format().SampleRate
	p.stretch = NewStretch(p.src, r)
	p.stretch.SetSpeed(p.speed)
	p.stream = p.stretch
	if r != SampleRate {
		p.stream = beep.Resample(4, r, SampleRate, p.stretch)
	}
}

// mediaPos is the source sample the next output sample comes from.
func (p *Player) mediaPos() int {
	return p.src.Position() - p.stretch.Pending()
}

// mark records that a new run of samples starts at source sample n.
func (p *Player) mark(n int) {
	p.base, p.pulledPos, p.lastPull = n, n, p.now()
}

// Play starts or resumes playback. At the end of the episode it starts
// again from the beginning.
func (p *Player) Play() {
	p.mu.Lock()
	if p.src == nil || p.playing {
		p.mu.Unlock()
		return
	}
	if p.mediaPos() >= p.src.Len() {
		p.seekLocked(0)
	}
	p.err = nil
	p.playing = true
	p.mark(p.mediaPos())
	p.mu.Unlock()
	// The sink pulls at once. What it holds is the pause's silence: it is
	// not dropped, since a new stream at the sound server would start in
	// a rewind of what the server already mixed, which its monitor (and
	// a recording of it) would not show from the very first sample.
	p.flush()
}

// Pause stops playback; what is already in the sink's buffer still plays.
func (p *Player) Pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.playing = false
}

// Toggle pauses when playing and plays when paused.
func (p *Player) Toggle() {
	if p.Playing() {
		p.Pause()
	} else {
		p.Play()
	}
}

// Playing reports whether the player is playing.
func (p *Player) Playing() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.playing
}

// Seek moves to d, clamped to the episode. Playing or paused stays as it
// was.
func (p *Player) Seek(d time.Duration) error {
	p.mu.Lock()
	if p.src == nil {
		p.mu.Unlock()
		return errors.New("no episode loaded")
	}
	n := max(0, min(samples(p.src.Format().SampleRate, d), p.src.Len()))
	err := p.seekLocked(n)
	p.mu.Unlock()
	p.flush()
	return err
}

// flush has the sink drop the audio from before a seek or a play still
// waiting in its buffer. Outside our lock: the sink refills its buffer at
// once, through output.Stream, from the new position.
func (p *Player) flush() {
	p.mu.Lock()
	f, ok := p.sink.(Flusher)
	p.mu.Unlock()
	if ok {
		f.Flush()
	}
}

func (p *Player) seekLocked(n int) error {
	err := p.src.Seek(n)
	p.resetStream()
	p.mark(p.mediaPos())
	p.fresh = p.fresh || p.playing
	return err
}

// Position returns the point of the episode the listener hears now.
func (p *Player) Position() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.src == nil {
		return 0
	}
	rate := p.src.Format().SampleRate
	// The sink's buffer holds Latency of output, which is Latency×speed
	// of media; it has played for the time since the last pull.
	behind := time.Duration(float64(p.sink.Latency()-p.now().Sub(p.lastPull)) * p.speed)
	heard := p.pulledPos - samples(rate, behind)
	heard = max(p.base, min(heard, p.pulledPos))
	return rate.D(heard)
}

// Duration returns the length of the loaded episode.
func (p *Player) Duration() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.src == nil {
		return 0
	}
	return p.src.Format().SampleRate.D(p.src.Len())
}

// SetSpeed sets the playback speed, from MinSpeed to MaxSpeed, keeping the
// pitch. Position and Duration stay in the episode's own time.
func (p *Player) SetSpeed(speed float64) {
	speed = max(MinSpeed, min(speed, MaxSpeed))
	p.mu.Lock()
	defer p.mu.Unlock()
	p.speed = speed
	if p.stretch != nil {
		p.stretch.SetSpeed(speed)
	}
}

// Speed returns the playback speed.
func (p *Player) Speed() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.speed
}

// SetVolume sets the output gain: 0 is silent, 1 plays the file as it is.
// Values are clamped to [0, 1].
func (p *Player) SetVolume(v float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.volume = max(0, min(v, 1))
}

// Volume returns the output gain.
func (p *Player) Volume() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.volume
}

// SetMuted silences the output (true) or gives it its volume again
// (false); the volume is kept meanwhile.
func (p *Player) SetMuted(m bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.muted = m
}

// Muted reports whether the output is muted.
func (p *Player) Muted() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.muted
}

// Damage lists the damaged stretches of the episode found so far: junk the
// index skipped and frames the decoder could not decode (played as
// silence).
func (p *Player) Damage() []Damage {
	p.mu.Lock()
	defer p.mu.Unlock()
	if d, ok := p.src.(Damaged); ok {
		return d.Damage()
	}
	return nil
}

// Warning returns what the user should know about the loaded episode
// before playing it, or "".
func (p *Player) Warning() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if d, ok := p.src.(Damaged); ok {
		return d.Warning()
	}
	return ""
}

// Err returns why playback last stopped early, such as damaged audio, or
// nil.
func (p *Player) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// Close releases the loaded source and closes the sink's device.
func (p *Player) Close() {
	p.mu.Lock()
	if p.src != nil {
		p.src.Close()
		p.src, p.stream, p.stretch, p.playing = nil, nil, nil, false
	}
	sink := p.sink
	p.mu.Unlock()
	switch s := sink.(type) {
	case device:
		s.Close() // outside our lock: its goroutines pull through it
	case *Clock:
		s.Stop()
	}
}

// sourceNeed is how many source samples n output samples may take: at
// the source's rate and the playing speed, plus what the stretcher reads
// ahead.
func (p *Player) sourceNeed(n int) int {
	return int(float64(n)*p.speed*float64(p.src.Format().SampleRate)/float64(SampleRate)) + 8192
}

// readier is a Source that may not be able to decode at once.
type readier interface {
	Ready(n int) bool
}

// output is what the sink pulls: the playing source, or silence. It never
// ends, so the sink keeps pulling across pauses and loads.
type output struct{ p *Player }

func (o output) Stream(samples [][2]float64) (int, bool) {
	n, _ := o.streamFresh(samples)
	return n, true
}

// streamFresh is Stream, and whether a new run of samples starts with
// these (see Player.fresh).
func (o output) streamFresh(samples [][2]float64) (int, bool) {
	p := o.p
	p.mu.Lock()
	defer p.mu.Unlock()
	fresh := p.fresh
	p.fresh = false
	n := 0
	if r, ok := p.src.(readier); ok && p.playing && !r.Ready(p.sourceNeed(len(samples))) {
		// The file is still being indexed up to here: play silence rather
		// than make the sound card wait (it would underrun), and let the
		// clock stand still.
		clear(samples)
		return len(samples), fresh
	}
	if p.playing && p.stream != nil {
		for n < len(samples) {
			k, ok := p.stream.Stream(samples[n:])
			n += k
			if !ok || k == 0 {
				p.playing = false
				p.err = p.src.Err()
				break
			}
		}
		if c, ok := p.src.(Corrector); ok {
			// A seek's estimate gave way to the exact frame: what is
			// heard moves with it.
			if d, ok := c.TakeCorrection(); ok {
				p.base = max(0, p.base+d)
			}
		}
		p.pulledPos, p.lastPull = p.mediaPos(), p.now()
		if p.volume != 1 || p.muted {
			g := p.volume * p.volume // a gentle, roughly perceptual curve
			if p.muted {
				g = 0
			}
			for i := range samples[:n] {
				samples[i][0] *= g
				samples[i][1] *= g
			}
		}
	}
	clear(samples[n:])
	return len(samples), fresh
}

func (o output) Err() error { return nil }

// quiet reports that the player gives nothing but silence until Play,
// which flushes the sink: the sink may stop its device meanwhile.
func (o output) quiet() bool {
	p := o.p
	p.mu.Lock()
	defer p.mu.Unlock()
	return !p.playing || p.stream == nil
}

// samples converts d to a sample count at rate, rounding to the nearest
// sample so that samples(rate, rate.D(n)) == n.
func samples(rate beep.SampleRate, d time.Duration) int {
	return int((int64(d)*int64(rate) + int64(time.Second)/2) / int64(time.Second))
}
