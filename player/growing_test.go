package player

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// memGrowing is a file arriving in pieces the test decides: the boundary
// a download stands at. Bytes are "held" once arrive is called for them;
// a wait for bytes not held calls onWant (a download would start a
// ranged request there).
type memGrowing struct {
	data []byte

	mu      sync.Mutex
	held    [][2]int64 // sorted, disjoint
	final   bool       // the length is known
	err     error
	changed chan struct{}
	onWant  func(off int64)
	wants   []int64
}

func newMemGrowing(data []byte, final bool) *memGrowing {
	return &memGrowing{data: data, final: final, changed: make(chan struct{})}
}

func (g *memGrowing) arrive(a, b int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b = min(b, int64(len(g.data)))
	if a >= b {
		return
	}
	g.held = append(g.held, [2]int64{a, b})
	sort.Slice(g.held, func(i, j int) bool { return g.held[i][0] < g.held[j][0] })
	var out [][2]int64
	for _, s := range g.held {
		if n := len(out); n > 0 && s[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], s[1])
		} else {
			out = append(out, s)
		}
	}
	g.held = out
	if len(out) == 1 && out[0] == [2]int64{0, int64(len(g.data))} {
		g.final = true
	}
	close(g.changed)
	g.changed = make(chan struct{})
}

func (g *memGrowing) fail(err error) {
	g.mu.Lock()
	g.err = err
	close(g.changed)
	g.changed = make(chan struct{})
	g.mu.Unlock()
}

func (g *memGrowing) heldLocked(off int64) int64 {
	for _, s := range g.held {
		if s[0] <= off && off < s[1] {
			return s[1] - off
		}
	}
	return 0
}

func (g *memGrowing) Held(off int64) int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.heldLocked(off)
}

func (g *memGrowing) Size() (int64, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.final {
		return int64(len(g.data)), true
	}
	if n := len(g.held); n > 0 {
		return g.held[n-1][1], false
	}
	return 0, false
}

