package chapters

import (
	"errors"
	"strings"
	"time"

	"readalong/clock"
)

// maxTime bounds the times read: no episode is longer than this.
const maxTime = 1000 * time.Hour

var errClock = errors.New("not a time")

// parseClock reads a time written as [[HH:]MM:]SS[.fff] (Vorbis
// CHAPTERnnn values, Podlove's Normal Play Time): "01:02:03.500",
// "8:26.250", "75", "75.5"; to the millisecond.
func parseClock(s string) (time.Duration, error) {
	d, err := clock.Parse(strings.TrimSpace(s))
	if err != nil || d > maxTime {
		return 0, errClock
	}
	return d, nil
}

// seconds converts seconds given as a number (JSON) to a duration, to
// the microsecond.
func seconds(f float64) (time.Duration, bool) {
	if f != f || f < 0 || f > maxTime.Seconds() {
		return 0, false
	}
	return time.Duration(f*1e6+0.5) * time.Microsecond, true
}
