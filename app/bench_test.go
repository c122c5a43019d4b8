package app

import (
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	tsync "readalong/sync"
)

// benchUI is a window showing a transcript of n lines, 3 s apart, two
// speakers taking turns, every fourth line long enough to wrap.
func benchUI(b *testing.B, n int) (*UI, *fakeEngine) {
	b.Helper()
	a := test.NewTempApp(b)
	segs := make([]tsync.Segment, n)
	for i := range segs {
		text := "Line number " + strconv.Itoa(i) + " of the benchmark transcript."
		if i%4 == 0 {
			text += " It goes on for a while, so that it wraps onto a second line in the window."
		}
		sp := "Ann"
		if i%2 == 1 {
			sp = "Bob"
		}
		segs[i] = tsync.Segment{Start: time.Duration(i) * 3 * time.Second, Speaker: sp, Text: text}
	}
	eng := &fakeEngine{dur: time.Duration(n)*3*time.Second + time.Minute}
	u := New(a, eng, nil)
	u.win.Resize(fyne.NewSize(900, 680))
	u.ShowEpisode("Bench", tsync.New(segs))
	u.win.Show()
	b.Cleanup(u.win.Close)
	return u, eng
}

// BenchmarkTickWhilePlaying100k is one tick of the window (40 a second)
// while an episode with 100,000 lines plays: the playhead moves 25 ms
// (Within) or onto the next line, which the view glides to (NextLine).
func BenchmarkTickWhilePlaying100k(b *testing.B) {
	for _, c := range []struct {
		name string
		step time.Duration
	}{{"Within", tickEvery}, {"NextLine", 3 * time.Second}} {
		b.Run(c.name, func(b *testing.B) {
			u, eng := benchUI(b, 100_000)
			eng.Play()
			pos := 50_000 * 3 * time.Second
			eng.set(pos)
			u.sync()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if pos += c.step; pos > 99_000*3*time.Second {
					pos = 50_000 * 3 * time.Second
				}
				eng.set(pos)
				u.sync()
			}
		})
	}
}

// BenchmarkSeekFar is a jump to a line far away (a click on the
// timeline, say): highlight and follow there, in a transcript of 5,000
// lines (a three-hour episode) and one of 100,000.
func BenchmarkSeekFar(b *testing.B) {
	for _, n := range []int{5_000, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			u, eng := benchUI(b, n)
			eng.Play()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				line := (i * 7919) % n
				eng.set(time.Duration(line) * 3 * time.Second)
				u.sync()
			}
		})
	}
}

// BenchmarkSearchKeystroke100k is typing one more letter into the search
// field over a 100,000-line transcript: find, count, mark on the timeline
// and go to the first match.
func BenchmarkSearchKeystroke100k(b *testing.B) {
	u, _ := benchUI(b, 100_000)
	u.openSearch()
	u.runSearch("number 4") // the index is built on the first search
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			u.runSearch("number 42")
		} else {
			u.runSearch("number 4")
		}
	}
}

// BenchmarkSpeakerFilter100k is choosing one speaker's lines, then all,
// in a 100,000-line transcript.
func BenchmarkSpeakerFilter100k(b *testing.B) {
	u, _ := benchUI(b, 100_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.filterSpeaker("Bob")
		u.filterSpeaker("")
	}
}

// BenchmarkSyncNudge100k is one press of "." (the transcript 0.1 s
// later) on a 100,000-line transcript: re-time, redraw, timeline.
func BenchmarkSyncNudge100k(b *testing.B) {
	u, _ := benchUI(b, 100_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.nudgeSync(SyncStep)
	}
}