func (g *memGrowing) Wait(ctx context.Context, off, n int64) error {
	asked := false
	for {
		g.mu.Lock()
		end := off + n
		if g.final {
			end = min(end, int64(len(g.data)))
		}
		if end <= off && g.final || g.heldLocked(off) >= end-off {
			g.mu.Unlock()
			return nil
		}
		if g.err != nil {
			err := g.err
			g.mu.Unlock()
			return err
		}
		ch, onWant := g.changed, g.onWant
		hole := off + g.heldLocked(off)
		if !asked {
			g.wants = append(g.wants, hole)
		}
		g.mu.Unlock()
		if !asked && onWant != nil {
			onWant(hole)
		}
		asked = true
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (g *memGrowing) ReadAt(p []byte, off int64) (int, error) {
	if err := g.Wait(context.Background(), off, int64(len(p))); err != nil {
		return 0, err
	}
	if off >= int64(len(g.data)) {
		return 0, io.EOF
	}
	n := copy(p, g.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// trickle makes the file arrive in order, step bytes at a time.
func (g *memGrowing) trickle(from int64, step int, pause time.Duration) {
	for a := from; a < int64(len(g.data)); a += int64(step) {
		g.arrive(a, a+int64(step))
		time.Sleep(pause)
	}
}

func openGrowing(t *testing.T, name string, g *memGrowing) *mp3Source {
	t.Helper()
	src, err := OpenGrowing(name, g, io.NopCloser(nil))
	if err != nil {
		t.Fatal(err)
	}
	m, ok := src.(*mp3Source)
	if !ok {
		t.Fatalf("%s opened as %T", name, src)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// TestGrowingPlaysAsItArrives decodes each file while its bytes arrive a
// few kilobytes at a time, with and without a known length: what comes
// out is the straight decode, sample for sample.
func TestGrowingPlaysAsItArrives(t *testing.T) {
	for _, name := range speechFiles {
		for _, final := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/length-known=%v", filepath.Base(name), final), func(t *testing.T) {
				data := readFile(t, name)
				ref := reference(data)
				g := newMemGrowing(data, final)
				g.arrive(0, 3000)
				go g.trickle(3000, 2900, 200*time.Microsecond)
				src := openGrowing(t, name, g)
				got := streamAll(src)
				equalSamples(t, "streamed while arriving", got, ref)
				if err := src.Err(); err != nil {
					t.Errorf("Err: %v", err)
				}
			})
		}
	}
}

// TestGrowingReadyFollowsArrival: Ready says no while the next samples'
// frames have not arrived, and yes once they have; the first sound needs
// only the first frames.
func TestGrowingReadyFollowsArrival(t *testing.T) {
	data := readFile(t, speechFiles[0])
	g := newMemGrowing(data, true)
	head := int64(12 << 10)
	g.arrive(0, head)
	src := openGrowing(t, "x.mp3", g)
	deadline := time.Now().Add(10 * time.Second)
	for !src.Ready(4096) {
		if time.Now().After(deadline) {
			t.Fatal("not ready with the first 12 kB of a 128 kbit/s file")
		}
		time.Sleep(time.Millisecond)
	}
	if src.Ready(44100) {
		t.Fatal("ready for a second of audio with a quarter of a second's bytes")
	}
	buf := make([][2]float64, 4096)
	if n, _ := src.Stream(buf); n != len(buf) {
		t.Fatalf("streamed %d samples", n)
	}
	equalSamples(t, "first samples", buf, reference(data)[:4096])
	g.arrive(head, int64(len(data)))
	for !src.Ready(44100) {
		if time.Now().After(deadline) {
			t.Fatal("not ready once everything arrived")
		}
		time.Sleep(time.Millisecond)
	}
}

// skewTOC returns a copy of a VBR file whose Xing table of contents puts
// every point later (earlier, when negative) by the given 256ths: a
// table that is off, as real ones are by up to about 1 % of the duration.
func skewTOC(t *testing.T, data []byte, by int) []byte {
	t.Helper()
	x, err := openIndex("skew", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	x.wait()
	if x.toc == nil {
		t.Fatal("no table of contents to skew")
	}
	out := bytes.Clone(data)
	fb := out[x.start:]
	o := x.first.dataStart() + x.first.sideInfoLen()
	p := o + 8 + 4 + 4 // flags, frames, bytes
	for i := 1; i < 100; i++ {
		fb[p+i] = byte(max(0, min(255, int(fb[p+i])+by)))
	}
	return out
}

// findShift finds where got sits in ref near pos, in whole frames: the
// k with ref[pos+k·spf:] starting with got.
func findShift(ref, got [][2]float64, pos, spf int) (int, bool) {
	for d := 0; d < 200; d++ {
		for _, k := range []int{d, -d} {
			at := pos + k*spf
			if at < 0 || at+len(got) > len(ref) {
				continue
			}
			match := true
			for i := range got {
				if got[i] != ref[at+i] {
					match = false
					break
				}
			}
			if match {
				return k, true
			}
		}
	}
	return 0, false
}

// TestGrowingSeekPastArrived seeks far past the bytes that have arrived:
// the source asks for the bytes at the target (a ranged request would
// start there) and plays from an estimated frame at once, sample-exact
// to the straight decode at that frame. When the gap has arrived and the
// index has reached the frames, the position moves to the exact sample
// (TakeCorrection reports by how much) and playback goes on seamlessly.
func TestGrowingSeekPastArrived(t *testing.T) {
	vbr := readFile(t, "testdata/speech-vbr.mp3")
	cases := []struct {
		name      string
		data      []byte
		wantExact bool // the estimate must be exact (CBR)
		wantMoved bool // the estimate must be off (a skewed table)
	}{
		{"cbr-128k", readFile(t, speechFiles[0]), true, false},
		{"cbr-64k-mono", readFile(t, speechFiles[1]), true, false},
		{"cbr-notag", readFile(t, speechFiles[3]), true, false},
		{"vbr", vbr, false, false},
		{"vbr-skewed-toc", skewTOC(t, vbr, 6), false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ref := reference(c.data)
			g := newMemGrowing(c.data, true)
			arrived := int64(len(c.data) / 8)
			g.arrive(0, arrived)
			// A ranged request: from where the reader asks, to the end.
			g.onWant = func(off int64) {
				if off > arrived+4096 {
					go g.arrive(off, int64(len(c.data)))
				}
			}
			src := openGrowing(t, c.name, g)
			n := src.Len() * 7 / 10
			if err := src.Seek(n); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(10 * time.Second)
			for !src.Ready(8192) {
				if time.Now().After(deadline) {
					t.Fatal("never ready after a seek past the arrived part")
				}
				time.Sleep(time.Millisecond)
			}
			if src.isl == nil {
				t.Fatal("the seek did not start an island")
			}
			g.mu.Lock()
			asked := append([]int64(nil), g.wants...)
			g.mu.Unlock()
			if slicesMax(asked) <= arrived+4096 {
				t.Errorf("no bytes asked for past the arrived part: %v", asked)
			}
			first := make([][2]float64, 8192)
			k, _ := src.Stream(first)
			first = first[:k]
			shift, ok := findShift(ref, first, n, src.spf)
			if !ok {
				t.Fatal("what played after the seek is nowhere near the target in the straight decode")
			}
			t.Logf("island estimate off by %d frames", shift)
			if c.wantExact && shift != 0 {
				t.Errorf("CBR estimate off by %d frames", shift)
			}
			if src.Position() != n+k {
				t.Fatalf("Position %d before the correction, want %d", src.Position(), n+k)
			}
			// The gap arrives; the index reaches the island.
			g.arrive(arrived, int64(len(c.data)))
			src.x.wait()
			rest := make([][2]float64, 4096)
			k2, _ := src.Stream(rest)
			rest = rest[:k2]
			delta, moved := src.TakeCorrection()
			if moved != (shift != 0) || delta != shift*src.spf {
				t.Fatalf("correction %d (reported %v), want %d", delta, moved, shift*src.spf)
			}
			if c.wantMoved && !moved {
				t.Fatal("a skewed table of contents gave no correction")
			}
			if src.isl != nil {
				t.Fatal("still on the island after the index reached it")
			}
			// Seamless: the samples after the correction follow the ones
			// before in the straight decode, and the position is exact.
			at := n + shift*src.spf + k
			equalSamples(t, "after the correction", rest, ref[at:at+k2])
			if src.Position() != at+k2 {
				t.Fatalf("Position %d after the correction, want the exact %d", src.Position(), at+k2)
			}
			if _, again := src.TakeCorrection(); again {
				t.Error("a correction reported twice")
			}
			// Seeks are sample-exact again.
			for _, m := range []int{n / 3, n, src.Len() - 5000} {
				src.Seek(m)
				buf := make([][2]float64, 1000)
				k, _ := src.Stream(buf)
				equalSamples(t, fmt.Sprintf("after Seek(%d)", m), buf[:k], ref[m:m+k])
			}
		})
	}
}

// TestPlayerFollowsACorrection: when a seek's estimate into a growing
// VBR file gives way to the exact frame, the player's clock moves with
// the source, either way, so the transcript follows what is heard.
func TestPlayerFollowsACorrection(t *testing.T) {
	vbr := readFile(t, "testdata/speech-vbr.mp3")
	for _, by := range []int{-8, 8} {
		t.Run(fmt.Sprint("skew", by), func(t *testing.T) {
			data := skewTOC(t, vbr, by)
			g := newMemGrowing(data, true)
			arrived := int64(len(data) / 8)
			g.arrive(0, arrived)
			g.onWant = func(off int64) {
				if off > arrived+4096 {
					go g.arrive(off, int64(len(data)))
				}
			}
			src := openGrowing(t, "skewed", g)
			rate := src.Format().SampleRate
			sink := NewPullSink(0)
			p := New(sink)
			p.Start()
			p.Load(src)
			n := src.Len() * 7 / 10
			if err := p.Seek(rate.D(n)); err != nil {
				t.Fatal(err)
			}
			p.Play()
			deadline := time.Now().Add(10 * time.Second)
			for !src.Ready(8192) {
				if time.Now().After(deadline) {
					t.Fatal("never ready after a seek past the arrived part")
				}
				time.Sleep(time.Millisecond)
			}
			sink.Pull(2048)
			before := p.Position()
			g.arrive(arrived, int64(len(data)))
			src.x.wait()
			sink.Pull(2048)
			p.mu.Lock()
			exact := rate.D(p.mediaPos())
			p.mu.Unlock()
			after := p.Position()
			t.Logf("position %v before the correction, %v after; the source is at %v", before, after, exact)
			if after != exact {
				t.Errorf("position %v after the correction, want the source's %v", after, exact)
			}
			if d := exact - before; d > -100*time.Millisecond && d < 100*time.Millisecond {
				t.Errorf("the correction moved the source by only %v: the table of contents was not skewed enough", d)
			}
		})
	}
}

func slicesMax(s []int64) int64 {
	m := int64(-1)
	for _, v := range s {
		m = max(m, v)
	}
	return m
}

// TestGrowingSeekWithinArrivedNeedsNoIsland: a seek into bytes that have
// arrived (but are not indexed yet) plays from the index, exactly.
func TestGrowingSeekWithinArrivedNeedsNoIsland(t *testing.T) {
	data := readFile(t, "testdata/speech-vbr.mp3")
	ref := reference(data)
	g := newMemGrowing(data, true)
	g.arrive(0, int64(len(data)))
	src := openGrowing(t, "vbr.mp3", g)
	n := src.Len() * 8 / 10
	src.Seek(n)
	if src.isl != nil {
		t.Fatal("an island for bytes that have arrived")
	}
	buf := make([][2]float64, 3000)
	k, _ := src.Stream(buf)
	equalSamples(t, "after the seek", buf[:k], ref[n:n+k])
}

// TestGrowingFailedDownload: a download that fails ends the stream with
// its error; nothing hangs.
func TestGrowingFailedDownload(t *testing.T) {
	data := readFile(t, speechFiles[0])
	g := newMemGrowing(data, true)
	g.arrive(0, int64(len(data)/3))
	src := openGrowing(t, "x.mp3", g)
	boom := errors.New("http://127.0.0.1/x.mp3: HTTP 500 Internal Server Error")
	time.AfterFunc(50*time.Millisecond, func() { g.fail(boom) })
	done := make(chan [][2]float64)
	go func() { done <- streamAll(src) }()
	select {
	case got := <-done:
		if len(got) >= len(reference(data)) || len(got) == 0 {
			t.Errorf("streamed %d samples of a third of the file", len(got))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the stream hangs after the download failed")
	}
	if err := src.Err(); err == nil || !errors.Is(err, boom) || !strings.Contains(err.Error(), "x.mp3") {
		t.Errorf("Err = %v, want the download's error", err)
	}
}

// TestGrowingCloseUnblocks: closing the source releases a read waiting
// for bytes that will never come.
func TestGrowingCloseUnblocks(t *testing.T) {
	data := readFile(t, speechFiles[0])
	g := newMemGrowing(data, true)
	g.arrive(0, 20000)
	src, err := OpenGrowing("x.mp3", g, io.NopCloser(nil))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		streamAll(src)
		close(done)
	}()
	time.Sleep(50 * time.Millisecond)
	src.Close()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a stream waiting for bytes survives Close")
	}
}

// TestGrowingThroughPlayer plays a growing file through the Player and a
// pull sink: silence with the clock standing while the bytes are late,
// then the episode, exactly.
func TestGrowingThroughPlayer(t *testing.T) {
	data := readFile(t, speechFiles[0])
	ref := reference(data)
	g := newMemGrowing(data, true)
	g.arrive(0, 4000)
	src := openGrowing(t, "x.mp3", g)
	sink := NewPullSink(0)
	pl := New(sink)
	pl.Start()
	pl.Load(src)
	pl.Play()
	for _, s := range sink.Pull(2048) {
		if s != [2]float64{} {
			t.Fatal("sound before the frames arrived")
		}
	}
	if pl.Position() != 0 {
		t.Fatalf("the clock moved to %v while waiting for bytes", pl.Position())
	}
	g.arrive(0, int64(len(data)))
	src.x.wait()
	got := sink.Pull(44100)
	equalSamples(t, "first second", got, ref[:44100])
}

// FuzzGrowing feeds arbitrary bytes through a growing source arriving in
// pieces: opening, streaming and seeking past the arrived part must never
// panic or hang.
func FuzzGrowing(f *testing.F) {
	for _, p := range append(speechFiles, "testdata/speech-vbr.mp3") {
		b := readFile(f, p)
		f.Add(b[:min(len(b), 8000)], uint16(3000))
	}
	f.Fuzz(func(t *testing.T, data []byte, first uint16) {
		if len(data) == 0 {
			return
		}
		g := newMemGrowing(data, true)
		g.arrive(0, int64(first))
		g.onWant = func(off int64) { go g.arrive(off, int64(len(data))) }
		src, err := OpenGrowing("fuzz.mp3", g, io.NopCloser(nil))
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.mp3") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		defer src.Close()
		buf := make([][2]float64, 2048)
		src.Seek(src.Len() * 2 / 3)
		for i := 0; i < 8; i++ {
			if _, ok := src.Stream(buf); !ok {
				break
			}
		}
		g.arrive(0, int64(len(data)))
		src.Seek(src.Len() / 4)
		src.Stream(buf)
	})
}
