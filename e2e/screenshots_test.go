package e2e

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// The window's default size; with no window manager it sits at 0,0.
const winW, winH = 900, 680

// TestScreenshots makes the README's screenshots (READALONG_SCREENSHOTS=1,
// make screenshots): the embedded demo in the real window, once in the
// light theme and once in the dark, each with a fresh configuration,
// playing a line a few seconds after a skip forward so that the view has
// followed it; the light one also searches for a word, so its matches
// show. They are saved as assets/screenshot-light.png and
// assets/screenshot-dark.png.
func TestScreenshots(t *testing.T) {
	enabled(t, "READALONG_SCREENSHOTS")
	h := newHarnessAlways(t)
	bin := h.buildBinary()
	h.startX()
	h.startPulse()
	h.startRecorder("recording.raw") // keeps the null sink playing in real time
	for k, variant := range []string{"light", "dark"} {
		t.Run(variant, func(t *testing.T) {
			h := h.sub(t)
			a := h.launchEnv(bin, []string{"READALONG_DEBUG=1", "FYNE_THEME=" + variant, "XDG_CONFIG_HOME=" + h.path("config-"+variant)})
			a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
			h.xdo("search", "--sync", "--onlyvisible", "--name", "Readalong demo — Readalong")
			// Over the title: keys go to the window, and no row is
			// hovered. Somewhere new each time: xdotool's --sync waits
			// for the pointer to move.
			h.xdo("mousemove", "--sync", strconv.Itoa(450+10*k), "48")
			time.Sleep(300 * time.Millisecond)

			// Skip 30 s ahead, then play into the line after.
			n := a.count()
			h.press("Right")
			m, _ := a.expect("Right", `state pos=([\d.]+) line=(\d+) playing=false`, n, keyAnswer)
			line := atoi(t, m[2]) + 1
			n = a.count()
			h.press("space")
			a.expect("Space", `state pos=[\d.]+ line=\d+ playing=true`, n, keyAnswer)
			_, i := a.expect(fmt.Sprintf("playing into line %d", line), fmt.Sprintf(`state pos=[\d.]+ line=%d playing=true`, line), n, 15*time.Second)
			time.Sleep(time.Until(a.timeOf(i).Add(1500 * time.Millisecond)))
			if variant == "light" {
				n = a.count()
				h.press("ctrl+f")
				a.expect("Ctrl+F", `search open$`, n, keyAnswer)
				h.xdo("type", "--delay", "40", "episode")
				a.expect(`typing "episode"`, `search query="episode" matches=[1-9]\d*$`, n, keyAnswer)
			}
			time.Sleep(400 * time.Millisecond) // the glide and the last frame
			out, err := filepath.Abs(filepath.Join("..", "assets", "screenshot-"+variant+".png"))
			if err != nil {
				t.Fatal(err)
			}
			h.grabWindow(out)
			t.Logf("saved %s", out)
			h.check(alive(a.cmd), "readalong exited")
		})
	}
}

// grabWindow saves the window's area of the screen as a PNG at out and
// checks that it holds a picture of that size with something drawn.
func (h *harness) grabWindow(out string) {
	h.t.Helper()
	tmp := h.path(filepath.Base(out))
	img := h.grab(tmp, winW, winH)
	h.check(img.Bounds() == image.Rect(0, 0, winW, winH), "the screenshot is %v, want %dx%d", img.Bounds(), winW, winH)
	lo, hi := 255.0, 0.0
	for y := 0; y < winH; y += 4 {
		for x := 0; x < winW; x += 4 {
			l := lum(img.At(x, y))
			lo, hi = min(lo, l), max(hi, l)
		}
	}
	h.check(hi-lo > 100, "the screenshot is nearly uniform (luminance %.0f to %.0f)", lo, hi)
	b, err := os.ReadFile(tmp)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		h.t.Fatal(err)
	}
}
