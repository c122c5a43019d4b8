package e2e

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The benchmark's long episodes repeat one unit of speech: unitFrames
// MPEG-1 layer III frames of 1152 samples, 32.000 s exactly at 44.1 kHz, so
// the episodes' timeline repeats every unitSeconds and a line stamped at a
// multiple of it starts with the unit's first sample.
const (
	unitFrames  = 1225
	unitSeconds = 32
	unitSamples = unitFrames * 1152
)

// unitText is spoken once in every unit (about 28 s).
const unitText = `This is the benchmark episode of Readalong. The same half minute of speech
is repeated for hours, frame by frame, without encoding it again. Each copy starts
exactly thirty two seconds after the one before, so the player can be asked to jump
anywhere, and the test knows what it must hear. We measure how soon the sound starts,
how quickly a seek is heard, how fast the decoder runs, and how much it costs to play.`

// benchVersion changes when the way the bench files are made changes.
const benchVersion = "bench-files-2"

// benchFiles are the long episodes of the benchmark.
type benchFiles struct {
	Dir        string
	Unit       string         // one unit, as lame wrote it (no tag)
	Hours      map[int]string // 1 and 3 → MP3 of about that many hours
	Transcript map[int]string // a sparse transcript beside each: lines every 42 units
	Seconds    map[int]int    // the episodes' lengths
	SRT        string         // 100,000 segments
	Text       string         // the same 100,000 segments in the podcast text format
	// Talk is the window's episode: 50 minutes with a transcript of two
	// speakers taking turns in lines of 1 to 60 s (TalkTranscript); and
	// Quick, a transcript of its first minutes in lines of 1 to 4 s, for
	// timing the highlight over many changes of line.
	Talk, TalkTranscript, Quick string
	TalkSeconds                 int
	unitPCM                     []int16 // ffmpeg's decode of two units in a row, left channel
}

// unitsFor is how many units make an episode of about h hours.
func unitsFor(h int) int { return (h*3600 + unitSeconds - 1) / unitSeconds }

// makeBenchFiles makes the bench episodes once and caches them under
// $XDG_CACHE_HOME/readalong-bench.
func makeBenchFiles() (*benchFiles, error) {
	key := sha256.Sum256([]byte(benchVersion + "\n" + unitText + "\n" +
		toolVersions([]string{"espeak-ng", "--version"}, []string{"sox", "--version"}, []string{"lame", "--version"})))
	root, err := cacheRoot("readalong-bench")
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, "files-"+hex.EncodeToString(key[:8]))
	b := &benchFiles{
		Dir: dir, Unit: filepath.Join(dir, "unit.mp3"),
		Hours: map[int]string{}, Transcript: map[int]string{}, Seconds: map[int]int{},
		SRT: filepath.Join(dir, "segments.srt"), Text: filepath.Join(dir, "segments.txt"),
		Talk: filepath.Join(dir, "talk.mp3"), TalkTranscript: filepath.Join(dir, "talk.txt"), Quick: filepath.Join(dir, "quick.txt"),
		TalkSeconds: talkUnits * unitSeconds,
	}
	for _, h := range []int{1, 3} {
		b.Hours[h] = filepath.Join(dir, fmt.Sprintf("episode-%dh.mp3", h))
		b.Transcript[h] = filepath.Join(dir, fmt.Sprintf("episode-%dh.txt", h))
		b.Seconds[h] = unitsFor(h) * unitSeconds
	}
	if _, err := os.Stat(filepath.Join(dir, "done")); err != nil {
		tmp, err := os.MkdirTemp(root, "tmp-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		if err := b.generate(tmp); err != nil {
			return nil, err
		}
		if err := os.Rename(tmp, dir); err != nil {
			if _, serr := os.Stat(filepath.Join(dir, "done")); serr != nil {
				return nil, err
			}
		}
	}
	// The reference: what any unit after the first sounds like, decoded by
	// ffmpeg from two units in a row.
	pair := filepath.Join(dir, "pair.pcm")
	if b.unitPCM, err = readPCM(pair); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *benchFiles) generate(dir string) error {
	raw := filepath.Join(dir, "unit.raw.wav")
	wav := filepath.Join(dir, "unit.wav")
	if _, err := run("espeak-ng", "-v", "en-us+m3", "-s", "165", "-w", raw, strings.Join(strings.Fields(unitText), " ")); err != nil {
		return err
	}
	// Stereo 44.1 kHz, speech from the first sample, silence to 32 s.
	if err := sox(raw, "-r", strconv.Itoa(rate), "-c", "2", "-b", "16", "-e", "signed-integer", wav,
		"rate", "-v", strconv.Itoa(rate), "norm", "-3", "silence", "1", "0.005", "0.5%", "pad", "0", strconv.Itoa(unitSeconds), "trim", "0", fmt.Sprintf("%ds", unitSamples)); err != nil {
		return err
	}
	pcm, err := decodePCM(wav)
	if err != nil {
		return err
	}
	last := len(pcm) - 1
	for last > 0 && abs16(pcm[last]) < silentPeak {
		last--
	}
	if len(pcm) != unitSamples || last > unitSamples-rate/2 {
		return fmt.Errorf("the unit's speech lasts %.2f s of %.2f s; it must end 0.5 s before %d s", float64(last)/rate, float64(len(pcm))/rate, unitSeconds)
	}
	full := filepath.Join(dir, "unit.full.mp3")
	if _, err := run("lame", "--quiet", "-t", "-b", "128", "--cbr", wav, full); err != nil {
		return err
	}
	data, err := os.ReadFile(full)
	if err != nil {
		return err
	}
	unit, err := firstFrames(data, unitFrames)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(b.Unit)), unit, 0o644); err != nil {
		return err
	}
	for h, path := range b.Hours {
		if err := repeatFile(filepath.Join(dir, filepath.Base(path)), unit, unitsFor(h)); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(b.Transcript[h])), []byte(sparseTranscript(unitsFor(h))), 0o644); err != nil {
			return err
		}
	}
	if err := repeatFile(filepath.Join(dir, filepath.Base(b.Talk)), unit, talkUnits); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(b.TalkTranscript)), []byte(turnTranscript(talkUnits*unitSeconds, 1, 60)), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(b.Quick)), []byte(turnTranscript(quickSeconds, 1, 4)), 0o644); err != nil {
		return err
	}
	pair := filepath.Join(dir, "pair.mp3")
	if err := repeatFile(pair, unit, 2); err != nil {
		return err
	}
	out, err := run("ffmpeg", "-v", "error", "-nostdin", "-i", pair, "-af", "pan=mono|c0=FL", "-f", "s16le", "-ar", strconv.Itoa(rate), "-")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "pair.pcm"), []byte(out), 0o644); err != nil {
		return err
	}
	if err := writeSegments(filepath.Join(dir, filepath.Base(b.SRT)), filepath.Join(dir, filepath.Base(b.Text)), 100000); err != nil {
		return err
	}
	for _, p := range []string{raw, wav, full, pair} {
		os.Remove(p)
	}
	return os.WriteFile(filepath.Join(dir, "done"), nil, 0o644)
}

