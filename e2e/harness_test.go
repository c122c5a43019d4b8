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
	"syscall"
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
	parent  *harness    // for a subtest's harness: the one owning the processes
	mine    []*exec.Cmd // for a subtest's harness: what it started
}

// owner is the harness that owns the processes: h, or its parent.
func (h *harness) owner() *harness {
	for h.parent != nil {
		h = h.parent
	}
	return h
}

// enabled reports whether the end-to-end tests should run, skipping t when
// they should not.
func enabled(t *testing.T, envVar string) {
	if os.Getenv(envVar) == "" {
		t.Skipf("end-to-end test: run with %s=1 (make e2e / make bench)", envVar)
	}
	if runtime.GOOS != "linux" {
		t.Skip("the end-to-end harness needs Linux (Xvfb, pulseaudio)")
	}
}

func newHarness(t *testing.T) *harness {
	enabled(t, "READALONG_E2E")
	return newHarnessAlways(t)
}

// newHarnessAlways sets up a harness without looking at READALONG_E2E; the
// caller decides whether to run.
func newHarnessAlways(t *testing.T) *harness {
	for _, tool := range []string{"Xvfb", "xdotool", "pulseaudio", "pactl", "parec", "ffmpeg"} {
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
		if t.Failed() || os.Getenv("READALONG_E2E_KEEP") != "" {
			t.Logf("artefacts (screenshots, recordings, logs) kept in %s", dir)
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
		// No session bus (a test that wants one starts its own): with the
		// variable unset, a bus would be launched for the X display and
		// outlive the test.
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(run, "no-bus"),
	)
	return h
}

// fail stops the test, naming the artefact folder.
func (h *harness) fail(format string, args ...any) {
	h.t.Helper()
	h.t.Fatalf(format+" (artefacts in %s)", append(args, h.dir)...)
}

// check fails the test unless cond holds.
func (h *harness) check(cond bool, format string, args ...any) {
	h.t.Helper()
	if !cond {
		h.fail(format, args...)
	}
}

// cleanEnv is the test's environment without display and audio settings
// of the machine it runs on.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		// A test that wants a session bus starts its own.
		case "DISPLAY", "WAYLAND_DISPLAY", "PULSE_SERVER", "HOME", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "LANG", "LC_ALL", "LANGUAGE", "READALONG_DEBUG",
			"DBUS_SESSION_BUS_ADDRESS":
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
	cmd.SysProcAttr = childAttr()
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
	if h.parent != nil {
		h.mine = append(h.mine, cmd)
	}
	h = h.owner()
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
		stopProc(procs[i])
	}
}

// stop stops one process the harness started and forgets it.
func (h *harness) stop(cmd *exec.Cmd) {
	h = h.owner()
	h.mu.Lock()
	for i, p := range h.procs {
		if p == cmd {
			h.procs = append(h.procs[:i], h.procs[i+1:]...)
			break
		}
	}
	h.mu.Unlock()
	stopProc(cmd)
}

// waiters remembers the goroutine waiting for each process, so a process
// is waited for once however often it is stopped.
var waiters sync.Map // *exec.Cmd → chan struct{}

// waited returns a channel closed when cmd has exited.
func waited(cmd *exec.Cmd) chan struct{} {
	ch := make(chan struct{})
	if old, loaded := waiters.LoadOrStore(cmd, ch); loaded {
		return old.(chan struct{})
	}
	go func() { cmd.Wait(); close(ch) }()
	return ch
}

// stopProc interrupts a process by its id, then kills it after 3 s.
func stopProc(p *exec.Cmd) {
	if p.Process == nil {
		return
	}
	done := waited(p)
	select {
	case <-done:
		return
	default:
	}
	p.Process.Signal(os.Interrupt)
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		p.Process.Kill()
		<-done
	}
}

