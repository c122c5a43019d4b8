package player

import (
	"io"
	"os"
	"sync"
	"testing"
	"time"
)

// gatedReader holds back reads beyond limit until the gate opens, like
// a slow disk under an indexer that has not got far yet.
type gatedReader struct {
	r     io.ReaderAt
	limit int64
	mu    sync.Mutex
	open  chan struct{}
}

func (g *gatedReader) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > g.limit {
		<-g.open
	}
	return g.r.ReadAt(p, off)
}

// TestDeepSeekWhileIndexingNeverBlocksTheSink seeks far into a long
// episode while the indexer is held back: the sink must be handed silence
// at once (a sound card must never wait), with the clock standing at the
// target; once the index gets there, the audio at the target plays.
func TestDeepSeekWhileIndexingNeverBlocksTheSink(t *testing.T) {
	path := longEpisodeT(t, 30*time.Minute)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	gate := &gatedReader{r: f, limit: 4 << 20, open: make(chan struct{})}
	src, err := Decode("long.mp3", gate, st.Size(), f)
	if err != nil {
		t.Fatal(err)
	}
	sink := NewPullSink(0)
	pl := New(sink)
	pl.Start()
	pl.Load(src)
	pl.Play()
	target := 25 * time.Minute
	pl.Seek(target)
	for i := 0; i < 20; i++ {
		pulled := make(chan [][2]float64, 1)
		go func() { pulled <- sink.Pull(441) }()
		select {
		case out := <-pulled:
			for _, s := range out {
				if s != [2]float64{} {
					t.Fatal("sound although the target is not indexed yet")
				}
			}
		case <-time.After(5 * time.Second):
			close(gate.open)
			t.Fatal("the sink was made to wait for the indexer")
		}
		if got := pl.Position(); got != target {
			t.Fatalf("the clock moved to %v while waiting for the index", got)
		}
	}
	close(gate.open)
	src.(*mp3Source).x.wait()
	// Now the target plays, exactly: compare with a straight decode of
	// the same place.
	got := sink.Pull(4096)
	ref, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ref.(*mp3Source).x.wait()
	ref.Seek(samples(SampleRate, target))
	want := make([][2]float64, 4096)
	ref.Stream(want)
	equalSamples(t, "at the target", got, want)
}