// firstFrames returns the first n MPEG audio frames of data, which must
// start with a frame (lame -t writes no tag).
func firstFrames(data []byte, n int) ([]byte, error) {
	off := 0
	for i := 0; i < n; i++ {
		if off+4 > len(data) || data[off] != 0xFF || data[off+1]&0xE0 != 0xE0 {
			return nil, fmt.Errorf("frame %d: no frame header at byte %d", i, off)
		}
		bitrates := []int{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}
		br := int(data[off+2] >> 4)
		if data[off+1] != 0xFB || br == 0 || br >= len(bitrates) || data[off+2]>>2&3 != 0 {
			return nil, fmt.Errorf("frame %d: not MPEG-1 layer III at 44.1 kHz", i)
		}
		pad := int(data[off+2] >> 1 & 1)
		off += 144000*bitrates[br]/44100 + pad
	}
	if off > len(data) {
		return nil, fmt.Errorf("lame wrote fewer than %d frames", n)
	}
	return data[:off], nil
}

// repeatFile writes unit n times into path.
func repeatFile(path string, unit []byte, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := 0; i < n; i++ {
		w.Write(unit)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// benchLineUnits are the units the sparse transcript's lines start at.
func benchLineUnits(units int) []int {
	var out []int
	for k := 0; k < units; k += 42 {
		out = append(out, k)
	}
	return out
}

// sparseTranscript has a line every 42 units (22.4 minutes), so that a
// line hours into the episode is on screen without scrolling.
func sparseTranscript(units int) string {
	var b strings.Builder
	for i, k := range benchLineUnits(units) {
		if i > 0 {
			b.WriteString("\n")
		}
		s := k * unitSeconds
		fmt.Fprintf(&b, "%02d:%02d:%02d Reader: Part %d, unit %d of the benchmark episode.\n", s/3600, s/60%60, s%60, i+1, k)
	}
	return b.String()
}

// talkUnits makes the window's episode 50 minutes long (50:08).
const talkUnits = 94

// quickSeconds is how much of the episode the quick transcript covers.
const quickSeconds = 150

// talkWords are the words the turn transcripts' lines are made of.
var talkWords = strings.Fields(`so the thing about reading along is that you can follow every word as it is
spoken and never lose your place in a conversation that runs for an hour or more with two people taking turns`)

// turnTranscript is a transcript of seconds s: two speakers taking turns
// in lines from lo to hi seconds long (the lengths drawn from a fixed
// sequence), each line with as many words as are said in that long.
func turnTranscript(seconds, lo, hi int) string {
	var b strings.Builder
	rng := uint32(7)
	for t, i := 0, 0; t < seconds; i++ {
		rng = rng*1664525 + 1013904223
		d := lo + int(rng>>16)%(hi-lo+1)
		n := max(2, d*5/2)
		words := make([]string, n)
		for k := range words {
			words[k] = talkWords[(i*7+k)%len(talkWords)]
		}
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%02d:%02d:%02d %s: %s.\n", t/3600, t/60%60, t%60, [2]string{"Maya", "Theo"}[i%2], strings.Join(words, " "))
		t += d
	}
	return b.String()
}

// writeSegments writes n one-second segments as SubRip and as the podcast
// text format.
func writeSegments(srt, txt string, n int) error {
	var s, t strings.Builder
	for i := 0; i < n; i++ {
		start := time.Duration(i) * time.Second
		end := start + 900*time.Millisecond
		clock := func(d time.Duration) string {
			return fmt.Sprintf("%02d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
		}
		fmt.Fprintf(&s, "%d\n%s,000 --> %s,%03d\nSpeaker Name: a line of moderately long podcast text.\n\n", i+1, clock(start), clock(end), end.Milliseconds()%1000)
		if i > 0 {
			t.WriteString("\n")
		}
		fmt.Fprintf(&t, "%s Speaker Name: a line of moderately long podcast text.\n", clock(start))
	}
	if err := os.WriteFile(srt, []byte(s.String()), 0o644); err != nil {
		return err
	}
	return os.WriteFile(txt, []byte(t.String()), 0o644)
}
