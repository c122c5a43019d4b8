package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	tsync "readalong/sync"
)

// cpuOver returns the share of one core process pid used over d.
func (b *bench) cpuOver(pid int, d time.Duration, what string) float64 {
	c0, _, _, err := procStat(pid)
	b.h.check(err == nil, "%s: %v", what, err)
	time.Sleep(d)
	c1, _, _, err := procStat(pid)
	b.h.check(err == nil, "%s: %v", what, err)
	return (c1 - c0).Seconds() / d.Seconds() * 100
}

// emptyWindow builds the benchmark's empty Fyne window.
func (b *bench) emptyWindow() string {
	bin := b.h.path("emptywindow")
	if out, err := exec.Command("go", "build", "-o", bin, "./emptywindow").CombinedOutput(); err != nil {
		b.h.fail("go build ./emptywindow: %v\n%s", err, out)
	}
	return bin
}

// windowCPU measures the window's CPU while it plays the 50-minute
// two-speaker episode, and while it is paused, beside mpv playing the
// same file into the same sink and an empty Fyne window: each over 10 s
// after 3 s of warming up.
func (b *bench) windowCPU() {
	h := b.h
	const span, warm = 10 * time.Second, 3 * time.Second
	name := strings.TrimSuffix(filepath.Base(b.files.Talk), ".mp3")
	b.waitQuiet()
	cmd := exec.Command(b.bin, b.files.Talk, b.files.TalkTranscript) // no debug output: as a user runs it
	cmd.Env, cmd.SysProcAttr = b.h.env, childAttr()
	b.logTo(cmd, "window-cpu")
	if err := cmd.Start(); err != nil {
		h.fail("start the window: %v", err)
	}
	h.track(cmd)
	h.xdo("search", "--sync", "--onlyvisible", "--name", name+" — Readalong")
	time.Sleep(time.Second)
	h.xdo("mousemove", "--sync", "450", strconv.Itoa(listTop-18))
	pressed := h.press("space")
	b.waitSound(pressed, "the window")
	time.Sleep(warm)
	playing := b.cpuOver(cmd.Process.Pid, span, "the window playing")
	h.press("space")
	time.Sleep(2 * time.Second)
	paused := b.cpuOver(cmd.Process.Pid, span, "the window paused")
	h.stop(cmd)

	mpv := b.command("mpv", "--no-config", "--no-video", "--ao=pulse", "--no-terminal", b.files.Talk)
	b.logTo(mpv, "mpv-window-cpu")
	b.firstSound(mpv, "mpv")
	time.Sleep(warm)
	mp := b.cpuOver(mpv.Process.Pid, span, "mpv")
	h.stop(mpv)

	empty := exec.Command(b.emptyWindow())
	empty.Env, empty.SysProcAttr = b.h.env, childAttr()
	b.logTo(empty, "empty-window")
	if err := empty.Start(); err != nil {
		h.fail("start the empty window: %v", err)
	}
	h.track(empty)
	h.xdo("search", "--sync", "--onlyvisible", "--name", "Empty — Readalong bench")
	time.Sleep(warm)
	idle := b.cpuOver(empty.Process.Pid, span, "the empty window")
	h.stop(empty)
	h.t.Logf("CPU over 10 s: window playing %.2f %%, paused %.2f %%; mpv %.2f %%; empty Fyne window %.2f %%", playing, paused, mp, idle)
	b.add(benchRow{measure: fmt.Sprintf("CPU of the window playing the %d-minute two-speaker episode (lines of 1–60 s; %% of one core)", b.files.TalkSeconds/60),
		better: "lower", ours: playing, unit: "%", peers: []peer{{"mpv", mp}},
		note: "10 s after 3 s of playing; goal ≤ 4× mpv"})
	b.add(benchRow{measure: "CPU of the window paused on it (% of one core)", better: "lower", ours: paused, unit: "%",
		peers: []peer{{"empty Fyne window", idle}}, note: "10 s after 2 s of pause; goal ≤ 1.25× an empty Fyne window of the same size"})
}

// waitSound waits for the first sound after t and returns its frame.
func (b *bench) waitSound(t time.Time, what string) int {
	rec := b.rec
	scan := rec.frameAt(t)
	var first int
	b.h.waitUntil(what+" to be heard", 20*time.Second, func() bool {
		n := rec.frames()
		for i, v := range rec.left(scan, n) {
			if abs16(v) >= silentPeak {
				first = scan + i
				return true
			}
		}
		scan = n
		return false
	})
	return first
}

