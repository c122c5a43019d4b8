package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readalong/player"
)

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestInfoAudio(t *testing.T) {
	code, out, _ := runCmd("info", "player/testdata/speech-64k-mono.mp3")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"format:        MP3 (MPEG-1 layer III)",
		"duration:      0:08.499 (374836 samples)",
		"sample rate:   44100 Hz",
		"channels:      1",
		"bitrate:       64 kbit/s (CBR)",
		"frames:        327",
		"tag:           Info, LAME3.100",
		"encoder delay: 576 samples",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("info output lacks %q:\n%s", want, out)
		}
	}
}

func TestInfoCheckExitCodes(t *testing.T) {
	code, out, _ := runCmd("info", "--check", "player/testdata/speech-128k-stereo.mp3")
	if code != exitOK || !strings.Contains(out, "damage:        0 spots") {
		t.Errorf("clean file: exit %d\n%s", code, out)
	}
	clean, err := os.ReadFile("player/testdata/speech-128k-stereo.mp3")
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Clone(clean)
	clear(bad[len(bad)/2 : len(bad)/2+4000])
	p := filepath.Join(t.TempDir(), "bad.mp3")
	os.WriteFile(p, bad, 0o644)
	code, out, _ = runCmd("info", p, "--check")
	if code != exitDamaged || !strings.Contains(out, "damaged audio at 0:04") {
		t.Errorf("damaged file: exit %d\n%s", code, out)
	}
	code, _, errs := runCmd("info", filepath.Join(t.TempDir(), "missing.mp3"))
	if code != exitFailed || !strings.Contains(errs, "missing.mp3") {
		t.Errorf("missing file: exit %d, %q", code, errs)
	}
	code, _, _ = runCmd("info")
	if code != exitUsage {
		t.Errorf("no file: exit %d", code)
	}
	code, _, errs = runCmd("info", "player/testdata/mpeg25.mp3")
	if code != exitFailed || !strings.Contains(errs, "MPEG-2.5") {
		t.Errorf("MPEG-2.5: exit %d, %q", code, errs)
	}
}

