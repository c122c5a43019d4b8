package e2e

import (
	"bufio"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// harness owns the processes and the artefact folder of one test.
type harness struct {
	t       *testing.T
	dir     string // artefacts: screenshots, recordings, logs
	env     []string
	display string
	mu      sync.Mutex
	procs   []*exec.Cmd
}

func newHarness(t *testing.T) *harness {
	if os.Getenv("READALONG_E2E") == "" {
		t.Skip("end-to-end test: run with READALONG_E2E=1 (make e2e)")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the end-to-end harness needs Linux (Xvfb, pulseaudio)")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "pulseaudio", "parec", "ffmpeg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run make deps", tool)
		}
	}
	dir, err := os.MkdirTemp("", "readalong-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, dir: dir}
	t.Cleanup(func() {
		h.stopAll()
		if t.Failed() {
			t.Logf("artefacts kept in %s", dir)
		} else {
			os.RemoveAll(dir)
		}
	})
	home := h.path("home")
	run := h.path("run")
	os.MkdirAll(home, 0o700)
	os.MkdirAll(run, 0o700)
	os.WriteFile(filepath.Join(home, ".asoundrc"), []byte("pcm.!default { type pulse }\nctl.!default { type pulse }\n"), 0o644)
	h.env = append(cleanEnv(),
		"HOME="+home,
		"XDG_RUNTIME_DIR="+run,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"PULSE_SERVER=unix:"+filepath.Join(run, "native"),
		"LANG=C.UTF-8",
	)
	return h
}

// cleanEnv is the test's environment without display and audio settings
// of the machine it runs on.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DISPLAY", "WAYLAND_DISPLAY", "PULSE_SERVER", "HOME", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "LANG", "LC_ALL":
			continue
		}
		out = append(out, kv)
	}
	return out
}

func (h *harness) path(name string) string { return filepath.Join(h.dir, name) }

// start runs a command in the harness environment, logging its output to
// the artefact folder; it is stopped when the test ends.
func (h *harness) start(name string, args ...string) *exec.Cmd {
	h.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = h.env
	log, err := os.Create(h.path(filepath.Base(name) + ".log"))
	if err != nil {
		h.t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		h.t.Fatalf("start %s: %v", name, err)
	}
	h.track(cmd)
	return cmd
}

func (h *harness) track(cmd *exec.Cmd) {
	h.mu.Lock()
	h.procs = append(h.procs, cmd)
	h.mu.Unlock()
}

// stopAll stops every process the harness started, newest first, by
// process id.
func (h *harness) stopAll() {
	h.mu.Lock()
	procs := h.procs
	h.procs = nil
	h.mu.Unlock()
	for i := len(procs) - 1; i >= 0; i-- {
		p := procs[i]
		if p.Process == nil {
			continue
		}
		p.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			p.Process.Kill()
			<-done
		}
	}
}

// startX starts Xvfb on a free display and returns its name (":N").
func (h *harness) startX() {
	h.t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		h.t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	log, _ := os.Create(h.path("Xvfb.log"))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		h.t.Fatalf("start Xvfb: %v", err)
	}
	h.track(cmd)
	w.Close()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			h.t.Fatalf("Xvfb did not start; see %s", h.path("Xvfb.log"))
		}
		h.display = ":" + n
	case <-time.After(20 * time.Second):
		h.t.Fatal("Xvfb did not report a display within 20 s")
	}
	h.env = append(h.env, "DISPLAY="+h.display)
}

// startPulse starts a user-mode pulseaudio with one null sink, reachable
// only through a unix socket in the harness folder, and waits for it.
func (h *harness) startPulse() {
	h.t.Helper()
	sock := filepath.Join(h.path("run"), "native")
	h.start("pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--realtime=no", "--high-priority=no",
		"--use-pid-file=no", "--disable-shm=yes",
		"-L", "module-null-sink sink_name=nullsink rate=44100 channels=2",
		"-L", "module-native-protocol-unix auth-anonymous=1 socket="+sock)
	h.waitUntil("pulseaudio's null sink", 20*time.Second, func() bool {
		cmd := exec.Command("pactl", "list", "short", "sinks")
		cmd.Env = h.env
		out, err := cmd.Output()
		return err == nil && strings.Contains(string(out), "nullsink")
	})
}

