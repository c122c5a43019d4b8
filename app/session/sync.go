package session

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"readalong/clock"
	tsync "readalong/sync"
)

// Pin ties line Line (an index into the transcript as read) to the time
// At of the episode: the listener heard it start then.
type Pin struct {
	Line int           `json:"line"`
	At   time.Duration `json:"at"`
}

// Sync is how a transcript is re-timed to its episode, for audio with ads
// the transcript does not have (or cut): pins (one shifts the whole
// transcript; two or more re-time it piecewise linearly through them, so
// an advert between two pins stretches only that stretch, and shift it
// beyond the first and the last), then an offset on top. It is stored
// with the episode.
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
// the same line, and any that it contradicts (a line before it pinned at
// or after at, or a line after it pinned at or before at): the newest
// pin is the one the listener just heard. The offset is dropped: the pins
// say where the lines are.
func (s Sync) Pinned(line int, at time.Duration) Sync {
	var ps []Pin
	for _, p := range s.Pins {
		if p.Line == line || p.Line < line && p.At >= at || p.Line > line && p.At <= at {
			continue
		}
		ps = append(ps, p)
	}
	return Sync{Pins: append(ps, Pin{Line: line, At: at})}
}

// TranscriptPins are the sync's pins as the transcript package takes them.
func (s Sync) TranscriptPins() []tsync.Pin {
	ps := make([]tsync.Pin, len(s.Pins))
	for k, p := range s.Pins {
		ps[k] = tsync.Pin{Index: p.Line, At: p.At}
	}
	return ps
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
// transcript) are not applied, but kept: they are the episode's. Pins
// that contradict each other cannot all be applied: the oldest go until
// the rest agree, the sync returned says so, and err explains.
func (s Sync) Apply(t *tsync.Transcript) (*tsync.Transcript, Sync, error) {
	var err error
	out := t
	if s.applies(t) && len(s.Pins) > 0 {
		var dropped []string
		for {
			rt, rerr := t.RetimePins(s.TranscriptPins())
			if rerr == nil {
				out = rt
				break
			}
			if err == nil {
				err = rerr
			}
			dropped = append(dropped, fmt.Sprintf("line %d at %s", s.Pins[0].Line+1, clock.Tenths(s.Pins[0].At)))
			s.Pins = s.Pins[1:] // one pin alone always applies
		}
		if err != nil {
			err = &PinsError{Dropped: dropped, Err: err}
		}
	}
	if s.Offset != 0 {
		out = out.Shift(s.Offset)
	}
	return out, s, err
}

// PinsError says which pins Apply dropped because newer ones contradict
// them (two lines pinned out of their order, or two lines that start at
// the same time), as the listener numbers lines.
type PinsError struct {
	Dropped []string // "line 11 at 5:00.0", oldest first
	Err     error    // the first contradiction, as the transcript found it
}

// Error names the dropped pins.
func (e *PinsError) Error() string {
	return "pins contradict each other: " + strings.Join(e.Dropped, ", ") + " dropped, the newer pins stand"
}

// Unwrap returns the contradiction the transcript found.
func (e *PinsError) Unwrap() error { return e.Err }

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
	case len(s.Pins) > 1:
		ps := slices.Clone(s.Pins)
		slices.SortFunc(ps, func(a, b Pin) int { return a.Line - b.Line })
		var at []string
		for _, p := range ps {
			at = append(at, fmt.Sprintf("line %d at %s", p.Line+1, clock(p.At)))
		}
		what = "Re-timed: " + strings.Join(at, ", ")
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
