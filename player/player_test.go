package player

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gopxl/beep/v2"

	"readalong/assets"
)

// straight is the demo episode's reference timeline (see reference).
var straight = sync.OnceValue(func() [][2]float64 { return reference(assets.DemoEpisode) })

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

func loadDemo(t testing.TB, latency time.Duration) (*Player, *PullSink) {
	t.Helper()
	src, err := OpenBytes("demo.mp3", assets.DemoEpisode)
	if err != nil {
		t.Fatal(err)
	}
	// These tests are about what plays, not about starting while the
	// index is built (TestDeepSeekWhileIndexingNeverBlocksTheSink).
	src.(*mp3Source).x.wait()
	sink := NewPullSink(latency)
	p := New(sink)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	p.Load(src)
	return p, sink
}

func equalSamples(t *testing.T, what string, got, want [][2]float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d samples, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: sample %d is %v, straight decode has %v", what, i, got[i], want[i])
		}
	}
}

func TestStraightPlayMatchesDecode(t *testing.T) {
	p, sink := loadDemo(t, 0)
	ref := straight()
	if got, want := p.Duration(), SampleRate.D(len(ref)); got != want {
		t.Errorf("Duration = %v, decode has %v", got, want)
	}
	p.Play()
	got := sink.Pull(3 * 44100)
	equalSamples(t, "first 3 s", got, ref[:3*44100])
}

func TestPauseGivesSilenceAndResumesAtSameSample(t *testing.T) {
	p, sink := loadDemo(t, 0)
	ref := straight()
	start := 10 * 44100
	p.Seek(SampleRate.D(start))
	p.Play()
	first := sink.Pull(1000)
	p.Pause()
	if p.Playing() {
		t.Fatal("Playing after Pause")
	}
	silent := sink.Pull(5000)
	for i, s := range silent {
		if s != [2]float64{} {
			t.Fatalf("sample %d while paused is %v", i, s)
		}
	}
	p.Play()
	next := sink.Pull(1000)
	equalSamples(t, "across pause", append(first, next...), ref[start:start+2000])
}

func TestEndStopsPlaying(t *testing.T) {
	p, sink := loadDemo(t, 0)
	ref := straight()
	p.Seek(SampleRate.D(len(ref) - 500))
	p.Play()
	got := sink.Pull(2000)
	equalSamples(t, "tail", got[:500], ref[len(ref)-500:])
	for _, s := range got[500:] {
		if s != [2]float64{} {
			t.Fatal("sound after the end")
		}
	}
	if p.Playing() || p.Err() != nil {
		t.Errorf("at the end: Playing %v, Err %v", p.Playing(), p.Err())
	}
	if p.Position() != p.Duration() {
		t.Errorf("Position %v at the end, Duration %v", p.Position(), p.Duration())
	}
	p.Play() // starts over
	equalSamples(t, "replay", sink.Pull(100), ref[:100])
}

// TestPositionTrailsByLatency drives the clock by hand: what is heard
// trails what was pulled by the sink's latency, never moves back past a
// seek, and catches up while paused as the buffer drains.
func TestPositionTrailsByLatency(t *testing.T) {
	p, sink := loadDemo(t, 50*time.Millisecond)
	now := time.Unix(0, 0)
	p.now = func() time.Time { return now }
	p.Seek(20 * time.Second)
	p.Play()
	if got := p.Position(); got != 20*time.Second {
		t.Fatalf("right after seek Position = %v", got)
	}
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	sink.Pull(SampleRate.N(ms(50))) // the sink fills its 50 ms buffer
	if got := p.Position(); got != 20*time.Second {
		t.Errorf("buffer full, nothing heard yet: Position = %v, want 20s", got)
	}
	now = now.Add(ms(25)) // half the buffer played; the sink tops it up
	sink.Pull(SampleRate.N(ms(25)))
	want := 20*time.Second + ms(25)
	if got := p.Position(); absDur(got-want) > time.Millisecond {
		t.Errorf("Position = %v, want %v (pulled minus latency)", got, want)
	}
	now = now.Add(ms(10))
	if got := p.Position(); absDur(got-(want+ms(10))) > time.Millisecond {
		t.Errorf("between pulls Position = %v, want %v", got, want+ms(10))
	}
	p.Pause()
	now = now.Add(time.Second)
	if got := p.Position(); absDur(got-(20*time.Second+ms(75))) > time.Millisecond {
		t.Errorf("paused, buffer drained: Position = %v, want everything pulled (20.075s)", got)
	}
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func TestOpenErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "notes.mp3")
	os.WriteFile(junk, bytes.Repeat([]byte("this is not audio "), 1000), 0o644)
	empty := filepath.Join(dir, "empty.mp3")
	os.WriteFile(empty, nil, 0o644)
	for _, path := range []string{junk, empty, filepath.Join(dir, "missing.mp3")} {
		_, err := OpenFile(path)
		if err == nil || !strings.Contains(err.Error(), filepath.Base(path)) {
			t.Errorf("OpenFile(%s): err = %v, want one naming the file", filepath.Base(path), err)
		}
	}
}

