package session

import (
	"time"

	tsync "readalong/sync"
)

// Nudge is how far the clip's ends move per step.
const Nudge = 100 * time.Millisecond

// DefaultMark is the clip length given when only one end is marked.
const DefaultMark = 30 * time.Second

// Selection is the clip chosen in the window, [In, Out) of the episode:
// by selecting lines, or by marking in and out at the playhead. The zero
// value selects nothing.
type Selection struct {
	In, Out time.Duration
}

// Active reports whether anything is selected.
func (s Selection) Active() bool { return s.Out > s.In }

// Select returns [in, out) clamped to an episode dur long, at least Nudge
// long.
func Select(in, out, dur time.Duration) Selection {
	in = max(0, min(in, dur))
	out = max(0, min(out, dur))
	if out <= in {
		out = min(in+Nudge, dur)
		if out <= in {
			in = max(0, out-Nudge)
		}
	}
	return Selection{In: in, Out: out}
}

// SelectLines returns the selection of lines a to b of t (either order),
// whole: from the first's start to the last's end.
func SelectLines(t *tsync.Transcript, a, b int, dur time.Duration) Selection {
	if a > b {
		a, b = b, a
	}
	a, b = max(a, 0), min(b, t.Len()-1)
	if a > b {
		return Selection{}
	}
	return Select(t.Segments[a].Start, t.EndOf(b, dur), dur)
}

// MarkIn returns the selection started at pos: its end stays if it is
// after pos, else the clip runs DefaultMark.
func (s Selection) MarkIn(pos, dur time.Duration) Selection {
	out := s.Out
	if !s.Active() || out <= pos {
		out = pos + DefaultMark
	}
	return Select(pos, out, dur)
}

// MarkOut returns the selection ended at pos.
func (s Selection) MarkOut(pos, dur time.Duration) Selection {
	in := s.In
	if !s.Active() || in >= pos {
		in = max(0, pos-DefaultMark)
	}
	return Select(in, pos, dur)
}

// Nudged returns the selection with its start (or its end) moved by d,
// never shorter than Nudge.
func (s Selection) Nudged(start bool, d, dur time.Duration) Selection {
	if !s.Active() {
		return s
	}
	if start {
		return Select(min(s.In+d, s.Out-Nudge), s.Out, dur)
	}
	return Select(s.In, max(s.Out+d, s.In+Nudge), dur)
}

// Holds reports whether line i of t overlaps the selection.
func (s Selection) Holds(t *tsync.Transcript, i int, dur time.Duration) bool {
	return s.Active() && i >= 0 && i < t.Len() && t.Segments[i].Start < s.Out && t.EndOf(i, dur) > s.In
}

// Lines returns the first and last line of t overlapping the selection,
// or -1, -1.
func (s Selection) Lines(t *tsync.Transcript, dur time.Duration) (first, last int) {
	first, last = -1, -1
	if !s.Active() {
		return
	}
	// Lines start in order: from the last starting at or before In.
	i := max(0, t.At(s.In))
	for ; i < t.Len() && t.Segments[i].Start < s.Out; i++ {
		if s.Holds(t, i, dur) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last
}
