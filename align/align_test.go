package align

import (
	"context"
	"math"
	"reflect"
	"sync"
	"testing"
	"time"
)

// testEngine is an engine over lines stamped at the given seconds.
func testEngine(stamps ...float64) *engine {
	e := &engine{total: sec(stamps[len(stamps)-1] + 10)}
	for i, s := range stamps {
		until := e.total
		if i+1 < len(stamps) {
			until = sec(stamps[i+1])
		}
		e.lines = append(e.lines, &line{index: i, stamp: sec(s), until: until, text: splitLine("some words", nil)})
	}
	return e
}

func (e *engine) find(i int, start, end float64) {
	e.lines[i].found = true
	e.lines[i].timing = LineTiming{Index: i, Start: sec(start), End: sec(end), Found: true}
}

func TestBlocks(t *testing.T) {
	e := testEngine(0, 5, 10, 30, 40, 50, 60, 65, 70, 100, 110)
	firsts := func(from time.Duration) []int {
		var out []int
		var sum time.Duration
		for _, b := range e.blocks(from) {
			out = append(out, b.a)
			sum += b.weight
		}
		if sum != e.total {
			t.Errorf("from %v: the blocks' shares add up to %v, want the length %v", from, sum, e.total)
		}
		return out
	}
	// From the start: a short first window, then windows of at most
	// blockSpan of stamps.
	if got := firsts(0); !reflect.DeepEqual(got, []int{0, 2, 4, 7, 9}) {
		t.Errorf("blocks start at lines %v, want 0, 2, 4, 7, 9", got)
	}
	// From 62 s: the line spoken then (at 60 s) first, the later ones,
	// then the earlier ones, nearest first.
	if got := firsts(sec(62)); !reflect.DeepEqual(got, []int{6, 8, 9, 3, 0}) {
		t.Errorf("from 62 s the blocks start at lines %v, want 6, 8, 9, 3, 0", got)
	}
}

func TestPlace(t *testing.T) {
	e := testEngine(0, 5, 10, 30, 40, 50)
	e.total = 2 * time.Minute
	// An advert of 30 s before line 4 found it at 60 s instead of 30 s:
	// the next window looks 30 s later than the stamps say.
	e.find(2, 10.2, 13)
	e.find(3, 60.1, 64)
	j := job{a: 4, b: 6}
	e.place(&j)
	// Around the lines' stamps moved by the drift, with margins.
	if from, to := sec(40+30.1)-lead, sec(60+30.1)+trail; j.from != from || j.to != to {
		t.Errorf("window %v–%v, want %v–%v", j.from, j.to, from, to)
	}
	// Not before the end of the line found before.
	e.find(3, 60.1, 68)
	e.place(&j)
	if j.from != sec(68)-100*time.Millisecond {
		t.Errorf("window from %v, want from the end of line 4 (68 s)", j.from)
	}
	if d := e.drift(4); d != sec(60.1)-sec(30) {
		t.Errorf("drift %v, want %v", d, sec(30.1))
	}
	// A second try looks further: back to the line before, on past.
	e = testEngine(0, 5, 10, 30, 40, 50, 100)
	e.find(0, 0.5, 3)
	j = job{a: 1, b: 3, try: 1}
	e.place(&j)
	if j.from != sec(3)-100*time.Millisecond || j.to != e.total {
		t.Errorf("second try %v–%v, want from line 1's end to the end", j.from, j.to)
	}
}

// TestTimingConfidence: a line's confidence is the share of its words
// heard, each for a plausible time.
func TestTimingConfidence(t *testing.T) {
	l := &line{index: 0, text: splitLine("some words here", nil)}
	hits := []hit{{word: "some", start: 0, end: 30}, {word: "words", start: 30, end: 60}, {word: "here", start: 60, end: 400}}
	got := timing(l, [][2]int{{0, 1}, {1, 2}, {2, 3}}, hits)
	if !got.Unsure || got.Confidence < 0.66 || got.Confidence > 0.67 {
		t.Errorf("a word drawn out for 3.4 s: unsure %v, confidence %v, want unsure and 2/3", got.Unsure, got.Confidence)
	}
	hits[2].end = 90
	if got := timing(l, [][2]int{{0, 1}, {1, 2}, {2, 3}}, hits); got.Unsure || got.Confidence != 1 {
		t.Errorf("every word heard: unsure %v, confidence %v", got.Unsure, got.Confidence)
	}
	// A word not spoken (the recogniser heard none for it).
	got = timing(l, [][2]int{{0, 1}, {1, 1}, {1, 2}}, []hit{{word: "some", start: 0, end: 30}, {word: "here", start: 30, end: 60}})
	if got.Unsure || got.Confidence < 0.66 || got.Confidence > 0.67 || got.Words[1].Start != got.Words[0].End {
		t.Errorf("a word not heard: unsure %v, confidence %v, words %+v", got.Unsure, got.Confidence, got.Words)
	}
}

