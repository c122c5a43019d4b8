package e2e

import (
	"fmt"
	"image"
	"math"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// Limits of the reading test.
const (
	keyAnswer   = 3 * time.Second // a key → the debug line it causes
	fastSpeed   = 1.2             // two presses of ]
	paceSlack   = 0.1             // fastSpeed ± this, by readout and by ear
	pitchSlack  = 0.06            // pitch at fastSpeed ÷ pitch at 1×: 1 ± this
	levelSlack  = 6.0             // level at fastSpeed − level at 1×: ± dB
	minPaceSpan = 2 * time.Second // wall time the readout pace is taken over
	searchWord  = "line"          // a word several lines of episodeScript hold
)

// TestReading drives the reading features of the real window while the
// generated episode plays. ] twice plays at 1.2×: the position readout
// advances 1.2 episode seconds per wall second, and the recording holds
// the episode's sound shortened by 1.2 at its own pitch and level. Scrolling
// the list with the mouse wheel pauses following and Ctrl+G resumes it.
// Ctrl+F searches: typing a word counts the lines of the script that hold
// it and jumps to the first at or after the line being spoken, Enter and
// Shift+Enter step to the next match and back, Escape closes the search
// and resumes following. Ctrl+= and Ctrl+0 change the text size; F1 shows
// the shortcuts sheet, and after Escape the keys reach the window again.
//
// Stalls (the sink running dry on a busy machine) are measured and
// reported, not failed: the paces checked are medians over short steps.
func TestReading(t *testing.T) {
	h, ep, bin, rec := startEpisodeRig(t)

	a := h.launch(bin, ep.MP3)
	t.Cleanup(func() { a.saveLines(h.path("debug-lines.tsv")) })
	a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
	h.xdo("search", "--sync", "--onlyvisible", "--name", episodeTitle+" — Readalong")
	h.xdo("mousemove", "--sync", "450", "48") // over the title: keys go to the window
	time.Sleep(300 * time.Millisecond)

	n := a.count()
	h.press("space")
	a.expect("Space", `state pos=[\d.]+ line=-?\d+ playing=true`, n, keyAnswer)

	// Speed: ] twice.
	a.key("]", "bracketright", "speed 1.1")
	sp := a.key("] again", "bracketright", "speed 1.2")
	p0, i0 := a.stateAfter(sp+1, 200*time.Millisecond)
	// The lines whose onsets the recording is timed by: the first that
	// starts well after the change, and the first at least 4 s later.
	first := -1
	for i, l := range ep.Lines {
		if float64(l.Start) >= p0.pos+0.5 {
			first = i
			break
		}
	}
	h.check(first >= 0, "no line starts after %.3f s", p0.pos)
	last := first + 1
	for last < len(ep.Lines) && ep.Lines[last].Start < ep.Lines[first].Start+4 {
		last++
	}
	h.check(last < len(ep.Lines), "no line starts 4 s after line %d", first)

	// Following: the mouse wheel over the list pauses it, Ctrl+G resumes.
	h.xdo("mousemove", "--sync", "450", "350")
	n = a.count()
	_, _, wheeled := h.xdoTimed("mousedown", "5") // a wheel notch is the press
	h.xdo("mouseup", "5")
	_, i := a.expect("scrolling the list with the mouse wheel (xdotool click 5) while playing", `follow paused$`, n, keyAnswer)
	timings.add("mouse wheel over the list → follow paused", "", a.timeOf(i).Sub(wheeled))
	h.xdo("mousemove", "--sync", "450", "48")
	a.key("Ctrl+G", "ctrl+g", "follow resumed")

	// Search: the lines holding searchWord, folded as the app folds
	// (case; the script is ASCII).
	var holding []int
	for i, l := range ep.Lines {
		if strings.Contains(strings.ToLower(l.Text), searchWord) {
			holding = append(holding, i)
		}
	}
	h.check(len(holding) >= 3, "episodeScript has %d lines holding %q, want at least 3", len(holding), searchWord)
	opened := a.key("Ctrl+F", "ctrl+f", "search open")
	typed := time.Now()
	h.xdo("type", "--delay", "40", searchWord)
	m, q := a.expect(fmt.Sprintf("typing %q into the search", searchWord), fmt.Sprintf(`search query=%q matches=(\d+)$`, searchWord), opened, keyAnswer)
	timings.addNumber(fmt.Sprintf("search %q: lines matched", searchWord), fmt.Sprintf("%d (from the script)", len(holding)), "lines", atof(t, m[1]))
	h.check(m[1] == fmt.Sprint(len(holding)), "searching %q finds %s lines, the script has %d holding it (lines %v)", searchWord, m[1], len(holding), holding)
	t.Logf("typed %q in %s: %s lines match, as in the script (%v)", searchWord, ms(time.Since(typed)), m[1], holding)
	// The jump to the first match at or after the line being spoken:
	// said just before the count (or else just after it).
	matchRx := regexp.MustCompile(`search match=(\d+) of (\d+) line=(\d+)$`)
	var jumped []string
	for j := q - 1; j > opened && jumped == nil; j-- {
		if l := a.line(j); strings.Contains(l, "search query=") {
			break
		} else if mm := matchRx.FindStringSubmatch(l); mm != nil {
			jumped = mm
		}
	}
	if jumped == nil {
		jumped, _ = a.expect(fmt.Sprintf("typing %q, which found %s matches", searchWord, m[1]), matchRx.String(), q+1, keyAnswer)
	}
	// The line being spoken then: by the state lines around the jump.
	spoken := map[int]bool{}
	if s, ok := a.stateBefore(q); ok {
		spoken[s.line] = true
	}
	if s, ok := a.stateFrom(q); ok {
		spoken[s.line] = true
	}
	want1 := map[int]bool{}
	for c := range spoken {
		want1[firstAtOrAfter(holding, c)] = true
	}
	k1 := indexOf(holding, atoi(t, jumped[3]))
	h.check(jumped[1] == "1" && jumped[2] == m[1] && want1[atoi(t, jumped[3])],
		"typing %q jumped to match %s of %s at line %s; want match 1 at the first line holding it at or after the line being spoken (%v): one of %v",
		searchWord, jumped[1], jumped[2], jumped[3], keys(spoken), keys(want1))
	h.check(k1 >= 0, "match 1 is line %s, which does not hold %q", jumped[3], searchWord)
	if _, j := a.find(regexp.MustCompile(`follow paused$`), opened); j < 0 {
		h.fail("jumping to a match while following did not say \"follow paused\"")
	}
	h.screenshot("search")
	line2 := holding[(k1+1)%len(holding)]
	a.key("Enter in the search", "Return", fmt.Sprintf("search match=2 of %d line=%d", len(holding), line2))
	a.key("Shift+Enter in the search", "shift+Return", fmt.Sprintf("search match=1 of %d line=%s", len(holding), jumped[3]))
	c := a.key("Escape in the search", "Escape", "search closed")
	a.expect("Escape in the search (after \"search closed\")", `follow resumed$`, c, keyAnswer)

	// Text size.
	a.keyRow(scaleRow, "Ctrl+=", "ctrl+equal", "text scale 1.1")
	h.screenshot("text-1.1")
	a.keyRow(scaleRow, "Ctrl+0", "ctrl+0", "text scale 1.0")

	// Let the later line be heard, then take the pace.
	_, j := a.expect(fmt.Sprintf("playing at %.1f× until line %d", fastSpeed, last),
		fmt.Sprintf(`state pos=[\d.]+ line=%d playing=true`, last), a.count(),
		time.Duration((float64(ep.Lines[last].Start)-p0.pos)/fastSpeed+3)*time.Second)
	p1, i1 := a.stateAfter(j+1, 400*time.Millisecond)
	// The pace between consecutive state lines: a stall (the sink ran
	// dry: the machine was too busy) slows only the ones it falls in.
	rates := a.tickRates(i0, i1)
	wall := p1.at.Sub(p0.at)
	h.check(wall >= minPaceSpan && len(rates) >= 8, "only %v and %d state lines between the positions compared", wall, len(rates))
	pace := medianOf(rates)
	overall := (p1.pos - p0.pos) / wall.Seconds()
	stalled := time.Duration((wall.Seconds() - (p1.pos-p0.pos)/pace) * float64(time.Second))
	timings.addNumber(fmt.Sprintf("speed %.1f: window position per wall second (median of the state lines' steps over ≥ 2 s)", fastSpeed), fmt.Sprintf("%.1f ± %.1f", fastSpeed, paceSlack), "×", pace)
	timings.addNumber(fmt.Sprintf("speed %.1f: window position per wall second, overall (stalls included)", fastSpeed), "", "×", overall)
	timings.add(fmt.Sprintf("speed %.1f: wall time the position stood still (stalls)", fastSpeed), "", stalled)
	t.Logf("at speed %.1f the position went %.3f → %.3f s in %.3f s of wall time: %.4f× overall, %.4f× the median step of %d", fastSpeed, p0.pos, p1.pos, wall.Seconds(), overall, pace, len(rates))
	if stalled > 100*time.Millisecond {
		t.Logf("STALLS: the position stood still for %s in all (the steps: %.2f); load average %s", ms(stalled), rates, loadAverage())
	}
	h.check(math.Abs(pace-fastSpeed) <= paceSlack, "at speed %.1f the position advances %.4f× wall time (median of %d steps; %.4f× overall), want %.1f ± %.1f", fastSpeed, pace, len(rates), overall, fastSpeed, paceSlack)
	checkFastAudio(h, ep, rec, a, first, last)

	// The shortcuts sheet; Escape closes it and the keys go to the
	// window again.
	a.key("F1", "F1", "shortcuts shown")
	var box image.Rectangle
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		if box = dialogBox(h.screenshot("shortcuts")); box.Dx() >= 400 && box.Dy() >= 300 {
			break
		}
	}
	h.check(box.Dx() >= 400 && box.Dy() >= 300, "no shortcuts sheet in the middle of the window after F1 (found %v; shortcuts.png)", box)
	h.press("Escape")
	time.Sleep(300 * time.Millisecond)
	a.key("[ after closing the shortcuts sheet with Escape", "bracketleft", "speed 1.1")
	h.check(alive(a.cmd), "readalong exited")
}