// alive reports whether a process the harness started is still running.
func alive(cmd *exec.Cmd) bool {
	select {
	case <-waited(cmd):
		return false
	default:
	}
	return cmd.Process.Signal(syscall.Signal(0)) == nil
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
	cmd.SysProcAttr = childAttr()
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
		r.Close()
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

func (h *harness) waitUntil(what string, limit time.Duration, ok func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			h.fail("waited %v for %s", limit, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// app is a running readalong with its debug lines, each with the time it
// was read.
type app struct {
	h     *harness
	cmd   *exec.Cmd
	log   string
	start time.Time
	mu    sync.Mutex
	lines []string
	times []time.Time
	done  chan struct{}
}

// launch starts the binary with READALONG_DEBUG set and collects what it
// says on standard error.
func (h *harness) launch(bin string, args ...string) *app {
	h.t.Helper()
	return h.launchEnv(bin, []string{"READALONG_DEBUG=1"}, args...)
}

// launchEnv starts bin with extra environment variables.
func (h *harness) launchEnv(bin string, extra []string, args ...string) *app {
	h.t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append([]string{}, h.env...), extra...)
	cmd.SysProcAttr = childAttr()
	// An os.Pipe rather than StderrPipe: Wait must not close the read end
	// before the last lines (a crash, say) have been read.
	stderr, w, err := os.Pipe()
	if err != nil {
		h.t.Fatal(err)
	}
	cmd.Stderr = w
	name := "readalong.log"
	for i := 2; ; i++ {
		if _, err := os.Stat(h.path(name)); err != nil {
			break
		}
		name = fmt.Sprintf("readalong-%d.log", i)
	}
	logf, _ := os.Create(h.path(name))
	cmd.Stdout = logf
	a := &app{h: h, cmd: cmd, log: h.path(name), done: make(chan struct{})}
	a.start = time.Now()
	err = cmd.Start()
	w.Close()
	if err != nil {
		stderr.Close()
		h.t.Fatalf("start %s: %v", bin, err)
	}
	h.track(cmd)
	go func() {
		defer close(a.done)
		defer stderr.Close()
		sc := bufio.NewScanner(io.TeeReader(stderr, logf))
		for sc.Scan() {
			now := time.Now()
			a.mu.Lock()
			a.lines = append(a.lines, sc.Text())
			a.times = append(a.times, now)
			a.mu.Unlock()
		}
	}()
	return a
}

// startEpisodeRig is what the tests of the real window playing the
// generated episode start with: a harness, the episode, the binary, the
// X server, the sound server and a recorder of its sink.
func startEpisodeRig(t *testing.T) (*harness, *episode, string, *recorder) {
	t.Helper()
	h := newHarness(t)
	ep := testEpisode(t)
	bin := h.buildBinary()
	h.startX()
	h.startPulse()
	return h, ep, bin, h.startRecorder("recording.raw")
}

// waitFor waits for a line matching re after line index from, and returns
// its submatches and index.
func (a *app) waitFor(re string, from int, limit time.Duration) ([]string, int) {
	a.h.t.Helper()
	return a.await(re, from, limit,
		func() string { return fmt.Sprintf("readalong exited while waiting for %q; log in %s", re, a.log) },
		func() string {
			return fmt.Sprintf("waited %v for %q (after %d lines); %s", limit, re, a.count(), a.dumpStacks())
		})
}

// await waits up to limit for a line matching re from line index from,
// failing with exited() if the app exits first and with late() when the
// time is up.
func (a *app) await(re string, from int, limit time.Duration, exited, late func() string) ([]string, int) {
	a.h.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(limit)
	for {
		if m, i := a.find(rx, from); i >= 0 {
			return m, i
		}
		select {
		case <-a.done:
			a.h.fail("%s", exited())
		default:
		}
		if time.Now().After(deadline) {
			a.h.fail("%s", late())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// dumpStacks asks a running app that stopped answering for the stacks of
// all its goroutines (Go prints them on SIGQUIT, then exits), so a hang
// can be diagnosed from the log; it says where to look.
func (a *app) dumpStacks() string {
	if !alive(a.cmd) {
		return "readalong had exited; log in " + a.log
	}
	a.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-a.done:
	case <-time.After(3 * time.Second):
	}
	return "readalong was alive but silent: the stacks of its goroutines (SIGQUIT) are in " + a.log
}

// find returns the first line from index from that matches rx, or -1.
func (a *app) find(rx *regexp.Regexp, from int) ([]string, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := max(from, 0); i < len(a.lines); i++ {
		if m := rx.FindStringSubmatch(a.lines[i]); m != nil {
			return m, i
		}
	}
	return nil, -1
}

// last returns the last line said so far that matches rx, or -1.
func (a *app) last(rx *regexp.Regexp) ([]string, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := len(a.lines) - 1; i >= 0; i-- {
		if m := rx.FindStringSubmatch(a.lines[i]); m != nil {
			return m, i
		}
	}
	return nil, -1
}

// timeOf is when line i was read.
func (a *app) timeOf(i int) time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.times[i]
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
	out, _, _ := h.xdoTimed(args...)
	return out
}

// xdoTimed runs xdotool and returns when it started and when it returned.
// xdotool flushes its events to the X server before it exits, so an event
// it sends (a key press, a button release) reaches the server between the
// two.
func (h *harness) xdoTimed(args ...string) (out string, started, returned time.Time) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = h.env
	started = time.Now()
	b, err := cmd.CombinedOutput()
	returned = time.Now()
	if err != nil {
		h.fail("xdotool %v: %v: %s", args, err, b)
	}
	return strings.TrimSpace(string(b)), started, returned
}

// click clicks the left button at x, y and returns the time of the button
// release, which is when Fyne acts on a tap: the pointer is moved and the
// button pressed first, then the release is sent on its own.
func (h *harness) click(x, y int) time.Time {
	h.t.Helper()
	h.xdo("mousemove", "--sync", strconv.Itoa(x), strconv.Itoa(y))
	h.xdo("mousedown", "1")
	_, _, released := h.xdoTimed("mouseup", "1")
	return released
}

// press presses and releases a key and returns the time of the press,
// which is when Fyne acts on it.
func (h *harness) press(key string) time.Time {
	h.t.Helper()
	_, pressed := h.pressSpan(key)
	return pressed
}

// pressSpan presses and releases key and returns when the xdotool that
// pressed it started and when it returned: the press reached the X
// server between the two. What the key did cannot be heard before the
// first, and (for a busy test process) may be heard before the second.
func (h *harness) pressSpan(key string) (started, returned time.Time) {
	h.t.Helper()
	_, started, returned = h.xdoTimed("keydown", key)
	h.xdo("keyup", key)
	return started, returned
}

// screenshot grabs the whole X screen into name.png and decodes it.
func (h *harness) screenshot(name string) image.Image {
	h.t.Helper()
	return h.grab(h.path(name+".png"), 1280, 800)
}

// grab saves the top left w×h of the X screen as a PNG at out and
// decodes it.
func (h *harness) grab(out string, w, hgt int) image.Image {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ffmpeg", "-loglevel", "error", "-y", "-f", "x11grab", "-draw_mouse", "0",
		"-video_size", fmt.Sprintf("%dx%d", w, hgt), "-i", h.display+"+0,0", "-frames:v", "1", out)
	cmd.Env = h.env
	if b, err := cmd.CombinedOutput(); err != nil {
		h.fail("screenshot: %v: %s", err, b)
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

var buildOnce struct {
	sync.Mutex
	bin string
	dir string
}

// buildBinary builds readalong once per test run, into a folder removed
// when the run ends (see TestMain). READALONG_BIN names a binary to test
// instead (one built from another commit, say).
func (h *harness) buildBinary() string {
	h.t.Helper()
	buildOnce.Lock()
	defer buildOnce.Unlock()
	if buildOnce.bin != "" {
		return buildOnce.bin
	}
	if bin := os.Getenv("READALONG_BIN"); bin != "" {
		if _, err := os.Stat(bin); err != nil {
			h.t.Fatalf("READALONG_BIN: %v", err)
		}
		buildOnce.bin = bin
		return bin
	}
	dir, err := os.MkdirTemp("", "readalong-bin-")
	if err != nil {
		h.t.Fatal(err)
	}
	bin := filepath.Join(dir, "readalong")
	cmd := exec.Command("go", "build", "-o", bin, "..")
	if b, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		h.t.Fatalf("go build: %v\n%s", err, b)
	}
	buildOnce.bin, buildOnce.dir = bin, dir
	return bin
}

// removeBinary removes the binary built for this run.
func removeBinary() {
	buildOnce.Lock()
	defer buildOnce.Unlock()
	if buildOnce.dir != "" {
		os.RemoveAll(buildOnce.dir)
	}
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
