package session

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tsync "readalong/sync"
)

// lines has n lines every 5 s from 0:02.
func lines(n int) *tsync.Transcript {
	var segs []tsync.Segment
	for i := 0; i < n; i++ {
		segs = append(segs, tsync.Segment{Start: time.Duration(2+5*i) * time.Second, Text: fmt.Sprintf("line %d", i)})
	}
	return tsync.New(segs)
}

func sec(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func TestSyncApply(t *testing.T) {
	tr := lines(40)
	cases := []struct {
		name  string
		sync  Sync
		at    map[int]time.Duration // line → start after
		pins  int                   // pins in effect
		err   string
		label string
	}{
		{"none", Sync{}, map[int]time.Duration{0: sec(2), 10: sec(52)}, 0, "", ""},
		{"offset", Sync{Offset: -700 * time.Millisecond}, map[int]time.Duration{0: sec(1.3), 10: sec(51.3)}, 0, "", "transcript 0.7 s earlier"},
		{"one pin shifts", Sync{}.Pinned(10, sec(112)), map[int]time.Duration{0: sec(62), 10: sec(112), 30: sec(212)}, 1, "", "Line 11 pinned at 1:52"},
		{"two pins re-time", Sync{}.Pinned(10, sec(112)).Pinned(30, sec(242)), map[int]time.Duration{0: sec(62), 10: sec(112), 20: sec(177), 30: sec(242), 39: sec(287)}, 2, "", "Re-timed: line 11 at 1:52, line 31 at 4:02"},
		{"a third pin re-times piecewise", Sync{}.Pinned(10, sec(112)).Pinned(30, sec(242)).Pinned(20, sec(200)), map[int]time.Duration{0: sec(62), 10: sec(112), 15: sec(156), 20: sec(200), 25: sec(221), 30: sec(242), 39: sec(287)}, 3, "", "Re-timed: line 11 at 1:52, line 21 at 3:20, line 31 at 4:02"},
		{"a pin replaces those it contradicts", Sync{}.Pinned(10, sec(112)).Pinned(30, sec(242)).Pinned(20, sec(250)), map[int]time.Duration{10: sec(112), 20: sec(250), 39: sec(345)}, 2, "", "Re-timed: line 11 at 1:52, line 21 at 4:10"},
		{"contradicting pins: the later stands", Sync{Pins: []Pin{{10, sec(300)}, {30, sec(100)}}}, map[int]time.Duration{30: sec(100), 0: sec(-50)}, 1, "pins contradict each other: line 11 at 5:00.0 dropped, the newer pins stand", ""},
		{"pins of another transcript kept, not applied", Sync{Pins: []Pin{{99, sec(10)}}, Offset: time.Second}, map[int]time.Duration{0: sec(3)}, 1, "", "Pins kept for the episode's own transcript, not applied to this one, transcript 1.0 s later"},
		{"a pin with an offset on top", Sync{}.Pinned(10, sec(112)).Nudged(sec(0.5)), map[int]time.Duration{10: sec(112.5)}, 1, "", "Line 11 pinned at 1:52, transcript 0.5 s later"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, eff, err := c.sync.Apply(tr)
			if (err != nil) != (c.err != "") || err != nil && !strings.Contains(err.Error(), c.err) {
				t.Errorf("err %v, want %q", err, c.err)
			}
			var pe *PinsError
			if err != nil && (!errors.As(err, &pe) || errors.Unwrap(err) == nil || !strings.Contains(errors.Unwrap(err).Error(), "reverse the order")) {
				t.Errorf("err %v: want a *PinsError wrapping the transcript's own error", err)
			}
			for line, want := range c.at {
				if want < 0 {
					want = 0
				}
				if got := out.Segments[line].Start; got != want {
					t.Errorf("line %d at %v, want %v", line, got, want)
				}
			}
			if len(eff.Pins) != c.pins {
				t.Errorf("%d pins in effect, want %d", len(eff.Pins), c.pins)
			}
			clock := func(d time.Duration) string { return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60) }
			if c.label != "" {
				if got := c.sync.Describe(tr, clock); got != c.label {
					t.Errorf("Describe = %q, want %q", got, c.label)
				}
			}
		})
	}
	if (Sync{}).Zero() != true || (Sync{Offset: 1}).Zero() || (Sync{}.Pinned(1, 0)).Zero() {
		t.Error("Zero")
	}
}

// TestSyncForAnotherTranscript: the offset is the episode's and stays
// with any transcript; the pins stay only with the same lines.
func TestSyncForAnotherTranscript(t *testing.T) {
	a := lines(40)
	same := lines(40)
	other := lines(40)
	other.Segments[10].Text = "something else"
	s := Sync{}.Pinned(10, sec(112)).Nudged(sec(0.3))
	for _, c := range []struct {
		name string
		to   *tsync.Transcript
		want Sync
	}{
		{"the same lines", same, s},
		{"other lines", other, Sync{Offset: sec(0.3)}},
		{"a short one", lines(5), Sync{Offset: sec(0.3)}},
	} {
		got := s.For(a, c.to)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	offsetOnly := Sync{Offset: sec(-2)}
	if got := offsetOnly.For(a, other); got.Offset != sec(-2) {
		t.Errorf("an offset alone was dropped: %+v", got)
	}
}
