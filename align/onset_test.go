package align

import (
	"math"
	"testing"
)

// speech makes n samples of a 200 Hz vowel-like tone at amplitude a,
// rising over its first 20 ms.
func speech(n int, a float64) []int16 {
	out := make([]int16, n)
	for i := range out {
		g := min(1, float64(i)/(0.02*sampleRate))
		out[i] = int16(a * g * math.Sin(2*math.Pi*200*float64(i)/sampleRate))
	}
	return out
}

// hum makes n samples of low noise at amplitude a.
func hum(n, a int) []int16 {
	out := make([]int16, n)
	x := uint32(1)
	for i := range out {
		x = x*1664525 + 1013904223
		out[i] = int16(int(x>>16)%(2*a+1) - a)
	}
	return out
}

func TestSpeechOnset(t *testing.T) {
	ms := sampleRate / 1000
	// After a pause: found to the millisecond, from a recogniser's start
	// 60 ms late, or 40 or 130 ms early (as it put a sentence of read
	// speech that begins with a vowel).
	pcm := append(hum(400*ms, 20), speech(500*ms, 12000)...)
	for _, s := range []int{460 * ms, 360 * ms, 270 * ms} {
		if o := speechOnset(pcm, s, 0); o < 400*ms || o > 401*ms {
			t.Errorf("from %d ms: onset at %.1f ms, want 400", s/ms, float64(o)/float64(ms))
		}
	}
	// Within running speech: no onset.
	run := speech(900*ms, 12000)
	if o := speechOnset(run, 450*ms, 0); o != -1 {
		t.Errorf("within speech: onset at %.1f ms, want none", float64(o)/float64(ms))
	}
	// Room tone louder than the pause before it, from 150 ms before the
	// speech: the onset is the speech's, not the room tone's.
	pcm = append(append(hum(300*ms, 5), hum(150*ms, 150)...), speech(500*ms, 12000)...)
	if o := speechOnset(pcm, 480*ms, 0); o != -1 && (o < 449*ms || o > 452*ms) {
		t.Errorf("after room tone: onset at %.1f ms, want the speech's (450) or none", float64(o)/float64(ms))
	}
	// A word 120 ms after the one before, the recogniser's start 110 ms
	// early: the search does not reach back into the word before.
	pcm = append(append(speech(400*ms, 12000), hum(120*ms, 20)...), speech(400*ms, 12000)...)
	if o := speechOnset(pcm, 410*ms, 410*ms); o < 520*ms || o > 521*ms {
		t.Errorf("after a word: onset at %.1f ms, want 520", float64(o)/float64(ms))
	}
	// Silence only, or nothing: no onset.
	if o := speechOnset(make([]int16, 500*ms), 250*ms, 0); o != -1 {
		t.Errorf("in silence: onset at %d", o)
	}
	if o := speechOnset(nil, 0, 0); o != -1 {
		t.Errorf("in nothing: onset at %d", o)
	}
}

// A start outside the audio (a recogniser's frame past the last sample)
// has no onset, and no panic.
func TestSpeechOnsetOutside(t *testing.T) {
	pcm := make([]int16, sampleRate)
	for i := sampleRate / 2; i < len(pcm); i++ {
		pcm[i] = 10000
	}
	for _, s := range []int{-1, len(pcm) + 1, len(pcm) + sampleRate} {
		if got := speechOnset(pcm, s, 0); got != -1 {
			t.Errorf("speechOnset at %d of %d samples = %d, want -1", s, len(pcm), got)
		}
	}
}
