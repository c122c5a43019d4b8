package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The terminal player and the sound device: readalong play with the
// harness's pulseaudio stopped, killed, and at the end of the episode.

// maxExitAfterEnd is how soon play must exit once the episode has ended or
// the device has gone for good.
const maxExitAfterEnd = 3 * time.Second

// pulse returns the harness's pulseaudio process.
func (h *harness) pulse() *exec.Cmd {
	h.t.Helper()
	o := h.owner()
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, p := range o.procs {
		if filepath.Base(p.Path) == "pulseaudio" {
			return p
		}
	}
	h.t.Fatal("the harness started no pulseaudio")
	return nil
}

// exited waits up to limit for a launched app to exit and returns when it
// did and its exit status.
func (a *app) exited(limit time.Duration) (time.Time, int) {
	a.h.t.Helper()
	select {
	case <-waited(a.cmd):
	case <-time.After(limit):
		a.h.fail("readalong still runs %v after it was started; %s", limit, a.dumpStacks())
	}
	at := time.Now()
	<-a.done
	return at, a.cmd.ProcessState.ExitCode()
}

// stderrText returns everything the app said on stderr.
func (a *app) stderrText() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return strings.Join(a.lines, "\n")
}

// fromSeconds is a --from argument for episode second s.
func fromSeconds(s float64) string { return fmt.Sprintf("%.3f", s) }

// TestDeviceStoppedAtStart: readalong play starts while the sound server
// is stopped (SIGSTOP: its socket accepts, nothing answers, so opening the
// device blocks) and the server goes on 2 s later. Play never calls the
// device missing, keeps time meanwhile, and then plays into it: the last
// line is heard where the episode's clock puts it, and play exits within
// maxExitAfterEnd of the end.
func TestDeviceStoppedAtStart(t *testing.T) {
	h, ep, bin, rec := startEpisodeRig(t)
	last := len(ep.Lines) - 1
	from := float64(ep.Lines[last].Start) - 3.5
	pulse := h.pulse()
	h.check(pulse.Process.Signal(syscall.SIGSTOP) == nil, "cannot stop pulseaudio")
	stopped := true
	defer func() {
		if stopped {
			pulse.Process.Signal(syscall.SIGCONT)
		}
	}()
	a := h.launch(bin, "play", "--quiet", "--from", fromSeconds(from), ep.MP3)
	time.Sleep(2 * time.Second)
	h.check(alive(a.cmd), "readalong play exited while the server was stopped; log in %s", a.log)
	cont := time.Now()
	h.check(pulse.Process.Signal(syscall.SIGCONT) == nil, "cannot continue pulseaudio")
	stopped = false

	remaining := time.Duration((float64(ep.Samples)/rate - from) * float64(time.Second))
	end, code := a.exited(remaining + maxExitAfterEnd + 5*time.Second)
	h.check(code == 0, "readalong play exited with %d; log in %s", code, a.log)
	said := a.stderrText()
	h.check(!regexp.MustCompile(`(?i)silently|no sound device`).MatchString(said),
		"readalong play called the stopped server missing:\n%s", said)

	// The last line is heard, after the server went on.
	rec.waitTime(h, end)
	c := rec.frameAt(cont)
	start := ep.startSample(last)
	m := locate(rec.left(c, rec.frames()), slice(ep.pcm, start, start+playedWindow))
	h.check(m.NCC >= minMatch, "the last line is not in the recording after the server went on (NCC %.3f)", m.NCC)
	heard := rec.timeOf(c + m.Lag)
	// Where the clock kept from the launch puts that line: the device may
	// take up to 0.4 s to open before time is kept without it.
	due := a.start.Add(time.Duration((float64(ep.Lines[last].Start) - from) * float64(time.Second)))
	off := heard.Sub(due)
	t.Logf("server stopped for 2 s from the launch: the last line heard %s after the launch's clock puts it; play exited %s after the sound's end",
		ms(off), ms(end.Sub(rec.timeOf(c+m.Lag).Add(dur(ep.Samples-start)))))
	h.check(off > -100*time.Millisecond && off < 700*time.Millisecond,
		"the last line was heard %s off where the episode's clock puts it", ms(off))
	endHeard := heard.Add(dur(ep.Samples - start))
	h.check(end.Sub(endHeard) <= maxExitAfterEnd, "play exited %s after the episode's end", ms(end.Sub(endHeard)))
}

