package transcriptview

// heights holds the height of every row and answers row → y and y → row
// in O(log n) through a Fenwick tree of the heights.
type heights struct {
	h     []float64 // each row's height
	tree  []float64 // Fenwick tree over h, 1-based
	exact []bool    // measured at the current width, not estimated
}

// reset replaces every height, all estimated, building the tree in O(n).
func (t *heights) reset(h []float64) {
	t.h = h
	t.exact = make([]bool, len(h))
	t.tree = make([]float64, len(h)+1)
	for i, v := range h {
		t.tree[i+1] += v
		if j := (i + 1) + (i+1)&-(i+1); j <= len(h) {
			t.tree[j] += t.tree[i+1]
		}
	}
}

// len is the number of rows.
func (t *heights) len() int { return len(t.h) }

// set changes row i's height.
func (t *heights) set(i int, v float64) {
	d := v - t.h[i]
	if d == 0 {
		return
	}
	t.h[i] = v
	for j := i + 1; j < len(t.tree); j += j & -j {
		t.tree[j] += d
	}
}

// prefix is the height of rows [0, i): where row i's top is.
func (t *heights) prefix(i int) float64 {
	s := 0.0
	for j := min(i, len(t.h)); j > 0; j -= j & -j {
		s += t.tree[j]
	}
	return s
}

// total is the height of all rows.
func (t *heights) total() float64 { return t.prefix(len(t.h)) }

// find returns the row at height y: the last row whose top is at or
// above y (0 for y < 0, the last row for y past the end; -1 when there
// are no rows).
func (t *heights) find(y float64) int {
	n := len(t.h)
	if n == 0 {
		return -1
	}
	// The largest i with prefix(i) <= y, by descending the tree.
	pos, rest := 0, y
	step := 1
	for step*2 <= n {
		step *= 2
	}
	for ; step > 0; step /= 2 {
		if next := pos + step; next <= n && t.tree[next] <= rest {
			pos = next
			rest -= t.tree[next]
		}
	}
	return max(0, min(pos, n-1))
}
