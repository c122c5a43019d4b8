package clock

import (
	"errors"
	"testing"
	"time"
)

func TestFormats(t *testing.T) {
	d := func(h, m, s, ms int) time.Duration {
		return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(ms)*time.Millisecond
	}
	for _, c := range []struct {
		in                           time.Duration
		short, tenths, millis, stamp string
	}{
		{0, "0:00", "0:00.0", "0:00.000", "00:00:00"},
		{-time.Second, "0:00", "0:00.0", "0:00.000", "00:00:00"},
		{d(0, 1, 2, 949), "1:02", "1:02.9", "1:02.949", "00:01:02"},
		{d(0, 1, 2, 960), "1:02", "1:03.0", "1:02.960", "00:01:02"},
		{d(0, 59, 59, 999), "59:59", "1:00:00.0", "59:59.999", "00:59:59"},
		{d(3, 4, 5, 6), "3:04:05", "3:04:05.0", "3:04:05.006", "03:04:05"},
		{d(123, 0, 0, 0), "123:00:00", "123:00:00.0", "123:00:00.000", "123:00:00"},
	} {
		if got := Short(c.in); got != c.short {
			t.Errorf("Short(%v) = %q, want %q", c.in, got, c.short)
		}
		if got := Tenths(c.in); got != c.tenths {
			t.Errorf("Tenths(%v) = %q, want %q", c.in, got, c.tenths)
		}
		if got := Millis(c.in); got != c.millis {
			t.Errorf("Millis(%v) = %q, want %q", c.in, got, c.millis)
		}
		if got := Stamp(c.in); got != c.stamp {
			t.Errorf("Stamp(%v) = %q, want %q", c.in, got, c.stamp)
		}
	}
}

func TestLong(t *testing.T) {
	if got := Long(time.Hour + 2*time.Minute + 3*time.Second + 4*time.Millisecond); got != "1:02:03.004" {
		t.Errorf("got %q", got)
	}
	if got := Long(506250 * time.Millisecond); got != "0:08:26.250" {
		t.Errorf("got %q", got)
	}
}

func TestStampExact(t *testing.T) {
	if got := StampExact(4750 * time.Millisecond); got != "00:00:04.750" {
		t.Errorf("got %q", got)
	}
	if got := StampExact(5 * time.Second); got != "00:00:05" {
		t.Errorf("got %q", got)
	}
}

func TestParse(t *testing.T) {
	good := map[string]time.Duration{
		"0": 0, "12.5": 12500 * time.Millisecond, "1:02": 62 * time.Second, "1:02.25": 62250 * time.Millisecond,
		"1:00:00": time.Hour, "10:00": 10 * time.Minute, "3600": time.Hour, "01:02:03.004": time.Hour + 2*time.Minute + 3004*time.Millisecond,
	}
	for in, want := range good {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1:60", "1:2:3:4", "-5", "1e3", "a", "1::2", ":30", "1:60:00", "1.", "0x10", "+5", "99999999999", "999999999999:00", "7777771:2:3.4"} {
		if _, err := Parse(in); !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q): %v, want ErrSyntax", in, err)
		}
	}
	// What Millis writes, Parse reads.
	for _, d := range []time.Duration{0, 1500 * time.Millisecond, 75*time.Minute + 3*time.Millisecond} {
		if back, err := Parse(Millis(d)); err != nil || back != d {
			t.Errorf("Parse(Millis(%v)) = %v, %v", d, back, err)
		}
	}
}

func TestParseStamp(t *testing.T) {
	good := map[string]time.Duration{
		"00:05": 5 * time.Second, "1:02:03": time.Hour + 2*time.Minute + 3*time.Second, "00:00:01,5": 1500 * time.Millisecond,
		"00:00:01.25": 1250 * time.Millisecond, "100:00:00": 100 * time.Hour,
	}
	for in, want := range good {
		if got, err := ParseStamp(in); err != nil || got != want {
			t.Errorf("ParseStamp(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{"5": "want HH:MM:SS", "0:5": "bad minutes", "00:5": "bad seconds", "00:60": "bad seconds",
		"00:00.": "bad fraction", "00:00.1234": "bad fraction", "1000:00:00": "bad hours", "00:00:00:00": "want HH:MM:SS"} {
		if _, err := ParseStamp(in); err == nil || !errors.Is(err, ErrSyntax) || !contains(err.Error(), msg) {
			t.Errorf("ParseStamp(%q): %v, want %q", in, err, msg)
		}
	}
	for _, d := range []time.Duration{0, 59 * time.Second, 26*time.Hour + 59*time.Minute} {
		if back, err := ParseStamp(Stamp(d)); err != nil || back != d {
			t.Errorf("ParseStamp(Stamp(%v)) = %v, %v", d, back, err)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// FuzzParse: no input makes the parsers panic, and what they read is
// written back to the same time (to the millisecond).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1:02", "01:02:03.004", "12.5", "00:00:01,5", "1:60", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := Parse(s); err == nil {
			if d < 0 {
				t.Fatalf("Parse(%q) = %v", s, d)
			}
			if back, err := Parse(Millis(d)); err != nil || back != d.Truncate(time.Millisecond) {
				t.Fatalf("Parse(%q) = %v; Millis gives %q, read back as %v, %v", s, d, Millis(d), back, err)
			}
		}
		if d, err := ParseStamp(s); err == nil && d < 0 {
			t.Fatalf("ParseStamp(%q) = %v", s, d)
		}
	})
}
