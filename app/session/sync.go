package session

import (
	"fmt"
	"time"

	tsync "readalong/sync"
)

// Pin ties line Line (an index into the transcript as read) to the time
// At of the episode: the listener heard it start then.
type Pin struct {
	Line int           `json:"line"`
	At   time.Duration `json:"at"`
}

// Sync is how a transcript is re-timed to its episode, for audio with ads
// the transcript does not have (or cut): up to two pins (one shifts the
// whole transcript, two re-time it linearly between them and shift it
// beyond), then an offset on top. It is stored with the episode.
type Sync struct {
	Pins   []Pin         `json:"points,omitempty"`
	Offset time.Duration `json:"offset,omitempty"`
}

// Zero reports whether the sync leaves the transcript as it is.
func (s Sync) Zero() bool { return s.Offset == 0 && len(s.Pins) == 0 }

// Nudged returns the sync with the transcript moved d later (earlier for
// a negative d).
func (s Sync) Nudged(d time.Duration) Sync {
	s.Pins = append([]Pin(nil), s.Pins...)
	s.Offset += d
	return s
}

// Pinned returns the sync with line pinned at at: a pin replaces any on
// the same line, and a third pin the older of the two. The offset is
// dropped: the pins say where the lines are.
func (s Sync) Pinned(line int, at time.Duration) Sync {
	var ps []Pin
	for _, p := range s.Pins {
		if p.Line != line {
			ps = append(ps, p)
		}
	}
	if len(ps) == 2 {
		ps = ps[1:]
	}
	return Sync{Pins: append(ps, Pin{Line: line, At: at})}
}

// applies reports whether the pins name lines t has.
func (s Sync) applies(t *tsync.Transcript) bool {
	for _, p := range s.Pins {
		if p.Line < 0 || p.Line >= t.Len() || p.At < 0 {
			return false
		}
	}
	return true
}

// Apply returns t re-timed by the sync, and the sync in effect. Pins that
// name lines t does not have (the episode opened without its own
// transcript) are not applied, but kept: they are the episode's. Two pins
// that contradict each other cannot both be applied: the later stands,
// the sync returned says so, and err explains.
func (s Sync) Apply(t *tsync.Transcript) (*tsync.Transcript, Sync, error) {
	var err error
	out := t
	if s.applies(t) {
		switch len(s.Pins) {
		case 1:
			p := s.Pins[0]
			out = t.Shift(p.At - t.Segments[p.Line].Start)
		case 2:
			a, b := s.Pins[0], s.Pins[1]
			rt, rerr := t.Retime(a.Line, a.At, b.Line, b.At)
			if rerr != nil {
				err = fmt.Errorf("re-timing not applied: %w", rerr)
				s.Pins = s.Pins[1:]
				out = t.Shift(b.At - t.Segments[b.Line].Start)
			} else {
				out = rt
			}
		}
	}
	if s.Offset != 0 {
		out = out.Shift(s.Offset)
	}
	return out, s, err
}

// For returns the sync to keep when the episode's transcript changes
// from old to new: the offset is the episode's and stays; the pins name
// lines, and stay only if new has the same text at each.
func (s Sync) For(old, new *tsync.Transcript) Sync {
	for _, p := range s.Pins {
		if p.Line >= old.Len() || p.Line >= new.Len() || old.Segments[p.Line].Text != new.Segments[p.Line].Text {
			return Sync{Offset: s.Offset}
		}
	}
	return s
}

// Describe says what the sync does to t, for the sync bar: "Line 11
// pinned at 1:52.0, transcript 0.3 s later".
func (s Sync) Describe(t *tsync.Transcript, clock func(time.Duration) string) string {
	var what string
	switch {
	case !s.applies(t):
		what = "Pins kept for the episode's own transcript, not applied to this one"
	case len(s.Pins) == 1:
		what = fmt.Sprintf("Line %d pinned at %s", s.Pins[0].Line+1, clock(s.Pins[0].At))
	case len(s.Pins) == 2:
		what = fmt.Sprintf("Re-timed: line %d at %s, line %d at %s", s.Pins[0].Line+1, clock(s.Pins[0].At), s.Pins[1].Line+1, clock(s.Pins[1].At))
	}
	if s.Offset != 0 {
		if what != "" {
			what += ", "
		}
		if s.Offset < 0 {
			what += fmt.Sprintf("transcript %.1f s earlier", -s.Offset.Seconds())
		} else {
			what += fmt.Sprintf("transcript %.1f s later", s.Offset.Seconds())
		}
	}
	return what
}