// checkFastAudio checks in the recording that at fastSpeed the episode
// from line first to line last is heard shortened by that much, and line
// first at its own pitch and level.
func checkFastAudio(h *harness, ep *episode, rec *recorder, a *app, first, last int) {
	h.t.Helper()
	var onsets [2]int
	for k, id := range []int{first, last} {
		st, ok := a.stateNear(float64(ep.Lines[id].Start))
		h.check(ok, "no state line while line %d played", id)
		// When the position readout puts the line's start.
		at := st.at.Add(time.Duration((float64(ep.Lines[id].Start) - st.pos) / fastSpeed * float64(time.Second)))
		want := rec.frameAt(at)
		from := want - rate*7/10
		rec.waitFrames(h, want+rate*2/5)
		o := onsetNear(rec.left(from, want+rate*2/5), want-from, rate*2/5)
		h.check(o >= 0, "line %d is not heard starting within 0.4 s of %.3f s after launch (%.3f s into the recording), where the position readout puts it (no onset after silence in the recording; the state line: %+v)", id, at.Sub(a.start).Seconds(), float64(want)/rate, st)
		onsets[k] = from + o
	}
	apart := rec.timeOf(onsets[1]).Sub(rec.timeOf(onsets[0]))
	heard := float64(ep.Lines[last].Start-ep.Lines[first].Start) / apart.Seconds()
	h.t.Logf("lines %d and %d (%d s apart in the episode) were heard %.3f s apart: %.4f×", first, last,
		ep.Lines[last].Start-ep.Lines[first].Start, apart.Seconds(), heard)

	// The sound heard between the onsets is the episode's between the
	// lines' starts, shortened by the speed; dropouts only add silence.
	epSound := soundOf(slice(ep.pcm, ep.startSample(first), ep.startSample(last)))
	heardSound := soundOf(rec.left(onsets[0]-rate/20, onsets[1]-rate/20))
	stretch := float64(epSound) / float64(heardSound)
	late := dur(onsets[1]-onsets[0]) - time.Duration(float64(ep.Lines[last].Start-ep.Lines[first].Start)/fastSpeed*float64(time.Second))
	timings.addNumber(fmt.Sprintf("speed %.1f: episode sound per sound heard (lines %d → %d, dropouts left out)", fastSpeed, first, last), fmt.Sprintf("%.1f ± %.1f", fastSpeed, paceSlack), "×", stretch)
	timings.add(fmt.Sprintf("speed %.1f: line %d heard later than steady playback from line %d (dropouts)", fastSpeed, last, first), "", late)
	h.t.Logf("%.3f s of the episode's sound were heard in %.3f s of sound: %.4f×; line %d came %s later than steady playback would bring it", float64(epSound)/rate, float64(heardSound)/rate, stretch, last, ms(late))
	h.check(math.Abs(stretch-fastSpeed) <= paceSlack, "at speed %.1f the recording holds %.3f s of sound for the episode's %.3f s from line %d to %d: %.4f×, want %.1f ± %.1f",
		fastSpeed, float64(heardSound)/rate, float64(epSound)/rate, first, last, stretch, fastSpeed, paceSlack)

	// Line first as heard, against the episode at 1×.
	l := ep.Lines[first]
	got := rec.left(onsets[0], onsets[0]+int(float64(l.Samples)/fastSpeed))
	orig := slice(ep.pcm, ep.startSample(first), ep.startSample(first)+l.Samples)
	level := dBFS(rmsOf(got)) - dBFS(rmsOf(orig))
	pg, po := pitchOf(got), pitchOf(orig)
	h.check(pg > 0 && po > 0, "no voiced speech found in line %d (pitch %.1f Hz heard, %.1f Hz in the episode)", first, pg, po)
	timings.addNumber(fmt.Sprintf("speed %.1f: pitch heard ÷ pitch at 1× (median f0)", fastSpeed), fmt.Sprintf("1 ± %.2f", pitchSlack), "×", pg/po)
	timings.addNumber(fmt.Sprintf("speed %.1f: level heard − level at 1×", fastSpeed), fmt.Sprintf("± %.0f dB", levelSlack), "dB", math.Round(level*10)/10)
	h.t.Logf("line %d at %.1f×: median f0 %.1f Hz (%.1f Hz at 1×), level %+.1f dB", first, fastSpeed, pg, po, level)
	h.check(math.Abs(pg/po-1) <= pitchSlack, "at speed %.1f line %d is heard at %.1f Hz, %.1f Hz at 1×: the pitch is not kept", fastSpeed, first, pg, po)
	h.check(math.Abs(level) <= levelSlack, "at speed %.1f line %d is heard %+.1f dB from its level at 1×", fastSpeed, first, level)
}

