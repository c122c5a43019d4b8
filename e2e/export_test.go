package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestExport selects lines in the real window (a click, then a
// Shift+click two rows down), exports them through the dialogs (Ctrl+E,
// Enter to choose where, Enter to save under the name offered) and checks
// the files and that the window is still there to use: the MP3 clip holds
// exactly the episode's samples of those lines, by ffmpeg's decode, and
// the SubRip excerpt holds their text, re-based to the clip.
func TestExport(t *testing.T) {
	h, ep, bin, _ := startEpisodeRig(t)
	// A copy of the episode in a folder of the test's own: the save
	// dialog opens in the episode's folder.
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
	a := h.launch(bin, mp3)
	a.waitFor(`^readalong: ready$`, 0, 60*time.Second)
	h.xdo("search", "--sync", "--onlyvisible", "--name", episodeTitle+" — Readalong")
	time.Sleep(400 * time.Millisecond)

	// Click line 1, Shift+click line 3.
	rows := stampRows(h.screenshot("1-opened"))
	h.check(len(rows) >= 4, "found %d transcript rows, want at least 4 (1-opened.png)", len(rows))
	n := a.count()
	h.click(400, rows[1].Mid())
	a.expect("clicking line 1", `seek line=1 `, n, keyAnswer)
	n = a.count()
	h.xdo("mousemove", "--sync", "400", strconv.Itoa(rows[3].Mid()))
	h.xdo("keydown", "shift")
	h.xdo("click", "1")
	h.xdo("keyup", "shift")
	m, _ := a.expect("Shift+clicking line 3", `selection active=true in=([\d.]+) out=([\d.]+)$`, n, keyAnswer)
	in, out := atof(t, m[1]), atof(t, m[2])
	h.check(in == float64(ep.Lines[1].Start) && out == float64(ep.Lines[4].Start),
		"the selection runs %s–%s s, want lines 1 to 3: %d–%d s", m[1], m[2], ep.Lines[1].Start, ep.Lines[4].Start)
	h.press("space") // pause: the export reads while nothing else moves
	h.xdo("mousemove", "--sync", "450", strconv.Itoa(listTop-18))

	// Ctrl+E, Enter, Enter.
	a.key("Ctrl+E", "ctrl+e", "export asked")
	a.key("Enter in the export dialog", "Return", "export where")
	n = a.count()
	h.press("Return")
	m, _ = a.expect("Enter in the save dialog", `export files=\[(.*)\] err=(.*)$`, n, 20*time.Second)
	h.check(m[2] == "<nil>", "the export failed: %s", m[2])
	var files []string
	for _, q := range regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`).FindAllStringSubmatch(m[1], -1) {
		f, err := strconv.Unquote(`"` + q[1] + `"`)
		h.check(err == nil, "export line %q: %v", m[1], err)
		files = append(files, f)
	}
	h.check(len(files) == 2, "the export wrote %q, want an MP3 and a SubRip file", files)

	// The window is still there and answers.
	time.Sleep(300 * time.Millisecond)
	h.check(alive(a.cmd), "readalong exited after the export; log in %s", a.log)
	a.key("Space after the export", "space", "playing=true")

	// The files: in the episode's folder, named after the episode.
	var clip, srt string
	for _, f := range files {
		h.check(filepath.Dir(f) == lib, "%s is not in the episode's folder %s", f, lib)
		switch filepath.Ext(f) {
		case ".mp3":
			clip = f
		case ".srt":
			srt = f
		}
	}
	h.check(clip != "" && srt != "", "the export wrote %q, want an MP3 and a SubRip file", files)
	got, err := decodePCM(clip)
	h.check(err == nil, "decoding the clip: %v", err)
	want := ep.pcm[ep.startSample(1):ep.startSample(4)]
	h.check(len(got) == len(want), "the clip decodes to %d samples, want %d (lines 1 to 3)", len(got), len(want))
	worst := 0
	for k := range got {
		if d := int(got[k]) - int(want[k]); d > worst || -d > worst {
			worst = max(d, -d)
		}
	}
	h.check(worst <= 1, "the clip's samples differ from the episode's by up to %d", worst)
	b, err := os.ReadFile(srt)
	h.check(err == nil, "reading the excerpt: %v", err)
	text := string(b)
	h.check(strings.HasPrefix(text, "1\n00:00:00,000 --> "), "the excerpt does not start at 0:00:\n%s", text)
	for _, l := range ep.Lines[1:4] {
		h.check(strings.Contains(text, l.Text), "the excerpt lacks line %q:\n%s", l.Text, text)
	}
	h.check(!regexp.MustCompile(regexp.QuoteMeta(ep.Lines[4].Text)).MatchString(text), "the excerpt holds line 4, after the selection")
	st, err := os.Stat(clip)
	h.check(err == nil && st.Mode().Perm() == 0o644, "the clip's mode is %v, want -rw-r--r-- under umask 022", st.Mode().Perm())
}
