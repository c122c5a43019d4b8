package transcriptview

import (
	"testing"
	"time"
)

func TestProgressDueOnWholeSteps(t *testing.T) {
	ms := time.Millisecond
	for _, c := range []struct {
		pos, px time.Duration
		rate    float64
		want    time.Duration
	}{
		{10300 * ms, 50 * ms, 1, 11 * time.Second},       // the next whole second
		{11 * time.Second, 50 * ms, 1, 12 * time.Second}, // on one: the one after
		{10300 * ms, 50 * ms, 2, 12 * time.Second},       // at 2×, every other second
		{11 * time.Second, 50 * ms, 1.5, 12 * time.Second},
		{10300 * ms, 3 * time.Second, 1, 13300 * ms}, // a pixel is longer than a step
	} {
		if got := progressDue(c.pos, c.px, c.rate); got != c.want {
			t.Errorf("progressDue(%v, %v, %v) = %v, want %v", c.pos, c.px, c.rate, got, c.want)
		}
	}
}

// TestProgressMovesAsTheSecondTurns: the view wakes for the progress mark
// when the shown position reaches a whole second (the moment a clock of
// whole seconds beside it changes), not a second after whenever it began.
func TestProgressMovesAsTheSecondTurns(t *testing.T) {
	rows := []Row{{Start: 10 * time.Second, End: 70 * time.Second, Stamp: "00:10", Text: "A long line without word times, spoken for a minute."}}
	v, _, c := newTestView(t, rows)
	start := c.t
	playAt(v, c, 10300*time.Millisecond)
	for i := 0; i < 4; i++ {
		due := c.due()
		if due.IsZero() {
			t.Fatal("playing a line, the view set no timer")
		}
		// The shown position (the lead ahead) at the wake-up.
		shown := 10300*time.Millisecond + due.Sub(start) + v.lead()
		if off := shown % time.Second; off > 2*time.Millisecond {
			t.Fatalf("wake-up %d at shown position %v: %v past a whole second", i, shown, off)
		}
		c.advance(due.Sub(c.t))
	}
}