func TestInfoTranscript(t *testing.T) {
	code, out, _ := runCmd("info", "assets/demo/episode.txt")
	if code != exitOK || !strings.Contains(out, "segments:      18\n") || !strings.Contains(out, "speakers:      Maya, Theo\n") ||
		!strings.Contains(out, "0:05.000  Theo: And I'm Theo.") {
		t.Errorf("exit %d\n%s", code, out)
	}
	p := filepath.Join(t.TempDir(), "broken.txt")
	os.WriteFile(p, []byte("00:00:01 ok\n\n00:0x:02 bad\n"), 0o644)
	code, _, errs := runCmd("info", p)
	if code != exitFailed || !strings.Contains(errs, "broken.txt:3") {
		t.Errorf("broken transcript: exit %d, %q", code, errs)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--bogus"},
		{"a.mp3", "b.txt", "c"},
		{"play"},
		{"play", "x.mp3", "--speed", "9"},
		{"play", "x.mp3", "--from", "1:99"},
	} {
		if code, _, _ := runCmd(args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, out, _ := runCmd("help"); code != exitOK || !strings.Contains(out, "readalong info FILE") {
		t.Errorf("help: exit %d", code)
	}
	if code, out, _ := runCmd("--version"); code != exitOK || out != "readalong "+version+"\n" {
		t.Errorf("--version: exit %d, %q", code, out)
	}
}

func TestNoDisplayIsOneLine(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	code, out, errs := runCmd()
	if code != exitFailed || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "no display") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestPlayInTerminal plays the last second of a short file in real time
// (silently when the machine has no sound device).
func TestPlayInTerminal(t *testing.T) {
	dir := t.TempDir()
	audio := filepath.Join(dir, "talk.ogg")
	b, err := os.ReadFile("player/testdata/speech.ogg")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(audio, b, 0o644)
	os.WriteFile(filepath.Join(dir, "talk.txt"), []byte("00:00:00 Ann: Early line.\n\n00:00:01.500 Bob: Late line.\n"), 0o644)
	start := time.Now()
	code, out, errs := runCmd("play", audio, "--from", "1.2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out != "[0:00.000] Ann: Early line.\n[0:01.500] Bob: Late line.\n" {
		t.Errorf("printed %q", out)
	}
	if d := time.Since(start); d < 700*time.Millisecond {
		t.Errorf("0.8 s of audio played in %v: not real time", d)
	}
}

// TestPlayFromPastTheEnd: a start past the end is refused at once, as
// clip refuses it, before any sound.
func TestPlayFromPastTheEnd(t *testing.T) {
	start := time.Now()
	code, out, errs := runCmd("play", "assets/demo/episode.mp3", "--from", "60:00")
	if code != exitUsage || out != "" {
		t.Errorf("exit %d, stdout %q; want %d", code, out, exitUsage)
	}
	if want := "readalong play: 1:00:00.000 is past the end of the episode (1:34.299)\n"; errs != want {
		t.Errorf("stderr %q, want %q", errs, want)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v to refuse", d)
	}
}

func TestClipCommand(t *testing.T) {
	dir := t.TempDir()
	mp3 := filepath.Join(dir, "q.mp3")
	srt := filepath.Join(dir, "q.srt")
	wav := filepath.Join(dir, "q.wav")
	code, out, errs := runCmd("clip", "assets/demo/episode.mp3", "--from", "#2", "--to", "#3", "-o", mp3, "-o", srt, "-o", wav)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Count(out, "\n") != 3 {
		t.Errorf("output %q", out)
	}
	// Lines 2 and 3 of the demo: from 0:05 to the start of line 4 (0:16).
	for _, f := range []string{mp3, wav} {
		in, err := player.Inspect(f, false)
		if err != nil {
			t.Fatal(err)
		}
		if in.Duration != 11*time.Second {
			t.Errorf("%s lasts %v, want 11s", filepath.Base(f), in.Duration)
		}
	}
	b, _ := os.ReadFile(srt)
	if !strings.HasPrefix(string(b), "1\n00:00:00,000 --> 00:00:05,000\n") || !strings.Contains(string(b), "Readalong plays a podcast episode") {
		t.Errorf("srt:\n%s", b)
	}
	code, _, errs = runCmd("clip", "assets/demo/episode.mp3", "--from", "0:05", "--to", "0:06", "-o", mp3)
	if code != exitExists || !strings.Contains(errs, "--force") {
		t.Errorf("existing output: exit %d, %q", code, errs)
	}
	code, _, errs = runCmd("clip", "assets/demo/episode.mp3", "--from", "0:05", "--to", "0:06.5", "-o", mp3, "--force")
	if code != exitOK {
		t.Errorf("--force: exit %d %s", code, errs)
	}
	if in, _ := player.Inspect(mp3, false); in.Duration != 1500*time.Millisecond {
		t.Errorf("replaced clip lasts %v", in.Duration)
	}
	for _, c := range []struct {
		args []string
		code int
		say  string
	}{
		{[]string{"--from", "10", "--to", "5", "-o", filepath.Join(dir, "a.mp3")}, exitUsage, "before it starts"},
		{[]string{"--from", "5:00", "--to", "6:00", "-o", filepath.Join(dir, "a.mp3")}, exitUsage, "past the end"},
		{[]string{"--from", "1", "--to", "2", "-o", filepath.Join(dir, "a.ogg")}, exitUsage, "unsupported output type .ogg (a clip is written as .mp3, .wav, "},
		{[]string{"--from", "#99", "--to", "#100", "-o", filepath.Join(dir, "a.mp3")}, exitUsage, "#1 to #18"},
		{[]string{"--from", "1", "-o", filepath.Join(dir, "a.mp3")}, exitUsage, ""},
		{[]string{"--from", "1", "--to", "2", "-o", filepath.Join(dir, "missing", "a.mp3")}, exitFailed, "cannot write a.mp3: folder " + filepath.Join(dir, "missing") + " does not exist\n"},
		{[]string{"--from", "1", "--to", "2", "-o", filepath.Join(dir, "a.html")}, exitOK, ""},
	} {
		code, _, errs := runCmd(append([]string{"clip", "assets/demo/episode.mp3"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.say) {
			t.Errorf("%v: exit %d %q, want %d and %q", c.args, code, errs, c.code, c.say)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("the failures left files behind: %d entries", len(entries))
	}
	// The output type is checked before anything is read: an episode
	// without a transcript beside it is not the problem here.
	bare := filepath.Join(dir, "bare.mp3")
	os.WriteFile(bare, []byte("not read"), 0o644)
	code, _, errs = runCmd("clip", bare, "--from", "10:00", "--to", "10:05", "-o", filepath.Join(dir, "out", "e.xyz"))
	if code != exitUsage || !strings.Contains(errs, "unsupported output type .xyz (a clip is written as .mp3, .wav, .txt") || strings.Contains(errs, "transcript found") {
		t.Errorf(".xyz: exit %d %q", code, errs)
	}
}

func TestConvertCommand(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{".srt", ".vtt", ".json", ".txt"} {
		out := filepath.Join(dir, "demo"+ext)
		code, _, errs := runCmd("convert", "assets/demo/episode.txt", "-o", out)
		if code != exitOK {
			t.Fatalf("%s: exit %d %s", ext, code, errs)
		}
		// What was written reads back as the same segments.
		code, info, _ := runCmd("info", out)
		if code != exitOK || !strings.Contains(info, "segments:      18\n") || !strings.Contains(info, "speakers:      Maya, Theo\n") {
			t.Errorf("%s reads back as:\n%s", ext, info)
		}
	}
	if code, _, _ := runCmd("convert", "assets/demo/episode.txt", "-o", filepath.Join(dir, "demo.srt")); code != exitExists {
		t.Errorf("existing output: exit %d", code)
	}
	if code, _, _ := runCmd("convert", "assets/demo/episode.txt", "-o", filepath.Join(dir, "x.doc")); code != exitUsage {
		t.Errorf("unknown format: exit %d", code)
	}
}

func TestMissingFileIsNotAUsageError(t *testing.T) {
	t.Setenv("DISPLAY", ":0")
	code, _, errs := runCmd(filepath.Join(t.TempDir(), "gone.mp3"))
	if code != exitFailed || !strings.Contains(errs, "gone.mp3") || strings.Contains(errs, "usage:") {
		t.Errorf("exit %d, %q", code, errs)
	}
}