func TestKeepInOrder(t *testing.T) {
	e := testEngine(0, 5, 10, 15, 20)
	e.find(0, 0.5, 4)
	e.find(1, 40, 44) // matched in the wrong place
	e.find(2, 10.3, 14)
	e.find(3, 15.2, 19)
	e.find(4, 20.1, 24)
	e.keepInOrder()
	for i, want := range []bool{true, false, true, true, true} {
		if e.lines[i].found != want {
			t.Errorf("line %d found %v, want %v", i+1, e.lines[i].found, want)
		}
	}
}

func TestExtra(t *testing.T) {
	e := testEngine(0, 5, 10)
	e.find(0, 0.5, 4)
	e.find(1, 5, 9)
	e.find(2, 40, 44)
	// Garbage heard: breath between lines 1 and 2 (too short to say),
	// the end of line 2 heard by a window not looking for it, and an
	// advert from 10 to 38 s, seen twice by overlapping windows.
	e.garbage = []span{{sec(4.2), sec(4.8)}, {sec(8), sec(9.3)}, {sec(10), sec(25)}, {sec(20), sec(38)}, {sec(26), sec(30)}}
	got := e.extra()
	want := []Span{{sec(10), sec(38)}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("extra %v, want %v", got, want)
	}
}

// loudAudio is a second-long tone at 16 kHz per second asked for: audio
// that is not silent, for decoders that hear nothing in it.
type loudAudio struct{ n int }

func (a loudAudio) Rate() int { return sampleRate }
func (a loudAudio) Len() int  { return a.n }
func (a loudAudio) ReadAt(p []float32, off int) (int, error) {
	for i := range p {
		p[i] = 0.5 * float32((off+i)%40) / 40
	}
	return len(p), nil
}

// countingRecogniser hears nothing and counts how many decode at once.
// Each decode waits (up to 10 s) until want have decoded at once, then holds on
// for hold: time for others to start alongside, if they may.
type countingRecogniser struct {
	mu        *sync.Mutex
	now, most *int
	want      int
	hold      time.Duration
}

func (r countingRecogniser) lookup(string) string      { return "" }
func (r countingRecogniser) addWords([]dictWord) error { return nil }
func (r countingRecogniser) close()                    {}
func (r countingRecogniser) decode(ctx context.Context, jsgf string, pcm, room []int16) ([]hit, error) {
	r.mu.Lock()
	*r.now++
	*r.most = max(*r.most, *r.now)
	for end := time.Now().Add(10 * time.Second); *r.most < r.want && time.Now().Before(end); {
		r.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		r.mu.Lock()
	}
	r.mu.Unlock()
	time.Sleep(r.hold)
	r.mu.Lock()
	*r.now--
	r.mu.Unlock()
	return nil, nil
}

// TestRunKeepsToTheLimit: with Limit, no more windows are decoded at once
// than it says, whatever the workers; without, every worker decodes.
func TestRunKeepsToTheLimit(t *testing.T) {
	for _, c := range []struct {
		limit func() int
		want  int
		hold  time.Duration
	}{{func() int { return 1 }, 1, 300 * time.Millisecond}, {func() int { return 0 }, 1, 300 * time.Millisecond}, {nil, 3, 0}} {
		var mu sync.Mutex
		var now, most int
		var recs []recogniser
		for i := 0; i < 3; i++ {
			recs = append(recs, countingRecogniser{&mu, &now, &most, c.want, c.hold})
		}
		// 36 lines half a second apart: three windows of twelve.
		var stamps []float64
		for i := 0; i < 36; i++ {
			stamps = append(stamps, float64(i)/2)
		}
		e := testEngine(stamps...)
		e.a, e.rs = loudAudio{n: int(e.total.Seconds()) * sampleRate}, newResampler(sampleRate)
		if err := e.run(context.Background(), recs, Options{Limit: c.limit}); err != nil {
			t.Fatal(err)
		}
		if most != c.want {
			t.Errorf("limit %v: %d windows decoded at once, want %d", c.limit != nil, most, c.want)
		}
	}
}

// sparseAudio is silent but for the stretches in loud, at 16 kHz, made as
// it is read: hours of it cost no memory.
type sparseAudio struct {
	n    int
	loud []span
}

func (a sparseAudio) Rate() int { return sampleRate }
func (a sparseAudio) Len() int  { return a.n }
func (a sparseAudio) ReadAt(p []float32, off int) (int, error) {
	for i := range p {
		p[i] = 0
		at := time.Duration(off+i) * time.Second / sampleRate
		for _, s := range a.loud {
			if at >= s.from && at < s.to {
				p[i] = 0.5 * float32((off+i)%40) / 40
			}
		}
	}
	return len(p), nil
}

