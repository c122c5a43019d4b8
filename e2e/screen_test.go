package e2e

import (
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// The window's layout as the tests see it: with no window manager the
// window sits at 0,0, 900 wide. Rows of the transcript list start below
// the heading and the speakers' legend; the reading column is centred in
// the list, each row showing its time stamp (dim text) left of the text
// and, when it is the line being spoken, an accent bar at x=accentX.
const (
	accentX   = 97
	stampMinX = 101
	stampMaxX = 156
	listTop   = 110
	listBot   = 520
	// listTopAlone is where the list starts when the transcript has one
	// speaker, so the window shows no legend.
	listTopAlone = 70
)

// band is a run of screen rows [Top, Bottom).
type band struct{ Top, Bottom int }

// Mid is the middle row of the band.
func (b band) Mid() int { return (b.Top + b.Bottom) / 2 }

func (b band) contains(y int) bool { return y >= b.Top && y < b.Bottom }

// stampRows finds the transcript rows on screen by their time stamps, top
// to bottom: bands of rows where the stamp column holds text brighter than
// the row's own background (the median of the column's pixels, as a stamp
// covers far less than half of them).
func stampRows(img image.Image) []band { return stampRowsFrom(img, listTop) }

// stampRowsFrom is stampRows for a list starting at top: higher up than
// listTop in a window without the speakers' legend (one speaker).
func stampRowsFrom(img image.Image, top int) []band {
	var out []band
	in := false
	ls := make([]float64, stampMaxX-stampMinX)
	for y := top; y < listBot; y++ {
		// The row's background is what most of the stamp column shows.
		for x := range ls {
			ls[x] = lum(img.At(stampMinX+x, y))
		}
		sorted := append([]float64(nil), ls...)
		sort.Float64s(sorted)
		bg := sorted[len(sorted)/2]
		text := false
		for _, l := range ls {
			if l-bg > 15 {
				text = true
				break
			}
		}
		switch {
		case text && !in:
			out = append(out, band{Top: y})
		case !text && in:
			out[len(out)-1].Bottom = y
		}
		in = text
	}
	if in {
		out = out[:len(out)-1] // cut off at the bottom: not a whole row
	}
	return out
}

// accentBands finds the runs of accent-coloured pixels in column x.
func accentBands(img image.Image, x, from, to int) []band {
	var out []band
	in := false
	for y := from; y < to; y++ {
		a := isAccent(img.At(x, y))
		switch {
		case a && !in:
			out = append(out, band{Top: y})
		case !a && in:
			out[len(out)-1].Bottom = y
		}
		in = a
	}
	if in {
		out[len(out)-1].Bottom = to
	}
	return out
}

// highlighted returns the index of the row in rows that the accent bar
// marks, or -1, and how many accent bands there are in the list.
func highlighted(bands []band, rows []band) (row, count int) {
	row = -1
	for _, b := range bands {
		if b.Bottom-b.Top < 10 {
			continue // not a row's bar
		}
		count++
		for i, r := range rows {
			if b.contains(r.Mid()) {
				row = i
			}
		}
	}
	return row, count
}

// screenWatch records a thin column of the screen (the accent bars) at 60
// frames a second through ffmpeg's x11grab, timestamping every frame as it
// arrives, so the tests can tell when the highlight moved on screen.
type screenWatch struct {
	cmd    *exec.Cmd
	w, h   int
	x0, y0 int // where the column grabbed starts on screen
	mu     sync.Mutex
	frames []watchFrame
}

type watchFrame struct {
	at    time.Time
	bands []band // accent bands at accentX, in screen rows
}

// watchScreen starts recording the accent column of the list.
func (h *harness) watchScreen() *screenWatch {
	h.t.Helper()
	s := &screenWatch{w: 8, h: listBot - listTop, y0: listTop, x0: accentX - 4}
	s.cmd = h.grabFrames("screen watcher", "screenwatch.log", s.x0, s.y0, s.w, s.h, func(buf []byte, now time.Time) {
		img := &image.RGBA{Pix: make([]byte, s.w*s.h*4), Stride: s.w * 4, Rect: image.Rect(0, 0, s.w, s.h)}
		for i := 0; i < s.w*s.h; i++ {
			copy(img.Pix[4*i:4*i+3], buf[3*i:3*i+3])
			img.Pix[4*i+3] = 255
		}
		var bands []band
		for _, b := range accentBands(img, accentX-s.x0, 0, s.h) {
			bands = append(bands, band{b.Top + s.y0, b.Bottom + s.y0})
		}
		s.mu.Lock()
		s.frames = append(s.frames, watchFrame{at: now, bands: bands})
		s.mu.Unlock()
	})
	return s
}

// grabFrames records the w×hgt region of the screen at x0,y0 (see
// grabScreen) and hands each frame, raw RGB, to each with when it
// arrived, on a goroutine of its own, until ffmpeg stops. It returns
// ffmpeg's command once the first frame was handled.
func (h *harness) grabFrames(what, log string, x0, y0, w, hgt int, each func(buf []byte, at time.Time)) *exec.Cmd {
	h.t.Helper()
	cmd, out := h.grabScreen(log, x0, y0, w, hgt)
	var n atomic.Int64
	go func() {
		defer out.Close()
		buf := make([]byte, w*hgt*3)
		for {
			if _, err := io.ReadFull(out, buf); err != nil {
				return
			}
			each(buf, time.Now())
			n.Add(1)
		}
	}()
	h.waitUntil("the "+what+"'s first frame", 10*time.Second, func() bool { return n.Load() > 0 })
	return cmd
}

// grabScreen starts ffmpeg's x11grab recording the w×hgt region of the
// screen at x0,y0 at 60 frames a second, as raw RGB frames on the pipe
// returned; ffmpeg's messages go to the harness's file log.
func (h *harness) grabScreen(log string, x0, y0, w, hgt int) (*exec.Cmd, *os.File) {
	h.t.Helper()
	cmd := exec.Command("ffmpeg", "-loglevel", "error", "-nostdin", "-f", "x11grab", "-draw_mouse", "0", "-framerate", "60",
		"-video_size", fmt.Sprintf("%dx%d", w, hgt), "-i", fmt.Sprintf("%s.0+%d,%d", h.display, x0, y0),
		"-f", "rawvideo", "-pix_fmt", "rgb24", "-flush_packets", "1", "pipe:1")
	return cmd, h.startPiped(cmd, log)
}

// startPiped starts cmd in the test's environment, its standard output on
// the pipe returned and its standard error in the artefact file log; the
// harness stops it at the end of the test.
func (h *harness) startPiped(cmd *exec.Cmd, log string) *os.File {
	h.t.Helper()
	cmd.Env = h.env
	cmd.SysProcAttr = childAttr()
	f, _ := os.Create(h.path(log))
	cmd.Stderr = f
	out, pw, err := os.Pipe()
	if err != nil {
		h.t.Fatal(err)
	}
	cmd.Stdout = pw
	err = cmd.Start()
	pw.Close()
	if err != nil {
		out.Close()
		h.t.Fatalf("start %s: %v", filepath.Base(cmd.Path), err)
	}
	h.track(cmd)
	return out
}

// firstMove returns the time of the first frame after t in which the
// highlight is a single bar at another place than in the frame at t: the
// highlight moving to the next line (the view may glide after it).
func (s *screenWatch) firstMove(t time.Time) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var from *band
	for _, f := range s.frames {
		if f.at.Before(t) {
			continue
		}
		bars := tallBands(f.bands)
		if len(bars) != 1 {
			continue
		}
		if from == nil {
			from = &bars[0]
			continue
		}
		if d := bars[0].Top - from.Top; d > 3 || d < -3 {
			return f.at, true
		}
	}
	return time.Time{}, false
}

// tallBands drops bands too short to be a row's accent bar.
func tallBands(bands []band) []band {
	var out []band
	for _, b := range bands {
		if b.Bottom-b.Top >= 10 {
			out = append(out, b)
		}
	}
	return out
}

// interval is the median time between frames, the resolution of the
// watcher.
func (s *screenWatch) interval() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.frames) < 3 {
		return 0
	}
	var d []time.Duration
	for i := 1; i < len(s.frames); i++ {
		d = append(d, s.frames[i].at.Sub(s.frames[i-1].at))
	}
	return median(d)
}

// median of durations (the upper one of an even count).
func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s[len(s)/2]
}
