package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestChapters opens the test episode with a chapters file beside it in
// the real window: the chapter playing shows under the title, Page Down
// plays the next chapter from its first sample (heard through the null
// sink), and Page Up more than 3 s into a chapter restarts it.
func TestChapters(t *testing.T) {
	h, ep, bin, rec := startEpisodeRig(t)
	lib := h.path("library")
	os.MkdirAll(lib, 0o755)
	mp3 := filepath.Join(lib, "episode.mp3")
	for from, to := range map[string]string{ep.MP3: mp3, ep.Transcript: filepath.Join(lib, "episode.txt")} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(to, b, 0o644)
	}
	// Chapters at lines 0, 5 and 10 of the episode.
	marks := []int{0, 5, 10}
	js := `{"version":"1.2.0","chapters":[`
	for i, l := range marks {
		if i > 0 {
			js += ","
		}
		js += fmt.Sprintf(`{"startTime":%d,"title":"Part %d"}`, ep.Lines[l].Start, i+1)
	}
	os.WriteFile(filepath.Join(lib, "episode.chapters.json"), []byte(js+"]}"), 0o644)

	a := h.launch(bin, mp3)
	a.waitFor(`^readalong: chapters 3 listed 3$`, 0, 60*time.Second)
	a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
	h.xdo("search", "--sync", "--onlyvisible", "--name", episodeTitle+" — Readalong")
	h.xdo("mousemove", "--sync", "450", "48")
	time.Sleep(300 * time.Millisecond)

	n := a.count()
	h.press("space")
	a.expect("Space", `state pos=[\d.]+ line=-?\d+ playing=true`, n, keyAnswer)
	a.expect("playing the first chapter", `chapter 0 "Part 1"`, 0, keyAnswer)
	time.Sleep(time.Second)

	// Page Down: chapter 2 from its first sample.
	hear := func(key string, chapter int, changes bool) {
		t.Helper()
		n := a.count()
		// Timed from when xdotool starts: it may exit after Fyne acted.
		_, pressed, _ := h.xdoTimed("keydown", key)
		h.xdo("keyup", key)
		at := ep.Lines[marks[chapter]].Start
		a.expect(key, fmt.Sprintf(`seek chapter=%d to=%d\.000`, chapter, at), n, keyAnswer)
		if changes {
			a.expect(key+" (the title)", fmt.Sprintf(`chapter %d "Part %d"`, chapter, chapter+1), n, keyAnswer)
		}
		end := rec.waitTime(h, pressed.Add(time.Second))
		from := rec.frameAt(pressed) - rate/20
		// Located by its audio from 20 ms in: the sink's monitor, which
		// is recorded, misses the first milliseconds of a new run that
		// the sound server mixes in by a rewind (a listener hears them).
		skip := rate / 50
		start := ep.startSample(marks[chapter])
		mt := locate(rec.left(from, end), slice(ep.pcm, start+skip, start+skip+playedWindow))
		h.check(mt.NCC >= minMatch, "after %s the start of chapter %d (%d s) is not in the recording from %.3f s to %.3f s (best NCC %.3f at %.3f s)", key, chapter+1, at, float64(from)/rate, float64(end)/rate, mt.NCC, float64(from+mt.Lag)/rate)
		lag := rec.timeOf(from + mt.Lag - skip).Sub(pressed)
		timings.add("chapter-to-sound ("+key+" → the chapter's first sample heard)", "≤ 100 ms", lag)
		t.Logf("%s → chapter %d's first sample heard after %s (NCC %.4f)", key, chapter+1, ms(lag), mt.NCC)
		// The recording's times are good to ±5 ms.
		h.check(lag >= -5*time.Millisecond && lag <= maxSeekToSound, "chapter %d heard %s after %s, want ≤ %s", chapter+1, ms(lag), key, ms(maxSeekToSound))
	}
	hear("Next", 1, true)
	time.Sleep(3500 * time.Millisecond)
	// More than 3 s into chapter 2: Page Up restarts it.
	hear("Prior", 1, false)
	// Within 3 s of its start: Page Up goes to the chapter before.
	hear("Prior", 0, true)
	h.check(alive(a.cmd), "readalong exited")
	h.stop(a.cmd)
}
