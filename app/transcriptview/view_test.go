package transcriptview

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// testRows has n lines every 5 s from 0:02; every third line is long
// enough to wrap; speakers alternate.
func testRows(n int) []Row {
	var rows []Row
	for i := 0; i < n; i++ {
		text := "Line " + strings.Repeat("x", i%7) + " number " + fmt.Sprint(i)
		if i%3 == 0 {
			text += strings.Repeat(" and it goes on for a while so that it wraps", 4)
		}
		sp := "Maya"
		if i%2 == 1 {
			sp = "Theo"
		}
		start := time.Duration(2+5*i) * time.Second
		rows = append(rows, Row{Start: start, End: start + 5*time.Second, Stamp: stampOf(start), Speaker: sp, Text: text})
	}
	return rows
}

func stampOf(d time.Duration) string {
	s := int(d.Seconds())
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

// fakeClock is the view's clock in tests: time moves only when the test
// says, and timers fire on the test's goroutine.
type fakeClock struct {
	t       time.Time
	pending []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

func (c *fakeClock) install(v *View) {
	v.SetClock(func() time.Time { return c.t }, func(d time.Duration, f func()) func() {
		tm := &fakeTimer{at: c.t.Add(d), f: f}
		c.pending = append(c.pending, tm)
		return func() { tm.stopped = true }
	})
}

// advance moves time on by d, firing the timers due on the way, each at
// its time.
func (c *fakeClock) advance(d time.Duration) {
	end := c.t.Add(d)
	for {
		var next *fakeTimer
		for _, tm := range c.pending {
			if !tm.stopped && !tm.at.After(end) && (next == nil || tm.at.Before(next.at)) {
				next = tm
			}
		}
		if next == nil {
			break
		}
		next.stopped = true
		c.t = next.at
		next.f()
	}
	c.t = end
}

// due is when the next timer fires (the zero time for none).
func (c *fakeClock) due() time.Time {
	var at time.Time
	for _, tm := range c.pending {
		if !tm.stopped && (at.IsZero() || tm.at.Before(at)) {
			at = tm.at
		}
	}
	return at
}

// newTestView shows a view of rows in a 800×600 test window, on a fake
// clock.
func newTestView(t testing.TB, rows []Row) (*View, fyne.Window, *fakeClock) {
	t.Helper()
	test.NewTempApp(t)
	v := New()
	c := &fakeClock{t: time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)}
	c.install(v)
	v.SetRows(rows)
	w := test.NewWindow(v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(800, 600))
	t.Cleanup(w.Close)
	return v, w, c
}

// playAt sets the playhead playing from pos now.
func playAt(v *View, c *fakeClock, pos time.Duration) {
	v.SetPlayhead(Playhead{Pos: pos, At: c.t, Rate: 1})
}

func TestCurrentLineIsTheLastStartedByBinarySearch(t *testing.T) {
	rows := testRows(10)
	rows = slices.Insert(rows, 3, Row{Heading: "Chapter two", Start: rows[3].Start})
	v, _, _ := newTestView(t, rows)
	for _, c := range []struct {
		pos  time.Duration
		want int
	}{
		{0, -1}, {2 * time.Second, 0}, {6999 * time.Millisecond, 0}, {7 * time.Second, 1},
		{17 * time.Second, 4}, // the heading is no line: the line after it
		{time.Hour, 10},
	} {
		if got := v.At(c.pos); got != c.want {
			t.Errorf("At(%v) = %d, want %d", c.pos, got, c.want)
		}
		v.SetPlayhead(Playhead{Pos: c.pos})
		if v.Current() != c.want {
			t.Errorf("at %v the current row is %d, want %d", c.pos, v.Current(), c.want)
		}
	}
}

func TestPlayheadMovesOnItsOwn(t *testing.T) {
	v, _, c := newTestView(t, testRows(20))
	var told []int
	v.OnCurrentChanged = func(row int) { told = append(told, row) }
	playAt(v, c, 6*time.Second)
	if v.Current() != 0 {
		t.Fatalf("current %d", v.Current())
	}
	// Line 1 starts at 7 s: the view changes a lead before it.
	c.advance(time.Second - v.lead() - 2*time.Millisecond)
	if v.Current() != 0 {
		t.Errorf("changed %v early", v.lead()+2*time.Millisecond)
	}
	c.advance(4 * time.Millisecond)
	if v.Current() != 1 {
		t.Errorf("not changed once due: current %d", v.Current())
	}
	c.advance(10 * time.Second) // lines 2 and 3
	if !slices.Equal(told, []int{0, 1, 2, 3}) {
		t.Errorf("told %v", told)
	}
	// Paused: nothing is due.
	v.SetPlayhead(Playhead{Pos: 30 * time.Second, At: c.t})
	if !c.due().IsZero() {
		t.Errorf("paused, a change is due at %v", c.due())
	}
	// At 2×, twice as soon: line 6 starts at 32 s.
	v.SetPlayhead(Playhead{Pos: 31 * time.Second, At: c.t, Rate: 2})
	c.advance(500*time.Millisecond - v.lead() - 2*time.Millisecond)
	if v.Current() != 5 {
		t.Errorf("at 2×: changed early")
	}
	c.advance(4 * time.Millisecond)
	if v.Current() != 6 {
		t.Errorf("at 2×: not changed once due")
	}
}

func TestWordByWordHighlight(t *testing.T) {
	text := "One two three four"
	r := Row{Start: time.Second, End: 5 * time.Second, Stamp: "00:01", Text: text, Words: []Word{
		{Start: time.Second, From: 0, To: 3}, {Start: 2 * time.Second, From: 4, To: 7},
		{Start: 3 * time.Second, From: 8, To: 13}, {Start: 4 * time.Second, From: 14, To: 18},
	}}
	v, _, c := newTestView(t, []Row{r, {Start: 6 * time.Second, End: 7 * time.Second, Stamp: "00:06", Text: "Next"}})
	playAt(v, c, 2500*time.Millisecond)
	o := v.r.shown[0]
	colours := map[string]string{}
	for _, t := range o.texts[:o.n] {
		colours[t.Text] = fmt.Sprint(t.Color)
	}
	cs := v.r.colors()
	want := map[string]string{"One": fmt.Sprint(cs.fg), "two": fmt.Sprint(cs.primary), "three four": fmt.Sprint(cs.upcoming)}
	if fmt.Sprint(colours) != fmt.Sprint(want) {
		t.Errorf("pieces %v, want %v", colours, want)
	}
	h := v.hs.h[0]
	c.advance(time.Second) // "three"
	if v.word != 2 || v.hs.h[0] != h {
		t.Errorf("word %d, height %v (was %v)", v.word, v.hs.h[0], h)
	}
	// A line without word times gets a progress mark instead, growing.
	c.advance(2500 * time.Millisecond) // 6 s
	if v.Current() != 1 || v.r.shown[1].key.progress > int(v.m.textW/20) {
		t.Fatalf("current %d, progress %d px", v.Current(), v.r.shown[1].key.progress)
	}
	c.advance(500 * time.Millisecond)
	if p := v.r.shown[1].key.progress; p > int(v.m.textW/20) {
		t.Errorf("half a second on, the mark moved already (%d px): at most once a second", p)
	}
	c.advance(500 * time.Millisecond) // 7 s: the line's end
	if p := v.r.shown[1].key.progress; p < int(v.m.textW)-1 {
		t.Errorf("at the line's end, the mark is %d of %.0f px", p, v.m.textW)
	}
}

func TestMarks(t *testing.T) {
	v, _, _ := newTestView(t, testRows(20))
	v.SetOutlined(2)
	v.SetSelection(10*time.Second, 20*time.Second) // lines 1 to 3
	v.SetHits(map[int][][2]int{4: {{0, 4}}, 5: {{0, 4}}}, 5)
	cs := v.r.colors()
	for i := 0; i < 6; i++ {
		o := v.r.shown[i]
		if sel := i >= 1 && i <= 3; (o.bg.FillColor == cs.selection) != sel {
			t.Errorf("row %d: selected %v", i, !sel)
		}
		if (o.outline.StrokeColor == cs.focus) != (i == 2) {
			t.Errorf("row %d: outline %v", i, o.outline.StrokeColor)
		}
	}
	if c := v.r.shown[4].texts[0]; c.Text != "Line" || c.Color != cs.hit {
		t.Errorf("row 4's match %q in %v", c.Text, c.Color)
	}
	if c := v.r.shown[5].texts[0]; c.Text != "Line" || c.Color != cs.hitCurrent {
		t.Errorf("row 5's match %q in %v", c.Text, c.Color)
	}
	v.SetHits(nil, -1)
	if c := v.r.shown[4].texts[0]; c.Color != cs.fg {
		t.Errorf("cleared match still coloured %v", c.Color)
	}
}

func TestSetRowsKeepsThePlaceByTime(t *testing.T) {
	rows := testRows(300)
	v, _, _ := newTestView(t, rows)
	v.JumpTo(200)
	first, _ := v.First()
	// Every other line (one speaker's), as the speaker filter lists them.
	var some []Row
	for i := 0; i < len(rows); i += 2 {
		some = append(some, rows[i])
	}
	v.SetRows(some)
	if got, _ := v.First(); some[got].Start < rows[first].Start-5*time.Second || some[got].Start > rows[first].Start+10*time.Second {
		t.Errorf("the view starts at %v, it started at %v", some[got].Start, rows[first].Start)
	}
}