// TestDevicePlayExitsAtTheEnd plays the last seconds of the episode: the
// sound is recorded from where --from puts it, and play exits once the
// end has been heard, within maxExitAfterEnd.
func TestDevicePlayExitsAtTheEnd(t *testing.T) {
	h, ep, bin, rec := startEpisodeRig(t)
	last := len(ep.Lines) - 1
	from := float64(ep.Lines[last].Start) - 0.5
	a := h.launch(bin, "play", "--quiet", "--from", fromSeconds(from), ep.MP3)
	remaining := time.Duration((float64(ep.Samples)/rate - from) * float64(time.Second))
	end, code := a.exited(remaining + maxExitAfterEnd + 5*time.Second)
	h.check(code == 0, "readalong play exited with %d; log in %s", code, a.log)
	rec.waitTime(h, end)
	l := rec.frameAt(a.start)
	start := ep.startSample(last)
	m := locate(rec.left(l, rec.frames()), slice(ep.pcm, start, start+playedWindow))
	h.check(m.NCC >= minMatch, "the last line is not in the recording (NCC %.3f)", m.NCC)
	heard := rec.timeOf(l + m.Lag)
	endHeard := heard.Add(dur(ep.Samples - start))
	timings.add("play: episode end heard → readalong play exits", "≤ 3 s", end.Sub(endHeard))
	t.Logf("last line heard %s after the launch; play exited %s after the end was heard", ms(heard.Sub(a.start)), ms(end.Sub(endHeard)))
	h.check(end.Sub(endHeard) <= maxExitAfterEnd, "play exited %s after the episode's end", ms(end.Sub(endHeard)))
	// The recording's times are ±5 ms.
	h.check(end.Sub(endHeard) >= -5*time.Millisecond, "play exited %s before the end was heard: the device's last samples were cut off", ms(endHeard.Sub(end)))
	h.check(heard.Sub(a.start) < 2*time.Second, "the last line, 0.5 s after --from, was heard %s after the launch", ms(heard.Sub(a.start)))
}

// TestDevicePlayFromPastTheEnd: --from past the end is refused as clip
// refuses it, with exit status 2, before any sound.
func TestDevicePlayFromPastTheEnd(t *testing.T) {
	h, ep, bin, rec := startEpisodeRig(t)
	a := h.launch(bin, "play", "--quiet", "--from", "60:00", ep.MP3)
	end, code := a.exited(10 * time.Second)
	h.check(code == 2, "exit status %d, want 2; log in %s", code, a.log)
	m := regexp.MustCompile(`(?m)^readalong play: 1:00:00\.000 is past the end of the episode \((\d+):(\d\d\.\d{3})\)$`).FindStringSubmatch(a.stderrText())
	h.check(m != nil, "readalong play said %q", a.stderrText())
	var mins int
	var secs float64
	fmt.Sscan(m[1], &mins)
	fmt.Sscan(m[2], &secs)
	got := float64(mins)*60 + secs
	h.check(got > float64(ep.Samples)/rate-0.05 && got < float64(ep.Samples)/rate+0.05,
		"the message gives the episode's length as %.3f s; it is %.3f s", got, float64(ep.Samples)/rate)
	rec.waitTime(h, end.Add(200*time.Millisecond))
	heard := rec.left(rec.frameAt(a.start), rec.frames())
	h.check(peakOf(heard) < silentPeak, "sound while refusing: peak %d", peakOf(heard))
}

// TestDeviceKilledWhilePlaying: the sound server dies while play plays.
// Play says the device was lost, where it paused, and, the device not
// coming back, exits with status 1 within maxExitAfterEnd.
func TestDeviceKilledWhilePlaying(t *testing.T) {
	h, ep, bin, rec := startEpisodeRig(t)
	a := h.launch(bin, "play", "--quiet", ep.MP3)
	deadline := time.Now().Add(10 * time.Second)
	for peakOf(rec.left(rec.frameAt(a.start), rec.frames())) < silentPeak {
		h.check(time.Now().Before(deadline), "no sound within 10 s of the launch")
		time.Sleep(20 * time.Millisecond)
	}
	pulse := h.pulse()
	killed := time.Now()
	h.check(pulse.Process.Kill() == nil, "cannot kill pulseaudio")
	end, code := a.exited(maxExitAfterEnd + 5*time.Second)
	t.Logf("play exited %s after the server was killed:\n%s", ms(end.Sub(killed)), a.stderrText())
	h.check(code == 1, "exit status %d, want 1; log in %s", code, a.log)
	h.check(end.Sub(killed) <= maxExitAfterEnd, "play exited %s after the server died", ms(end.Sub(killed)))
	said := a.stderrText()
	h.check(regexp.MustCompile(`sound device lost \(.+\); paused at \d+:\d\d\.\d{3}`).MatchString(said) &&
		strings.Contains(said, "did not come back"), "readalong play said:\n%s", said)
}
