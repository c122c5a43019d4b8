package e2e

import (
	"image"
	"math"
	"strconv"
	"testing"
	"time"
)

// TestSmoke opens the demo in the real binary, checks that the window
// shows the transcript, clicks a line and checks that playback moves there
// and is heard, then pauses with Space.
func TestSmoke(t *testing.T) {
	h := newHarness(t)
	bin := h.buildBinary()
	h.startX()
	h.startPulse()
	rec := h.startRecorder("recording.raw")

	a := h.launch(bin)
	_, i := a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
	h.xdo("search", "--sync", "--onlyvisible", "--name", "Readalong demo — Readalong")
	time.Sleep(300 * time.Millisecond) // let the first frame be drawn

	shot := h.screenshot("1-opened")
	list := image.Rect(stampMaxX, listTop, 880, listBot)
	lines := textLines(shot, list)
	rows := stampRows(shot)
	mustf(t, lines >= 6 && len(rows) >= 6, "the window shows %d lines of text in %d rows in the transcript area, want at least 6 (screenshot %s)", lines, len(rows), h.path("1-opened.png"))

	// Nothing is heard before play.
	quiet := rec.stereo(0, rec.frames())
	mustf(t, len(quiet) > 0, "the recorder captured nothing in the first second")
	mustf(t, peak(quiet) < 100, "sound before play: peak %d", peak(quiet))

	// Click the fourth row of the list.
	before := len(quiet)
	clickY := 300
	h.xdo("mousemove", "--sync", "400", strconv.Itoa(clickY), "click", "1")
	m, j := a.waitFor(`seek line=(\d+) to=([\d.]+)`, i, 10*time.Second)
	line, _ := strconv.Atoi(m[1])
	start := atof(t, m[2])
	mustf(t, line >= 1, "click landed on line %d, want a line below the first", line)
	// The app reports it is playing that line from its start onwards.
	st, k := a.waitFor(`state pos=([\d.]+) line=`+m[1]+` playing=true`, j, 5*time.Second)
	pos := atof(t, st[1])
	mustf(t, pos >= start && pos < start+1, "position %.3f after seeking line %d at %.3f", pos, line, start)
	// And the position keeps moving.
	st, _ = a.waitFor(`state pos=([\d.]+) line=\d+ playing=true`, k+1, 5*time.Second)
	mustf(t, atof(t, st[1]) > pos, "position did not advance past %.3f", pos)

	time.Sleep(1200 * time.Millisecond)
	after := rec.stereo(0, rec.frames())[before:]
	mustf(t, peak(after) > 1000, "after the click the recording is nearly silent (peak %d of %d samples)", peak(after), len(after))

	shot = h.screenshot("2-clicked")
	mustf(t, isAccent(shot.At(accentX, clickY)), "the clicked row is not highlighted (pixel %v at %d,%d; screenshot %s)", shot.At(accentX, clickY), accentX, clickY, h.path("2-clicked.png"))
	mustf(t, !isAccent(shot.At(accentX, listTop+10)), "the first row is highlighted too (screenshot %s)", h.path("2-clicked.png"))

	// Space pauses, even though the list was just clicked.
	n := a.count()
	h.xdo("key", "space")
	a.waitFor(`state pos=[\d.]+ line=\d+ playing=false`, n, 5*time.Second)
	time.Sleep(400 * time.Millisecond)
	tail := rec.stereo(0, rec.frames())
	tail = tail[max(0, len(tail)-44100/5):]
	mustf(t, peak(tail) < 100, "sound 0.4 s after pausing: peak %d", peak(tail))
}

// textLines counts horizontal bands of text in r: runs of pixel rows that
// hold pixels much brighter than the darkest pixel of the area.
func textLines(img image.Image, r image.Rectangle) int {
	r = r.Intersect(img.Bounds())
	bands, in := 0, false
	for y := r.Min.Y; y < r.Max.Y; y++ {
		bright := 0
		for x := r.Min.X; x < r.Max.X; x++ {
			if lum(img.At(x, y)) > 150 {
				bright++
			}
		}
		text := bright > 2 && bright < r.Dx()/2
		if text && !in {
			bands++
		}
		in = text
	}
	return bands
}

func lum(c interface{ RGBA() (r, g, b, a uint32) }) float64 {
	r, g, b, _ := c.RGBA()
	return (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 257
}

// isAccent reports whether a pixel has the theme's primary (blue) colour.
func isAccent(c interface{ RGBA() (r, g, b, a uint32) }) bool {
	r, g, b, _ := c.RGBA()
	return b>>8 > 200 && r>>8 < 120 && g>>8 < 160
}

func peak(s []int16) int {
	p := 0
	for _, v := range s {
		p = max(p, int(math.Abs(float64(v))))
	}
	return p
}
