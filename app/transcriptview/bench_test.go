package transcriptview

import (
	"runtime"
	"testing"

	"fyne.io/fyne/v2"
)

// BenchmarkJumpFar100k: a jump to a line far away (a click on the
// timeline, a search match) on a transcript of 100,000 lines.
func BenchmarkJumpFar100k(b *testing.B) {
	v, _, _ := newTestView(b, testRows(100000))
	rows := []int{90000, 10000, 55555, 2222, 77777}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.JumpTo(rows[i%len(rows)] + i%1000) // rows not measured before
	}
}

// BenchmarkResize100k: the window resized while showing a transcript of
// 100,000 lines.
func BenchmarkResize100k(b *testing.B) {
	v, w, _ := newTestView(b, testRows(100000))
	v.JumpTo(50000)
	sizes := []fyne.Size{{Width: 700, Height: 600}, {Width: 900, Height: 650}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.Resize(sizes[i%2])
	}
}

// BenchmarkHits11k: 11,000 rows holding search matches, marked.
func BenchmarkHits11k(b *testing.B) {
	v, _, _ := newTestView(b, testRows(100000))
	hits := map[int][][2]int{}
	for i := 0; i < 100000; i += 9 {
		hits[i] = [][2]int{{0, 4}}
	}
	v.JumpTo(50000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.SetHits(hits, 50000+i%9)
	}
}

// BenchmarkMemory100k reports the heap a view of 100,000 lines holds
// beyond the lines themselves (B/op is meaningless here; see heap-MB).
func BenchmarkMemory100k(b *testing.B) {
	rows := testRows(100000)
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		v, _, _ := newTestView(b, rows)
		v.JumpTo(60000)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
		runtime.KeepAlive(v)
	}
}
