package e2e

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMain runs the tests, removes the binary built for them and prints
// the timings they measured as a Markdown table.
func TestMain(m *testing.M) {
	code := m.Run()
	removeBinary()
	timings.print(os.Stdout)
	os.Exit(code)
}

// timings collects the latencies the end-to-end tests measure, by name,
// for the table printed at the end of the run.
var timings = &timingTable{byName: map[string]*timingRow{}}

type timingTable struct {
	mu     sync.Mutex
	order  []string
	byName map[string]*timingRow
}

// timingRow is one measured quantity: its requirement, if any, and every
// value measured in this run.
type timingRow struct {
	name, want string
	values     []time.Duration
	unit       string // "" for durations; else values are plain numbers in unit
	numbers    []float64
}

// add records a duration under name; want describes the requirement the
// test checks, "" when the row is only reported.
func (tt *timingTable) add(name, want string, d time.Duration) {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	r := tt.row(name, want)
	r.values = append(r.values, d)
}

// addNumber records a plain number under name, in unit.
func (tt *timingTable) addNumber(name, want, unit string, v float64) {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	r := tt.row(name, want)
	r.unit = unit
	r.numbers = append(r.numbers, v)
}

func (tt *timingTable) row(name, want string) *timingRow {
	r, ok := tt.byName[name]
	if !ok {
		r = &timingRow{name: name, want: want}
		tt.byName[name] = r
		tt.order = append(tt.order, name)
	}
	return r
}

// print writes the table in Markdown.
func (tt *timingTable) print(w io.Writer) {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	if len(tt.order) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "## End-to-end timings (real binary, Xvfb, pulseaudio null sink)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| measure | required | n | min | median | max | values |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | --- |")
	for _, name := range tt.order {
		r := tt.byName[name]
		var vals []float64
		format := func(v float64) string { return fmt.Sprintf("%.1f ms", v) }
		if r.unit == "" {
			for _, d := range r.values {
				vals = append(vals, float64(d)/float64(time.Millisecond))
			}
		} else {
			vals = append(vals, r.numbers...)
			unit := r.unit
			format = func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + " " + unit }
			if unit == "×" {
				format = func(v float64) string { return fmt.Sprintf("%.4f×", v) }
			}
		}
		var all []string
		for _, v := range vals {
			all = append(all, format(v))
		}
		if len(all) > 8 {
			all = append(all[:8], fmt.Sprintf("… (%d in all)", len(vals)))
		}
		sorted := append([]float64(nil), vals...)
		sort.Float64s(sorted)
		want := r.want
		if want == "" {
			want = "(reported)"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s |\n", r.name, want, len(vals),
			format(sorted[0]), format(sorted[len(sorted)/2]), format(sorted[len(sorted)-1]), strings.Join(all, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Times of sound are when the recording of the null sink's monitor holds the sample (parec, 5 ms fragments, timestamped as read; ±5 ms). Clicks and keys are timed at the xdotool call that sends the button release or key press.")
}
