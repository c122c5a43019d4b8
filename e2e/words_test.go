package e2e

import (
	"encoding/json"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// The word-by-word episode: a line read whole, an advert the transcript
// does not have, a line read whole after it, then a paragraph-long line
// read a word at a time with short pauses between the words, so that
// where each word starts is known to the sample.
const (
	wordsTitle  = "Word by word"
	wordsFirst  = "Here is a line that is read as a whole."
	wordsAdvert = "And now a word from our sponsor, the finest garden furniture in town, open every day of the week."
	wordsAfter  = "This line comes after the advert, later than the transcript says."
	wordsLong   = "Every word of this long line lights up in turn while the listener hears it, one after another, until the last."
)

// wordsEpisode is the generated episode and where everything in it is,
// in samples at rate.
type wordsEpisode struct {
	mp3, transcript string
	pcm             []int16
	firstAt         int    // line 1's first sample
	advert          [2]int // the advert: first sample, end
	afterAt         int    // line 2's first sample, after the advert
	longAt          int    // line 3's first sample
	words           []int  // line 3's words' first samples
}

// speechPCM synthesises text with voice (see speak) and reads it back.
func speechPCM(t *testing.T, dir, id, voice, text string) []int16 {
	t.Helper()
	if _, err := speak(dir, id, voice, text); err != nil {
		t.Fatal(err)
	}
	raw := filepath.Join(dir, id+".raw")
	if err := sox(filepath.Join(dir, id+".wav"), "-t", "raw", raw); err != nil {
		t.Fatal(err)
	}
	out, err := readPCM(raw)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// makeWordsEpisode writes the episode (MP3) and its transcript as
// published: the master without the advert, whole-second stamps.
func makeWordsEpisode(t *testing.T, dir string) *wordsEpisode {
	t.Helper()
	ep := &wordsEpisode{mp3: filepath.Join(dir, "words.mp3"), transcript: filepath.Join(dir, "words.txt")}
	hush := func(d time.Duration) []int16 { return make([]int16, int(d.Seconds()*rate)) }
	pcm := hush(1500 * time.Millisecond)
	ep.firstAt = len(pcm)
	pcm = append(pcm, speechPCM(t, dir, "first", "en-us+m3", wordsFirst)...)
	pcm = append(pcm, hush(900*time.Millisecond)...)
	ep.advert[0] = len(pcm)
	pcm = append(pcm, speechPCM(t, dir, "advert", "en-gb+f3", wordsAdvert)...)
	ep.advert[1] = len(pcm)
	pcm = append(pcm, hush(1200*time.Millisecond)...)
	ep.afterAt = len(pcm)
	pcm = append(pcm, speechPCM(t, dir, "after", "en-us+m3", wordsAfter)...)
	pcm = append(pcm, hush(1100*time.Millisecond)...)
	ep.longAt = len(pcm)
	for i, w := range strings.Fields(wordsLong) {
		if i > 0 {
			pcm = append(pcm, hush(120*time.Millisecond)...)
		}
		ep.words = append(ep.words, len(pcm))
		pcm = append(pcm, speechPCM(t, dir, fmt.Sprintf("w%02d", i), "en-us+m3", w)...)
	}
	pcm = append(pcm, hush(2*time.Second)...)
	ep.pcm = pcm

	raw := filepath.Join(dir, "words.pcm")
	if err := os.WriteFile(raw, int16ToBytes(pcm), 0o644); err != nil {
		t.Fatal(err)
	}
	wav := filepath.Join(dir, "words.wav")
	if err := sox("-t", "raw", "-r", fmt.Sprint(rate), "-e", "signed-integer", "-b", "16", "-c", "1", raw, wav); err != nil {
		t.Fatal(err)
	}
	if _, err := run("lame", "--quiet", "-b", "128", "--cbr", "-m", "m", "--id3v2-only", "--tt", wordsTitle, "--ta", "Readalong", wav, ep.mp3); err != nil {
		t.Fatal(err)
	}
	// The transcript of the master: no advert, so the lines after it are
	// stamped early by its length; stamps rounded down to the second.
	cut := ep.advert[1] - ep.advert[0]
	txt := fmt.Sprintf("00:00:%02d Ann: %s\n\n00:00:%02d Ann: %s\n\n00:00:%02d Ann: %s\n",
		ep.firstAt/rate, wordsFirst, (ep.afterAt-cut)/rate, wordsAfter, (ep.longAt-cut)/rate, wordsLong)
	if err := os.WriteFile(ep.transcript, []byte(txt), 0o644); err != nil {
		t.Fatal(err)
	}
	return ep
}

// TestWordByWord aligns a coarse transcript to an episode with an advert
// it does not have (readalong align), opens the aligned transcript in the
// real window and plays it: the long line is highlighted when it is heard
// (not when the transcript's own stamp, an advert's length early, said),
// and its words are lit one by one, each when it is heard (a capture of
// the screen against the null sink's recording).
func TestWordByWord(t *testing.T) {
	h := newHarness(t)
	bin := h.buildBinary()
	dir := h.path("words")
	os.MkdirAll(dir, 0o755)
	ep := makeWordsEpisode(t, dir)

	// Aligned on the command line, written word-level.
	aligned := filepath.Join(dir, "words.json")
	cmd := exec.Command(bin, "align", ep.mp3, ep.transcript, "-o", aligned)
	cmd.Env = h.env
	out, err := cmd.CombinedOutput()
	if strings.Contains(string(out), "not available") {
		t.Fatalf("readalong align: alignment is not built in here (make deps installs PocketSphinx): %s", out)
	}
	if err != nil {
		t.Fatalf("readalong align: %v\n%s", err, out)
	}
	t.Logf("readalong align: %s", strings.TrimSpace(string(out)))
	h.check(strings.Contains(string(out), "aligned 3 of 3 lines") && strings.Contains(string(out), "not in the transcript"),
		"readalong align said %q: want every line aligned and the advert found", strings.TrimSpace(string(out)))

	h.startX()
	h.startPulse()
	rec := h.startRecorder("recording.raw")
	a := h.launch(bin, ep.mp3, aligned)
	a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
	h.xdo("search", "--sync", "--onlyvisible", "--name", wordsTitle+" — Readalong")
	h.xdo("mousemove", "--sync", "450", "30")
	time.Sleep(500 * time.Millisecond)
	watch := h.watchWords()
	pressed := h.press("space")
	// The episode's start, in the recording: the first line, located.
	first := ep.firstAt
	rec.waitTime(h, pressed.Add(dur(first+rate)))
	from := rec.frameAt(pressed)
	m := locate(rec.left(from, rec.frames()), slice(ep.pcm, first+rate/50, first+rate/50+rate/4))
	h.check(m.NCC >= minMatch, "the first line is not in the recording (NCC %.3f)", m.NCC)
	r0 := from + m.Lag - rate/50 - first // where the episode's sample 0 was heard
	rec.waitTime(h, rec.timeOf(r0+len(ep.pcm)-rate))
	watch.stop()
	h.check(alive(a.cmd), "readalong exited")
	h.stop(a.cmd)

	heard := func(sample int) time.Time { return rec.timeOf(r0 + sample) }
	frames := watch.frames()
	h.check(len(frames) > 100, "the screen watcher took %d frames", len(frames))

	// The line after the advert: highlighted when it is heard, not at
	// its stamp, an advert's length earlier.
	afterHeard := heard(ep.afterAt)
	moved, ok := firstBarMove(frames, afterHeard.Add(-dur(ep.advert[1]-ep.advert[0])-time.Second))
	h.check(ok, "the highlight never moved to the line after the advert")
	lag := moved.Sub(afterHeard)
	t.Logf("line after the advert: heard at +%s, highlighted %s after", ms(afterHeard.Sub(pressed)), ms(lag))
	timings.add("aligned line highlighted − heard (after an advert the transcript lacks)", "±100 ms", lag)
	h.check(lag > -100*time.Millisecond && lag < 100*time.Millisecond, "the line after the advert was highlighted %s from when it was heard, want within 100 ms", ms(lag))
	longHeard := heard(ep.longAt)

	// Its words: each lit when heard. Two things add up in when a word
	// is lit: where the aligner put it (a word or two of twenty may be
	// off by a syllable) and how late the window shows what it was given.
	// Each is checked on its own, and the sum against the ear.
	starts := alignedWordStarts(t, aligned, len(ep.words))
	var lags, shown, off []time.Duration
	missed := 0
	for k := 1; k < len(ep.words); k++ {
		at := heard(ep.words[k])
		off = append(off, starts[k]-dur(ep.words[k]))
		lit, ok := wordMove(frames, at.Add(-250*time.Millisecond), at.Add(400*time.Millisecond))
		if !ok {
			missed++
			continue
		}
		lags = append(lags, lit.Sub(at))
		shown = append(shown, lit.Sub(heard(0).Add(starts[k])))
	}
	t.Logf("%d words after the first: %d lit on screen, lit − heard %v", len(ep.words)-1, len(lags), lags)
	t.Logf("aligned − true start, by word: %v", off)
	t.Logf("lit − aligned start heard, by word lit: %v", shown)
	h.check(len(lags) >= (len(ep.words)-1)*9/10, "%d of %d words were not seen lit within 0.25 s before to 0.4 s after being heard", missed, len(ep.words)-1)
	if len(lags) > 0 {
		med, p90, near := absStats(lags, 100*time.Millisecond)
		timings.add("word lit on screen − word heard (median of |lag|)", "≤ 50 ms", med)
		h.check(med <= 50*time.Millisecond && near >= (len(ep.words)-1)*8/10, "words lit %s (median) from when they were heard and %d of %d within 100 ms (90th percentile %s), want within 50 ms and %d", ms(med), near, len(ep.words)-1, ms(p90), (len(ep.words)-1)*8/10)
		med, p90, _ = absStats(shown, 0)
		timings.add("word lit on screen − its aligned start heard (90th percentile of |lag|)", "≤ 100 ms", p90)
		h.check(med <= 50*time.Millisecond && p90 <= 100*time.Millisecond, "words lit %s (median) and %s (90th percentile) from when their aligned starts were heard, want within 50 and 100 ms", ms(med), ms(p90))
	}
	_, _, near := absStats(off, 100*time.Millisecond)
	h.check(near >= len(off)*8/10, "the aligner put %d of %d words within 100 ms of where they start, want %d", near, len(off), len(off)*8/10)
	// In order: the lit word moves on along the line, row by row.
	h.check(litInOrder(frames, longHeard, heard(ep.words[len(ep.words)-1])), "the lit word went back along the line")
}

// alignedWordStarts reads the last n words' starts from the word-level
// Podcasting 2.0 JSON that readalong align wrote.
func alignedWordStarts(t *testing.T, path string, n int) []time.Duration {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Segments []struct {
			StartTime float64 `json:"startTime"`
		} `json:"segments"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || len(doc.Segments) < n {
		t.Fatalf("%s: want at least %d word segments, got %d (%v)", path, n, len(doc.Segments), err)
	}
	var out []time.Duration
	for _, s := range doc.Segments[len(doc.Segments)-n:] {
		out = append(out, time.Duration(s.StartTime*float64(time.Second)).Round(time.Millisecond))
	}
	return out
}

// absStats returns the median and 90th percentile of the magnitudes of
// ds, and how many of them are within near.
func absStats(ds []time.Duration, near time.Duration) (med, p90 time.Duration, within int) {
	abs := make([]time.Duration, len(ds))
	for i, d := range ds {
		abs[i] = max(d, -d)
		if abs[i] <= near {
			within++
		}
	}
	sort.Slice(abs, func(i, j int) bool { return abs[i] < abs[j] })
	return abs[len(abs)/2], abs[len(abs)*9/10], within
}

// wordFrame is one frame of the word watcher: the accent bar's top (-1
// when there is none) and the box of the accent-coloured text in the row
// it marks, right of the time stamps: the lit word (Empty when none is).
type wordFrame struct {
	at  time.Time
	bar int
	box image.Rectangle
}

// wordWatch records the transcript list at 60 frames a second through
// ffmpeg's x11grab, keeping of each frame where the accent bar and the
// lit word are.
type wordWatch struct {
	cmd *exec.Cmd
	mu  sync.Mutex
	fs  []wordFrame
}

// watchWords starts the word watcher over the list of a transcript of
// one speaker.
func (h *harness) watchWords() *wordWatch {
	h.t.Helper()
	x0, y0, w, hgt := accentX-2, listTopAlone, 720, listBot-listTopAlone
	ww := &wordWatch{}
	ww.cmd = h.grabFrames("word watcher", "wordwatch.log", x0, y0, w, hgt, func(buf []byte, now time.Time) {
		accent := func(i int) bool {
			r, g, b := buf[3*i], buf[3*i+1], buf[3*i+2]
			return b > 200 && r < 120 && g < 160
		}
		f := wordFrame{at: now, bar: -1}
		// The accent bar marks the row being spoken: its first run
		// of at least 10 rows.
		top, bottom := -1, -1
		for y, run := 0, 0; y < hgt && bottom < 0; y++ {
			switch {
			case accent(y*w + accentX - x0):
				run++
			case run >= 10:
				top, bottom = y-run, y
			default:
				run = 0
			}
		}
		if top >= 0 {
			f.bar = top + y0
			// The lit word: the accent-coloured text in that row.
			for y := top; y < bottom; y++ {
				for x := stampMaxX - x0; x < w; x++ {
					if accent(y*w + x) {
						f.box = f.box.Union(image.Rect(x+x0, y+y0, x+x0+1, y+y0+1))
					}
				}
			}
		}
		ww.mu.Lock()
		ww.fs = append(ww.fs, f)
		ww.mu.Unlock()
	})
	return ww
}

func (ww *wordWatch) stop() {
	ww.cmd.Process.Kill()
	ww.cmd.Wait()
}

func (ww *wordWatch) frames() []wordFrame {
	ww.mu.Lock()
	defer ww.mu.Unlock()
	return append([]wordFrame(nil), ww.fs...)
}

// firstBarMove is when the accent bar first moved after t (by more than
// 3 rows): the highlight going to another line.
func firstBarMove(fs []wordFrame, t time.Time) (time.Time, bool) {
	prev := -2
	for _, f := range fs {
		if f.at.Before(t) || f.bar < 0 {
			continue
		}
		if prev != -2 && (f.bar-prev > 3 || prev-f.bar > 3) {
			return f.at, true
		}
		prev = f.bar
	}
	return time.Time{}, false
}

// wordMove is when the lit word first moved in [from, to): its box's
// left edge or top changed.
func wordMove(fs []wordFrame, from, to time.Time) (time.Time, bool) {
	var prev *image.Rectangle
	for i := range fs {
		f := &fs[i]
		if f.at.Before(from) || !f.at.Before(to) || f.box.Empty() {
			continue
		}
		if prev != nil && (f.box.Min.X-prev.Min.X > 3 || prev.Min.X-f.box.Min.X > 3 || f.box.Min.Y-prev.Min.Y > 3 || prev.Min.Y-f.box.Min.Y > 3) {
			return f.at, true
		}
		prev = &f.box
	}
	return time.Time{}, false
}

// litInOrder reports whether, between from and to, the lit word only
// moved on: right along a row, or down to a later row.
func litInOrder(fs []wordFrame, from, to time.Time) bool {
	var prev *image.Rectangle
	for i := range fs {
		f := &fs[i]
		if f.at.Before(from.Add(200*time.Millisecond)) || f.at.After(to) || f.box.Empty() {
			continue
		}
		if prev != nil {
			// Words of one row of text differ in height by their
			// ascenders, rows by a line's height.
			sameRow := f.box.Min.Y-prev.Min.Y <= 8 && prev.Min.Y-f.box.Min.Y <= 8
			if sameRow && f.box.Min.X < prev.Min.X-3 || !sameRow && f.box.Min.Y < prev.Min.Y {
				return false
			}
		}
		prev = &f.box
	}
	return prev != nil
}
