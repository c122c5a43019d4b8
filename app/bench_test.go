package app

import (
	"runtime"
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
	eng := &fakeEngine{dur: time.Duration(n)*3*time.Second + time.Minute}
	u := New(a, eng, nil)
	stillClock(u)
	u.win.Resize(fyne.NewSize(900, 680))
	u.ShowEpisode("Bench", benchTranscript(n))
	u.win.Show()
	b.Cleanup(u.win.Close)
	return u, eng
}

func benchTranscript(n int) *tsync.Transcript {
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
	return tsync.New(segs)
}

// BenchmarkPoll100k is one poll of the engine (five a second) while an
// episode with 100,000 lines plays on as predicted.
func BenchmarkPoll100k(b *testing.B) {
	u, eng := benchUI(b, 100_000)
	eng.Play()
	eng.set(50_000 * 3 * time.Second)
	u.sync()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.sync()
	}
}

// BenchmarkSeekFar100k is a click on the seek bar far away: the seek,
// and the line spoken there brought into view.
func BenchmarkSeekFar100k(b *testing.B) {
	u, _ := benchUI(b, 100_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		line := 10_000 + (i*7919)%80_000 // lines not shown before
		u.bar.OnSeek(time.Duration(line) * 3 * time.Second)
	}
}

// BenchmarkSearchKeystroke100k is a keystroke in the search field that
// finds 11,111 lines among 100,000 ("number 1"), or 1,111 ("number 12").
func BenchmarkSearchKeystroke100k(b *testing.B) {
	u, _ := benchUI(b, 100_000)
	u.openSearch()
	u.runSearch("number 1") // the index is built once, at the first search
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			u.runSearch("number 12")
		} else {
			u.runSearch("number 1")
		}
	}
}

// BenchmarkResize100k is the window resized while it shows a transcript
// of 100,000 lines.
func BenchmarkResize100k(b *testing.B) {
	u, eng := benchUI(b, 100_000)
	eng.set(60_000 * 3 * time.Second)
	u.sync()
	u.backToNowAction()
	sizes := []fyne.Size{{Width: 700, Height: 600}, {Width: 1000, Height: 700}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.win.Resize(sizes[i%2])
	}
}

// BenchmarkSpeakerFilter100k shows one speaker's lines and then all again.
func BenchmarkSpeakerFilter100k(b *testing.B) {
	u, _ := benchUI(b, 100_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.filterSpeaker("Bob")
		u.filterSpeaker("")
	}
}

// BenchmarkSyncNudge100k moves the transcript 0.1 s later (the . key).
func BenchmarkSyncNudge100k(b *testing.B) {
	u, _ := benchUI(b, 100_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.nudgeSync(SyncStep)
	}
}

// BenchmarkMemory100k reports the heap a window showing 100,000 lines
// holds beyond an empty window (heap-MB).
func BenchmarkMemory100k(b *testing.B) {
	tr := benchTranscript(100_000)
	for i := 0; i < b.N; i++ {
		a := test.NewTempApp(b)
		var before, after runtime.MemStats
		u := New(a, &fakeEngine{dur: 100_000 * 3 * time.Second}, nil)
		stillClock(u)
		u.win.Resize(fyne.NewSize(900, 680))
		u.win.Show()
		runtime.GC()
		runtime.ReadMemStats(&before)
		u.ShowEpisode("Bench", tr)
		u.openSearch()
		u.runSearch("number 1")
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
		u.win.Close()
	}
}
