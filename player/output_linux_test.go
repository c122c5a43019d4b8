//go:build linux

package player

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"readalong/assets"
)

// soundServer is a user-mode pulseaudio with one null sink, reachable only
// through a socket in a temporary folder, set up as this process's sound
// device: PULSE_SERVER, and HOME with an .asoundrc sending ALSA's default
// device to it (as the end-to-end harness does).
type soundServer struct {
	t    *testing.T
	dir  string
	sock string
	cmd  *exec.Cmd
}

// newSoundServer sets the environment up for a server and starts it. The
// test is skipped only when pulseaudio is not installed.
func newSoundServer(t *testing.T) *soundServer {
	t.Helper()
	for _, tool := range []string{"pulseaudio", "pactl", "parec"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian: pulseaudio pulseaudio-utils libasound2-plugins; make deps)", tool)
		}
	}
	s := &soundServer{t: t, dir: t.TempDir()}
	s.sock = filepath.Join(s.dir, "run", "native")
	setSoundEnv(t, s.dir, "unix:"+s.sock)
	s.start()
	return s
}

// setSoundEnv points ALSA's default device at the pulseaudio server, with
// HOME and XDG_RUNTIME_DIR in dir, and has ALSA read its configuration
// again.
func setSoundEnv(t *testing.T, dir, server string) {
	t.Helper()
	home, run := filepath.Join(dir, "home"), filepath.Join(dir, "run")
	for _, d := range []string{home, run} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	rc := "pcm.!default { type pulse }\nctl.!default { type pulse }\n"
	if err := os.WriteFile(filepath.Join(home, ".asoundrc"), []byte(rc), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("XDG_RUNTIME_DIR", run)
	t.Setenv("PULSE_SERVER", server)
	forgetConfig()
	t.Cleanup(forgetConfig)
}

// start starts the server and waits until its null sink is there.
func (s *soundServer) start() {
	s.t.Helper()
	cmd := exec.Command("pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--realtime=no",
		"--high-priority=no", "--use-pid-file=no", "--disable-shm=yes",
		"-L", "module-null-sink sink_name=nullsink rate=44100 channels=2",
		"-L", "module-native-protocol-unix auth-anonymous=1 socket="+s.sock)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	log, err := os.Create(filepath.Join(s.dir, "pulseaudio.log"))
	if err != nil {
		s.t.Fatal(err)
	}
	defer log.Close()
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.cmd = cmd
	s.t.Cleanup(s.kill)
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, err := exec.Command("pactl", "list", "short", "sinks").Output()
		if err == nil && strings.Contains(string(out), "nullsink") {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("pulseaudio's null sink did not appear in 20 s (log in %s)", s.dir)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// kill ends the server at once, as a crash would.
func (s *soundServer) kill() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGCONT)
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// signal sends sig to the server.
func (s *soundServer) signal(sig syscall.Signal) {
	s.t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatal(err)
	}
}

// recording is what parec records from the null sink's monitor, each read
// timestamped as it arrives.
type recording struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	data   []byte
	chunks []recChunk
	done   chan struct{}
}

type recChunk struct {
	at  time.Time
	end int // frames recorded once this chunk was added
}

// record starts parec with a low latency (otherwise the null sink renders
// up to 2 s ahead) and waits for its first samples.
func (s *soundServer) record() *recording {
	s.t.Helper()
	cmd := exec.Command("parec", "-d", "nullsink.monitor", "--format=s16le", "--rate=44100", "--channels=2",
		"--latency-msec=5", "--raw")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	r := &recording{cmd: cmd, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		buf := make([]byte, 1<<16)
		for {
			n, err := out.Read(buf)
			now := time.Now()
			r.mu.Lock()
			r.data = append(r.data, buf[:n]...)
			r.chunks = append(r.chunks, recChunk{at: now, end: len(r.data) / 4})
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	s.t.Cleanup(r.stop)
	waitFor(s.t, "parec's first samples", 10*time.Second, func() bool { return len(r.frames()) > 0 })
	return r
}

func (r *recording) stop() {
	r.cmd.Process.Kill()
	r.cmd.Wait()
	<-r.done
}

// frames returns the recording so far as stereo frames.
func (r *recording) frames() [][2]int16 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([][2]int16, len(r.data)/4)
	for i := range out {
		b := r.data[4*i:]
		out[i] = [2]int16{int16(uint16(b[0]) | uint16(b[1])<<8), int16(uint16(b[2]) | uint16(b[3])<<8)}
	}
	return out
}

// timeOf is when frame was played into the sink: the earliest estimate
// over the chunks that hold it or follow it (a chunk arrives at most a few
// milliseconds after its last frame was played, later when the reader was
// not scheduled at once).
func (r *recording) timeOf(frame int) time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	var best time.Time
	for _, c := range r.chunks {
		if c.end < frame || c.end-frame > 44100/2 {
			continue
		}
		t := c.at.Add(-SampleRate.D(c.end - frame))
		if best.IsZero() || t.Before(best) {
			best = t
		}
	}
	return best
}

