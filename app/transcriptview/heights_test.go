package transcriptview

import (
	"math/rand"
	"testing"
)

// TestHeightsMatchALinearSum: the tree's prefix sums and search agree
// with summing the heights one by one, through random changes.
func TestHeightsMatchALinearSum(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, n := range []int{0, 1, 2, 7, 100, 1000} {
		h := make([]float64, n)
		for i := range h {
			h[i] = float64(rng.Intn(80))
		}
		var hs heights
		hs.reset(append([]float64(nil), h...))
		for round := 0; round < 200 && n > 0; round++ {
			i := rng.Intn(n)
			h[i] = float64(rng.Intn(80))
			hs.set(i, h[i])
			k := rng.Intn(n + 1)
			sum := 0.0
			for _, x := range h[:k] {
				sum += x
			}
			if got := hs.prefix(k); got != sum {
				t.Fatalf("n=%d: prefix(%d) = %v, want %v", n, k, got, sum)
			}
			// find: the last row whose top is at or above y.
			y := rng.Float64() * (hs.total() + 50)
			want, top := 0, 0.0
			for j := range h {
				if top <= y {
					want = j
				}
				top += h[j]
			}
			if got := hs.find(y); got != want {
				t.Fatalf("n=%d: find(%v) = %d, want %d (heights %v)", n, y, got, want, h)
			}
		}
	}
	var empty heights
	if empty.find(10) != -1 || empty.total() != 0 {
		t.Error("empty heights")
	}
}
