package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parseTime reads a time given on the command line: HH:MM:SS(.mmm),
// MM:SS(.mmm) or seconds (12.5).
func parseTime(s string) (time.Duration, error) {
	bad := fmt.Errorf("bad time %q: want HH:MM:SS(.mmm), MM:SS or seconds", s)
	if s == "" {
		return 0, bad
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, bad
	}
	var total time.Duration
	for i, p := range parts {
		last := i == len(parts)-1
		if p == "" {
			return 0, bad
		}
		if last {
			f, err := strconv.ParseFloat(p, 64)
			if err != nil || f < 0 || strings.ContainsAny(p, "eE+-") || (len(parts) > 1 && f >= 60) {
				return 0, bad
			}
			total += time.Duration(f*1e3+0.5) * time.Millisecond
			break
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || (i > 0 && n >= 60) {
			return 0, bad
		}
		unit := time.Minute
		if len(parts) == 3 && i == 0 {
			unit = time.Hour
		}
		total += time.Duration(n) * unit
	}
	return total, nil
}
