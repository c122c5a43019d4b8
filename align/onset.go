package align

import (
	"slices"
	"time"
)

// Where a line or word begins after a pause, the recogniser's frames of
// 10 ms (and its acoustic model's idea of a word's first phone) put it
// anywhere within about 60 ms, and a word that begins with a vowel up to
// 130 ms early (the first line of the LibriVox test: 110 ms). The sound
// itself says it to the sample: after a quiet stretch, speech begins
// where the signal first rises well above the quiet. speechOnset finds
// that point near the recogniser's start, and only where there is such a
// pause: within running speech the recogniser's boundary stands.

// Onset search, in samples at sampleRate.
const (
	onsetBlock  = sampleRate / 400 // 2.5 ms
	onsetBefore = sampleRate / 5   // look up to 200 ms before the recogniser's start
	onsetAfter  = sampleRate / 6   // and up to 167 ms after it
	onsetQuiet  = sampleRate / 25  // 40 ms of quiet must come before an onset
	onsetRise   = sampleRate / 12  // speech reaches its level within 83 ms of its onset
	onsetLoud   = sampleRate * 3 / 10
)

// speechOnset returns the sample of pcm at which speech begins after a
// pause, near sample s and not before sample after (where the word
// before ends: a pause shorter than the search reaches back, between two
// words, is still a pause), or -1 when there is no pause there. Speech is
// where the sound first comes within 18 dB of the loudest of the next
// 300 ms; its onset, where it rose from the pause's level (3 times the
// pause's typical peak, and at least 40 dB under the loudest), found by
// walking back from there to 40 ms of quiet, no further than a word's
// rise. A change of room tone (a recording spliced onto another) is not
// speech: it does not reach the speech level in time.
func speechOnset(pcm []int16, s, after int) int {
	abs := func(v int16) int {
		if v < 0 {
			return -int(v)
		}
		return int(v)
	}
	peak := func(from, to int) int {
		p := 0
		for _, v := range pcm[max(from, 0):min(to, len(pcm))] {
			p = max(p, abs(v))
		}
		return p
	}
	if s < 0 || s > len(pcm) {
		return -1
	}
	lo := max(s-onsetBefore, after, 0)
	hi := min(s+onsetAfter, len(pcm))
	loud := peak(s, s+onsetLoud)
	strong := -1
	for b := lo; b+onsetBlock <= hi; b += onsetBlock {
		if peak(b, b+onsetBlock) >= loud/8 {
			strong = b
			break
		}
	}
	if strong < 0 || loud == 0 {
		return -1
	}
	// The pause's level: the quieter quarter of the blocks before.
	var blocks []int
	for b := max(strong-onsetBefore, 0); b+onsetBlock <= strong-onsetQuiet; b += onsetBlock {
		blocks = append(blocks, peak(b, b+onsetBlock))
	}
	if len(blocks) == 0 {
		return -1
	}
	slices.Sort(blocks)
	thr := max(2*blocks[len(blocks)/4]+16, loud/200)
	if loud < 8*thr {
		return -1 // no clear rise: not speech after a pause
	}
	// Back from the speech to the last sample at the threshold after 40 ms
	// of quiet.
	quiet := 0
	for i := strong - 1; i >= max(strong-onsetRise-onsetQuiet, 0); i-- {
		if abs(pcm[i]) >= thr {
			quiet = 0
			continue
		}
		quiet++
		if quiet == onsetQuiet {
			o := i + onsetQuiet
			for o < strong && abs(pcm[o]) < thr {
				o++
			}
			return o
		}
	}
	return -1
}

// startTime is where a hit's word begins: its onset, when one was found,
// else its first frame.
func (h hit) startTime() time.Duration {
	if h.at > 0 {
		return h.at
	}
	return frameTime(h.start)
}