// highlightOnTime plays the talk episode with a transcript of its first
// minutes in lines of 1 to 4 s and times, for each change of line, when
// the highlight moves on screen (a 60 fps capture of the accent bars)
// against when the line's first sample is heard (the null sink's
// recording, located by cross-correlation with the unit of speech).
func (b *bench) highlightOnTime() {
	h := b.h
	tr, err := tsync.ReadFile(b.files.Quick)
	h.check(err == nil, "quick transcript: %v", err)
	name := strings.TrimSuffix(filepath.Base(b.files.Talk), ".mp3")
	b.waitQuiet()
	a := h.launch(b.bin, b.files.Talk, b.files.Quick)
	a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
	h.xdo("search", "--sync", "--onlyvisible", "--name", name+" — Readalong")
	time.Sleep(500 * time.Millisecond)
	watch := h.watchScreen()
	h.xdo("mousemove", "--sync", "450", strconv.Itoa(listTop-18))
	pressed := h.press("space")
	first := b.waitSound(pressed, "the window")
	b.rec.waitFrames(h, first+2*rate)
	// Where the episode's first sample was heard: a stretch of the
	// recording a second in (past any start-up dropout), found in the
	// episode's first seconds.
	at := first + rate
	m := locate(b.files.unitPCM[:3*rate], b.rec.left(at, at+rate/4))
	h.check(m.NCC >= 0.9, "the recording a second after the first sound is not the episode's start (NCC %.3f)", m.NCC)
	r0 := at - m.Lag
	end := tr.Segments[tr.Len()-1].Start
	b.rec.waitTime(h, b.rec.timeOf(r0).Add(end+time.Second))
	h.stop(a.cmd)
	var lags []time.Duration
	var quiet, unfound, unmoved int
	for i := 1; i < tr.Len(); i++ {
		s := int(tr.Segments[i].Start.Seconds() * rate)
		// Heard: the line's first sample, found in the recording near
		// where continuous playback puts it.
		unitAt := s % unitSamples
		ref := b.files.unitPCM[unitAt : unitAt+rate/5]
		if peakOf(ref) < silentPeak*4 {
			quiet++
			continue // a pause in the speech: nothing to find it by
		}
		// Continuous playback from the line found last; a dropout or a
		// stretch of the sound card's clock is found within 0.3 s.
		guess := r0 + s
		mm := locate(b.rec.left(guess-rate*3/10, guess+rate*3/10+rate/5), ref)
		if mm.NCC < 0.9 {
			unfound++
			continue
		}
		found := guess - rate*3/10 + mm.Lag
		r0 = found - s
		heard := b.rec.timeOf(found)
		if at, ok := watch.moveNear(heard, 300*time.Millisecond); ok {
			lags = append(lags, at.Sub(heard))
		} else {
			unmoved++
		}
	}
	h.t.Logf("%d changes of line: %d timed, %d in a pause of the speech, %d not found in the recording, %d not seen on screen", tr.Len()-1, len(lags), quiet, unfound, unmoved)
	h.check(len(lags) >= 30, "timed %d changes of line, want at least 30", len(lags))
	abs := make([]time.Duration, len(lags))
	for i, l := range lags {
		abs[i] = max(l, -l)
	}
	sort.Slice(abs, func(i, j int) bool { return abs[i] < abs[j] })
	p90 := abs[len(abs)*9/10]
	h.t.Logf("highlight on screen against the line heard, %d changes: %v", len(lags), lags)
	b.add(benchRow{measure: fmt.Sprintf("highlight on screen − line heard (%d changes of line, 60 fps capture)", len(lags)),
		better: "", ours: msOf(median(lags)), unit: "ms",
		note: fmt.Sprintf("median; 90th percentile of the distance %s; %s; goal: median within ±20 ms, 90th percentile within 35 ms", ms(p90), spread(lags))})
}

// moveNear returns when the highlight moved on screen for the change of
// line heard at t: the first frame after t-before whose accent bar is
// not where it was then.
func (s *screenWatch) moveNear(t time.Time, before time.Duration) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	from := t.Add(-before)
	var was *band
	for _, f := range s.frames {
		if f.at.Before(from) {
			continue
		}
		if f.at.After(t.Add(time.Second)) {
			break
		}
		bars := tallBands(f.bands)
		if len(bars) != 1 {
			continue
		}
		if was == nil {
			was = &bars[0]
			continue
		}
		if d := bars[0].Top - was.Top; d > 3 || d < -3 {
			return f.at, true
		}
	}
	return time.Time{}, false
}
