package chapters

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// maxTime bounds the times read: no episode is longer than this.
const maxTime = 1000 * time.Hour

var errClock = errors.New("not a time")

// parseClock reads a time written as [[HH:]MM:]SS[.fff] (Vorbis
// CHAPTERnnn values, Podlove's Normal Play Time): "01:02:03.500",
// "8:26.250", "75", "75.5".
func parseClock(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, ":")
	if s == "" || len(parts) > 3 {
		return 0, errClock
	}
	var d time.Duration
	for i, p := range parts {
		last := i == len(parts)-1
		whole, frac, hasFrac := strings.Cut(p, ".")
		if whole == "" && !(last && hasFrac && frac != "") || hasFrac && !last || !digits(whole) || !digits(frac) || len(whole) > 9 {
			return 0, errClock
		}
		n, _ := strconv.Atoi("0" + whole)
		if i > 0 && n >= 60 {
			return 0, errClock
		}
		d = d*60 + time.Duration(n)*time.Second
		if hasFrac {
			if frac == "" || len(frac) > 9 {
				return 0, errClock
			}
			f, _ := strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
			d += time.Duration(f)
		}
		if d > maxTime {
			return 0, errClock
		}
	}
	return d, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// seconds converts seconds given as a number (JSON) to a duration, to
// the microsecond.
func seconds(f float64) (time.Duration, bool) {
	if f != f || f < 0 || f > maxTime.Seconds() {
		return 0, false
	}
	return time.Duration(f*1e6+0.5) * time.Microsecond, true
}