// TestExtraToTheEndOfALongEpisode: a transcript that stops two hours
// before its episode does: the audio not in it reaches the episode's last
// sound, found without holding those two hours in memory.
func TestExtraToTheEndOfALongEpisode(t *testing.T) {
	e := testEngine(0, 5)
	last := span{2*time.Hour + 5*time.Minute, 2*time.Hour + 5*time.Minute + 2*time.Second}
	a := sparseAudio{n: int((2*time.Hour + 10*time.Minute) / time.Second * sampleRate), loud: []span{{sec(10), sec(40)}, last}}
	e.a, e.rs, e.total = a, newResampler(a.Rate()), time.Duration(a.n)*time.Second/sampleRate
	e.find(0, 0.5, 4)
	e.find(1, 5, 9)
	// The windows heard the start of what follows the transcript.
	e.garbage = []span{{sec(11), sec(30)}}
	got := e.extra()
	want := []Span{{sec(10), last.to}}
	if len(got) != 1 || absDur(got[0].Start-want[0].Start) > 20*time.Millisecond || absDur(got[0].End-want[0].End) > 20*time.Millisecond {
		t.Errorf("extra %v, want %v", got, want)
	}
	if n := cap(e.rs.scratch); n > 2*scanPiece {
		t.Errorf("the search held %v of audio at once, want at most %v", time.Duration(n)*time.Second/sampleRate, 2*scanPiece/sampleRate*time.Second)
	}
}

func absDur(d time.Duration) time.Duration { return max(d, -d) }

// Silence the recogniser heard over speech sounds; a pause, or the noise
// floor of a noisy recording 30 dB under its speech, does not.
func TestSounding(t *testing.T) {
	const fr = sampleRate / framesPerSecond
	pcm := make([]int16, 300*fr)
	for i := range pcm {
		switch {
		case i < 100*fr: // speech: a loud tone
			pcm[i] = int16(16000 * math.Sin(float64(i)/3))
		case i < 200*fr: // a pause at -60 dBFS
			pcm[i] = int16(33 * math.Sin(float64(i)/3))
		default: // a noise floor 30 dB under the speech
			pcm[i] = int16(500 * math.Sin(float64(i)/3))
		}
	}
	peak := float32(16000) / 32768
	for _, c := range []struct {
		start, end int
		want       bool
	}{
		{0, 100, true}, {100, 200, false}, {200, 300, false},
		{40, 160, true}, {60, 200, false}, {150, 150, false}, {290, 400, false},
	} {
		if got := sounding(pcm, c.start, c.end, peak); got != c.want {
			t.Errorf("frames %d–%d: sounding %v, want %v", c.start, c.end, got, c.want)
		}
	}
}

// A line heard starting before the line before it ends was heard in that
// line's last sound by a window decoded beside the one before: it is
// looked for again, whichever of the two windows is done first.
func TestTakeRetriesAnOverlappingLine(t *testing.T) {
	heard := func(a, b int, starts ...float64) jobResult {
		r := jobResult{job: job{a: a, b: b}}
		for _, s := range starts {
			f := int(s * framesPerSecond)
			r.hits = append(r.hits, hit{word: "some", start: f, end: f + 50}, hit{word: "words", start: f + 50, end: f + 100})
		}
		return r
	}
	// Lines 0 and 1 heard at 0 s and 5 s (each a second long); lines 2
	// and 3 at 5.8 s (in line 1's last sound) and 10 s.
	first, second := heard(0, 2, 0, 5), heard(2, 4, 5.8, 10)
	for _, order := range [][]jobResult{{first, second}, {second, first}} {
		e := testEngine(0, 5, 10, 15)
		var retries []job
		for _, r := range order {
			retries = append(retries, e.take(r)...)
		}
		if e.lines[2].found {
			t.Errorf("windows done %d–%d first: line 3 found at %v, inside line 2 (%v–%v)", order[0].a, order[0].b, e.lines[2].timing.Start, e.lines[1].timing.Start, e.lines[1].timing.End)
		}
		for _, i := range []int{0, 1, 3} {
			if !e.lines[i].found {
				t.Errorf("windows done %d–%d first: line %d not found", order[0].a, order[0].b, i+1)
			}
		}
		if want := []job{{a: 2, b: 3, try: 1}}; !reflect.DeepEqual(retries, want) {
			t.Errorf("windows done %d–%d first: retries %+v, want %+v", order[0].a, order[0].b, retries, want)
		}
	}
	// Starting before the line before it starts, or more than a second
	// before it ends: out of order, not on its last sound; keepInOrder's
	// to drop, not this.
	for _, c := range []struct{ at, end float64 }{{4.9, 6}, {6.2, 7.5}} {
		e := testEngine(0, 5, 10, 15)
		e.take(heard(0, 2, 0, 5))
		e.lines[1].timing.End = sec(c.end)
		if e.take(heard(2, 4, c.at, 10)); !e.lines[2].found {
			t.Errorf("a line heard at %v s, in line 2 (5–%v s), unmarked", c.at, c.end)
		}
	}
	// Within the slack, or found on a retry already: it stands, or is
	// dropped without another try.
	e := testEngine(0, 5, 10, 15)
	e.take(heard(0, 2, 0, 5))
	if e.take(heard(2, 4, 5.96, 10)); !e.lines[2].found {
		t.Errorf("a line starting 40 ms before the one before it ends dropped")
	}
	e = testEngine(0, 5, 10, 15)
	e.take(heard(0, 2, 0, 5))
	r := heard(2, 3, 5.8)
	r.try = 1
	if retries := e.take(r); e.lines[2].found || len(retries) != 0 {
		t.Errorf("overlapping line found on its retry: found %v, retries %v", e.lines[2].found, retries)
	}
}
