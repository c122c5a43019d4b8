package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	tsync "readalong/sync"
)

// unitSpeech is how long the unit's speech lasts, near enough for
// stamping its sentences to the second.
const unitSpeech = 28 * time.Second

// sentenceTranscript is a transcript of the episode of units units, a
// line per sentence of the unit's text, each stamped where it is expected
// from its place in the text, rounded down to the second: a coarse
// transcript, as published ones are.
func sentenceTranscript(units int) string {
	var sentences []string
	for _, s := range strings.SplitAfter(strings.Join(strings.Fields(unitText), " "), ". ") {
		if s = strings.TrimSpace(s); s != "" {
			sentences = append(sentences, s)
		}
	}
	total := len(strings.Join(sentences, " "))
	var b strings.Builder
	for k := 0; k < units; k++ {
		at := 0
		for _, s := range sentences {
			t := time.Duration(k*unitSeconds)*time.Second + time.Duration(int64(unitSpeech)*int64(at)/int64(total))
			sec := int(t / time.Second)
			fmt.Fprintf(&b, "%02d:%02d:%02d Reader: %s\n\n", sec/3600, sec/60%60, sec%60, s)
			at += len(s) + 1
		}
	}
	return b.String()
}

// alignHours aligns a transcript of the sentences of the file of about
// hours hours to it with readalong align on both cores, decoding
// included, beside ffmpeg decoding the same file to 16 kHz mono (the
// audio the recogniser takes): the whole command's time and its peak
// memory.
func (b *bench) alignHours(hours int) {
	h := b.h
	what := map[int]string{1: "one hour", 3: "three hours"}[hours]
	dir := h.t.TempDir()
	tr := filepath.Join(dir, "episode-1h-sentences.txt")
	h.check(os.WriteFile(tr, []byte(sentenceTranscript(unitsFor(hours))), 0o644) == nil, "writing the transcript")
	out := filepath.Join(dir, "aligned.srt")
	cmd := b.command(b.bin, "align", b.files.Hours[hours], tr, "-o", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	wall, cpu := b.timed(cmd, "readalong align")
	if strings.Contains(stderr.String(), "not available") {
		h.fail("readalong align: alignment is not built in (make bench builds with pocketsphinx): %s", stderr.String())
		return
	}
	var peak int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peak = ru.Maxrss // KiB on Linux
	}
	aligned, err := tsync.ReadFile(out)
	want, _ := tsync.ReadFile(tr)
	h.check(err == nil && want != nil && aligned.Len() == want.Len(), "the aligned transcript %s: %v", out, err)
	summary := strings.TrimSpace(stderr.String())
	if i := strings.LastIndex(summary, "\n"); i >= 0 {
		summary = summary[i+1:]
	}
	ff, _ := b.timed(b.command("ffmpeg", "-v", "error", "-nostdin", "-i", b.files.Hours[hours], "-ar", "16000", "-ac", "1", "-f", "null", "-"), "ffmpeg to 16 kHz")
	goal := ""
	if hours == 1 {
		goal = "; goal ≤ 180 s"
	}
	b.add(benchRow{measure: "align " + what + " of speech, whole command (readalong align EPISODE TRANSCRIPT -o OUT.srt; ffmpeg -i EPISODE -ar 16000 -ac 1 -f null -)",
		better: "lower", ours: wall.Seconds(), unit: "s", peers: []peer{{"ffmpeg decode", ff.Seconds()}},
		note: fmt.Sprintf("both cores, decoding included; CPU %.0f s; %s%s; no peer aligns, ffmpeg only decodes the same audio", cpu.Seconds(), summary, goal)})
	b.add(benchRow{measure: "peak resident memory aligning " + what + " (readalong align)", better: "lower",
		ours: float64(peak) / 1024, unit: "MiB", note: "goal ≤ 400 MB"})
}