// TestDamagedAudioNeverPanics plays damaged copies of the demo to the end
// and seeks around in them: the decoder may stop with an error but must
// never take the process down.
func TestDamagedAudioNeverPanics(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for round := 0; round < 6; round++ {
		data := bytes.Clone(assets.DemoEpisode)
		switch round {
		case 0:
			data = data[:len(data)/3]
		default:
			for i := 0; i < 200*round; i++ {
				data[4096+rng.Intn(len(data)-4096)] ^= byte(1 + rng.Intn(255))
			}
		}
		src, err := OpenBytes("damaged.mp3", data)
		if err != nil {
			if !strings.Contains(err.Error(), "damaged.mp3") {
				t.Errorf("round %d: error does not name the file: %v", round, err)
			}
			continue
		}
		p := New(NewPullSink(0))
		p.Start()
		p.Load(src)
		p.Play()
		for i := 0; i < 10 && p.Playing(); i++ {
			p.Seek(time.Duration(rng.Intn(90)) * time.Second)
			p.sink.(*PullSink).Pull(44100)
		}
		if err := p.Err(); err != nil && !strings.Contains(err.Error(), "damaged.mp3") {
			t.Errorf("round %d: error does not name the file: %v", round, err)
		}
	}
}

func TestClockPullsInRealTime(t *testing.T) {
	var mu sync.Mutex
	pulled := 0
	c := NewClock()
	c.Start(SampleRate, beep.StreamerFunc(func(s [][2]float64) (int, bool) {
		mu.Lock()
		pulled += len(s)
		mu.Unlock()
		return len(s), true
	}))
	start := time.Now()
	time.Sleep(300 * time.Millisecond)
	c.Stop()
	elapsed := time.Since(start)
	mu.Lock()
	defer mu.Unlock()
	if pulled == 0 || pulled > SampleRate.N(elapsed)+SampleRate.N(20*time.Millisecond) {
		t.Errorf("clock pulled %d samples in %v, real time is %d", pulled, elapsed, SampleRate.N(elapsed))
	}
}

func BenchmarkSeek(b *testing.B) {
	p, sink := loadDemo(b, 0)
	p.Play()
	rng := rand.New(rand.NewSource(3))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.Seek(time.Duration(rng.Intn(90000)) * time.Millisecond)
		sink.Pull(1)
	}
}

func BenchmarkDecode(b *testing.B) {
	p, sink := loadDemo(b, 0)
	p.Play()
	b.SetBytes(10 * 44100 * 4)
	for i := 0; i < b.N; i++ {
		p.Seek(0)
		sink.Pull(10 * 44100)
	}
}

