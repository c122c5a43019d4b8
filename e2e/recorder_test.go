package e2e

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"
)

// recorder records the null sink's monitor through parec, reading parec's
// output through a pipe and noting the wall-clock time of every chunk, so
// that any recorded sample can be given the time it was played.
//
// The sink is paced by its own clock in real time and parec asks for 5 ms
// fragments, so each chunk arrives at most a few milliseconds after its
// last sample was played, later when the reader was not scheduled at once.
// timeOf takes the lower envelope over the chunks that follow a sample,
// which removes those scheduling delays.
// clockSlack is how far the times of sound and of clicks may be off
// against each other: parec's 5 ms fragments (timeOf can put a sample up
// to a fragment early) and the xdotool call that stands for the click.
const clockSlack = 5 * time.Millisecond

type recorder struct {
	path string
	cmd  *exec.Cmd
	file *os.File

	mu     sync.Mutex
	data   []byte  // interleaved stereo s16le, everything so far
	chunks []chunk // in arrival order
	done   chan struct{}
	err    error
}

// chunk is one read from parec: the time it arrived and the number of
// frames recorded once it was added.
type chunk struct {
	at  time.Time
	end int
}

// startRecorder starts parec on the null sink's monitor with a small
// latency and waits for its first samples. The recording is also written
// to name in the artefact folder.
func (h *harness) startRecorder(name string) *recorder {
	h.t.Helper()
	r := &recorder{path: h.path(name), done: make(chan struct{})}
	f, err := os.Create(r.path)
	if err != nil {
		h.t.Fatal(err)
	}
	r.file = f
	cmd := exec.Command("parec", "-d", "nullsink.monitor", "--format=s16le", "--rate=44100", "--channels=2", "--latency-msec=5", "--raw")
	out := h.startPiped(cmd, "parec.log")
	r.cmd = cmd
	go r.read(out)
	h.waitUntil("the recorder's first samples", 10*time.Second, func() bool { return r.frames() > 0 })
	return r
}

func (r *recorder) read(out io.ReadCloser) {
	defer close(r.done)
	defer r.saveChunks()
	defer r.file.Close()
	defer out.Close()
	buf := make([]byte, 1<<16)
	for {
		n, err := out.Read(buf)
		now := time.Now()
		if n > 0 {
			r.file.Write(buf[:n])
			r.mu.Lock()
			r.data = append(r.data, buf[:n]...)
			r.chunks = append(r.chunks, chunk{at: now, end: len(r.data) / 4})
			r.mu.Unlock()
		}
		if err != nil {
			if err != io.EOF {
				r.mu.Lock()
				r.err = err
				r.mu.Unlock()
			}
			return
		}
	}
}

// frames is the number of whole stereo frames recorded so far.
func (r *recorder) frames() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.data) / 4
}

// left returns the left channel of frames [from, to), clamped to what was
// recorded. The episodes are mono, so both channels are the same.
func (r *recorder) left(from, to int) []int16 {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.data) / 4
	from = max(0, min(from, n))
	to = max(from, min(to, n))
	out := make([]int16, to-from)
	for i := range out {
		j := 4 * (from + i)
		out[i] = int16(uint16(r.data[j]) | uint16(r.data[j+1])<<8)
	}
	return out
}

// stereo returns frames [from, to) as interleaved samples.
func (r *recorder) stereo(from, to int) []int16 {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.data) / 4
	from = max(0, min(from, n))
	to = max(from, min(to, n))
	return bytesToInt16(r.data[4*from : 4*to])
}

// envelope is how far after a sample the chunks are searched for the
// earliest estimate of its time.
const envelope = rate / 2

// timeOf is the wall-clock time at which frame was played into the sink.
func (r *recorder) timeOf(frame int) time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := sort.Search(len(r.chunks), func(i int) bool { return r.chunks[i].end >= frame })
	if i == len(r.chunks) {
		if i == 0 {
			return time.Time{}
		}
		c := r.chunks[i-1]
		return c.at.Add(dur(frame - c.end))
	}
	best := time.Time{}
	for j := i; j < len(r.chunks) && r.chunks[j].end-frame <= envelope; j++ {
		c := r.chunks[j]
		t := c.at.Add(-dur(c.end - frame))
		if best.IsZero() || t.Before(best) {
			best = t
		}
	}
	return best
}

// frameAt is the frame being played into the sink at wall-clock time t
// (the inverse of timeOf), clamped to the frames recorded.
func (r *recorder) frameAt(t time.Time) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.chunks) == 0 {
		return 0
	}
	i := sort.Search(len(r.chunks), func(i int) bool { return r.chunks[i].at.After(t) })
	best := 0
	for j := i - 1; j >= 0 && t.Sub(r.chunks[j].at) <= dur(envelope); j-- {
		c := r.chunks[j]
		best = max(best, c.end+secs(t.Sub(c.at)))
	}
	if i == 0 {
		c := r.chunks[0]
		best = c.end - secs(c.at.Sub(t))
	} else if best == 0 {
		c := r.chunks[i-1]
		best = c.end + secs(t.Sub(c.at))
	}
	return max(0, min(best, len(r.data)/4))
}

// waitFrames waits until the recording holds frame n.
func (r *recorder) waitFrames(h *harness, n int) {
	h.t.Helper()
	h.waitUntil("the recording to reach its frame", 10*time.Second, func() bool { return r.frames() > n })
}

// waitTime waits until everything played by wall time t is recorded.
func (r *recorder) waitTime(h *harness, t time.Time) int {
	h.t.Helper()
	time.Sleep(time.Until(t) + 30*time.Millisecond)
	n := r.frameAt(t)
	r.waitFrames(h, n)
	return n
}

// saveChunks writes the arrival time (relative to the first chunk) and
// the frame count of every chunk beside the recording, for diagnosis.
func (r *recorder) saveChunks() {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	b.WriteString("ms,frames\n")
	for _, c := range r.chunks {
		fmt.Fprintf(&b, "%.3f,%d\n", float64(c.at.Sub(r.chunks[0].at))/float64(time.Millisecond), c.end)
	}
	os.WriteFile(strings.TrimSuffix(r.path, ".raw")+"-chunks.csv", []byte(b.String()), 0o644)
}