// startRecorder records the null sink's monitor with a small latency, as
// 44.1 kHz stereo s16le, into the named file.
func (h *harness) startRecorder(name string) string {
	h.t.Helper()
	out := h.path(name)
	f, err := os.Create(out)
	if err != nil {
		h.t.Fatal(err)
	}
	cmd := exec.Command("parec", "-d", "nullsink.monitor", "--format=s16le", "--rate=44100", "--channels=2", "--latency-msec=5", "--raw")
	cmd.Env = h.env
	cmd.Stdout = f
	log, _ := os.Create(h.path("parec.log"))
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		h.t.Fatalf("start parec: %v", err)
	}
	h.track(cmd)
	h.waitUntil("the recorder's first samples", 10*time.Second, func() bool {
		st, err := os.Stat(out)
		return err == nil && st.Size() > 0
	})
	return out
}

func (h *harness) waitUntil(what string, limit time.Duration, ok func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			h.t.Fatalf("waited %v for %s; artefacts in %s", limit, what, h.dir)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// app is a running readalong with its debug lines.
type app struct {
	h     *harness
	cmd   *exec.Cmd
	mu    sync.Mutex
	lines []string
	times []time.Time
	done  chan struct{}
}

// launch starts the binary with READALONG_DEBUG set and collects what it
// says.
func (h *harness) launch(bin string, args ...string) *app {
	h.t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(h.env, "READALONG_DEBUG=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		h.t.Fatal(err)
	}
	logf, _ := os.Create(h.path("readalong.log"))
	cmd.Stdout = logf
	if err := cmd.Start(); err != nil {
		h.t.Fatalf("start readalong: %v", err)
	}
	h.track(cmd)
	a := &app{h: h, cmd: cmd, done: make(chan struct{})}
	go func() {
		defer close(a.done)
		sc := bufio.NewScanner(io.TeeReader(stderr, logf))
		for sc.Scan() {
			a.mu.Lock()
			a.lines = append(a.lines, sc.Text())
			a.times = append(a.times, time.Now())
			a.mu.Unlock()
		}
	}()
	return a
}

// waitFor waits for a line matching re after line index from, and returns
// its submatches and index.
func (a *app) waitFor(re string, from int, limit time.Duration) ([]string, int) {
	a.h.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(limit)
	for {
		a.mu.Lock()
		for i := from; i < len(a.lines); i++ {
			if m := rx.FindStringSubmatch(a.lines[i]); m != nil {
				a.mu.Unlock()
				return m, i
			}
		}
		n := len(a.lines)
		a.mu.Unlock()
		select {
		case <-a.done:
			a.h.t.Fatalf("readalong exited while waiting for %q; log in %s", re, a.h.path("readalong.log"))
		default:
		}
		if time.Now().After(deadline) {
			a.h.t.Fatalf("waited %v for %q (after %d lines); log in %s", limit, re, n, a.h.path("readalong.log"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// count is the number of lines said so far.
func (a *app) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.lines)
}

// xdo runs xdotool on the harness display.
func (h *harness) xdo(args ...string) string {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = h.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		h.t.Fatalf("xdotool %v: %v: %s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// screenshot grabs the whole X screen into name.png and decodes it.
func (h *harness) screenshot(name string) image.Image {
	h.t.Helper()
	out := h.path(name + ".png")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ffmpeg", "-loglevel", "error", "-y", "-f", "x11grab", "-video_size", "1280x800", "-i", h.display, "-frames:v", "1", out)
	cmd.Env = h.env
	if b, err := cmd.CombinedOutput(); err != nil {
		h.t.Fatalf("screenshot: %v: %s", err, b)
	}
	f, err := os.Open(out)
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		h.t.Fatal(err)
	}
	return img
}

// buildBinary builds readalong into the harness folder.
func (h *harness) buildBinary() string {
	h.t.Helper()
	bin := h.path("readalong")
	cmd := exec.Command("go", "build", "-o", bin, "..")
	if b, err := cmd.CombinedOutput(); err != nil {
		h.t.Fatalf("go build: %v\n%s", err, b)
	}
	return bin
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func mustf(t *testing.T, cond bool, format string, args ...any) {
	t.Helper()
	if !cond {
		t.Fatalf(format, args...)
	}
}

var _ = fmt.Sprintf
