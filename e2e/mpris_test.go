package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"readalong/desktop/testbus"
)

// whereMatch is the normalised cross-correlation that tells where in
// the episode the recording is: any other place of the speech scores
// below 0.5. It is lower than minMatch because this test checks where
// the controls put playback, not how cleanly it plays (TestPlayback
// does), and an underrun on a loaded machine lowers the score.
const whereMatch = 0.8

// TestMediaControls drives the real window on a private session bus
// with playerctl, as the desktop's media keys and player applets do:
// metadata and status read; play heard from the start; position 60 and
// position 10+ heard where they put playback; next goes to the next line
// (the episode has no chapters); the rate set; pause silent. dbus-monitor
// sees Seeked after a click on a line. A second readalong hands its file
// to the window and exits 0.
func TestMediaControls(t *testing.T) {
	h, ep, bin, rec := startEpisodeRig(t)
	for _, tool := range []string{"playerctl", "dbus-monitor", "dbus-send"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run make deps", tool)
		}
	}
	h.env = append(h.env, "DBUS_SESSION_BUS_ADDRESS="+testbus.Start(t))
	s := &playSession{h: h, ep: ep, rec: rec}
	s.a = h.launch(bin, ep.MP3)
	s.a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
	h.start("dbus-monitor", "type='signal',interface='org.mpris.MediaPlayer2.Player',member='Seeked'")
	ctl := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("playerctl", append([]string{"--player=readalong"}, args...)...)
		cmd.Env = h.env
		out, err := cmd.CombinedOutput()
		h.check(err == nil, "playerctl %s: %v: %s", strings.Join(args, " "), err, out)
		return strings.TrimSpace(string(out))
	}
	position := func() float64 { return atof(t, ctl("position")) }
	length := float64(ep.Samples) / rate

	// What the shell shows.
	meta := ctl("metadata", "--format", "{{xesam:title}}|{{mpris:length}}")
	title, us, _ := strings.Cut(meta, "|")
	win := h.xdo("search", "--sync", "--onlyvisible", "--name", "Readalong")
	name := h.xdo("getwindowname", strings.Fields(win)[0])
	h.check(title != "" && name == title+" — Readalong", "metadata title %q, the window's %q", title, name)
	l, _ := strconv.ParseFloat(us, 64)
	h.check(l/1e6 > length-0.1 && l/1e6 < length+0.1, "metadata length %s µs, the episode is %.3f s", us, length)
	h.check(ctl("status") == "Paused", "status before play: %s", ctl("status"))

	// play: the episode heard from its first sample.
	n := s.a.count()
	asked := time.Now()
	ctl("play")
	s.a.waitFor(`state pos=[\d.]+ line=-?\d+ playing=true`, n, 5*time.Second)
	end := rec.waitTime(h, asked.Add(2500*time.Millisecond))
	from := rec.frameAt(asked) - rate/20
	m := locate(rec.left(from, end), ep.pcm[:rate]) // as TestPlayback: the first second
	h.check(m.NCC >= whereMatch, "after playerctl play the episode's start is not in the recording (NCC %.3f)", m.NCC)
	timings.add("playerctl play → first sample heard", "", rec.timeOf(from+m.Lag).Sub(asked))
	h.check(ctl("status") == "Playing", "status playing: %s", ctl("status"))

	// position T (a line's start about a minute in), then, paused, a
	// relative seek "D+" to another line's start: each heard there.
	heardAt := func(measure, what string, asked time.Time, want int) {
		t.Helper()
		end := rec.waitTime(h, asked.Add(time.Second))
		from := rec.frameAt(asked) - rate/20
		m := locate(rec.left(from, end), slice(ep.pcm, want, want+playedWindow))
		h.check(m.NCC >= whereMatch, "after %s the episode at %.1f s is not in the recording (NCC %.3f)", what, float64(want)/rate, m.NCC)
		lag := rec.timeOf(from + m.Lag).Sub(asked)
		timings.add(measure, "", lag)
		t.Logf("%s → episode %.3f s heard after %s (NCC %.4f)", what, float64(want)/rate, ms(lag), m.NCC)
	}
	k := ep.lineAt(60 * rate)
	asked = time.Now()
	ctl("position", strconv.Itoa(ep.Lines[k].Start))
	heardAt("playerctl position T → heard at T", "playerctl position "+strconv.Itoa(ep.Lines[k].Start), asked, ep.startSample(k))
	n = s.a.count()
	ctl("pause")
	s.a.waitFor(`state pos=[\d.]+ line=-?\d+ playing=false`, n, 5*time.Second)
	time.Sleep(300 * time.Millisecond) // what the device held still plays
	q := position()
	k2 := ep.lineAt(int((q + 10) * rate))
	if ep.Lines[k2].Start < int(q)+1 {
		k2++
	}
	d := float64(ep.Lines[k2].Start) - q
	rel := strconv.FormatFloat(d, 'f', 6, 64) + "+"
	ctl("position", rel)
	time.Sleep(200 * time.Millisecond)
	p := position()
	h.check(p > float64(ep.Lines[k2].Start)-0.002 && p < float64(ep.Lines[k2].Start)+0.002, "paused at %.3f s, position %s: at %.3f s, want %d s", q, rel, p, ep.Lines[k2].Start)
	asked = time.Now()
	ctl("play")
	heardAt("playerctl position D+ (paused), play → heard there", "playerctl position "+rel+", play", asked, ep.startSample(k2))

	// next: the next line (no chapters), told by position.
	cur := ep.lineAt(int(position() * rate))
	h.check(cur >= 0 && cur+1 < len(ep.Lines), "no line after the one playing (%d)", cur)
	ctl("next")
	time.Sleep(300 * time.Millisecond)
	p = position()
	want := float64(ep.Lines[cur+1].Start)
	h.check(p >= want && p < want+0.6, "after next the position is %.3f s, the next line (%d) starts at %.0f s", p, cur+1, want)

	// A click on a line: heard there, and Seeked on the bus with the
	// line's time.
	time.Sleep(scrollSettle) // the view glides to the line next went to
	rows := stampRows(h.screenshot("mpris-rows"))
	h.check(len(rows) >= 3, "found %d transcript rows on screen (mpris-rows.png)", len(rows))
	n = s.a.count()
	clicked := h.click(400, rows[len(rows)-2].Mid())
	sk, _ := s.a.waitFor(`seek line=(\d+) to=([\d.]+)`, n, 5*time.Second)
	id, _ := strconv.Atoi(sk[1])
	heardAt("click a line (media controls on) → heard there", "a click on line "+sk[1], clicked, ep.startSample(id))
	h.waitUntil("dbus-monitor to see Seeked", 5*time.Second, func() bool {
		b, _ := os.ReadFile(h.path("dbus-monitor.log"))
		return regexp.MustCompile(`member=Seeked\s+int64 ` + strconv.Itoa(ep.Lines[id].Start) + `000000\b`).Match(b)
	})

	// The rate: speed 1.5 in the window (after the click, whose check
	// compares the sound with the episode at 1×).
	n = s.a.count()
	send := exec.Command("dbus-send", "--session", "--print-reply", "--dest=org.mpris.MediaPlayer2.readalong",
		"/org/mpris/MediaPlayer2", "org.freedesktop.DBus.Properties.Set",
		"string:org.mpris.MediaPlayer2.Player", "string:Rate", "variant:double:1.5")
	send.Env = h.env
	out, err := send.CombinedOutput()
	h.check(err == nil, "setting Rate: %v: %s", err, out)
	s.a.waitFor(`^readalong: speed 1\.5$`, n, 5*time.Second)

	// pause: silence.
	n = s.a.count()
	ctl("pause")
	s.a.waitFor(`state pos=[\d.]+ line=-?\d+ playing=false`, n, 5*time.Second)
	h.check(ctl("status") == "Paused", "status after pause: %s", ctl("status"))
	paused := time.Now()
	time.Sleep(600 * time.Millisecond)
	quiet := rec.left(rec.frameAt(paused.Add(200*time.Millisecond)), rec.frameAt(paused.Add(500*time.Millisecond)))
	h.check(peakOf(quiet) < silentPeak, "sound after playerctl pause: peak %d", peakOf(quiet))

	// A second readalong hands its file over and exits 0.
	track := ctl("metadata", "mpris:trackid")
	other := filepath.Join(h.dir, "second.mp3")
	b, err := os.ReadFile(ep.MP3)
	h.check(err == nil, "%v", err)
	h.check(os.WriteFile(other, b, 0o644) == nil, "writing %s", other)
	n = s.a.count()
	second := exec.Command(bin, other)
	second.Env = h.env
	started := time.Now()
	out, err = second.CombinedOutput()
	h.check(err == nil && len(out) == 0, "the second readalong: %v: %s", err, out)
	t.Logf("second readalong handed its file over and exited after %s", ms(time.Since(started)))
	s.a.waitFor(`^readalong: episode "second" `, n, 10*time.Second)
	h.check(ctl("metadata", "mpris:trackid") != track, "the track id is still %s after the hand-over", track)
}