// Rows of the timings table for keys: the time from the key press to the
// debug line it causes.
const (
	keysRow  = "key → its debug line (] [ Ctrl+G Ctrl+F Enter Shift+Enter Escape F1)"
	scaleRow = "Ctrl+= / Ctrl+0 → text scale N (rows measured again)"
)

// key presses key (an xdotool key name; what names it in messages) and
// waits for the debug line text (after "readalong: "), recording how long
// it took. It returns the index of the line.
func (a *app) key(what, key, text string) int {
	a.h.t.Helper()
	return a.keyRow(keysRow, what, key, text)
}

// keyRow is key, recording the time in the timings table's row.
func (a *app) keyRow(row, what, key, text string) int {
	a.h.t.Helper()
	n := a.count()
	pressed := a.h.press(key)
	_, i := a.expect(what, regexp.QuoteMeta(text)+"$", n, keyAnswer)
	timings.add(row, "", a.timeOf(i).Sub(pressed))
	return i
}

// expect waits up to limit for a debug line matching re from line index
// from, failing with what the test did and what the app said instead.
func (a *app) expect(after, re string, from int, limit time.Duration) ([]string, int) {
	a.h.t.Helper()
	return a.await(re, from, limit,
		func() string {
			return fmt.Sprintf("readalong exited after %s, before saying %q; log in %s", after, re, a.log)
		},
		func() string {
			return fmt.Sprintf("after %s readalong did not say %q within %v; it said: %s", after, re, limit, a.said(from))
		})
}

