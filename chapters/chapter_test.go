package chapters

import (
	"testing"
	"time"
)

func sec(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func TestListNavigation(t *testing.T) {
	l := List{
		{Start: 0, Title: "Intro"},
		{Start: sec(10), Title: "One"},
		{Start: sec(15), Title: "Picture change", Hidden: true},
		{Start: sec(30), Title: "Two"},
		{Start: sec(60), Title: "Ad", Hidden: true},
	}
	for _, c := range []struct {
		pos                    float64
		at, heading, next, prv int
	}{
		{0, 0, 0, 1, 0},
		{5, 0, 0, 1, 0},        // 5 s in: restart Intro
		{10, 1, 1, 3, 0},       // at One's start: back to Intro
		{12.9, 1, 1, 3, 0},     // within 3 s of One: Intro
		{13.1, 1, 1, 3, 1},     // past 3 s: restart One
		{20, 2, 1, 3, 1},       // in the hidden chapter: One is current
		{29.95, 2, 1, 3, 1},    // a hair before Two
		{29.9995, 2, 1, -1, 1}, // Two's start rounded down to a sample: Two is current for Next
		{30.05, 3, 3, -1, 1},   // just after a jump to Two: Next skips the hidden Ad
		{70, 4, 3, -1, 3},
	} {
		pos := sec(c.pos)
		if got := l.At(pos); got != c.at {
			t.Errorf("At(%v) = %d, want %d", pos, got, c.at)
		}
		if got := l.Heading(pos); got != c.heading {
			t.Errorf("Heading(%v) = %d, want %d", pos, got, c.heading)
		}
		if got := l.Next(pos); got != c.next {
			t.Errorf("Next(%v) = %d, want %d", pos, got, c.next)
		}
		if got := l.Prev(pos); got != c.prv {
			t.Errorf("Prev(%v) = %d, want %d", pos, got, c.prv)
		}
	}
	late := List{{Start: sec(5), Title: "Late start"}}
	if late.At(sec(1)) != -1 || late.Heading(sec(1)) != -1 || late.Prev(sec(1)) != -1 || late.Next(sec(1)) != 0 {
		t.Error("before the first chapter")
	}
	if got := l.Listed(); len(got) != 3 || got[0] != 0 || got[1] != 1 || got[2] != 3 {
		t.Errorf("Listed = %v", got)
	}
	var empty List
	if empty.At(0) != -1 || empty.Next(0) != -1 || empty.Prev(0) != -1 {
		t.Error("empty list")
	}
}

func TestParseClock(t *testing.T) {
	good := map[string]time.Duration{
		"00:00:00.000": 0,
		"01:02:03.500": time.Hour + 2*time.Minute + 3500*time.Millisecond,
		"8:26.250":     8*time.Minute + 26250*time.Millisecond,
		"75":           75 * time.Second,
		"75.5":         75500 * time.Millisecond,
		" 1:00 ":       time.Minute,
		"0:00:01.5":    1500 * time.Millisecond,
		"2:03:04":      2*time.Hour + 3*time.Minute + 4*time.Second,
		".5":           500 * time.Millisecond,
	}
	for in, want := range good {
		if got, err := parseClock(in); err != nil || got != want {
			t.Errorf("parseClock(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1:2:3:4", "1:60", "a", "1.2:30", "-1", "1:", "1e3", "99999999999", "1.", "1:02.3.4"} {
		if _, err := parseClock(in); err == nil {
			t.Errorf("parseClock(%q) accepted", in)
		}
	}
	if Clock(time.Hour+2*time.Minute+3*time.Second+4*time.Millisecond) != "1:02:03.004" || Clock(506250*time.Millisecond) != "0:08:26.250" {
		t.Error("Clock")
	}
}
