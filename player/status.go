package player

import "time"

// Status is the player at one instant, read under one lock: everything a
// window shows of it, so that a tick reads one consistent state.
type Status struct {
	// Position is what the listener hears at At.
	Position time.Duration
	At       time.Time
	Playing  bool
	Duration time.Duration
	Speed    float64
	Volume   float64
	Muted    bool
	// Err is why playback last stopped early, or nil.
	Err error
	// Damage counts the damaged stretches found so far: when it changes,
	// Damage lists them.
	Damage int
	// Loaded is false when no episode is loaded.
	Loaded bool
	// Output is the state of the sound device, and OutputErr why it
	// gives no sound (a *DeviceError) when it is silent or lost.
	Output    OutputState
	OutputErr error
}

// Status returns the player's state.
func (p *Player) Status() Status {
	st := p.status()
	st.Output, st.OutputErr = p.Output()
	return st
}

// status is Status but for the output, under the player's lock.
func (p *Player) status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := Status{At: p.now(), Playing: p.playing, Speed: p.speed, Volume: p.volume, Muted: p.muted, Err: p.err}
	if p.src == nil {
		return st
	}
	st.Loaded = true
	rate := p.src.Format().SampleRate
	st.Duration = rate.D(p.src.Len())
	behind := time.Duration(float64(p.sink.Latency()-st.At.Sub(p.lastPull)) * p.speed)
	heard := max(p.base, min(p.pulledPos-samples(rate, behind), p.pulledPos))
	st.Position = rate.D(heard)
	switch d := p.src.(type) {
	case *mp3Source:
		st.Damage = d.damageCount()
	case Damaged:
		st.Damage = len(d.Damage())
	}
	return st
}

// damageCount is len(s.Damage()), without copying the list.
func (s *mp3Source) damageCount() int {
	s.x.mu.Lock()
	n := len(s.x.damage)
	s.x.mu.Unlock()
	s.mu.Lock()
	n += len(s.damage)
	s.mu.Unlock()
	return n
}
