package e2e

import (
	"image"
	"image/color"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// brokenTranscript has a malformed time stamp on its third line.
const brokenTranscript = "00:00:00 Ben: Hello and welcome.\n\n00:0x:02 Cleo: This time stamp is broken.\n"

// TestBrokenFiles opens what a listener may well have on disk, each as
// command-line arguments of a fresh window: a corrupt MP3 with a broken
// transcript, a good MP3 with a broken transcript, and an MP3 damaged in
// the middle. Each time the window must say what is wrong (a dialog or a
// notice, checked on the debug readout, standard error and the screen)
// and keep running: the process stays alive and answers clicks.
func TestBrokenFiles(t *testing.T) {
	h, ep, bin, rec := startEpisodeRig(t)
	dir := h.path("files")
	os.MkdirAll(dir, 0o755)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rng := rand.New(rand.NewSource(1))
	junk := make([]byte, 200<<10)
	rng.Read(junk)
	corrupt := write("corrupt.mp3", junk)
	broken := write("broken.txt", []byte(brokenTranscript))
	good, err := os.ReadFile(ep.MP3)
	if err != nil {
		t.Fatal(err)
	}
	valid := write("valid.mp3", good)

	t.Run("corrupt mp3 and broken transcript", func(t *testing.T) {
		h := h.sub(t)
		a := h.launch(bin, corrupt, broken)
		a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
		m, _ := a.waitFor(`^readalong: (corrupt\.mp3: .*)$`, 0, 5*time.Second)
		t.Logf("the window reports: %s", m[1])
		h.xdo("search", "--sync", "--onlyvisible", "--name", "Readalong")
		time.Sleep(400 * time.Millisecond)
		shot := h.screenshot("corrupt-1-dialog")
		box := dialogBox(shot)
		h.check(box.Dx() >= 200 && box.Dy() >= 80, "no error dialog in the middle of the window (found %v; corrupt-1-dialog.png)", box)
		h.check(textLines(shot, box) >= 2, "the dialog shows %d lines of text, want a title and a message (corrupt-1-dialog.png)", textLines(shot, box))
		h.check(alive(a.cmd), "readalong exited after opening a corrupt MP3")

		// It answers clicks: OK closes the dialog, File opens the menu.
		ok := okButton(shot, box)
		h.check(ok.Dy() > 10, "no button found in the dialog %v (corrupt-1-dialog.png)", box)
		h.click((ok.Min.X+ok.Max.X)/2, (ok.Min.Y+ok.Max.Y)/2)
		time.Sleep(400 * time.Millisecond)
		shot = h.screenshot("corrupt-2-dismissed")
		h.check(dialogBox(shot).Dx() < 50, "the dialog is still shown after clicking OK (corrupt-2-dismissed.png)")
		menu := image.Rect(0, 28, 320, 140)
		before := textLines(shot, menu)
		h.click(27, 14)
		time.Sleep(400 * time.Millisecond)
		shot = h.screenshot("corrupt-3-menu")
		h.check(textLines(shot, menu) >= before+2, "clicking File shows no menu (%d text lines below it, %d before; corrupt-3-menu.png)", textLines(shot, menu), before)
		h.xdo("key", "Escape")
		h.check(alive(a.cmd), "readalong exited after the clicks")
		h.stop(a.cmd)
	})

	t.Run("valid mp3 and broken transcript", func(t *testing.T) {
		h := h.sub(t)
		a := h.launch(bin, valid, broken)
		a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
		m, _ := a.waitFor(`notice episode: (.*)`, 0, 5*time.Second)
		h.check(strings.Contains(m[1], "broken.txt:3") && strings.Contains(m[1], "00:0x:02"),
			"the notice does not name the file, line and text at fault: %q", m[1])
		t.Logf("notice: %s", m[1])
		h.xdo("search", "--sync", "--onlyvisible", "--name", episodeTitle+" — Readalong")
		time.Sleep(400 * time.Millisecond)
		shot := h.screenshot("valid-1-notice")
		h.check(warningPixels(shot) > 100, "no notice shown above the seek bar (valid-1-notice.png)")
		h.check(alive(a.cmd), "readalong exited after opening a broken transcript")

		// It answers a click on Play: the episode is heard from its start.
		play := playButton(shot)
		h.check(!play.Empty(), "no Play button (accent colour) below the seek bar (valid-1-notice.png)")
		n := a.count()
		clicked := h.click((play.Min.X+play.Max.X)/2, (play.Min.Y+play.Max.Y)/2)
		a.waitFor(`state pos=[\d.]+ line=-?\d+ playing=true`, n, 5*time.Second)
		end := rec.waitTime(h, clicked.Add(1200*time.Millisecond))
		from := rec.frameAt(clicked) - rate/20
		mt := locate(rec.left(from, end), ep.pcm[:playedWindow])
		h.check(mt.NCC >= minMatch, "clicking Play does not play the episode from its start (NCC %.3f)", mt.NCC)
		t.Logf("click Play → episode heard after %s", ms(rec.timeOf(from+mt.Lag).Sub(clicked)))
		h.press("space")
		h.check(alive(a.cmd), "readalong exited while playing")
		h.stop(a.cmd)
	})

	t.Run("mp3 damaged in the middle", func(t *testing.T) {
		h := h.sub(t)
		// Junk over 0.25 s of audio in the middle of line L; the line
		// after it must still be heard.
		L := ep.lineAt(62 * rate)
		at := ep.startSample(L) + ep.Lines[L].Samples/2
		damaged := append([]byte(nil), good...)
		off := audioOffset(good) + int64(float64(at)/rate*16000)
		copy(damaged[off:off+4096], junk)
		p := write("damaged.mp3", damaged)
		tr, err := os.ReadFile(ep.Transcript)
		if err != nil {
			t.Fatal(err)
		}
		write("damaged.txt", tr)

		a := h.launch(bin, p)
		a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
		m, _ := a.waitFor(`notice damage: (.*)`, 0, 10*time.Second)
		t.Logf("notice: %s", m[1])
		h.xdo("search", "--sync", "--onlyvisible", "--name", episodeTitle+" — Readalong")
		h.xdo("mousemove", "--sync", "450", "48")
		time.Sleep(300 * time.Millisecond)
		shot := h.screenshot("damaged-1-notice")
		h.check(warningPixels(shot) > 100, "no notice shown above the seek bar (damaged-1-notice.png)")

		// Skip forward 30 s twice, play through the damage.
		h.press("Right")
		h.press("Right")
		st, _ := a.waitFor(`state pos=(6\d\.\d+) line=\d+ playing=false`, 0, 5*time.Second)
		t.Logf("skipped to %s s; the damage is at %.2f s", st[1], float64(at)/rate)
		n := a.count()
		pressed := h.press("space")
		a.waitFor(`state pos=[\d.]+ line=\d+ playing=true`, n, 5*time.Second)
		next := ep.startSample(L + 1)
		pos := int(atof(t, st[1]) * rate)
		h.check(pos < at, "the skip went past the damage")
		end := rec.waitTime(h, pressed.Add(dur(next-pos)+time.Second))
		from := rec.frameAt(pressed)
		mt := locate(rec.left(from, end), slice(ep.pcm, next, next+playedWindow))
		h.check(mt.NCC >= minMatch, "line %d, after the damage, is not heard (NCC %.3f)", L+1, mt.NCC)
		h.check(alive(a.cmd), "readalong exited after playing damaged audio")
		t.Logf("played through the damage: line %d heard %.2f s after Space", L+1, rec.timeOf(from+mt.Lag).Sub(pressed).Seconds())
		h.stop(a.cmd)
	})
}

// sub is the harness for a subtest: the same X server, sound server and
// folder, with failures reported on the subtest; what the subtest starts
// is stopped when it ends, passed or failed.
func (h *harness) sub(t *testing.T) *harness {
	s := &harness{t: t, dir: h.dir, env: h.env, display: h.display, parent: h}
	t.Cleanup(func() {
		for i := len(s.mine) - 1; i >= 0; i-- {
			s.stop(s.mine[i])
		}
	})
	return s
}

// audioOffset is where the audio frames start in an MP3: after its ID3v2
// tag.
func audioOffset(b []byte) int64 {
	if len(b) < 10 || string(b[:3]) != "ID3" {
		return 0
	}
	n := int64(b[6])<<21 | int64(b[7])<<14 | int64(b[8])<<7 | int64(b[9])
	return 10 + n
}

// dialogBox finds a dialog in the middle of the window: the extent, along
// the lines through the window's centre, of what differs from the
// background beside it.
func dialogBox(img image.Image) image.Rectangle {
	const cx, cy = 450, 340
	outer := img.At(40, cy)
	same := func(x, y int) bool { return near(img.At(x, y), outer, 4) }
	if same(cx, cy) {
		return image.Rectangle{}
	}
	x0, x1, y0, y1 := cx, cx, cy, cy
	for x0 > 0 && !same(x0-1, cy) {
		x0--
	}
	for x1 < 899 && !same(x1+1, cy) {
		x1++
	}
	for y0 > 30 && !same(cx, y0-1) {
		y0--
	}
	for y1 < 679 && !same(cx, y1+1) {
		y1++
	}
	return image.Rect(x0, y0, x1+1, y1+1)
}

// okButton finds the button at the bottom of a dialog: the lowest run of
// the dialog's centre column that differs from the dialog's background.
func okButton(img image.Image, box image.Rectangle) image.Rectangle {
	bg := img.At(box.Min.X+6, box.Min.Y+6)
	cx := (box.Min.X + box.Max.X) / 2
	y := box.Max.Y - 1
	for y > box.Min.Y && !near(img.At(cx, y), bg, 6) {
		y-- // the dialog's edge or shadow
	}
	for y > box.Min.Y && near(img.At(cx, y), bg, 6) {
		y--
	}
	bottom := y + 1
	for y > box.Min.Y && !near(img.At(cx, y), bg, 6) {
		y--
	}
	return image.Rect(cx-10, y+1, cx+10, bottom)
}

func near(a, b color.Color, tol int) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(x, y uint32) bool { v := int(x>>8) - int(y>>8); return v >= -tol && v <= tol }
	return d(r1, r2) && d(g1, g2) && d(b1, b2)
}

// warningPixels counts pixels of the theme's warning colour (orange) in
// the notice area above the seek bar.
func warningPixels(img image.Image) int {
	n := 0
	for y := 535; y < 600; y++ {
		for x := 0; x < 900; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 > 200 && g>>8 > 100 && g>>8 < 200 && b>>8 < 80 {
				n++
			}
		}
	}
	return n
}

// playButton finds the Play button: the accent-coloured button below the
// seek bar.
func playButton(img image.Image) image.Rectangle {
	var r image.Rectangle
	for y := 632; y < 680; y++ { // below the seek bar's knob, also in the accent colour
		for x := 0; x < 900; x++ {
			if isAccent(img.At(x, y)) {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}