// counter is a streamer whose every sample says which it is: sample i
// holds the low 14 bits of i on the left and the next 14 on the right, at
// levels that survive the conversion to 16 bits exactly. A recording of
// it can be read back to the sample numbers played. jump makes the next
// pull start elsewhere, as a new run (a seek).
type counter struct {
	mu     sync.Mutex
	next   int
	pulled int
	paused bool // silence, counted in pulled, and quiet says so
	jump   int
	jumpAt time.Time
	before int // the next sample when seek was called
}

func newCounter() *counter { return &counter{next: 1} }

func (c *counter) Stream(s [][2]float64) (int, bool) {
	n, _ := c.streamFresh(s)
	return n, true
}

func (c *counter) Err() error { return nil }

func (c *counter) streamFresh(s [][2]float64) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fresh := false
	if c.jump > 0 {
		c.next, c.jump, fresh = c.jump, 0, true
	}
	c.pulled += len(s)
	if c.paused {
		clear(s)
		return len(s), fresh
	}
	for i := range s {
		s[i] = [2]float64{(float64(c.next&0x3fff) + 0.5) / 32767, (float64(c.next>>14&0x3fff) + 0.5) / 32767}
		c.next++
	}
	return len(s), fresh
}

// quiet says the counter gives silence until it is played again.
func (c *counter) quiet() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.paused
}

// pause pauses (true) or plays the counter, returning the next sample.
func (c *counter) pause(v bool) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.paused = v
	return c.next
}

// seek makes the next pull start at sample n.
func (c *counter) seek(n int) {
	c.mu.Lock()
	c.jump, c.jumpAt, c.before = n, time.Now(), c.next
	c.mu.Unlock()
}

func (c *counter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pulled
}

// sampleNumber reads a recorded frame of a counter back: 0 for silence.
func sampleNumber(f [2]int16) int { return int(f[0])&0x3fff | (int(f[1])&0x3fff)<<14 }

// runs splits a recording of a counter into runs of consecutive sample
// numbers, and counts the silent frames between them.
type run struct{ From, First, Len int } // recorded frame, its sample number, length

func runs(rec [][2]int16) (out []run, gaps int) {
	for i, f := range rec {
		n := sampleNumber(f)
		if n == 0 {
			continue
		}
		if len(out) > 0 {
			l := &out[len(out)-1]
			gaps += i - (l.From + l.Len)
		}
		if len(out) > 0 {
			l := &out[len(out)-1]
			if l.From+l.Len == i && l.First+l.Len == n {
				l.Len++
				continue
			}
		}
		out = append(out, run{From: i, First: n, Len: 1})
	}
	return out, gaps
}