// said sums up the debug lines from index from: every line but the state
// lines, of which only the last is shown.
func (a *app) said(from int) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	lastState := ""
	for _, l := range a.lines[max(from, 0):] {
		if stateRx.MatchString(l) {
			lastState = l
			continue
		}
		out = append(out, fmt.Sprintf("%q", l))
	}
	if lastState != "" {
		out = append(out, fmt.Sprintf("(last state line) %q", lastState))
	}
	if len(out) == 0 {
		return "nothing"
	}
	if len(out) > 12 {
		out = append([]string{fmt.Sprintf("… %d lines, then", len(out)-12)}, out[len(out)-12:]...)
	}
	return strings.Join(out, "; ")
}

// line is debug line i.
func (a *app) line(i int) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lines[i]
}

// saveLines writes every debug line with the time it was read (ms after
// launch) to path, for diagnosis.
func (a *app) saveLines(path string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var b strings.Builder
	for i, l := range a.lines {
		fmt.Fprintf(&b, "%.1f\t%s\n", float64(a.times[i].Sub(a.start))/float64(time.Millisecond), l)
	}
	os.WriteFile(path, []byte(b.String()), 0o644)
}

// state is one "state" debug line.
type state struct {
	pos  float64
	line int
	at   time.Time
}

func (a *app) stateAt(i int) (state, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	m := stateRx.FindStringSubmatch(a.lines[i])
	if m == nil || m[3] != "true" {
		return state{}, false
	}
	var s state
	fmt.Sscan(m[1], &s.pos)
	fmt.Sscan(m[2], &s.line)
	s.at = a.times[i]
	return s, true
}

