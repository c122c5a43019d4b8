package player

import (
	"testing"
	"time"
)

// TestStatusIsOneConsistentSnapshot: the snapshot agrees with the
// methods that read the same things one by one, while nothing moves.
func TestStatusIsOneConsistentSnapshot(t *testing.T) {
	if st := New(NewPullSink(0)).Status(); st.Loaded || st.Playing || st.Duration != 0 {
		t.Errorf("nothing loaded: %+v", st)
	}
	file := speechFiles[0]
	src := open(t, file, readFile(t, file))
	sink := NewPullSink(30 * time.Millisecond)
	p := New(sink)
	p.Start()
	p.Load(src)
	at := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return at }
	p.SetSpeed(1.5)
	p.SetVolume(0.5)
	p.Seek(2 * time.Second)
	p.Play()
	sink.Pull(4410)
	at = at.Add(10 * time.Millisecond)
	st := p.Status()
	if !st.Loaded || !st.Playing || st.Speed != 1.5 || st.Volume != 0.5 || st.Err != nil || !st.At.Equal(at) {
		t.Errorf("status %+v", st)
	}
	if st.Position != p.Position() || st.Duration != p.Duration() || st.Damage != len(p.Damage()) {
		t.Errorf("status position %v duration %v damage %d; the methods say %v %v %d", st.Position, st.Duration, st.Damage, p.Position(), p.Duration(), len(p.Damage()))
	}
	if st.Position < 2*time.Second || st.Position > 2200*time.Millisecond {
		t.Errorf("position %v after a seek to 2 s and 0.1 s of output at 1.5×", st.Position)
	}
}
