package player

import (
	"testing"
	"time"
)

// TestDeepSeekWhileIndexingNeverBlocksTheSink seeks far into a long
// episode right after opening it: until the indexer gets there the sink
// is handed silence at once (a sound card must never wait), the clock
// stands at the target, and then the audio at the target plays.
func TestDeepSeekWhileIndexingNeverBlocksTheSink(t *testing.T) {
	p := longEpisodeT(t, 2*time.Hour)
	src, err := OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	sink := NewPullSink(0)
	pl := New(sink)
	pl.Start()
	pl.Load("long.mp3", src)
	pl.Play()
	target := 110 * time.Minute
	pl.Seek(target)
	silent := 0
	for i := 0; i < 2000; i++ {
		out := sink.Pull(441)
		if out[0] != [2]float64{} || out[440] != [2]float64{} {
			break
		}
		silent++
		if got := pl.Position(); got != target {
			t.Fatalf("the clock moved to %v while waiting for the index", got)
		}
		time.Sleep(time.Millisecond)
	}
	if silent == 2000 {
		t.Fatal("no sound within 2 s of waiting")
	}
	src.(*mp3Source).x.wait()
	if got := pl.Position(); got < target || got > target+2*time.Second {
		t.Errorf("Position %v after the wait, want just past %v", got, target)
	}
	t.Logf("%d silent pulls of 10 ms before the index reached %v", silent, target)
}