// stateBefore is the last playing state line before index i.
func (a *app) stateBefore(i int) (state, bool) {
	for j := i - 1; j >= 0; j-- {
		if s, ok := a.stateAt(j); ok {
			return s, true
		}
	}
	return state{}, false
}

// stateFrom is the first playing state line at index i or later.
func (a *app) stateFrom(i int) (state, bool) {
	for j := i; j < a.count(); j++ {
		if s, ok := a.stateAt(j); ok {
			return s, true
		}
	}
	return state{}, false
}

// stateAfter waits for the first playing state line from index i that
// was said at least wait after line i-1, and returns it with its index.
func (a *app) stateAfter(i int, wait time.Duration) (state, int) {
	a.h.t.Helper()
	since := time.Now()
	if i > 0 {
		since = a.timeOf(i - 1)
	}
	for {
		_, j := a.expect("playing", `state pos=[\d.]+ line=-?\d+ playing=true`, i, keyAnswer)
		if s, _ := a.stateAt(j); s.at.Sub(since) >= wait {
			return s, j
		}
		i = j + 1
	}
}

// stateNear is the playing state line whose position is nearest pos.
func (a *app) stateNear(pos float64) (state, bool) {
	best, ok := state{}, false
	for j := 0; j < a.count(); j++ {
		if s, sok := a.stateAt(j); sok && (!ok || math.Abs(s.pos-pos) < math.Abs(best.pos-pos)) {
			best, ok = s, true
		}
	}
	return best, ok
}