func waitFor(t testing.TB, what string, limit time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", limit, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// stateLog records every state an output goes through.
type stateLog struct {
	mu     sync.Mutex
	states []OutputState
	errs   []error
}

func (l *stateLog) add(s OutputState, err error) {
	l.mu.Lock()
	l.states = append(l.states, s)
	l.errs = append(l.errs, err)
	l.mu.Unlock()
}

func (l *stateLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for i, s := range l.states {
		fmt.Fprintf(&b, "%v", s)
		if l.errs[i] != nil {
			fmt.Fprintf(&b, " (%v)", l.errs[i])
		}
		b.WriteString("; ")
	}
	return b.String()
}

func startOutput(t *testing.T, c *counter) (*Output, *stateLog) {
	t.Helper()
	o := NewOutput(DefaultLatency)
	log := &stateLog{}
	o.watch(log.add)
	if err := o.Start(SampleRate, c); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(o.Close)
	return o, log
}

// playingCounter starts a sound server, its recorder and an output
// playing a counter, and waits until the output plays.
func playingCounter(t *testing.T) (*recording, *counter, *Output, *stateLog) {
	t.Helper()
	srv := newSoundServer(t)
	rec := srv.record()
	c := newCounter()
	o, log := startOutput(t, c)
	waitState(t, o, OutputSound, 10*time.Second)
	return rec, c, o, log
}

func waitState(t *testing.T, o *Output, want OutputState, limit time.Duration) {
	t.Helper()
	waitFor(t, "the output to be "+want.String(), limit, func() bool { s, _ := o.State(); return s == want })
}

// TestOutputPlaysWhatWasPulled plays a counter into the null sink: once
// the device has taken over from the silent clock, the recording holds
// every sample pulled, in order, bit for bit, with no gap; the latency it
// reports is the device's buffer, give or take the server's own.
func TestOutputPlaysWhatWasPulled(t *testing.T) {
	rec, c, o, log := playingCounter(t)
	time.Sleep(time.Second)
	if l := o.Latency(); l < 10*time.Millisecond || l > 150*time.Millisecond {
		t.Errorf("latency %v, want about the device's %v buffer", l, DefaultLatency)
	}
	o.Close()
	pulled := c.count()
	time.Sleep(100 * time.Millisecond)
	rs, gaps := runs(rec.frames())
	if len(rs) != 1 || gaps != 0 {
		t.Fatalf("the recording holds %d runs of consecutive samples (%v) and %d silent frames between them, want one run", len(rs), rs, gaps)
	}
	// Before the device took over the clock pulled silently; from then on
	// everything pulled reached the sink, except what was still buffered
	// at Close.
	r := rs[0]
	if end := r.First + r.Len; pulled+1-end > SampleRate.N(100*time.Millisecond) || r.Len < SampleRate.N(time.Second) {
		t.Errorf("recorded samples %d to %d, the output pulled up to %d", r.First, end-1, pulled)
	}
	t.Logf("states: %s; recorded %d samples from sample %d", log, r.Len, r.First)
}

// TestOutputSeekDropsTheBuffer: a new run of samples (a seek) is heard
// straight after the old one, with none of what the device still held of
// the old run played after it, no gap and no repeat.
func TestOutputSeekDropsTheBuffer(t *testing.T) {
	rec, c, o, _ := playingCounter(t)
	time.Sleep(500 * time.Millisecond)
	const target = 1 << 26
	c.seek(target)
	o.Flush()
	time.Sleep(500 * time.Millisecond)
	rs, gaps := runs(rec.frames())
	// The device's new stream (ALSA's pulse plugin makes one on prepare)
	// is mixed in at once: the server rewinds what it had rendered ahead.
	// Its monitor, which the recording comes from, cannot take back what
	// it already passed on, so there the new run starts up to a few
	// milliseconds late and in its own first samples.
	if len(rs) != 2 {
		t.Fatalf("the recording holds runs %v, want the old run then the new one", rs)
	}
	if skip := rs[1].First - target; skip < 0 || skip+gaps > SampleRate.N(10*time.Millisecond) {
		t.Fatalf("after the seek the recording goes on with %v after %d silent frames, want sample %d at once", rs[1], gaps, target)
	}
	t.Logf("between the runs: %d silent frames; the new run recorded from its sample %d", gaps, rs[1].First-target)
	c.mu.Lock()
	sought, before := c.jumpAt, c.before
	c.mu.Unlock()
	// What was pulled but not yet heard at the seek was dropped: the old
	// run ends short of it by at least the device's buffer less what the
	// server had already taken.
	if dropped := before - (rs[0].First + rs[0].Len); dropped < SampleRate.N(10*time.Millisecond) {
		t.Errorf("the old run plays on to %d samples short of where it was at the seek: its buffer was not dropped", dropped)
	} else {
		t.Logf("%d samples of the old run dropped", dropped)
	}
	// The old run stops at the seek: what it played after the seek is
	// only what the server had already taken.
	lag := rec.timeOf(rs[1].From - (rs[1].First - target)).Sub(sought)
	t.Logf("seek → new run heard after %v", lag.Round(100*time.Microsecond))
	if lag > 2*DefaultLatency+20*time.Millisecond {
		t.Errorf("the new run was heard %v after the seek: the buffer was not dropped", lag)
	}
}

// TestOutputRestsWhilePaused: once what was pulled before a pause has
// played, the output stops the device (the sound server corks its stream)
// and pulls nothing more, so nothing wakes while paused; a play (Flush)
// starts it again at once, and every sample is heard once, in order.
func TestOutputRestsWhilePaused(t *testing.T) {
	rec, c, o, _ := playingCounter(t)
	time.Sleep(500 * time.Millisecond)
	last := c.pause(true) - 1
	time.Sleep(500 * time.Millisecond)
	pulled := c.count()
	time.Sleep(time.Second)
	if more := c.count() - pulled; more != 0 || !o.idle.Load() {
		t.Errorf("paused: %d samples pulled in 1 s, resting %v", more, o.idle.Load())
	}
	inputs, err := exec.Command("pactl", "list", "sink-inputs").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(inputs), "Corked: no") {
		t.Errorf("the sound server still plays the paused stream:\n%s", inputs)
	}
	c.pause(false)
	played := time.Now()
	o.Flush()
	time.Sleep(500 * time.Millisecond)
	rs, _ := runs(rec.frames())
	// The device's new stream is mixed in at once, in a rewind its
	// monitor cannot show (see TestOutputSeekDropsTheBuffer): there it
	// starts a few milliseconds into its own samples.
	if len(rs) != 2 || rs[0].First+rs[0].Len-1 != last || rs[1].First <= last || rs[1].First-(last+1) > SampleRate.N(10*time.Millisecond) {
		st, err := o.State()
		t.Fatalf("recorded runs %v; want one to sample %d, then one from %d (pulled %d since the play; %v %v; resting %v)", rs, last, last+1, c.count()-pulled, st, err, o.idle.Load())
	}
	t.Logf("the new run recorded from its sample %d", rs[1].First-(last+1))
	lag := rec.timeOf(rs[1].From - (rs[1].First - (last + 1))).Sub(played)
	t.Logf("play → sound after %v", lag.Round(100*time.Microsecond))
	if lag > 2*DefaultLatency+20*time.Millisecond {
		t.Errorf("sound %v after the play", lag)
	}
}

