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
	h.check(title == strings.TrimSuffix(filepath.Base(ep.MP3), ".mp3"), "metadata title %q", title)
	l, _ := strconv.ParseFloat(us, 64)
	h.check(l/1e6 > length-0.1 && l/1e6 < length+0.1, "metadata length %s µs, the episode is %.3f s", us, length)
	h.check(ctl("status") == "Paused", "status before play: %s", ctl("status"))

	// play: the episode heard from its first sample.
	n := s.a.count()
	asked := time.Now()
	ctl("play")
	s.a.waitFor(`state pos=[\d.]+ line=-?\d+ playing=true`, n, 5*time.Second)
	end := rec.waitTime(h, asked.Add(1500*time.Millisecond))
	from := rec.frameAt(asked) - rate/20
	m := locate(rec.left(from, end), ep.pcm[:playedWindow])
	h.check(m.NCC >= minMatch, "after playerctl play the episode's start is not in the recording (NCC %.3f)", m.NCC)
	timings.add("playerctl play → first sample heard", "", rec.timeOf(from+m.Lag).Sub(asked))
	h.check(ctl("status") == "Playing", "status playing: %s", ctl("status"))

	// position 60, then position 10+: heard there.
	seekHeard := func(what string, want int) {
		t.Helper()
		asked := time.Now()
		ctl(strings.Fields(what)...)
		end := rec.waitTime(h, asked.Add(time.Second))
		from := rec.frameAt(asked) - rate/20
		m := locate(rec.left(from, end), slice(ep.pcm, want, want+playedWindow))
		h.check(m.NCC >= minMatch, "after playerctl %s the episode at %.1f s is not in the recording (NCC %.3f)", what, float64(want)/rate, m.NCC)
		lag := rec.timeOf(from + m.Lag).Sub(asked)
		timings.add("playerctl "+what+" → heard there", "", lag)
		t.Logf("playerctl %s → episode %.3f s heard after %s (NCC %.4f)", what, float64(want)/rate, ms(lag), m.NCC)
	}
	at := time.Now()
	seekHeard("position 60", 60*rate)
	// Whatever played since: position 10+ moves from where it is.
	p := position()
	h.check(p >= 60 && p < 60+time.Since(at).Seconds()+0.2, "position after position 60: %.3f", p)
	ref := time.Now()
	ctlTime := p + time.Since(ref).Seconds()
	seekHeardApprox(t, h, rec, ep, ctl, ctlTime)

	// next: the next line (no chapters), told by position.
	cur := ep.lineAt(int(position() * rate))
	h.check(cur >= 0 && cur+1 < len(ep.Lines), "no line after the one playing (%d)", cur)
	ctl("next")
	time.Sleep(300 * time.Millisecond)
	p = position()
	want := float64(ep.Lines[cur+1].Start)
	h.check(p >= want && p < want+0.6, "after next the position is %.3f s, the next line (%d) starts at %.0f s", p, cur+1, want)

	// A click on a line: Seeked on the bus, with the line's time.
	_, first := s.screenRows(h.screenshot("mpris-rows"))
	s.clickLine(first+1, "mpris-click")
	line := ep.Lines[first+1].Start
	h.waitUntil("dbus-monitor to see Seeked", 5*time.Second, func() bool {
		b, _ := os.ReadFile(h.path("dbus-monitor.log"))
		return regexp.MustCompile(`member=Seeked\s+int64 ` + strconv.Itoa(line) + `000000\b`).Match(b)
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
	h.check(strings.HasPrefix(ctl("metadata", "xesam:title"), "second"), "metadata title after the hand-over: %s", ctl("metadata", "xesam:title"))
}

// seekHeardApprox checks position 10+ from around pos (playback moves
// on while playerctl asks): the recording holds the episode somewhere
// in the half second after pos+10.
func seekHeardApprox(t *testing.T, h *harness, rec *recorder, ep *episode, ctl func(...string) string, pos float64) {
	t.Helper()
	asked := time.Now()
	ctl("position", "10+")
	end := rec.waitTime(h, asked.Add(time.Second))
	from := rec.frameAt(asked) + rate/5 // past the jump however fast
	lo := int((pos + 10) * rate)
	m := locate(slice(ep.pcm, lo-rate/4, lo+rate), rec.left(from, min(end, from+playedWindow)))
	h.check(m.NCC >= minMatch, "after playerctl position 10+ (from %.2f s) the recording matches nothing near %.2f s (NCC %.3f)", pos, pos+10, m.NCC)
	heard := float64(lo-rate/4+m.Lag) / rate
	since := rec.timeOf(from).Sub(asked).Seconds()
	h.check(heard >= pos+10-0.1 && heard <= pos+10+since+0.3, "after position 10+ from %.2f s the window plays %.2f s", pos, heard)
	t.Logf("playerctl position 10+ from %.2f s → %.2f s heard %.0f ms after the command", pos, heard, since*1000)
}
