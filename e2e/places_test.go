package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestPlaceSurvivesTheSession plays the episode at 1.3×, ends the window
// as the system does at logout (SIGTERM), and checks that the place file
// holds where it was and the speed; reopened, the window resumes there
// with the line being spoken in the upper part of the view; Ctrl+Q quits.
func TestPlaceSurvivesTheSession(t *testing.T) {
	h, ep, bin, _ := startEpisodeRig(t)
	a := h.launch(bin, ep.MP3)
	a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
	h.xdo("search", "--sync", "--onlyvisible", "--name", episodeTitle+" — Readalong")
	h.xdo("mousemove", "--sync", "450", strconv.Itoa(listTop-18))
	time.Sleep(300 * time.Millisecond)
	a.key("Space", "space", "playing=true")
	for _, s := range []string{"speed 1.1", "speed 1.2", "speed 1.3"} {
		a.key("]", "bracketright", s)
	}
	// Far enough in to be past a few lines.
	s, _ := a.stateAfter(a.count(), 0)
	for s.pos < float64(ep.Lines[5].Start)+0.5 {
		time.Sleep(200 * time.Millisecond)
		s, _ = a.stateAfter(a.count(), 0)
	}
	n := a.count()
	a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-waited(a.cmd):
	case <-time.After(5 * time.Second):
		h.fail("readalong did not exit within 5 s of SIGTERM")
	}
	<-a.done // every line it said read
	last, ok := a.stateBefore(a.count())
	h.check(ok, "no state line before the end")
	_, q := a.find(regexp.MustCompile(`place stored pos=`), n)
	h.check(q >= 0, "readalong did not store the place on SIGTERM: %s", a.said(n))

	var file struct {
		Places map[string]struct {
			Position time.Duration
			Speed    float64
			Path     string
		}
	}
	b, err := os.ReadFile(filepath.Join(h.path("home"), ".local", "state", "readalong", "places.json"))
	h.check(err == nil, "the place file: %v", err)
	h.check(json.Unmarshal(b, &file) == nil, "the place file is not JSON:\n%s", b)
	h.check(len(file.Places) == 1, "the place file holds %d places, want 1:\n%s", len(file.Places), b)
	var stored float64
	for _, p := range file.Places {
		got := p.Position.Seconds()
		stored = got
		h.check(got >= last.pos-0.3 && got <= last.pos+0.5, "stored at %.3f s; the last state said %.3f s", got, last.pos)
		h.check(p.Speed == 1.3, "stored speed %v, want 1.3", p.Speed)
		h.check(p.Path == ep.MP3, "stored path %q", p.Path)
	}

	// Reopened: resumed there, the line in view near the top.
	a2 := h.launch(bin, ep.MP3)
	m, _ := a2.waitFor(`notice resume: Resumed at (\d+):(\d\d)`, 0, 60*time.Second)
	min, _ := strconv.Atoi(m[1])
	sec, _ := strconv.Atoi(m[2])
	h.check(float64(min*60+sec) == float64(int(stored)), "resumed at %s:%s, the place stored was %.3f s", m[1], m[2], stored)
	a2.waitFor(`^readalong: ready$`, 0, 60*time.Second)
	time.Sleep(500 * time.Millisecond)
	line := ep.lineAt(int(last.pos * rate))
	v, _ := a2.last(regexp.MustCompile(`view first=(\d+) `))
	h.check(v != nil, "the window never said which line the view starts with")
	first, _ := strconv.Atoi(v[1])
	h.check(first <= line && line <= first+3, "reopened at line %d, the view starts at line %d: the line is not near the top", line, first)

	// Ctrl+Q quits, storing the place.
	h.xdo("search", "--sync", "--onlyvisible", "--name", episodeTitle+" — Readalong")
	h.xdo("mousemove", "--sync", "450", strconv.Itoa(listTop-18))
	h.press("ctrl+q")
	select {
	case <-waited(a2.cmd):
	case <-time.After(5 * time.Second):
		h.fail("Ctrl+Q did not quit within 5 s: %s", a2.said(0))
	}
	h.check(a2.cmd.ProcessState.ExitCode() == 0, "readalong exited with %d after Ctrl+Q", a2.cmd.ProcessState.ExitCode())
}