// captureStderr redirects file descriptor 2, which C libraries write to,
// into a pipe until the returned function is called; it returns what was
// written.
func captureStderr(t *testing.T) func() string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved, err := syscall.Dup(2)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Dup3(int(w.Fd()), 2, 0); err != nil {
		t.Fatal(err)
	}
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		got <- string(b)
	}()
	return func() string {
		syscall.Dup3(saved, 2, 0)
		syscall.Close(saved)
		w.Close()
		return <-got
	}
}

// TestOutputWithoutDevice: with no sound server to reach, the output is
// Silent with ALSA's reason, keeps time in real time, says nothing on
// stderr (ALSA's and its plugins' messages go to our handler), and keeps
// trying.
func TestOutputWithoutDevice(t *testing.T) {
	dir := t.TempDir()
	setSoundEnv(t, dir, "unix:"+filepath.Join(dir, "nowhere"))
	stderr := captureStderr(t)
	c := newCounter()
	o, log := startOutput(t, c)
	limit := time.Now().Add(10 * time.Second)
	for s, _ := o.State(); s != OutputSilent && time.Now().Before(limit); s, _ = o.State() {
		time.Sleep(5 * time.Millisecond)
	}
	s, err := o.State()
	start, before := time.Now(), c.count()
	time.Sleep(300 * time.Millisecond)
	kept := c.count() - before
	o.Retry()
	time.Sleep(200 * time.Millisecond)
	o.Close()
	said := stderr()
	if s != OutputSilent {
		t.Fatalf("state %v with no server, want silent (states: %s)", s, log)
	}
	var de *DeviceError
	if !errors.As(err, &de) || !errors.Is(err, ErrNoDevice) || !strings.Contains(de.Reason, "Connection refused") {
		t.Errorf("error %v, want ErrNoDevice saying the connection was refused", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("error %v does not wrap ECONNREFUSED", err)
	}
	if said != "" {
		t.Errorf("stderr got %q", said)
	}
	if real := SampleRate.N(time.Since(start)); kept == 0 || kept > real+SampleRate.N(30*time.Millisecond) {
		t.Errorf("silently pulled %d samples in about %d samples' time", kept, real)
	}
	t.Logf("states: %s", log)
}

// TestOutputWithoutCard: with no .asoundrc and no server, ALSA's default
// device is the first sound card; on a machine without one the reason is
// ALSA's own, and nothing reaches stderr either.
func TestOutputWithoutCard(t *testing.T) {
	if b, err := os.ReadFile("/proc/asound/cards"); err == nil && !strings.Contains(string(b), "no soundcards") {
		t.Skip("this machine has a sound card")
	}
	dir := t.TempDir()
	setSoundEnv(t, dir, "unix:"+filepath.Join(dir, "nowhere"))
	os.Remove(filepath.Join(dir, "home", ".asoundrc"))
	stderr := captureStderr(t)
	o, log := startOutput(t, newCounter())
	limit := time.Now().Add(10 * time.Second)
	for s, _ := o.State(); s != OutputSilent && time.Now().Before(limit); s, _ = o.State() {
		time.Sleep(5 * time.Millisecond)
	}
	s, err := o.State()
	o.Close()
	said := stderr()
	if s != OutputSilent || !errors.Is(err, ErrNoDevice) || err.Error() == ErrNoDevice.Error() {
		t.Errorf("state %v, error %v; want silent with a reason (states: %s)", s, err, log)
	}
	if said != "" {
		t.Errorf("stderr got %q", said)
	}
	t.Logf("error: %v", err)
}

// TestOutputLostAndRetried plays the demo episode through a Player until
// the server is killed: the output is Lost with a reason and the player
// paused. Once a server is back, Retry brings the sound back. (A recorder
// keeps the null sink's latency low, as a real device's is: without one
// it takes audio in bursts up to 2 s apart.)
func TestOutputLostAndRetried(t *testing.T) {
	srv := newSoundServer(t)
	srv.record()
	o := NewOutput(DefaultLatency)
	p := New(o)
	log := &stateLog{}
	p.OnOutputChange(log.add)
	src, err := OpenBytes("demo.mp3", assets.DemoEpisode)
	if err != nil {
		t.Fatal(err)
	}
	p.Load(src)
	p.Play()
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	waitState(t, o, OutputSound, 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	killed := time.Now()
	srv.kill()
	waitState(t, o, OutputLost, 5*time.Second)
	t.Logf("lost %v after the kill", time.Since(killed))
	s, err := p.Output()
	if s != OutputLost || !errors.Is(err, ErrDeviceLost) {
		t.Errorf("after the server died: %v, %v", s, err)
	}
	if st := p.Status(); st.Output != OutputLost || st.OutputErr != err || st.Playing {
		t.Errorf("status after the server died: output %v, %v, playing %v", st.Output, st.OutputErr, st.Playing)
	}
	if p.Playing() {
		t.Error("the player plays on with the device lost")
	}
	at := p.Position()
	time.Sleep(200 * time.Millisecond)
	if p.Position() != at {
		t.Errorf("the position moves while paused: %v → %v", at, p.Position())
	}
	srv.start()
	srv.record()
	retried := time.Now()
	p.RetryOutput()
	waitState(t, o, OutputSound, 10*time.Second)
	t.Logf("sound %v after the retry", time.Since(retried))
	if st := p.Status(); st.Output != OutputSound || st.OutputErr != nil {
		t.Errorf("status after the retry: output %v, %v", st.Output, st.OutputErr)
	}
	t.Logf("states: %s; lost: %v", log, err)
}

// TestOutputWaitsForAStoppedServer: a server stopped (SIGSTOP) while the
// device opens makes snd_pcm_open wait. Meanwhile the output keeps time
// silently and stays Opening, never Silent; once the server goes on, sound
// takes over and everything the device pulled is recorded.
func TestOutputWaitsForAStoppedServer(t *testing.T) {
	srv := newSoundServer(t)
	rec := srv.record()
	srv.signal(syscall.SIGSTOP)
	c := newCounter()
	o, log := startOutput(t, c)
	time.Sleep(time.Second)
	s, _ := o.State()
	pulled := c.count()
	srv.signal(syscall.SIGCONT)
	if s != OutputOpening {
		t.Errorf("state %v while the server is stopped, want opening (states: %s)", s, log)
	}
	if min := SampleRate.N(500 * time.Millisecond); pulled < min {
		t.Errorf("pulled %d samples in 1 s while waiting, want time kept (at least %d)", pulled, min)
	}
	waitState(t, o, OutputSound, 10*time.Second)
	time.Sleep(500 * time.Millisecond)
	o.Close()
	time.Sleep(100 * time.Millisecond)
	rs, gaps := runs(rec.frames())
	if len(rs) != 1 || gaps != 0 || rs[0].First <= pulled {
		t.Errorf("recorded runs %v with %d silent frames between them; want one run after sample %d", rs, gaps, pulled)
	}
	t.Logf("states: %s", log)
}
