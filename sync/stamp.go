package sync

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parseClock parses a clock time as written at the start of a transcript
// line: H:MM:SS or MM:SS, optionally with a fraction of a second after a dot
// or comma (up to 3 digits, milliseconds).
func parseClock(s string) (time.Duration, error) {
	frac := time.Duration(0)
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		f := s[i+1:]
		if len(f) == 0 || len(f) > 3 || !allDigits(f) {
			return 0, fmt.Errorf("bad fraction of a second")
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
		return 0, fmt.Errorf("want HH:MM:SS")
	}
	var h, m, sec int
	var err error
	if len(parts) == 3 {
		if len(parts[0]) == 0 || len(parts[0]) > 3 || !allDigits(parts[0]) {
			return 0, fmt.Errorf("bad hours")
		}
		h, _ = strconv.Atoi(parts[0])
		parts = parts[1:]
	}
	if m, err = sixty(parts[0]); err != nil {
		return 0, fmt.Errorf("bad minutes")
	}
	if sec, err = sixty(parts[1]); err != nil {
		return 0, fmt.Errorf("bad seconds")
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(sec)*time.Second + frac, nil
}

// sixty parses a two-digit field from 00 to 59.
func sixty(s string) (int, error) {
	if len(s) != 2 || !allDigits(s) {
		return 0, fmt.Errorf("not two digits")
	}
	n, _ := strconv.Atoi(s)
	if n > 59 {
		return 0, fmt.Errorf("over 59")
	}
	return n, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatClock writes d as HH:MM:SS, rounding down to the second.
// Negative durations are written as 00:00:00.
func FormatClock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
}
