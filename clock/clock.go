// Package clock writes and reads the times people see: 12:34 on the
// window's readouts, 1:02:03.456 in messages, 00:12:34 on transcript
// lines, and what is typed on the command line. It is the one place those
// formats are defined, so that a time written in one place reads back in
// another. Times are time.Duration, never float seconds.
package clock

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// split breaks d (at least 0) into hours, minutes, seconds and
// milliseconds.
func split(d time.Duration) (h, m, s, ms int64) {
	t := max(d, 0).Milliseconds()
	return t / 3600000, t / 60000 % 60, t / 1000 % 60, t % 1000
}

// Short writes d as m:ss, or h:mm:ss from an hour on, rounding down to
// the second: the window's readouts.
func Short(d time.Duration) string {
	h, m, s, _ := split(d)
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

// Tenths writes d as m:ss.t (h:mm:ss.t from an hour on), rounded to the
// tenth: the ends of a clip.
func Tenths(d time.Duration) string {
	d = max(d, 0).Round(100 * time.Millisecond)
	_, _, _, ms := split(d)
	return fmt.Sprintf("%s.%d", Short(d), ms/100)
}

// Millis writes d as m:ss.mmm, or h:mm:ss.mmm from an hour on: times in
// messages.
func Millis(d time.Duration) string {
	_, _, _, ms := split(d)
	return fmt.Sprintf("%s.%03d", Short(d), ms)
}

// Long writes d as H:MM:SS.mmm, hours always: chapters as the command
// line lists them.
func Long(d time.Duration) string {
	h, m, sec, ms := split(d)
	return fmt.Sprintf("%d:%02d:%02d.%03d", h, m, sec, ms)
}

// Stamp writes d as HH:MM:SS, rounding down to the second: the time
// stamps of transcript lines.
func Stamp(d time.Duration) string {
	h, m, s, _ := split(d)
	return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
}

// StampExact writes d as HH:MM:SS, with .mmm when d has milliseconds:
// a transcript's time in a message about it.
func StampExact(d time.Duration) string {
	if _, _, _, ms := split(d); ms != 0 && d > 0 {
		return fmt.Sprintf("%s.%03d", Stamp(d), ms)
	}
	return Stamp(d)
}

// maxSeconds bounds what Parse reads, far past any episode: about 31
// years, so that no time overflows.
const maxSeconds = 1_000_000_000

// ErrSyntax is wrapped by the errors of Parse and ParseStamp.
var ErrSyntax = errors.New("bad time")

// Parse reads a time as people type it: HH:MM:SS(.mmm), MM:SS(.mmm) or
// seconds (12.5).
func Parse(s string) (time.Duration, error) {
	bad := fmt.Errorf("%w %q: want HH:MM:SS(.mmm), MM:SS or seconds", ErrSyntax, s)
	if s == "" {
		return 0, bad
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, bad
	}
	var total time.Duration
	for i, p := range parts {
		if p == "" {
			return 0, bad
		}
		if i == len(parts)-1 {
			f, err := strconv.ParseFloat(p, 64)
			if err != nil || f < 0 || f > maxSeconds || strings.ContainsAny(p, "eE+-xXpP_") || strings.HasSuffix(p, ".") || (len(parts) > 1 && f >= 60) {
				return 0, bad
			}
			total += time.Duration(f*1e3+0.5) * time.Millisecond
			break
		}
		unit := time.Minute
		if len(parts) == 3 && i == 0 {
			unit = time.Hour
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > maxSeconds/int(unit/time.Second) || (i > 0 && n >= 60) || strings.ContainsAny(p, "+-") {
			return 0, bad
		}
		total += time.Duration(n) * unit
	}
	return total, nil
}

// ParseStamp reads a time stamp as transcripts write them: H:MM:SS or
// MM:SS, with up to three digits of a second after a dot or a comma.
// Minutes and seconds are two digits from 00 to 59; hours up to three
// digits.
func ParseStamp(s string) (time.Duration, error) {
	frac := time.Duration(0)
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		f := s[i+1:]
		if len(f) == 0 || len(f) > 3 || !digits(f) {
			return 0, fmt.Errorf("%w: bad fraction of a second", ErrSyntax)
		}
		n, _ := strconv.Atoi(f)
		for k := len(f); k < 3; k++ {
			n *= 10
		}
		frac = time.Duration(n) * time.Millisecond
		s = s[:i]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("%w: want HH:MM:SS", ErrSyntax)
	}
	h := 0
	if len(parts) == 3 {
		if len(parts[0]) == 0 || len(parts[0]) > 3 || !digits(parts[0]) {
			return 0, fmt.Errorf("%w: bad hours", ErrSyntax)
		}
		h, _ = strconv.Atoi(parts[0])
		parts = parts[1:]
	}
	m, ok := sixty(parts[0])
	if !ok {
		return 0, fmt.Errorf("%w: bad minutes", ErrSyntax)
	}
	sec, ok := sixty(parts[1])
	if !ok {
		return 0, fmt.Errorf("%w: bad seconds", ErrSyntax)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second + frac, nil
}

// sixty reads a two-digit field from 00 to 59.
func sixty(s string) (int, bool) {
	if len(s) != 2 || !digits(s) {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, n <= 59
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