func TestSpeedKeepsMediaTime(t *testing.T) {
	p, sink := loadDemo(t, 0)
	p.SetSpeed(2)
	p.Seek(10 * time.Second)
	p.Play()
	for i := 0; i < 100; i++ {
		sink.Pull(SampleRate.N(100 * time.Millisecond)) // 10 s of output
	}
	if got := p.Position(); absDur(got-30*time.Second) > 50*time.Millisecond {
		t.Errorf("after 10 s at 2× from 0:10, Position = %v, want 0:30", got)
	}
	if p.Duration() != SampleRate.D(len(straight())) {
		t.Errorf("Duration changed with speed: %v", p.Duration())
	}
	p.SetSpeed(9)
	if p.Speed() != MaxSpeed {
		t.Errorf("speed 9 clamped to %v, want %v", p.Speed(), MaxSpeed)
	}
	// Back at 1×, once the stretched audio has drained, the output is the
	// file again, bit for bit.
	p.SetSpeed(1)
	p.Seek(40 * time.Second)
	ref := straight()
	n := samples(SampleRate, 40*time.Second)
	equalSamples(t, "1× after 2×", sink.Pull(5000), ref[n:n+5000])
}

func TestVolumeScalesOutput(t *testing.T) {
	p, sink := loadDemo(t, 0)
	ref := straight()
	p.SetVolume(0.5)
	p.Seek(SampleRate.D(44100 * 20))
	p.Play()
	got := sink.Pull(1000)
	for i, s := range got {
		w := ref[44100*20+i]
		if s[0] != w[0]*0.25 || s[1] != w[1]*0.25 {
			t.Fatalf("sample %d at volume 0.5 is %v, want a quarter of %v", i, s, w)
		}
	}
	p.SetVolume(-1)
	if p.Volume() != 0 {
		t.Errorf("volume -1 clamped to %v", p.Volume())
	}
}

func TestMuteSilencesAndKeepsVolume(t *testing.T) {
	p, sink := loadDemo(t, 0)
	ref := straight()
	p.SetVolume(0.5)
	p.SetMuted(true)
	p.Seek(SampleRate.D(44100 * 20))
	p.Play()
	loud := 0
	for i, s := range sink.Pull(1000) {
		if s != [2]float64{} {
			t.Fatalf("sample %d muted is %v, want silence", i, s)
		}
		if ref[44100*20+i] != [2]float64{} {
			loud++
		}
	}
	if loud == 0 {
		t.Fatal("the reference is silent here: the test proves nothing")
	}
	if st := p.Status(); !st.Muted || st.Volume != 0.5 || !p.Muted() {
		t.Errorf("muted: status muted %v volume %v", st.Muted, st.Volume)
	}
	p.SetMuted(false)
	got := sink.Pull(1000) // following on from the muted thousand
	for i, s := range got {
		w := ref[44100*20+1000+i]
		if s[0] != w[0]*0.25 || s[1] != w[1]*0.25 {
			t.Fatalf("sample %d unmuted at volume 0.5 is %v, want a quarter of %v", i, s, w)
		}
	}
}

func TestDamageAndWarningReachThePlayer(t *testing.T) {
	data := damage(readFile(t, speechFiles[0]), "zeros", rand.New(rand.NewSource(7)))
	src, err := OpenBytes("damaged.mp3", data)
	if err != nil {
		t.Fatal(err)
	}
	sink := NewPullSink(0)
	p := New(sink)
	p.Start()
	p.Load(src)
	p.Play()
	for p.Playing() {
		sink.Pull(44100)
	}
	d := p.Damage()
	if len(d) == 0 || !strings.Contains(d[0].String(), "at 0:04") {
		t.Errorf("damage %v, want a report near 0:04", d)
	}
	if p.Warning() != "" {
		t.Errorf("warning %q on a 44.1 kHz file", p.Warning())
	}
	low, err := OpenBytes("low.mp3", readFile(t, "testdata/mpeg2-22k-32.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	p.Load(low)
	if w := p.Warning(); !strings.Contains(w, "low.mp3") {
		t.Errorf("warning %q for an MPEG-2 22.05 kHz file", w)
	}
}

// TestNothingLoaded: the sink pulls silence before any episode is loaded
// (the device is opened at start-up, before the first file).
func TestNothingLoaded(t *testing.T) {
	sink := NewPullSink(0)
	p := New(sink)
	p.Start()
	p.Play()
	for _, s := range sink.Pull(100) {
		if s != [2]float64{} {
			t.Fatal("sound with nothing loaded")
		}
	}
	if p.Position() != 0 || p.Duration() != 0 || p.Playing() {
		t.Errorf("empty player: %v %v %v", p.Position(), p.Duration(), p.Playing())
	}
}