// soundOf counts the samples of s that are not digital silence: those
// outside runs of 2 ms or more of it. A dropout (the sink running dry)
// adds only digital silence, so it does not change the count.
func soundOf(s []int16) int {
	n, run := 0, 0
	for _, v := range s {
		if abs16(v) <= digitalSilence {
			run++
			continue
		}
		if run < rate/500 {
			n += run
		}
		run = 0
		n++
	}
	if run < rate/500 {
		n += run
	}
	return n
}

// tickRates is the episode seconds played per wall second between
// consecutive playing state lines from index i to index j.
func (a *app) tickRates(i, j int) []float64 {
	var out []float64
	prev, ok := a.stateAt(i)
	for k := i + 1; k <= j; k++ {
		s, sok := a.stateAt(k)
		if !sok {
			continue
		}
		if ok {
			out = append(out, (s.pos-prev.pos)/s.at.Sub(prev.at).Seconds())
		}
		prev, ok = s, true
	}
	return out
}

// medianOf is the median of v (the upper one of an even count).
func medianOf(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// loadAverage is the machine's load average, for diagnosis.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// onsetNear is the start of speech in s nearest sample want and within
// slack of it, or -1: a sample of at least -40 dBFS within 20 ms of the
// end of 150 ms or more of silence (every line of the episode follows at
// least 0.35 s of it). The 20 ms allow for a soft attack: speech rises
// through quiet samples that are no longer silence before it is loud.
func onsetNear(s []int16, want, slack int) int {
	const rise = rate / 50
	best, quiet, quietEnd := -1, 0, -1
	for i, v := range s {
		x := abs16(v)
		if x >= 32768/100 && quietEnd >= 0 && i-quietEnd <= rise && i >= want-slack && i <= want+slack {
			if best < 0 || abs(i-want) < abs(best-want) {
				best = i
			}
			quietEnd = -1
		}
		if x < silentPeak {
			quiet++
		} else {
			if quiet >= rate*15/100 {
				quietEnd = i
			}
			quiet = 0
		}
	}
	return best
}

// pitchOf is the median fundamental frequency of the voiced 40 ms frames
// of s, in Hz, or 0: in each frame loud enough, the lag of the highest
// normalised autocorrelation between 2.5 and 12.5 ms (400 to 80 Hz), when
// it is above 0.7.
func pitchOf(s []int16) float64 {
	const n = rate / 25
	minLag, maxLag := rate/400, rate/80
	var f0 []float64
	for at := 0; at+n+maxLag <= len(s); at += n / 2 {
		x := s[at : at+n+maxLag]
		if rmsOf(x[:n]) < 1000 {
			continue
		}
		best, bestLag := 0.0, 0
		for lag := minLag; lag <= maxLag; lag++ {
			var xy, xx, yy float64
			for i := 0; i < n; i++ {
				p, q := float64(x[i]), float64(x[i+lag])
				xy += p * q
				xx += p * p
				yy += q * q
			}
			if c := xy / math.Sqrt(xx*yy); c > best {
				best, bestLag = c, lag
			}
		}
		if best > 0.7 {
			f0 = append(f0, rate/float64(bestLag))
		}
	}
	if len(f0) == 0 {
		return 0
	}
	sort.Float64s(f0)
	return f0[len(f0)/2]
}

// firstAtOrAfter is the first of the sorted lines at or after line, else
// the first (the search wraps around).
func firstAtOrAfter(lines []int, line int) int {
	for _, l := range lines {
		if l >= line {
			return l
		}
	}
	return lines[0]
}

func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func keys(m map[int]bool) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var v int
	if _, err := fmt.Sscan(s, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
